"""Who an audience reaches: each person once, and only those engage may contact.

``audience_resolve`` builds the whole answer in the database, in one classifying query
over the people matched (a few queries in all, however many contacts there are):

1. **Matched**: every contact a segment matches now (each segment's saved search run
   through ``contact_search`` for the user) and every member of the static lists, over
   ``Contact.objects.visible_to(user)``. A person found by two sources is one person: the
   extra entries are counted as "the same person in more than one segment or list".
2. **One per address**: for email, people who share an email address (trimmed, any case)
   count once; for post, people who share a postal address (first address line with
   spaces and punctuation ignored, any case, plus the postcode without spaces); for phone,
   people who share a phone number. Which one is kept: first someone the contact rules
   let us contact (so a shared address is never lost because the first holder withdrew
   consent), then the most recently verified, then the oldest record (lowest id). The
   others are counted as "same email address" (or postal address, or phone number).
3. **Contact rules**: everyone ``stakeholders.contact_rules.exclusion_checks`` excludes
   (erased, do not contact, no consent for the channel, no address, over the fatigue
   cap) is left out, counted under the first rule that excludes them. The rules are not
   repeated here: their conditions are used as they are.

Each person removed is counted once, under the first reason in that order.
"""

from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Func, RawSQL
from django.db.models.functions import Concat, Lower, NullIf, Replace, RowNumber, Trim, Upper
from django.utils.text import slugify

from stakeholders.choices import Channel
from stakeholders.contact_rules import exclusion_checks, with_recent_invitations
from stakeholders.models import Audience, Contact, Segment, StaticListMember
from stakeholders.selectors.lists import segment_search

SAME_PERSON = "the same person in more than one segment or list"
SAME_ADDRESS = {
    Channel.EMAIL: "same email address",
    Channel.POST: "same postal address",
    Channel.PHONE: "same phone number",
}


@dataclass(frozen=True)
class Removal:
    """One reason people were removed, how many, and the ``slug`` that names it in URLs."""

    reason: str
    count: int

    @property
    def slug(self) -> str:
        return slugify(self.reason)


@dataclass(frozen=True)
class InvalidSegment:
    """A segment whose saved search no longer makes sense (say a ward was removed): it
    matches nobody, rather than everybody, until someone saves it again."""

    segment: Segment
    errors: dict


