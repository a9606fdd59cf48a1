"""Audiences: each person once, only those engage may contact, and the report before sending."""

from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.contact_rules import Reason
from stakeholders.factories import ContactFactory
from stakeholders.models import Audience, Contact, OutreachRecord, StaticListMember
from stakeholders.selectors.audiences import (
    SAME_ADDRESS,
    SAME_PERSON,
    audience_recipients,
    audience_resolve,
)
from stakeholders.services.consent import consent_record
from stakeholders.services.lists import audience_create, segment_create, static_list_create
from stakeholders.services.outreach import outreach_record

pytestmark = pytest.mark.django_db


def a_segment(user, name="Segment", **filters):
    return segment_create(name=name, filters=filters, acting_user=user)


def a_list(user, *contacts, name="List"):
    static_list = static_list_create(name=name, acting_user=user)
    for contact in contacts:
        StaticListMember.objects.create(static_list=static_list, contact=contact)
    return static_list


def an_audience(user, *, channel=Channel.EMAIL, segments=(), static_lists=(), name="Audience"):
    return audience_create(
        name=name,
        channel=channel,
        segments=segments,
        static_lists=static_lists,
        acting_user=user,
    )


def names(contacts):
    return [contact.name for contact in contacts]


@pytest.fixture
def statutory_in_ward(ward):
    """One person matched by two segments (their ward; statutory consultees)."""
    return ContactFactory(
        name="Stella Statutory",
        home_ward=ward,
        home_borough=ward.borough,
        category=ConsulteeCategory.STATUTORY,
        consent=[Channel.EMAIL],
    )


# Each person once ------------------------------------------------------------------------


def test_a_person_in_two_segments_and_a_list_is_in_the_audience_once(
    unit_staff, ward, statutory_in_ward
):
    neighbour = ContactFactory(
        name="Ned Neighbour", home_ward=ward, home_borough=ward.borough, consent=[Channel.EMAIL]
    )
    by_ward = a_segment(unit_staff, "In the ward", ward=str(ward.pk))
    statutory = a_segment(unit_staff, "Statutory", category=ConsulteeCategory.STATUTORY)
    hand_picked = a_list(unit_staff, statutory_in_ward)
    audience = an_audience(unit_staff, segments=[by_ward, statutory], static_lists=[hand_picked])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Ned Neighbour", "Stella Statutory"]
    assert names(result.recipient_pages()[0:10]) == ["Ned Neighbour", "Stella Statutory"]
    assert audience_recipients(audience, user=unit_staff) == sorted(
        [neighbour.pk, statutory_in_ward.pk]
    )
    assert result.total_before == 4  # Stella found three times, Ned once
    assert result.people_matched == 2
    assert result.removed[SAME_PERSON] == 2
    assert result.remaining == 2
    assert names(result.removed_people("the-same-person-in-more-than-one-segment-or-list")) == [
        "Stella Statutory"
    ]


def test_two_contacts_sharing_an_email_address_are_emailed_once(unit_staff):
    first = ContactFactory(name="Ann First", email="family@example.org", consent=[Channel.EMAIL])
    ContactFactory(name="Bob Second", email=" Family@Example.org", consent=[Channel.EMAIL])
    audience = an_audience(unit_staff, segments=[a_segment(unit_staff, consent="email")])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert [contact.pk for contact in result.recipients] == [first.pk]  # the lower id is kept
    assert result.removed[SAME_ADDRESS[Channel.EMAIL]] == 1
    assert result.removed["same email address"] == 1
    assert names(result.removed_people("same-email-address")) == ["Bob Second"]


def test_the_one_kept_for_a_shared_email_is_one_who_may_be_emailed(unit_staff):
    """Dropping a shared address's holder without consent must not lose the one with it."""
    withdrawn = ContactFactory(name="Will Withdrawn", email="home@example.org")
    consenting = ContactFactory(name="Cara Consenting", email="home@example.org")
    consent_record(
        contact=consenting, channel="email", granted=True, method="email", acting_user=unit_staff
    )
    audience = an_audience(unit_staff, static_lists=[a_list(unit_staff, withdrawn, consenting)])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Cara Consenting"]
    assert names(result.removed_people("same-email-address")) == ["Will Withdrawn"]
    assert withdrawn.pk < consenting.pk  # so the lowest id alone would have kept the wrong one


