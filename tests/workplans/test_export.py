"""A plan exported as CSV and XLSX in the shape the import reads, by every reader; and
read back into an empty plan as the same tree."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from workplans.choices import ItemStatus, Rag
from workplans.factories import ObjectiveFactory, WorkPlanFactory
from workplans.models import EvidenceLink, PlanItem
from workplans.selectors.exports import export_headings
from workplans.services.imports import import_file_into_plan
from workplans.services.items import evidence_add, item_create

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Objective",
    "Action",
    "Target",
    "How",
    "Timing",
    "Responsibility",
    "Lead (email)",
    "Status",
    "RAG",
    "Percent complete",
    "Priority project",
    "Performance indicator",
    "Estimated cost",
    "Actual cost",
    "RAG set by hand",
    "Why the RAG is set by hand",
    "Evidence",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def plan(unit_staff):
    plan = WorkPlanFactory(title="SCU work plan 2026/29", starts_fy=2026, ends_fy=2028)
    feedback = ObjectiveFactory(plan=plan, title="Better feedback", position=1)
    ObjectiveFactory(plan=plan, title="Value for money", position=2)
    links = item_create(
        objective=feedback,
        acting_user=unit_staff,
        description="Improve links between consultation and communication units",
        how="Through the board",
        timing_text="1/2",
        responsibility="MPA & MPS",
        lead=unit_staff,
        status=ItemStatus.AT_RISK,
        percent_complete=30,
        priority_project=True,
        performance_indicator="Flow diagrams agreed",
        estimated_cost=Decimal("1200.50"),
        actual_cost=Decimal("300"),
        rag_override=Rag.RED,
        rag_override_reason="The board has not met",
    )
    evidence_add(
        item=links, title="Minutes", url="https://example.org/minutes", acting_user=unit_staff
    )
    item_create(
        objective=feedback,
        parent=links,
        acting_user=unit_staff,
        description='=HYPERLINK("https://example.org")',
        timing_text="30/4/27",
        responsibility="MPA",
    )
    item_create(
        objective=feedback,
        parent=links,
        acting_user=unit_staff,
        description="Draw information flows",
        timing_text="Done",
    )
    item_create(
        objective=feedback,
        acting_user=unit_staff,
        description="Publish results",
        timing_text="on-going",
        status=ItemStatus.ON_TRACK,
    )
    return plan


def export_url(plan, fmt):
    return reverse("workplans:plan-export", kwargs={"pk": plan.pk, "format": fmt})


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [
        ["" if v is None else v for v in row] for row in workbook.active.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def test_the_export_has_the_import_fields_headings_and_the_rag_shown():
    assert export_headings() == HEADINGS


def test_each_action_is_followed_by_its_targets_with_objective_and_action_blank(
    client, unit_staff, plan
):
    client.force_login(unit_staff)
    response = client.get(export_url(plan, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="scu-work-plan-202629.csv"'
    rows = csv_rows(response)
    assert rows[0] == HEADINGS
    by_heading = [dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]]
    assert [(r["Objective"], r["Action"], r["Target"]) for r in by_heading] == [
        ("Better feedback", "Improve links between consultation and communication units", ""),
        ("", "", '\'=HYPERLINK("https://example.org")'),  # quoted: never run as a formula
        ("", "", "Draw information flows"),
        ("", "Publish results", ""),
        ("Value for money", "", ""),
    ]
    links = by_heading[0]
    assert links == {
        **links,
        "How": "Through the board",
        "Timing": "1/2",
        "Responsibility": "MPA & MPS",
        "Lead (email)": unit_staff.email,
        "Status": "At risk",
        "RAG": "Red",
        "Percent complete": "30",
        "Priority project": "Yes",
        "Performance indicator": "Flow diagrams agreed",
        "Estimated cost": "1200.50",
        "Actual cost": "300.00",
        "RAG set by hand": "Red",
        "Why the RAG is set by hand": "The board has not met",
        "Evidence": "Minutes https://example.org/minutes",
    }
    done = by_heading[2]
    assert (done["Timing"], done["Status"], done["RAG"], done["Percent complete"]) == (
        "Done",
        "Complete",
        "Green",
        "100",
    )
    assert (by_heading[3]["Timing"], by_heading[3]["RAG"]) == ("on-going", "Green")


def test_the_xlsx_export_holds_the_same_rows(client, unit_staff, plan):
    client.force_login(unit_staff)
    response = client.get(export_url(plan, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="scu-work-plan-202629.xlsx"'
    rows = xlsx_rows(response)
    assert rows[0] == HEADINGS
    assert [row[:3] for row in rows[1:]] == [
        ["Better feedback", "Improve links between consultation and communication units", ""],
        ["", "", '\'=HYPERLINK("https://example.org")'],
        ["", "", "Draw information flows"],
        ["", "Publish results", ""],
        ["Value for money", "", ""],
    ]
    assert rows[1][HEADINGS.index("Percent complete")] == 30


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF, Role.AUTHORITY_MEMBER])
def test_every_reader_may_export_the_committee_included(client, users_by_role, plan, role):
    client.force_login(users_by_role[role])
    for fmt in ("csv", "xlsx"):
        assert client.get(export_url(plan, fmt)).status_code == 200


def test_a_sergeant_may_not_export(client, sergeant, plan):
    client.force_login(sergeant)
    assert client.get(export_url(plan, "csv")).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client, plan):
    response = client.get(export_url(plan, "csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_an_unknown_plan_or_format_is_not_found(client, unit_staff, plan):
    client.force_login(unit_staff)
    assert client.get(export_url(plan, "pdf")).status_code == 404
    missing = reverse("workplans:plan-export", kwargs={"pk": plan.pk + 100, "format": "csv"})
    assert client.get(missing).status_code == 404


# --- Round trip ----------------------------------------------------------------------


def snapshot(plan) -> list:
    """Everything the tree holds, without ids, in order."""

    def facts(item):
        return (
            item.kind,
            item.description,
            item.how,
            item.timing,
            item.timing_text,
            item.year_from,
            item.year_to,
            item.due_on,
            item.responsibility,
            item.lead_id,
            item.status,
            item.percent_complete,
            item.priority_project,
            item.performance_indicator,
            item.estimated_cost,
            item.actual_cost,
            item.rag_override,
            item.rag_override_reason,
            sorted(EvidenceLink.objects.filter(item=item).values_list("title", "url")),
        )

    tree = []
    for objective in plan.objectives.order_by("position"):
        actions = PlanItem.objects.filter(objective=objective, parent=None).order_by("position")
        tree.append(
            (
                objective.title,
                [
                    (facts(action), [facts(t) for t in action.targets.order_by("position")])
                    for action in actions
                ],
            )
        )
    return tree


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_plan_imports_into_an_empty_plan_as_the_same_tree(
    client, unit_staff, plan, fmt
):
    client.force_login(unit_staff)
    response = client.get(export_url(plan, fmt))
    empty = WorkPlanFactory(title="Copy", starts_fy=2026, ends_fy=2028)
    result = import_file_into_plan(
        content=b"".join(response.streaming_content),
        filename=f"export.{fmt}",
        plan=empty,
        acting_user=unit_staff,
    )
    assert result.shape == "engage"
    assert result.errors == []
    assert (result.objectives_created, result.actions_created, result.targets_created) == (2, 2, 2)
    assert snapshot(empty) == snapshot(plan)
    copied = PlanItem.objects.get(plan=empty, description__startswith="=HYPERLINK")
    assert copied.description == '=HYPERLINK("https://example.org")'


def test_the_seed_strategy_table_survives_export_and_import(client, administrator):
    source = Path(__file__).resolve().parents[2] / "demo/data/consultation_strategy_2002_05.csv"
    original = WorkPlanFactory(starts_fy=2002, ends_fy=2004)
    import_file_into_plan(
        content=source.read_bytes(), filename=source.name, plan=original, acting_user=administrator
    )
    client.force_login(administrator)
    exported = b"".join(client.get(export_url(original, "csv")).streaming_content)
    copy = WorkPlanFactory(starts_fy=2002, ends_fy=2004)
    import_file_into_plan(
        content=exported, filename="export.csv", plan=copy, acting_user=administrator
    )
    assert snapshot(copy) == snapshot(original)
    assert PlanItem.objects.filter(plan=copy).count() == 78
