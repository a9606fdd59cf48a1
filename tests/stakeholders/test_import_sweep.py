"""The periodic sweep sends again an import step whose task was lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stakeholders import tasks
from stakeholders.models import ImportJob
from stakeholders.services.imports import import_job_create, import_mapping_set
from tests.stakeholders.fixtures.import_files import csv_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def job_waiting_for_its_preview(unit_staff):
    """A job whose preview task never ran: on-commit dispatch does not fire in this test's
    transaction, which is just what a lost message looks like."""
    rows = [["Full name", "E-mail", "Category"], ["Ann Example", "ann@example.org", "Public"]]
    job = import_job_create(
        kind=ImportJob.Kind.CONTACTS, uploaded_file=csv_upload(rows), acting_user=unit_staff
    )
    return import_mapping_set(job=job, mapping=job.mapping, acting_user=unit_staff)


def test_a_recent_step_is_left_to_its_task(job_waiting_for_its_preview):
    assert job_waiting_for_its_preview.status == ImportJob.Status.PREVIEWING
    assert tasks.import_sweep() == 0


def test_a_stuck_step_is_sent_again_and_then_completes(job_waiting_for_its_preview):
    job = job_waiting_for_its_preview
    ImportJob.objects.filter(pk=job.pk).update(
        modified=timezone.now() - tasks.STUCK_AFTER - timedelta(minutes=1)
    )
    assert tasks.import_sweep() == 1
    tasks.import_preview(job.pk)  # what the worker does with the message sent again
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.processed_rows == job.total_rows == 1


def test_an_import_abandoned_for_a_week_loses_its_file_and_rows(
    unit_staff, settings, django_capture_on_commit_callbacks
):
    rows = [["Full name", "E-mail", "Category"], ["Ann Example", "ann@example.org", "Public"]]
    job = import_job_create(
        kind=ImportJob.Kind.CONTACTS, uploaded_file=csv_upload(rows), acting_user=unit_staff
    )
    recent = import_job_create(
        kind=ImportJob.Kind.CONTACTS, uploaded_file=csv_upload(rows), acting_user=unit_staff
    )
    ImportJob.objects.filter(pk=job.pk).update(
        modified=timezone.now() - tasks.ABANDONED_AFTER - timedelta(hours=1)
    )
    stored_file = settings.MEDIA_ROOT / job.file.name
    assert stored_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.import_purge_abandoned() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.preview == []
    assert not stored_file.exists()
    recent.refresh_from_db()
    assert recent.status == ImportJob.Status.UPLOADED