def test_the_most_recently_verified_is_kept_for_a_shared_email(unit_staff):
    ContactFactory(name="Old Record", email="x@example.org", last_verified=date(2020, 1, 1))
    ContactFactory(name="New Record", email="x@example.org", last_verified=date(2026, 1, 1))
    for contact in Contact.objects.all():
        consent_record(
            contact=contact, channel="email", granted=True, method="email", acting_user=None
        )
    audience = an_audience(unit_staff, segments=[a_segment(unit_staff, consent="email")])

    assert names(audience_resolve(audience=audience, user=unit_staff).recipients) == ["New Record"]


def test_people_at_the_same_postal_address_get_one_letter(unit_staff):
    ContactFactory(
        name="Pat Post", address_line_1="12 High Street", postcode="N1 9GU", consent=["post"]
    )
    ContactFactory(
        name="Sam Same", address_line_1="12, high street ", postcode="n19gu", consent=["post"]
    )
    ContactFactory(
        name="Nora Next", address_line_1="14 High Street", postcode="N1 9GU", consent=["post"]
    )
    audience = an_audience(
        unit_staff, channel=Channel.POST, segments=[a_segment(unit_staff, consent="post")]
    )

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Nora Next", "Pat Post"]
    assert result.removed["same postal address"] == 1


def test_people_sharing_a_phone_number_are_phoned_once(unit_staff):
    ContactFactory(name="Phil Phone", phone="+442079460000", consent=["phone"])
    ContactFactory(name="Phoebe Phone", phone="+442079460000", consent=["phone"])
    audience = an_audience(
        unit_staff, channel=Channel.PHONE, segments=[a_segment(unit_staff, consent="phone")]
    )

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Phil Phone"]
    assert result.removed["same phone number"] == 1


# The contact rules -----------------------------------------------------------------------


def test_a_contact_without_email_consent_never_appears_in_an_email_audience(unit_staff):
    ContactFactory(name="Ellie Email", consent=[Channel.EMAIL])
    ContactFactory(name="Percy Postonly", consent=[Channel.POST])
    everyone = a_list(unit_staff, *Contact.objects.all())
    audience = an_audience(unit_staff, static_lists=[everyone])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Ellie Email"]
    assert result.removed[Reason.NO_CONSENT] == 1
    assert names(result.removed_people("no-consent-for-this-channel")) == ["Percy Postonly"]


def test_withdrawal_removes_the_person_from_the_audience_at_once(unit_staff):
    contact = ContactFactory(name="Wendy Withdraws", consent=[Channel.EMAIL])
    audience = an_audience(unit_staff, static_lists=[a_list(unit_staff, contact)])
    assert audience_recipients(audience, user=unit_staff) == [contact.pk]

    consent_record(
        contact=contact, channel="email", granted=False, method="email", acting_user=unit_staff
    )

    assert audience_recipients(audience, user=unit_staff) == []
    assert audience_resolve(audience=audience, user=unit_staff).removed[Reason.NO_CONSENT] == 1


def test_do_not_contact_and_erased_people_are_left_out_under_their_reasons(unit_staff):
    ContactFactory(name="Kept", consent=[Channel.EMAIL])
    dnc = ContactFactory(name="Dee Dontcontact", consent=[Channel.EMAIL])
    Contact.objects.filter(pk=dnc.pk).update(do_not_contact=True, do_not_contact_reason="Asked")
    ContactFactory(name="No Email", email="", consent=[Channel.EMAIL])
    audience = an_audience(unit_staff, static_lists=[a_list(unit_staff, *Contact.objects.all())])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Kept"]
    assert result.removed[Reason.DO_NOT_CONTACT] == 1
    assert result.removed[Reason.NO_ADDRESS] == 1
    assert names(result.removed_people("marked-do-not-contact")) == ["Dee Dontcontact"]


