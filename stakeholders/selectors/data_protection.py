"""Reads for the data-protection tools: subject access and the retention review.

``subject_access_report`` gathers everything engage holds about one person, from this
app and from every app registered in ``stakeholders.personal_data``. The readable page
and the JSON download are both drawn from it, so they cannot disagree.

Equality monitoring answers are special category data: they are in the report only for
a user who may see them (``stakeholders.see_equality_data``). For anyone else the report
says they were left out, in the same words whether or not answers are held, so that a
colleague with the permission makes the complete report the person is owed.
"""

import calendar
from datetime import date, datetime, time

from django.apps import apps
from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from phonenumber_field.phonenumber import PhoneNumber

from accounts.models import User
from areas.models import Borough, Ward
from stakeholders import personal_data
from stakeholders.models import Contact, EqualityProfile, Organisation, StaticListMember

# What the history diff leaves out: bookkeeping, not information about the person.
HISTORY_SKIPPED_FIELDS = {"id", "created", "modified"}
EVENT_LABELS = {"insert": "Created", "update": "Changed"}


def contact_for_data_protection(*, user, pk: int) -> Contact:
    """The contact ``pk`` if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(Contact.objects.visible_to(user), pk=pk)


# --- subject access -------------------------------------------------------------------


EQUALITY_LEFT_OUT = (
    "Equality monitoring answers (special category data) are left out of this report: "
    "only unit staff who hold the equality monitoring permission may see them, and you "
    "do not. A subject access request must be answered in full: ask a colleague who "
    "holds the equality monitoring permission to make the complete report."
)


def subject_access_report(*, contact: Contact, user) -> dict:
    """Everything held about ``contact`` that ``user`` may see, as JSON-ready data (dates
    stay date objects; DjangoJSONEncoder writes them as ISO 8601). Without the equality
    permission, ``equality_profile`` is replaced by ``equality_profile_left_out``.

    An erased contact is only the anonymous shell kept for counts: nothing else is shown,
    even the outreach records kept for the fatigue cap (they name no one).
    """
    report = {
        "generated_at": timezone.now(),
        "contact_id": contact.pk,
        "erased": contact.is_erased,
    }
    if contact.is_erased:
        report["contact"] = {
            "name": contact.name,
            "erased_at": contact.erased_at,
            "category": contact.get_category_display(),
            "home_borough": str(contact.home_borough or ""),
        }
        return report
    users = _UserNames()
    report.update(
        contact=_contact_fields(contact),
        memberships=[
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "since": membership.created,
            }
            for membership in contact.memberships.select_related("organisation")
        ],
        organisations_led=[
            {"organisation": organisation.name}
            for organisation in Organisation.objects.filter(single_point_of_contact=contact)
        ],
        consent_records=[
            {
                "channel": record.get_channel_display(),
                "granted": record.granted,
                "recorded_at": record.recorded_at,
                "recorded_by": users.name(record.recorded_by_id),
                "method": record.get_method_display(),
                "wording_version": record.wording_version,
                "note": record.note,
            }
            for record in contact.consent_records.order_by("recorded_at", "pk")
        ],
        outreach_records=[
            {
                "channel": record.get_channel_display(),
                "sent_at": record.sent_at,
                "description": record.description,
            }
            for record in contact.outreach_records.order_by("sent_at", "pk")
        ],
        interactions=[
            {
                "occurred_on": interaction.occurred_on,
                "kind": interaction.get_kind_display(),
                "summary": interaction.summary,
                "organisation": str(interaction.organisation or ""),
                "logged_by": users.name(interaction.logged_by_id),
                "follow_up_on": interaction.follow_up_on,
            }
            for interaction in contact.interactions.select_related("organisation").order_by(
                "occurred_on", "pk"
            )
        ],
        static_lists=[
            {"list": member.static_list.name, "added_at": member.added_at}
            for member in StaticListMember.objects.filter(contact=contact)
            .select_related("static_list")
            .order_by("added_at", "pk")
        ],
        history=_contact_history(contact, users),
        membership_history=_membership_history(contact, users),
        other_records=[
            {"label": provider.label, "records": list(provider.export(contact))}
            for provider in personal_data.providers()
        ],
    )
    if user.has_perm("stakeholders.see_equality_data"):
        report["equality_profile"] = _equality_profile(contact, users)
    else:
        report["equality_profile_left_out"] = EQUALITY_LEFT_OUT
    return report


def _contact_fields(contact: Contact) -> dict:
    fields = {}
    for field in Contact._meta.concrete_fields:
        if field.name == "id":
            continue
        fields[field.name] = _display(contact, field)
    fields["topics"] = [topic.name for topic in contact.topics.all()]
    return fields


def contact_field_labels() -> dict[str, str]:
    """Readable labels for the keys of the report's ``contact`` section."""
    return {
        **_field_labels(Contact),
        "created": "added to engage",
        "modified": "last changed",
        "topics": "topics of interest",
    }


