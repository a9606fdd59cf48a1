"""London-scale ward panels for benchmarks: a panel for every ward that has none, with
members, two years of meetings (about every two months, and the next one booked), members
present and the public head count, priorities (at most WARD_PANEL_MAX_OPEN_PRIORITIES open
at a time, the others closed with their outcome), the police report on each at later
meetings, and actions agreed. A few seconds for 700 wards.

Like ``seed_consultations_at_scale``: ids reserved from the sequences, rows written with
COPY, history insert triggers off; the caller holds the transaction. Same seed and same
database, same data.
"""

import random
from collections import defaultdict
from contextlib import nullcontext
from datetime import datetime, time, timedelta

import pgtrigger
from django.conf import settings
from django.utils import timezone

from areas.models import Ward
from consultations.choices import GroupKind, GroupRole
from consultations.models import (
    Attendance,
    ConsultativeGroup,
    Event,
    GroupMembership,
    HeadCount,
    PanelAction,
    PriorityTheme,
    PriorityUpdate,
    WardPriority,
)
from demo.panels import ACTIONS, plan_priorities
from stakeholders.models import Contact

DAYS_BACK = 730
EVERY = 60
WRITTEN = (
    ConsultativeGroup,
    GroupMembership,
    Event,
    Attendance,
    HeadCount,
    WardPriority,
    PriorityUpdate,
    PanelAction,
)


def seed_panels_at_scale(*, stdout, seed: int = 2026) -> dict[str, int]:
    """Write the panels and their business; return how many rows of each. Call inside
    ``transaction.atomic()``, after contacts exist (panels without contacts get no members)."""
    # Imported here: seed_scale imports this module's callers, so a top-level import would
    # be circular.
    from demo.management.commands.seed_scale import copy_dicts, reserve_ids

    with _history_triggers_off():
        return _build(seed=seed, stdout=stdout, copy_dicts=copy_dicts, reserve_ids=reserve_ids)


def _history_triggers_off():
    written = {model._meta.label for model in WRITTEN}
    uris = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if model._meta.label in written and trigger.name.startswith("insert")
    ]
    # pgtrigger.ignore() with no URIs would ignore every trigger: only call it with some.
    return pgtrigger.ignore(*uris) if uris else nullcontext()


