"""The public list of upcoming events and the public event page: no account needed
(issue 4, point 4)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations.choices import ConsultationStatus
from consultations.factories import ConsultationFactory, ConsultativeGroupFactory, EventFactory
from consultations.services.materials import material_upload

pytestmark = pytest.mark.django_db

LIST = reverse("consultations:public-event-list")


def detail(event):
    return reverse("consultations:public-event-detail", args=[event.pk])


def test_the_list_shows_only_upcoming_published_events_going_ahead(client):
    now = timezone.now()
    EventFactory(title="Upcoming published", published=True)
    EventFactory(title="Not published yet", published=False)
    EventFactory(title="Called off", published=True, cancelled=True)
    EventFactory(
        title="Already held",
        published=True,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Upcoming published" in response.text
    for hidden in ("Not published yet", "Called off", "Already held"):
        assert hidden not in response.text


def test_the_list_gives_date_venue_access_and_why(client):
    consultation = ConsultationFactory(
        why="The borough is choosing where to put its new safer neighbourhood base.",
        can_influence="Which of three sites is chosen.",
        status=ConsultationStatus.PLANNED,
    )
    starts = timezone.make_aware(timezone.datetime(2099, 3, 14, 18, 30))
    EventFactory(
        consultation=consultation,
        title="Base location meeting",
        published=True,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Hoxton Hall",
        step_free=True,
        interpreters="BSL",
    )
    response = client.get(LIST)
    assert "14 Mar 2099" in response.text
    assert "Hoxton Hall" in response.text
    assert "BSL" in response.text
    assert "safer neighbourhood base" in response.text
    assert "Which of three sites is chosen." in response.text


def test_group_meetings_are_listed_with_their_group(client, ward):
    group = ConsultativeGroupFactory(name="Haggerston ward panel", ward=ward)
    EventFactory(consultation=None, group=group, title="Panel meeting", published=True)
    response = client.get(LIST)
    assert "Panel meeting" in response.text
    assert "Haggerston ward panel" in response.text


def test_the_list_works_anonymously_on_a_narrow_screen(client):
    EventFactory(title="Upcoming published", published=True)
    response = client.get(LIST)
    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.text
    # Cards stack on a 360 px screen; no fixed-width table to scroll sideways.
    assert "<table" not in response.text
    assert "Sign in" in response.text


def test_a_published_event_page_is_public(client):
    consultation = ConsultationFactory(can_influence="The order of the three priorities.")
    event = EventFactory(consultation=consultation, title="Open meeting", published=True)
    response = client.get(detail(event))
    assert response.status_code == 200
    assert "Open meeting" in response.text
    assert "The order of the three priorities." in response.text


def test_an_unpublished_event_page_is_not_found(client):
    event = EventFactory(published=False)
    assert client.get(detail(event)).status_code == 404


def test_a_cancelled_published_event_says_so(client):
    event = EventFactory(title="Called off", published=True, cancelled=True)
    response = client.get(detail(event))
    assert response.status_code == 200
    assert "Cancelled" in response.text


def test_the_public_pages_offer_no_briefing_files(client, settings, tmp_path, unit_staff):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(published=True)
    material = material_upload(
        event=event,
        title="Ward profile",
        file=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
        acting_user=unit_staff,
    )
    download = reverse("consultations:material-download", args=[material.pk])
    assert download not in client.get(detail(event)).text
    assert download not in client.get(LIST).text


def test_events_of_a_draft_consultation_stay_private_even_if_published(client):
    draft = ConsultationFactory()  # a new consultation is a draft
    EventFactory(title="Drafted meeting", consultation=draft, published=True)
    EventFactory(title="Planned meeting", published=True)
    response = client.get(LIST)
    assert "Planned meeting" in response.text
    assert "Drafted meeting" not in response.text
