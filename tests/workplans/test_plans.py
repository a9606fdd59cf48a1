"""Plans and objectives: unit staff make and change them; the committee reads them; the
plan page is the tree of objectives, actions and targets with their RAG."""

from datetime import date

import pytest
from django.urls import reverse

from workplans.choices import ItemStatus, PlanStatus, Timing
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import Objective, PlanItem, WorkPlan
from workplans.services.items import item_create
from workplans.services.plans import plan_update

pytestmark = pytest.mark.django_db

NEW_PLAN = {
    "title": "Consultation Strategy and Implementation Plan",
    "owning_unit": "MPA CDO Unit",
    "starts_fy": "2026",
    "ends_fy": "2028",
    "status": PlanStatus.DRAFT,
    "principles": ["inclusion", "feedback"],
}


def test_unit_staff_add_a_plan(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("workplans:plan-create"), {**NEW_PLAN, "owner": unit_staff.pk})
    plan = WorkPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert (plan.starts_fy, plan.ends_fy, plan.owner, plan.created_by) == (
        2026,
        2028,
        unit_staff,
        unit_staff,
    )
    assert plan.principles == ["inclusion", "feedback"]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "2026/27 to 2028/29" in page and "Inclusion, Feedback" in page


def test_a_plan_cannot_end_before_it_starts(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("workplans:plan-create"), {**NEW_PLAN, "ends_fy": "2025"})
    assert response.status_code == 400
    assert "The last financial year cannot come before the first." in response.content.decode()
    assert "Nothing has been saved yet" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_an_endorsed_plan_says_by_whom_and_when(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("workplans:plan-create"), {**NEW_PLAN, "status": PlanStatus.ENDORSED}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "An endorsed plan says which committee endorsed it." in page
    assert "An endorsed plan says when it was endorsed." in page
    assert not WorkPlan.objects.exists()


@pytest.mark.parametrize("who", ["authority_member", "sergeant"])
def test_only_the_unit_adds_plans(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("workplans:plan-create"), NEW_PLAN).status_code == 403
    assert not WorkPlan.objects.exists()


def test_the_plan_page_shows_the_tree_with_rag(client, authority_member):
    objective = ObjectiveFactory(title="Better feedback")
    action = PlanItemFactory(objective=objective, description="Improve links with comms units")
    PlanItemFactory(
        objective=objective,
        parent=action,
        description="Incorporate communications teams in the board",
        status=ItemStatus.OFF_TRACK,
    )
    client.force_login(authority_member)
    response = client.get(objective.plan.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Better feedback" in page and "Improve links with comms units" in page
    assert "Incorporate communications teams in the board" in page and "Red" in page
    assert "Edit plan" not in page and "Add an action" not in page


def test_filtering_the_tree_keeps_the_action_of_a_matching_target(client, unit_staff):
    objective = ObjectiveFactory(title="Value for money")
    action = PlanItemFactory(objective=objective, description="Develop systems of evaluation")
    PlanItemFactory(
        objective=objective, parent=action, description="Define budgets", status=ItemStatus.AT_RISK
    )
    PlanItemFactory(objective=objective, parent=action, description="Publicise successes")
    PlanItemFactory(
        objective=ObjectiveFactory(plan=objective.plan, title="Motivate"),
        description="Celebrate the year",
    )
    client.force_login(unit_staff)
    page = client.get(objective.plan.get_absolute_url(), {"status": "at_risk"}).content.decode()
    assert "Develop systems of evaluation" in page and "Define budgets" in page
    assert "Publicise successes" not in page and "Celebrate the year" not in page


def test_sergeant_cannot_read_plans(client, sergeant):
    plan = WorkPlanFactory()
    client.force_login(sergeant)
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert client.get(reverse("workplans:index")).status_code == 403


def test_an_unknown_plan_is_404(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("workplans:plan-detail", kwargs={"pk": 999999})).status_code == 404


def test_moving_a_plans_first_year_moves_items_timed_in_plan_years(unit_staff):
    plan = WorkPlanFactory(starts_fy=2026, ends_fy=2028)
    item = item_create(
        objective=ObjectiveFactory(plan=plan),
        acting_user=unit_staff,
        description="Review the survey",
        timing_text="2",
    )
    assert item.due_on == date(2028, 3, 31)
    plan_update(plan=plan, acting_user=unit_staff, starts_fy=2027, ends_fy=2029)
    item.refresh_from_db()
    assert (item.timing, item.due_on) == (Timing.YEARS, date(2029, 3, 31))


def test_a_plan_cannot_be_shortened_below_its_items_years(client, unit_staff):
    plan = WorkPlanFactory(starts_fy=2026, ends_fy=2028)
    item_create(
        objective=ObjectiveFactory(plan=plan),
        acting_user=unit_staff,
        description="Roll out",
        timing_text="3",
    )
    client.force_login(unit_staff)
    data = {**NEW_PLAN, "title": plan.title, "ends_fy": "2027"}
    response = client.post(reverse("workplans:plan-update", kwargs={"pk": plan.pk}), data)
    assert response.status_code == 400
    assert "1 item is timed beyond year 2" in response.content.decode()
    plan.refresh_from_db()
    assert plan.ends_fy == 2028


def test_unit_staff_add_and_edit_an_objective(client, unit_staff):
    plan = WorkPlanFactory()
    client.force_login(unit_staff)
    url = reverse("workplans:objective-create", kwargs={"pk": plan.pk})
    response = client.post(url, {"kind": "principle", "title": "Feedback", "principle": "feedback"})
    objective = Objective.objects.get()
    assert response.url == f"{plan.get_absolute_url()}#objective-{objective.pk}"
    assert client.post(url, {"kind": "outcome", "title": ""}).status_code == 400
    edit = reverse("workplans:objective-update", kwargs={"pk": objective.pk})
    client.post(edit, {"kind": "principle", "title": "Feedback to participants"})
    objective.refresh_from_db()
    assert objective.title == "Feedback to participants"
    assert Objective.objects.count() == 1


def test_authority_member_cannot_add_objectives(client, authority_member):
    plan = WorkPlanFactory()
    client.force_login(authority_member)
    url = reverse("workplans:objective-create", kwargs={"pk": plan.pk})
    assert client.post(url, {"kind": "outcome", "title": "X"}).status_code == 403
    assert not Objective.objects.exists() and not PlanItem.objects.exists()


def test_the_front_page_lists_plans_with_their_figures(client, authority_member):
    plan = WorkPlanFactory(title="SCU work plan")
    PlanItemFactory(
        objective=ObjectiveFactory(plan=plan), timing=Timing.DATE, due_on=date(2020, 1, 1)
    )
    client.force_login(authority_member)
    page = client.get(reverse("workplans:index")).content.decode()
    assert "SCU work plan" in page and "Overdue (1)" in page
    assert "My actions" not in page and "New work plan" not in page
