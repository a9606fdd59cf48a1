"""London-scale consultations for benchmarks: about 1,000 consultations, 500 standing
groups, 30,000 events over three years (two years back, one ahead), 600,000 invitations and
about as many attendances, spread over the contacts that exist. Well under a minute.

Like ``seed_scale`` (whose COPY helpers it uses), ids are reserved from the sequences and
every row is written with PostgreSQL's COPY, with the history insert triggers off; the
caller holds the transaction. Each sent
invitation also gets its outreach record, so the fatigue cap counts it. Invitations and
attendances are unique per event and contact (the tables' constraints). Same seed and same
database, same data.
"""

import random
from collections import defaultdict
from contextlib import nullcontext
from datetime import datetime, time, timedelta
from time import perf_counter

import pgtrigger
from django.utils import timezone

from accounts.models import User
from areas.models import Borough, Ward
from consultations.choices import (
    ConsultationStatus,
    EngagementLevel,
    GroupKind,
    GroupRole,
    InvitationStatus,
    Method,
)
from consultations.models import (
    Attendance,
    Consultation,
    ConsultativeGroup,
    Event,
    GroupMembership,
    Invitation,
)
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.models import Contact, OutreachRecord

SUBJECTS = (
    "Ward priorities",
    "Front counter opening hours",
    "Stop and search explained",
    "Night-time economy patrols",
    "Hate crime reporting",
    "Anti-social behaviour on the estates",
    "Youth engagement programme",
    "Safer Neighbourhoods base move",
    "Road safety near schools",
    "Burglary prevention",
)
VENUES = ("Community Centre", "Library", "Church Hall", "Youth Club", "Town Hall", "School")
DAYS_BACK, DAYS_AHEAD = 730, 365


def seed_consultations_at_scale(
    *,
    events: int = 30_000,
    invitations: int = 600_000,
    attendances: int | None = None,
    seed: int = 2026,
    stdout,
) -> dict[str, int]:
    """Write the rows and return how many of each. ``attendances`` defaults to about as
    many as ``invitations``. Needs contacts and an acting user to exist (run after the
    stakeholder load); call inside ``transaction.atomic()``."""
    builder = _Builder(
        events=events,
        invitations=invitations,
        attendances=invitations if attendances is None else attendances,
        seed=seed,
        stdout=stdout,
    )
    with _history_triggers_off():
        return builder.build()


def _history_triggers_off():
    """History (django-pghistory) insert triggers on the tables written here are off for
    the load, as in seed_scale: one subtransaction per row would make it crawl, and
    "created by the seed" records nothing useful."""
    written = {
        model._meta.label
        for model in (
            Consultation,
            ConsultativeGroup,
            GroupMembership,
            Event,
            Invitation,
            Attendance,
            OutreachRecord,
        )
    }
    uris = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if model._meta.label in written and trigger.name.startswith("insert")
    ]
    # pgtrigger.ignore() with no URIs would ignore every trigger: only call it with some.
    return pgtrigger.ignore(*uris) if uris else nullcontext()


