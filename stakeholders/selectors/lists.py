"""Reads of saved segments and static lists, scoped to the user where they hold contacts."""

from django.db.models import Count, F, QuerySet

from stakeholders.filters import ContactFilter
from stakeholders.models import Contact, Segment, StaticList
from stakeholders.selectors.contacts import contact_search


def segment_filters_from(params) -> dict[str, str]:
    """The contact search's criteria in ``params`` (a QueryDict or a dict), as a segment
    keeps them: only ContactFilter's own fields, each with a value (``page``, sort order
    and anything else in the query string are left out)."""
    fields = ContactFilter.base_filters
    filters = {}
    for name in fields:
        value = params.get(name, "")
        value = value.strip() if isinstance(value, str) else value
        if value not in ("", None):
            filters[name] = str(value)
    return filters


def describe_filters(filters: dict) -> list[tuple[str, str]]:
    """The criteria in words, in the search form's order: [(label, value shown), ...].

    A value that no longer makes sense (say, a ward since removed) is shown as such.
    """
    search = ContactFilter(filters, queryset=Contact.objects.none())
    form = search.form
    form.is_valid()
    described = []
    for name, form_field in form.fields.items():
        if name not in filters:
            continue
        label = str(form_field.label or name)
        if name in form.errors:
            described.append((label, f"{filters[name]} (no longer valid)"))
            continue
        value = form.cleaned_data.get(name)
        choices = dict(getattr(form_field, "choices", None) or ())
        if not hasattr(value, "pk") and value in choices:
            value = choices[value]
        described.append((label, str(value)))
    return described


def segment_search(*, segment: Segment, user) -> ContactFilter:
    """The segment's saved search, run now over the contacts ``user`` may see.

    Check ``is_valid()`` before using ``.qs``: a criterion that no longer makes sense
    would otherwise be dropped, and the segment would match more people than it did.
    """
    return contact_search(user=user, params=segment.filters)


def segment_contacts(*, segment: Segment, user) -> QuerySet:
    """The contacts the segment matches now, by name; nobody if its search is invalid."""
    search = segment_search(segment=segment, user=user)
    if not search.is_valid():
        return Contact.objects.none()
    return search.qs.order_by("name", "pk")


def segment_list() -> QuerySet:
    """Every segment, by name, with how many audiences use it."""
    return (
        Segment.objects.select_related("created_by")
        .annotate(audience_count=Count("audiences", distinct=True))
        .order_by("name", "pk")
    )


def static_list_list() -> QuerySet:
    """Every static list, by name, with how many members it has."""
    return (
        StaticList.objects.select_related("created_by")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "pk")
    )


def static_list_members(*, static_list: StaticList, user) -> QuerySet:
    """The members of ``static_list`` that ``user`` may see, by name, each with
    ``added_at`` (when they joined the list)."""
    return (
        Contact.objects.visible_to(user)
        .filter(staticlistmember__static_list=static_list)
        .annotate(added_at=F("staticlistmember__added_at"))
        .select_related("home_borough", "home_ward")
        .order_by("name", "pk")
    )
