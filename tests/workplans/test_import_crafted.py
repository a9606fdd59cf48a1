"""Defect 8, for the work plan import: crafted spreadsheets are refused at upload, quickly,
next to the file field; a large file is read by the worker, the columns page saying so
until it is read or refused."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.crafted_spreadsheets import huge_cell_xlsx, shared_strings_bomb_xlsx, wide_xlsx
from tests.stakeholders.fixtures.import_files import csv_bytes
from tests.workplans.test_import_pages import GLA, NEW_PLAN, field_error, page_text
from workplans import tasks
from workplans.models import PlanImport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name, content):
    started = time.monotonic()
    response = client.post(
        reverse("workplans:import-create"),
        {**NEW_PLAN, "file": SimpleUploadedFile(name, content)},
    )
    return response, time.monotonic() - started


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: wide_xlsx(columns=16_000), "more than 200 columns"),
        (lambda: huge_cell_xlsx(40_000_000), "packed far tighter than a real document"),
        (lambda: shared_strings_bomb_xlsx(120_000_000), "unpacks to more than 50 MB"),
    ],
    ids=["16000-columns", "40-mb-cell", "shared-strings-bomb"],
)
def test_a_crafted_workbook_is_refused_at_upload_quickly_next_to_the_file(
    client, unit_staff, build, message
):
    client.force_login(unit_staff)
    response, seconds = upload(client, "plan.xlsx", build())
    assert response.status_code == 400
    assert message in field_error(response, "file")
    assert seconds < 10
    assert not PlanImport.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_bytes([GLA]) + b"Relaunch\x00 the network,,,,\n", "holds binary data"),
        ("Action\nRelaunch the network\n".encode("utf-16"), "saved as UTF-16"),
        (b"Action,How\nRelaunch," + b"a;" * 60_000 + b"\n", "A line of this CSV is"),
        (csv_bytes([["Action"], *([f"Action {n}"] for n in range(5_001))]), "5,000 rows"),
    ],
    ids=["nul-bytes", "utf-16", "one-long-line", "too-many-rows"],
)
def test_a_crafted_csv_is_refused_next_to_the_file(client, unit_staff, content, message):
    client.force_login(unit_staff)
    response, _ = upload(client, "plan.csv", content)
    assert response.status_code == 400
    assert message in field_error(response, "file")


def big_plan(*, last=None) -> bytes:
    rows = [GLA] + [[f"Action {n}", "x" * 600, "31/7/02", "", ""] for n in range(4_000)]
    return csv_bytes(rows + ([last] if last else []))


def test_a_large_file_is_read_by_the_worker_and_then_its_columns_are_matched(
    client, unit_staff, django_capture_on_commit_callbacks
):
    client.force_login(unit_staff)
    with django_capture_on_commit_callbacks() as dispatched:
        response, _ = upload(client, "plan.csv", big_plan())
    plan_import = PlanImport.objects.get()
    assert plan_import.status == PlanImport.Status.READING
    assert plan_import.rows == [] and len(dispatched) == 1  # the read task, sent on commit
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", Path(plan_import.file.name).name)  # not its name
    reading = client.get(response["Location"])
    assert "Reading the file" in page_text(reading)
    polled = reverse("workplans:import-reading", kwargs={"pk": plan_import.pk})
    assert f'hx-get="{polled}"' in reading.content.decode()
    preview = reverse("workplans:import-preview", kwargs={"pk": plan_import.pk})
    assert client.get(preview)["Location"] == response["Location"]  # nothing to check yet

    with django_capture_on_commit_callbacks(execute=True):
        tasks.import_read(plan_import.pk)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.MAPPING
    assert len(plan_import.rows) == 4_000 and not plan_import.file
    poll = client.get(polled)
    assert poll["HX-Refresh"] == "true"
    assert "Recommendations/actions" in page_text(client.get(response["Location"]))


def test_a_large_file_past_a_limit_fails_saying_why_and_is_deleted(
    client, unit_staff, django_capture_on_commit_callbacks
):
    client.force_login(unit_staff)
    response, _ = upload(client, "plan.csv", big_plan(last=["Zed", "y" * 10_001, "", "", ""]))
    plan_import = PlanImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.import_read(plan_import.pk)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.FAILED and not plan_import.file
    text = page_text(client.get(response["Location"]))
    assert "The file could not be imported" in text
    assert "The cell in row 4002, column 2 holds 10,001 characters" in text


def test_an_import_never_read_is_deleted_with_its_file_after_a_week(client, unit_staff):
    client.force_login(unit_staff)
    upload(client, "plan.csv", big_plan())
    plan_import = PlanImport.objects.get()
    storage, name = plan_import.file.storage, plan_import.file.name
    assert storage.exists(name)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert tasks.import_purge_abandoned() == 1
    assert not PlanImport.objects.exists()
    assert not storage.exists(name)
