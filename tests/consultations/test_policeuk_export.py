"""Ward priorities exported in police.uk's shape (issue 5, point 6), per ward and borough."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from areas.factories import WardFactory
from consultations.factories import ConsultativeGroupFactory, WardPriorityFactory
from consultations.models import PriorityTheme, PriorityUpdate
from consultations.models.panels import Outcome

pytestmark = pytest.mark.django_db


def ward_url(ward, fmt):
    return reverse("consultations:policeuk-export-ward", args=[ward.ons_code, fmt])


def borough_url(borough, fmt):
    return reverse("consultations:policeuk-export-borough", args=[borough.ons_code, fmt])


@pytest.fixture
def priorities(ward, other_ward):
    drugs, _ = PriorityTheme.objects.get_or_create(name="Drugs")
    panel = ConsultativeGroupFactory(ward=ward)
    open_one = WardPriorityFactory(
        group=panel,
        theme=drugs,
        description="Dealing by the station at night.",
        set_on=date(2026, 1, 5),
        review_by=date(2026, 3, 5),
    )
    PriorityUpdate.objects.create(
        priority=open_one, reported_on=date(2026, 2, 1), police_action="Patrols twice a week."
    )
    PriorityUpdate.objects.create(
        priority=open_one, reported_on=date(2026, 3, 1), police_action="Two arrests made."
    )
    closed = WardPriorityFactory(
        group=panel,
        description="=Shed break-ins",
        set_on=date(2025, 6, 1),
        review_by=date(2025, 8, 1),
        closed_on=date(2025, 9, 1),
        outcome=Outcome.RESOLVED,
    )
    neighbour = WardPriorityFactory(
        group=ConsultativeGroupFactory(ward=other_ward), description="Speeding on the hill."
    )
    elsewhere = WardPriorityFactory(description="Somewhere in another borough.")
    return open_one, closed, neighbour, elsewhere


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_ward_csv_has_police_uk_fields_open_and_closed_priorities(
    client, authority_member, ward, priorities
):
    client.force_login(authority_member)
    response = client.get(ward_url(ward, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"priorities-{ward.ons_code}.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == [
        "ward-code",
        "ward-name",
        "issue",
        "issue-date",
        "action",
        "action-date",
        "status",
    ]
    assert rows == [
        {
            "ward-code": ward.ons_code,
            "ward-name": ward.name,
            "issue": "Burglary: =Shed break-ins",
            "issue-date": "2025-06-01",
            "action": "",
            "action-date": "",
            "status": "closed",
        },
        {
            "ward-code": ward.ons_code,
            "ward-name": ward.name,
            "issue": "Drugs: Dealing by the station at night.",
            "issue-date": "2026-01-05",
            "action": "Two arrests made.",
            "action-date": "2026-03-01",
            "status": "open",
        },
    ]


def test_ward_json_is_a_list_of_police_uk_objects(client, sergeant, ward, priorities):
    client.force_login(sergeant)
    response = client.get(ward_url(ward, "json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == [
        {
            "issue": "Burglary: =Shed break-ins",
            "issue-date": "2025-06-01",
            "action": "",
            "action-date": "",
        },
        {
            "issue": "Drugs: Dealing by the station at night.",
            "issue-date": "2026-01-05",
            "action": "Two arrests made.",
            "action-date": "2026-03-01",
        },
    ]


def test_borough_export_has_every_ward_of_the_borough_and_no_other(
    client, unit_staff, borough, ward, other_ward, priorities
):
    client.force_login(unit_staff)
    rows = read_csv(client.get(borough_url(borough, "csv")))
    issues = {row["issue"]: row["ward-code"] for row in rows}
    assert issues == {
        "Burglary: =Shed break-ins": ward.ons_code,
        "Drugs: Dealing by the station at night.": ward.ons_code,
        "Burglary: Speeding on the hill.": other_ward.ons_code,
    }
    data = client.get(borough_url(borough, "json")).json()
    assert len(data) == 3
    assert set(data[0]) == {
        "ward-code",
        "ward-name",
        "issue",
        "issue-date",
        "action",
        "action-date",
    }
    assert "Somewhere in another borough." not in str(data)


def test_csv_cells_that_look_like_formulas_are_quoted(client, unit_staff, borough):
    ward = WardFactory(borough=borough)
    theme, _ = PriorityTheme.objects.get_or_create(name="=HYPERLINK(1)")
    WardPriorityFactory(group=ConsultativeGroupFactory(ward=ward), theme=theme)
    client.force_login(unit_staff)
    rows = read_csv(client.get(ward_url(ward, "csv")))
    assert rows[0]["issue"].startswith("'=HYPERLINK(1): ")
    # JSON is data, not a spreadsheet: left as it is.
    assert client.get(ward_url(ward, "json")).json()[0]["issue"].startswith("=HYPERLINK(1): ")


def test_a_ward_without_a_panel_exports_an_empty_list(client, unit_staff, borough):
    client.force_login(unit_staff)
    empty = WardFactory(borough=borough)
    assert client.get(ward_url(empty, "json")).json() == []
    assert read_csv(client.get(ward_url(empty, "csv"))) == []


def test_unknown_format_or_code_is_not_found(client, unit_staff, ward, borough):
    client.force_login(unit_staff)
    assert client.get(ward_url(ward, "xlsx")).status_code == 404
    assert (
        client.get(
            reverse("consultations:policeuk-export-ward", args=["E05999999", "csv"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("consultations:policeuk-export-borough", args=["E09999999", "json"])
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_sign_in(client, ward):
    response = client.get(ward_url(ward, "csv"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
