"""Reviews: a snapshot of every item when a review is recorded, so "since the last review"
says what moved, what slipped, what was completed or dropped and what is new."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from workplans.choices import ItemStatus, Rag, ReviewKind
from workplans.factories import ObjectiveFactory, PlanItemFactory, WorkPlanFactory
from workplans.models import PlanReview, ReviewEntry
from workplans.selectors.reviews import changes_since, changes_since_last_review, latest_review
from workplans.services.items import item_update
from workplans.services.progress import progress_record
from workplans.services.reviews import review_record

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 6, 3)
ON_THE_DAY = time_machine.travel(datetime(2026, 6, 3, 10, tzinfo=LONDON), tick=False)


def days(n):
    return TODAY + timedelta(days=n)


@pytest.fixture
def plan():
    return WorkPlanFactory(title="Consultation Strategy", starts_fy=2026, ends_fy=2028)


@pytest.fixture
def objective(plan):
    return ObjectiveFactory(plan=plan, title="Better co-ordination of consultation")


def item(objective, description, **kwargs):
    return PlanItemFactory(objective=objective, description=description, **kwargs)


def board_review(plan, user, **kwargs):
    return review_record(
        plan=plan,
        kind=kwargs.pop("kind", ReviewKind.BOARD),
        held_on=kwargs.pop("held_on", TODAY),
        reviewed_by="Consultation Board",
        acting_user=user,
        **kwargs,
    )


def pks(entries):
    return [getattr(entry, "item", entry).pk for entry in entries]


@ON_THE_DAY
def test_since_the_last_review_is_exact_after_later_changes(unit_staff, plan, objective):
    on_track = {"status": ItemStatus.ON_TRACK}
    mapping = item(objective, "Map consultation activity", percent_complete=20, **on_track)
    calendar = item(objective, "Specify the policing plan timetable", due_on=days(100))
    liaison = item(objective, "Liaise with partnerships", due_on=days(200), **on_track)
    survey = item(objective, "Review the attitude survey", status=ItemStatus.AT_RISK)
    board = item(objective, "Set up the consultation board", **on_track)
    panel = item(objective, "Consider a citizens' panel")
    units = item(objective, "Set up the units", status=ItemStatus.COMPLETE, percent_complete=100)
    leads = item(objective, "Establish corporate leads", due_on=days(300), **on_track)
    closing = item(objective, "Agree the constitution", due_on=days(20))  # green: 20 days
    target = item(objective, "Recruit to the units", parent=mapping)

    review = board_review(plan, unit_staff)

    entries = {entry.item_id: entry for entry in review.entries.all()}
    assert len(entries) == 10  # every action and target
    assert (entries[survey.pk].status, entries[survey.pk].rag) == (ItemStatus.AT_RISK, Rag.AMBER)
    assert (entries[closing.pk].rag, entries[closing.pk].due_on) == (Rag.GREEN, days(20))
    assert entries[mapping.pk].percent_complete == 20

    progress_record(item=mapping, note="Half mapped.", new_percent=40, acting_user=unit_staff)
    progress_record(
        item=calendar, note="Started.", new_status=ItemStatus.ON_TRACK, acting_user=unit_staff
    )
    item_update(item=liaison, timing_text="", due_on=days(260), acting_user=unit_staff)
    progress_record(
        item=survey, note="Stalled.", new_status=ItemStatus.OFF_TRACK, acting_user=unit_staff
    )
    progress_record(
        item=board, note="Constituted.", new_status=ItemStatus.COMPLETE, acting_user=unit_staff
    )
    progress_record(
        item=panel, note="Not needed.", new_status=ItemStatus.DROPPED, acting_user=unit_staff
    )
    added = item(objective, "Develop e-consultation")

    with time_machine.travel(datetime(2026, 6, 13, 10, tzinfo=LONDON), tick=False):
        changes = changes_since_last_review(plan)

    assert changes.review == review
    assert pks(changes.moved) == [mapping.pk, calendar.pk, survey.pk]
    # a later due date; amber to red; not started and now due within 14 days (amber)
    assert pks(changes.slipped) == [liaison.pk, survey.pk, closing.pk]
    assert pks(changes.completed) == [board.pk]
    assert pks(changes.dropped) == [panel.pk]
    assert pks(changes.new) == [added.pk]
    assert changes.unchanged == 3  # units, leads and the target
    assert {units.pk, leads.pk, target.pk}.isdisjoint(
        pks(changes.moved + changes.slipped + changes.completed + changes.dropped)
    )
    survey_change = changes.slipped[1]
    assert (survey_change.entry.rag, survey_change.item.rag) == (Rag.AMBER, Rag.RED)
    mapping_change = changes.moved[0]
    assert (mapping_change.entry.percent_complete, mapping_change.item.percent_complete) == (
        20,
        40,
    )
    assert not mapping_change.status_changed and mapping_change.percent_changed
    # the snapshot itself did not move
    assert ReviewEntry.objects.get(review=review, item=board).status == ItemStatus.ON_TRACK


@ON_THE_DAY
def test_a_later_review_is_the_one_measured_from(unit_staff, plan, objective):
    mapping = item(objective, "Map consultation activity")
    board_review(plan, unit_staff, held_on=days(-30))
    progress_record(
        item=mapping, note="Started.", new_status=ItemStatus.ON_TRACK, acting_user=unit_staff
    )
    assert pks(changes_since_last_review(plan).moved) == [mapping.pk]

    committee = board_review(plan, unit_staff, kind=ReviewKind.COMMITTEE)

    assert latest_review(plan) == committee
    changes = changes_since_last_review(plan)
    assert (changes.moved, changes.unchanged, changes.label) == ([], 1, "Committee, 3 Jun 2026")


def test_a_plan_never_reviewed_has_nothing_since(plan):
    assert latest_review(plan) is None
    assert changes_since_last_review(plan) is None


@ON_THE_DAY
def test_a_review_cannot_be_in_the_future(unit_staff, plan, objective):
    item(objective, "Map consultation activity")
    with pytest.raises(ValidationError) as refused:
        board_review(plan, unit_staff, held_on=days(1))
    assert "not a future date" in refused.value.message_dict["held_on"][0]
    assert not PlanReview.objects.exists() and not ReviewEntry.objects.exists()


@pytest.mark.parametrize("who", ["authority_member", "sergeant"])
def test_only_editors_record_reviews_in_the_service(request, who, plan):
    with pytest.raises(PermissionDenied):
        board_review(plan, request.getfixturevalue(who))
    assert not PlanReview.objects.exists()


# Pages --------------------------------------------------------------------------------


def create_url(plan):
    return reverse("workplans:review-create", kwargs={"pk": plan.pk})


REVIEW = {
    "kind": ReviewKind.BOARD,
    "held_on": "2026-06-02",
    "reviewed_by": "Consultation Board",
    "notes": "Minutes at C/02/01.",
}


@ON_THE_DAY
@pytest.mark.parametrize("who", ["unit_staff", "administrator"])
def test_the_unit_records_a_review_and_sees_its_snapshot(client, request, who, plan, objective):
    user = request.getfixturevalue(who)
    item(objective, "Map consultation activity", status=ItemStatus.AT_RISK, percent_complete=30)
    client.force_login(user)
    assert client.get(create_url(plan)).status_code == 200

    response = client.post(create_url(plan), REVIEW)

    review = PlanReview.objects.get()
    assert response.status_code == 302 and response.url == review.get_absolute_url()
    assert (review.kind, review.held_on, review.recorded_by) == (
        ReviewKind.BOARD,
        date(2026, 6, 2),
        user,
    )
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Half-yearly review by the Consultation Board, 2 Jun 2026" in page
    assert "Minutes at C/02/01." in page
    assert "Map consultation activity" in page and "At risk" in page and "30%" in page
    assert ">Amber<" in page  # said in words, not by colour alone


@ON_THE_DAY
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("held_on", "2026-06-04", "not a future date"),
        ("held_on", "", "This field is required."),
        ("reviewed_by", "", "This field is required."),
        ("kind", "weekly", "Select a valid choice."),
    ],
)
def test_a_refused_review_says_why_next_to_the_field(
    client, unit_staff, plan, field, value, message
):
    client.force_login(unit_staff)
    response = client.post(create_url(plan), {**REVIEW, field: value})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert "Nothing has been saved yet" in response.content.decode()
    assert not PlanReview.objects.exists()


def test_the_year_turn_offer_chooses_the_kind(client, unit_staff, plan):
    client.force_login(unit_staff)
    response = client.get(create_url(plan) + "?kind=year_turn")
    form = response.context["form"]
    assert form["kind"].value() == ReviewKind.YEAR_TURN
    assert form["reviewed_by"].value() == plan.owning_unit


@pytest.mark.parametrize("who", ["authority_member", "sergeant"])
def test_readers_and_sergeants_cannot_record_reviews(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    assert client.get(create_url(plan)).status_code == 403
    assert client.post(create_url(plan), REVIEW).status_code == 403
    assert not PlanReview.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, unit_staff, plan):
    review = board_review(plan, unit_staff)
    for url in (
        create_url(plan),
        reverse("workplans:review-list", kwargs={"pk": plan.pk}),
        review.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign-in"))


@ON_THE_DAY
@pytest.mark.parametrize("who", ["authority_member", "unit_staff", "administrator"])
def test_readers_see_the_reviews_and_what_changed_since(client, request, who, plan, objective):
    staff = request.getfixturevalue("unit_staff")
    mapping = item(objective, "Map consultation activity", status=ItemStatus.ON_TRACK)
    review = board_review(plan, staff, held_on=days(-1))
    progress_record(
        item=mapping, note="Stalled.", new_status=ItemStatus.OFF_TRACK, acting_user=staff
    )
    client.force_login(request.getfixturevalue(who))

    listing = client.get(reverse("workplans:review-list", kwargs={"pk": plan.pk}))
    assert listing.status_code == 200
    assert review.get_absolute_url() in listing.content.decode()
    assert ("Record a review" in listing.content.decode()) == (who != "authority_member")

    page = client.get(review.get_absolute_url()).content.decode()
    assert "What has changed since" in page
    assert "On track → Off track" in page  # moved
    assert ">Green<" in page and ">Red<" in page  # slipped, in words
    assert mapping.get_absolute_url() in page


def test_sergeants_cannot_read_reviews(client, sergeant, unit_staff, plan):
    review = board_review(plan, unit_staff)
    client.force_login(sergeant)
    assert client.get(review.get_absolute_url()).status_code == 403
    assert client.get(reverse("workplans:review-list", kwargs={"pk": plan.pk})).status_code == 403


def test_an_unknown_review_or_plan_is_404(client, authority_member, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("workplans:review-detail", kwargs={"pk": 999})).status_code == 404
    assert client.get(reverse("workplans:review-list", kwargs={"pk": 999})).status_code == 404
    assert client.get(reverse("workplans:review-create", kwargs={"pk": 999})).status_code == 404


# The include on the plan page ----------------------------------------------------------


@ON_THE_DAY
def test_the_include_sums_up_since_the_last_review(unit_staff, plan, objective):
    actions = [item(objective, f"Action {n}", status=ItemStatus.ON_TRACK) for n in range(7)]
    board_review(plan, unit_staff)
    for action in actions:
        progress_record(item=action, note="More done.", new_percent=50, acting_user=unit_staff)
    item(objective, "Develop e-consultation")

    html = render_to_string(
        "workplans/includes/since_review.html",
        {"since_review": changes_since_last_review(plan), "plan": plan},
    )

    assert "Since the last review (Board, 3 Jun 2026)" in html
    assert "Moved: 7" in html and "New: 1" in html and "Unchanged: 0" in html
    assert html.count("0% → 50%") == 5 and "and 2 more." in html
    assert actions[0].get_absolute_url() in html and actions[6].get_absolute_url() not in html
    assert "Develop e-consultation" in html


def test_the_include_without_a_review(plan):
    html = render_to_string(
        "workplans/includes/since_review.html", {"since_review": None, "plan": plan}
    )
    assert "No review of this plan has been recorded yet." in html


@ON_THE_DAY
def test_changes_since_an_earlier_review_measure_from_it(unit_staff, plan, objective):
    mapping = item(objective, "Map consultation activity")
    first = board_review(plan, unit_staff, held_on=days(-60))
    progress_record(item=mapping, note="Going.", new_percent=10, acting_user=unit_staff)
    board_review(plan, unit_staff)
    assert pks(changes_since(first).moved) == [mapping.pk]
    assert changes_since_last_review(plan).moved == []
