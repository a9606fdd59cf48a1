"""The pan-London picture of ward panels: staff see it with drill-down; authority members
see the figures only, with no names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.factories import BoroughFactory, WardFactory
from consultations.factories import ConsultativeGroupFactory, EventFactory, WardPriorityFactory
from consultations.models import GroupMembership, PriorityTheme
from core.roles import Role
from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("consultations:panel-overview")
FIGURES = reverse("consultations:panel-overview-aggregate")


@pytest.fixture
def london():
    """Two boroughs: Riverside's panel met last month, Hilltop's four months ago."""
    east = BoroughFactory(name="Eastborough")
    west = BoroughFactory(name="Westborough")
    riverside = ConsultativeGroupFactory(ward=WardFactory(name="Riverside", borough=east))
    hilltop = ConsultativeGroupFactory(ward=WardFactory(name="Hilltop", borough=west))
    EventFactory(consultation=None, group=riverside, starts_at=timezone.now() - timedelta(days=30))
    EventFactory(consultation=None, group=hilltop, starts_at=timezone.now() - timedelta(days=120))
    burglary = PriorityTheme.objects.get_or_create(name="Burglary")[0]
    drugs = PriorityTheme.objects.get_or_create(name="Drugs")[0]
    WardPriorityFactory(group=riverside, theme=burglary)
    WardPriorityFactory(group=riverside, theme=burglary)
    WardPriorityFactory(group=riverside, theme=drugs)
    WardPriorityFactory(group=hilltop, theme=drugs)
    WardPriorityFactory(
        group=hilltop, theme=drugs, closed_on=timezone.localdate(), outcome="resolved"
    )
    member = ContactFactory(name="Mavis Member", email="mavis@example.org")
    GroupMembership.objects.create(group=hilltop, contact=member)
    return {"riverside": riverside, "hilltop": hilltop, "burglary": burglary, "drugs": drugs}


def row_counts(table, borough):
    for name, cells, total in table.rows:
        if name == borough:
            return dict(zip([t.name for t in table.themes], cells, strict=True)), total
    raise AssertionError(borough)


def test_staff_see_open_priorities_by_theme_and_borough(client, unit_staff, london):
    client.force_login(unit_staff)
    response = client.get(OVERVIEW)

    assert response.status_code == 200
    table = response.context["table"]
    east, east_total = row_counts(table, "Eastborough")
    west, west_total = row_counts(table, "Westborough")
    assert (east["Burglary"], east["Drugs"], east_total) == (2, 1, 3)
    assert (west["Burglary"], west["Drugs"], west_total) == (0, 1, 1)  # closed not counted
    assert table.total == 4
    assert "Open priorities: 4 in all" in response.content.decode()


def test_staff_see_the_wards_not_met_last_quarter_with_a_link_to_the_panel(
    client, administrator, london
):
    never = ConsultativeGroupFactory(ward=WardFactory(name="Nevermet"))
    client.force_login(administrator)
    response = client.get(OVERVIEW)

    assert {panel.pk for panel in response.context["not_met"]} == {
        london["hilltop"].pk,
        never.pk,
    }
    page = response.content.decode()
    assert "Riverside" not in page.split("not-met")[1]
    assert reverse("consultations:group-detail", kwargs={"pk": london["hilltop"].pk}) in page
    assert "Never met" in page


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_only_staff_see_the_overview(client, users_by_role, role):
    client.force_login(users_by_role[role])
    assert client.get(OVERVIEW).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (OVERVIEW, FIGURES):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:sign-in") in response["Location"]


def test_authority_members_see_the_figures_without_names(client, authority_member, london):
    client.force_login(authority_member)
    response = client.get(FIGURES)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mavis Member" not in page and "mavis@example.org" not in page
    assert "Riverside" not in page and "Hilltop" not in page  # no ward drill-down
    assert "/groups/" not in page
    boroughs = {row["borough"]: row for row in response.context["boroughs"]}
    assert boroughs["Eastborough"] == {
        "borough": "Eastborough",
        "panels": 1,
        "not_met": 0,
        "open_priorities": 3,
    }
    assert boroughs["Westborough"]["not_met"] == 1
    assert boroughs["Westborough"]["open_priorities"] == 1
    assert "1 of 2 ward panels have not met" in " ".join(page.split())
    assert response.context["table"].total == 4


def test_staff_also_see_the_figures_and_sergeants_do_not(client, unit_staff, sergeant):
    client.force_login(unit_staff)
    assert client.get(FIGURES).status_code == 200
    client.force_login(sergeant)
    assert client.get(FIGURES).status_code == 403


def test_the_overview_pages_answer_get_only(client, administrator):
    client.force_login(administrator)
    assert client.post(OVERVIEW).status_code == 405
    assert client.post(FIGURES).status_code == 405
