"""Demo work plans: the unit's 2002/05 strategy and the GLA group's recommendations, loaded
from the seeds' tables as transcribed in demo/data (through the importer, as a user would
load them), and a current plan built through the services from the 2005 work plan report
(seed 000): its sources as objectives, and the Citizen Focus priority project (consultation
and engagement in Safer Neighbourhoods processes) with its actions and targets.

The current plan's dates are relative to today, so every state shows: overdue, due soon,
complete, dropped, at risk, off track, a RAG set by hand, progress of different ages (one
item silent for more than 40 days), costs, indicators, evidence, links to a consultation
and a finding, and a Board review about four months ago with progress since. The services
cannot backdate when rows were made, so those are set afterwards with queryset updates.
Each plan is made once (by title); the same database gives the same plans.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from consultations.models import Consultation, Finding
from workplans.choices import ItemStatus, ObjectiveKind, PlanStatus, Principle, Rag, ReviewKind
from workplans.fy import fy_of
from workplans.models import (
    EvidenceLink,
    Objective,
    PlanItem,
    PlanReview,
    ProgressUpdate,
    WorkPlan,
)
from workplans.services.imports import import_file_into_plan
from workplans.services.items import evidence_add, item_create, item_update
from workplans.services.plans import objective_create, plan_create, plan_update
from workplans.services.progress import progress_record
from workplans.services.reviews import review_record

DATA = Path(__file__).resolve().parent / "data"
STAFF_EMAIL = "staff@engage.example"
UNIT = "MPS Strategic Consultation Unit"
CURRENT_TITLE = "MPS Strategic Consultation Unit work plan"
STRATEGY_TITLE = "Consultation Strategy and Implementation Plan 2002/05"
GLA_TITLE = "Recommendations arising from the GLA Group Best Value review of consultation"
# Days before today: the plan drafted, endorsed, and reviewed by the Consultation Board.
DRAFTED, ENDORSED, REVIEWED = 200, 180, 120


@dataclass(frozen=True)
class Update:
    days_ago: int
    note: str
    status: str = ""
    percent: int | None = None


@dataclass(frozen=True)
class Item:
    """An action or target of the current plan, as it stood when the plan was drafted,
    with the progress recorded on it since."""

    description: str
    lead: str = ""  # the part of the demo user's email before "@engage.example"
    due: int | None = None  # days from today; else ``timing`` as plans write it
    timing: str = ""
    status: str = ItemStatus.NOT_STARTED
    percent: int = 0
    how: str = ""
    responsibility: str = UNIT
    indicator: str = ""
    estimated: str | None = None
    actual: str | None = None
    rag: str = ""
    rag_reason: str = ""
    evidence: tuple[tuple[str, str], ...] = ()
    updates: tuple[Update, ...] = ()
    was_due: int | None = None  # the due date at the review, for an item that slipped since
    added: int | None = None  # days ago, for an item added since the review
    answers: str = ""  # "finding" or "policing plan": what in the consultations it answers
    targets: tuple["Item", ...] = ()


@dataclass(frozen=True)
class Aim:
    """An objective of the current plan and its actions."""

    kind: str
    title: str
    description: str
    principle: str
    actions: tuple[Item, ...]


PRIORITY_PROJECT = Aim(
    ObjectiveKind.STRAND,
    "Consultation and Engagement – particularly within Safer Neighbourhoods processes",  # noqa: RUF001 (the project's name)
    "The Citizen Focus priority project within the unit's remit, from the “Improving "
    "Engagement” strand of the draft Citizen Focus work plan; given priority status within "
    "the unit.",
    Principle.INVOLVE,
    (
        Item(
            "Join up the messages given to Safer Neighbourhoods teams",
            how="Make sure every source tells the teams the same about what consultation and "
            "engagement are for and how to go about them.",
            lead="staff",
            timing="1",
            status=ItemStatus.ON_TRACK,
            percent=30,
            updates=(Update(150, "All five sources reviewed; gaps listed for each.", "", 35),),
            targets=(
                Item(
                    "Planning and Managing Consultation and Community Engagement training: "
                    "align the course material",
                    lead="staff1",
                    due=-25,
                    status=ItemStatus.ON_TRACK,
                    percent=40,
                    updates=(
                        Update(135, "Course material compared with the new guidelines."),
                        Update(30, "Two modules rewritten; the third waits for sign-off.", "", 70),
                    ),
                ),
                Item(
                    "Safer Neighbourhoods website: populate the consultation and engagement pages",
                    how="Incrementally, as information becomes available.",
                    lead="staff1",
                    due=9,
                    status=ItemStatus.ON_TRACK,
                    percent=20,
                    evidence=(
                        (
                            "Safer Neighbourhoods portal: engagement pages (draft)",
                            "https://www.example.org/sn-portal/engagement",
                        ),
                    ),
                    updates=(
                        Update(145, "First pages live on the portal.", "", 30),
                        Update(10, "Planning and feedback pages added.", "", 60),
                    ),
                ),
                Item(
                    "Corporate ENGAGE! tool: check its guidance says the same",
                    lead="staff2",
                    due=40,
                ),
                Item(
                    "Engagement and consultation guidelines: one consistent set",
                    lead="staff",
                    due=-60,
                    status=ItemStatus.ON_TRACK,
                    percent=50,
                    updates=(
                        Update(
                            55,
                            "One set of guidelines published to all teams.",
                            ItemStatus.COMPLETE,
                            100,
                        ),
                    ),
                ),
                Item(
                    "Performance indicators: give the same message as the rest",
                    lead="staff2",
                    timing="1",
                    updates=(
                        Update(
                            80,
                            "Dropped here: taken into the performance indicators action.",
                            ItemStatus.DROPPED,
                        ),
                    ),
                ),
            ),
        ),
        Item(
            "Safer Neighbourhoods performance indicators that reflect what works",
            how="Co-ordinate the internal units doing performance and research work, so teams "
            "are measured on engagement that helps close the reassurance gap.",
            lead="staff2",
            due=75,
            status=ItemStatus.ON_TRACK,
            percent=20,
            indicator="Indicators agreed by the Safer Neighbourhoods Unit and the Performance "
            "Information Bureau",
            updates=(
                Update(
                    20,
                    "The Performance Information Bureau cannot release analysts until the new "
                    "year.",
                    ItemStatus.AT_RISK,
                ),
            ),
            targets=(
                Item(
                    "Bring the stakeholder units and researchers together every month",
                    lead="staff2",
                    timing="on-going",
                    status=ItemStatus.ONGOING,
                    updates=(
                        Update(140, "First meeting held; terms of reference agreed."),
                        Update(45, "Third meeting held; attendance falling."),
                    ),
                ),
                Item(
                    "Review the evidence: the ten-year evaluation of Chicago's Alternative "
                    "Policing Strategy (CAPS), national and MPS research",
                    lead="staff2",
                    due=100,
                    status=ItemStatus.ON_TRACK,
                    percent=30,
                ),
                Item("Propose measures to the Safer Neighbourhoods Unit", lead="staff2", due=12),
            ),
        ),
        Item(
            "Engagement, consultation and partnership training for Safer Neighbourhoods sergeants",
            how="In addition to the training the teams receive for their Safer Neighbourhoods "
            "role.",
            lead="staff3",
            due=30,
            status=ItemStatus.ON_TRACK,
            percent=10,
            indicator="Sergeants trained: every Safer Neighbourhoods sergeant by the end of year 1",
            estimated="18000.00",
            actual="6250.00",
            updates=(
                Update(
                    15,
                    "Only 2 of 6 pilot courses ran: the trainers were withdrawn.",
                    ItemStatus.OFF_TRACK,
                    25,
                ),
            ),
            targets=(
                Item(
                    "Agree the proposals with the Safer Neighbourhood Unit",
                    lead="staff3",
                    due=-140,
                    status=ItemStatus.ON_TRACK,
                    percent=60,
                    updates=(
                        Update(130, "Proposals agreed by the unit's board.", ItemStatus.COMPLETE),
                    ),
                ),
                Item(
                    "Join up the training proposed and received from all sources, and cascade it",
                    lead="staff3",
                    due=5,
                    status=ItemStatus.ON_TRACK,
                    percent=50,
                ),
                Item(
                    "Keep training Safer Neighbourhood and sector inspectors and policy makers",
                    lead="staff1",
                    timing="on-going",
                    status=ItemStatus.ONGOING,
                    updates=(Update(8, "Two courses this month, 31 people trained."),),
                ),
            ),
        ),
        Item(
            "Research the Local Area Agreement pilots in Hammersmith and Greenwich",
            how="So the MPS is best placed to benefit from, and where needed align with, the "
            "approach the Home Office favours for local partnerships, funding and priorities.",
            lead="staff1",
            was_due=100,
            due=150,
            status=ItemStatus.ON_TRACK,
            percent=20,
            evidence=(
                (
                    "Local Area Agreements: the pilot areas (briefing)",
                    "https://www.example.org/home-office/local-area-agreements",
                ),
            ),
            updates=(Update(35, "Greenwich interviews moved to the spring.", "", 25),),
            targets=(
                Item("Hammersmith pilot: interview the partnership", lead="staff1", due=-10),
                Item(
                    "Greenwich pilot: interview the partnership",
                    lead="staff1",
                    due=45,
                    status=ItemStatus.ON_TRACK,
                ),
                Item(
                    "Report how the MPS should align with the LAA methodology",
                    lead="staff1",
                    due=150,
                    added=25,
                ),
            ),
        ),
    ),
)
AIMS = (
    PRIORITY_PROJECT,
    Aim(
        ObjectiveKind.STRAND,
        "Corporate consultation guidance and infrastructure",
        "From the draft MPS Consultation Strategy: once Safer Neighbourhoods officers are "
        "equipped, the emphasis moves to consultation by policy makers and others.",
        Principle.INTEGRATION,
        (
            Item(
                "Corporate guidance for consultation by policy makers",
                lead="staff",
                timing="1/2",
                rag=Rag.AMBER,
                rag_reason="Waits for the Safer Neighbourhoods work: the unit's emphasis moves "
                "here once the teams are equipped.",
            ),
            Item(
                "MPS Consultation and Community Engagement website",
                lead="staff1",
                due=-35,
                status=ItemStatus.ON_TRACK,
                percent=20,
                indicator="Pages live and visits each month",
                estimated="12000.00",
                actual="9400.00",
                evidence=(
                    (
                        "Update paper on the website (Community Engagement Committee)",
                        "https://www.example.org/mpa/committees/website-update",
                    ),
                ),
                updates=(
                    Update(160, "Site structure agreed with the web team.", "", 40),
                    Update(70, "Content loaded; accessibility testing booked.", "", 80),
                ),
            ),
            Item(
                "Amend this plan to embed the MPA Community Engagement Strategy in the MPS",
                how="Once the Authority's strategy is received.",
                lead="staff",
                timing="2",
            ),
        ),
    ),
    Aim(
        ObjectiveKind.PRINCIPLE,
        "Inclusion: consult hard to reach groups systematically",
        "The 2004 Community Engagement survey found hard to reach groups were not always "
        "consulted systematically across the organisation.",
        Principle.INCLUSION,
        (
            Item(
                "Build the hard to reach groups into every consultation the unit runs",
                lead="staff2",
                timing="on-going",
                status=ItemStatus.ONGOING,
                indicator="Share of the unit's consultations reaching each hard to reach group",
                updates=(Update(5, "Faith and disability groups added to the standard lists."),),
            ),
            Item(
                "Make every member of MPS staff who consults aware of the need to include "
                "all communities",
                lead="staff3",
                due=-15,
                status=ItemStatus.ON_TRACK,
                percent=40,
                estimated="2500.00",
                actual="2150.00",
                evidence=(
                    (
                        "Briefing note: consulting hard to reach groups",
                        "https://www.example.org/scu/briefings/hard-to-reach",
                    ),
                ),
                updates=(Update(60, "Briefing sent to every borough.", ItemStatus.COMPLETE),),
            ),
        ),
    ),
    Aim(
        ObjectiveKind.PRINCIPLE,
        "Feedback: tell people what came of their views",
        "Timely feedback to those involved on the decisions taken (you said, we did).",
        Principle.FEEDBACK,
        (
            Item(
                "Tell ward panel members what came of their views",
                how="A short note after each consultation, through the panel secretary.",
                lead="staff3",
                due=60,
                status=ItemStatus.ON_TRACK,
                percent=10,
                answers="finding",
            ),
        ),
    ),
    Aim(
        ObjectiveKind.OUTCOME,
        "MPA liaison, including statutory requirements",
        "The unit's liaison role with the Metropolitan Police Authority.",
        "",
        (
            Item(
                "Report progress on this plan to the Community Engagement Committee",
                lead="staff",
                timing="on-going",
                status=ItemStatus.ONGOING,
                indicator="A progress report to every meeting of the Committee",
                evidence=(
                    (
                        "Report 11: proposed work plan (Community Engagement Committee)",
                        "https://www.example.org/mpa/committees/cec/report-11",
                    ),
                ),
                updates=(Update(125, "Half-yearly report sent to the Board."),),
            ),
            Item(
                "Support the Authority's statutory consultation on the policing plan",
                responsibility="MPA and MPS",
                lead="staff",
                due=20,
                status=ItemStatus.ON_TRACK,
                percent=60,
                answers="policing plan",
            ),
            Item(
                "Scope the costs of the plan's activities with the Corporate Planning Group",
                how="The unit has no separate budget; funding is negotiated once each activity "
                "is agreed.",
                responsibility="MPS Corporate Planning Group",
                lead="staff",
                due=90,
                added=40,
            ),
        ),
    ),
)


def seed_workplans(*, stdout) -> None:
    """Add the demo work plans that are not there yet (each is looked for by title)."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        stdout.write("Work plans: no demo staff user; nothing added.")
        return
    existing = set(
        WorkPlan.objects.filter(title__in=[STRATEGY_TITLE, GLA_TITLE, CURRENT_TITLE]).values_list(
            "title", flat=True
        )
    )
    if STRATEGY_TITLE not in existing:
        _seed_strategy_2002(staff=staff, stdout=stdout)
    if GLA_TITLE not in existing:
        _seed_gla_recommendations(staff=staff, stdout=stdout)
    if CURRENT_TITLE not in existing:
        _CurrentPlanSeeder(staff).run()
        plan = WorkPlan.objects.get(title=CURRENT_TITLE)
        stdout.write(
            f"Work plans: “{CURRENT_TITLE}”: {plan.objectives.count()} objectives, "
            f"{plan.items.count()} actions and targets, "
            f"{ProgressUpdate.objects.filter(item__plan=plan).count()} progress updates and a "
            f"Board review {REVIEWED} days ago."
        )
    if existing:
        stdout.write(f"Work plans: {len(existing)} there already; left as they are.")


