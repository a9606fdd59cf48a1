"""Likely duplicate contacts and organisations, found in PostgreSQL.

Contacts are a likely pair when they have the same email address (ignoring case), the
same phone number (stored E.164), or similar names (pg_trgm similarity of at least
``CONTACT_NAME_SIMILARITY``) together with the same postcode or a shared organisation.
Organisations are a likely pair when their names are similar once case, punctuation and
common words ("the", "ltd", "group" ...) are set aside and the words that differ look
alike ("Brixtom"/"Brixton", not "Bromley"/"Bexley"), or they have the same website domain
or the same email address.

Speed (measured with ``seed_scale`` on two cores: about 2 s for 100,000 contacts, 1.5 s
for 10,000 organisations): every contact rule is an equality join PostgreSQL answers by
hashing (email, phone, postcode, organisation), and similarity is computed only inside
those groups. Within a postcode or an organisation two names are compared only when a word
of one starts with the same two letters as a word of the other: each word contributes the
trigrams "  a" and " ab", so names sharing no such start rarely reach the threshold, and a
big organisation no longer costs a comparison for every pair of members. Organisation
names have no equality to group on, so each is compared with its
``ORGANISATION_NEIGHBOURS`` nearest neighbours in three sort orders of its normalised name
(as written, words reversed, words sorted): the "sorted neighbourhood" method, linear in
the number of organisations. A cluster larger than that window shows its pairs a few at a
time, as earlier ones are merged.

Every read starts from ``visible_to(user)``; erased contacts and dismissed pairs are left
out. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import phonenumbers
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, Prefetch

from stakeholders.models import (
    Contact,
    DuplicateDismissal,
    Membership,
    Organisation,
)
from stakeholders.validators import normalise_postcode

CONTACT_NAME_SIMILARITY = 0.6
ORGANISATION_NAME_SIMILARITY = 0.7
ORGANISATION_NEIGHBOURS = 10
# Two similar organisation names that differ in a word ("Bromley Tenants Federation",
# "Bexley Tenants Federation") are a pair only if the differing words look alike
# ("Brixton", "Brixtom"): at least this trigram similarity between them.
WORD_LOOKALIKE_SIMILARITY = 0.4
# Words that say nothing about which organisation is meant.
ORGANISATION_COMMON_WORDS = (
    "the",
    "ltd",
    "limited",
    "group",
    "plc",
    "cic",
    "inc",
    "llp",
    "co",
    "and",
    "of",
)
# Websites many unrelated groups share: the same domain there says nothing.
SHARED_WEBSITE_DOMAINS = (
    "facebook.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "youtube.com",
    "tiktok.com",
    "linktr.ee",
    "eventbrite.co.uk",
    "eventbrite.com",
    "sites.google.com",
    "google.com",
)

Kind = DuplicateDismissal.Kind

REASON_LABELS = {
    "email": "Same email address",
    "phone": "Same phone number",
    "name_postcode": "Similar name, same postcode",
    "name_organisation": "Similar name, same organisation",
    "name": "Similar name",
    "website": "Same website domain",
}


@dataclass
class DuplicatePair:
    """Two records that look like one, lower id first, and why."""

    first_id: int
    second_id: int
    reasons: tuple[str, ...]
    first: object | None = field(default=None, compare=False)
    second: object | None = field(default=None, compare=False)

    @property
    def ids(self) -> tuple[int, int]:
        return (self.first_id, self.second_id)

    @property
    def records(self) -> tuple:
        return (self.first, self.second)

    @property
    def reason_labels(self) -> list[str]:
        return [REASON_LABELS.get(reason, reason) for reason in self.reasons]


def organisation_name_sql(expression: str) -> str:
    """SQL normalising an organisation name: lower case, punctuation and common words
    out, single spaces. Used by both the pair search and the import look-up."""
    words = "|".join(ORGANISATION_COMMON_WORDS)
    return (
        "btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace("
        f"lower({expression}), '[''\u2019]', '', 'g'), '[^[:alnum:]]+', ' ', 'g'), "
        rf"'\m({words})\M', ' ', 'g'), '\s+', ' ', 'g'))"
    )


def _scoped_sql(queryset, columns: tuple[str, ...]) -> tuple[str, list]:
    """The SQL (and parameters) of an already scoped queryset, for use as a CTE."""
    sql, params = queryset.order_by().values_list(*columns).query.sql_with_params()
    return sql, list(params)


CONTACT_PAIRS_SQL = """
WITH c (id, name, email, phone, postcode) AS NOT MATERIALIZED ({visible}),
keys AS MATERIALIZED (
    -- Each word's first two letters, as a number: names are compared only when they
    -- share one, within a postcode or an organisation.
    SELECT DISTINCT c.id, c.name, upper(replace(c.postcode, ' ', '')) AS postcode,
           ascii(word)::bigint * 2097152 + ascii(substr(word, 2, 1)) AS key
    FROM c, regexp_split_to_table(lower(c.name), '[^[:alnum:]]+') AS word
    WHERE word <> ''
),
blocks AS MATERIALIZED (
    SELECT 1 AS reason, dense_rank() OVER (ORDER BY k.postcode) AS block, k.id, k.name, k.key
    FROM keys k WHERE k.postcode <> ''
    UNION ALL
    SELECT 2, m.organisation_id, k.id, k.name, k.key
    FROM keys k JOIN {membership} m ON m.contact_id = k.id
),
pairs AS (
    SELECT a.id AS first_id, b.id AS second_id, 'email'::text AS reason
    FROM c a JOIN c b ON upper(a.email) = upper(b.email) AND a.id < b.id
    WHERE a.email <> ''
    UNION ALL
    SELECT a.id, b.id, 'phone'::text
    FROM c a JOIN c b ON a.phone = b.phone AND a.id < b.id
    WHERE a.phone <> ''
    UNION ALL
    SELECT x.id, y.id,
           CASE x.reason WHEN 1 THEN 'name_postcode' ELSE 'name_organisation' END
    FROM blocks x JOIN blocks y
      ON x.reason = y.reason AND x.block = y.block AND x.key = y.key AND x.id < y.id
    WHERE similarity(x.name, y.name) >= %s
)
SELECT p.first_id, p.second_id, array_agg(DISTINCT p.reason ORDER BY p.reason)
FROM pairs p
WHERE NOT EXISTS (
    SELECT 1 FROM {dismissal} d
    WHERE d.kind = %s AND d.first_id = p.first_id AND d.second_id = p.second_id
)
GROUP BY p.first_id, p.second_id
ORDER BY count(DISTINCT p.reason) DESC, p.first_id, p.second_id
"""

ORGANISATION_PAIRS_SQL = """
WITH o (id, name, website, email) AS MATERIALIZED ({visible}),
n AS MATERIALIZED (
    SELECT id, {normalised} AS norm,
           substring(lower(btrim(website))
                     from '^(?:[a-z][a-z0-9+.-]*://)?(?:www\\.)?([^/:?#]+)') AS domain,
           lower(btrim(email)) AS email
    FROM o
),
words AS MATERIALIZED (
    SELECT n.id, n.norm, string_to_array(n.norm, ' ') AS words,
           (SELECT string_agg(u.word, ' ' ORDER BY u.position DESC)
              FROM unnest(string_to_array(n.norm, ' ')) WITH ORDINALITY AS u(word, position)
           ) AS reversed,
           (SELECT string_agg(u.word, ' ' ORDER BY u.word)
              FROM unnest(string_to_array(n.norm, ' ')) AS u(word)) AS sorted
    FROM n WHERE n.norm <> ''
),
ranked AS MATERIALIZED (
    SELECT id, norm, words,
           row_number() OVER (ORDER BY norm, id) AS by_name,
           row_number() OVER (ORDER BY reversed, id) AS by_reversed,
           row_number() OVER (ORDER BY sorted, id) AS by_sorted
    FROM words
),
neighbours AS (
    SELECT a.id AS a_id, a.norm AS a_norm, a.words AS a_words,
           b.id AS b_id, b.norm AS b_norm, b.words AS b_words
    FROM ranked a CROSS JOIN generate_series(1, %s) AS step(k)
    JOIN ranked b ON b.by_name = a.by_name + step.k
    UNION
    SELECT a.id, a.norm, a.words, b.id, b.norm, b.words
    FROM ranked a CROSS JOIN generate_series(1, %s) AS step(k)
    JOIN ranked b ON b.by_reversed = a.by_reversed + step.k
    UNION
    SELECT a.id, a.norm, a.words, b.id, b.norm, b.words
    FROM ranked a CROSS JOIN generate_series(1, %s) AS step(k)
    JOIN ranked b ON b.by_sorted = a.by_sorted + step.k
),
alike AS (
    SELECT a_id, b_id,
           ARRAY(SELECT unnest(a_words) EXCEPT SELECT unnest(b_words)) AS a_only,
           ARRAY(SELECT unnest(b_words) EXCEPT SELECT unnest(a_words)) AS b_only
    FROM neighbours
    WHERE similarity(a_norm, b_norm) >= %s
),
pairs AS (
    -- Similar names whose words are nested ("Brixton Youth Forum" and "Brixton Youth
    -- Forum Project") or whose differing words are look-alikes ("Brixtom"), not names
    -- alike only in their common words ("Bromley/Bexley Tenants Federation").
    SELECT least(a_id, b_id) AS first_id, greatest(a_id, b_id) AS second_id,
           'name'::text AS reason
    FROM alike
    WHERE cardinality(a_only) = 0 OR cardinality(b_only) = 0
       OR (NOT EXISTS (SELECT 1 FROM unnest(a_only) AS x(word) WHERE NOT EXISTS (
                SELECT 1 FROM unnest(b_only) AS y(word) WHERE similarity(x.word, y.word) >= %s))
           AND NOT EXISTS (SELECT 1 FROM unnest(b_only) AS y(word) WHERE NOT EXISTS (
                SELECT 1 FROM unnest(a_only) AS x(word) WHERE similarity(x.word, y.word) >= %s)))
    UNION ALL
    SELECT a.id, b.id, 'website'::text
    FROM n a JOIN n b ON a.domain = b.domain AND a.id < b.id
    WHERE a.domain <> '' AND a.domain <> ALL(%s)
    UNION ALL
    SELECT a.id, b.id, 'email'::text
    FROM n a JOIN n b ON a.email = b.email AND a.id < b.id
    WHERE a.email <> ''
)
SELECT p.first_id, p.second_id, array_agg(DISTINCT p.reason ORDER BY p.reason)
FROM pairs p
WHERE NOT EXISTS (
    SELECT 1 FROM {dismissal} d
    WHERE d.kind = %s AND d.first_id = p.first_id AND d.second_id = p.second_id
)
GROUP BY p.first_id, p.second_id
ORDER BY count(DISTINCT p.reason) DESC, p.first_id, p.second_id
"""


def _run_pairs(sql: str, params: list) -> list[DuplicatePair]:
    with transaction.atomic(), connection.cursor() as cursor:
        # One big analytical query: compiling it to machine code costs more than it saves.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return [DuplicatePair(first, second, tuple(reasons)) for first, second, reasons in cursor]


def contact_duplicate_pairs(*, user) -> list[DuplicatePair]:
    """Every likely duplicate pair of contacts ``user`` may see, strongest first."""
    visible, params = _scoped_sql(
        Contact.objects.visible_to(user).active(), ("id", "name", "email", "phone", "postcode")
    )
    sql = CONTACT_PAIRS_SQL.format(
        visible=visible,
        membership=connection.ops.quote_name(Membership._meta.db_table),
        dismissal=connection.ops.quote_name(DuplicateDismissal._meta.db_table),
    )
    return _run_pairs(sql, [*params, CONTACT_NAME_SIMILARITY, Kind.CONTACT])


def organisation_duplicate_pairs(*, user) -> list[DuplicatePair]:
    """Every likely duplicate pair of organisations ``user`` may see, strongest first."""
    visible, params = _scoped_sql(
        Organisation.objects.visible_to(user), ("id", "name", "website", "email")
    )
    sql = ORGANISATION_PAIRS_SQL.format(
        visible=visible,
        normalised=organisation_name_sql("name"),
        dismissal=connection.ops.quote_name(DuplicateDismissal._meta.db_table),
    )
    window = ORGANISATION_NEIGHBOURS
    return _run_pairs(
        sql,
        [
            *params,
            window,
            window,
            window,
            ORGANISATION_NAME_SIMILARITY,
            WORD_LOOKALIKE_SIMILARITY,
            WORD_LOOKALIKE_SIMILARITY,
            list(SHARED_WEBSITE_DOMAINS),
            Kind.ORGANISATION,
        ],
    )


def duplicate_pairs(*, user, kind: str) -> list[DuplicatePair]:
    if kind == Kind.ORGANISATION:
        return organisation_duplicate_pairs(user=user)
    return contact_duplicate_pairs(user=user)


def duplicate_queryset(*, user, kind: str):
    """The records of ``kind`` that ``user`` may review for duplicates."""
    if kind == Kind.ORGANISATION:
        return Organisation.objects.visible_to(user)
    return Contact.objects.visible_to(user).active()


def attach_records(pairs: list[DuplicatePair], *, user, kind: str) -> list[DuplicatePair]:
    """Fill in ``first`` and ``second`` for one page of pairs, in one query (two for
    contacts, whose organisations are shown too). Pairs whose records have gone since
    the search are left out."""
    ids = {pk for pair in pairs for pk in pair.ids}
    queryset = duplicate_queryset(user=user, kind=kind).filter(pk__in=ids)
    if kind == Kind.CONTACT:
        queryset = queryset.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
        )
    records = {record.pk: record for record in queryset}
    shown = []
    for pair in pairs:
        if pair.first_id in records and pair.second_id in records:
            pair.first, pair.second = records[pair.first_id], records[pair.second_id]
            shown.append(pair)
    return shown


# --- the review page ------------------------------------------------------------------


def contact_links(contact: Contact, *, user) -> dict:
    """What hangs off a contact, for the merge page: all of it moves to the kept one."""
    contact_event = apps.get_model("stakeholders", "ContactEvent")
    return {
        "memberships": list(contact.memberships.select_related("organisation")),
        "consent_records": contact.consent_records.count(),
        "interactions": contact.interactions.count(),
        "lists": list(contact.lists.order_by("name").values_list("name", flat=True)),
        "outreach_records": contact.outreach_records.count(),
        "organisations_led": list(
            contact.organisations_led.order_by("name").values_list("name", flat=True)
        ),
        "topics": list(contact.topics.values_list("name", flat=True)),
        "history": contact_event.objects.filter(pgh_obj_id=contact.pk).count(),
        # Special category data: whether answers are held is shown only to those who
        # may see them.
        "equality_profile": (
            apps.get_model("stakeholders", "EqualityProfile")
            .objects.filter(contact=contact)
            .exists()
            if user.has_perm("stakeholders.see_equality_data")
            else None
        ),
    }


def organisation_links(organisation: Organisation) -> dict:
    """What hangs off an organisation, for the merge page."""
    organisation_event = apps.get_model("stakeholders", "OrganisationEvent")
    counted = Organisation.objects.filter(pk=organisation.pk).aggregate(
        member_count=Count("memberships", distinct=True),
        interaction_count=Count("interactions", distinct=True),
    )
    return {
        "memberships": counted["member_count"],
        "interactions": counted["interaction_count"],
        "children": list(organisation.members.order_by("name").values_list("name", flat=True)),
        "boroughs": list(organisation.boroughs.values_list("name", flat=True)),
        "wards": list(organisation.wards.values_list("name", flat=True)),
        "communities": list(organisation.communities.values_list("name", flat=True)),
        "topics": list(organisation.topics.values_list("name", flat=True)),
        "history": organisation_event.objects.filter(pgh_obj_id=organisation.pk).count(),
    }


# --- look-up for the import preview ---------------------------------------------------


def _normalised_phone(value) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _text(values: dict, key: str) -> str:
    value = values.get(key)
    return str(value).strip() if value is not None else ""


LIKELY_DUPLICATES_SQL = """
WITH r (position, name, email, phone, postcode, organisation) AS (
    SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
),
visible AS ({visible}),
hits AS (
    SELECT r.position, c.id
    FROM r JOIN {contact} c ON upper(c.email) = upper(r.email)
    WHERE r.email <> ''
    UNION
    SELECT r.position, c.id
    FROM r JOIN {contact} c ON c.phone = r.phone
    WHERE r.phone <> ''
    UNION
    SELECT r.position, c.id
    FROM r JOIN {contact} c ON c.postcode = r.postcode
    WHERE r.postcode <> '' AND r.name <> '' AND similarity(c.name, r.name) >= %s
    UNION
    SELECT r.position, c.id
    FROM r
    JOIN {organisation} o ON {organisation_name} = {row_organisation_name}
    JOIN {membership} m ON m.organisation_id = o.id
    JOIN {contact} c ON c.id = m.contact_id
    WHERE r.organisation <> '' AND r.name <> '' AND similarity(c.name, r.name) >= %s
)
SELECT hits.position, hits.id FROM hits
WHERE hits.id IN (SELECT id FROM visible)
ORDER BY hits.position, hits.id
"""


def likely_duplicates_of_many(rows: list[dict], *, user=None) -> list[list[Contact]]:
    """For each row (a dict with any of ``name``, ``email``, ``phone``, ``postcode`` and
    ``organisation``, the organisation's name), the existing contacts it likely
    duplicates, by the same rules as the duplicate review: same email, same phone, or a
    similar name with the same postcode or in an organisation of the same (normalised)
    name. Two queries for the whole list, however long. Erased contacts are never
    returned; with ``user``, only contacts they may see."""
    if not rows:
        return []
    columns = {key: [] for key in ("name", "email", "phone", "postcode", "organisation")}
    for values in rows:
        columns["name"].append(_text(values, "name"))
        columns["email"].append(_text(values, "email").lower())
        columns["phone"].append(_normalised_phone(_text(values, "phone")))
        columns["postcode"].append(normalise_postcode(_text(values, "postcode")))
        columns["organisation"].append(_text(values, "organisation"))
    contacts = Contact.objects.active()
    if user is not None:
        contacts = Contact.objects.visible_to(user).active()
    visible, visible_params = _scoped_sql(contacts, ("id",))
    quote = connection.ops.quote_name
    sql = LIKELY_DUPLICATES_SQL.format(
        visible=visible,
        contact=quote(Contact._meta.db_table),
        organisation=quote(Organisation._meta.db_table),
        membership=quote(Membership._meta.db_table),
        organisation_name=organisation_name_sql("o.name"),
        row_organisation_name=organisation_name_sql("r.organisation"),
    )
    params = [
        list(range(len(rows))),
        columns["name"],
        columns["email"],
        columns["phone"],
        columns["postcode"],
        columns["organisation"],
        *visible_params,
        CONTACT_NAME_SIMILARITY,
        CONTACT_NAME_SIMILARITY,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    by_row: dict[int, list[int]] = defaultdict(list)
    for position, contact_id in found:
        by_row[position].append(contact_id)
    loaded = Contact.objects.in_bulk({contact_id for _, contact_id in found})
    return [
        [loaded[contact_id] for contact_id in by_row.get(position, []) if contact_id in loaded]
        for position in range(len(rows))
    ]


def likely_duplicates_of(values: dict, *, user=None) -> list[Contact]:
    """The existing contacts one set of values (as for ``likely_duplicates_of_many``)
    likely duplicates."""
    return likely_duplicates_of_many([values], user=user)[0]
