"""Defect 8: crafted spreadsheets tied up a worker (a 108 KiB XLSX with 16,000 columns took
53 s in the request and its column page never answered; a 39 KiB XLSX with one 40 MB cell
was accepted). Now they are refused at upload, quickly, next to the file field; a large
file is read by the worker, not the request."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders import tasks
from stakeholders.models import ImportJob
from stakeholders.services.imports import import_job_create
from tests.crafted_spreadsheets import huge_cell_xlsx, shared_strings_bomb_xlsx, wide_xlsx
from tests.stakeholders.fixtures.import_files import csv_bytes

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def file_error(response) -> str:
    """The message crispy shows under the file field."""
    html = response.content.decode()
    start = html.index('id="error_1_id_file"')
    return " ".join(html[html.index(">", start) + 1 : html.index("</", start)].split())


def upload(client, name, content, content_type=XLSX_TYPE):
    started = time.monotonic()
    response = client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": SimpleUploadedFile(name, content, content_type)},
    )
    return response, time.monotonic() - started


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: wide_xlsx(columns=16_000), "more than 200 columns"),
        (lambda: huge_cell_xlsx(40_000_000), "packed far tighter than a real document"),
        (lambda: shared_strings_bomb_xlsx(120_000_000), "unpacks to more than 100 MB"),
    ],
    ids=["16000-columns", "40-mb-cell", "shared-strings-bomb"],
)
def test_a_crafted_workbook_is_refused_at_upload_quickly_next_to_the_file(
    client, unit_staff, build, message
):
    client.force_login(unit_staff)
    response, seconds = upload(client, "people.xlsx", build())
    assert response.status_code == 200
    assert message in file_error(response)
    assert seconds < 10
    assert not ImportJob.objects.exists()


def test_a_workbook_of_200_columns_is_taken_and_its_column_page_answers(client, unit_staff):
    client.force_login(unit_staff)
    response, _ = upload(client, "wide.xlsx", wide_xlsx(columns=200))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("stakeholders:import-mapping", kwargs={"pk": job.pk})
    started = time.monotonic()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Column 200" in page.content.decode()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Email\n" + b"Ann,ann@example.org\n" * 500 + b"B\x00o,\n", "holds binary data"),
        ("Name,Email\nAnn,ann@example.org\n".encode("utf-16"), "saved as UTF-16"),
        ("Name\nZoë\n".encode("cp1252"), "not saved as UTF-8"),
        (b"Name,Notes\nAnn," + b"a;" * 60_000 + b"\n", "A line of this CSV is"),
    ],
    ids=["nul-bytes", "utf-16", "cp1252", "one-long-line"],
)
def test_a_crafted_csv_is_refused_at_upload_with_a_clear_message(
    client, unit_staff, content, message
):
    client.force_login(unit_staff)
    response, _ = upload(client, "people.csv", content, "text/csv")
    assert response.status_code == 200
    assert message in file_error(response)


class _ClaimsToBeHuge(SimpleUploadedFile):
    """A 1 GB single-line upload, as the upload handler would describe it; reading it would
    fail the test, since only its size may be looked at."""

    def __init__(self, name):
        super().__init__(name, b"")
        self.size = 1024 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("a file over the size limit was read")


def test_a_1_gb_file_is_refused_by_its_size_without_being_read(unit_staff):
    with pytest.raises(Exception, match="the most engage takes is 10 MB"):
        import_job_create(
            kind=ImportJob.Kind.CONTACTS,
            uploaded_file=_ClaimsToBeHuge("one-line.csv"),
            acting_user=unit_staff,
        )


def big_csv(rows: int = 40_000, *, last_row=None) -> bytes:
    body = [["Name", "Email", "Notes"]]
    body += [[f"Person {n}", f"person{n}@example.org", "x" * 40] for n in range(rows)]
    return csv_bytes(body + ([last_row] if last_row else []))


def test_a_large_file_is_read_by_the_worker_not_the_request(
    client, unit_staff, django_capture_on_commit_callbacks
):
    client.force_login(unit_staff)
    content = big_csv()
    assert len(content) > 2 * 1024 * 1024
    with django_capture_on_commit_callbacks() as dispatched:
        response, _ = upload(client, "big.csv", content, "text/csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READING
    assert job.headers == [] and len(dispatched) == 1  # the read task, sent on commit
    page = client.get(response["Location"], follow=True)
    assert "Reading the file" in page.content.decode()
    tasks.import_read(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED
    assert job.headers == ["Name", "Email", "Notes"]
    assert job.total_rows == 40_000
    assert client.get(response["Location"]).status_code == 200  # the column page


def test_a_large_file_past_a_limit_deep_inside_fails_its_job_saying_why(
    client, unit_staff, django_capture_on_commit_callbacks
):
    client.force_login(unit_staff)
    content = big_csv(last_row=["Zed", "zed@example.org", "y" * 10_001])
    upload(client, "big.csv", content, "text/csv")
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.import_read(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not job.file
    page = client.get(reverse("stakeholders:import-preview", kwargs={"pk": job.pk}))
    assert "The cell in row 40002, column 3 holds 10,001 characters" in page.content.decode()