# --- the plans of 2002, from the seed's tables -------------------------------------------


@transaction.atomic
def _seed_strategy_2002(*, staff, stdout) -> None:
    plan = plan_create(
        acting_user=staff,
        title=STRATEGY_TITLE,
        owning_unit="MPA Consultation, Diversity and Outreach Unit",
        description="The initial consultation strategy of the MPA and MPS (report C/02/01, "
        "agenda item 5, appendix 2), owned and managed by the Authority.",
        starts_fy=2002,
        ends_fy=2004,
        strategy="MPA/MPS Consultation Strategy",
    )
    _import(plan, "consultation_strategy_2002_05.csv", staff=staff, stdout=stdout)
    _close(plan, staff=staff, endorsed_by="MPA COD Committee")


@transaction.atomic
def _seed_gla_recommendations(*, staff, stdout) -> None:
    plan = plan_create(
        acting_user=staff,
        title=GLA_TITLE,
        owning_unit="GLA Group Consultation Network",
        description="Appendix 1 to the 2002/05 strategy: the recommendations of the GLA "
        "group's Best Value review of consultation, how, by when, the lead officer and the "
        "performance indicator.",
        starts_fy=2002,
        ends_fy=2002,
        strategy="GLA group consultation framework",
    )
    _import(plan, "gla_recommendations_2002.csv", staff=staff, stdout=stdout, skip_invalid=True)
    _close(plan, staff=staff)


