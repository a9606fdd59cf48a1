"""Merging duplicates keeps every link, consent record and history entry of both records,
takes the chosen value per field, and is all or nothing."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from areas.factories import BoroughFactory, WardFactory
from stakeholders import personal_data
from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import (
    Community,
    ConsentRecord,
    Contact,
    EqualityProfile,
    Interaction,
    Membership,
    Organisation,
    OutreachRecord,
    StaticList,
    StaticListMember,
    Topic,
)
from stakeholders.services.consent import consent_record
from stakeholders.services.merge import contacts_merge, organisations_merge
from stakeholders.services.outreach import outreach_record

pytestmark = pytest.mark.django_db

ContactEvent = apps.get_model("stakeholders", "ContactEvent")
MembershipEvent = apps.get_model("stakeholders", "MembershipEvent")
OrganisationEvent = apps.get_model("stakeholders", "OrganisationEvent")


class RecordingProvider:
    """A stand-in for a lower app (consultations, feedback) holding data about contacts."""

    label = "Invitations"

    def __init__(self):
        self.merged = []

    def export(self, contact):
        return []

    def erase(self, contact):
        pass

    def merge(self, *, winner, loser):
        self.merged.append((winner.pk, loser.pk))


@pytest.fixture
def provider(monkeypatch):
    recording = RecordingProvider()
    monkeypatch.setattr(personal_data, "_providers", [recording])
    return recording


def event_ids(contact) -> set[int]:
    return set(ContactEvent.objects.filter(pgh_obj_id=contact.pk).values_list("pgh_id", flat=True))


@pytest.fixture
def pair(unit_staff):
    """Two records of one man, each with links of every kind."""
    winner = ContactFactory(
        name="Jonathan Okafor", email="jon@example.org", job_title="", consent=["email"]
    )
    loser = ContactFactory(
        name="Jonathon Okafor", email="j.okafor@example.org", job_title="", consent=["post"]
    )
    loser.job_title = "Youth worker"
    loser.save()  # a history entry beyond the insert

    only_loser_org = OrganisationFactory(name="Hackney Tenants Federation")
    shared_org = OrganisationFactory(name="Dalston Youth Forum")
    only_winner_org = OrganisationFactory(name="Hoxton Traders")
    MembershipFactory(contact=loser, organisation=only_loser_org, role="Chair")
    winner_shared = MembershipFactory(contact=winner, organisation=shared_org, role="")
    loser_shared = MembershipFactory(contact=loser, organisation=shared_org, role="Treasurer")
    MembershipFactory(contact=winner, organisation=only_winner_org, role="Member")

    Interaction.objects.create(
        contact=winner, kind="met", summary="Met at the ward panel", logged_by=unit_staff
    )
    Interaction.objects.create(
        contact=loser, kind="phoned", summary="Phoned about the survey", logged_by=unit_staff
    )
    both_list = StaticList.objects.create(name="Hackney panel invitees")
    loser_list = StaticList.objects.create(name="Youth workers")
    for static_list, contact in ((both_list, winner), (both_list, loser), (loser_list, loser)):
        StaticListMember.objects.create(static_list=static_list, contact=contact)
    outreach_record(contact=winner, channel=Channel.EMAIL, description="Invited to panel")
    outreach_record(contact=loser, channel=Channel.POST, description="Invited to survey")
    led = OrganisationFactory(name="Led by him", single_point_of_contact=loser)
    EqualityProfile.objects.create(contact=loser, age_band="25_34")
    knife, stop_search = (
        Topic.objects.create(name="Merge test: knife crime"),
        Topic.objects.create(name="Merge test: stop and search"),
    )
    winner.topics.add(knife)
    loser.topics.add(stop_search)
    return {
        "winner": winner,
        "loser": loser,
        "orgs": (only_loser_org, shared_org, only_winner_org),
        "winner_shared": winner_shared,
        "loser_shared": loser_shared,
        "lists": (both_list, loser_list),
        "led": led,
        "topics": {knife, stop_search},
    }


def test_merge_keeps_every_link_of_both_records(pair, unit_staff, provider):
    winner, loser = pair["winner"], pair["loser"]
    only_loser_org, shared_org, only_winner_org = pair["orgs"]
    history_before = event_ids(winner) | event_ids(loser)
    shared_membership_history = set(
        MembershipEvent.objects.filter(
            pgh_obj_id__in=[pair["winner_shared"].pk, pair["loser_shared"].pk]
        ).values_list("pgh_id", flat=True)
    )

    merged = contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    assert merged.pk == winner.pk
    assert not Contact.objects.filter(pk=loser.pk).exists()
    # Memberships: all three organisations, one membership where both belonged, with a role.
    assert {(m.organisation, m.role) for m in Membership.objects.filter(contact=winner)} == {
        (only_loser_org, "Chair"),
        (shared_org, "Treasurer"),
        (only_winner_org, "Member"),
    }
    assert not Membership.objects.filter(pk=pair["loser_shared"].pk).exists()
    # Consent records: both kept, and both channels' consent now on the one record.
    assert ConsentRecord.objects.filter(contact=winner).count() == 2
    assert (merged.email_consent, merged.post_consent) == (True, True)
    # Interactions, outreach, lists, the organisation he leads, equality data, topics.
    assert set(Interaction.objects.filter(contact=winner).values_list("summary", flat=True)) == {
        "Met at the ward panel",
        "Phoned about the survey",
    }
    assert OutreachRecord.objects.filter(contact=winner).count() == 2
    assert set(winner.lists.all()) == set(pair["lists"])
    assert StaticListMember.objects.filter(static_list=pair["lists"][0]).count() == 1
    pair["led"].refresh_from_db()
    assert pair["led"].single_point_of_contact == winner
    assert EqualityProfile.objects.get(contact=winner).age_band == "25_34"
    assert set(winner.topics.all()) == pair["topics"]
    # History: every entry of both, now the winner's, plus the merge itself.
    history_after = event_ids(winner)
    assert history_before < history_after
    assert len(history_after - history_before) == 1
    assert (
        set(
            MembershipEvent.objects.filter(pgh_obj_id=pair["winner_shared"].pk).values_list(
                "pgh_id", flat=True
            )
        )
        >= shared_membership_history
    )
    assert not MembershipEvent.objects.filter(contact_id=loser.pk).exists()
    assert not MembershipEvent.objects.filter(pgh_label="delete").exists()
    # And the apps below were asked to move theirs.
    assert provider.merged == [(winner.pk, loser.pk)]


def test_the_merge_is_recorded_in_the_winners_history(pair, unit_staff):
    winner, loser = pair["winner"], pair["loser"]
    before = event_ids(winner) | event_ids(loser)

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    (merge_event_id,) = event_ids(winner) - before
    merge_event = ContactEvent.objects.get(pgh_id=merge_event_id)
    context = Context.objects.get(pk=merge_event.pgh_context_id)
    assert context.metadata["merged_contact"] == loser.pk
    assert context.metadata["user"] == unit_staff.pk


def test_each_field_takes_the_value_chosen(unit_staff):
    winner = ContactFactory(
        name="J Okafor", email="old@example.org", phone="+442079460001", town="London"
    )
    loser = ContactFactory(
        name="Jonathan Okafor", email="NEW@example.org", phone="+442079460002", town="Hackney"
    )

    merged = contacts_merge(
        winner=winner,
        loser=loser,
        field_choices={"name": "loser", "email": "loser", "phone": "winner"},
        acting_user=unit_staff,
    )

    merged.refresh_from_db()
    assert merged.name == "Jonathan Okafor"
    assert merged.email == "new@example.org"
    assert str(merged.phone.as_e164) == "+442079460001"
    assert merged.town == "London"  # not chosen: the winner's stays


def _consent(contact, channel, granted, days_ago):
    record = consent_record(
        contact=contact, channel=channel, granted=granted, method="email", acting_user=None
    )
    ConsentRecord.objects.filter(pk=record.pk).update(
        recorded_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.mark.parametrize(
    ("winner_says", "loser_says", "expected"),
    [
        ((True, 30), (False, 1), False),  # the loser withdrew after the winner agreed
        ((False, 30), (True, 1), True),  # the loser agreed after the winner withdrew
        ((False, 1), (True, 30), False),  # the winner's withdrawal is the latest
    ],
)
def test_consent_after_a_merge_follows_the_latest_statement(
    unit_staff, winner_says, loser_says, expected
):
    winner, loser = ContactFactory(), ContactFactory()
    _consent(winner, Channel.EMAIL, *winner_says)
    _consent(loser, Channel.EMAIL, *loser_says)

    merged = contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    merged.refresh_from_db()
    assert merged.email_consent is expected
    assert merged.consent_records.count() == 2


def test_a_withdrawal_newer_than_the_grant_stays_withdrawn_whoever_is_kept(unit_staff):
    agreed, withdrew = ContactFactory(), ContactFactory()
    _consent(agreed, Channel.EMAIL, True, 10)
    _consent(withdrew, Channel.EMAIL, True, 20)
    _consent(withdrew, Channel.EMAIL, False, 2)

    merged = contacts_merge(winner=agreed, loser=withdrew, field_choices={}, acting_user=unit_staff)

    merged.refresh_from_db()
    assert merged.email_consent is False


def test_an_objection_to_equality_monitoring_survives_the_merge(unit_staff):
    winner, loser = ContactFactory(), ContactFactory()
    EqualityProfile.objects.create(contact=winner, age_band="25_34")
    EqualityProfile.objects.create(contact=loser, objected=True)

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    profile = EqualityProfile.objects.get(contact=winner)
    assert profile.objected is True
    assert profile.age_band == ""


def test_the_winners_equality_answers_are_kept_when_both_have_some(unit_staff):
    winner, loser = ContactFactory(), ContactFactory()
    EqualityProfile.objects.create(contact=winner, age_band="25_34")
    EqualityProfile.objects.create(contact=loser, age_band="65_plus")

    contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)

    assert list(EqualityProfile.objects.values_list("contact", "age_band")) == [
        (winner.pk, "25_34")
    ]


# --- all or nothing ----------------------------------------------------------------------


def snapshot(*contacts):
    """Everything a failed merge must leave as it was."""
    ids = [contact.pk for contact in contacts]
    return {
        "contacts": list(Contact.objects.filter(pk__in=ids).order_by("pk").values()),
        "memberships": set(Membership.objects.values_list("pk", "contact_id", "role")),
        "consent": set(ConsentRecord.objects.values_list("pk", "contact_id")),
        "interactions": set(Interaction.objects.values_list("pk", "contact_id")),
        "events": set(ContactEvent.objects.values_list("pgh_id", "pgh_obj_id")),
        "lists": set(StaticListMember.objects.values_list("pk", "contact_id")),
        "spoc": set(Organisation.objects.values_list("pk", "single_point_of_contact_id")),
    }


@pytest.mark.parametrize(
    ("loser_fields", "field_choices", "error_field"),
    [
        # The loser's ward is in another borough than the winner's borough, kept.
        ({"ward_elsewhere": True}, {"home_ward": "loser"}, "home_ward"),
        # Do not contact without its reason.
        (
            {"do_not_contact": True, "do_not_contact_reason": "Asked"},
            {"do_not_contact": "loser"},
            None,
        ),
    ],
)
def test_an_invalid_result_changes_nothing(
    pair, unit_staff, provider, loser_fields, field_choices, error_field
):
    winner, loser = pair["winner"], pair["loser"]
    home, elsewhere = BoroughFactory(), BoroughFactory()
    Contact.objects.filter(pk=winner.pk).update(home_borough=home)
    if loser_fields.pop("ward_elsewhere", False):
        ward = WardFactory(borough=elsewhere)
        loser_fields.update(home_borough=elsewhere, home_ward=ward)
    Contact.objects.filter(pk=loser.pk).update(**loser_fields)
    winner.refresh_from_db()
    loser.refresh_from_db()
    before = snapshot(winner, loser)

    with pytest.raises(ValidationError) as raised:
        contacts_merge(
            winner=winner, loser=loser, field_choices=field_choices, acting_user=unit_staff
        )

    if error_field:
        assert error_field in raised.value.message_dict
    assert snapshot(winner, loser) == before
    assert provider.merged == []


def test_a_failing_provider_undoes_the_whole_merge(pair, unit_staff, monkeypatch):
    class Failing(RecordingProvider):
        def merge(self, *, winner, loser):
            raise ValidationError("The invitations could not be moved.")

    monkeypatch.setattr(personal_data, "_providers", [Failing()])
    before = snapshot(pair["winner"], pair["loser"])

    with pytest.raises(ValidationError):
        contacts_merge(
            winner=pair["winner"], loser=pair["loser"], field_choices={}, acting_user=unit_staff
        )

    assert snapshot(pair["winner"], pair["loser"]) == before


def test_a_link_nothing_moved_stops_the_merge_instead_of_being_deleted(
    pair, unit_staff, monkeypatch
):
    class Forgetful(RecordingProvider):
        """Leaves a row pointing at the loser, as an app that forgot a table would."""

        def merge(self, *, winner, loser):
            Interaction.objects.create(
                contact=loser, kind="wrote", summary="Left behind", logged_by=unit_staff
            )

    monkeypatch.setattr(personal_data, "_providers", [Forgetful()])

    with pytest.raises(ValidationError, match="interactions"):
        contacts_merge(
            winner=pair["winner"], loser=pair["loser"], field_choices={}, acting_user=unit_staff
        )

    assert Contact.objects.filter(pk=pair["loser"].pk).exists()
    assert not Interaction.objects.filter(summary="Left behind").exists()


def test_a_link_with_no_reverse_name_stops_the_merge_too(pair, unit_staff, monkeypatch):
    """MeetingSummary.contact has related_name="+": the guard still sees it."""
    from consultations.factories import EventFactory
    from consultations.models import MeetingSummary

    MeetingSummary.objects.create(meeting=EventFactory(), contact=pair["loser"])
    monkeypatch.setattr(personal_data, "_providers", [])  # nothing knows how to move it

    with pytest.raises(ValidationError, match="meeting summary"):
        contacts_merge(
            winner=pair["winner"], loser=pair["loser"], field_choices={}, acting_user=unit_staff
        )

    assert MeetingSummary.objects.filter(contact=pair["loser"]).exists()


def test_a_record_cannot_be_merged_with_itself(unit_staff):
    contact = ContactFactory()

    with pytest.raises(ValidationError, match="itself"):
        contacts_merge(winner=contact, loser=contact, field_choices={}, acting_user=unit_staff)

    assert Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize(
    "field_choices", [{"email_consent": "loser"}, {"name": "both"}, {"erased_at": "loser"}]
)
def test_only_known_fields_and_sides_can_be_chosen(unit_staff, field_choices):
    winner, loser = ContactFactory(), ContactFactory()

    with pytest.raises(ValidationError):
        contacts_merge(
            winner=winner, loser=loser, field_choices=field_choices, acting_user=unit_staff
        )

    assert Contact.objects.count() == 2


def test_an_erased_contact_cannot_be_merged(unit_staff):
    winner, loser = ContactFactory(), ContactFactory()
    Contact.objects.filter(pk=loser.pk).update(erased_at=timezone.now())

    with pytest.raises(ValidationError, match="erased"):
        contacts_merge(winner=winner, loser=loser, field_choices={}, acting_user=unit_staff)


# --- organisations ------------------------------------------------------------------------


def test_organisation_merge_keeps_members_children_interactions_and_areas(unit_staff):
    boroughs = BoroughFactory(), BoroughFactory()
    communities = list(Community.objects.all()[:2])
    winner_lead, loser_lead = ContactFactory(), ContactFactory()
    winner = OrganisationFactory(
        name="Brixton Youth Forum",
        website="https://byf.org.uk",
        single_point_of_contact=winner_lead,
    )
    loser = OrganisationFactory(
        name="The Brixton Youth Forum Ltd",
        email="hello@byf.org.uk",
        single_point_of_contact=loser_lead,
    )
    winner.boroughs.add(boroughs[0])
    loser.boroughs.add(boroughs[1])
    winner.communities.add(communities[0])
    loser.communities.add(communities[1])
    winner_member, loser_member, both = ContactFactory(), ContactFactory(), ContactFactory()
    MembershipFactory(organisation=winner, contact=winner_member, role="Member")
    MembershipFactory(organisation=loser, contact=loser_member, role="Secretary")
    MembershipFactory(organisation=winner, contact=both, role="")
    MembershipFactory(organisation=loser, contact=both, role="Chair")
    child = OrganisationFactory(name="Brixton Youth Forum Junior Section", parent=loser)
    Interaction.objects.create(
        organisation=loser, kind="met", summary="Planning meeting", logged_by=unit_staff
    )
    history_before = set(
        OrganisationEvent.objects.filter(pgh_obj_id__in=[winner.pk, loser.pk]).values_list(
            "pgh_id", flat=True
        )
    )

    merged = organisations_merge(
        winner=winner,
        loser=loser,
        field_choices={"single_point_of_contact": "loser", "email": "loser"},
        acting_user=unit_staff,
    )

    merged.refresh_from_db()
    assert not Organisation.objects.filter(pk=loser.pk).exists()
    assert merged.name == "Brixton Youth Forum"
    assert merged.email == "hello@byf.org.uk"
    assert merged.website == "https://byf.org.uk"
    assert merged.single_point_of_contact == loser_lead
    assert {(m.contact, m.role) for m in merged.memberships.all()} == {
        (winner_member, "Member"),
        (loser_member, "Secretary"),
        (both, "Chair"),
    }
    child.refresh_from_db()
    assert child.parent == merged
    assert list(merged.interactions.values_list("summary", flat=True)) == ["Planning meeting"]
    assert set(merged.boroughs.all()) == set(boroughs)
    assert set(merged.communities.all()) == set(communities)
    history_after = set(
        OrganisationEvent.objects.filter(pgh_obj_id=merged.pk).values_list("pgh_id", flat=True)
    )
    assert history_before < history_after


def test_an_organisation_cannot_become_its_own_umbrella_body(unit_staff):
    umbrella = OrganisationFactory(name="Lambeth Voluntary Action")
    member = OrganisationFactory(name="Lambeth Voluntary Action Youth", parent=umbrella)

    with pytest.raises(ValidationError) as raised:
        organisations_merge(winner=member, loser=umbrella, field_choices={}, acting_user=unit_staff)

    assert "parent" in raised.value.message_dict
    assert Organisation.objects.count() == 2

    merged = organisations_merge(
        winner=member, loser=umbrella, field_choices={"parent": "loser"}, acting_user=unit_staff
    )
    merged.refresh_from_db()
    assert merged.parent is None


# --- the review page ----------------------------------------------------------------------


def merge_url(kind, first, second):
    return reverse("stakeholders:duplicate-merge", args=[kind, first.pk, second.pk])


def choices_on_page(client, url, **chosen):
    """What the page's radio buttons submit as they stand, with ``chosen`` changed."""
    form = client.get(url).context["form"]
    return {name: form[name].value() for name in form.fields} | chosen