class _Builder:
    def __init__(self, *, events, invitations, attendances, seed, stdout):
        self.event_total = max(1, events)
        self.invitation_total = max(0, invitations)
        self.attendance_total = max(0, attendances)
        self.consultation_total = max(1, self.event_total // 30)
        self.group_total = max(1, self.event_total // 60)
        existing = Consultation.objects.count()
        self.rng = random.Random(seed + existing)  # noqa: S311 (benchmark data)
        self.stdout = stdout
        self.clock = perf_counter()
        self.now = timezone.now()
        self.today = timezone.localdate()

    def say(self, message: str) -> None:
        self.stdout.write(message)
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()

    def lap(self, what: str) -> None:
        now = perf_counter()
        self.say(f"  {what}: {now - self.clock:.1f} s")
        self.clock = now

    def build(self) -> dict[str, int]:
        # Imported here: seed_scale imports this module, so a top-level import would be
        # circular.
        from demo.management.commands.seed_scale import copy_dicts, copy_rows, reserve_ids

        self.copy_dicts, self.copy_rows, self.reserve_ids = copy_dicts, copy_rows, reserve_ids
        self.contact_ids = list(
            Contact.objects.filter(erased_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.officer_ids = list(User.objects.order_by("pk").values_list("pk", flat=True)[:50])
        if not self.officer_ids:
            raise ValueError("No users: create the demo users first (seed_demo).")
        self.wards = list(Ward.objects.order_by("pk").values_list("pk", "borough_id"))
        self.borough_ids = list(Borough.objects.order_by("pk").values_list("pk", flat=True))
        if not self.borough_ids:
            raise ValueError("No boroughs: run migrate first.")
        self.lap("consultations: pools loaded")
        consultations = self.build_consultations()
        groups = self.build_groups()
        events = self.build_events(consultations, groups)
        self.lap(
            f"consultations: {len(consultations)} consultations, {len(groups)} groups and "
            f"{len(events)} events built"
        )
        self.copy_dicts(Consultation, consultations)
        for (table, columns), rows in self.links.items():
            self.copy_rows(table, columns, rows)
        self.copy_dicts(ConsultativeGroup, groups)
        memberships = self.build_memberships(groups)
        self.copy_dicts(GroupMembership, memberships)
        self.copy_dicts(Event, events)
        self.lap("consultations, groups, memberships and events written")
        counts = self.write_invitations_and_attendances(events)
        self.lap(
            f"{counts['invitations']} invitations, {counts['outreach']} outreach records and "
            f"{counts['attendances']} attendances written"
        )
        return {
            "consultations": len(consultations),
            "groups": len(groups),
            "memberships": len(memberships),
            "events": len(events),
            **counts,
        }

    # --- consultations and groups --------------------------------------------------------

    def day(self, offset: int):
        return self.today + timedelta(days=offset)

    def status_for(self, opens: int, closes: int, feedback: int) -> str:
        rng = self.rng
        if opens > 0:
            return ConsultationStatus.DRAFT if rng.random() < 0.3 else ConsultationStatus.PLANNED
        if closes >= 0:
            return ConsultationStatus.OPEN
        if feedback >= 0:
            return ConsultationStatus.CLOSED
        if feedback > -365:
            return rng.choice((ConsultationStatus.CLOSED, ConsultationStatus.FEEDBACK_PUBLISHED))
        return rng.choice((ConsultationStatus.FEEDBACK_PUBLISHED, ConsultationStatus.ARCHIVED))

    def build_consultations(self) -> list[dict]:
        rng = self.rng
        ids = self.reserve_ids(Consultation, self.consultation_total)
        self.links = defaultdict(list)
        ward_table = (Consultation.wards.through._meta.db_table, ("consultation_id", "ward_id"))
        borough_table = (
            Consultation.boroughs.through._meta.db_table,
            ("consultation_id", "borough_id"),
        )
        self.consultation_areas = {}
        rows = []
        methods = list(Method.values)
        for pk in ids:
            opens = rng.randint(-DAYS_BACK, DAYS_AHEAD - 60)
            closes = opens + rng.randint(14, 90)
            feedback = closes + rng.randint(30, 90)
            roll = rng.random()
            ward_id = borough_id = None
            if roll < 0.6 and self.wards:
                ward_id, borough_id = rng.choice(self.wards)
                self.links[ward_table].append((pk, ward_id))
            elif roll < 0.9:
                borough_id = rng.choice(self.borough_ids)
                self.links[borough_table].append((pk, borough_id))
            self.consultation_areas[pk] = (borough_id, ward_id, opens, closes)
            rows.append(
                {
                    "id": pk,
                    "title": f"{rng.choice(SUBJECTS)} {pk} (scale)",
                    "why": "The decision it informs is being taken this year.",
                    "can_influence": "Which local priorities come first.",
                    "engagement_level": rng.choice(EngagementLevel.values),
                    "methods": "{" + ",".join(rng.sample(methods, k=rng.randint(1, 3))) + "}",
                    "lead_officer_id": rng.choice(self.officer_ids),
                    "unit": "Strategic Consultation Unit",
                    "pan_london": ward_id is None and borough_id is None,
                    "audience_categories": "{" + rng.choice(ConsulteeCategory.values) + "}",
                    "opens_on": self.day(opens),
                    "closes_on": self.day(closes),
                    "feedback_promised_by": self.day(feedback),
                    "status": self.status_for(opens, closes, feedback),
                }
            )
        return rows

    def build_groups(self) -> list[dict]:
        rng = self.rng
        ids = self.reserve_ids(ConsultativeGroup, self.group_total)
        rows = []
        self.group_areas = {}
        for number, pk in enumerate(ids):
            if self.wards and number % 5 < 3:
                ward_id, borough_id = self.wards[number % len(self.wards)]
                kind, every = GroupKind.WARD_PANEL, 60
            else:
                ward_id, borough_id = None, rng.choice(self.borough_ids)
                kind = rng.choice(
                    (GroupKind.BOROUGH_GROUP, GroupKind.IAG, GroupKind.YOUTH_PANEL, GroupKind.OTHER)
                )
                every = rng.choice((30, 45, 90))
            self.group_areas[pk] = (borough_id, ward_id, every)
            rows.append(
                {
                    "id": pk,
                    "name": f"{GroupKind(kind).label.split(' (')[0]} {pk} (scale)",
                    "kind": kind,
                    "borough_id": borough_id,
                    "ward_id": ward_id,
                    "meets_every_days": every,
                }
            )
        return rows

    def build_memberships(self, groups: list[dict]) -> list[dict]:
        rng = self.rng
        rows = []
        roles = (GroupRole.CHAIR, GroupRole.SECRETARY, GroupRole.COUNCILLOR)
        for group in groups:
            k = min(len(self.contact_ids), rng.randint(6, 14))
            for number, contact_id in enumerate(rng.sample(self.contact_ids, k=k)):
                rows.append(
                    {
                        "group_id": group["id"],
                        "contact_id": contact_id,
                        "role": roles[number] if number < len(roles) else GroupRole.MEMBER,
                        "joined_on": self.day(-rng.randint(30, 1500)),
                    }
                )
        for row, pk in zip(rows, self.reserve_ids(GroupMembership, len(rows)), strict=True):
            row["id"] = pk
        return rows

    # --- events --------------------------------------------------------------------------

    def build_events(self, consultations, groups) -> list[dict]:
        rng = self.rng
        ids = self.reserve_ids(Event, self.event_total)
        consultation_ids = [row["id"] for row in consultations]
        group_ids = [row["id"] for row in groups]
        rows = []
        tz = timezone.get_current_timezone()
        for number, pk in enumerate(ids):
            row = {"id": pk, "published": rng.random() < 0.6, "step_free": rng.random() < 0.8}
            if number % 3 < 2 or not group_ids:
                owner = rng.choice(consultation_ids)
                borough_id, ward_id, opens, closes = self.consultation_areas[owner]
                offset = rng.randint(opens, closes)
                row |= {"consultation_id": owner, "title": f"Session {pk} (scale)"}
            else:
                owner = rng.choice(group_ids)
                borough_id, ward_id, _every = self.group_areas[owner]
                offset = rng.randint(-DAYS_BACK, DAYS_AHEAD)
                row |= {"group_id": owner, "title": f"Meeting {pk} (scale)"}
            starts = datetime.combine(self.day(offset), time(rng.choice((10, 14, 18, 19))), tz)
            row |= {
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "borough_id": borough_id,
                "ward_id": ward_id,
                "venue_name": f"{rng.choice(VENUES)} {pk % 97} (scale)",
                "capacity": rng.choice((None, 40, 80, 150)),
            }
            rows.append(row)
        return rows

    # --- invitations, outreach, attendance ------------------------------------------------

    def write_invitations_and_attendances(self, events) -> dict[str, int]:
        rng = self.rng
        contacts = self.contact_ids
        per_event = _spread(self.invitation_total, len(events), rng)
        past = [event for event in events if event["starts_at"] < self.now]
        attendance_for = dict(
            zip(
                (event["id"] for event in past),
                _spread(self.attendance_total, len(past), rng),
                strict=True,
            )
        )
        invitations, outreach, attendances = [], [], []
        for event, invite_k in zip(events, per_event, strict=True):
            attend_k = attendance_for.get(event["id"], 0)
            need = min(len(contacts), invite_k + attend_k)
            chosen = rng.sample(contacts, k=need) if need else []
            invitees = chosen[: min(invite_k, len(chosen))]
            is_past = event["starts_at"] < self.now
            sent_at = min(event["starts_at"] - timedelta(days=14), self.now)
            accepted = []
            for contact_id in invitees:
                roll = rng.random()
                if not is_past and roll < 0.2:
                    status = InvitationStatus.QUEUED
                elif roll < 0.25:
                    status = InvitationStatus.FAILED
                elif roll < 0.45:
                    status = InvitationStatus.SENT
                elif roll < 0.9:
                    status = InvitationStatus.ACCEPTED
                    accepted.append(contact_id)
                else:
                    status = InvitationStatus.DECLINED
                sent = status not in (InvitationStatus.QUEUED, InvitationStatus.FAILED)
                invitations.append(
                    {
                        "event_id": event["id"],
                        "contact_id": contact_id,
                        "status": status,
                        "attempts": 0 if status == InvitationStatus.QUEUED else 1,
                        "sent_at": sent_at if sent else None,
                        "responded_at": sent_at
                        if status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
                        else None,
                    }
                )
                if sent:
                    outreach.append(
                        {
                            "contact_id": contact_id,
                            "channel": Channel.EMAIL,
                            "sent_at": sent_at,
                            "description": f"Invited to {event['title']}",
                        }
                    )
            if attend_k:
                # Those who accepted come first; the rest walk in (never invited).
                walk_ins = chosen[len(invitees) :]
                for contact_id in accepted[:attend_k]:
                    attendances.append({"event_id": event["id"], "contact_id": contact_id})
                for contact_id in walk_ins[: max(0, attend_k - len(accepted))]:
                    attendances.append(
                        {"event_id": event["id"], "contact_id": contact_id, "walk_in": True}
                    )
        for rows, model in ((invitations, Invitation), (outreach, OutreachRecord)):
            for row, pk in zip(rows, self.reserve_ids(model, len(rows)), strict=True):
                row["id"] = pk
        for row, pk in zip(
            attendances, self.reserve_ids(Attendance, len(attendances)), strict=True
        ):
            row["id"] = pk
        self.lap("invitations and attendances built")
        return {
            "invitations": self.copy_dicts(Invitation, invitations),
            "outreach": self.copy_dicts(OutreachRecord, outreach),
            "attendances": self.copy_dicts(Attendance, attendances),
        }


def _spread(total: int, slots: int, rng: random.Random) -> list[int]:
    """``total`` split over ``slots`` unevenly (±50% around the mean), summing exactly."""
    if slots <= 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(slots)]
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in range(total - sum(counts)):
        counts[index % slots] += 1
    return counts