def test_people_over_the_fatigue_cap_are_left_out(settings, unit_staff):
    settings.STAKEHOLDERS_FATIGUE_CAP = 1
    ContactFactory(name="Fresh", consent=[Channel.EMAIL])
    tired = ContactFactory(name="Tired", consent=[Channel.EMAIL])
    outreach_record(contact=tired, channel="email", description="Ward panel invitation")
    audience = an_audience(unit_staff, segments=[a_segment(unit_staff, consent="email")])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Fresh"]
    assert result.removed[Reason.OVER_FATIGUE_CAP] == 1
    removed = list(result.removed_people("over-the-fatigue-cap"))
    assert names(removed) == ["Tired"]
    assert removed[0].recent_invitations == 1


def test_no_fatigue_reason_when_the_cap_is_off(settings, unit_staff):
    settings.STAKEHOLDERS_FATIGUE_CAP = 0
    tired = ContactFactory(name="Tired", consent=[Channel.EMAIL])
    OutreachRecord.objects.create(contact=tired, channel="email", description="Invitation")
    audience = an_audience(unit_staff, static_lists=[a_list(unit_staff, tired)])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert names(result.recipients) == ["Tired"]
    assert Reason.OVER_FATIGUE_CAP not in result.removed


def test_an_audience_reaches_only_the_contacts_the_user_may_see(
    unit_staff, sergeant, ward, other_ward
):
    ContactFactory(name="In Ward", home_ward=ward, consent=[Channel.EMAIL])
    ContactFactory(name="Elsewhere", home_ward=other_ward, consent=[Channel.EMAIL])
    everyone = a_list(unit_staff, *Contact.objects.all())
    emailable = a_segment(unit_staff, consent="email")

    result = audience_resolve(
        segments=[emailable], static_lists=[everyone], channel=Channel.EMAIL, user=sergeant
    )

    assert names(result.recipients) == ["In Ward"]
    assert result.people_matched == 1


def test_a_segment_whose_search_no_longer_makes_sense_adds_nobody(client, unit_staff):
    ContactFactory(name="Anyone", consent=[Channel.EMAIL])
    segment = a_segment(unit_staff, consent="email")
    segment.filters = {"ward": "999999"}  # a ward since removed
    segment.save()
    audience = an_audience(unit_staff, segments=[segment])

    result = audience_resolve(audience=audience, user=unit_staff)

    assert (result.people_matched, result.remaining) == (0, 0)
    assert result.recipient_ids() == []
    assert result.recipient_pages()[0:50] == []
    assert [invalid.segment for invalid in result.invalid_segments] == [segment]
    client.force_login(unit_staff)
    page = client.get(reverse("stakeholders:audience-detail", args=[audience.pk]))
    assert "has a search that no longer makes sense" in page.content.decode()
    assert "Nobody remains" in page.content.decode()


