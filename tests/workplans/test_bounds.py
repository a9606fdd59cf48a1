"""Out-of-range dates, costs and lengths in the work plan forms are refused next to the
field, and nothing is saved (issue 10, defect 6)."""

import pytest
from django.urls import reverse

from core.bounds import BOUNDS_MESSAGE
from workplans.choices import ItemStatus, ReviewKind
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import PlanItem, PlanReview, ProgressUpdate

pytestmark = pytest.mark.django_db

ACTION = {
    "description": "Prepare 3 year planning calendar",
    "status": ItemStatus.NOT_STARTED,
    "percent_complete": "0",
}


@pytest.fixture
def objective():
    return ObjectiveFactory(plan=WorkPlanFactory(starts_fy=2026, ends_fy=2028))


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_on", "9999-12-31", BOUNDS_MESSAGE),
        ("timing_text", "30/4/9999", BOUNDS_MESSAGE),
        ("estimated_cost", "-5", "greater than or equal to 0"),
        ("actual_cost", "99999999999", "no more than 10 digits before the decimal point"),
        ("how", "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_an_action_out_of_range_is_refused(client, unit_staff, objective, field, value, message):
    client.force_login(unit_staff)
    url = reverse("workplans:item-create", kwargs={"pk": objective.pk})
    response = client.post(url, {**ACTION, field: value})
    assert response.status_code in (200, 400)
    assert message in text(response)
    assert not PlanItem.objects.exists()


def test_a_progress_update_dated_out_of_range_is_refused(client, unit_staff):
    item = PlanItemFactory(lead=unit_staff)
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:progress-create", kwargs={"pk": item.pk}),
        {"written_on": "1900-01-01", "note": "Done"},
    )
    assert BOUNDS_MESSAGE in text(response)
    assert not ProgressUpdate.objects.exists()


def test_a_review_held_out_of_range_is_refused(client, unit_staff, objective):
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:review-create", kwargs={"pk": objective.plan.pk}),
        {"kind": ReviewKind.BOARD, "held_on": "2101-01-01", "reviewed_by": "Board"},
    )
    assert BOUNDS_MESSAGE in text(response)
    assert not PlanReview.objects.exists()


def test_a_plan_endorsed_out_of_range_is_refused(client, unit_staff, objective):
    plan = objective.plan
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:plan-update", kwargs={"pk": plan.pk}),
        {
            "title": plan.title,
            "owning_unit": plan.owning_unit,
            "starts_fy": plan.starts_fy,
            "ends_fy": plan.ends_fy,
            "status": plan.status,
            "endorsed_on": "9999-01-01",
        },
    )
    assert BOUNDS_MESSAGE in text(response)
    plan.refresh_from_db()
    assert plan.endorsed_on is None


def test_pages_still_answer_with_dates_stored_far_out_of_range(client, unit_staff, objective):
    """Rows stored before the bounds existed break no page (the persistent failure)."""
    import datetime

    far = PlanItemFactory(objective=objective, lead=unit_staff)
    early = PlanItemFactory(objective=objective, lead=unit_staff)
    PlanItem.objects.filter(pk=far.pk).update(
        due_on=datetime.date(9999, 12, 31), last_progress_on=datetime.date(9999, 12, 31)
    )
    PlanItem.objects.filter(pk=early.pk).update(due_on=datetime.date(1, 1, 1))
    plan = objective.plan
    client.force_login(unit_staff)
    for url in [
        reverse("workplans:index"),
        reverse("workplans:plan-detail", kwargs={"pk": plan.pk}),
        reverse("workplans:plan-timeline", kwargs={"pk": plan.pk}),
        reverse("workplans:item-detail", kwargs={"pk": far.pk}),
        reverse("workplans:item-update", kwargs={"pk": far.pk}),
        reverse("workplans:item-list"),
        reverse("workplans:my-items"),
        reverse("workplans:plan-export", kwargs={"pk": plan.pk, "format": "csv"}),
        reverse("workplans:plan-export", kwargs={"pk": plan.pk, "format": "xlsx"}),
        reverse("workplans:year-turn", kwargs={"pk": plan.pk}),
        reverse("home"),
    ]:
        assert client.get(url).status_code == 200, url
