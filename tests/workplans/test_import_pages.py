"""The browser import: upload, match the columns, check, commit; each role allowed or
refused; bad files and mappings shown next to their fields; rows with errors block the
commit unless left out; a commit that fails half-way leaves nothing behind."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.roles import Role
from tests.stakeholders.fixtures.import_files import csv_bytes
from workplans.choices import Timing
from workplans.factories import ObjectiveFactory, WorkPlanFactory
from workplans.models import Objective, PlanImport, PlanItem, WorkPlan
from workplans.services.imports import plan_import_create, plan_import_mapping_set, writing
from workplans.tasks import import_purge_abandoned

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
GLA = ["Recommendations/actions", "How", "By when", "Lead officer", "Performance indicator"]
GOOD_ROWS = [
    GLA,
    ["Joint Working", "", "", "", ""],
    ["Relaunch the network", "FBs to comment", "30/4/02", "ML", "Views collated"],
    ["Map consultation activity", "through CN", "31/7/02", "BG", ""],
]
BAD_ROWS = [*GOOD_ROWS, ["Improve the approach", "link with plan", "31/7?02", "BG", ""]]
NEW_PLAN = {
    "into": "new",
    "plan_title": "GLA recommendations 2002",
    "plan_owning_unit": "MPA CDO Unit",
    "plan_starts_fy": "2002",
    "plan_ends_fy": "2002",
}


def upload(rows, name="plan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def new_import(user, rows=GOOD_ROWS, **plan) -> PlanImport:
    fields = plan or {
        "plan_title": NEW_PLAN["plan_title"],
        "plan_owning_unit": NEW_PLAN["plan_owning_unit"],
        "plan_starts_fy": 2002,
        "plan_ends_fy": 2002,
    }
    return plan_import_create(uploaded_file=upload(rows), acting_user=user, **fields)


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def field_error(response, name) -> str:
    """The error crispy shows under the field ``name``."""
    found = re.search(
        rf'id="error_1_id_{name}"[^>]*>(.*?)</', response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split()) if found else ""


def step_urls(plan_import) -> dict[str, str]:
    return {
        name: reverse(f"workplans:import-{name}", kwargs={"pk": plan_import.pk})
        for name in ("mapping", "preview", "commit")
    }


def nothing_made():
    return not (
        WorkPlan.objects.exists() or Objective.objects.exists() or PlanItem.objects.exists()
    )


# --- Who may import ------------------------------------------------------------------


def test_a_signed_out_visitor_is_sent_to_sign_in(client, unit_staff):
    plan_import = new_import(unit_staff)
    for url in [reverse("workplans:import-create"), *step_urls(plan_import).values()]:
        response = client.post(url) if url.endswith("/commit/") else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_authority_members_and_sergeants_are_refused_every_step(client, users_by_role, role):
    plan_import = new_import(users_by_role[Role.UNIT_STAFF])
    client.force_login(users_by_role[role])
    create = reverse("workplans:import-create")
    assert client.get(create).status_code == 403
    assert client.post(create, {**NEW_PLAN, "file": upload(GOOD_ROWS)}).status_code == 403
    urls = step_urls(plan_import)
    assert client.get(urls["mapping"]).status_code == 403
    assert client.post(urls["mapping"], {"action": "0"}).status_code == 403
    assert client.get(urls["preview"]).status_code == 403
    assert client.post(urls["commit"], {"skip_invalid": "on"}).status_code == 403
    assert PlanImport.objects.get().status == PlanImport.Status.MAPPING
    assert not WorkPlan.objects.exists()


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_unit_staff_and_administrators_import_a_plan_from_start_to_finish(
    client, users_by_role, role
):
    user = users_by_role[role]
    client.force_login(user)
    assert client.get(reverse("workplans:import-create")).status_code == 200
    response = client.post(
        reverse("workplans:import-create"), {**NEW_PLAN, "file": upload(GOOD_ROWS, "gla.csv")}
    )
    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_urls(plan_import)["mapping"]
    assert (plan_import.created_by, plan_import.filename, plan_import.shape) == (
        user,
        "gla.csv",
        "recommendations",
    )
    assert plan_import.rows[0] == [2, ["Joint Working", "", "", "", ""]]
    assert not WorkPlan.objects.exists()  # the new plan is made at commit only

    mapping = client.get(step_urls(plan_import)["mapping"])
    assert mapping.status_code == 200
    text = page_text(mapping)
    assert "The file looks like a table of recommendations" in text
    assert re.search(r'<option value="2" selected>By when</option>', mapping.content.decode())
    response = client.post(
        step_urls(plan_import)["mapping"],
        {"action": "0", "how": "1", "timing": "2", "responsibility": "3"},
    )
    assert response["Location"] == step_urls(plan_import)["preview"]
    plan_import.refresh_from_db()
    assert plan_import.mapping == {"action": 0, "how": 1, "timing": 2, "responsibility": 3}

    preview = page_text(client.get(step_urls(plan_import)["preview"]))
    assert "1 new objective, 2 actions and 0 targets" in preview
    assert "0 rows with errors" in preview
    assert "Joint Working (row 2)" in preview
    assert "Relaunch the network Row 3 · 30 Apr 2002 (“30/4/02”) · Not started · ML" in preview

    response = client.post(step_urls(plan_import)["commit"], {})
    plan = WorkPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.title, plan.owning_unit, plan.starts_fy, plan.ends_fy, plan.created_by) == (
        "GLA recommendations 2002",
        "MPA CDO Unit",
        2002,
        2002,
        user,
    )
    assert list(plan.items.values_list("description", "performance_indicator")) == [
        ("Relaunch the network", ""),
        ("Map consultation activity", ""),
    ]
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan, plan_import.rows, plan_import.headers) == (
        PlanImport.Status.DONE,
        plan,
        [],
        [],
    )
    assert (plan_import.items_created, plan_import.rows_skipped) == (2, 0)
    shown = page_text(client.get(response["Location"]))
    assert (
        "Imported into “GLA recommendations 2002”: 1 objective, 2 actions and 0 targets." in shown
    )


def test_another_users_import_is_not_found(client, unit_staff):
    plan_import = new_import(unit_staff)
    client.force_login(UserFactory(roles=[Role.UNIT_STAFF]))
    urls = step_urls(plan_import)
    assert client.get(urls["mapping"]).status_code == 404
    assert client.post(urls["mapping"], {"action": "0"}).status_code == 404
    assert client.get(urls["preview"]).status_code == 404
    assert client.post(urls["commit"], {}).status_code == 404
    assert not WorkPlan.objects.exists()


def test_a_finished_import_leads_to_its_plan(client, unit_staff):
    plan = WorkPlanFactory(starts_fy=2002, ends_fy=2002)
    plan_import = new_import(unit_staff, plan=plan)
    client.force_login(unit_staff)
    client.post(step_urls(plan_import)["commit"], {})
    response = client.get(step_urls(plan_import)["preview"])
    assert response["Location"] == plan.get_absolute_url()
    assert client.post(step_urls(plan_import)["commit"], {})["Location"] == plan.get_absolute_url()
    assert plan.items.count() == 2


# --- Upload --------------------------------------------------------------------------


def test_the_plan_named_in_the_address_is_chosen_to_start_with(client, unit_staff):
    plan = WorkPlanFactory(title="SCU plan")
    client.force_login(unit_staff)
    response = client.get(reverse("workplans:import-create") + f"?plan={plan.pk}")
    content = response.content.decode()
    assert re.search(rf'<option value="{plan.pk}" selected>SCU plan</option>', content)
    assert re.search(r'value="existing"[^>]*checked', content)


def test_uploading_into_a_plan_already_there(client, unit_staff):
    plan = WorkPlanFactory(starts_fy=2002, ends_fy=2002)
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:import-create"),
        {"into": "existing", "plan": plan.pk, "file": upload(GOOD_ROWS)},
    )
    assert response.status_code == 302
    assert PlanImport.objects.get().plan == plan


def test_a_file_that_is_not_a_spreadsheet_is_refused_next_to_the_file(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:import-create"),
        {**NEW_PLAN, "file": SimpleUploadedFile("notes.txt", b"Minutes of the board")},
    )
    assert response.status_code == 400
    assert field_error(response, "file") == "Upload a CSV (.csv) or an Excel workbook (.xlsx)."
    assert "Nothing has been saved yet" in page_text(response)
    assert not PlanImport.objects.exists()


def test_a_csv_with_headings_but_no_rows_is_refused_next_to_the_file(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("workplans:import-create"), {**NEW_PLAN, "file": upload([GLA])})
    assert response.status_code == 400
    assert field_error(response, "file") == "The file has headings but no rows to import."


def test_a_file_too_big_is_refused_next_to_the_file(client, unit_staff, settings):
    settings.STAKEHOLDERS_IMPORT_MAX_BYTES = 100
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:import-create"), {**NEW_PLAN, "file": upload(GOOD_ROWS)}
    )
    assert response.status_code == 400
    assert "the most engage takes is 0 MB" in field_error(response, "file")
    assert not PlanImport.objects.exists()


def test_a_new_plan_needs_its_title_and_years_in_order(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:import-create"),
        {**NEW_PLAN, "plan_title": "", "plan_ends_fy": "2001", "file": upload(GOOD_ROWS)},
    )
    assert response.status_code == 400
    assert field_error(response, "plan_title") == "Give the new plan a title."
    response = client.post(
        reverse("workplans:import-create"),
        {**NEW_PLAN, "plan_ends_fy": "2001", "file": upload(GOOD_ROWS)},
    )
    assert response.status_code == 400
    assert (
        field_error(response, "plan_ends_fy")
        == "The last financial year cannot come before the first."
    )
    assert not PlanImport.objects.exists()


def test_importing_into_a_plan_needs_the_plan(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("workplans:import-create"), {"into": "existing", "file": upload(GOOD_ROWS)}
    )
    assert response.status_code == 400
    assert field_error(response, "plan") == "Choose the plan to import into."


# --- Matching the columns ------------------------------------------------------------


def test_a_column_chosen_twice_is_refused_next_to_the_field(client, unit_staff):
    plan_import = new_import(unit_staff)
    client.force_login(unit_staff)
    response = client.post(step_urls(plan_import)["mapping"], {"action": "0", "target": "0"})
    assert response.status_code == 400
    assert field_error(response, "target") == (
        "The column “Recommendations/actions” is already chosen for the action: choose each "
        "column once."
    )
    plan_import.refresh_from_db()
    assert "target" not in plan_import.mapping


def test_the_actions_column_is_required(client, unit_staff):
    plan_import = new_import(unit_staff)
    client.force_login(unit_staff)
    response = client.post(step_urls(plan_import)["mapping"], {"how": "1"})
    assert response.status_code == 400
    assert field_error(response, "action") == "Choose the column that holds the actions."


def test_a_preview_without_an_actions_column_goes_back_to_the_columns(client, unit_staff):
    plan_import = new_import(unit_staff, rows=[["Notes", "Year"], ["Something", "1"]])
    client.force_login(unit_staff)
    response = client.get(step_urls(plan_import)["preview"])
    assert response["Location"] == step_urls(plan_import)["mapping"]


# --- Preview and commit --------------------------------------------------------------


def test_rows_with_errors_are_shown_and_block_the_commit(client, unit_staff):
    plan_import = new_import(unit_staff, rows=BAD_ROWS)
    client.force_login(unit_staff)
    preview = page_text(client.get(step_urls(plan_import)["preview"]))
    assert "1 row with errors" in preview
    assert "Row 5, by when: “31/7?02” is not a date or plan year that can be read." in preview
    assert "Improve the approach" not in preview.split("The plan as it will be built")[1]

    response = client.post(step_urls(plan_import)["commit"], {})
    assert response.status_code == 400
    assert field_error(response, "skip_invalid").startswith(
        "1 row has errors, so nothing was imported."
    )
    assert nothing_made()
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.MAPPING
    assert len(plan_import.rows) == 4


def test_leaving_out_the_rows_with_errors_imports_the_rest(client, unit_staff):
    plan_import = new_import(unit_staff, rows=BAD_ROWS)
    client.force_login(unit_staff)
    response = client.post(step_urls(plan_import)["commit"], {"skip_invalid": "on"})
    plan = WorkPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert list(plan.items.values_list("description", flat=True)) == [
        "Relaunch the network",
        "Map consultation activity",
    ]
    plan_import.refresh_from_db()
    assert (plan_import.items_created, plan_import.rows_skipped) == (2, 1)
    shown = page_text(client.get(response["Location"]))
    assert "1 row with errors left out." in shown


def test_a_commit_that_fails_half_way_leaves_no_plan_objective_or_item(
    client, unit_staff, monkeypatch
):
    plan_import = new_import(unit_staff, rows=[*GOOD_ROWS, ["Third action", "", "", "", ""]])
    real_item_create, calls = writing.item_create, []

    def fail_on_the_second(**arguments):
        calls.append(arguments["description"])
        if len(calls) == 2:
            raise ValidationError("The database said no.")
        return real_item_create(**arguments)

    monkeypatch.setattr(writing, "item_create", fail_on_the_second)
    client.force_login(unit_staff)
    response = client.post(step_urls(plan_import)["commit"], {})
    assert calls == ["Relaunch the network", "Map consultation activity"]
    assert response.status_code == 400
    assert "Row 4: The database said no." in page_text(response)
    assert nothing_made()
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan, len(plan_import.rows)) == (
        PlanImport.Status.MAPPING,
        None,
        4,
    )


def test_the_seed_strategy_table_imports_into_a_plan_already_there(client, unit_staff):
    plan = WorkPlanFactory(title="Strategy 2002/05", starts_fy=2002, ends_fy=2004)
    ObjectiveFactory(plan=plan, title="Better feedback")
    client.force_login(unit_staff)
    source = DATA / "consultation_strategy_2002_05.csv"
    client.post(
        reverse("workplans:import-create"),
        {
            "into": "existing",
            "plan": plan.pk,
            "file": SimpleUploadedFile(source.name, source.read_bytes()),
        },
    )
    plan_import = PlanImport.objects.get()
    preview = page_text(client.get(step_urls(plan_import)["preview"]))
    assert "4 new objectives, 18 actions and 60 targets" in preview
    assert "Better feedback (already in the plan: added to)" in preview
    assert "Establish objectives Row 33 · Done · Complete · MPA" in preview
    client.post(step_urls(plan_import)["commit"], {})
    assert plan.items.count() == 78
    assert plan.items.filter(timing=Timing.DONE).count() == 3


def test_the_service_refuses_a_colleague_continuing_an_import(unit_staff):
    plan_import = new_import(unit_staff)
    with pytest.raises(PermissionDenied):
        plan_import_mapping_set(
            plan_import=plan_import,
            mapping={"action": 0},
            acting_user=UserFactory(roles=[Role.UNIT_STAFF]),
        )


def test_imports_left_unfinished_for_a_week_are_deleted(unit_staff):
    PlanImport.objects.create(
        created_by=unit_staff, filename="old.csv", plan_title="Old", rows=[[2, ["x"]]]
    )
    recent = PlanImport.objects.create(
        created_by=unit_staff, filename="new.csv", plan_title="New", rows=[[2, ["x"]]]
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        recent.save()
        assert import_purge_abandoned() == 1
    assert list(PlanImport.objects.values_list("filename", flat=True)) == ["new.csv"]
