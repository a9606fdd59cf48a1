"""The interaction log and each user's follow-ups due (issue 3, point 7)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.factories import UserFactory
from core.roles import Role
from stakeholders.choices import InteractionKind
from stakeholders.factories import ContactFactory, OrganisationFactory
from stakeholders.models import Interaction

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
FOLLOW_UPS = reverse("stakeholders:follow-up-list")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)):
        yield


def contact_log_url(contact):
    return reverse("stakeholders:contact-interaction-create", args=[contact.pk])


def organisation_log_url(organisation):
    return reverse("stakeholders:organisation-interaction-create", args=[organisation.pk])


def done_url(interaction):
    return reverse("stakeholders:interaction-follow-up-done", args=[interaction.pk])


def entry(**overrides):
    data = {
        "kind": InteractionKind.PHONED,
        "occurred_on": "2026-11-20",
        "summary": "Agreed to share the survey with the tenants' association.",
        "follow_up_on": "2026-12-01",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def interaction(user, *, follow_up_on=None, done=False, contact=None, **fields):
    """An entry logged by ``user`` a month ago (about a new contact unless ``contact`` or
    ``organisation`` is given)."""
    if contact is None and "organisation" not in fields:
        contact = ContactFactory()
    return Interaction.objects.create(
        contact=contact,
        kind=InteractionKind.MET,
        occurred_on=TODAY - datetime.timedelta(days=30),
        summary=fields.pop("summary", "Talked about the ward panel."),
        logged_by=user,
        follow_up_on=follow_up_on,
        follow_up_done_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) if done else None,
        **fields,
    )


@pytest.fixture
def local_contact(ward):
    return ContactFactory(name="Lena Local", home_ward=ward, home_borough=ward.borough)


@pytest.fixture
def faraway_contact(other_ward):
    return ContactFactory(
        name="Ferdinand Faraway", home_ward=other_ward, home_borough=other_ward.borough
    )


# Logging -------------------------------------------------------------------------------


def test_unit_staff_log_an_interaction_with_a_contact(client, unit_staff, local_contact):
    client.force_login(unit_staff)
    response = client.post(contact_log_url(local_contact), entry())
    assert response.status_code == 302
    assert response["Location"] == local_contact.get_absolute_url()
    logged = Interaction.objects.get()
    assert logged.contact == local_contact
    assert logged.organisation is None
    assert logged.logged_by == unit_staff
    assert logged.kind == InteractionKind.PHONED
    assert logged.occurred_on == datetime.date(2026, 11, 20)
    assert logged.follow_up_on == datetime.date(2026, 12, 1)


def test_unit_staff_log_an_interaction_with_an_organisation_and_see_it_in_its_log(
    client, unit_staff
):
    organisation = OrganisationFactory(name="Harlesden Mosque")
    client.force_login(unit_staff)
    detail = client.get(organisation.get_absolute_url()).content.decode()
    assert f'href="{organisation_log_url(organisation)}"' in detail
    response = client.post(
        organisation_log_url(organisation),
        entry(kind=InteractionKind.ATTENDED, summary="Attended Friday open day.", follow_up_on=""),
    )
    assert response.status_code == 302
    logged = Interaction.objects.get()
    assert logged.organisation == organisation
    assert logged.logged_by == unit_staff
    assert logged.follow_up_on is None

    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Attended Friday open day." in page
    assert "20 Nov 2026" in page
    assert unit_staff.full_name in page


def test_a_sergeant_logs_an_interaction_with_a_contact_in_their_ward(
    client, sergeant, local_contact
):
    client.force_login(sergeant)
    response = client.post(contact_log_url(local_contact), entry())
    assert response.status_code == 302
    assert Interaction.objects.get().logged_by == sergeant


def test_a_sergeant_cannot_log_against_contacts_outside_their_wards_or_organisations(
    client, sergeant, faraway_contact
):
    organisation = OrganisationFactory()
    client.force_login(sergeant)
    assert client.get(contact_log_url(faraway_contact)).status_code == 404
    assert client.post(contact_log_url(faraway_contact), entry()).status_code == 404
    assert client.get(organisation_log_url(organisation)).status_code == 403
    assert client.post(organisation_log_url(organisation), entry()).status_code == 403
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert organisation_log_url(organisation) not in page
    assert not Interaction.objects.exists()


def test_authority_members_and_visitors_cannot_log(client, authority_member, local_contact):
    organisation = OrganisationFactory()
    for url in (contact_log_url(local_contact), organisation_log_url(organisation)):
        response = client.post(url, entry())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    client.force_login(authority_member)
    for url in (contact_log_url(local_contact), organisation_log_url(organisation), FOLLOW_UPS):
        assert client.get(url).status_code == 403
    assert client.post(contact_log_url(local_contact), entry()).status_code == 403
    assert not Interaction.objects.exists()


def test_an_interaction_cannot_be_logged_before_it_happens(client, unit_staff, local_contact):
    client.force_login(unit_staff)
    response = client.post(
        contact_log_url(local_contact), entry(occurred_on="2026-11-24", follow_up_on="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_occurred_on"' in page
    assert "this date is to come" in page
    assert "Agreed to share the survey" in page  # what was typed is kept
    assert not Interaction.objects.exists()


def test_a_follow_up_cannot_be_due_before_the_interaction(client, unit_staff, local_contact):
    client.force_login(unit_staff)
    response = client.post(contact_log_url(local_contact), entry(follow_up_on="2026-11-19"))
    assert response.status_code == 200
    assert 'id="error_1_id_follow_up_on"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_summary_and_kind_are_required(client, unit_staff, local_contact):
    client.force_login(unit_staff)
    response = client.post(contact_log_url(local_contact), entry(summary="", kind=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_summary"' in page
    assert "error_1_id_kind" in page
    assert not Interaction.objects.exists()


# Follow-ups --------------------------------------------------------------------------


def test_the_follow_up_list_shows_only_my_own_due_follow_ups_most_overdue_first(
    client, unit_staff, administrator
):
    overdue = interaction(
        unit_staff, follow_up_on=TODAY - datetime.timedelta(days=3), summary="Send the minutes"
    )
    due_today = interaction(unit_staff, follow_up_on=TODAY, summary="Ring back about venue")
    interaction(unit_staff, follow_up_on=TODAY + datetime.timedelta(days=1), summary="Not yet")
    interaction(
        unit_staff,
        follow_up_on=TODAY - datetime.timedelta(days=9),
        done=True,
        summary="Already done",
    )
    interaction(unit_staff, summary="No follow-up at all")
    interaction(administrator, follow_up_on=TODAY, summary="Someone else's")
    client.force_login(unit_staff)
    response = client.get(FOLLOW_UPS)
    assert response.status_code == 200
    assert response.context["follow_ups"] == [overdue, due_today]
    page = response.content.decode()
    assert page.index("Send the minutes") < page.index("Ring back about venue")
    assert "Overdue" in page and "Due today" in page
    for hidden in ("Not yet", "Already done", "No follow-up at all", "Someone else&#x27;s"):
        assert hidden not in page
    assert done_url(overdue) in page


def test_i_mark_my_follow_up_done_and_it_leaves_the_list(client, unit_staff):
    item = interaction(unit_staff, follow_up_on=TODAY, summary="Ring back about venue")
    client.force_login(unit_staff)
    response = client.post(done_url(item))
    assert response.status_code == 302
    assert response["Location"] == FOLLOW_UPS
    item.refresh_from_db()
    assert item.follow_up_done_at is not None
    assert "Ring back about venue" not in client.get(FOLLOW_UPS).content.decode()


def test_marking_done_returns_to_the_page_it_came_from_only_on_this_site(client, unit_staff):
    organisation = OrganisationFactory()
    first = interaction(unit_staff, follow_up_on=TODAY, organisation=organisation)
    second = interaction(unit_staff, follow_up_on=TODAY)
    client.force_login(unit_staff)
    back = organisation.get_absolute_url()
    assert client.post(done_url(first), {"next": back})["Location"] == back
    response = client.post(done_url(second), {"next": "https://evil.example/"})
    assert response["Location"] == FOLLOW_UPS


def test_nobody_else_can_mark_my_follow_up_done(client, unit_staff, administrator):
    item = interaction(unit_staff, follow_up_on=TODAY)
    client.force_login(administrator)
    assert client.post(done_url(item)).status_code == 404
    item.refresh_from_db()
    assert item.follow_up_done_at is None


def test_marking_done_needs_a_post(client, unit_staff):
    item = interaction(unit_staff, follow_up_on=TODAY)
    client.force_login(unit_staff)
    assert client.get(done_url(item)).status_code == 405
    item.refresh_from_db()
    assert item.follow_up_done_at is None


def test_a_sergeant_has_their_own_follow_ups(client, sergeant, local_contact):
    item = interaction(sergeant, follow_up_on=TODAY, contact=local_contact)
    client.force_login(sergeant)
    page = client.get(FOLLOW_UPS).content.decode()
    assert "Lena Local" in page
    assert reverse("stakeholders:contact-detail", args=[local_contact.pk]) in page
    assert client.post(done_url(item)).status_code == 302


def test_a_follow_up_about_a_contact_who_moved_away_does_not_name_them(
    client, sergeant, faraway_contact
):
    interaction(sergeant, follow_up_on=TODAY, contact=faraway_contact)
    client.force_login(sergeant)
    page = client.get(FOLLOW_UPS).content.decode()
    assert "Ferdinand Faraway" not in page
    assert "A contact you can no longer see" in page


def test_the_log_offers_done_only_to_whoever_logged_the_follow_up(client, unit_staff):
    organisation = OrganisationFactory()
    other = UserFactory(roles=[Role.UNIT_STAFF])
    mine = interaction(unit_staff, follow_up_on=TODAY, organisation=organisation)
    theirs = interaction(other, follow_up_on=TODAY, organisation=organisation)
    client.force_login(unit_staff)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert done_url(mine) in page
    assert done_url(theirs) not in page
    assert "Follow up by 23 Nov 2026" in page