def test_resolving_takes_the_same_few_queries_for_thousands_of_contacts(
    unit_staff, django_assert_max_num_queries
):
    def build(count, prefix):
        contacts = Contact.objects.bulk_create(
            Contact(
                name=f"{prefix} {number:05d}",
                email=f"{prefix}{number % (count - 100)}@example.org",
                category=ConsulteeCategory.PUBLIC,
                email_consent=number % 10 != 0,
            )
            for number in range(count)
        )
        static_list = a_list(unit_staff, name=f"{prefix} list")
        StaticListMember.objects.bulk_create(
            StaticListMember(static_list=static_list, contact=contact)
            for contact in contacts[: count // 2]
        )
        segment = a_segment(unit_staff, f"{prefix} segment", q=prefix)
        return an_audience(
            unit_staff, segments=[segment], static_lists=[static_list], name=f"{prefix} audience"
        )

    small, large = build(150, "Smallville"), build(2000, "Largetown")

    for audience, people in ((small, 150), (large, 2000)):
        audience = Audience.objects.prefetch_related("segments", "static_lists").get(pk=audience.pk)
        # the user's roles (once), the counts, the ids, a page of each list (two each)
        with django_assert_max_num_queries(7):
            result = audience_resolve(audience=audience, user=unit_staff)
            ids = result.recipient_ids()
            first_page = result.recipient_pages()[:50]
            removed = result.removed_pages("same-email-address")[:50]
        assert result.people_matched == people
        assert result.total_before == people + people // 2
        assert result.removed["same email address"] == 100
        assert len(ids) == result.remaining > 0
        assert len(first_page) == min(50, result.remaining)
        assert len(removed) == 50


# Pages -----------------------------------------------------------------------------------


def audience_form(**overrides):
    return {"name": "Camden CPEG, March", "channel": "email", **overrides}


def test_staff_build_an_audience_and_see_the_report(client, unit_staff, settings):
    settings.STAKEHOLDERS_FATIGUE_CAP = 3
    kept = ContactFactory(name="Kim Kept", email="kim@example.org", consent=[Channel.EMAIL])
    ContactFactory(name="Kim Twin", email="KIM@example.org", consent=[Channel.EMAIL])
    ContactFactory(name="Nick Noconsent")
    outreach_record(contact=kept, channel="email", description="Earlier invitation")
    segment = a_segment(unit_staff, "Everyone with email consent", consent="email")
    static_list = a_list(unit_staff, *Contact.objects.all(), name="Partners")
    client.force_login(unit_staff)

    response = client.post(
        reverse("stakeholders:audience-create"),
        audience_form(segments=[segment.pk], static_lists=[static_list.pk]),
    )

    audience = Audience.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:audience-detail", args=[audience.pk])
    assert audience.created_by == unit_staff
    page = client.get(response["Location"])
    report = page.context["result"]
    assert (report.total_before, report.remaining, report.removed_total) == (5, 1, 4)
    content = page.content.decode()
    assert "Removed: the same person in more than one segment or list" in content
    assert "Removed: same email address" in content
    assert "Removed: no consent for this channel" in content
    assert "Kim Kept" in content
    assert "no one is sent more than 3 invitations in 90 days" in content
    assert [contact.recent_invitations for contact in page.context["page_obj"]] == [1]
    assert "Kim Twin" not in content  # removed people are listed only when asked for

    removed = client.get(page.request["PATH_INFO"], {"removed": "same-email-address"})
    assert "Kim Twin" in removed.content.decode()
    assert names(removed.context["removed_page"]) == ["Kim Twin"]


def test_the_report_says_when_the_fatigue_cap_is_off(client, unit_staff, settings):
    settings.STAKEHOLDERS_FATIGUE_CAP = 0
    contact = ContactFactory(consent=[Channel.EMAIL])
    audience = an_audience(unit_staff, static_lists=[a_list(unit_staff, contact)])
    client.force_login(unit_staff)

    page = client.get(reverse("stakeholders:audience-detail", args=[audience.pk]))

    assert "The fatigue cap is off" in page.content.decode()
    assert "over the fatigue cap" not in page.content.decode()


def test_an_audience_needs_a_name_and_a_segment_or_list(client, unit_staff):
    client.force_login(unit_staff)

    response = client.post(reverse("stakeholders:audience-create"), audience_form(name=""))

    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors
    response = client.post(reverse("stakeholders:audience-create"), audience_form())
    assert "Choose at least one segment or static list" in response.content.decode()
    assert "Camden CPEG, March" in response.content.decode()  # what was typed is kept
    assert not Audience.objects.exists()


def test_an_audience_needs_a_channel(client, unit_staff):
    static_list = a_list(unit_staff)
    client.force_login(unit_staff)

    response = client.post(
        reverse("stakeholders:audience-create"),
        audience_form(channel="pigeon", static_lists=[static_list.pk]),
    )

    assert "channel" in response.context["form"].errors
    assert not Audience.objects.exists()


@pytest.fixture
def audience(unit_staff):
    return an_audience(unit_staff, static_lists=[a_list(unit_staff, ContactFactory())])


def audience_urls(audience):
    return [
        reverse("stakeholders:audience-list"),
        reverse("stakeholders:audience-create"),
        reverse("stakeholders:audience-detail", args=[audience.pk]),
    ]


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_staff_and_administrators_may_use_the_audience_pages(client, users_by_role, role, audience):
    client.force_login(users_by_role[role])
    for url in audience_urls(audience):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.NEIGHBOURHOOD_SERGEANT, Role.AUTHORITY_MEMBER])
def test_sergeants_and_authority_members_are_refused_the_audience_pages(
    client, users_by_role, role, audience
):
    client.force_login(users_by_role[role])
    for url in audience_urls(audience):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("stakeholders:audience-create"),
        audience_form(static_lists=[audience.static_lists.get().pk]),
    )
    assert response.status_code == 403
    assert Audience.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in_from_the_audience_pages(client, audience):
    for url in audience_urls(audience):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
