"""manage.py import_workplan, on the transcriptions of seed 002's two tables (the issue's
"Done when"): every row under the right outcome and action, the seeds' years normalised,
an unreadable date reported by its row number with nothing written."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.factories import UserFactory
from core.roles import Role
from workplans.choices import ItemKind, ItemStatus, PlanStatus, Timing
from workplans.factories import ObjectiveFactory, WorkPlanFactory
from workplans.models import Objective, PlanItem, WorkPlan

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
STRATEGY = DATA / "consultation_strategy_2002_05.csv"
GLA = DATA / "gla_recommendations_2002.csv"
STRATEGY_PLAN = "Consultation Strategy and Implementation Plan 2002/05"


def run(*args, **options) -> str:
    out = StringIO()
    call_command("import_workplan", *map(str, args), stdout=out, **options)
    return out.getvalue()


def refused(*args, **options) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_workplan", *map(str, args), stdout=out, **options)
    return out.getvalue(), str(refusal.value)


def tree(plan) -> dict[str, dict[str, list[str]]]:
    """{objective: {action: [targets]}} in the plan's order."""
    result = {}
    for objective in plan.objectives.order_by("position"):
        actions = objective.items.filter(parent=None).order_by("position")
        result[objective.title] = {
            action.description: [t.description for t in action.targets.order_by("position")]
            for action in actions
        }
    return result


def target(description) -> PlanItem:
    return PlanItem.objects.get(description=description, kind=ItemKind.TARGET)


def nothing_written():
    return not (
        WorkPlan.objects.exists() or Objective.objects.exists() or PlanItem.objects.exists()
    )


@pytest.fixture
def strategy_plan(administrator):
    run(STRATEGY, plan=STRATEGY_PLAN, period="2002/05")
    return WorkPlan.objects.get(title=STRATEGY_PLAN)


# --- The strategy and implementation plan table --------------------------------------


def test_the_strategy_table_makes_a_new_draft_plan_over_its_three_years(administrator):
    output = run(STRATEGY, plan=STRATEGY_PLAN, period="2002/05")
    assert "Shape recognised: a strategy and implementation plan" in output
    assert (
        f"Created in “{STRATEGY_PLAN}” (2002/03 to 2004/05, a new draft plan): "
        "5 objectives, 18 actions and 60 targets." in output
    )
    plan = WorkPlan.objects.get()
    assert (plan.title, plan.status, plan.starts_fy, plan.ends_fy) == (
        STRATEGY_PLAN,
        PlanStatus.DRAFT,
        2002,
        2004,
    )
    assert plan.created_by == administrator
    assert list(plan.objectives.order_by("position").values_list("title", flat=True)) == [
        "Better co-ordination of consultation at corporate level of MPA and MPS",
        "Greater accessibility and inclusive consultation",
        "Better feedback",
        "Greater emphasis upon borough based consultation",
        "Value for money",
    ]


def test_every_target_lands_under_its_outcome_and_action(strategy_plan):
    plan_tree = tree(strategy_plan)
    assert plan_tree["Better co-ordination of consultation at corporate level of MPA and MPS"] == {
        "Outline and set up consultation units in MPA and MPS": [
            "Define and establish organization structure and responsibilities.",
            "Establish corporate leads.",
            "Develop roles and recruit to units",
        ],
        "Prepare 3 year planning calendar": [
            "Map all local and central consultation activity and set out in schedule.",
            "Specify policing plan timetable.",
            "Develop process for liaising with Community Safety Partnerships, BOCUs and "
            "consultative groups to co-ordinate central activity more closely with borough "
            "level consultation.",
            "Identify annual programme of consultative group meetings.",
            "Review requirements and timing of Public Attitude Survey in line with other "
            "internally and externally commissioned survey work.",
        ],
        "Set up consultation board": [
            "Agree constitution.",
            "Develop terms of reference.",
            "Set up programme of meetings.",
        ],
    }
    assert plan_tree["Better feedback"] == {
        "Improve links between consultation and communication units": [
            "Incorporate communications teams in Consultation Board.",
            "Establish organization information flow diagrams dealing with key consultation "
            "processes.",
        ]
    }
    borough = plan_tree["Greater emphasis upon borough based consultation"]
    assert list(borough) == [
        "Build upon existing local consultation frameworks",
        "Pilot Community Consultation Officers",
        "Help raise standards locally",
    ]
    assert borough["Pilot Community Consultation Officers"] == [
        "Establish objectives",
        "Select pilot boroughs",
        "Agree budget and operational detail (achieved).",
        "Recruit and appoint CCOs",
        "Establish work programmes.",
        "Review",
        "Determine scope and feasibility of roll out.",
    ]
    value = plan_tree["Value for money"]
    assert list(value) == [
        "Develop systems of evaluation",
        "Mainstream consultation",
        "Resource management",
        "Make better use of consultation",
        "Budget management",
        "Motivate",
    ]
    assert len(value["Resource management"]) == 6
    assert value["Motivate"] == ["Publicise successes"]


