"""Reads of contacts, already scoped to the user and shaped for the pages."""

from stakeholders.filters import ContactFilter
from stakeholders.models import Contact


def contact_search(*, user, params) -> ContactFilter:
    """The contact search for ``params`` (a QueryDict or a segment's saved dict), over the
    contacts ``user`` may see. ``.qs`` is the result; ``.form`` the bound search form."""
    contacts = Contact.objects.visible_to(user).select_related("home_borough", "home_ward")
    return ContactFilter(params, queryset=contacts)
