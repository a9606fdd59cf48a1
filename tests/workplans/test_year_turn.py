"""The year-turn re-prioritisation: a guided walk through a plan's open items, one at a
time, saved as it goes so it can be left and resumed; then the year-turn review."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from workplans.choices import ItemStatus, ReviewKind, Timing
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import PlanItem, PlanReview, ProgressUpdate
from workplans.selectors.reviews import year_being_prepared
from workplans.services.yearturn import item_reprioritise

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
IN_FEBRUARY = time_machine.travel(datetime(2027, 2, 10, 10, tzinfo=LONDON), tick=False)


@pytest.mark.parametrize(
    ("today", "prepared"),
    [
        (date(2027, 1, 1), 2027),  # January to March: the coming financial year
        (date(2027, 3, 31), 2027),
        (date(2027, 4, 1), 2027),  # April to December: the current one
        (date(2026, 12, 31), 2026),
        (date(2026, 4, 1), 2026),
    ],
)
def test_the_year_being_prepared(today, prepared):
    assert year_being_prepared(today) == prepared


@pytest.fixture
def plan():
    return WorkPlanFactory(
        title="Consultation Strategy", owning_unit="MPA CDO Unit", starts_fy=2026, ends_fy=2028
    )


@pytest.fixture
def items(plan):
    objective = ObjectiveFactory(plan=plan, title="Greater accessibility")
    return [
        PlanItemFactory(
            objective=objective, description="Voluntary sector capacity building", timing_text="1"
        ),
        PlanItemFactory(objective=objective, description="Consider challenge funding"),
        PlanItemFactory(
            objective=objective, description="Help develop group constitutions", percent_complete=5
        ),
        PlanItemFactory(
            objective=objective,
            description="Define the organisation structure",
            status=ItemStatus.COMPLETE,
            percent_complete=100,
        ),
    ]


def walk_url(plan):
    return reverse("workplans:year-turn", kwargs={"pk": plan.pk})


def keep(item, **changes):
    return {
        "item": item.pk,
        "decision": "keep",
        "priority_project": "",
        "estimated_cost": "",
        "responsibility": item.responsibility,
        "lead": item.lead_id or "",
        "timing_text": item.timing_text,
        "due_on": "",
        "drop_reason": "",
        **changes,
    }


@IN_FEBRUARY
def test_the_unit_walks_the_open_items_one_at_a_time(client, unit_staff, plan, items):
    capacity, funding, constitutions, done = items
    client.force_login(unit_staff)

    page = client.get(walk_url(plan)).content.decode()
    assert "Year-turn re-prioritisation for 2027/28" in page
    assert "From January to March this page prepares the coming" in page
    assert "Item 1 of 3" in page and "Voluntary sector capacity building" in page

    response = client.post(
        walk_url(plan),
        keep(
            capacity,
            priority_project="on",
            estimated_cost="12500.00",
            responsibility="MPA CDO Unit",
            lead=unit_staff.pk,
            timing_text="½",
        ),
    )
    assert response.status_code == 302 and response.url == walk_url(plan)
    capacity.refresh_from_db()
    assert capacity.reprioritised_for_fy == 2027
    assert (capacity.priority_project, capacity.estimated_cost, capacity.lead) == (
        True,
        Decimal("12500.00"),
        unit_staff,
    )
    # the timing rules apply: "½" is years 1 to 2, due at the end of 2027/28
    assert (capacity.timing, capacity.year_from, capacity.year_to, capacity.due_on) == (
        Timing.YEARS,
        1,
        2,
        date(2028, 3, 31),
    )

    page = client.get(walk_url(plan)).content.decode()
    assert "Item 2 of 3" in page and "Consider challenge funding" in page
    client.post(
        walk_url(plan),
        keep(funding, decision="drop", drop_reason="Superseded by the GLA review."),
    )
    funding.refresh_from_db()
    assert (funding.status, funding.reprioritised_for_fy) == (ItemStatus.DROPPED, 2027)
    note = ProgressUpdate.objects.get(item=funding)
    assert note.note == "Dropped at the year turn for 2027/28: Superseded by the GLA review."
    assert note.new_status == ItemStatus.DROPPED and note.author == unit_staff

    page = client.get(walk_url(plan)).content.decode()
    assert "Item 3 of 3" in page and "Help develop group constitutions" in page
    client.post(walk_url(plan), keep(constitutions, due_on="2027-09-30"))
    constitutions.refresh_from_db()
    assert (constitutions.timing, constitutions.due_on) == (Timing.DATE, date(2027, 9, 30))

    page = client.get(walk_url(plan)).content.decode()
    assert "All 3 items of the walk have been decided for 2027/28." in page
    offer = reverse("workplans:review-create", kwargs={"pk": plan.pk}) + "?kind=year_turn"
    assert offer in page
    done.refresh_from_db()
    assert done.reprioritised_for_fy is None  # complete work is not walked

    client.post(
        offer,
        {"kind": ReviewKind.YEAR_TURN, "held_on": "2027-02-10", "reviewed_by": "MPA CDO Unit"},
    )
    review = PlanReview.objects.get(kind=ReviewKind.YEAR_TURN)
    assert review.entries.count() == 4
    page = client.get(walk_url(plan)).content.decode()
    assert "The year-turn review was recorded" in page and review.get_absolute_url() in page


@IN_FEBRUARY
def test_the_walk_resumes_where_it_was_left_and_starts_again_next_year(
    client, administrator, plan, items
):
    capacity, funding, *_ = items
    client.force_login(administrator)
    client.post(walk_url(plan), keep(capacity))
    client.post(walk_url(plan), keep(funding))

    page = client.get(walk_url(plan)).content.decode()
    assert "Item 3 of 3" in page and "Help develop group constitutions" in page

    with time_machine.travel(datetime(2028, 1, 5, 10, tzinfo=LONDON), tick=False):
        client.force_login(administrator)  # a new day, a new session
        page = client.get(walk_url(plan)).content.decode()
    assert "Year-turn re-prioritisation for 2028/29" in page
    assert "Item 1 of 3" in page and "Voluntary sector capacity building" in page


@IN_FEBRUARY
def test_an_item_already_decided_can_be_decided_again(client, unit_staff, plan, items):
    capacity = items[0]
    client.force_login(unit_staff)
    client.post(walk_url(plan), keep(capacity))
    response = client.post(walk_url(plan), keep(capacity, responsibility="MPA LEAD"))
    assert response.status_code == 302
    capacity.refresh_from_db()
    assert capacity.responsibility == "MPA LEAD"
    assert "Item 2 of 3" in client.get(walk_url(plan)).content.decode()


@IN_FEBRUARY
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"timing_text": "soonish"}, "timing_text", "is not a date or plan year"),
        ({"timing_text": "4"}, "timing_text", "reaches year 4, but the plan has 3 years"),
        ({"decision": "drop"}, "drop_reason", "Say why it is dropped."),
        (
            {"timing_text": "2", "due_on": "2027-09-30"},
            "due_on",
            "Give a new due date or change the timing, not both.",
        ),
        ({"estimated_cost": "-5"}, "estimated_cost", "greater than or equal to 0"),
        ({"lead": "sergeant"}, "lead", "Select a valid choice."),
    ],
)
def test_a_refused_decision_says_why_and_saves_nothing(
    client, unit_staff, sergeant, plan, items, changes, field, message
):
    capacity = items[0]
    if changes.get("lead") == "sergeant":
        changes = {"lead": sergeant.pk}
    client.force_login(unit_staff)

    response = client.post(walk_url(plan), keep(capacity, responsibility="Changed", **changes))

    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert "Nothing has been saved yet" in page and "Item 1 of 3" in page
    capacity.refresh_from_db()
    assert (capacity.reprioritised_for_fy, capacity.responsibility, capacity.status) == (
        None,
        "",
        ItemStatus.NOT_STARTED,
    )
    assert not ProgressUpdate.objects.exists()


@IN_FEBRUARY
def test_an_item_outside_the_walk_is_404(client, unit_staff, plan, items):
    other = PlanItemFactory(description="Another plan's action")
    client.force_login(unit_staff)
    assert client.post(walk_url(plan), keep(other)).status_code == 404
    assert client.post(walk_url(plan), keep(items[3])).status_code == 404  # complete
    assert client.post(walk_url(plan), {"item": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.reprioritised_for_fy is None


@IN_FEBRUARY
def test_a_plan_with_nothing_open_says_so(client, unit_staff, plan):
    client.force_login(unit_staff)
    page = client.get(walk_url(plan)).content.decode()
    assert "This plan has no open actions or targets to re-prioritise." in page


@pytest.mark.parametrize("who", ["authority_member", "sergeant"])
def test_only_the_unit_walks_the_year_turn(client, request, who, plan, items):
    client.force_login(request.getfixturevalue(who))
    assert client.get(walk_url(plan)).status_code == 403
    assert client.post(walk_url(plan), keep(items[0])).status_code == 403
    assert not PlanItem.objects.filter(reprioritised_for_fy__isnull=False).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(walk_url(plan))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))


def test_an_unknown_plan_is_404(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("workplans:year-turn", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize("who", ["authority_member", "sergeant"])
def test_the_service_refuses_anyone_but_the_unit(request, who, items):
    with pytest.raises(PermissionDenied):
        item_reprioritise(item=items[0], for_fy=2027, acting_user=request.getfixturevalue(who))
    items[0].refresh_from_db()
    assert items[0].reprioritised_for_fy is None