def test_the_review_page_shows_both_records_side_by_side(client, pair, unit_staff):
    client.force_login(unit_staff)

    response = client.get(merge_url("contact", pair["winner"], pair["loser"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Jonathan Okafor" in page
    assert "Jonathon Okafor" in page
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["name"].differs and rows["name"].choosable
    assert not rows["town"].differs and not rows["town"].choosable
    assert 'name="name"' in page
    assert 'name="town"' not in page
    assert "<strong>Different</strong>" in page  # said in words, not only by colour
    assert "Hackney Tenants Federation (Chair)" in page  # record B's memberships
    assert "History entries" in page
    assert "Equality monitoring answers" not in page  # not without the permission


def test_the_equality_row_is_shown_to_those_who_may_see_equality_data(client, pair, unit_staff):
    unit_staff.user_permissions.add(Permission.objects.get(codename="view_equalityprofile"))
    client.force_login(unit_staff)

    response = client.get(merge_url("contact", pair["winner"], pair["loser"]))

    equality = next(
        row
        for row in response.context["link_rows"]
        if row["label"] == "Equality monitoring answers"
    )
    assert (equality["first"], equality["second"]) == (["None held"], ["Held"])


def test_merging_from_the_page_keeps_the_chosen_record_and_values(client, pair, unit_staff):
    winner, loser = pair["winner"], pair["loser"]
    client.force_login(unit_staff)

    url = merge_url("contact", winner, loser)
    data = choices_on_page(
        client, url, keep="second", name="first", email="second", job_title="second"
    )

    response = client.post(url, data, follow=True)

    assert (
        response.redirect_chain[-1][0] == reverse("stakeholders:duplicate-list") + "?kind=contact"
    )
    assert "Merged" in response.content.decode()
    assert not Contact.objects.filter(pk=winner.pk).exists()
    kept = Contact.objects.get(pk=loser.pk)
    assert kept.name == "Jonathan Okafor"
    assert kept.email == "j.okafor@example.org"
    assert kept.job_title == "Youth worker"
    assert kept.memberships.count() == 3


def test_an_invalid_choice_on_the_page_merges_nothing_and_says_why(client, unit_staff):
    home, elsewhere = BoroughFactory(), BoroughFactory()
    first = ContactFactory(name="Grace Mensah", home_borough=home)
    second = ContactFactory(
        name="Grace Mensah", home_borough=elsewhere, home_ward=WardFactory(borough=elsewhere)
    )
    client.force_login(unit_staff)

    url = merge_url("contact", first, second)
    data = choices_on_page(client, url, keep="first", home_borough="first", home_ward="second")

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was merged" in page
    assert "This ward is not in the home borough chosen." in page
    assert response.context["form"]["home_ward"].value() == "second"  # what was chosen stays
    assert Contact.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_organisations_are_merged_from_their_own_page(client, administrator):
    first = OrganisationFactory(name="Camden Faith Forum", email="info@camdenfaith.org.uk")
    second = OrganisationFactory(name="Faith Forum for Camden", email="info@camdenfaith.org.uk")
    MembershipFactory(organisation=second)
    client.force_login(administrator)

    url = merge_url("organisation", first, second)
    page = client.get(url)
    response = client.post(url, choices_on_page(client, url, keep="first"))

    assert page.status_code == 200
    assert "Members" in page.content.decode()
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=second.pk).exists()
    assert first.memberships.count() == 1


def test_merging_a_record_with_itself_is_refused(client, unit_staff):
    contact = ContactFactory()
    client.force_login(unit_staff)

    response = client.post(merge_url("contact", contact, contact), {"keep": "first"})

    assert response.status_code == 400
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_unknown_erased_or_wrong_kind_records_are_not_found(client, unit_staff):
    first, second, erased = ContactFactory(), ContactFactory(), ContactFactory()
    Contact.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    client.force_login(unit_staff)

    assert client.get(merge_url("contact", first, erased)).status_code == 404
    missing = reverse("stakeholders:duplicate-merge", args=["contact", first.pk, second.pk + 999])
    assert client.get(missing).status_code == 404
    wrong_kind = reverse("stakeholders:duplicate-merge", args=["person", first.pk, second.pk])
    assert client.get(wrong_kind).status_code == 404


@pytest.mark.parametrize("role_fixture", ["sergeant", "authority_member"])
def test_only_unit_staff_and_administrators_may_merge(client, request, ward, role_fixture):
    first = ContactFactory(home_ward=ward)
    second = ContactFactory(home_ward=ward)
    client.force_login(request.getfixturevalue(role_fixture))

    page = client.get(merge_url("contact", first, second))
    post = client.post(merge_url("contact", first, second), {"keep": "first"})

    assert page.status_code == 403
    assert post.status_code == 403
    assert Contact.objects.count() == 2


def test_anonymous_visitors_are_sent_to_sign_in_from_the_merge_page(client):
    first, second = ContactFactory(), ContactFactory()

    response = client.post(merge_url("contact", first, second), {"keep": "first"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert Contact.objects.count() == 2
