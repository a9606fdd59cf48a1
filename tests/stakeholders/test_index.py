import pytest
from django.urls import reverse

from stakeholders.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_sergeant_counts_only_the_contacts_in_their_wards(client, sergeant, ward, other_ward):
    ContactFactory(home_ward=ward, home_borough=ward.borough)
    ContactFactory(home_ward=other_ward, home_borough=other_ward.borough)
    ContactFactory()
    client.force_login(sergeant)
    response = client.get(reverse("stakeholders:index"))
    assert response.context["contact_count"] == 1


def test_unit_staff_count_every_contact(client, unit_staff):
    ContactFactory.create_batch(3)
    client.force_login(unit_staff)
    assert client.get(reverse("stakeholders:index")).context["contact_count"] == 3


def test_authority_member_cannot_open_the_stakeholder_database(client, authority_member):
    client.force_login(authority_member)
    assert client.get(reverse("stakeholders:index")).status_code == 403
