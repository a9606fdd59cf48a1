"""The demo work plans (seed_demo's part) and the work plans at London scale (seed_scale's)."""

import csv
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from consultations.models import Finding
from core.roles import Role
from demo.seed import seed
from demo.workplans import (
    CURRENT_TITLE,
    DATA,
    GLA_TITLE,
    PRIORITY_PROJECT,
    REVIEWED,
    STAFF_EMAIL,
    STRATEGY_TITLE,
)
from demo.workplans_scale import seed_workplans_at_scale
from workplans.choices import ItemKind, ItemStatus, PlanStatus, Principle, Rag, ReviewKind
from workplans.fy import fy_of
from workplans.models import (
    EvidenceLink,
    Objective,
    PlanItem,
    PlanReview,
    ProgressUpdate,
    ReviewEntry,
    WorkPlan,
)

pytestmark = pytest.mark.django_db

WORKPLAN_MODELS = (WorkPlan, Objective, PlanItem, ProgressUpdate, EvidenceLink, PlanReview)


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo's whole seed once for TestDemoPlans, rolled back after it (seeding takes
    seconds; the tests only read, or seed again and see nothing added)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        out = StringIO()
        seed(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def table(filename: str) -> list[list[str]]:
    """The rows under the heading of one of the seed tables in demo/data."""
    with (DATA / filename).open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))[1:]
    return [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]


def assert_targets_under_an_action_of_their_objective(items) -> None:
    targets = items.filter(kind=ItemKind.TARGET)
    assert not targets.filter(parent__isnull=True).exists()
    assert not targets.exclude(parent__kind=ItemKind.ACTION).exists()
    assert not targets.exclude(parent__plan=F("plan")).exists()
    assert not targets.exclude(parent__objective=F("objective")).exists()


