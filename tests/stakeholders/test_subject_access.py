"""A subject access report shows everything engage holds about one person, as a page and
as a JSON download, including their history and what other apps registered."""

import json
from datetime import date

import pghistory
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.factories import UserFactory
from core.roles import Role
from stakeholders import personal_data
from stakeholders.choices import Channel, InteractionKind
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import (
    Contact,
    EqualityProfile,
    Interaction,
    StaticList,
    StaticListMember,
    Topic,
)
from stakeholders.services.outreach import outreach_record

pytestmark = pytest.mark.django_db

NAME = "Priya Fictional-Okafor"
EMAIL = "priya.okafor@example.org"


class FakeInvitationData:
    """Stands in for a lower app (consultations) that registers what it holds."""

    label = "Invitations to consultations (test app)"

    def __init__(self):
        self.erased = []

    def export(self, contact):
        if contact.pk in self.erased:
            return []
        return [{"consultation": "Stop and search review", "invited_on": date(2026, 2, 3)}]

    def erase(self, contact):
        self.erased.append(contact.pk)

    def merge(self, *, winner, loser):
        raise NotImplementedError


@pytest.fixture
def equality_reader(db):
    """Unit staff who also hold the permission to see equality monitoring answers."""
    user = UserFactory(roles=[Role.UNIT_STAFF], full_name="Esi Equality")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="stakeholders", codename="view_equalityprofile"
        )
    )
    return user


@pytest.fixture
def provider():
    fake = FakeInvitationData()
    personal_data.register(fake)
    yield fake
    personal_data.unregister(fake)


def build_person(*, staff, ward=None) -> Contact:
    """A contact with something in every part of the stakeholder database."""
    contact = ContactFactory(
        name=NAME,
        email=EMAIL,
        phone="+447700900123",
        job_title="Youth worker",
        home_ward=ward,
        home_borough=ward.borough if ward else None,
        consent=[Channel.EMAIL],
    )
    contact.topics.add(Topic.objects.get(name="Stop and search"))
    with pghistory.context(user=staff.pk):
        contact.job_title = "Youth centre manager"
        contact.save()
    MembershipFactory(
        contact=contact, organisation=OrganisationFactory(name="Northside Tenants"), role="Chair"
    )
    OrganisationFactory(name="Eastway Faith Forum", single_point_of_contact=contact)
    outreach_record(contact=contact, channel=Channel.EMAIL, description="Invitation: knife crime")
    Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.PHONED,
        summary="Asked about the youth panel",
        logged_by=staff,
    )
    StaticListMember.objects.create(
        static_list=StaticList.objects.create(name="Youth panel"), contact=contact
    )
    EqualityProfile.objects.create(
        contact=contact,
        ethnicity=EqualityProfile.Ethnicity.ASIAN,
        age_band=EqualityProfile.AgeBand.AGE_25_34,
        explicit_consent_given_on=date(2026, 1, 15),
        recorded_by=staff,
    )
    return contact


def page(client, contact):
    return client.get(reverse("stakeholders:contact-subject-access", args=[contact.pk]))


def download(client, contact):
    return client.get(reverse("stakeholders:contact-subject-access-json", args=[contact.pk]))


def test_page_shows_every_section_of_what_is_held(client, unit_staff, equality_reader, provider):
    contact = build_person(staff=unit_staff)
    client.force_login(equality_reader)
    response = page(client, contact)
    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        NAME,
        EMAIL,
        "+447700900123",
        "Stop and search",  # topics
        "Northside Tenants",  # membership
        "Chair",
        "Eastway Faith Forum",  # single point of contact
        "Paper form",  # consent record
        "Invitation: knife crime",  # outreach
        "Asked about the youth panel",  # interaction log
        "Youth panel",  # static list
        "Asian, Asian British or Asian Welsh",  # equality monitoring
        "15 Jan 2026",
        "Youth worker → Youth centre manager",  # history
        unit_staff.full_name,  # who changed it
        "Invitations to consultations (test app)",  # provider section
        "Stop and search review",
        "3 Feb 2026",
    ]:
        assert expected in html, expected


