"""Finding likely duplicate contacts and organisations, and the review list."""

import random

import pytest
from django.urls import reverse

from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import Contact, DuplicateDismissal, Membership, Organisation
from stakeholders.selectors.duplicates import (
    contact_duplicate_pairs,
    likely_duplicates_of,
    likely_duplicates_of_many,
    organisation_duplicate_pairs,
)
from stakeholders.services.merge import duplicate_dismiss

pytestmark = pytest.mark.django_db


def person(name, *, email="", phone="", postcode="", **fields):
    """A contact with exactly these details (no consent, nothing random that matters)."""
    return ContactFactory(name=name, email=email, phone=phone, postcode=postcode, **fields)


def pairs_of(user, kind="contact"):
    found = contact_duplicate_pairs if kind == "contact" else organisation_duplicate_pairs
    return {pair.ids: pair.reasons for pair in found(user=user)}


def ids(first, second):
    return tuple(sorted((first.pk, second.pk)))


# --- contacts: each rule ---------------------------------------------------------------


def test_same_email_in_another_case_is_a_likely_pair(unit_staff):
    first = person("Adaeze Okonkwo", email="adaeze@example.org", postcode="N1 9GU")
    second = person("A. Okonkwo-Smith", email="ADAEZE@Example.org", postcode="SE1 7PB")
    person("Bola Adeyemi", email="bola@example.org", postcode="N1 9GU")

    assert pairs_of(unit_staff) == {ids(first, second): ("email",)}


def test_same_phone_number_is_a_likely_pair(unit_staff):
    first = person("Grace Mensah", phone="+442079460111", email="grace@example.org")
    second = person("Kofi Mensah", phone="020 7946 0111", email="kofi@example.org")
    person("Ama Boateng", phone="+442079460112", email="ama@example.org")

    assert pairs_of(unit_staff) == {ids(first, second): ("phone",)}


def test_similar_name_at_the_same_postcode_is_a_likely_pair(unit_staff):
    first = person("Jonathan Okafor", email="j1@example.org", postcode="E8 1DY")
    second = person("Jonathon Okafor", email="j2@example.org", postcode="E8 1DY")
    person("Jane Okafor", email="jane@example.org", postcode="E8 1DY")  # a relative, not him
    person("Jonathan Okafor", email="j3@example.org", postcode="NW1 8NH")  # elsewhere

    assert pairs_of(unit_staff) == {ids(first, second): ("name_postcode",)}


def test_similar_name_in_the_same_organisation_is_a_likely_pair(unit_staff):
    forum = OrganisationFactory(name="Brixton Youth Forum")
    first = person("Priya Raghunathan", email="p1@example.org", postcode="SW2 1AA")
    second = person("Priya Ragunathan", email="p2@example.org", postcode="N7 6QQ")
    elsewhere = person("Priya Raghunathan", email="p3@example.org", postcode="W12 7RJ")
    MembershipFactory(contact=first, organisation=forum)
    MembershipFactory(contact=second, organisation=forum)
    MembershipFactory(contact=elsewhere, organisation=OrganisationFactory())

    assert pairs_of(unit_staff) == {ids(first, second): ("name_organisation",)}


def test_a_pair_matching_several_rules_lists_every_reason(unit_staff):
    first = person("Mohammed Khan", email="mk@example.org", postcode="E1 6AN")
    second = person("Mohamed Khan", email="MK@example.org", postcode="E1 6AN")

    assert pairs_of(unit_staff) == {ids(first, second): ("email", "name_postcode")}


def test_erased_contacts_are_never_offered(unit_staff):
    person("Rosa Parkes", email="rosa@example.org")
    erased = person("Rosa Parkes", email="rosa@example.org")
    Contact.objects.filter(pk=erased.pk).update(erased_at="2026-01-01T00:00:00Z")

    assert pairs_of(unit_staff) == {}


def test_dismissed_pairs_do_not_come_back(unit_staff):
    first = person("Li Wei", email="li@example.org")
    second = person("Wei Li", email="li@example.org")
    third = person("Li Wei", email="LI@example.org", postcode="SE15 4QN")

    duplicate_dismiss(
        kind="contact", first_id=second.pk, second_id=first.pk, acting_user=unit_staff
    )

    assert set(pairs_of(unit_staff)) == {ids(first, third), ids(second, third)}
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.first_id, dismissal.second_id) == ids(first, second)
    assert dismissal.dismissed_by == unit_staff


