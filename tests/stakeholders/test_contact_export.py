"""Exporting the current contact search to CSV and XLSX: unit staff only, formula-safe."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.exports import export_response, safe_cell
from stakeholders.factories import ContactFactory, MembershipFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("stakeholders:contact-export")


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content_of(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content_of(response)), read_only=True).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.values]


@pytest.fixture
def staff_client(client, unit_staff):
    client.force_login(unit_staff)
    return client


@pytest.fixture
def people(ward):
    wanted = ContactFactory(
        name="Export Edna",
        email="edna@example.org",
        phone="+442079460123",
        address_line_1="2 Export Road",
        postcode="N1 9GU",
        home_ward=ward,
        home_borough=ward.borough,
        category=ConsulteeCategory.STATUTORY,
        consent=[Channel.EMAIL],
    )
    MembershipFactory(contact=wanted, organisation__name="Islington Forum", role="Chair")
    ContactFactory(name="Public Percy", category=ConsulteeCategory.PUBLIC)
    return wanted


def test_csv_export_has_the_list_columns_and_contact_details(staff_client, people, ward):
    response = staff_client.get(EXPORT, {"format": "csv", "category": "statutory"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:6] == [
        "Name",
        "Role or job title",
        "Organisations",
        "Home borough",
        "Home ward",
        "Consultee category",
    ]
    assert len(rows) == 1  # the filter applies: Percy is not statutory
    row = dict(zip(header, rows[0], strict=True))
    assert row["Name"] == "Export Edna"
    assert row["Organisations"] == "Islington Forum"
    assert row["Home ward"] == ward.name
    assert row["Consultee category"] == "Statutory consultee"
    assert row["Email consent"] == "Yes"
    assert row["Post consent"] == "No"
    assert row["Email address"] == "edna@example.org"
    assert row["Phone"] == "+442079460123"  # a signed number stays as it is
    assert row["Address line 1"] == "2 Export Road"
    assert row["Postcode"] == "N1 9GU"


def test_xlsx_export_opens_with_openpyxl_and_has_the_rows(staff_client, people):
    response = staff_client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert header[0] == "Name"
    assert sorted(row[0] for row in rows) == ["Export Edna", "Public Percy"]
    edna = dict(zip(header, next(row for row in rows if row[0] == "Export Edna"), strict=True))
    assert edna["Email address"] == "edna@example.org"
    assert edna["Organisations"] == "Islington Forum"


def test_export_follows_the_search_by_name(staff_client, people):
    response = staff_client.get(EXPORT, {"format": "csv", "q": "percy"})
    assert [row[0] for row in csv_rows(response)[1:]] == ["Public Percy"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(staff_client, file_format):
    ContactFactory(name='=HYPERLINK("http://evil.example","Click")', job_title="+cmd|' /C calc'!A0")
    ContactFactory(name="@SUM(1+1)", job_title="-2+3")
    response = staff_client.get(EXPORT, {"format": file_format})
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    cells = {cell for row in rows[1:] for cell in row[:2]}
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells
    assert "'-2+3" in cells
    assert not any(isinstance(cell, str) and cell[:1] in "=+-@" for cell in cells)


def test_safe_cell_leaves_ordinary_values_alone():
    assert safe_cell("Ordinary name") == "Ordinary name"
    assert safe_cell("+44 20 7946 0000") == "+44 20 7946 0000"
    assert safe_cell("-12") == "-12"
    assert safe_cell("\tTabbed") == "'\tTabbed"
    assert safe_cell(True) == "Yes"
    assert safe_cell(None) == ""
    assert safe_cell(3) == 3


def test_export_response_is_generic_for_any_rows():
    response = export_response(
        headers=["Organisation", "Members"],
        rows=[("=Bad Org", 3), ("Good Org", 5)],
        filename="organisations",
        file_format="xlsx",
    )
    assert xlsx_rows(response) == [["Organisation", "Members"], ["'=Bad Org", 3], ["Good Org", 5]]
    with pytest.raises(ValueError, match="Unknown export format"):
        export_response(headers=[], rows=[], filename="x", file_format="pdf")


def test_unknown_format_is_refused(staff_client):
    assert staff_client.get(EXPORT, {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_authority_members_and_sergeants_never_export(client, users_by_role, role, people):
    client.force_login(users_by_role[role])
    for file_format in ("csv", "xlsx"):
        response = client.get(EXPORT, {"format": file_format})
        assert response.status_code == 403
        assert b"edna@example.org" not in content_of(response)


def test_administrator_may_export(client, administrator, people):
    client.force_login(administrator)
    assert len(csv_rows(client.get(EXPORT, {"format": "csv"}))) == 3


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