def equality_field_labels() -> dict[str, str]:
    """Readable labels for the keys of the report's ``equality_profile`` section."""
    return {**_field_labels(EqualityProfile), "recorded_at": "recorded on"}


def _field_labels(model) -> dict[str, str]:
    return {field.name: str(field.verbose_name) for field in model._meta.concrete_fields}


def _display(obj, field):
    """The value of ``field`` on ``obj`` as a person would read it."""
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    if field.choices:
        value = field.value_from_object(obj)
        return dict(field.flatchoices).get(value, value) if value else ""
    value = field.value_from_object(obj)
    if isinstance(value, PhoneNumber):
        return value.as_e164 if value else ""
    return value


def _equality_profile(contact: Contact, users) -> dict | None:
    profile = EqualityProfile.objects.filter(contact=contact).first()
    if profile is None:
        return None
    answers = {}
    for field in type(profile)._meta.concrete_fields:
        if field.name in {"id", "contact", "created", "modified", "recorded_by"}:
            continue
        answers[field.name] = _display(profile, field)
    answers["recorded_by"] = users.name(profile.recorded_by_id)
    answers["recorded_at"] = profile.created
    return answers


def _contact_history(contact: Contact, users) -> list[dict]:
    """Every snapshot pghistory holds of the contact, as what changed, when and by whom."""
    event_model = apps.get_model("stakeholders", "ContactEvent")
    tracked = [
        field
        for field in event_model._meta.concrete_fields
        if not field.name.startswith("pgh_") and field.name not in HISTORY_SKIPPED_FIELDS
    ]
    names = _AreaNames()
    events = (
        event_model.objects.filter(pgh_obj_id=contact.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    history, previous = [], None
    for event in events:
        values = {field.name: _history_value(event, field, names) for field in tracked}
        changes = [
            {"field": name, "from": previous.get(name) if previous else None, "to": value}
            for name, value in values.items()
            if (previous is None and value not in ("", None, False))
            or (previous is not None and previous.get(name) != value)
        ]
        history.append(
            {
                "at": event.pgh_created_at,
                "event": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
                "by": users.name(_context_user(event)),
                "changes": changes,
            }
        )
        previous = values
    return history


def _membership_history(contact: Contact, users) -> list[dict]:
    event_model = apps.get_model("stakeholders", "MembershipEvent")
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    events = (
        event_model.objects.filter(contact_id=contact.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    return [
        {
            "at": event.pgh_created_at,
            "event": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
            "by": users.name(_context_user(event)),
            "organisation": organisations.get(event.organisation_id, "(since removed)"),
            "role": event.role,
        }
        for event in events
    ]


def _history_value(event, field, names):
    if field.is_relation:
        related_id = getattr(event, field.attname)
        return names.name(field.related_model, related_id)
    return _display(event, field)


def _context_user(event) -> int | None:
    context = event.pgh_context
    return (context.metadata or {}).get("user") if context else None


class _UserNames:
    """Names of the staff who recorded things, looked up once each."""

    def __init__(self):
        self._names: dict[int, str] = {}

    def name(self, user_id) -> str:
        if user_id is None:
            return ""
        if user_id not in self._names:
            user = User.objects.filter(pk=user_id).only("full_name").first()
            self._names[user_id] = user.full_name if user else "(a former user)"
        return self._names[user_id]


class _AreaNames:
    def __init__(self):
        self._names: dict[tuple, str] = {}

    def name(self, model, pk) -> str | None:
        if pk is None:
            return None
        if model not in (Borough, Ward):
            return str(pk)
        key = (model, pk)
        if key not in self._names:
            self._names[key] = str(model.objects.filter(pk=pk).first() or pk)
        return self._names[key]


# --- retention review -----------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(*, today: date | None = None) -> date:
    """Contacts last verified before this day are due for review."""
    today = today or timezone.localdate()
    return months_before(today, settings.STAKEHOLDERS_RETENTION_MONTHS)


def _not_verified_since(contacts: QuerySet, day: date) -> QuerySet:
    start = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return contacts.active().filter(
        Q(last_verified__lt=day) | Q(last_verified__isnull=True, created__lt=start)
    )


def contacts_due_for_review(*, user, today: date | None = None) -> QuerySet:
    """Contacts (not erased) not verified for ``STAKEHOLDERS_RETENTION_MONTHS`` months, or
    never verified and added longer ago than that: oldest first."""
    return (
        _not_verified_since(Contact.objects.visible_to(user), retention_cutoff(today=today))
        .select_related("home_borough", "home_ward")
        .order_by(F("last_verified").asc(nulls_first=True), "created", "pk")
    )


def contacts_not_verified_since(*, day: date) -> QuerySet:
    """Every contact (not erased) last verified before ``day``, or never verified and
    added before it: what the retention task erases. Not scoped to a user."""
    return _not_verified_since(Contact.objects.all(), day)
