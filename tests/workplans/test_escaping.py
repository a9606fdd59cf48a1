"""Text from data reaches form labels and choices as text, never as HTML (issue 10,
defect 1 audit): a plan file's column headings, and plans' and objectives' titles in the
objective choice of an action answering a finding."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.factories import ConsultationFactory
from consultations.models import Finding
from tests.stakeholders.fixtures.import_files import csv_bytes
from workplans.factories import ObjectiveFactory, WorkPlanFactory
from workplans.services.imports import plan_import_create

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_column_headings_of_a_plan_file_are_shown_as_text(client, unit_staff):
    rows = [["Recommendations/actions", f"How {PAYLOAD}"], ["Relaunch the network", "FBs"]]
    plan_import = plan_import_create(
        uploaded_file=SimpleUploadedFile("plan.csv", csv_bytes(rows), content_type="text/csv"),
        acting_user=unit_staff,
        plan_title="Plan",
        plan_owning_unit="Unit",
        plan_starts_fy=2026,
        plan_ends_fy=2026,
    )
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:import-mapping", kwargs={"pk": plan_import.pk}))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()
    assert f"How {ESCAPED}" in page.content.decode()


def test_plan_objective_and_finding_titles_are_shown_as_text(client, unit_staff):
    ObjectiveFactory(plan=WorkPlanFactory(title=f"Plan {PAYLOAD}"), title=f"Aim {PAYLOAD}")
    finding = Finding.objects.create(
        consultation=ConsultationFactory(), title=f"Finding {PAYLOAD}", source="response"
    )
    client.force_login(unit_staff)
    page = client.get(reverse("workplans:finding-action", kwargs={"pk": finding.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert f"Plan {ESCAPED}: Aim {ESCAPED}" in html
    assert f"Finding {ESCAPED}" in html
