"""Sending invitations through a real SMTP server, and answering them by the signed link."""

import re
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations.choices import InvitationStatus
from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import MAX_SEND_ATTEMPTS, BriefingMaterial, Invitation
from consultations.signing import invitation_token
from consultations.tasks import SendDeferred, invitation_sweep, send_invitation
from stakeholders.choices import Channel
from stakeholders.contact_rules import Reason
from stakeholders.models import OutreachRecord
from stakeholders.services.consent import consent_record
from tests.consultations.test_invitations import invite, resident, ward_audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    consultation = ConsultationFactory(
        why="The borough is choosing where its teams patrol at night.",
        can_influence="Which streets come first.",
        already_fixed="The number of officers.",
    )
    return EventFactory(
        consultation=consultation,
        title="Night-time economy meeting",
        venue_name="Town Hall",
        venue_address="1 High Street",
        step_free=True,
        hearing_loop=True,
        interpreters="BSL, Polish",
        online_link="https://meet.example.org/night",
    )


@pytest.fixture
def material(event, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return BriefingMaterial.objects.create(
        event=event,
        title="Patrol map",
        file=SimpleUploadedFile("map.pdf", b"%PDF-1.4 the map"),
        content_type="application/pdf",
        size=16,
    )


def queued(event, ward, name="Ann Invitee"):
    return Invitation.objects.create(event=event, contact=resident(ward, name))


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_content())


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def rsvp_url(invitation):
    return reverse("consultations:rsvp", kwargs={"token": invitation_token(invitation)})


# Sending -------------------------------------------------------------------------------


def test_the_invitation_email_says_why_what_when_where_and_how_to_answer(
    event, ward, material, smtp_inbox, settings
):
    settings.SITE_URL = "https://engage.example"
    invitation = queued(event, ward)

    assert send_invitation(invitation.pk) == "sent"

    (message,) = smtp_inbox
    assert message["To"] == invitation.contact.email
    assert "Night-time economy meeting" in message["Subject"]
    body = message.get_content()
    for text in (
        "Dear Ann Invitee",
        "choosing where its teams patrol at night",
        "Which streets come first",
        "The number of officers",
        timezone.localtime(event.starts_at).strftime("%H:%M"),
        "(London time)",
        "Town Hall, 1 High Street",
        "step-free access",
        "hearing loop",
        "BSL, Polish",
        "https://meet.example.org/night",
        "Patrol map",
    ):
        assert text in body
    rsvp = [url for url in links(message) if "/rsvp/" in url]
    assert all(url.startswith("https://engage.example/") for url in rsvp)
    assert any("answer=accept" in url for url in rsvp)
    assert any("answer=decline" in url for url in rsvp)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert invitation.sent_at is not None
    assert invitation.attempts == 1


def test_sending_the_same_invitation_twice_sends_one_email(event, ward, smtp_inbox):
    invitation = queued(event, ward)

    send_invitation(invitation.pk)
    assert send_invitation(invitation.pk) == "skipped"

    assert len(smtp_inbox) == 1


def test_a_contact_who_withdrew_consent_after_queueing_is_not_emailed(event, ward, smtp_inbox):
    invitation = queued(event, ward)
    consent_record(
        contact=invitation.contact,
        channel=Channel.EMAIL,
        granted=False,
        method="email",
        acting_user=None,
    )

    assert send_invitation(invitation.pk) == "refused"

    assert smtp_inbox == []
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.FAILED
    assert Reason.NO_CONSENT in invitation.last_error


def test_invitations_to_an_event_cancelled_since_are_not_sent(event, ward, smtp_inbox):
    invitation = queued(event, ward)
    event.cancelled = True
    event.save()

    send_invitation(invitation.pk)

    assert smtp_inbox == []
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.FAILED
    assert "cancelled" in invitation.last_error


def test_the_fatigue_cap_counts_this_invitation_without_stopping_it(
    unit_staff, event, ward, smtp_inbox, settings, django_capture_on_commit_callbacks
):
    settings.STAKEHOLDERS_FATIGUE_CAP = 1
    resident(ward)
    (invitation,) = invite(event, ward_audience(unit_staff, ward), unit_staff)
    assert OutreachRecord.objects.count() == 1  # at the cap now, because of this invitation

    assert send_invitation(invitation.pk) == "sent"
    assert len(smtp_inbox) == 1


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe is


