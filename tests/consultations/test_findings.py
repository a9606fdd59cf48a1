"""Findings, "you said" (issue 4, point 8): themes with their source, tags and counts; a
response coded to several findings counts in each."""

import pytest
from django.urls import reverse

from consultations.choices import ConsultationStatus, FindingSource
from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import Finding, Response
from consultations.selectors.findings import findings_for
from consultations.services.findings import finding_create, response_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(ward):
    return ConsultationFactory(wards=[ward], status=ConsultationStatus.OPEN)


@pytest.fixture
def event(consultation):
    return EventFactory(consultation=consultation, title="Public meeting at the library")


def create_url(consultation):
    return reverse("consultations:finding-create", args=[consultation.pk])


def finding(consultation, title, user, **kwargs):
    return finding_create(
        consultation=consultation,
        title=title,
        source=kwargs.pop("source", FindingSource.RESPONSE),
        acting_user=user,
        **kwargs,
    )


def test_planner_records_a_finding_from_an_event_with_tags(client, unit_staff, consultation, event):
    client.force_login(unit_staff)
    reply = client.post(
        create_url(consultation),
        {
            "title": "Poor street lighting on Bayham Street",
            "source": FindingSource.EVENT,
            "event": event.pk,
            "tags": "Street lighting, young people, street lighting",
            "times_raised": "7",
        },
    )
    assert reply.status_code == 302
    stored = Finding.objects.get()
    assert stored.event == event
    assert stored.source == FindingSource.EVENT
    assert stored.tags == ["street lighting", "young people"]
    assert stored.times_raised == 7
    assert stored.recorded_by == unit_staff
    page = client.get(reply.url).content.decode()
    assert "Public meeting at the library" in page
    assert "street lighting, young people" in page


def test_finding_from_an_event_must_name_the_event(client, unit_staff, consultation):
    client.force_login(unit_staff)
    reply = client.post(
        create_url(consultation),
        {"title": "Lighting", "source": FindingSource.EVENT, "tags": "", "times_raised": "1"},
    )
    assert reply.status_code == 200
    assert "Say which event" in reply.context["form"].errors["event"][0]
    assert reply.context["form"]["title"].value() == "Lighting"
    assert not Finding.objects.exists()


def test_planner_edits_a_finding(client, unit_staff, consultation):
    existing = finding(consultation, "Lighting", unit_staff)
    client.force_login(unit_staff)
    client.post(
        reverse("consultations:finding-update", args=[existing.pk]),
        {"title": "Street lighting", "source": FindingSource.RESPONSE, "times_raised": "2"},
    )
    existing.refresh_from_db()
    assert (existing.title, existing.times_raised) == ("Street lighting", 2)


def test_response_coded_to_two_findings_counts_in_both(client, unit_staff, consultation):
    lighting = finding(consultation, "Lighting", unit_staff, times_raised=3)
    patrols = finding(consultation, "More patrols", unit_staff)
    untouched = finding(consultation, "Parking", unit_staff)
    response = Response.objects.create(consultation=consultation)
    client.force_login(unit_staff)
    reply = client.post(
        reverse("consultations:response-code", args=[response.pk]),
        {"findings": [lighting.pk, patrols.pk]},
    )
    assert reply.status_code == 302
    counts = {f.title: f.count for f in findings_for(user=unit_staff, consultation=consultation)}
    assert counts == {"Lighting": 4, "More patrols": 1, "Parking": 0}
    assert set(response.findings.all()) == {lighting, patrols}
    assert untouched.responses.count() == 0


def test_a_response_cannot_be_coded_to_another_consultations_finding(unit_staff, consultation):
    other = finding(ConsultationFactory(), "Elsewhere", unit_staff)
    response = Response.objects.create(consultation=consultation)
    with pytest.raises(Exception, match="this response's consultation"):
        response_code(response=response, findings=[other], acting_user=unit_staff)
    assert not response.findings.exists()


def test_every_role_reads_findings_without_personal_data(
    client, authority_member, unit_staff, consultation
):
    lighting = finding(consultation, "Lighting", unit_staff)
    response = Response.objects.create(
        consultation=consultation, name="Private Person", email="private@example.org"
    )
    response_code(response=response, findings=[lighting], acting_user=unit_staff)
    client.force_login(authority_member)
    listing = client.get(reverse("consultations:finding-list", args=[consultation.pk]))
    detail = client.get(reverse("consultations:finding-detail", args=[lighting.pk]))
    assert listing.status_code == detail.status_code == 200
    assert "Lighting" in listing.content.decode()
    for page in (listing.content.decode(), detail.content.decode()):
        assert "Private Person" not in page
        assert "private@example.org" not in page
        assert reverse("consultations:response-detail", args=[response.pk]) not in page
        assert "Record a finding" not in page


def test_authority_member_may_not_write_findings_or_code_responses(
    client, authority_member, unit_staff, consultation
):
    lighting = finding(consultation, "Lighting", unit_staff)
    response = Response.objects.create(consultation=consultation)
    client.force_login(authority_member)
    data = {"title": "New", "source": FindingSource.RESPONSE, "times_raised": "0"}
    assert client.post(create_url(consultation), data).status_code == 403
    assert (
        client.post(reverse("consultations:finding-update", args=[lighting.pk]), data).status_code
        == 403
    )
    assert (
        client.post(
            reverse("consultations:response-code", args=[response.pk]), {"findings": [lighting.pk]}
        ).status_code
        == 403
    )
    assert Finding.objects.count() == 1
    assert not response.findings.exists()


def test_sergeant_records_findings_only_in_their_wards(
    client, sergeant, unit_staff, consultation, other_ward
):
    elsewhere = ConsultationFactory(wards=[other_ward], status=ConsultationStatus.OPEN)
    theirs = finding(elsewhere, "Elsewhere", unit_staff)
    client.force_login(sergeant)
    data = {"title": "Lighting", "source": FindingSource.RESPONSE, "times_raised": "2"}
    assert client.post(create_url(consultation), data).status_code == 302
    assert client.post(create_url(elsewhere), data).status_code == 404
    assert (
        client.post(reverse("consultations:finding-update", args=[theirs.pk]), data).status_code
        == 404
    )
    # Nor read other wards' findings (docs/security.md), nor code responses (they carry names).
    assert client.get(reverse("consultations:finding-list", args=[elsewhere.pk])).status_code == 404
    response = Response.objects.create(consultation=consultation)
    assert client.get(reverse("consultations:response-code", args=[response.pk])).status_code == 403
    assert list(Finding.objects.values_list("title", flat=True).order_by("title")) == [
        "Elsewhere",
        "Lighting",
    ]


def test_findings_are_filtered_by_tag(client, unit_staff, consultation):
    finding(consultation, "Lighting", unit_staff, tags=["streets"])
    finding(consultation, "Parking", unit_staff, tags=["traffic"])
    client.force_login(unit_staff)
    reply = client.get(
        reverse("consultations:finding-list", args=[consultation.pk]), {"tag": "streets"}
    )
    assert [f.title for f in reply.context["findings"]] == ["Lighting"]
