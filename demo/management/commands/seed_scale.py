"""London-scale stakeholder data for benchmarks: 100,000 contacts and 10,000 organisations
in well under two minutes.

Values are combined from pools drawn once from Faker (en_GB) with a seeded random
generator (same seed and same starting database, same data). Fictional throughout: email
addresses @example.org/.com/.net, phone numbers from Ofcom's drama ranges.

Speed: ids are reserved from the tables' sequences up front, so every row (organisations,
their links, contacts, consent records, memberships) is built in memory with its keys and
written with PostgreSQL's COPY in one transaction. Foreign keys are checked at commit.

The history triggers (django-pghistory) are switched off for the load with
``pgtrigger.ignore``: one event row per inserted contact, organisation and membership
would double the writes and record nothing useful ("created by the seed"). Worse, each
trigger call runs pghistory's ``_pgh_attach_context()``, whose EXCEPTION block opens a
PostgreSQL subtransaction per row; past 64 in one transaction they overflow and the load
crawls (100,000 memberships took more than six minutes before it was stopped). So rows
made here have no history until someone changes them. ``--with-history`` keeps the
triggers on: for small numbers only.
"""

import io
import random
from collections import defaultdict
from datetime import timedelta
from time import perf_counter

import pgtrigger
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from areas.models import Borough, Ward
from demo.consultations_scale import seed_consultations_at_scale
from demo.panels_scale import seed_panels_at_scale
from demo.stakeholders import (
    CATEGORY_WEIGHTS,
    EMAIL_DOMAINS,
    LANGUAGES,
    ORGANISATION_PATTERNS,
    ROLES,
    SAINTS,
    SOURCES,
    STREET_KINDS,
    fictional_phone_numbers,
    postcode,
)
from demo.workplans_scale import seed_workplans_at_scale
from stakeholders.choices import Channel, ConsentMethod, OrganisationKind
from stakeholders.models import (
    Community,
    ConsentRecord,
    Contact,
    Membership,
    Organisation,
    Topic,
)

WORDING_VERSION = "scale-2026"
HISTORY_TRIGGERS = (
    "stakeholders.Contact:insert_insert",
    "stakeholders.Organisation:insert_insert",
    "stakeholders.Membership:insert_insert",
)
# How many organisations each contact belongs to, and how often (mean about 1.5).
MEMBERSHIP_COUNTS = ((0, 22), (1, 30), (2, 28), (3, 15), (4, 5))
DUPLICATE_SHARE = 0.01
UMBRELLA_SHARE = 0.02


class Command(BaseCommand):
    help = (
        "Add London-scale fictional data for benchmarks: stakeholders (default 100,000 "
        "contacts and 10,000 organisations, with memberships, consent and about 1% "
        "duplicates), consultations (30,000 events over three years, 600,000 invitations "
        "and as many attendances) and work plans (about 20,000 actions with their targets, "
        "60,000 items in 120 plans)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contacts", type=int, default=100_000)
        parser.add_argument("--organisations", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=30_000)
        parser.add_argument("--invitations", type=int, default=600_000)
        parser.add_argument(
            "--plan-items",
            type=int,
            default=60_000,
            help="Work plan actions and targets (a third of them actions).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--with-history",
            action="store_true",
            help="Keep the history triggers on: one event row per insert; very slow beyond "
            "a few thousand rows.",
        )

    def handle(
        self,
        *args,
        contacts,
        organisations,
        events,
        invitations,
        plan_items,
        seed,
        with_history,
        **options,
    ):
        if contacts < 0 or organisations < 1 or plan_items < 0:
            raise CommandError("Give at least one organisation and no negative counts.")
        started = perf_counter()
        builder = _ScaleBuilder(
            contacts=contacts, organisations=organisations, seed=seed, say=self._say
        )
        with transaction.atomic():
            if with_history:
                builder.build()
            else:
                with pgtrigger.ignore(*HISTORY_TRIGGERS):
                    builder.build()
            consultation_counts = (
                seed_consultations_at_scale(
                    events=events, invitations=invitations, seed=seed, stdout=self.stdout
                )
                if events
                else {}
            )
            panel_counts = seed_panels_at_scale(stdout=self.stdout, seed=seed) if events else {}
            plan_counts = (
                seed_workplans_at_scale(stdout=self.stdout, seed=seed, items=plan_items)
                if plan_items
                else {}
            )
            commit_started = perf_counter()
        self._say(f"  commit (foreign keys checked): {perf_counter() - commit_started:.1f} s")
        self._say(
            f"Done in {perf_counter() - started:.1f} s: {contacts} contacts, "
            f"{organisations} organisations, {builder.membership_count} memberships, "
            f"{builder.consent_count} consent records, {builder.duplicate_count} planted "
            f"duplicates; consultations: {consultation_counts}; ward panels: {panel_counts}; "
            f"work plans: {plan_counts}."
        )

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()