def test_a_mail_server_failure_is_retried_then_ends_failed(event, ward, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2
    invitation = queued(event, ward)

    for attempt in range(1, MAX_SEND_ATTEMPTS):
        with pytest.raises(SendDeferred):
            send_invitation(invitation.pk)
        invitation.refresh_from_db()
        assert (invitation.status, invitation.attempts) == (InvitationStatus.QUEUED, attempt)
        assert "Connection" in invitation.last_error or "refused" in invitation.last_error

    assert send_invitation(invitation.pk) == "failed"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.attempts == MAX_SEND_ATTEMPTS
    assert send_invitation(invitation.pk) == "skipped"  # never tried beyond the cap


def test_the_sweep_re_dispatches_queued_invitations_left_ten_minutes(event, ward, monkeypatch):
    stale, fresh = queued(event, ward), queued(event, ward, "Fresh")
    sent = queued(event, ward, "Sent")
    Invitation.objects.filter(pk=sent.pk).update(status=InvitationStatus.SENT)
    dispatched = []
    monkeypatch.setattr(send_invitation, "delay", dispatched.append)

    with time_machine.travel(timezone.now() - timedelta(minutes=11)):
        Invitation.objects.filter(pk__in=[stale.pk, sent.pk]).update(modified=timezone.now())
    assert invitation_sweep() == 1

    assert dispatched == [stale.pk]
    assert fresh.pk not in dispatched


# Answering -----------------------------------------------------------------------------


def test_accepting_through_the_link_in_the_email(client, event, ward, smtp_inbox):
    invitation = queued(event, ward)
    send_invitation(invitation.pk)
    (accept,) = [url for url in links(smtp_inbox[0]) if "answer=accept" in url]

    page = client.get(path_of(accept))
    assert page.status_code == 200
    assert "Night-time economy meeting" in page.content.decode()
    assert "Which streets come first" in page.content.decode()

    done = client.post(urlsplit(accept).path, {"answer": "accept"})

    assert done.status_code == 200
    assert "will come" in done.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_at is not None


def test_declining_through_the_link(client, event, ward):
    invitation = queued(event, ward)
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.SENT)

    client.post(rsvp_url(invitation), {"answer": "decline"})

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_opening_the_link_changes_nothing(client, event, ward):
    invitation = queued(event, ward)

    client.get(rsvp_url(invitation) + "?answer=accept")

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.QUEUED
    assert invitation.responded_at is None


def tampered(token: str) -> str:
    position = len(token) - 3
    replacement = "A" if token[position] != "A" else "B"
    return token[:position] + replacement + token[position + 1 :]


def test_a_tampered_link_is_refused_and_changes_nothing(client, event, ward):
    invitation = queued(event, ward)
    url = reverse("consultations:rsvp", kwargs={"token": tampered(invitation_token(invitation))})

    page = client.get(url)
    answer = client.post(url, {"answer": "accept"})

    assert page.status_code == answer.status_code == 404
    assert "This link does not work" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.QUEUED
    assert invitation.responded_at is None


def test_a_link_for_another_invitation_id_cannot_be_forged(client, event, ward):
    invitation = queued(event, ward)
    other = queued(event, ward, "Other")
    _payload, *signature = invitation_token(invitation).split(":")
    forged = ":".join([signing.b64_encode(str(other.pk).encode()).decode(), *signature])
    assert forged != invitation_token(other)

    response = client.post(
        reverse("consultations:rsvp", kwargs={"token": forged}), {"answer": "accept"}
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == InvitationStatus.QUEUED


def test_a_link_older_than_120_days_is_refused(client, ward):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=200))
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    invitation = queued(event, ward)
    url = rsvp_url(invitation)

    with time_machine.travel(timezone.now() + timedelta(days=121)):
        response = client.post(url, {"answer": "accept"})

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.QUEUED


def test_answers_close_once_the_event_has_started(client, event, ward):
    invitation = queued(event, ward)
    url = rsvp_url(invitation)

    with time_machine.travel(event.starts_at + timedelta(minutes=5)):
        response = client.post(url, {"answer": "accept"})

    assert "already taken place" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.QUEUED


def test_the_briefing_material_is_served_through_the_invitation_link(client, event, ward, material):
    invitation = queued(event, ward)
    token = invitation_token(invitation)

    response = client.get(
        reverse("consultations:material-by-invitation", kwargs={"token": token, "pk": material.pk})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the map"
    assert response["Content-Type"] == "application/pdf"


def test_another_events_material_is_not_served_through_the_link(client, event, ward, material):
    other_event = EventFactory()
    invitation = queued(other_event, ward)
    token = invitation_token(invitation)
    url = reverse(
        "consultations:material-by-invitation", kwargs={"token": token, "pk": material.pk}
    )

    assert client.get(url).status_code == 404
    bad = reverse(
        "consultations:material-by-invitation",
        kwargs={"token": tampered(invitation_token(queued(event, ward, "B"))), "pk": material.pk},
    )
    assert client.get(bad).status_code == 404


# Through a real worker -----------------------------------------------------------------


def wait_for(inbox, count=1, seconds=15):
    deadline = time.monotonic() + seconds
    while len(inbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return inbox


@pytest.mark.redis
def test_invite_then_the_worker_sends_and_the_rsvp_link_works(celery_worker, smtp_inbox, client):
    from accounts.factories import UserFactory
    from areas.factories import BoroughFactory, WardFactory
    from core.roles import Role

    staff = UserFactory(roles=[Role.UNIT_STAFF])
    ward = WardFactory(borough=BoroughFactory())
    ann = resident(ward, "Ann Worker")
    event = EventFactory(title="Worker-sent meeting")

    invite(event, ward_audience(staff, ward), staff)  # committed: the worker sees it

    (message,) = wait_for(smtp_inbox)
    assert message["To"] == ann.email
    assert "Worker-sent meeting" in message["Subject"]
    invitation = Invitation.objects.get(event=event, contact=ann)
    assert invitation.status == InvitationStatus.SENT
    (accept,) = [url for url in links(message) if "answer=accept" in url]
    response = client.post(urlsplit(accept).path, {"answer": "accept"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
