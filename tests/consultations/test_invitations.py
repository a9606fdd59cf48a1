"""Inviting an audience to an event: once per person, outreach counted, sent after commit,
and every invitation's state visible to the unit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.choices import InvitationStatus
from consultations.factories import EventFactory
from consultations.models import Invitation
from consultations.services.invitations import invitation_preview, invitations_create
from core.roles import Role
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory
from stakeholders.models import OutreachRecord, StaticListMember
from stakeholders.services.lists import audience_create, segment_create, static_list_create

pytestmark = pytest.mark.django_db


# Helpers shared with the other invitation tests ------------------------------------------


def resident(ward, name=None, **kwargs):
    """A contact living in ``ward`` who agreed to email."""
    extra = {"name": name} if name else {}
    return ContactFactory(
        home_ward=ward, home_borough=ward.borough, consent=[Channel.EMAIL], **extra, **kwargs
    )


def ward_audience(user, ward, *, channel=Channel.EMAIL, name="Residents"):
    """An audience of everyone living in ``ward``: rebuilt from the database each time."""
    segment = segment_create(
        name=f"{name} segment", filters={"ward": str(ward.pk)}, acting_user=user
    )
    return audience_create(name=name, channel=channel, segments=[segment], acting_user=user)


def list_audience(user, *contacts, name="Hand picked"):
    static_list = static_list_create(name=f"{name} list", acting_user=user)
    for contact in contacts:
        StaticListMember.objects.create(static_list=static_list, contact=contact)
    return audience_create(
        name=name, channel=Channel.EMAIL, static_lists=[static_list], acting_user=user
    )


def invite(event, audience, user):
    return invitations_create(event=event, audience=audience, acting_user=user)


# The service ---------------------------------------------------------------------------


def test_an_audience_invited_twice_invites_each_person_once(
    unit_staff, ward, django_capture_on_commit_callbacks
):
    ann, bob = resident(ward, "Ann"), resident(ward, "Bob")
    event = EventFactory()
    audience = ward_audience(unit_staff, ward)

    first = invite(event, audience, unit_staff)
    second = invite(event, audience, unit_staff)

    assert {invitation.contact for invitation in first} == {ann, bob}
    assert second == []
    assert Invitation.objects.filter(event=event).count() == 2
    assert all(i.status == InvitationStatus.QUEUED for i in Invitation.objects.all())


def test_after_the_audience_grows_only_the_new_person_is_invited(unit_staff, ward):
    resident(ward, "Ann")
    event = EventFactory()
    audience = ward_audience(unit_staff, ward)
    invite(event, audience, unit_staff)

    cleo = resident(ward, "Cleo")
    again = invite(event, audience, unit_staff)

    assert [invitation.contact for invitation in again] == [cleo]
    assert Invitation.objects.filter(event=event).count() == 2


def test_one_outreach_record_per_invitation_however_often_invited(unit_staff, ward):
    ann = resident(ward, "Ann")
    event = EventFactory()
    audience = ward_audience(unit_staff, ward)

    invite(event, audience, unit_staff)
    invite(event, audience, unit_staff)

    records = OutreachRecord.objects.filter(contact=ann)
    assert records.count() == 1
    assert event.title in records.get().description


def test_each_new_invitation_is_dispatched_after_commit_only(
    unit_staff, ward, django_capture_on_commit_callbacks
):
    resident(ward), resident(ward)
    event = EventFactory()
    audience = ward_audience(unit_staff, ward)

    with django_capture_on_commit_callbacks() as callbacks:
        invite(event, audience, unit_staff)
    with django_capture_on_commit_callbacks() as again:
        invite(event, audience, unit_staff)

    assert len(callbacks) == 2
    assert again == []


def test_people_without_consent_are_not_invited(unit_staff, ward):
    resident(ward, "Ann")
    ContactFactory(name="Nora", home_ward=ward, home_borough=ward.borough)  # no consent
    event = EventFactory()

    created = invite(event, ward_audience(unit_staff, ward), unit_staff)

    assert [invitation.contact.name for invitation in created] == ["Ann"]


def test_a_postal_audience_is_refused(unit_staff, ward):
    resident(ward)
    event = EventFactory()
    audience = ward_audience(unit_staff, ward, channel=Channel.POST)

    with pytest.raises(ValidationError, match="email audience"):
        invite(event, audience, unit_staff)
    assert not Invitation.objects.exists()


def test_nobody_is_invited_to_a_cancelled_event(unit_staff, ward):
    resident(ward)
    event = EventFactory(cancelled=True)

    with pytest.raises(ValidationError, match="cancelled"):
        invite(event, ward_audience(unit_staff, ward), unit_staff)
    assert not Invitation.objects.exists()
    assert not OutreachRecord.objects.exists()


def test_preview_counts_the_audience_those_invited_and_the_new(unit_staff, ward):
    resident(ward)
    event = EventFactory()
    audience = ward_audience(unit_staff, ward)
    invite(event, audience, unit_staff)
    resident(ward), resident(ward)

    preview = invitation_preview(event=event, audience=audience, acting_user=unit_staff)

    assert (preview.audience_size, preview.already_invited, preview.new) == (3, 1, 2)


# The pages -----------------------------------------------------------------------------


def test_staff_see_the_counts_before_confirming_then_invite(client, unit_staff, ward):
    resident(ward, "Ann"), resident(ward, "Bob")
    event = EventFactory()
    audience = ward_audience(unit_staff, ward, name="Ward residents")
    client.force_login(unit_staff)
    url = reverse("consultations:invitation-create", kwargs={"pk": event.pk})

    page = client.get(url)
    assert "Ward residents" in page.content.decode()
    preview = client.get(url, {"audience": audience.pk})
    text = preview.content.decode()
    assert "Would be invited now" in text
    assert "Invite 2 people" in text
    assert not Invitation.objects.exists()  # looking changes nothing

    response = client.post(url, {"audience": audience.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:invitation-list", kwargs={"pk": event.pk})
    assert Invitation.objects.filter(event=event).count() == 2


def test_inviting_a_postal_audience_shows_the_reason_by_the_field(client, unit_staff, ward):
    resident(ward)
    event = EventFactory()
    audience = ward_audience(unit_staff, ward, channel=Channel.POST)
    client.force_login(unit_staff)

    response = client.post(
        reverse("consultations:invitation-create", kwargs={"pk": event.pk}),
        {"audience": audience.pk},
    )

    assert response.status_code == 200
    assert "choose an email audience" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_list_shows_every_state_and_the_last_error(client, unit_staff, ward):
    event = EventFactory()
    states = {
        "Quinn Queued": (InvitationStatus.QUEUED, ""),
        "Sol Sent": (InvitationStatus.SENT, ""),
        "Fay Failed": (InvitationStatus.FAILED, "SMTPServerDisconnected: gone away"),
        "Abe Accepted": (InvitationStatus.ACCEPTED, ""),
        "Dee Declined": (InvitationStatus.DECLINED, ""),
    }
    for name, (status, error) in states.items():
        Invitation.objects.create(
            event=event, contact=resident(ward, name), status=status, last_error=error
        )
    client.force_login(unit_staff)
    url = reverse("consultations:invitation-list", kwargs={"pk": event.pk})

    text = client.get(url).content.decode()
    for name in states:
        assert name in text
    for label in ("Queued", "Sent", "Failed", "Accepted", "Declined"):
        assert label in text
    assert "SMTPServerDisconnected: gone away" in text

    failed_only = client.get(url, {"status": "failed"}).content.decode()
    assert "Fay Failed" in failed_only
    assert "Sol Sent" not in failed_only


def test_invitation_list_is_paginated(client, unit_staff, ward):
    event = EventFactory()
    for n in range(51):
        Invitation.objects.create(event=event, contact=resident(ward, f"Person {n:02d}"))
    client.force_login(unit_staff)
    url = reverse("consultations:invitation-list", kwargs={"pk": event.pk})

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "Person 00" in first and "Person 50" not in first
    assert "Person 50" in second


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
@pytest.mark.parametrize(
    "name", ["consultations:invitation-list", "consultations:invitation-create"]
)
def test_only_the_unit_may_open_or_post_the_invitation_pages(
    client, users_by_role, ward, role, name
):
    event = EventFactory()
    audience = ward_audience(users_by_role[Role.UNIT_STAFF], ward)
    resident(ward)
    client.force_login(users_by_role[role])
    url = reverse(name, kwargs={"pk": event.pk})

    assert client.get(url).status_code == 403
    assert client.post(url, {"audience": audience.pk}).status_code == 403
    assert not Invitation.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    event = EventFactory()
    response = client.get(reverse("consultations:invitation-create", kwargs={"pk": event.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_event_page_shows_invitation_counts(client, unit_staff, ward):
    event = EventFactory()
    Invitation.objects.create(event=event, contact=resident(ward), status=InvitationStatus.ACCEPTED)
    Invitation.objects.create(event=event, contact=resident(ward), status=InvitationStatus.SENT)
    client.force_login(unit_staff)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert "Invitations and attendance" in text
    assert reverse("consultations:invitation-create", kwargs={"pk": event.pk}) in text