def reserve_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys from ``model``'s sequence, for rows written by COPY."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Write ``rows`` (tuples in ``columns`` order) to ``table`` with COPY."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_copy_text(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        # Through Django's cursor first: pgtrigger.ignore sets its transaction-local
        # setting on each query Django runs, and COPY (on the raw cursor) then sees it.
        cursor.execute("SELECT 1")
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def copy_dicts(model, rows) -> int:
    """Write ``rows`` (dicts of column attname → database-ready value) to ``model``'s table
    with COPY. Columns a row leaves out take the field's default, as Django would give."""
    fields = model._meta.concrete_fields
    now = timezone.now()
    defaults = {
        field.attname: now if field.name in {"created", "modified"} else field.get_default()
        for field in fields
    }
    columns = [field.attname for field in fields]
    return copy_rows(
        model._meta.db_table,
        [field.column for field in fields],
        (tuple(row.get(column, defaults[column]) for column in columns) for row in rows),
    )


class _ScaleBuilder:
    def __init__(self, *, contacts, organisations, seed, say):
        self.contact_total, self.organisation_total = contacts, organisations
        # Offset by what is there already, so a second run adds different people.
        existing = Contact.objects.count()
        self.rng = random.Random(seed + existing)  # noqa: S311 (benchmark data)
        self.number_offset = existing
        self.say = say
        self.clock = perf_counter()
        self.membership_count = self.consent_count = self.duplicate_count = 0
        self.now = timezone.now()

    def lap(self, what: str) -> None:
        now = perf_counter()
        self.say(f"  {what}: {now - self.clock:.1f} s")
        self.clock = now

    def build(self) -> None:
        self.prepare_pools()
        self.contact_ids = reserve_ids(Contact, self.contact_total)
        self.organisation_ids = reserve_ids(Organisation, self.organisation_total)
        self.lap("pools of names, addresses and areas; ids reserved")
        contacts = self.build_contacts()
        organisations, links = self.build_organisations()
        memberships = self.build_memberships(organisations)
        consent = self.build_consent(contacts)
        self.lap("rows built in memory")
        copy_dicts(Organisation, organisations)
        for (table, columns), rows in links.items():
            copy_rows(table, columns, rows)
        self.lap(f"{len(organisations)} organisations with their areas, communities, topics")
        copy_dicts(Contact, contacts)
        self.lap(f"{len(contacts)} contacts")
        self.consent_count = copy_dicts(ConsentRecord, consent)
        self.lap(f"{self.consent_count} consent records")
        self.membership_count = copy_dicts(Membership, memberships)
        self.lap(f"{self.membership_count} memberships")

    # --- pools --------------------------------------------------------------------------

    def prepare_pools(self) -> None:
        fake = Faker("en_GB")
        fake.seed_instance(self.rng.randint(0, 2**31))
        self.first_names = sorted({fake.first_name() for _ in range(3000)})
        self.last_names = sorted({fake.last_name() for _ in range(6000)})
        self.wards = list(Ward.objects.select_related("borough").order_by("pk"))
        self.boroughs = list(Borough.objects.order_by("pk"))
        if not self.boroughs:
            raise CommandError("No boroughs: run migrate first (it loads the 32 boroughs).")
        used = set(Contact.objects.exclude(phone="").values_list("phone", flat=True))
        self.phones = [number for number in fictional_phone_numbers(self.rng) if number not in used]
        self.community_ids = list(Community.objects.values_list("pk", flat=True))
        self.topic_ids = list(Topic.objects.values_list("pk", flat=True))
        self.categories = list(CATEGORY_WEIGHTS)
        self.category_weights = list(CATEGORY_WEIGHTS.values())

    def area(self):
        """(borough, ward or None): a ward most of the time when wards exist."""
        rng = self.rng
        if self.wards and rng.random() < 0.7:
            ward = rng.choice(self.wards)
            return ward.borough, ward
        return rng.choice(self.boroughs), None

    # --- organisations ------------------------------------------------------------------

    def build_organisations(self):
        rng = self.rng
        umbrella_ids = self.organisation_ids[
            : max(1, int(self.organisation_total * UMBRELLA_SHARE))
        ]
        names: set[str] = set(Organisation.objects.values_list("name", flat=True))
        kinds = [kind for kind in OrganisationKind.values if kind != OrganisationKind.UMBRELLA]
        weights = [6 if kind == OrganisationKind.VOLUNTARY else 2 for kind in kinds]
        organisations = []
        links = defaultdict(list)
        borough_links, ward_links, community_links, topic_links = (
            (through._meta.db_table, ("organisation_id", column))
            for through, column in (
                (Organisation.boroughs.through, "borough_id"),
                (Organisation.wards.through, "ward_id"),
                (Organisation.communities.through, "community_id"),
                (Organisation.topics.through, "topic_id"),
            )
        )
        umbrella_count = len(umbrella_ids)
        for number, pk in enumerate(self.organisation_ids):
            umbrella = number < umbrella_count
            kind = OrganisationKind.UMBRELLA if umbrella else rng.choices(kinds, weights)[0]
            borough, ward = self.area()
            name = self.organisation_name(kind, borough, ward, names)
            names.add(name)
            pan_london = rng.random() < 0.03
            organisations.append(
                {
                    "id": pk,
                    "name": name,
                    "kind": kind,
                    "parent_id": None
                    if umbrella or rng.random() >= 0.3
                    else rng.choice(umbrella_ids),
                    "pan_london": pan_london,
                    "website": f"https://org{pk}.example.org",
                    "last_verified": self.now.date() - timedelta(days=rng.randint(0, 1200)),
                }
            )
            if not pan_london:
                links[borough_links].append((pk, borough.pk))
                if ward is not None:
                    links[ward_links].append((pk, ward.pk))
            if self.community_ids:
                for community_id in rng.sample(self.community_ids, k=rng.randint(0, 3)):
                    links[community_links].append((pk, community_id))
            if self.topic_ids:
                for topic_id in rng.sample(self.topic_ids, k=rng.randint(1, 3)):
                    links[topic_links].append((pk, topic_id))
        return organisations, links

    def organisation_name(self, kind, borough, ward, taken: set[str]) -> str:
        rng = self.rng
        place = ward.name if ward else borough.name
        if kind == OrganisationKind.UMBRELLA:
            kind_name = rng.choice(("Voluntary Action", "Faith Forum", "Tenants Federation"))
            base = f"{place} {kind_name}"
        else:
            base = rng.choice(ORGANISATION_PATTERNS[kind]).format(
                street=rng.choice(self.last_names),
                surname=rng.choice(self.last_names),
                saint=rng.choice(SAINTS),
                area=place,
            )
        name = base
        while name in taken:  # keep names distinct: the planted duplicates are the contacts
            name = f"{base}, {rng.choice(self.last_names)} {rng.choice(STREET_KINDS)} branch"
        return name

    # --- contacts -----------------------------------------------------------------------

    def build_contacts(self) -> list[dict]:
        twins = int(self.contact_total * DUPLICATE_SHARE)
        originals = self.contact_total - twins
        ids = iter(self.contact_ids)
        contacts = [self.contact(next(ids), number) for number in range(originals)]
        with_email = [contact for contact in contacts if contact["email"]]
        with_phone = [contact for contact in contacts if contact["phone"]]
        for number in range(twins):
            pool = (with_email, with_phone, contacts)[number % 3] or contacts
            contacts.append(self.twin(self.rng.choice(pool), next(ids), number))
        self.duplicate_count = twins
        return contacts

    def contact(self, pk: int, number: int) -> dict:
        rng = self.rng
        first, last = rng.choice(self.first_names), rng.choice(self.last_names)
        borough, ward = self.area()
        do_not_contact = rng.random() < 0.02
        email = ""
        if rng.random() < 0.92:
            local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
            email = f"{local}{self.number_offset + number}@{rng.choice(EMAIL_DOMAINS)}"
        age_days = rng.randint(0, 1460)
        added = self.now - timedelta(days=age_days, minutes=rng.randint(0, 1440))
        # Never verified (15%), or verified since being added: a quarter of them long ago.
        roll = rng.random()
        last_verified = None
        if roll >= 0.15:
            recent = age_days if roll < 0.4 else min(age_days, 365)
            last_verified = self.now.date() - timedelta(days=rng.randint(0, recent))
        return {
            "id": pk,
            "created": added,
            "modified": added,
            "name": f"{first} {last}",
            "email": email,
            "phone": self.phones.pop() if self.phones and rng.random() < 0.15 else "",
            "address_line_1": (
                f"{rng.randint(1, 250)} {rng.choice(self.last_names)} {rng.choice(STREET_KINDS)}"
            ),
            "town": "London",
            "postcode": postcode(rng, borough.name),
            "home_borough_id": borough.pk,
            "home_ward_id": ward.pk if ward else None,
            "preferred_channel": rng.choice(("", Channel.EMAIL, Channel.EMAIL, Channel.POST)),
            "language": rng.choice(LANGUAGES) if rng.random() < 0.08 else "",
            "needs_interpreter": rng.random() < 0.04,
            "needs_bsl": rng.random() < 0.01,
            "needs_large_print": rng.random() < 0.03,
            "needs_step_free": rng.random() < 0.05,
            "category": rng.choices(self.categories, self.category_weights)[0],
            "source": rng.choice(SOURCES),
            "last_verified": last_verified,
            "do_not_contact": do_not_contact,
            "do_not_contact_reason": "Asked not to be contacted" if do_not_contact else "",
        }

    def twin(self, original: dict, pk: int, number: int) -> dict:
        """A likely duplicate of ``original``: the same email in other case, the same
        phone, or a similar name at the same postcode, in turn."""
        twin = self.contact(pk, self.contact_total + number)
        kind = number % 3  # as in build_contacts: 0 has an email, 1 a phone number
        if kind == 0 and original["email"]:
            local, domain = original["email"].split("@")
            twin["name"], twin["email"] = original["name"], f"{local.title()}@{domain.upper()}"
        elif kind == 1 and original["phone"]:
            twin["phone"] = original["phone"]
            twin["name"] = f"{original['name'][0]}. {original['name'].split(' ', 1)[-1]}"
        else:
            first, _, last = original["name"].partition(" ")
            twin["name"] = f"{first}{first[-1]} {last}"
            twin["email"] = ""
            for column in ("postcode", "home_borough_id", "home_ward_id"):
                twin[column] = original[column]
        return twin

    def build_consent(self, contacts: list[dict]) -> list[dict]:
        """Consent records, and each contact's flags set to agree with its latest record."""
        rng = self.rng
        methods = [ConsentMethod.PAPER_FORM, ConsentMethod.ONLINE_FORM, ConsentMethod.IMPORTED]
        records = []
        for contact in contacts:
            plan = []
            if contact["email"] and rng.random() < 0.8:
                plan.append((Channel.EMAIL, rng.random() < 0.04))  # (channel, withdrawn later)
            if rng.random() < 0.35:
                plan.append((Channel.POST, False))
            if contact["phone"] and rng.random() < 0.15:
                plan.append((Channel.PHONE, False))
            for channel, withdrawn in plan:
                given = contact["created"] + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
                record = {
                    "contact_id": contact["id"],
                    "channel": channel,
                    "granted": True,
                    "recorded_at": given,
                    "method": rng.choice(methods),
                    "wording_version": WORDING_VERSION,
                }
                records.append(record)
                if withdrawn:
                    records.append(
                        record
                        | {
                            "granted": False,
                            "recorded_at": given + timedelta(days=rng.randint(1, 25)),
                            "method": ConsentMethod.EMAIL,
                            "note": "Withdrawn by email",
                        }
                    )
                contact[f"{channel}_consent"] = not withdrawn
        for record, pk in zip(records, reserve_ids(ConsentRecord, len(records)), strict=True):
            record["id"] = pk
        return records

    # --- memberships --------------------------------------------------------------------

    def build_memberships(self, organisations: list[dict]) -> list[dict]:
        """About 1.5 per contact; most organisations get a member as single point of
        contact (set on the organisation rows before they are written)."""
        rng = self.rng
        counts, weights = zip(*MEMBERSHIP_COUNTS, strict=True)
        memberships, first_member = [], {}
        organisation_ids = self.organisation_ids
        for contact_id in self.contact_ids:
            k = min(rng.choices(counts, weights)[0], len(organisation_ids))
            for organisation_id in rng.sample(organisation_ids, k=k):
                memberships.append(
                    {
                        "contact_id": contact_id,
                        "organisation_id": organisation_id,
                        "role": rng.choice(ROLES),
                    }
                )
                first_member.setdefault(organisation_id, contact_id)
        for organisation in organisations:
            if organisation["id"] in first_member and rng.random() < 0.6:
                organisation["single_point_of_contact_id"] = first_member[organisation["id"]]
        for membership, pk in zip(
            memberships, reserve_ids(Membership, len(memberships)), strict=True
        ):
            membership["id"] = pk
        return memberships
