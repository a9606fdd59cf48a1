"""Reads of contacts, already scoped to the user and shaped for the pages."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from areas.models import Ward
from stakeholders import contact_rules
from stakeholders.choices import Channel
from stakeholders.filters import ContactFilter
from stakeholders.models import ConsentRecord, Contact, Membership
from stakeholders.services.consent import current_consent


def contact_search(*, user, params) -> ContactFilter:
    """The contact search for ``params`` (a QueryDict or a segment's saved dict), over the
    contacts ``user`` may see. ``.qs`` is the result; ``.form`` the bound search form."""
    contacts = Contact.objects.visible_to(user).select_related("home_borough", "home_ward")
    search = ContactFilter(params, queryset=contacts)
    # A sergeant chooses among their own wards, not all of London's.
    search.form.fields["ward"].queryset = Ward.objects.visible_to(user).select_related("borough")
    return search


def with_list_columns(contacts: QuerySet) -> QuerySet:
    """Add what the list and the export show: ``organisation_names`` ("A; B") in one
    subquery per row, so a page costs one query however many organisations each has."""
    names = (
        Membership.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(names=StringAgg("organisation__name", "; ", order_by="organisation__name"))
        .values("names")
    )
    return contacts.select_related("home_borough", "home_ward").annotate(
        organisation_names=Subquery(names)
    )


def contact_detail_queryset(*, user) -> QuerySet:
    """Contacts ``user`` may open, with everything the detail page shows prefetched."""
    contacts = Contact.objects.visible_to(user).select_related("home_borough", "home_ward")
    return contact_rules.with_recent_invitations(contacts).prefetch_related(
        "topics",
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        Prefetch("consent_records", queryset=ConsentRecord.objects.select_related("recorded_by")),
    )


@dataclass
class ChannelConsent:
    channel: str
    label: str
    has_consent: bool
    record: ConsentRecord | None
    exclusion_reason: str | None

    @property
    def contactable(self) -> bool:
        return self.exclusion_reason is None


def contact_consent_summary(contact: Contact) -> list[ChannelConsent]:
    """Per channel: the current consent, the statement behind it, and whether the contact
    rules let engage contact the person on it now (and if not, why)."""
    latest = current_consent(contact)
    return [
        ChannelConsent(
            channel=channel.value,
            label=channel.label,
            has_consent=contact.has_consent(channel.value),
            record=latest[channel.value],
            exclusion_reason=contact_rules.exclusion_reason(contact, channel.value),
        )
        for channel in Channel
    ]


# Export ---------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Name",
    "Role or job title",
    "Organisations",
    "Home borough",
    "Home ward",
    "Consultee category",
    "Email consent",
    "Post consent",
    "Phone consent",
    "Do not contact",
    "Email address",
    "Phone",
    "Address line 1",
    "Address line 2",
    "Town or city",
    "Postcode",
]


def contact_export_rows(contacts: QuerySet) -> Iterator[list]:
    """One row per contact, in the order of EXPORT_HEADERS, read in chunks."""
    for contact in with_list_columns(contacts).iterator(chunk_size=2000):
        yield [
            contact.name,
            contact.job_title,
            contact.organisation_names or "",
            contact.home_borough.name if contact.home_borough else "",
            contact.home_ward.name if contact.home_ward else "",
            contact.get_category_display(),
            contact.email_consent,
            contact.post_consent,
            contact.phone_consent,
            contact.do_not_contact,
            contact.email,
            contact.phone.as_e164 if contact.phone else "",
            contact.address_line_1,
            contact.address_line_2,
            contact.town,
            contact.postcode,
        ]


# History --------------------------------------------------------------------------------

# Bookkeeping columns that change on every save and say nothing to a reader.
HISTORY_IGNORED_FIELDS = frozenset({"id", "created", "modified"})
BLANK = "(blank)"


@dataclass(frozen=True)
class HistorySource:
    """Events to show: a pghistory event queryset (e.g. ``contact.events.all()``).

    ``subject`` names what the events are about when it is not the record itself
    ("Membership"); the value of ``subject_field`` is added to it ("Membership: Age UK").
    ``exclude`` leaves out more fields (for example the foreign key back to the record).
    """

    events: QuerySet
    subject: str = ""
    subject_field: str | None = None
    exclude: tuple[str, ...] = ()
    created_action: str = "Created"


@dataclass
class HistoryChange:
    field: str
    old: str | None  # None: the record was created with this value
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    subject: str = ""
    changes: list[HistoryChange] = field(default_factory=list)
    order: tuple = field(default=(), repr=False)


def _tracked_fields(event_model, source: HistorySource):
    skipped = HISTORY_IGNORED_FIELDS | set(source.exclude)
    return [
        model_field
        for model_field in event_model._meta.concrete_fields
        if not model_field.name.startswith("pgh_") and model_field.name not in skipped
    ]


def _display(model_field, value, names) -> str:
    if value is None or value == "":
        return BLANK
    if model_field.is_relation:
        return names[model_field.related_model].get(value, f"#{value} (since removed)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    return str(value)


def history_entries(*sources: HistorySource) -> list[HistoryEntry]:
    """What changed, when and by whom, newest first, from pghistory snapshots.

    Each event is compared with the previous snapshot of the same object; only the fields
    that differ are listed (a creation lists the values it was created with). Related
    objects and the users named in each event's context are read in one query per model,
    whatever the number of events. Generic: the organisation pages use it too.
    """
    loaded = []
    related_ids = defaultdict(set)
    user_ids = set()
    for source in sources:
        events = list(source.events.select_related("pgh_context").order_by("pgh_obj_id", "pgh_id"))
        fields = _tracked_fields(source.events.model, source)
        if source.subject_field:
            fields_for_ids = [*fields, source.events.model._meta.get_field(source.subject_field)]
        else:
            fields_for_ids = fields
        for event in events:
            for model_field in fields_for_ids:
                value = getattr(event, model_field.attname)
                if model_field.is_relation and value is not None:
                    related_ids[model_field.related_model].add(value)
            if event.pgh_context and event.pgh_context.metadata.get("user") is not None:
                user_ids.add(event.pgh_context.metadata["user"])
        loaded.append((source, events, fields))

    names = {
        model: {obj.pk: str(obj) for obj in model._base_manager.select_related().filter(pk__in=ids)}
        for model, ids in related_ids.items()
    }
    users = get_user_model()._base_manager.filter(pk__in=user_ids)
    user_names = {user.pk: user.get_full_name() or user.email for user in users}

    entries = []
    for source_index, (source, events, fields) in enumerate(loaded):
        previous = None
        for event in events:
            if previous is None or previous.pgh_obj_id != event.pgh_obj_id:
                previous = None
            changes = []
            for model_field in fields:
                new = getattr(event, model_field.attname)
                if previous is None:
                    if new is None or new == "" or new is False:
                        continue
                    changes.append(
                        HistoryChange(
                            capfirst(model_field.verbose_name),
                            None,
                            _display(model_field, new, names),
                        )
                    )
                else:
                    old = getattr(previous, model_field.attname)
                    if old != new:
                        changes.append(
                            HistoryChange(
                                capfirst(model_field.verbose_name),
                                _display(model_field, old, names),
                                _display(model_field, new, names),
                            )
                        )
            is_first = previous is None
            is_removal = event.pgh_label == "delete"
            previous = event
            if not changes and not is_first and not is_removal:
                continue
            subject = source.subject
            if source.subject and source.subject_field:
                subject_model_field = event._meta.get_field(source.subject_field)
                subject_value = getattr(event, subject_model_field.attname)
                subject = f"{subject}: {_display(subject_model_field, subject_value, names)}"
            context = event.pgh_context.metadata if event.pgh_context else {}
            entries.append(
                HistoryEntry(
                    when=event.pgh_created_at,
                    who=user_names.get(context.get("user"), ""),
                    action=(
                        "Removed"
                        if is_removal
                        else source.created_action
                        if is_first and event.pgh_label == "insert"
                        else "Changed"
                    ),
                    subject=subject,
                    changes=changes,
                    # Within one transaction (one timestamp), later sources show above
                    # earlier ones: a record is created before its memberships are added.
                    order=(event.pgh_created_at, source_index, event.pgh_id),
                )
            )
    entries.sort(key=lambda entry: entry.order, reverse=True)
    return entries


def contact_history(contact: Contact) -> list[HistoryEntry]:
    """The contact's own changes and changes to their memberships of organisations."""
    membership_events = apps.get_model("stakeholders", "MembershipEvent").objects.filter(
        contact_id=contact.pk
    )
    return history_entries(
        HistorySource(contact.events.all()),
        HistorySource(
            membership_events,
            subject="Membership",
            subject_field="organisation",
            exclude=("contact", "organisation"),
            created_action="Added",
        ),
    )