def test_the_action_split_over_a_page_break_is_one_action_with_its_three_targets(strategy_plan):
    accessibility = tree(strategy_plan)["Greater accessibility and inclusive consultation"]
    assert accessibility[
        "Support initiatives to make consultative groups more representative of their communities."
    ] == [
        "Help develop group constitutions.",
        "Carry out publicity campaign on behalf of consultative groups.",
        "Review accessibility issues and how MPA can help to address these.",
    ]


def test_the_pilot_officers_three_done_targets_are_complete(strategy_plan):
    action = PlanItem.objects.get(description="Pilot Community Consultation Officers")
    targets = list(action.targets.order_by("position"))
    assert len(targets) == 7
    done = [t for t in targets if t.timing == Timing.DONE]
    assert [t.description for t in done] == [
        "Establish objectives",
        "Select pilot boroughs",
        "Agree budget and operational detail (achieved).",
    ]
    assert {(t.timing_text, t.status, t.percent_complete) for t in done} == {
        ("Done", ItemStatus.COMPLETE, 100)
    }
    assert [(t.timing, t.status) for t in targets[3:]] == [
        (Timing.YEARS, ItemStatus.NOT_STARTED),
        (Timing.YEARS, ItemStatus.NOT_STARTED),
        (Timing.UNSET, ItemStatus.NOT_STARTED),  # "Review": the seed gives it no year
        (Timing.YEARS, ItemStatus.NOT_STARTED),
    ]
    roll_out = targets[6]
    assert (roll_out.timing_text, roll_out.year_from, roll_out.year_to) == ("2/3", 2, 3)
    assert roll_out.due_on == date(2005, 3, 31)


@pytest.mark.parametrize(
    ("description", "text", "year_from", "year_to", "due_on"),
    [
        (
            "Identify, help develop and work with network of voluntary sector groups and "
            "advocates.",
            "½",
            1,
            2,
            date(2004, 3, 31),
        ),
        ("Identify and disseminate good practice models.", "1/2", 1, 2, date(2004, 3, 31)),
        ("Establish corporate leads.", "1", 1, 1, date(2003, 3, 31)),
        ("Progress as feasible.", "2", 2, 2, date(2004, 3, 31)),
    ],
)
def test_plan_years_are_normalised_with_the_text_kept(
    strategy_plan, description, text, year_from, year_to, due_on
):
    item = target(description)
    assert (item.timing, item.timing_text, item.year_from, item.year_to, item.due_on) == (
        Timing.YEARS,
        text,
        year_from,
        year_to,
        due_on,
    )


@pytest.mark.parametrize(
    ("description", "text"),
    [
        ("Carry out specific initiatives and outreach work.", "on-going"),
        ("Publicise successes", "On-going"),
    ],
)
def test_on_going_is_normalised_with_no_due_date(strategy_plan, description, text):
    item = target(description)
    assert (item.timing, item.timing_text, item.due_on, item.status) == (
        Timing.ONGOING,
        text,
        None,
        ItemStatus.NOT_STARTED,
    )


def test_responsibility_is_the_actions_and_its_targets_take_it(strategy_plan):
    action = PlanItem.objects.get(description="Set up consultation board")
    assert action.responsibility == "MPA COD Committee"
    assert set(action.targets.values_list("responsibility", flat=True)) == {"MPA COD Committee"}
    assert PlanItem.objects.get(
        description="Improve links between consultation and communication units"
    ).responsibility == ("MPA & MPS")
    # The seed names no body for this action: none is made up.
    frameworks = PlanItem.objects.get(
        description="Build upon existing local consultation frameworks"
    )
    assert frameworks.responsibility == ""
    assert set(frameworks.targets.values_list("responsibility", flat=True)) == {""}


def test_a_dry_run_says_what_it_would_make_and_writes_nothing(administrator):
    output = run(STRATEGY, plan=STRATEGY_PLAN, period="2002/05", dry_run=True)
    assert "Would create in" in output
    assert "5 objectives, 18 actions and 60 targets." in output
    assert nothing_written()


def test_importing_into_a_plan_already_there_adds_to_its_objectives(administrator):
    plan = WorkPlanFactory(title=STRATEGY_PLAN, starts_fy=2002, ends_fy=2004)
    ObjectiveFactory(plan=plan, title="Better feedback")
    output = run(STRATEGY, plan=STRATEGY_PLAN.upper())
    assert f"Created in “{STRATEGY_PLAN}” (2002/03 to 2004/05): 4 objectives," in output
    assert WorkPlan.objects.count() == 1
    assert plan.objectives.count() == 5
    feedback = plan.objectives.get(title="Better feedback")
    assert feedback.items.filter(parent=None).count() == 1


# --- The GLA recommendations table, with its unreadable date ------------------------


def test_the_unreadable_date_is_reported_by_its_row_and_nothing_is_written(administrator):
    output, error = refused(GLA, plan="GLA recommendations", period="2002/03")
    assert "Shape recognised: a table of recommendations" in output
    assert "Row 17, by when: “31/7?02” is not a date or plan year that can be read." in output
    assert "1 row has errors" in error
    assert "Nothing was written" in error
    assert nothing_written()