class TestDemoPlans:
    """seed_demo's plans, seeded once for the class (see ``seeded``)."""

    def test_the_2002_05_strategy_is_the_seed_table_row_for_row(self, seeded, db):
        plan = WorkPlan.objects.get(title=STRATEGY_TITLE)
        assert (plan.status, plan.endorsed_by) == (PlanStatus.CLOSED, "MPA COD Committee")
        assert (plan.starts_fy, plan.ends_fy) == (2002, 2004)
        rows = table("consultation_strategy_2002_05.csv")
        # A filled cell starts an outcome, an action or a target; blanks continue the one above.
        assert plan.objectives.count() == sum(1 for row in rows if row[0]) == 5
        items = PlanItem.objects.filter(plan=plan)
        assert items.filter(kind=ItemKind.ACTION).count() == sum(1 for row in rows if row[1])
        assert items.filter(kind=ItemKind.TARGET).count() == sum(1 for row in rows if row[2])
        assert_targets_under_an_action_of_their_objective(items)
        pilot = items.get(kind=ItemKind.ACTION, description="Pilot Community Consultation Officers")
        assert pilot.objective.title == "Greater emphasis upon borough based consultation"
        assert pilot.targets.count() == 7
        # The plan ran its course: nothing of it is open, overdue or reminded of today.
        assert not items.open().exists()
        assert f"“{STRATEGY_TITLE}” imported" in seeded

    def test_the_gla_recommendations_leave_out_the_row_with_an_unreadable_date(self, seeded, db):
        plan = WorkPlan.objects.get(title=GLA_TITLE)
        assert plan.status == PlanStatus.CLOSED
        rows = table("gla_recommendations_2002.csv")
        headings = [row for row in rows if not any(row[1:])]
        recommendations = [row for row in rows if any(row[1:])]
        assert [o.title for o in plan.objectives.all()] == [row[0] for row in headings]
        assert any("31/7?02" in row for row in recommendations)
        items = PlanItem.objects.filter(plan=plan)
        assert items.filter(kind=ItemKind.ACTION).count() == len(recommendations) - 1
        assert not items.filter(kind=ItemKind.TARGET).exists()
        assert "1 row with errors left out" in seeded
        assert "31/7?02" in seeded  # the row and what is wrong with it

    @pytest.fixture
    def current(self, seeded, db):
        return WorkPlan.objects.get(title=CURRENT_TITLE)

    def test_the_current_plan_is_the_units_endorsed_plan_for_three_years(self, current):
        today = timezone.localdate()
        assert current.owner.email == STAFF_EMAIL
        assert (current.starts_fy, current.ends_fy) == (fy_of(today), fy_of(today) + 2)
        assert current.status == PlanStatus.ENDORSED
        assert current.endorsed_by == "Community Engagement Committee"
        assert 60 <= (today - current.endorsed_on).days <= 240
        assert current.strategy == "MPS Consultation Strategy"
        assert sorted(current.principles) == sorted(Principle.values)
        assert current.created.date() < current.endorsed_on
        items = PlanItem.objects.filter(plan=current)
        assert_targets_under_an_action_of_their_objective(items)
        project = current.objectives.get(title=PRIORITY_PROJECT.title)
        assert set(items.filter(priority_project=True)) == set(items.filter(objective=project))
        assert items.filter(objective=project, kind=ItemKind.ACTION).count() == 4

    def test_the_current_plan_shows_every_state_and_rag(self, current):
        today = timezone.localdate()
        items = PlanItem.objects.filter(plan=current)
        assert items.overdue(today).count() >= 2
        assert items.due_within(14, today).count() >= 2
        statuses = set(items.values_list("status", flat=True))
        assert statuses == set(ItemStatus.values)
        assert items.filter(status=ItemStatus.COMPLETE).count() >= 2
        assert items.filter(status=ItemStatus.DROPPED).count() == 1
        assert set(items.with_rag(today).values_list("rag", flat=True)) == set(Rag.values)
        by_hand = items.exclude(rag_override="")
        assert by_hand.count() == 1
        assert by_hand.get().rag_override_reason
        silent = items.open().filter(last_progress_on__lte=today - timedelta(days=40))
        assert silent.exists()
        ages = {
            (today - day).days for day in items.values_list("last_progress_on", flat=True) if day
        }
        assert len(ages) >= 5
        assert items.filter(estimated_cost__isnull=False, actual_cost__isnull=False).exists()
        assert items.exclude(performance_indicator="").exists()
        urls = EvidenceLink.objects.filter(item__plan=current).values_list("url", flat=True)
        assert urls and all(url.startswith("https://www.example.org/") for url in urls)
        leads = set(items.exclude(lead=None).values_list("lead__email", flat=True))
        assert leads == {
            f"{name}@engage.example" for name in ("staff", "staff1", "staff2", "staff3")
        }

    def test_an_action_answers_a_demo_consultation_and_its_finding(self, current):
        assert Finding.objects.filter(consultation__isnull=False).exists()
        answering = PlanItem.objects.filter(plan=current, findings__isnull=False).get()
        finding = answering.findings.get()
        assert list(answering.consultations.all()) == [finding.consultation]
        assert PlanItem.objects.filter(plan=current, consultations__isnull=False).count() == 2

    def test_a_board_review_four_months_ago_with_progress_since(self, current):
        today = timezone.localdate()
        review = PlanReview.objects.get(plan=current)
        assert review.kind == ReviewKind.BOARD
        assert review.held_on == today - timedelta(days=REVIEWED)
        entries = ReviewEntry.objects.filter(review=review)
        items = PlanItem.objects.filter(plan=current)
        # Items added since are not in the snapshot; they were made after it.
        added = items.exclude(review_entries__review=review)
        assert added.count() == 2
        assert all(item.created.date() > review.held_on for item in added)
        assert entries.count() == items.count() - 2
        moved = entries.exclude(status=F("item__status")) | entries.exclude(
            percent_complete=F("item__percent_complete")
        )
        assert moved.count() >= 5
        assert entries.filter(due_on__lt=F("item__due_on")).exists()  # slipped
        # The snapshot's RAG is the one of the day: work overdue now was on time then.
        assert entries.filter(rag=Rag.GREEN, item__in=items.overdue(today)).exists()
        completed = entries.exclude(status=ItemStatus.COMPLETE).filter(
            item__status=ItemStatus.COMPLETE
        )
        assert completed.count() >= 2
        updates = ProgressUpdate.objects.filter(item__plan=current)
        assert updates.filter(written_on__lt=review.held_on).exists()
        assert updates.filter(written_on__gt=review.held_on).count() >= 5
        assert all(u.created.date() == u.written_on for u in updates)
        assert not updates.filter(written_on__gt=today).exists()

    def test_seeding_again_adds_nothing(self, seeded, db):
        counts = [model.objects.count() for model in WORKPLAN_MODELS]
        out = StringIO()
        seed(stdout=out)
        assert "Work plans: 3 there already; left as they are." in out.getvalue()
        assert [model.objects.count() for model in WORKPLAN_MODELS] == counts