class PeoplePages:
    """The people classified one way, by name, for Django's Paginator: each page costs
    one query over the classification (ids and recent invitations, ``LIMIT``/``OFFSET``)
    and one for those contacts, rather than joining every match back to the contacts."""

    def __init__(self, result: "AudienceResult", where: str, params: tuple = (), count=None):
        self._result, self._where, self._params, self._count = result, where, params, count

    def count(self) -> int:
        if self._count is None:
            rows = self._result._select("COUNT(*)", self._where, self._params)
            self._count = rows[0][0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        offset = key.start or 0
        limit = (key.stop - offset) if key.stop is not None else None
        rows = self._result._select(
            "classified.id, classified.recent_invitations",
            self._where,
            self._params,
            tail="ORDER BY classified.name, classified.id LIMIT %s OFFSET %s",
            tail_params=(limit, offset),
        )
        contacts = Contact.objects.select_related("home_borough", "home_ward").in_bulk(
            [pk for pk, _ in rows]
        )
        page = []
        for pk, recent_invitations in rows:
            contact = contacts[pk]
            contact.recent_invitations = recent_invitations
            page.append(contact)
        return page


@dataclass
class AudienceResult:
    """What an audience reaches, and what was removed on the way, before anything is sent.

    ``total_before`` counts entries (a person in two segments counts twice);
    ``people_matched`` counts different people. ``recipients`` is a queryset of the
    contacts who remain, by name; ``recipient_ids()`` their ids; ``recipient_pages()``
    and ``removed_pages(slug)`` the same people for a paginated page, read page by page.
    """

    channel: str
    total_before: int
    people_matched: int
    removals: list[Removal]
    remaining: int
    invalid_segments: list[InvalidSegment] = field(default_factory=list)
    _classified_sql: str = ""
    _classified_params: tuple = ()

    @property
    def removed(self) -> dict[str, int]:
        """Reason -> how many were removed for it (zeros included)."""
        return {removal.reason: removal.count for removal in self.removals}

    @property
    def removed_total(self) -> int:
        return sum(removal.count for removal in self.removals)

    def removal(self, slug: str) -> Removal | None:
        return next((removal for removal in self.removals if removal.slug == slug), None)

    # Every query below reads the one classification: (id, name, sources,
    # recent_invitations, reason) per person matched, reason NULL for those who remain.
    # ``where`` and ``tail`` are fixed fragments from this module; values are parameters.

    def _sql(self, columns: str, where: str, tail: str = "") -> str:
        return f"SELECT {columns} FROM ({self._classified_sql}) AS classified WHERE {where} {tail}"  # noqa: S608 (fixed fragments and Django's compiled SQL)

    def _select(self, columns, where, params=(), *, tail="", tail_params=()) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                self._sql(columns, where, tail),
                (*self._classified_params, *params, *tail_params),
            )
            return cursor.fetchall()

    def _contacts(self, where: str, params=()) -> QuerySet:
        ids = RawSQL(self._sql("classified.id", where), (*self._classified_params, *params))  # noqa: S611 (as above)
        contacts = Contact.objects.filter(pk__in=ids)
        return with_recent_invitations(contacts).order_by("name", "pk")

    def _removed_where(self, slug: str) -> tuple[str, tuple, int | None] | None:
        removal = self.removal(slug)
        if removal is None:
            return None
        if removal.reason == SAME_PERSON:  # those found more than once (kept once)
            return "classified.sources > 1", (), None
        return "classified.reason = %s", (removal.reason,), removal.count

    @cached_property
    def recipients(self) -> QuerySet:
        """The contacts who remain, by name (id breaking ties), with ``recent_invitations``."""
        return self._contacts("classified.reason IS NULL")

    def recipient_ids(self) -> list[int]:
        """The ids of the contacts who remain, in id order."""
        rows = self._select("classified.id", "classified.reason IS NULL", tail="ORDER BY 1")
        return [pk for (pk,) in rows]

    def recipient_pages(self) -> PeoplePages:
        return PeoplePages(self, "classified.reason IS NULL", count=self.remaining)

    def removed_people(self, slug: str) -> QuerySet:
        """The people removed for the reason named by ``slug``, by name, each with
        ``recent_invitations``. For "the same person in more than one segment or list":
        the people found more than once (each is kept once; their extra entries go)."""
        found = self._removed_where(slug)
        return Contact.objects.none() if found is None else self._contacts(*found[:2])

    def removed_pages(self, slug: str) -> PeoplePages | None:
        found = self._removed_where(slug)
        return None if found is None else PeoplePages(self, *found)


def _same_address_key(channel: str):
    """What makes two people the same recipient on ``channel`` (NULL: no address)."""
    if channel == Channel.EMAIL:
        return NullIf(Lower(Trim("email")), Value(""))
    if channel == Channel.POST:
        line = Func(
            Lower("address_line_1"),
            Value("[^a-z0-9]+"),
            Value(""),
            Value("g"),
            function="REGEXP_REPLACE",
            output_field=CharField(),
        )
        postcode = Upper(Replace("postcode", Value(" "), Value("")))
        return Case(
            When(
                Q(address_line_1__regex=r"[A-Za-z0-9]") & ~Q(postcode=""),
                then=Concat(line, Value("|"), postcode),
            ),
            default=None,
            output_field=CharField(),
        )
    return NullIf(F("phone"), Value(""), output_field=CharField())


def _source_conditions(*, segments, static_lists, user) -> tuple[list[Q], list[InvalidSegment]]:
    conditions, invalid = [], []
    for segment in segments:
        search = segment_search(segment=segment, user=user)
        if not search.is_valid():
            invalid.append(InvalidSegment(segment=segment, errors=search.form.errors))
            continue
        conditions.append(Q(pk__in=search.qs.order_by().values("pk")))
    for static_list in static_lists:
        members = StaticListMember.objects.filter(static_list=static_list).values("contact_id")
        conditions.append(Q(pk__in=members))
    return conditions, invalid


