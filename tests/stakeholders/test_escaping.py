"""Text from data reaches form labels and choices as text, never as HTML (issue 10,
defect 1 audit): an uploaded file's column headings on the column-matching page."""

import pytest
from django.urls import reverse

from stakeholders.models import ImportJob
from stakeholders.services.imports import import_job_create
from tests.stakeholders.fixtures.import_files import csv_upload

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_column_headings_of_an_uploaded_file_are_shown_as_text(client, unit_staff):
    job = import_job_create(
        kind=ImportJob.Kind.CONTACTS,
        uploaded_file=csv_upload([["Name", f"Email {PAYLOAD}"], ["Ann", "ann@example.org"]]),
        acting_user=unit_staff,
    )
    client.force_login(unit_staff)
    page = client.get(reverse("stakeholders:import-mapping", kwargs={"pk": job.pk}))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()
    assert f"Email {ESCAPED}" in page.content.decode()
