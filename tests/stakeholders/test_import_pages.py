"""The import pages, as each role sees them, and the whole journey through a real Celery
worker. Apart from that one test, the checking and committing are run by calling the
services directly (what the tasks call), never in eager mode."""

import re
import time

import pytest
from django.urls import reverse

from areas.factories import BoroughFactory
from core.roles import Role
from stakeholders.factories import ContactFactory, OrganisationFactory
from stakeholders.models import Contact, ImportJob, Membership
from stakeholders.services.imports import (
    import_commit_run,
    import_job_create,
    import_mapping_set,
    import_preview_build,
)
from stakeholders.views import imports as import_views
from tests.stakeholders.fixtures.import_files import csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Name", "Email address", "Post code", "Category", "Organisation"]
GOOD = ["Ann Example", "ann@example.org", "NW5 1AB", "Member of the public", "Tenants United"]
BAD = ["Bo Example", "bo@example.org", "ZZ99 ZZZZ", "Staff", ""]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Tenants United")


def new_job(user, rows, *, name="panel.csv"):
    return import_job_create(
        kind=ImportJob.Kind.CONTACTS, uploaded_file=csv_upload(rows, name=name), acting_user=user
    )


def previewed_job(user, rows):
    job = new_job(user, rows)
    job = import_mapping_set(job=job, mapping=job.mapping, acting_user=user)
    return import_preview_build(job=job)


def checkbox(html: str, row: int) -> str:
    """The "Import row N" checkbox of the preview table."""
    return re.search(rf'<input[^>]*name="rows"[^>]*value="{row}"[^>]*>', html).group(0)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


# --- Who may use the pages -----------------------------------------------------------


def job_urls(job):
    return [
        reverse("stakeholders:import-list"),
        reverse("stakeholders:import-create"),
        reverse("stakeholders:import-mapping", kwargs={"pk": job.pk}),
        reverse("stakeholders:import-preview", kwargs={"pk": job.pk}),
        reverse("stakeholders:import-progress", kwargs={"pk": job.pk}),
    ]


def test_a_signed_out_visitor_is_sent_to_sign_in(client, unit_staff):
    job = new_job(unit_staff, [HEADINGS, GOOD])
    for url in job_urls(job):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_authority_members_and_sergeants_are_refused_every_import_page(client, users_by_role, role):
    job = new_job(users_by_role[Role.UNIT_STAFF], [HEADINGS, GOOD])
    client.force_login(users_by_role[role])
    for url in job_urls(job):
        assert client.get(url).status_code == 403, url
    commit = reverse("stakeholders:import-commit", kwargs={"pk": job.pk})
    assert client.post(commit, {"rows": [2], "action": "import"}).status_code == 403


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_staff_see_every_import_including_a_colleagues(client, users_by_role, role):
    job = new_job(users_by_role[Role.UNIT_STAFF], [HEADINGS, GOOD], name="colleague.csv")
    client.force_login(users_by_role[role])
    response = client.get(reverse("stakeholders:import-list"))
    assert response.status_code == 200
    assert "colleague.csv" in page_text(response)
    assert (
        client.get(reverse("stakeholders:import-mapping", kwargs={"pk": job.pk})).status_code == 200
    )


def test_an_import_that_does_not_exist_answers_404(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("stakeholders:import-preview", kwargs={"pk": 999})).status_code == 404


# --- Upload --------------------------------------------------------------------------


def test_the_upload_page_says_consent_is_not_imported_and_the_file_is_deleted(client, unit_staff):
    client.force_login(unit_staff)
    text = page_text(client.get(reverse("stakeholders:import-create")))
    assert "Consent is not imported." in text
    assert "The file is deleted from engage once the import is done or has failed" in text


def test_uploading_a_csv_leads_to_the_column_matching_with_suggestions(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": csv_upload([HEADINGS, GOOD], name="panel.csv")},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:import-mapping", kwargs={"pk": job.pk})
    assert (job.created_by, job.original_name, job.total_rows) == (unit_staff, "panel.csv", 1)
    html = client.get(response["Location"]).content.decode()
    # "Post code" (column 2) is suggested for the postcode field.
    assert '<option value="2" selected>Post code</option>' in html


