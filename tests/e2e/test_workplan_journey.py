"""The unit's work plan journey in a real browser: import a small plan from a spreadsheet,
record progress on a target, and see its RAG change; axe checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import serious_accessibility_violations, sign_in
from workplans.models import PlanItem, WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)


def assert_accessible(page):
    assert serious_accessibility_violations(page) == [], page.url


@pytest.fixture
def small_plan(tmp_path):
    due = timezone.localdate() + timedelta(days=7)
    path = tmp_path / "borough_plan.csv"
    path.write_text(
        "Key products and outcomes sought,Action Required,Implementation Targets,Year,"
        "Responsibility\n"
        "Better feedback,Improve links with communications units,"
        f"Incorporate communications teams in the board,{due:%d/%m/%Y},MPA & MPS\n"
        ",,Establish information flow diagrams,1/2,\n"
        "Value for money,Budget management,Define budgets,on-going,MPA/MPS CSMB\n",
        encoding="utf-8",
    )
    return path


def test_unit_staff_import_a_plan_and_see_progress_change_the_rag(page, unit_staff, small_plan):
    sign_in(page, unit_staff)
    page.goto(reverse("workplans:index"))
    page.get_by_role("link", name="Import a plan").click()
    assert_accessible(page)
    page.get_by_label("File").set_input_files(str(small_plan))
    page.get_by_label("A new draft plan").check()
    page.get_by_label("Title of the new plan").fill("Borough engagement plan")
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Check the plan it makes").click()
    page.wait_for_load_state()
    assert_accessible(page)
    expect(page.get_by_text("Establish information flow diagrams").first).to_be_visible()
    page.get_by_role("button", name=re.compile("^Import into")).click()
    page.wait_for_url(re.compile(r"/workplans/plans/\d+/$"))
    assert_accessible(page)

    plan = WorkPlan.objects.get(title="Borough engagement plan")
    target = PlanItem.objects.get(plan=plan, description__startswith="Incorporate")
    row = page.get_by_role("row", name=re.compile("Incorporate communications teams"))
    assert "Amber" in row.inner_text()  # not started, due within a fortnight

    row.get_by_role("link").click()
    page.wait_for_url(f"**{target.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_label("What has happened").fill("Comms teams invited; first joint meeting set")
    page.get_by_label("New status").select_option(label="On track")
    page.get_by_label("New percent complete").fill("50")
    page.get_by_role("button", name="Record progress").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.get_by_text("On track, 50% complete.")).to_be_visible()
    assert_accessible(page)

    page.goto(plan.get_absolute_url())
    row = page.get_by_role("row", name=re.compile("Incorporate communications teams"))
    assert "Green" in row.inner_text() and "50%" in row.inner_text()
    target.refresh_from_db()
    assert (target.status, target.percent_complete) == ("on_track", 50)
