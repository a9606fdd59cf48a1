"""Clearly fictional ward panel business for the demo: for each ward panel seed_consultations
made, about six meetings over the last year with the members present and the public head
count, priorities set at meetings and reviewed at later ones (the police report, with an
outcome), some closed with their outcome, actions agreed, and the next meeting.

The demo sergeant's first ward has a priority past its review date; their second ward's
panel has not met for more than WARD_PANEL_OVERDUE_DAYS (its recent meetings are removed),
so the sergeant's home has something overdue to show. Same database, same data.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from consultations.choices import GroupKind
from consultations.models import (
    Attendance,
    ConsultativeGroup,
    Event,
    GroupMembership,
    HeadCount,
    Outcome,
    PanelAction,
    PriorityTheme,
    PriorityUpdate,
    WardPriority,
)

SEED = 5005
SERGEANT_EMAIL = "sergeant@engage.example"
STAFF_EMAIL = "staff@engage.example"
DESCRIPTIONS = {
    "default": (
        "Groups gathering around {place} late in the evening",
        "Repeated reports near {place} on weekday afternoons",
        "Residents around {place} say this is getting worse after dark",
        "Problems reported by the tenants' association near {place}",
    ),
}
PLACES = (
    "the station forecourt",
    "the parade of shops on the high street",
    "the estate's car park",
    "the park by the primary school",
    "the bus interchange",
    "the canal towpath",
)
POLICE_ACTIONS = (
    "Extra foot patrols at the times reported; {n} people spoken to.",
    "Joint visit with the council's anti-social behaviour team; {n} warning letters issued.",
    "Plain-clothes operation over two weekends; {n} arrests.",
    "Worked with the housing provider on lighting and CCTV; {n} reports since.",
    "Speed checks with Community Roadwatch volunteers; {n} drivers warned.",
    "Licensed premises visited with the licensing officer; {n} premises advised.",
)
ACTIONS = (
    ("Invite the housing provider to the next meeting", "Panel chair"),
    ("Share the crime figures for the ward before the meeting", "Safer Neighbourhoods sergeant"),
    ("Ask the council about street lighting on the estate", "Ward councillor"),
    ("Put the meeting notice up in the library and the mosque", "Panel secretary"),
    ("Recruit a younger member to the panel", "Panel chair"),
)
# Outcomes reported at a review, and how likely each one closes the priority.
CLOSES = {
    Outcome.RESOLVED: 1.0,
    Outcome.IMPROVED: 0.4,
    Outcome.NO_CHANGE: 0.1,
    Outcome.WORSE: 0.0,
}


@dataclass
class PlannedPriority:
    """A priority's life over a panel's meetings, before it is written."""

    theme_id: int
    description: str
    set_at: int  # index of the meeting
    review_by: date
    closed_at: int | None = None
    outcome: str = ""
    updates: list = field(default_factory=list)  # (meeting index, action text, outcome)


def plan_priorities(
    rng: random.Random, meeting_days: list[date], theme_ids: list[int], *, max_open: int
) -> list[PlannedPriority]:
    """Priorities over a panel's past meetings (oldest first): reviewed at each later
    meeting with the police report and an outcome; a resolved one (and sometimes an
    improved one) is closed with that outcome and a new one set in its place, so there
    are never more than ``max_open`` open at once. Open ones are reviewed by the next
    meeting, about two months on."""
    priorities: list[PlannedPriority] = []
    open_now: list[PlannedPriority] = []
    for index, day in enumerate(meeting_days):
        for priority in list(open_now):
            outcome = rng.choices(list(CLOSES), weights=(3, 4, 2, 1))[0]
            action = rng.choice(POLICE_ACTIONS).format(n=rng.randint(1, 12))
            priority.updates.append((index, action, outcome))
            if rng.random() < CLOSES[outcome]:
                priority.closed_at, priority.outcome = index, outcome
                open_now.remove(priority)
            else:
                priority.review_by = day + timedelta(days=rng.randint(50, 70))
        while len(open_now) < max_open:
            description = rng.choice(DESCRIPTIONS["default"]).format(place=rng.choice(PLACES))
            priority = PlannedPriority(
                theme_id=rng.choice(theme_ids),
                description=description,
                set_at=index,
                review_by=day + timedelta(days=rng.randint(50, 70)),
            )
            open_now.append(priority)
            priorities.append(priority)
    return priorities


def seed_panels(*, stdout) -> None:
    """Add meetings, priorities and actions to the demo's ward panels, unless priorities
    exist already (or there are no ward panels or themes)."""
    if WardPriority.objects.exists():
        stdout.write("Ward panels: the database already has priorities; left as they are.")
        return
    panels = list(
        ConsultativeGroup.objects.filter(kind=GroupKind.WARD_PANEL, ward__isnull=False)
        .select_related("ward__borough")
        .order_by("ward__borough__name", "ward__name", "pk")
    )
    theme_ids = list(PriorityTheme.objects.order_by("position", "pk").values_list("pk", flat=True))
    if not panels or not theme_ids:
        stdout.write("Ward panels: no ward panels or priority themes; nothing added.")
        return
    _PanelSeeder(panels, theme_ids).run()
    stdout.write(
        f"Ward panels: {len(panels)} panels, {WardPriority.objects.count()} priorities "
        f"({WardPriority.objects.open().count()} open), {PriorityUpdate.objects.count()} "
        f"police updates, {PanelAction.objects.count()} actions."
    )


class _PanelSeeder:
    def __init__(self, panels, theme_ids):
        self.rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
        self.panels = panels
        self.theme_ids = theme_ids
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.max_open = settings.WARD_PANEL_MAX_OPEN_PRIORITIES
        sergeant = User.objects.filter(email=SERGEANT_EMAIL).first()
        self.sergeant = sergeant
        self.sergeant_wards = (
            list(
                sergeant.wards.order_by("borough__name", "name", "pk").values_list("pk", flat=True)
            )
            if sergeant
            else []
        )
        self.staff = (
            User.objects.filter(email=STAFF_EMAIL).first() or User.objects.order_by("pk").first()
        )

    def run(self) -> None:
        sergeant_panels = [p for p in self.panels if p.ward_id in self.sergeant_wards]
        sergeant_panels.sort(key=lambda p: self.sergeant_wards.index(p.ward_id))
        overdue_review = sergeant_panels[0] if sergeant_panels else None
        not_met = sergeant_panels[1] if len(sergeant_panels) > 1 else None
        for panel in self.panels:
            self.seed_panel(panel, overdue_review=panel == overdue_review, not_met=panel == not_met)

    def at(self, day: date, hour: int = 19) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    def seed_panel(self, panel, *, overdue_review: bool, not_met: bool) -> None:
        rng = self.rng
        overdue_days = settings.WARD_PANEL_OVERDUE_DAYS
        author = self.sergeant if panel.ward_id in self.sergeant_wards else self.staff
        meetings = panel.events.filter(cancelled=False)
        if not_met:
            # Its recent meetings did not happen: nothing for longer than the overdue limit.
            meetings.filter(
                starts_at__gte=self.now - timedelta(days=overdue_days + 20),
                starts_at__lt=self.now,
            ).delete()
        past = list(meetings.filter(starts_at__lt=self.now).order_by("starts_at"))
        every = panel.meets_every_days or 60
        earliest = past[0].starts_at.date() if past else self.today - timedelta(days=every)
        if not_met and not past:
            earliest = self.today - timedelta(days=overdue_days + 20)
        added = []
        day = earliest - timedelta(days=every)
        while len(past) + len(added) < 6 and day > self.today - timedelta(days=365):
            added.append(self.meeting(panel, day))
            day -= timedelta(days=every)
        if not past and not added:
            added.append(self.meeting(panel, earliest))
        past = sorted(past + added, key=lambda event: event.starts_at)
        if not meetings.filter(starts_at__gte=self.now).exists():
            self.meeting(panel, self.today + timedelta(days=rng.randint(14, 40)))

        members = list(panel.memberships.filter(left_on__isnull=True).order_by("pk"))
        for membership in members:
            membership.wants_reminders = rng.random() < 0.5
        GroupMembership.objects.bulk_update(members, ["wants_reminders"])
        self.attendance_and_counts(past, [m.contact_id for m in members])

        days = [event.starts_at.date() for event in past]
        planned = plan_priorities(rng, days, self.theme_ids, max_open=self.max_open)
        still_open = [p for p in planned if p.closed_at is None]
        if overdue_review and still_open:
            # The police report on it is late: its review date has passed.
            late = still_open[0]
            late.review_by = max(days[late.set_at], self.today - timedelta(days=12))
        self.write(panel, past, planned, author)

    def meeting(self, panel, day: date) -> Event:
        starts = self.at(day, hour=self.rng.choice((18, 19)))
        event = Event(
            group=panel,
            title=f"{panel.name.removesuffix(' (demo)')} meeting",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            venue_name="Eastfield Community Centre (demo)",
            venue_address="12 Fictional Road",
            borough_id=panel.ward.borough_id,
            ward=panel.ward,
            step_free=True,
            published=True,
        )
        event.full_clean()
        event.save()
        return event

    def attendance_and_counts(self, meetings, member_ids) -> None:
        rng = self.rng
        event_ids = [event.pk for event in meetings]
        attended = set(
            Attendance.objects.filter(event_id__in=event_ids).values_list("event_id", "contact_id")
        )
        counted = set(
            HeadCount.objects.filter(event_id__in=event_ids, community__isnull=True).values_list(
                "event_id", flat=True
            )
        )
        attendances, counts = [], []
        for event in meetings:
            present = rng.sample(member_ids, k=min(len(member_ids), rng.randint(3, 8)))
            for contact_id in present:
                if (event.pk, contact_id) not in attended:
                    attendances.append(
                        Attendance(event=event, contact_id=contact_id, recorded_by=None)
                    )
            if event.pk not in counted:
                counts.append(HeadCount(event=event, count=rng.randint(8, 45)))
        Attendance.objects.bulk_create(attendances)
        HeadCount.objects.bulk_create(counts)

    def write(self, panel, meetings, planned, author) -> None:
        rng = self.rng
        priorities, updates = [], []
        for plan in planned:
            closed = meetings[plan.closed_at] if plan.closed_at is not None else None
            priority = WardPriority(
                group=panel,
                theme_id=plan.theme_id,
                description=f"{plan.description} (demo)",
                set_on=meetings[plan.set_at].starts_at.date(),
                set_at=meetings[plan.set_at],
                review_by=plan.review_by,
                closed_on=closed.starts_at.date() if closed else None,
                closed_at=closed,
                outcome=plan.outcome,
                created_by=author,
            )
            priority.full_clean()
            priorities.append(priority)
            for index, action, outcome in plan.updates:
                updates.append(
                    PriorityUpdate(
                        priority=priority,
                        meeting=meetings[index],
                        reported_on=meetings[index].starts_at.date(),
                        police_action=action,
                        outcome=outcome,
                        recorded_by=author,
                    )
                )
        WardPriority.objects.bulk_create(priorities)
        PriorityUpdate.objects.bulk_create(updates)
        actions = []
        for event in meetings:
            for description, owner in rng.sample(ACTIONS, k=rng.randint(1, 2)):
                day = event.starts_at.date()
                actions.append(
                    PanelAction(
                        meeting=event,
                        description=description,
                        owner=owner,
                        due_on=day + timedelta(days=rng.randint(14, 50)),
                    )
                )
        PanelAction.objects.bulk_create(actions)