def test_json_download_holds_every_section(client, unit_staff, equality_reader, provider):
    contact = build_person(staff=unit_staff)
    client.force_login(equality_reader)
    response = download(client, contact)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="subject-access-contact-{contact.pk}-'
    )
    report = json.loads(response.content)
    assert report["contact"]["name"] == NAME
    assert report["contact"]["email"] == EMAIL
    assert report["contact"]["phone"] == "+447700900123"
    assert report["contact"]["topics"] == ["Stop and search"]
    assert report["memberships"][0]["organisation"] == "Northside Tenants"
    assert report["memberships"][0]["role"] == "Chair"
    assert report["organisations_led"] == [{"organisation": "Eastway Faith Forum"}]
    assert [(r["channel"], r["granted"]) for r in report["consent_records"]] == [("Email", True)]
    assert report["consent_records"][0]["wording_version"] == "test"
    assert report["outreach_records"][0]["description"] == "Invitation: knife crime"
    assert report["interactions"][0]["summary"] == "Asked about the youth panel"
    assert report["interactions"][0]["logged_by"] == unit_staff.full_name
    assert report["static_lists"][0]["list"] == "Youth panel"
    assert report["equality_profile"]["ethnicity"] == "Asian, Asian British or Asian Welsh"
    assert report["equality_profile"]["explicit_consent_given_on"] == "2026-01-15"
    assert "equality_profile_left_out" not in report
    events = report["history"]
    assert events[0]["event"] == "Created"
    assert {"field": "job_title", "from": "Youth worker", "to": "Youth centre manager"} in [
        change for event in events for change in event["changes"]
    ]
    assert all(event["at"] for event in events)
    assert report["membership_history"][0]["organisation"] == "Northside Tenants"
    assert {
        "label": "Invitations to consultations (test app)",
        "records": [{"consultation": "Stop and search review", "invited_on": "2026-02-03"}],
    } in report["other_records"]


def test_page_and_download_say_none_held_for_an_empty_record(client, equality_reader):
    contact = ContactFactory()
    client.force_login(equality_reader)
    assert "None held." in page(client, contact).content.decode()
    report = json.loads(download(client, contact).content)
    assert report["memberships"] == report["consent_records"] == report["interactions"] == []
    assert report["equality_profile"] is None


def test_erased_contact_shows_only_the_anonymous_shell(client, unit_staff, provider):
    from stakeholders.services.data_protection import contact_erase

    contact = build_person(staff=unit_staff)
    contact_erase(contact=contact, reason="request", acting_user=unit_staff)
    client.force_login(unit_staff)
    html = page(client, contact).content.decode()
    assert "This contact was erased on" in html
    for gone in [NAME, EMAIL, "Invitation: knife crime", "Stop and search review"]:
        assert gone not in html
    report = json.loads(download(client, contact).content)
    assert report["erased"] is True
    assert set(report) == {"generated_at", "contact_id", "erased", "contact"}
    assert report["contact"]["name"] == "Erased contact"
    assert EMAIL not in download(client, contact).content.decode()


EQUALITY_ANSWER = "Asian, Asian British or Asian Welsh"


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_page_leaves_out_equality_answers_for_staff_without_the_equality_permission(
    client, users_by_role, unit_staff, role
):
    contact = build_person(staff=unit_staff)
    client.force_login(users_by_role[role])
    response = page(client, contact)
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME in html  # the rest of the report is there
    assert EQUALITY_ANSWER not in html
    assert "25 to 34" not in html
    assert "15 Jan 2026" not in html  # the date of explicit consent
    assert "left out of this report" in html
    assert "ask a colleague who holds the equality monitoring permission" in html


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_json_leaves_out_equality_answers_and_says_so_for_staff_without_the_permission(
    client, users_by_role, unit_staff, role
):
    contact = build_person(staff=unit_staff)
    client.force_login(users_by_role[role])
    body = download(client, contact).content.decode()
    assert EQUALITY_ANSWER not in body
    report = json.loads(body)
    assert "equality_profile" not in report
    assert "equality monitoring permission" in report["equality_profile_left_out"]
    assert report["contact"]["name"] == NAME


def test_the_note_does_not_disclose_whether_equality_answers_are_held(client, unit_staff):
    with_answers, without = build_person(staff=unit_staff), ContactFactory()
    client.force_login(unit_staff)
    notes = {
        json.loads(download(client, c).content)["equality_profile_left_out"]
        for c in (with_answers, without)
    }
    assert len(notes) == 1


def test_holder_of_the_equality_permission_gets_the_complete_report(
    client, unit_staff, equality_reader
):
    contact = build_person(staff=unit_staff)
    client.force_login(equality_reader)
    assert EQUALITY_ANSWER in page(client, contact).content.decode()
    report = json.loads(download(client, contact).content)
    assert report["equality_profile"]["ethnicity"] == EQUALITY_ANSWER
    assert "left out" not in page(client, contact).content.decode()


def test_administrator_may_make_a_subject_access_report(client, administrator):
    contact = ContactFactory(name=NAME)
    client.force_login(administrator)
    assert page(client, contact).status_code == 200
    assert download(client, contact).status_code == 200


@pytest.mark.parametrize("role", [Role.AUTHORITY_MEMBER, Role.NEIGHBOURHOOD_SERGEANT])
def test_other_roles_are_refused_even_for_contacts_in_their_wards(
    client, users_by_role, ward, role
):
    contact = ContactFactory(home_ward=ward, home_borough=ward.borough)
    client.force_login(users_by_role[role])
    assert page(client, contact).status_code == 403
    assert download(client, contact).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    contact = ContactFactory()
    for response in (page(client, contact), download(client, contact)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_missing_contact_answers_404(client, unit_staff):
    client.force_login(unit_staff)
    missing = Contact(pk=999_999)
    assert page(client, missing).status_code == 404
    assert download(client, missing).status_code == 404
