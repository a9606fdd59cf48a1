"""Items across plans: "my actions", filters by status, RAG and overdue, and the timeline
by financial year and quarter."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.roles import Role
from workplans.choices import ItemStatus, PlanStatus, Timing
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_a_lead_sees_their_open_actions_under_my_actions(client, unit_staff):
    colleague = UserFactory(roles=[Role.UNIT_STAFF])
    PlanItemFactory(lead=unit_staff, description="Set up the consultation board")
    PlanItemFactory(lead=unit_staff, description="Agree constitution", status=ItemStatus.COMPLETE)
    PlanItemFactory(lead=colleague, description="Develop e-consultation")
    PlanItemFactory(description="Consider a citizen panel")
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:my-items")).content.decode()
    assert "Set up the consultation board" in page
    assert "Agree constitution" not in page
    assert "Develop e-consultation" not in page and "Consider a citizen panel" not in page
    closed_too = client.get(reverse("workplans:my-items"), {"state": ""}).content.decode()
    assert "Agree constitution" in closed_too and "Develop e-consultation" not in closed_too


def test_my_actions_ignores_another_lead_in_the_query(client, unit_staff):
    colleague = UserFactory(roles=[Role.UNIT_STAFF])
    PlanItemFactory(lead=colleague, description="Develop e-consultation")
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:my-items"), {"lead": colleague.pk}).content.decode()
    assert "Develop e-consultation" not in page


def test_my_actions_is_for_the_unit(client, authority_member, sergeant):
    for user in (authority_member, sergeant):
        client.force_login(user)
        assert client.get(reverse("workplans:my-items")).status_code == 403


def test_the_list_filters_by_status_rag_and_overdue(client, authority_member):
    PlanItemFactory(
        description="Late one",
        status=ItemStatus.ON_TRACK,
        timing=Timing.DATE,
        due_on=TODAY - timedelta(days=3),
    )
    PlanItemFactory(description="Risky one", status=ItemStatus.AT_RISK)
    PlanItemFactory(description="Fine one", status=ItemStatus.ON_TRACK)
    client.force_login(authority_member)
    url = reverse("workplans:item-list")

    def shown(**query):
        page = client.get(url, query).content.decode()
        return {name for name in ("Late one", "Risky one", "Fine one") if name in page}

    assert shown() == {"Late one", "Risky one", "Fine one"}
    assert shown(overdue="on") == {"Late one"}
    assert shown(status="at_risk") == {"Risky one"}
    assert shown(rag="red") == {"Late one"}
    assert shown(rag="green") == {"Fine one"}
    assert shown(q="risky") == {"Risky one"}


def test_work_left_in_a_closed_plan_is_not_overdue(client, unit_staff):
    closed = WorkPlanFactory(status=PlanStatus.CLOSED)
    PlanItemFactory(
        objective=ObjectiveFactory(plan=closed),
        description="Old work",
        timing=Timing.DATE,
        due_on=TODAY - timedelta(days=300),
    )
    PlanItemFactory(description="Live work", timing=Timing.DATE, due_on=TODAY - timedelta(days=3))
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:item-list"), {"overdue": "on"}).content.decode()
    assert "Live work" in page and "Old work" not in page
    assert "Overdue (1)" in client.get(reverse("workplans:index")).content.decode()


def test_a_bad_filter_value_is_reported_not_ignored(client, unit_staff):
    PlanItemFactory(description="Something")
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:item-list"), {"status": "nonsense"}).content.decode()
    assert "Select a valid choice" in page


def test_the_list_is_closed_to_sergeants(client, sergeant):
    client.force_login(sergeant)
    assert client.get(reverse("workplans:item-list")).status_code == 403


@time_machine.travel(date(2026, 12, 1), tick=False)
def test_the_timeline_puts_items_in_their_financial_year_and_quarter(client, authority_member):
    plan = WorkPlanFactory(starts_fy=2026, ends_fy=2027)
    objective = ObjectiveFactory(plan=plan)
    PlanItemFactory(
        objective=objective, description="Due in May", timing=Timing.DATE, due_on=date(2026, 5, 10)
    )
    PlanItemFactory(
        objective=objective,
        description="Due in February",
        timing=Timing.DATE,
        due_on=date(2027, 2, 1),
    )
    PlanItemFactory(
        objective=objective,
        description="Year two",
        timing=Timing.YEARS,
        year_from=2,
        year_to=2,
        due_on=date(2028, 3, 31),
    )
    PlanItemFactory(objective=objective, description="Keeps going", timing=Timing.ONGOING)
    client.force_login(authority_member)
    response = client.get(reverse("workplans:plan-timeline", kwargs={"pk": plan.pk}))
    timeline = response.context["timeline"]
    placed = {
        (year.label, quarter.number): [item.description for item in quarter.items]
        for year in timeline.years
        for quarter in year.quarters
        if quarter.items
    }
    assert placed == {
        ("2026/27", 1): ["Due in May"],
        ("2026/27", 4): ["Due in February"],
        ("2027/28", 4): ["Year two"],
    }
    assert [item.description for item in timeline.undated] == ["Keeps going"]
    current = [(y.label, q.number) for y in timeline.years for q in y.quarters if q.current]
    assert current == [("2026/27", 3)]
    assert "This quarter" in response.content.decode()


def test_the_timeline_is_refused_to_sergeants(client, sergeant):
    plan = WorkPlanFactory()
    client.force_login(sergeant)
    assert client.get(reverse("workplans:plan-timeline", kwargs={"pk": plan.pk})).status_code == 403