def test_a_dry_run_with_the_unreadable_date_also_fails_and_writes_nothing(administrator):
    output, error = refused(GLA, plan="GLA recommendations", period="2002/03", dry_run=True)
    assert "Row 17, by when: “31/7?02”" in output
    assert "--skip-invalid" in error
    assert nothing_written()


def test_skip_invalid_leaves_that_row_out_and_imports_the_rest(administrator):
    output = run(GLA, plan="GLA recommendations", period="2002/03", skip_invalid=True)
    assert "Row 17, by when: “31/7?02”" in output
    assert "6 objectives, 21 actions and 0 targets; 1 row with errors left out." in output
    plan = WorkPlan.objects.get(title="GLA recommendations")
    assert list(plan.objectives.order_by("position").values_list("title", flat=True)) == [
        "Key outcomes",
        "Joint Working",
        "Good practice and better use of resources",
        "Wider public engagement",
        "Stakeholder engagement",
        "Co-ordination",
    ]
    good_practice = tree(plan)["Good practice and better use of resources"]
    assert len(good_practice) == 7
    assert not PlanItem.objects.filter(description__startswith="Improve consultation approach")
    launch = PlanItem.objects.get(description="Launch and disseminate good practice guidance")
    assert (launch.how, launch.timing_text, launch.due_on) == (
        "Seminars, newsletter",
        "9/02",
        date(2002, 9, 30),
    )
    assert (launch.responsibility, launch.performance_indicator) == (
        "BG (CN)",
        "Plan and start programme from 6/02",
    )
    outsource = PlanItem.objects.get(description__startswith="Outsource consultation")
    assert outsource.timing == Timing.ONGOING
    contact = PlanItem.objects.get(description__startswith="Establish single point of contact")
    assert (contact.timing, contact.due_on) == (Timing.UNSET, None)


# --- Options -------------------------------------------------------------------------


def test_owner_is_the_acting_user_and_the_new_plans_owner(administrator, unit_staff):
    run(STRATEGY, plan=STRATEGY_PLAN, period="2002/05", owner=unit_staff.email.upper())
    plan = WorkPlan.objects.get()
    assert (plan.owner, plan.created_by) == (unit_staff, unit_staff)
    assert set(PlanItem.objects.values_list("created_by", flat=True)) == {unit_staff.pk}


def test_without_owner_the_first_active_administrator_acts_and_the_plan_has_no_owner(
    administrator,
):
    UserFactory(roles=[Role.ADMINISTRATOR])
    run(STRATEGY, plan=STRATEGY_PLAN, period="2002/05", unit="MPA CDO Unit")
    plan = WorkPlan.objects.get()
    assert (plan.created_by, plan.owner, plan.owning_unit) == (administrator, None, "MPA CDO Unit")


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_an_owner_who_may_not_change_plans_is_refused(users_by_role, role):
    _, error = refused(STRATEGY, plan="X", owner=users_by_role[role].email)
    assert "no active unit staff member or administrator" in error
    assert nothing_written()


def test_with_no_administrator_an_owner_must_be_given(unit_staff):
    _, error = refused(STRATEGY, plan="X")
    assert "There is no active administrator: give --owner EMAIL." in error


@time_machine.travel(date(2026, 11, 23))
def test_a_new_plan_is_three_years_from_this_one_by_default(administrator):
    run(GLA, plan="GLA recommendations", skip_invalid=True)
    plan = WorkPlan.objects.get()
    assert (plan.starts_fy, plan.ends_fy) == (2026, 2028)


@pytest.mark.parametrize(
    ("period", "years"),
    [("2002/05", (2002, 2004)), ("2002/03", (2002, 2002)), ("1999/02", (1999, 2001))],
)
def test_period_names_the_financial_years(administrator, period, years):
    run(GLA, plan="GLA", period=period, skip_invalid=True)
    plan = WorkPlan.objects.get()
    assert (plan.starts_fy, plan.ends_fy) == years


@pytest.mark.parametrize("period", ["2002", "2005/02", "next year"])
def test_a_period_that_cannot_be_read_is_refused(administrator, period):
    _, error = refused(GLA, plan="GLA", period=period)
    assert "--period" in error
    assert nothing_written()


def test_years_beyond_a_shorter_plan_are_errors_on_their_rows(administrator):
    output, _ = refused(STRATEGY, plan=STRATEGY_PLAN, period="2002/03")
    assert "Row 9, year: “2” reaches year 2, but the plan has 1 year." in output
    assert nothing_written()


def test_a_missing_file_is_refused(administrator, tmp_path):
    _, error = refused(tmp_path / "nope.csv", plan="X")
    assert error.startswith("No such file")


def test_a_file_that_is_not_a_table_is_refused(administrator, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the board")
    _, error = refused(notes, plan="X")
    assert "Upload a CSV (.csv) or an Excel workbook (.xlsx)." in error
    assert nothing_written()
