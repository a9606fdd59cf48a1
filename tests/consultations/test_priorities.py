"""A priority's history from set to closed; closing it needs an outcome (form, service
and database all insist)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from consultations.factories import ConsultativeGroupFactory, WardPriorityFactory
from consultations.models import PriorityUpdate, WardPriority
from consultations.services.priorities import priority_close

pytestmark = pytest.mark.django_db


def close_url(priority):
    return reverse("consultations:priority-close", kwargs={"pk": priority.pk})


def test_history_shows_set_updates_and_closure(client, authority_member, ward):
    priority = WardPriorityFactory(group=ConsultativeGroupFactory(ward=ward))
    PriorityUpdate.objects.create(
        priority=priority,
        reported_on=timezone.localdate(),
        police_action="Weekly patrols by the garages",
        outcome="improved",
    )
    priority.closed_on, priority.outcome = timezone.localdate(), "resolved"
    priority.save()
    client.force_login(authority_member)
    page = client.get(priority.get_absolute_url()).content.decode()
    assert "Weekly patrols by the garages" in page and "Improved" in page
    assert "Closed on" in page and "Resolved" in page


def test_sergeant_closes_their_wards_priority_with_an_outcome(client, sergeant, ward):
    priority = WardPriorityFactory(group=ConsultativeGroupFactory(ward=ward))
    client.force_login(sergeant)
    response = client.post(close_url(priority), {"outcome": "resolved"})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert not priority.is_open and priority.outcome == "resolved"


def test_closing_without_an_outcome_is_refused_with_the_reason(client, sergeant, ward):
    priority = WardPriorityFactory(group=ConsultativeGroupFactory(ward=ward))
    client.force_login(sergeant)
    response = client.post(close_url(priority), {"outcome": ""})
    assert response.status_code == 400
    assert "Closing a priority needs its outcome." in response.content.decode()
    priority.refresh_from_db()
    assert priority.is_open


def test_the_service_refuses_closing_without_an_outcome(sergeant, ward):
    priority = WardPriorityFactory(group=ConsultativeGroupFactory(ward=ward))
    with pytest.raises(ValidationError, match="needs its outcome"):
        priority_close(priority=priority, outcome="", acting_user=sergeant)
    priority.refresh_from_db()
    assert priority.is_open


def test_the_database_refuses_a_closed_priority_without_an_outcome():
    priority = WardPriorityFactory()
    with pytest.raises(IntegrityError):
        WardPriority.objects.filter(pk=priority.pk).update(closed_on=timezone.localdate())


def test_sergeant_cannot_close_another_wards_priority(client, sergeant, other_ward):
    priority = WardPriorityFactory(group=ConsultativeGroupFactory(ward=other_ward))
    client.force_login(sergeant)
    assert client.post(close_url(priority), {"outcome": "resolved"}).status_code == 404


def test_authority_member_403_and_anonymous_sent_to_sign_in(client, authority_member):
    priority = WardPriorityFactory()
    assert "sign-in" in client.post(close_url(priority), {"outcome": "resolved"}).url
    client.force_login(authority_member)
    assert client.post(close_url(priority), {"outcome": "resolved"}).status_code == 403
    priority.refresh_from_db()
    assert priority.is_open
