"""Reads of organisations, already scoped to the user and shaped for the pages."""

from django.apps import apps
from django.db.models import Prefetch, QuerySet

from areas.models import Ward
from stakeholders.filters import OrganisationFilter
from stakeholders.models import Contact, Membership, Organisation
from stakeholders.selectors.contacts import HistoryEntry, HistorySource, history_entries


def organisation_search(*, user, params) -> OrganisationFilter:
    """The organisation search for ``params`` over the organisations ``user`` may see.
    ``.qs`` is the result (one row per organisation); ``.form`` the bound search form."""
    organisations = (
        Organisation.objects.visible_to(user)
        .select_related("parent")
        .prefetch_related("boroughs", "wards")
        .order_by("name", "pk")
    )
    return OrganisationFilter(params, queryset=organisations)


def organisation_detail_queryset(*, user) -> QuerySet[Organisation]:
    """What a detail or edit page looks an organisation up in: out of scope is 404."""
    return (
        Organisation.objects.visible_to(user)
        .select_related("parent", "single_point_of_contact")
        .prefetch_related(
            "boroughs",
            Prefetch("wards", queryset=Ward.objects.select_related("borough")),
            "communities",
            "topics",
            Prefetch("members", queryset=Organisation.objects.order_by("name", "pk")),
        )
    )


def organisation_people(*, user, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's people that ``user`` may see (a sergeant: those in their wards),
    with their role in it."""
    visible = Contact.objects.visible_to(user).active()
    return (
        Membership.objects.filter(organisation=organisation, contact__in=visible)
        .select_related("contact")
        .order_by("contact__name", "contact__pk")
    )


def single_point_of_contact_choices(*, user, organisation: Organisation | None):
    """Who may be chosen as the single point of contact: the organisation's own people
    (and whoever holds the role now). A short list, however many contacts there are."""
    if organisation is None or organisation.pk is None:
        return Contact.objects.none()
    visible = Contact.objects.visible_to(user).active()
    members = visible.filter(memberships__organisation=organisation)
    current = visible.filter(pk=organisation.single_point_of_contact_id)
    return (members | current).distinct().order_by("name", "pk")


def organisation_history(*, user, organisation: Organisation) -> list[HistoryEntry]:
    """Who changed what and when: the organisation's own changes, and people joining it or
    changing their role in it, newest first.

    Only people ``user`` may see are named: a sergeant's history leaves out memberships of
    contacts outside their wards, and who was single point of contact unless they may see
    every contact.
    """
    sees_everyone = user.has_perm("stakeholders.manage_contacts")
    membership_events = apps.get_model("stakeholders", "MembershipEvent").objects.filter(
        organisation_id=organisation.pk
    )
    if not sees_everyone:
        visible = Contact.objects.visible_to(user).active().values("pk")
        membership_events = membership_events.filter(contact_id__in=visible)
    return history_entries(
        HistorySource(
            organisation.events.all(),
            exclude=() if sees_everyone else ("single_point_of_contact",),
        ),
        HistorySource(
            membership_events,
            subject="Membership",
            subject_field="contact",
            exclude=("contact", "organisation"),
            created_action="Added",
        ),
    )
