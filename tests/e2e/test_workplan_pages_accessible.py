"""Every work plan page, on a 360 px phone screen: no serious accessibility problems and no
sideways scrolling of the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.choices import FindingSource
from consultations.factories import ConsultationFactory
from consultations.models import Finding
from tests.e2e.conftest import sign_in
from tests.e2e.test_consultation_pages_accessible import problems_on
from workplans.choices import ItemStatus, ReviewKind, Timing
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import EvidenceLink, PlanImport
from workplans.services.progress import progress_record
from workplans.services.reviews import review_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(unit_staff):
    today = timezone.localdate()
    plan = WorkPlanFactory(title="Strategic Consultation Unit work plan", owner=unit_staff)
    objective = ObjectiveFactory(
        plan=plan, title="Greater accessibility and inclusive consultation"
    )
    action = PlanItemFactory(
        objective=objective,
        description="Voluntary sector capacity building",
        lead=unit_staff,
        status=ItemStatus.AT_RISK,
        timing=Timing.DATE,
        due_on=today + timedelta(days=5),
    )
    target = PlanItemFactory(
        objective=objective,
        parent=action,
        description="Consider challenge funding",
        status=ItemStatus.ON_TRACK,
        rag_override="red",
        rag_override_reason="Funding withdrawn",
    )
    progress_record(item=target, note="Bid drafted", acting_user=unit_staff, new_percent=30)
    EvidenceLink.objects.create(item=target, title="Bid", url="https://example.org/bid")
    review = review_record(
        plan=plan,
        kind=ReviewKind.BOARD,
        held_on=today,
        reviewed_by="Consultation Board",
        acting_user=unit_staff,
    )
    PlanItemFactory(objective=objective, description="Added after the review")
    finding = Finding.objects.create(
        consultation=ConsultationFactory(),
        title="Meetings are hard to reach",
        source=FindingSource.EVENT,
    )
    plan_import = PlanImport.objects.create(
        created_by=unit_staff,
        filename="plan.csv",
        plan=plan,
        headers=["Action Required", "Year"],
        rows=[[2, ["Survey frameworks", "1"]]],
        mapping={"action": 0, "timing": 1},
    )
    return {
        "plan": plan.pk,
        "objective": objective.pk,
        "action": action.pk,
        "target": target.pk,
        "review": review.pk,
        "finding": finding.pk,
        "import": plan_import.pk,
    }


def staff_pages(r):
    return [
        reverse("workplans:index"),
        reverse("workplans:plan-create"),
        reverse("workplans:plan-detail", args=[r["plan"]]),
        reverse("workplans:plan-update", args=[r["plan"]]),
        reverse("workplans:plan-timeline", args=[r["plan"]]),
        reverse("workplans:objective-create", args=[r["plan"]]),
        reverse("workplans:objective-update", args=[r["objective"]]),
        reverse("workplans:item-create", args=[r["objective"]]),
        reverse("workplans:item-detail", args=[r["action"]]),
        reverse("workplans:item-detail", args=[r["target"]]),
        reverse("workplans:item-update", args=[r["target"]]),
        reverse("workplans:target-create", args=[r["action"]]),
        reverse("workplans:item-list"),
        reverse("workplans:my-items"),
        reverse("workplans:finding-list"),
        reverse("workplans:finding-action", args=[r["finding"]]),
        reverse("workplans:review-list", args=[r["plan"]]),
        reverse("workplans:review-create", args=[r["plan"]]),
        reverse("workplans:review-detail", args=[r["review"]]),
        reverse("workplans:year-turn", args=[r["plan"]]),
        reverse("workplans:import-create"),
        reverse("workplans:import-mapping", args=[r["import"]]),
        reverse("workplans:import-preview", args=[r["import"]]),
    ]


def test_every_work_plan_page_is_accessible_on_a_phone(phone_page, unit_staff, records):
    sign_in(phone_page, unit_staff)
    assert problems_on(phone_page, staff_pages(records)) == {}
