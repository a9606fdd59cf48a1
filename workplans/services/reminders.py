"""Reminders to leads and the weekly digest to plan owners, each condition once.

A lead is told about each open item they lead (in a plan not closed), once per condition:

- due soon: due within ``WORKPLANS_DUE_SOON_DAYS`` days ("workplan-item-due:{id}:{due_on}");
- overdue: its due date passed ("workplan-item-overdue:{id}:{due_on}");
- stale: no progress update for ``WORKPLANS_STALE_DAYS`` days, counted from the last update
  or, with none, from the item's creation ("workplan-item-stale:{id}:{baseline date}").

A new due date or a new update is a new condition, so it may remind again. Each run sends a
lead one email listing every condition newly due, and records all of them with it
(consultations.services.once); a mail failure records none, so the next run tries again.
Leads who are not active are not reminded: their items show as without a lead in the
owner's digest.

The digest goes to each plan's owner (active; plans not closed, with items) once per ISO
week ("workplan-digest:{plan_id}:{2026-W49}").
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations.models import ReminderSent
from consultations.services.once import send_once
from core.links import absolute_url
from workplans.choices import ItemStatus, PlanStatus
from workplans.models import PlanItem, ProgressUpdate, WorkPlan
from workplans.selectors.plans import rag_counts

DUE, OVERDUE, STALE = "due", "overdue", "stale"
LISTED = 30  # items listed per section of an email; the rest are counted, with a link
RECENT_DAYS = 7  # the digest's "updates in the last week"


def _section(title: str, entries: list) -> dict:
    """A section of an email: the first ``LISTED`` entries, and how many in all."""
    return {"title": title, "listed": entries[:LISTED], "count": len(entries)}


def _open_items() -> QuerySet[PlanItem]:
    return PlanItem.objects.live()


def stale_items(items: QuerySet[PlanItem], today: date) -> QuerySet[PlanItem]:
    """``items`` with no update for ``WORKPLANS_STALE_DAYS`` days, annotated with
    ``baseline``: the date counted from (the last update, else the day it was made)."""
    since = today - timedelta(days=settings.WORKPLANS_STALE_DAYS)
    return items.annotate(baseline=Coalesce("last_progress_on", TruncDate("created"))).filter(
        baseline__lte=since
    )


@dataclass(frozen=True)
class Reminder:
    """One condition of one item, to tell its lead about."""

    kind: str
    item: PlanItem
    condition: str

    @property
    def url(self) -> str:
        return absolute_url(self.item.get_absolute_url())


def reminders_due(today: date | None = None) -> list[Reminder]:
    """Every condition due now for an active lead, sent or not, in plan order."""
    today = today or timezone.localdate()
    led = _open_items().filter(lead__is_active=True).select_related("plan", "lead")
    days = settings.WORKPLANS_DUE_SOON_DAYS
    found = [
        Reminder(DUE, item, f"workplan-item-due:{item.pk}:{item.due_on.isoformat()}")
        for item in led.due_within(days, today)
    ]
    found += [
        Reminder(OVERDUE, item, f"workplan-item-overdue:{item.pk}:{item.due_on.isoformat()}")
        for item in led.overdue(today)
    ]
    found += [
        Reminder(STALE, item, f"workplan-item-stale:{item.pk}:{item.baseline.isoformat()}")
        for item in stale_items(led, today)
    ]
    return found


def _lead_message(lead, reminders: list[Reminder]) -> EmailMessage:
    sections = {kind: [r for r in reminders if r.kind == kind] for kind in (OVERDUE, DUE, STALE)}
    counts = [
        f"{len(sections[OVERDUE])} overdue" if sections[OVERDUE] else "",
        f"{len(sections[DUE])} due soon" if sections[DUE] else "",
        f"{len(sections[STALE])} without a recent update" if sections[STALE] else "",
    ]
    context = {
        "lead": lead,
        "sections": [
            _section(title, found)
            for title, found in (
                ("Overdue: the due date has passed", sections[OVERDUE]),
                (f"Due within {settings.WORKPLANS_DUE_SOON_DAYS} days", sections[DUE]),
                (f"No progress update for {settings.WORKPLANS_STALE_DAYS} days", sections[STALE]),
            )
            if found
        ],
        "mine_url": absolute_url(reverse("workplans:my-items")),
    }
    return EmailMessage(
        subject=f"Work plan reminder: {', '.join(count for count in counts if count)}",
        body=render_to_string("workplans/email/lead_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lead.email],
    )


def lead_reminders_send(today: date | None = None) -> int:
    """One email to each lead with conditions newly due, recording them. Returns how many
    emails were sent."""
    found = reminders_due(today)
    sent_already = set(
        ReminderSent.objects.filter(
            condition__in=[reminder.condition for reminder in found]
        ).values_list("condition", flat=True)
    )
    by_lead = defaultdict(list)
    for reminder in found:
        if reminder.condition not in sent_already:
            by_lead[reminder.item.lead].append(reminder)
    sent = 0
    for lead, reminders in sorted(by_lead.items(), key=lambda pair: pair[0].pk):
        message = _lead_message(lead, reminders)
        sent += send_once([reminder.condition for reminder in reminders], message)
    return sent


# The weekly digest ----------------------------------------------------------------------


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class PlanDigest:
    plan: WorkPlan
    today: date
    overdue: list[PlanItem]
    due_soon: list[PlanItem]
    stale: list[PlanItem]
    unled: list[PlanItem]
    rag: dict[str, int]  # open items by RAG
    complete: int
    updates: list[ProgressUpdate]  # in the last RECENT_DAYS days


def plan_digest(plan: WorkPlan, today: date | None = None) -> PlanDigest:
    """What the owner is told of ``plan`` this week. Items without an active lead are
    "without a lead": nobody is being reminded of them."""
    today = today or timezone.localdate()
    items = PlanItem.objects.filter(plan=plan).select_related("lead")
    open_items = items.open()
    return PlanDigest(
        plan=plan,
        today=today,
        overdue=list(open_items.overdue(today).order_by("due_on", "pk")),
        due_soon=list(
            open_items.due_within(settings.WORKPLANS_DUE_SOON_DAYS, today).order_by("due_on", "pk")
        ),
        stale=list(stale_items(open_items, today).order_by("baseline", "pk")),
        unled=list(open_items.filter(Q(lead__isnull=True) | Q(lead__is_active=False))),
        rag=rag_counts(open_items.with_rag(today)),
        complete=items.filter(status=ItemStatus.COMPLETE).count(),
        updates=list(
            ProgressUpdate.objects.filter(
                item__plan=plan,
                written_on__gt=today - timedelta(days=RECENT_DAYS),
                written_on__lte=today,
            )
            .select_related("item", "author")
            .order_by("-written_on", "-pk")
        ),
    )


def _digest_message(digest: PlanDigest) -> EmailMessage:
    sections = [
        _section(title, [(item, absolute_url(item.get_absolute_url())) for item in items])
        for title, items in (
            ("Overdue", digest.overdue),
            (f"Due within {settings.WORKPLANS_DUE_SOON_DAYS} days", digest.due_soon),
            (f"No progress update for {settings.WORKPLANS_STALE_DAYS} days", digest.stale),
            ("Without a lead (nobody is reminded of these)", digest.unled),
        )
    ]
    plan = digest.plan
    context = {
        "digest": digest,
        "plan": plan,
        "owner": plan.owner,
        "sections": sections,
        "updates": _section("Progress updates in the last 7 days", digest.updates),
        "plan_url": absolute_url(plan.get_absolute_url()),
    }
    return EmailMessage(
        subject=f"Work plan this week: {plan.title}",
        body=render_to_string("workplans/email/plan_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[plan.owner.email],
    )


def plans_for_digest() -> QuerySet[WorkPlan]:
    """Plans not closed, with items, whose owner is active."""
    return (
        WorkPlan.objects.exclude(status=PlanStatus.CLOSED)
        .filter(owner__is_active=True)
        .filter(Exists(PlanItem.objects.filter(plan=OuterRef("pk"))))
        .select_related("owner")
        .order_by("pk")
    )


def plan_digests_send(today: date | None = None) -> int:
    """This week's digest of each plan, once. Returns how many were sent."""
    today = today or timezone.localdate()
    week = iso_week(today)
    sent = 0
    for plan in plans_for_digest():
        condition = f"workplan-digest:{plan.pk}:{week}"
        if ReminderSent.objects.filter(condition=condition).exists():
            continue
        sent += send_once(condition, _digest_message(plan_digest(plan, today)))
    return sent