def _build(*, seed, stdout, copy_dicts, reserve_ids) -> dict[str, int]:
    with_panel = ConsultativeGroup.objects.filter(
        kind=GroupKind.WARD_PANEL, ward__isnull=False
    ).values("ward_id")
    wards = list(
        Ward.objects.exclude(pk__in=with_panel)
        .order_by("pk")
        .values_list("pk", "borough_id", "name")
    )
    theme_ids = list(PriorityTheme.objects.order_by("position", "pk").values_list("pk", flat=True))
    counts = dict.fromkeys(("panels", "memberships", "meetings", "attendances", "head_counts"), 0)
    counts |= dict.fromkeys(("priorities", "updates", "actions"), 0)
    if not wards:
        stdout.write("Ward panels: every ward has one already.")
        return counts
    rng = random.Random(seed + len(wards))  # noqa: S311 (benchmark data)
    max_open = settings.WARD_PANEL_MAX_OPEN_PRIORITIES
    now = timezone.now()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    local, everyone = defaultdict(list), []
    for contact_id, ward_id in (
        Contact.objects.filter(erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "home_ward_id")
    ):
        everyone.append(contact_id)
        local[ward_id].append(contact_id)

    panels, memberships = [], []
    attendances, head_counts, priorities, updates, actions = [], [], [], [], []
    roles = (GroupRole.CHAIR, GroupRole.SECRETARY, GroupRole.COUNCILLOR)
    panel_ids = reserve_ids(ConsultativeGroup, len(wards))
    panel_meetings = {}
    for panel_id, (ward_id, borough_id, ward_name) in zip(panel_ids, wards, strict=True):
        panels.append(
            {
                "id": panel_id,
                "name": f"{ward_name} Ward Panel",
                "kind": GroupKind.WARD_PANEL,
                "ward_id": ward_id,
                "borough_id": borough_id,
                "meets_every_days": EVERY,
                "description": "Residents and partners who set the ward's policing priorities.",
            }
        )
        pool = local.get(ward_id) or everyone
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(8, 12)))
        members = []
        for number, contact_id in enumerate(chosen):
            members.append(contact_id)
            memberships.append(
                {
                    "group_id": panel_id,
                    "contact_id": contact_id,
                    "role": roles[number] if number < len(roles) else GroupRole.MEMBER,
                    "joined_on": today - timedelta(days=rng.randint(DAYS_BACK, DAYS_BACK + 700)),
                    "wants_reminders": rng.random() < 0.4,
                }
            )
        offset = -DAYS_BACK + rng.randint(0, EVERY - 1)
        days = []
        while offset < 0 or not days or days[-1] < today:
            days.append(today + timedelta(days=offset))
            offset += EVERY + rng.randint(-7, 7)
        panel_meetings[panel_id] = (ward_id, borough_id, ward_name, days, members)

    event_ids = iter(reserve_ids(Event, sum(len(p[3]) for p in panel_meetings.values())))
    events = []
    for panel_id, (ward_id, borough_id, ward_name, days, members) in panel_meetings.items():
        past = []
        for day in days:
            starts = datetime.combine(day, time(rng.choice((18, 19))), tz)
            event = {
                "id": next(event_ids),
                "group_id": panel_id,
                "title": f"{ward_name} Ward Panel meeting",
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=90),
                "venue_name": f"{ward_name} Community Centre",
                "borough_id": borough_id,
                "ward_id": ward_id,
                "step_free": True,
                "published": True,
            }
            events.append(event)
            if starts >= now:
                continue
            past.append(event)
            for contact_id in rng.sample(members, k=min(len(members), rng.randint(3, 8))):
                attendances.append({"event_id": event["id"], "contact_id": contact_id})
            head_counts.append({"event_id": event["id"], "count": rng.randint(5, 60)})
            for description, owner in rng.sample(ACTIONS, k=rng.randint(0, 2)):
                actions.append(
                    {
                        "meeting_id": event["id"],
                        "description": description,
                        "owner": owner,
                        "due_on": day + timedelta(days=rng.randint(14, 50)),
                    }
                )
        if not theme_ids or not past:
            continue
        past_days = [event["starts_at"].date() for event in past]
        for plan in plan_priorities(rng, past_days, theme_ids, max_open=max_open):
            closed = past[plan.closed_at] if plan.closed_at is not None else None
            priority = {
                "group_id": panel_id,
                "theme_id": plan.theme_id,
                "description": plan.description,
                "set_on": past_days[plan.set_at],
                "set_at_id": past[plan.set_at]["id"],
                "review_by": plan.review_by,
                "closed_on": past_days[plan.closed_at] if closed else None,
                "closed_at_id": closed["id"] if closed else None,
                "outcome": plan.outcome,
            }
            priorities.append(priority)
            for index, action, outcome in plan.updates:
                updates.append(
                    {
                        "priority": priority,
                        "meeting_id": past[index]["id"],
                        "reported_on": past_days[index],
                        "police_action": action,
                        "outcome": outcome,
                    }
                )

    for rows, model in (
        (memberships, GroupMembership),
        (attendances, Attendance),
        (head_counts, HeadCount),
        (priorities, WardPriority),
        (updates, PriorityUpdate),
        (actions, PanelAction),
    ):
        for row, pk in zip(rows, reserve_ids(model, len(rows)), strict=True):
            row["id"] = pk
    for update in updates:
        update["priority_id"] = update.pop("priority")["id"]
    counts = {
        "panels": copy_dicts(ConsultativeGroup, panels),
        "memberships": copy_dicts(GroupMembership, memberships),
        "meetings": copy_dicts(Event, events),
        "attendances": copy_dicts(Attendance, attendances),
        "head_counts": copy_dicts(HeadCount, head_counts),
        "priorities": copy_dicts(WardPriority, priorities),
        "updates": copy_dicts(PriorityUpdate, updates),
        "actions": copy_dicts(PanelAction, actions),
    }
    stdout.write(f"Ward panels: {counts}")
    return counts