def _classified(*, channel: str, conditions: list[Q], user) -> tuple[str, tuple]:
    """SQL and parameters classifying each person matched: (id, name, sources,
    recent_invitations, reason), ``sources`` being how many segments and lists found them
    and ``reason`` why they are removed (NULL for those who remain)."""
    found_by = [Case(When(condition, then=1), default=0) for condition in conditions]
    matched = (
        Contact.objects.visible_to(user)
        .annotate(sources=reduce(lambda a, b: a + b, found_by, Value(0)))
        .filter(sources__gt=0)
    )
    matched = with_recent_invitations(matched)
    checks = exclusion_checks(channel)
    excluded = reduce(or_, (condition for _reason, condition in checks))
    rule_reason = Case(
        *(When(condition, then=Value(reason)) for reason, condition in checks),
        default=None,
        output_field=CharField(),
    )
    matched = matched.annotate(
        address_key=_same_address_key(channel),
        rule_reason=rule_reason,
        rank_for_address=Window(
            RowNumber(),
            partition_by=[F("address_key")],
            order_by=[
                Case(When(excluded, then=1), default=0).asc(),
                F("last_verified").desc(nulls_last=True),
                F("pk").asc(),
            ],
        ),
    ).order_by()
    inner, params = matched.values(
        "pk",
        "name",
        "sources",
        "recent_invitations",
        "address_key",
        "rule_reason",
        "rank_for_address",
    ).query.sql_with_params()
    # SQL evaluates window functions after WHERE and GROUP BY, so the rank is compared
    # one level up, where the reason can also be grouped on and filtered by.
    sql = (
        'SELECT inner_q."pk" AS id, inner_q."name" AS name, inner_q."sources" AS sources, '  # noqa: S608 (Django's compiled SQL; values are parameters)
        'inner_q."recent_invitations" AS recent_invitations, '
        'CASE WHEN inner_q."address_key" IS NOT NULL AND inner_q."rank_for_address" > 1 '
        'THEN %s ELSE inner_q."rule_reason" END AS reason '
        f"FROM ({inner}) AS inner_q"
    )
    return sql, (SAME_ADDRESS[Channel(channel)], *params)


def audience_resolve(
    *,
    user,
    audience: Audience | None = None,
    segments=(),
    static_lists=(),
    channel: str | None = None,
) -> AudienceResult:
    """Resolve ``audience`` (or the ``segments`` and ``static_lists`` given, for
    ``channel``) for ``user``: who remains, and how many were removed and why.

    One query counts everything; ``recipients`` and ``removed_people`` are lazy.
    """
    if audience is not None:
        segments, static_lists = audience.segments.all(), audience.static_lists.all()
        channel = audience.channel
    channel = Channel(channel)
    conditions, invalid = _source_conditions(
        segments=segments, static_lists=static_lists, user=user
    )
    if conditions:
        sql, params = _classified(channel=channel, conditions=conditions, user=user)
    else:  # nothing to look in: an empty result, still usable by the pages
        sql = (
            "SELECT NULL::integer AS id, NULL::text AS name, 0 AS sources, "
            "0 AS recent_invitations, NULL::text AS reason WHERE false"
        )
        params = ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT classified.reason, COUNT(*), COALESCE(SUM(classified.sources), 0) "  # noqa: S608 (as above)
            f"FROM ({sql}) AS classified GROUP BY classified.reason",
            params,
        )
        rows = cursor.fetchall()
    people = {reason: count for reason, count, _sources in rows}
    entries = sum(sources for _reason, _count, sources in rows)
    people_matched = sum(people.values())
    # In the order the people were classified; the fatigue cap only when it is on.
    reasons = [SAME_ADDRESS[channel], *(reason for reason, _ in exclusion_checks(channel))]
    removals = [Removal(SAME_PERSON, entries - people_matched)]
    removals += [Removal(reason, people.get(reason, 0)) for reason in reasons]
    return AudienceResult(
        channel=channel,
        total_before=entries,
        people_matched=people_matched,
        removals=removals,
        remaining=people.get(None, 0),
        invalid_segments=invalid,
        _classified_sql=sql,
        _classified_params=tuple(params),
    )


def audience_recipients(audience: Audience, *, user) -> list[int]:
    """The ids of the contacts ``audience`` reaches now, in id order: each person once,
    only those the contact rules let engage contact. For the apps that send invitations."""
    return audience_resolve(audience=audience, user=user).recipient_ids()


def audience_list() -> QuerySet:
    """Every audience, newest first, with its segments and lists."""
    return (
        Audience.objects.select_related("created_by")
        .prefetch_related("segments", "static_lists")
        .order_by("-created", "-pk")
    )