def test_dismissing_twice_is_harmless(unit_staff):
    first, second = (
        person("Ann Lee", email="a@example.org"),
        person("Ann Lee", email="a@example.org"),
    )
    for _ in range(2):
        duplicate_dismiss(
            kind="contact", first_id=first.pk, second_id=second.pk, acting_user=unit_staff
        )
    assert DuplicateDismissal.objects.count() == 1


def test_sergeant_scope_applies_to_the_search(sergeant, ward, other_ward):
    mine = person("Tom Hardy", email="tom@example.org", home_ward=ward)
    also_mine = person("Tom Hardie", email="TOM@example.org", home_ward=ward)
    person("Tom Hardy", email="tom@example.org", home_ward=other_ward)

    assert set(pairs_of(sergeant)) == {ids(mine, also_mine)}


# --- contacts at scale -----------------------------------------------------------------

FIRST_NAMES = ["Amara", "Ben", "Chloe", "Deepak", "Ewa", "Femi", "Gita", "Hassan", "Isla", "Jun"]
OUTWARD_CODES = ["E1", "E8", "N1", "N7", "SE1", "SE15", "SW2", "SW9", "W2", "W12", "NW1", "NW10"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def unique_postcodes(rng):
    codes = [
        f"{out} {d}{a}{b}"
        for out in OUTWARD_CODES
        for d in range(1, 10)
        for a in LETTERS
        for b in "AB"
    ]
    rng.shuffle(codes)
    return iter(codes)


def test_planted_duplicates_are_found_among_thousands_in_a_few_queries(
    unit_staff, django_assert_max_num_queries
):
    """3,000 contacts in organisations of 20, each at its own postcode, with unrelated
    made-up surnames: exactly the planted pairs come back, from one search query (with
    the role check, a savepoint and a setting around it)."""
    rng = random.Random(3)
    postcodes = unique_postcodes(rng)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Test Group {number}", kind="voluntary") for number in range(150)
    )
    rows = []
    for number in range(3000):
        surname = "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(4))
        rows.append(
            Contact(
                name=f"{rng.choice(FIRST_NAMES)} {surname.capitalize()}",
                email=f"person{number}@example.org",
                phone=f"+4477009{number:05d}" if number % 3 == 0 else "",
                postcode=next(postcodes),
                category="public",
            )
        )
    planted = [
        Contact(name="Odile Planted", email="Odile.Email@Example.org", postcode=next(postcodes)),
        Contact(name="Odette Elsewhere", email="odile.email@example.org", postcode=next(postcodes)),
        Contact(name="Phil Phone", email="phil1@example.net", phone="+442079460777"),
        Contact(name="Philippa Phone", email="phil2@example.net", phone="+442079460777"),
        Contact(name="Jonathan Samuelson", email="js1@example.net", postcode="CR0 1AA"),
        Contact(name="Jonathon Samuelson", email="js2@example.net", postcode="CR0 1AA"),
        Contact(name="Priya Raghunathan", email="pr1@example.net", postcode=next(postcodes)),
        Contact(name="Priya Ragunathan", email="pr2@example.net", postcode=next(postcodes)),
        # Similar names with nothing else in common: not a pair.
        Contact(name="Margaret Whitfield", email="mw1@example.net", postcode=next(postcodes)),
        Contact(name="Margaret Whitfeld", email="mw2@example.net", postcode=next(postcodes)),
    ]
    for contact in planted:
        contact.category = "public"
    contacts = Contact.objects.bulk_create(rows + planted)
    memberships = [
        Membership(contact=contact, organisation=organisations[number // 20])
        for number, contact in enumerate(contacts[:3000])
    ]
    shared = OrganisationFactory(name="Planted Organisation")
    memberships += [
        Membership(contact=contacts[3006], organisation=shared),
        Membership(contact=contacts[3007], organisation=shared),
    ]
    Membership.objects.bulk_create(memberships)
    by_name = {contact.name: contact for contact in contacts[3000:]}

    with django_assert_max_num_queries(5):
        found = pairs_of(unit_staff)

    assert found == {
        ids(by_name["Odile Planted"], by_name["Odette Elsewhere"]): ("email",),
        ids(by_name["Phil Phone"], by_name["Philippa Phone"]): ("phone",),
        ids(by_name["Jonathan Samuelson"], by_name["Jonathon Samuelson"]): ("name_postcode",),
        ids(by_name["Priya Raghunathan"], by_name["Priya Ragunathan"]): ("name_organisation",),
    }


# --- organisations ---------------------------------------------------------------------


def organisation(name, **fields):
    return OrganisationFactory(name=name, **fields)


def test_organisation_names_alike_but_for_case_punctuation_and_common_words_pair(unit_staff):
    first = organisation("Brixton Youth Forum")
    second = organisation("The BRIXTON Youth-Forum Ltd.")
    typo = organisation("Brixtom Youth Forum")
    organisation("Peckham Rye Allotment Society")

    assert pairs_of(unit_staff, "organisation") == {
        ids(first, second): ("name",),
        ids(first, typo): ("name",),
        ids(second, typo): ("name",),
    }


def test_organisations_alike_only_in_their_common_words_are_not_a_pair(unit_staff):
    organisation("Bromley Tenants Federation")
    organisation("Bexley Tenants Federation")
    organisation("St Mark's Church")
    organisation("St Luke's Church")

    assert pairs_of(unit_staff, "organisation") == {}


def test_organisations_with_the_same_website_domain_pair(unit_staff):
    first = organisation("St Agnes Parish", website="https://www.stagnes-parish.org.uk/about")
    second = organisation("Parish of Saint Agnes", website="http://stagnes-parish.org.uk")
    organisation("Tulse Hill Traders", website="https://www.facebook.com/tulsehilltraders")
    organisation("Herne Hill Runners", website="https://www.facebook.com/hernehillrunners")

    assert pairs_of(unit_staff, "organisation") == {ids(first, second): ("website",)}


def test_organisations_with_the_same_email_pair(unit_staff):
    first = organisation("Camden Faith Forum", email="Info@CamdenFaith.org.uk")
    second = organisation("CFF Interfaith Network", email="info@camdenfaith.org.uk")
    organisation("Islington Faith Forum", email="hello@islingtonfaith.org.uk")

    assert pairs_of(unit_staff, "organisation") == {ids(first, second): ("email",)}


def test_dismissed_organisation_pairs_do_not_come_back(unit_staff):
    first = organisation("Tooting Youth Club")
    second = organisation("Tooting Youth Club Ltd")
    duplicate_dismiss(
        kind="organisation", first_id=first.pk, second_id=second.pk, acting_user=unit_staff
    )

    assert pairs_of(unit_staff, "organisation") == {}


# --- the look-up the import preview uses ------------------------------------------------


def test_likely_duplicates_of_one_row_by_each_rule():
    forum = OrganisationFactory(name="Brixton Youth Forum")
    by_email = person("Adaeze Okonkwo", email="adaeze@example.org")
    by_phone = person("Grace Mensah", phone="+442079460111")
    by_postcode = person("Jonathan Okafor", postcode="E8 1DY")
    by_organisation = person("Priya Raghunathan")
    MembershipFactory(contact=by_organisation, organisation=forum)
    person("Unrelated Person", email="someone@example.org", postcode="E8 1DY")

    assert likely_duplicates_of({"email": " ADAEZE@example.org "}) == [by_email]
    assert likely_duplicates_of({"name": "G Mensah", "phone": "020 7946 0111"}) == [by_phone]
    assert likely_duplicates_of({"name": "Jonathon Okafor", "postcode": "e81dy"}) == [by_postcode]
    assert likely_duplicates_of(
        {"name": "Priya Ragunathan", "organisation": "The Brixton Youth Forum"}
    ) == [by_organisation]
    assert likely_duplicates_of({"name": "Jonathon Okafor", "postcode": "N1 9GU"}) == []
    assert likely_duplicates_of({"name": "Nobody", "phone": "not a number"}) == []


def test_likely_duplicates_of_many_rows_in_two_queries(django_assert_max_num_queries):
    known = [person(f"Known Person {n}", email=f"known{n}@example.org") for n in range(30)]
    rows = [{"name": f"Row {n}", "email": f"KNOWN{n}@example.org"} for n in range(30)]
    rows.append({"name": "New Person", "email": "new@example.org"})

    with django_assert_max_num_queries(2):
        found = likely_duplicates_of_many(rows)

    assert found == [[contact] for contact in known] + [[]]


def test_likely_duplicates_leave_out_erased_and_out_of_scope_contacts(sergeant, ward, other_ward):
    visible = person("Tom Hardy", email="tom@example.org", home_ward=ward)
    person("Tom Hardy", email="tom@example.org", home_ward=other_ward)
    erased = person("Tom Hardy", email="tom@example.org")
    Contact.objects.filter(pk=erased.pk).update(erased_at="2026-01-01T00:00:00Z")

    assert likely_duplicates_of({"email": "tom@example.org"}, user=sergeant) == [visible]
    assert len(likely_duplicates_of({"email": "tom@example.org"})) == 2


# --- the review list --------------------------------------------------------------------


def test_staff_see_each_pair_with_why_it_was_found(client, unit_staff):
    first = person("Adaeze Okonkwo", email="adaeze@example.org", postcode="N1 9GU")
    second = person("Adaeze Okonkwo", email="adaeze@example.org", postcode="N1 9GU")
    client.force_login(unit_staff)

    response = client.get(reverse("stakeholders:duplicate-list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Same email address" in page
    assert "Similar name, same postcode" in page
    merge_url = reverse("stakeholders:duplicate-merge", args=["contact", first.pk, second.pk])
    assert merge_url in page
    assert "1 likely pair of contacts" in page


def test_organisations_are_the_second_tab(client, administrator):
    organisation("Camden Faith Forum", email="info@camdenfaith.org.uk")
    organisation("Faith Forum for Camden", email="info@camdenfaith.org.uk")
    person("Lone Contact", email="lone@example.org")
    client.force_login(administrator)

    response = client.get(reverse("stakeholders:duplicate-list"), {"kind": "organisation"})

    page = response.content.decode()
    assert "Faith Forum for Camden" in page
    assert "Same email address" in page
    assert 'aria-current="page">Organisations' in page


def test_the_list_is_paginated_keeping_the_tab(client, unit_staff):
    for number in range(26):
        email = f"twin{number}@example.org"
        person(f"Twin {number}", email=email)
        person(f"Other {number}", email=email.upper())
    client.force_login(unit_staff)

    first_page = client.get(reverse("stakeholders:duplicate-list"), {"kind": "contact"})
    second_page = client.get(reverse("stakeholders:duplicate-list"), {"kind": "contact", "page": 2})

    assert len(first_page.context["pairs"]) == 25
    assert "?kind=contact&amp;page=2" in first_page.content.decode()
    assert len(second_page.context["pairs"]) == 1
    assert "Page 2 of 2" in second_page.content.decode()


def test_these_are_different_removes_the_pair_from_the_list(client, unit_staff):
    first = person("Li Wei", email="li@example.org")
    second = person("Wei Li", email="li@example.org")
    client.force_login(unit_staff)
    url = reverse("stakeholders:duplicate-dismiss", args=["contact", second.pk, first.pk])

    response = client.post(url, follow=True)

    assert (
        response.redirect_chain[-1][0] == reverse("stakeholders:duplicate-list") + "?kind=contact"
    )
    assert "are different" in response.content.decode()
    assert response.context["pairs"] == []
    assert DuplicateDismissal.objects.filter(
        kind="contact", first_id=first.pk, second_id=second.pk
    ).exists()


@pytest.mark.parametrize("role_fixture", ["sergeant", "authority_member"])
def test_only_unit_staff_and_administrators_review_duplicates(client, request, role_fixture):
    first = person("Li Wei", email="li@example.org")
    second = person("Wei Li", email="li@example.org")
    client.force_login(request.getfixturevalue(role_fixture))

    listing = client.get(reverse("stakeholders:duplicate-list"))
    dismissing = client.post(
        reverse("stakeholders:duplicate-dismiss", args=["contact", first.pk, second.pk])
    )

    assert listing.status_code == 403
    assert dismissing.status_code == 403
    assert not DuplicateDismissal.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("stakeholders:duplicate-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_dismissing_an_unknown_record_is_not_found(client, unit_staff):
    known = person("Li Wei", email="li@example.org")
    client.force_login(unit_staff)

    response = client.post(
        reverse("stakeholders:duplicate-dismiss", args=["contact", known.pk, known.pk + 999])
    )

    assert response.status_code == 404
    assert not DuplicateDismissal.objects.exists()
