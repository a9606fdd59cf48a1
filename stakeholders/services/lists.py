"""Writes to saved segments, static lists and audiences. Views call these."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from stakeholders.filters import ContactFilter
from stakeholders.models import Audience, Contact, Segment, StaticList, StaticListMember
from stakeholders.selectors.lists import segment_filters_from


def _check_name_free(model, name: str, *, what: str, exclude_pk=None) -> None:
    """Names are unique whatever their case, so two lists are never told apart by case."""
    others = model.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if name.strip() and others.exists():
        raise ValidationError(
            {"name": f"There is already a {what} called “{name.strip()}”. Choose another name."}
        )


@transaction.atomic
def segment_create(*, name: str, description: str = "", filters, acting_user) -> Segment:
    """Save a contact search as a segment. ``filters`` may be the whole query string:
    only the search's own criteria are kept (not ``page`` or anything else)."""
    filters = segment_filters_from(filters)
    if not filters:
        raise ValidationError(
            "A segment needs at least one search criterion: search the contacts first, "
            "then save the search."
        )
    search = ContactFilter(filters, queryset=Contact.objects.none())
    if not search.is_valid():
        problems = "; ".join(
            f"{search.form.fields[name].label}: {' '.join(errors)}"
            for name, errors in search.form.errors.items()
        )
        raise ValidationError(f"The search cannot be saved as it is: {problems}")
    _check_name_free(Segment, name, what="segment")
    segment = Segment(
        name=name.strip(),
        description=description.strip(),
        filters=filters,
        created_by=acting_user,
    )
    segment.full_clean()
    segment.save()
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment, acting_user) -> None:
    """Delete a segment. Audiences built from it keep their other segments and lists."""
    segment.delete()


@transaction.atomic
def static_list_create(*, name: str, description: str = "", acting_user) -> StaticList:
    _check_name_free(StaticList, name, what="list")
    static_list = StaticList(
        name=name.strip(), description=description.strip(), created_by=acting_user
    )
    static_list.full_clean()
    static_list.save()
    return static_list


@dataclass(frozen=True)
class ListAddition:
    added: int
    already_members: int


@transaction.atomic
def static_list_add_contacts(
    *, static_list: StaticList, contacts: QuerySet, acting_user
) -> ListAddition:
    """Add every contact in ``contacts`` to ``static_list``; people already on it stay
    once. In one statement, however many contacts (a search may match 100,000), and safe
    against someone adding the same people at the same moment."""
    found_sql, found_params = contacts.order_by().values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    meta = StaticListMember._meta
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("static_list", "contact", "added_at", "added_by")
    )
    contact_column = quote(meta.get_field("contact").column)
    conflict = ", ".join(quote(meta.get_field(name).column) for name in ("static_list", "contact"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH found (id) AS ({found_sql}), "  # noqa: S608 (model names, Django's SQL; values are parameters)
            f"inserted AS (INSERT INTO {quote(meta.db_table)} ({columns}) "
            "SELECT %s, found.id, %s, %s FROM found "
            f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {contact_column} AS contact_id) "
            "SELECT (SELECT COUNT(*) FROM found), "
            "(SELECT COALESCE(array_agg(contact_id), '{}') FROM inserted)",
            (
                *found_params,
                static_list.pk,
                timezone.now(),
                getattr(acting_user, "pk", None),
            ),
        )
        found, added_ids = cursor.fetchone()
    added = len(added_ids)
    audit_record(
        action=Action.BULK_CHANGE,
        actor=acting_user,
        target=static_list,
        summary=f"Added {added} contacts to static list {static_list.pk}",
        detail={"fields": ["static list membership"], "rows": added},
        contact_ids=added_ids,
    )
    return ListAddition(added=added, already_members=found - added)


@transaction.atomic
def static_list_remove_member(*, static_list: StaticList, contact: Contact, acting_user) -> bool:
    """Take ``contact`` off the list. False if they were not on it."""
    deleted, _ = StaticListMember.objects.filter(static_list=static_list, contact=contact).delete()
    if deleted:
        audit_record(
            action=Action.PERSONAL_DATA_CHANGE,
            actor=acting_user,
            target=static_list,
            summary=f"Took contact {contact.pk} off static list {static_list.pk}",
            detail={"fields": ["static list membership"]},
            contact_ids=[contact.pk],
        )
    return bool(deleted)


@transaction.atomic
def audience_create(
    *, name: str, channel: str, segments=(), static_lists=(), acting_user
) -> Audience:
    """An audience for one channel, from at least one segment or static list."""
    segments, static_lists = list(segments), list(static_lists)
    audience = Audience(name=name.strip(), channel=channel, created_by=acting_user)
    errors = {}
    try:
        audience.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if not segments and not static_lists:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            "Choose at least one segment or static list to build the audience from."
        )
    if errors:
        raise ValidationError(errors)
    audience.save()
    audience.segments.set(segments)
    audience.static_lists.set(static_lists)
    return audience