def _import(plan, filename: str, *, staff, stdout, skip_invalid: bool = False) -> None:
    result = import_file_into_plan(
        content=(DATA / filename).read_bytes(),
        filename=filename,
        plan=plan,
        acting_user=staff,
        skip_invalid=skip_invalid,
    )
    stdout.write(f"Work plans: “{plan.title}” imported from {filename}: {result.summary()}")
    for error in result.errors:
        stdout.write(f"  {error.text}")


def _close(plan, *, staff, **endorsement) -> None:
    """Close a plan that ran its course. Its work is done with (the plan's period ended
    in 2005), so what is still open is marked complete, and the 2002 targets stay out of
    today's overdue lists and reminders."""
    plan_update(plan=plan, acting_user=staff, status=PlanStatus.CLOSED, **endorsement)
    PlanItem.objects.filter(plan=plan).open().update(
        status=ItemStatus.COMPLETE, percent_complete=100
    )


# --- the current plan ----------------------------------------------------------------------


class _CurrentPlanSeeder:
    def __init__(self, staff):
        self.staff = staff
        self.today = timezone.localdate()
        self.leads = {
            user.email.split("@")[0]: user
            for user in User.objects.filter(email__endswith="@engage.example", is_active=True)
        }
        finding = (
            Finding.objects.filter(consultation__isnull=False, tags__contains=["feedback"])
            .order_by("pk")
            .first()
            or Finding.objects.filter(consultation__isnull=False).order_by("pk").first()
        )
        policing_plan = (
            Consultation.objects.filter(title__startswith="Policing plan").order_by("pk").first()
        )
        self.answers = {
            "finding": ([finding.consultation], [finding]) if finding else ([], []),
            "policing plan": ([policing_plan], []) if policing_plan else ([], []),
        }
        self.made: list[tuple[PlanItem, Item]] = []

    def day(self, days_from_today: int) -> date:
        return self.today + timedelta(days=days_from_today)

    def at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    @transaction.atomic
    def run(self) -> None:
        plan = plan_create(
            acting_user=self.staff,
            title=CURRENT_TITLE,
            owning_unit=UNIT,
            owner=self.staff,
            description="Drawn from three sources: the draft MPS Consultation Strategy, the "
            "“Improving Engagement” strand of the draft Citizen Focus work plan, and the "
            "unit's MPA liaison role, including statutory requirements. Names and progress "
            "are fictional (demo).",
            starts_fy=fy_of(self.today),
            ends_fy=fy_of(self.today) + 2,
            status=PlanStatus.ENDORSED,
            endorsed_by="Community Engagement Committee",
            endorsed_on=self.day(-ENDORSED),
            strategy="MPS Consultation Strategy",
            principles=list(Principle.values),
        )
        objectives = [
            (
                objective_create(
                    plan=plan,
                    acting_user=self.staff,
                    kind=aim.kind,
                    title=aim.title,
                    description=aim.description,
                    principle=aim.principle,
                ),
                aim,
            )
            for aim in AIMS
        ]
        later = []  # added since the review: (objective, the action made or None, spec)
        for objective, aim in objectives:
            for action in aim.actions:
                if action.added:
                    later.append((objective, None, action))
                    continue
                made = self.item(objective, action, parent=None)
                for target in action.targets:
                    if target.added:
                        later.append((objective, made, target))
                    else:
                        self.item(objective, target, parent=made)
        self.progress(lambda days_ago: days_ago > REVIEWED)
        review = review_record(
            plan=plan,
            kind=ReviewKind.BOARD,
            held_on=self.day(-REVIEWED),
            reviewed_by="Consultation Board",
            notes="Half-yearly review. The Board asked for the training for sergeants to be "
            "costed and for a date for the Local Area Agreements research.",
            acting_user=self.staff,
        )
        self.rag_as_on_the_day(review)
        for objective, parent, spec in later:
            self.item(objective, spec, parent=parent)
        for made, spec in self.made:
            if spec.was_due is not None:
                item_update(
                    item=made, acting_user=self.staff, timing_text="", due_on=self.day(spec.due)
                )
        self.progress(lambda days_ago: days_ago <= REVIEWED)
        self.backdate(plan)

    def rag_as_on_the_day(self, review) -> None:
        """The snapshot's RAG as the Board saw it: the service takes today's, as a review
        is recorded within days of the meeting, but this one is recorded months after."""
        then = PlanItem.objects.filter(pk=OuterRef("item_id")).with_rag(review.held_on)
        review.entries.update(rag=Subquery(then.values("rag")[:1]))

    def item(self, objective, spec: Item, *, parent) -> PlanItem:
        consultations, findings = self.answers.get(spec.answers, (None, None))
        due = spec.was_due if spec.was_due is not None else spec.due
        made = item_create(
            objective=objective,
            parent=parent,
            acting_user=self.staff,
            timing_text=spec.timing,
            due_on=self.day(due) if due is not None else None,
            consultations=consultations,
            findings=findings,
            description=spec.description,
            how=spec.how,
            responsibility=spec.responsibility,
            lead=self.leads.get(spec.lead),
            priority_project=objective.title == PRIORITY_PROJECT.title,
            status=spec.status,
            percent_complete=spec.percent,
            performance_indicator=spec.indicator,
            estimated_cost=Decimal(spec.estimated) if spec.estimated else None,
            actual_cost=Decimal(spec.actual) if spec.actual else None,
            rag_override=spec.rag,
            rag_override_reason=spec.rag_reason,
        )
        for title, url in spec.evidence:
            evidence_add(item=made, title=title, url=url, acting_user=self.staff)
        self.made.append((made, spec))
        return made

    def progress(self, when) -> None:
        """Record the updates whose age ``when`` accepts, oldest first."""
        due = [
            (update, made)
            for made, spec in self.made
            for update in spec.updates
            if when(update.days_ago)
        ]
        for update, made in sorted(due, key=lambda entry: -entry[0].days_ago):
            progress_record(
                item=made,
                note=update.note,
                acting_user=made.lead or self.staff,
                written_on=self.day(-update.days_ago),
                new_status=update.status,
                new_percent=update.percent,
            )

    def backdate(self, plan) -> None:
        """When rows were made, as if the plan had been kept in engage all along."""
        drafted = self.at(self.day(-DRAFTED), 10)
        WorkPlan.objects.filter(pk=plan.pk).update(created=drafted)
        Objective.objects.filter(plan=plan).update(created=drafted)
        for made, spec in self.made:
            made_at = self.at(self.day(-spec.added), 11) if spec.added else drafted
            PlanItem.objects.filter(pk=made.pk).update(created=made_at)
            EvidenceLink.objects.filter(item=made).update(created=made_at + timedelta(days=7))
        for update in ProgressUpdate.objects.filter(item__plan=plan):
            ProgressUpdate.objects.filter(pk=update.pk).update(
                created=self.at(update.written_on, 16)
            )
        PlanReview.objects.filter(plan=plan).update(created=self.at(self.day(-REVIEWED), 17))