def test_uploading_an_xlsx_workbook_works_too(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": xlsx_upload([HEADINGS, GOOD, BAD])},
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().total_rows == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n", "Upload a CSV (.csv) or an Excel workbook (.xlsx)."),
        ("list.csv", b"\x00\x01\x02\x03binary", "This file is not a CSV: it holds binary data."),
        ("list.csv", b"   ", "This file is empty."),
    ],
    ids=["not-csv", "binary", "empty"],
)
def test_a_file_that_cannot_be_imported_is_refused_at_upload_with_a_clear_message(
    client, unit_staff, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused_at_upload(client, unit_staff, settings):
    settings.STAKEHOLDERS_IMPORT_MAX_BYTES = 100
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": csv_upload([HEADINGS, *[GOOD] * 5])},
    )
    assert "the most engage takes is" in page_text(response)
    assert not ImportJob.objects.exists()


# --- Mapping -------------------------------------------------------------------------


def test_the_name_column_must_be_chosen(client, unit_staff):
    job = new_job(unit_staff, [HEADINGS, GOOD])
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-mapping", kwargs={"pk": job.pk}), {"category": "3"}
    )
    assert response.status_code == 200
    assert "Choose the column that holds the name." in page_text(response)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


def test_choosing_the_columns_starts_checking_every_row(client, unit_staff):
    job = new_job(unit_staff, [HEADINGS, GOOD])
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-mapping", kwargs={"pk": job.pk}),
        {"name": "0", "email": "1", "postcode": "2", "category": "3", "organisation": "4"},
    )
    assert response["Location"] == reverse("stakeholders:import-preview", kwargs={"pk": job.pk})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWING
    assert job.mapping == {"name": 0, "email": 1, "postcode": 2, "category": 3, "organisation": 4}


# --- Progress ------------------------------------------------------------------------


def test_while_rows_are_checked_the_page_shows_a_progress_bar_that_htmx_polls(client, unit_staff):
    job = new_job(unit_staff, [HEADINGS, GOOD, BAD])
    import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=1)
    client.force_login(unit_staff)
    html = client.get(
        reverse("stakeholders:import-preview", kwargs={"pk": job.pk})
    ).content.decode()
    progress_url = reverse("stakeholders:import-progress", kwargs={"pk": job.pk})
    assert f'hx-get="{progress_url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'max="2"' in html and 'value="1"' in html
    assert "Checking every row: 1 of 2 rows (50%)." in page_text(client.get(progress_url))


def test_the_progress_partial_asks_the_page_to_reload_once_the_work_is_over(client, unit_staff):
    job = previewed_job(unit_staff, [HEADINGS, GOOD])
    client.force_login(unit_staff)
    response = client.get(reverse("stakeholders:import-progress", kwargs={"pk": job.pk}))
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


# --- Preview and commit --------------------------------------------------------------


def test_the_preview_lists_each_error_by_row_and_field_and_chooses_only_valid_rows(
    client, unit_staff, organisation
):
    job = previewed_job(unit_staff, [HEADINGS, GOOD, BAD])
    client.force_login(unit_staff)
    response = client.get(reverse("stakeholders:import-preview", kwargs={"pk": job.pk}))
    html, text = response.content.decode(), page_text(response)
    assert "Row 3, postcode: Enter a UK postcode, like SW1A 1AA." in text
    assert "checked" in checkbox(html, 2)
    assert "checked" not in checkbox(html, 3)
    assert "1 ready to import" in text


def test_the_preview_links_each_likely_duplicate_to_the_existing_contact(
    client, unit_staff, organisation
):
    existing = ContactFactory(name="Ann Example", email="ann@example.org")
    job = previewed_job(unit_staff, [HEADINGS, GOOD])
    client.force_login(unit_staff)
    response = client.get(reverse("stakeholders:import-preview", kwargs={"pk": job.pk}))
    html = " ".join(response.content.decode().split())
    assert (
        f'<strong>Likely duplicate</strong> of <a href="{existing.get_absolute_url()}">'
        "Ann Example</a> (same email address)"
    ) in html
    assert "checked" not in checkbox(html, 2)


def test_committing_a_choice_with_an_invalid_row_is_refused_and_writes_nothing(
    client, unit_staff, organisation
):
    job = previewed_job(unit_staff, [HEADINGS, GOOD, BAD])
    client.force_login(unit_staff)
    before = Contact.objects.count()
    response = client.post(
        reverse("stakeholders:import-commit", kwargs={"pk": job.pk}),
        {"rows": ["2", "3"], "shown": ["2", "3"], "action": "import"},
        follow=True,
    )
    text = page_text(response)
    assert "Nothing was imported: row 3 has errors." in text
    assert "Row 3, postcode: Enter a UK postcode, like SW1A 1AA." in text
    assert Contact.objects.count() == before
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.selected_rows == [2, 3]  # the ticks are kept, to correct