# --- at scale --------------------------------------------------------------------------------


def scale_snapshot():
    return (
        list(WorkPlan.objects.order_by("pk").values_list("title", "status", "starts_fy")),
        list(
            PlanItem.objects.order_by("pk").values_list(
                "kind", "description", "status", "due_on", "percent_complete"
            )
        ),
        ProgressUpdate.objects.count(),
    )


def test_scale_builds_the_items_asked_for_with_every_target_under_its_action(unit_staff):
    out = StringIO()
    with transaction.atomic():
        counts = seed_workplans_at_scale(stdout=out, items=500)
        first = scale_snapshot()
        transaction.set_rollback(True)
    assert "Work plans:" in out.getvalue()
    with transaction.atomic():
        seed_workplans_at_scale(stdout=StringIO(), items=500)
    assert scale_snapshot() == first  # same seed, same database: same data

    items = PlanItem.objects.all()
    assert items.count() == 500 == counts["items"] == counts["actions"] + counts["targets"]
    assert WorkPlan.objects.count() == counts["plans"] == 1
    assert 120 <= counts["actions"] <= 300  # each action has up to four targets
    assert_targets_under_an_action_of_their_objective(items)
    assert not items.exclude(objective__plan=F("plan")).exists()
    # Leads are unit staff: the one there was and the ones added to make up MIN_LEADS.
    leads = User.objects.filter(pk__in=items.exclude(lead=None).values("lead"))
    assert leads.count() > 1
    assert not leads.exclude(groups__name=Role.UNIT_STAFF.value).exists()
    assert counts["leads_added"] == User.objects.count() - 1
    # Each item's last update is the one it says.
    latest = Subquery(
        ProgressUpdate.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(last=Max("written_on"))
        .values("last")
    )
    checked = items.annotate(latest=latest)
    assert checked.filter(latest__isnull=False).exists()
    with_updates = checked.filter(latest__isnull=False)
    assert not with_updates.exclude(last_progress_on=F("latest")).exists()
    assert not checked.filter(latest__isnull=True, last_progress_on__isnull=False).exists()
    assert ProgressUpdate.objects.count() == counts["updates"]
    assert not items.filter(status=ItemStatus.COMPLETE).exclude(percent_complete=100).exists()


def test_scale_spreads_plans_statuses_and_due_dates(unit_staff):
    today = timezone.localdate()
    with transaction.atomic():
        counts = seed_workplans_at_scale(stdout=StringIO(), items=4000, seed=11)
    assert counts["plans"] == 8
    assert {PlanStatus.ENDORSED, PlanStatus.CLOSED, PlanStatus.DRAFT} >= set(
        WorkPlan.objects.values_list("status", flat=True)
    )
    assert WorkPlan.objects.filter(status=PlanStatus.ENDORSED).exists()
    items = PlanItem.objects.all()
    assert set(items.values_list("status", flat=True)) == set(ItemStatus.values)
    assert items.overdue(today).exists()
    assert items.due_within(14, today).exists()
    assert items.open().filter(last_progress_on__gte=today - timedelta(days=30)).exists()
    assert items.open().filter(last_progress_on__lt=today - timedelta(days=30)).exists()
    assert set(items.with_rag(today).values_list("rag", flat=True)) == set(Rag.values)
    closed = items.filter(plan__status=PlanStatus.CLOSED)
    assert not closed.open().exists()


def test_seed_scale_adds_the_plan_items_asked_for():
    out = StringIO()
    small = ("--contacts", "0", "--organisations", "1", "--events", "0", "--invitations", "0")
    call_command("seed_scale", *small, "--plan-items", "300", stdout=out)
    assert PlanItem.objects.count() == 300
    assert "work plans: {'plans': 1," in out.getvalue()
    call_command("seed_scale", *small, "--plan-items", "0", stdout=StringIO())
    assert PlanItem.objects.count() == 300
