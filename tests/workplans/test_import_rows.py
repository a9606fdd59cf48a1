"""The import's reading of rows (workplans.services.imports): shapes and mappings, the
rules for rows that continue the row above, every cell checked, errors per row in the
spreadsheet's words, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import UserFactory
from core.roles import Role
from tests.stakeholders.fixtures.import_files import csv_bytes, xlsx_bytes
from workplans.choices import ItemKind, ItemStatus, Rag, Timing
from workplans.factories import ObjectiveFactory, WorkPlanFactory
from workplans.models import Objective, PlanItem
from workplans.services.imports import (
    ImportRefused,
    import_file_into_plan,
    recognise_shape,
    suggest_mapping,
)
from workplans.services.imports.fields import check_mapping

pytestmark = pytest.mark.django_db

STRATEGY = ["Key products and outcomes sought", "Action Required", "Implementation Targets"]
STRATEGY += ["Year", "Responsibility"]
GLA = ["Recommendations/actions", "How", "By when", "Lead officer", "Performance indicator"]


@pytest.fixture
def plan(db):
    """A three-year plan from 2026/27: plan year 1 ends on 31 March 2027."""
    return WorkPlanFactory(starts_fy=2026, ends_fy=2028)


def import_rows(rows, plan, user, *, name="plan.csv", **options):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return import_file_into_plan(
        content=content, filename=name, plan=plan, acting_user=user, **options
    )


def refused(rows, plan, user, **options):
    with pytest.raises(ImportRefused) as refusal:
        import_rows(rows, plan, user, **options)
    return refusal.value.result


def item(description) -> PlanItem:
    return PlanItem.objects.get(description=description)


# --- Shapes and column mapping -------------------------------------------------------


def test_the_three_shapes_are_recognised_by_their_headings():
    assert recognise_shape(STRATEGY) == "strategy"
    assert recognise_shape(GLA) == "recommendations"
    assert recognise_shape([h.upper() + " " for h in GLA]) == "recommendations"
    assert recognise_shape(["Objective", "Action", "Notes"]) == "other"


def test_the_mapping_is_suggested_from_the_headings_ignoring_case_and_punctuation():
    assert suggest_mapping(STRATEGY) == {
        "objective": 0,
        "action": 1,
        "target": 2,
        "timing": 3,
        "responsibility": 4,
    }
    assert suggest_mapping(GLA) == {
        "action": 0,
        "how": 1,
        "timing": 2,
        "responsibility": 3,
        "performance_indicator": 4,
    }
    assert suggest_mapping(["ACTION", "Due date", "Lead (e-mail)", "% complete", "Budget"]) == {
        "action": 0,
        "timing": 1,
        "lead": 2,
        "percent_complete": 3,
        "estimated_cost": 4,
    }


def test_a_mapping_needs_an_action_column_and_each_column_once():
    with pytest.raises(ValidationError) as refusal:
        check_mapping({"objective": 0, "target": 0}, ["A", "B"])
    errors = refusal.value.message_dict
    assert errors["target"] == [
        "The column “A” is already chosen for the objective: choose each column once."
    ]
    assert errors["action"] == [
        "Choose the column that holds the actions: every plan item needs one."
    ]
    with pytest.raises(ValidationError) as refusal:
        check_mapping({"action": 5}, ["A", "B"])
    assert refusal.value.message_dict["action"] == ["Choose one of the file's columns."]
    assert check_mapping({"action": "1", "how": ""}, ["A", "B"]) == {"action": 1}


def test_a_file_with_no_column_for_the_actions_is_refused(plan, unit_staff):
    with pytest.raises(ValidationError) as refusal:
        import_rows([["Notes", "Year"], ["Something", "1"]], plan, unit_staff)
    assert "No column of this file could be matched to the actions" in str(
        refusal.value.message_dict["file"]
    )


def test_a_file_that_cannot_be_read_is_refused_on_the_file(plan, unit_staff):
    with pytest.raises(ValidationError) as refusal:
        import_file_into_plan(
            content=b"\x00\x01binary", filename="plan.csv", plan=plan, acting_user=unit_staff
        )
    assert "not a CSV" in refusal.value.message_dict["file"][0]


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_only_unit_staff_and_administrators_import(plan, users_by_role, role):
    with pytest.raises(PermissionDenied):
        import_rows([GLA, ["An action", "", "", "", ""]], plan, users_by_role[role])
    assert not PlanItem.objects.exists()


# --- Where each row goes -------------------------------------------------------------


def test_blank_cells_continue_the_objective_and_action_above(plan, unit_staff):
    result = import_rows(
        [
            STRATEGY,
            ["Better feedback", "Improve links", "Incorporate teams", "1", "MPA & MPS"],
            ["", "", "Draw information flows", "2", ""],
            ["", "Publish results", "", "1/2", "MPA"],
            ["Value for money", "Budget management", "Define budgets.", "1", "CSMB"],
            ["", "", "Monitor", "on-going", "Treasurer"],
        ],
        plan,
        unit_staff,
    )
    assert (result.objectives_created, result.actions_created, result.targets_created) == (2, 3, 4)
    feedback, value = Objective.objects.filter(plan=plan).order_by("position")
    assert feedback.title == "Better feedback"
    links = item("Improve links")
    assert (links.kind, links.objective, links.timing, links.responsibility) == (
        ItemKind.ACTION,
        feedback,
        Timing.UNSET,
        "MPA & MPS",
    )
    assert [t.description for t in links.targets.order_by("position")] == [
        "Incorporate teams",
        "Draw information flows",
    ]
    # The row's year belongs to its target; later targets take the action's responsibility.
    assert item("Incorporate teams").year_to == 1
    assert item("Draw information flows").responsibility == "MPA & MPS"
    # An action and no target: the row's fields are the action's.
    publish = item("Publish results")
    assert (publish.objective, publish.year_from, publish.year_to) == (feedback, 1, 2)
    assert publish.targets.count() == 0
    assert item("Monitor").responsibility == "Treasurer"
    assert item("Monitor").parent == item("Budget management")
    assert item("Budget management").objective == value


def test_a_sheet_filled_down_makes_the_same_tree(plan, unit_staff):
    import_rows(
        [
            STRATEGY,
            ["Better feedback", "Improve links", "Incorporate teams", "1", "MPA"],
            ["Better feedback", "Improve links", "Draw information flows", "2", "MPA"],
        ],
        plan,
        unit_staff,
    )
    assert plan.objectives.count() == 1
    assert list(item("Improve links").targets.values_list("description", flat=True)) == [
        "Incorporate teams",
        "Draw information flows",
    ]


def test_section_headings_become_objectives_and_earlier_actions_go_under_general(plan, unit_staff):
    result = import_rows(
        [
            GLA,
            ["Agree the protocol", "By letter", "30/4/2027", "ML", ""],
            ["Joint Working", "", "", "", ""],
            ["Relaunch the network", "FBs to comment", "9/27", "ML", "Views collated"],
            ["Map consultation activity", "through CN", "Ongoing", "BG", ""],
        ],
        plan,
        unit_staff,
    )
    assert result.shape == "recommendations"
    assert list(plan.objectives.order_by("position").values_list("title", flat=True)) == [
        "General",
        "Joint Working",
    ]
    relaunch = item("Relaunch the network")
    assert relaunch.objective.title == "Joint Working"
    assert (relaunch.how, relaunch.due_on, relaunch.responsibility) == (
        "FBs to comment",
        date(2027, 9, 30),
        "ML",
    )
    assert relaunch.performance_indicator == "Views collated"
    assert item("Agree the protocol").objective.title == "General"


def test_objectives_already_in_the_plan_are_added_to_by_title(plan, unit_staff):
    existing = ObjectiveFactory(plan=plan, title="Better  Feedback")
    result = import_rows(
        [STRATEGY, ["better feedback", "Improve links", "", "1", ""]], plan, unit_staff
    )
    assert result.objectives_created == 0
    assert item("Improve links").objective == existing


def test_a_target_with_no_action_above_is_an_error(plan, unit_staff):
    result = refused(
        [STRATEGY, ["Better feedback", "", "Incorporate teams", "1", ""]], plan, unit_staff
    )
    assert [e.text for e in result.errors] == [
        "Row 2, implementation targets: There is no action above this target for it to go "
        "under: give the action in this row or in a row above."
    ]


def test_a_row_with_cells_but_no_action_or_target_is_an_error(plan, unit_staff):
    result = refused([STRATEGY, ["Better feedback", "", "", "1", "MPA"]], plan, unit_staff)
    assert [e.text for e in result.errors] == [
        "Row 2: This row has no action or target for its other cells."
    ]


# --- Errors, continuing rows, all or nothing ------------------------------------------

ROWS_WITH_A_BAD_ACTION = [
    STRATEGY,
    ["Better feedback", "Improve links", "Incorporate teams", "1", "MPA"],
    ["", "Publish results", "", "soon", "MPA"],
    ["", "", "Write it up", "1", ""],
    ["", "", "Send it out", "2", ""],
    ["", "Ask the board", "Agree dates", "1", "CSMB"],
]


def test_rows_continuing_an_invalid_row_are_reported_and_nothing_is_written(plan, unit_staff):
    result = refused(ROWS_WITH_A_BAD_ACTION, plan, unit_staff)
    assert [e.text for e in result.errors] == [
        "Row 3, year: “soon” is not a date or plan year that can be read. Write a date "
        "(30/4/2027), a month (9/2027), a plan year (1, or 1/2 for years 1 to 2), “on-going” "
        "or “done”.",
        "Row 4: Continues row 3, which has errors.",
        "Row 5: Continues row 3, which has errors.",
    ]
    assert result.rows_skipped == 3
    assert not Objective.objects.exists()
    assert not PlanItem.objects.exists()


def test_skip_invalid_leaves_out_the_invalid_rows_and_those_continuing_them(plan, unit_staff):
    result = import_rows(ROWS_WITH_A_BAD_ACTION, plan, unit_staff, skip_invalid=True)
    assert (result.actions_created, result.targets_created, result.rows_skipped) == (2, 2, 3)
    assert list(PlanItem.objects.order_by("pk").values_list("description", flat=True)) == [
        "Improve links",
        "Incorporate teams",
        "Ask the board",
        "Agree dates",
    ]
    # The targets of the invalid action are not put under another action.
    assert item("Improve links").targets.count() == 1


def test_a_row_whose_objective_is_in_error_is_left_out_with_what_continues_it(plan, unit_staff):
    long_title = "x" * 301
    result = import_rows(
        [
            STRATEGY,
            [long_title, "Improve links", "", "1", ""],
            ["", "Publish results", "", "1", ""],
            ["Value for money", "Budget management", "", "1", ""],
        ],
        plan,
        unit_staff,
        skip_invalid=True,
    )
    assert [e.text for e in result.errors] == [
        "Row 2, key products and outcomes sought: An objective can be at most 300 characters.",
        "Row 3: Continues row 2, which has errors.",
    ]
    assert list(PlanItem.objects.values_list("description", flat=True)) == ["Budget management"]


def test_a_bad_year_leaves_out_only_its_target_not_the_outcome_or_action(plan, unit_staff):
    result = import_rows(
        [
            STRATEGY,
            ["Better feedback", "Improve links", "Incorporate comms teams", "31/7?02", "MPA"],
            ["", "", "Establish information flow diagrams", "1", ""],
            ["", "Publish results", "Newsletter", "1", ""],
        ],
        plan,
        unit_staff,
        skip_invalid=True,
    )
    assert [e.row for e in result.errors] == [2]
    assert (result.objectives_created, result.actions_created, result.targets_created) == (1, 2, 2)
    improve = PlanItem.objects.get(description="Improve links")
    assert improve.objective.title == "Better feedback" and improve.responsibility == "MPA"
    assert [t.description for t in improve.targets.all()] == ["Establish information flow diagrams"]
    assert not PlanItem.objects.filter(description="Incorporate comms teams").exists()


def test_a_dry_run_counts_and_writes_nothing(plan, unit_staff):
    result = import_rows(ROWS_WITH_A_BAD_ACTION, plan, unit_staff, dry_run=True)
    assert result.dry_run
    assert (result.objectives_created, result.actions_created, result.targets_created) == (1, 2, 2)
    assert len(result.errors) == 3
    assert not Objective.objects.exists()


# --- Every cell read ------------------------------------------------------------------

FULL = [
    "Objective",
    "Action",
    "Target",
    "Timing",
    "Responsibility",
    "Lead (email)",
    "Status",
    "Percent complete",
    "Priority project",
    "Performance indicator",
    "Estimated cost",
    "Actual cost",
    "RAG set by hand",
    "Why the RAG is set by hand",
    "Evidence",
]


def full_row(**cells):
    return [cells.get(heading, "") for heading in FULL]


def test_every_field_is_read_into_the_item(plan, unit_staff):
    lead = UserFactory(roles=[Role.UNIT_STAFF], email="lead@met.example")
    import_rows(
        [
            FULL,
            full_row(
                Objective="Better feedback",
                Action="Improve links",
                Timing="30/4/2027",
                Responsibility="MPA",
                **{
                    "Lead (email)": "LEAD@met.example",
                    "Status": "at risk",
                    "Percent complete": "40%",
                    "Priority project": "Yes",
                    "Performance indicator": "Flow diagrams agreed",
                    "Estimated cost": "£1,200.50",
                    "Actual cost": "300",
                    "RAG set by hand": "Red",
                    "Why the RAG is set by hand": "The board has not met",
                    "Evidence": "Minutes https://example.org/minutes\nhttps://example.org/plan",
                },
            ),
            full_row(Target="Draw flows", Status="on_track", **{"Priority project": "no"}),
        ],
        plan,
        unit_staff,
    )
    action = item("Improve links")
    assert (action.due_on, action.lead, action.status, action.percent_complete) == (
        date(2027, 4, 30),
        lead,
        ItemStatus.AT_RISK,
        40,
    )
    assert (action.priority_project, action.performance_indicator) == (True, "Flow diagrams agreed")
    assert (action.estimated_cost, action.actual_cost) == (Decimal("1200.50"), Decimal("300"))
    assert (action.rag_override, action.rag_override_reason) == (Rag.RED, "The board has not met")
    assert list(action.evidence.values_list("title", "url")) == [
        ("Minutes", "https://example.org/minutes"),
        ("https://example.org/plan", "https://example.org/plan"),
    ]
    assert action.created_by == unit_staff
    flows = item("Draw flows")
    assert (flows.status, flows.priority_project, flows.lead) == (ItemStatus.ON_TRACK, False, None)


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        (
            {"Status": "Finished"},
            "Row 2, status: “Finished” is not a status engage knows: Not started, On track, "
            "At risk, Off track, Complete, Ongoing, Dropped.",
        ),
        (
            {"Percent complete": "150"},
            "Row 2, percent complete: “150” is not a percentage: give a whole number from 0 "
            "to 100.",
        ),
        (
            {"Estimated cost": "lots"},
            "Row 2, estimated cost: “lots” is not an amount of money: write it like 1200 or "
            "£1,200.50.",
        ),
        (
            {"Actual cost": "-5"},
            "Row 2, actual cost: “-5” is less than nothing: a cost is £0 or more.",
        ),
        (
            {"Estimated cost": "12.345"},
            "Row 2, estimated cost: Ensure that there are no more than 2 decimal places.",
        ),
        ({"Priority project": "maybe"}, "Row 2, priority project: Enter yes or no, not “maybe”."),
        (
            {"RAG set by hand": "Purple", "Why the RAG is set by hand": "Because"},
            "Row 2, RAG set by hand: “Purple” is not a RAG rating: Red, Amber, Green, Not rated.",
        ),
        (
            {"RAG set by hand": "amber"},
            "Row 2, why the RAG is set by hand: Say why the RAG is set by hand.",
        ),
        (
            {"Evidence": "the minutes"},
            "Row 2, evidence: “the minutes” holds no web address: give one starting https:// "
            "on each line.",
        ),
        (
            {"Timing": "4"},
            "Row 2, timing: “4” reaches year 4, but the plan has 3 years.",
        ),
        (
            {"Responsibility": "M" * 201},
            "Row 2, responsibility: Ensure this value has at most 200 characters (it has 201).",
        ),
    ],
)
def test_a_cell_that_cannot_be_read_is_an_error_on_its_row(plan, unit_staff, cells, error):
    result = refused([FULL, full_row(Action="Improve links", **cells)], plan, unit_staff)
    assert [e.text for e in result.errors] == [error]
    assert not PlanItem.objects.exists()


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_a_lead_who_may_not_lead_is_an_error(plan, unit_staff, users_by_role, role):
    email = users_by_role[role].email
    result = refused([FULL, full_row(Action="A", **{"Lead (email)": email})], plan, unit_staff)
    assert [e.text for e in result.errors] == [
        f"Row 2, lead (email): “{email}” is not the email address of a member of unit staff "
        "or an administrator in engage."
    ]


def test_a_row_reports_each_of_its_errors(plan, unit_staff):
    result = refused(
        [FULL, full_row(Action="A", Timing="31/7?02", Status="later", **{"Actual cost": "x"})],
        plan,
        unit_staff,
    )
    assert [e.field for e in result.errors] == ["timing", "status", "actual_cost"]
    assert {e.row for e in result.errors} == {2}


def test_status_is_read_by_value_or_label_and_done_makes_work_complete(plan, unit_staff):
    import_rows(
        [
            FULL,
            full_row(Action="A", Status="OFF TRACK"),
            full_row(Action="B", Status="not_started", Timing="Done"),
            full_row(Action="C", Status="Complete", **{"Percent complete": "20"}),
        ],
        plan,
        unit_staff,
    )
    assert item("A").status == ItemStatus.OFF_TRACK
    assert (item("B").status, item("B").percent_complete) == (ItemStatus.COMPLETE, 100)
    assert (item("C").status, item("C").percent_complete) == (ItemStatus.COMPLETE, 100)


def test_an_xlsx_file_is_read_like_a_csv(plan, unit_staff):
    result = import_rows(
        [STRATEGY, ["Better feedback", "Improve links", "Incorporate teams", 1, "MPA"]],
        plan,
        unit_staff,
        name="plan.xlsx",
    )
    assert result.targets_created == 1
    assert item("Incorporate teams").year_to == 1