def test_committing_valid_rows_imports_them_and_shows_what_was_done(
    client, unit_staff, organisation
):
    job = previewed_job(unit_staff, [HEADINGS, GOOD, BAD])
    client.force_login(unit_staff)
    url = reverse("stakeholders:import-preview", kwargs={"pk": job.pk})
    response = client.post(
        reverse("stakeholders:import-commit", kwargs={"pk": job.pk}),
        {"rows": ["2"], "shown": ["2", "3"], "action": "import"},
    )
    assert response["Location"] == url
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING
    assert "Importing the chosen rows" in page_text(client.get(url))

    import_commit_run(job=job)  # what the stakeholders.import_commit task does

    text = page_text(client.get(url))
    assert "1 contact added; 1 row of the file left out." in text
    assert "Consent was not imported" in text
    contact = Contact.objects.get()
    assert contact.source == "Import: panel.csv"
    assert Membership.objects.get().organisation == organisation


def test_ticks_on_one_page_of_rows_are_kept_when_moving_to_another(
    client, unit_staff, organisation, monkeypatch
):
    monkeypatch.setattr(import_views, "ROWS_PER_PAGE", 2)
    rows = [[f"Person {n}", f"p{n}@example.org", "NW5 1AB", "Staff", ""] for n in range(5)]
    job = previewed_job(unit_staff, [HEADINGS, *rows])
    assert job.selected_rows == [2, 3, 4, 5, 6]
    client.force_login(unit_staff)
    response = client.post(
        reverse("stakeholders:import-commit", kwargs={"pk": job.pk}),
        {"rows": ["2"], "shown": ["2", "3"], "page": "1", "goto": "2"},
    )
    assert response["Location"].endswith("?page=2")
    job.refresh_from_db()
    assert job.selected_rows == [2, 4, 5, 6]
    assert "Row 4" not in page_text(client.get(response["Location"]))  # no errors at all


def test_a_finished_import_cannot_be_committed_again(client, unit_staff, organisation):
    job = previewed_job(unit_staff, [HEADINGS, GOOD])
    client.force_login(unit_staff)
    commit = reverse("stakeholders:import-commit", kwargs={"pk": job.pk})
    client.post(commit, {"rows": ["2"], "shown": ["2"], "action": "import"})
    import_commit_run(job=ImportJob.objects.get(pk=job.pk))
    response = client.post(commit, {"rows": ["2"], "action": "import"}, follow=True)
    assert "This import is not waiting for rows to be chosen." in page_text(response)
    assert Contact.objects.count() == 1


# --- The whole journey through the real Celery worker --------------------------------


def wait_until(predicate, *, seconds=30) -> bool:
    """Whether ``predicate()`` came true within ``seconds`` (the worker runs apart)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def wait_for(job, status, *, seconds=30):
    def reached():
        job.refresh_from_db()
        return job.status == status

    assert wait_until(reached, seconds=seconds), (
        f"job stayed {job.status}, never {status}: {job.failure}"
    )
    return job


@pytest.mark.redis
def test_upload_map_preview_and_commit_run_through_the_celery_worker(
    client, unit_staff, celery_worker
):
    organisation = OrganisationFactory(name="Tenants United")
    borough = BoroughFactory(name="Testborough")
    client.force_login(unit_staff)
    rows = [
        [f"Person {n}", f"p{n}@example.org", "NW5 1AB", "Staff", "Tenants United", "Testborough"]
        for n in range(120)
    ]
    client.post(
        reverse("stakeholders:import-create"),
        {"kind": "contacts", "file": csv_upload([[*HEADINGS, "Borough"], *rows])},
    )
    job = ImportJob.objects.get()
    client.post(
        reverse("stakeholders:import-mapping", kwargs={"pk": job.pk}),
        {
            "name": "0",
            "email": "1",
            "postcode": "2",
            "category": "3",
            "organisation": "4",
            "home_borough": "5",
        },
    )
    job = wait_for(job, ImportJob.Status.PREVIEWED)
    assert job.processed_rows == job.total_rows == 120
    assert len(job.selected_rows) == 120

    client.post(
        reverse("stakeholders:import-commit", kwargs={"pk": job.pk}),
        {"rows": job.selected_rows, "shown": job.selected_rows, "action": "import"},
    )
    job = wait_for(job, ImportJob.Status.DONE)
    assert job.processed_rows == job.total_rows == 120
    assert job.result == {"created": 120, "left_out": 0}
    assert (
        Contact.objects.filter(source="Import: contacts.csv", home_borough=borough).count() == 120
    )
    assert Membership.objects.filter(organisation=organisation).count() == 120
    # The file goes once the commit that marked the job done has been made.
    assert wait_until(lambda: not ImportJob.objects.get(pk=job.pk).file)
