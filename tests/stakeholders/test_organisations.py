"""Organisations: the directory, one organisation, adding and editing (issue 3, point 1)."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from areas.factories import BoroughFactory, WardFactory
from stakeholders.choices import OrganisationKind
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import Community, Organisation, Topic
from stakeholders.services.organisations import organisation_create, organisation_update

pytestmark = pytest.mark.django_db

LIST = reverse("stakeholders:organisation-list")
CREATE = reverse("stakeholders:organisation-create")
EXPORT = reverse("stakeholders:organisation-export")


def detail(organisation):
    return reverse("stakeholders:organisation-detail", args=[organisation.pk])


def update(organisation):
    return reverse("stakeholders:organisation-update", args=[organisation.pk])


def form_data(**overrides):
    data = {
        "name": "Hackney Somali Women's Forum",
        "kind": OrganisationKind.VOLUNTARY,
        "website": "https://forum.example.org",
        "email": "hello@forum.example.org",
        "phone": "020 7946 0000",
        "notes": "Meets on Tuesdays.",
    }
    return {**data, **overrides}


def edit_data(organisation, **overrides):
    """What the edit form holds for ``organisation`` as it stands, with ``overrides``."""
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "parent": organisation.parent_id or "",
        "pan_london": "on" if organisation.pan_london else "",
        "boroughs": [b.pk for b in organisation.boroughs.all()],
        "wards": [w.pk for w in organisation.wards.all()],
        "single_point_of_contact": organisation.single_point_of_contact_id or "",
        "website": organisation.website,
        "notes": organisation.notes,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ("", None)}


# Adding and editing ------------------------------------------------------------------


def test_unit_staff_add_an_organisation_with_the_areas_it_serves(client, unit_staff, ward):
    community, _ = Community.objects.get_or_create(
        name="Somali community", defaults={"strand": "ethnicity"}
    )
    topic, _ = Topic.objects.get_or_create(name="Stop and search")
    client.force_login(unit_staff)
    response = client.post(
        CREATE,
        form_data(
            boroughs=[ward.borough.pk],
            wards=[ward.pk],
            communities=[community.pk],
            topics=[topic.pk],
        ),
    )
    organisation = Organisation.objects.get(name="Hackney Somali Women's Forum")
    assert response.status_code == 302
    assert response["Location"] == detail(organisation)
    assert str(organisation.phone) == "020 7946 0000"
    assert organisation.phone.as_e164 == "+442079460000"
    assert list(organisation.boroughs.all()) == [ward.borough]
    assert list(organisation.wards.all()) == [ward]
    assert list(organisation.communities.all()) == [community]
    assert list(organisation.topics.all()) == [topic]

    page = client.get(detail(organisation)).content.decode()
    assert "Voluntary and community group" in page
    assert ward.borough.name in page and ward.name in page
    assert "Somali community" in page and "Stop and search" in page
    assert "https://forum.example.org" in page
    assert "Meets on Tuesdays." in page


def test_unit_staff_edit_an_organisation_and_choose_its_single_point_of_contact(client, unit_staff):
    organisation = OrganisationFactory(name="Brixton Traders")
    member = MembershipFactory(organisation=organisation, role="Chair").contact
    client.force_login(unit_staff)
    response = client.post(
        update(organisation),
        edit_data(
            organisation,
            name="Brixton Traders' Association",
            pan_london="on",
            single_point_of_contact=member.pk,
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Brixton Traders' Association"
    assert organisation.pan_london
    assert organisation.single_point_of_contact == member

    page = client.get(detail(organisation)).content.decode()
    assert "All of London" in page
    assert reverse("stakeholders:contact-detail", args=[member.pk]) in page
    assert "Chair" in page


def test_single_point_of_contact_is_chosen_from_the_organisations_people(client, unit_staff):
    organisation = OrganisationFactory()
    outsider = ContactFactory(name="Olu Outsider")
    client.force_login(unit_staff)
    form_page = client.get(update(organisation)).content.decode()
    assert "Olu Outsider" not in form_page
    response = client.post(
        update(organisation), edit_data(organisation, single_point_of_contact=outsider.pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.single_point_of_contact is None


def test_umbrella_membership_is_shown_both_ways(client, unit_staff):
    umbrella = OrganisationFactory(name="Lambeth Voluntary Action", kind=OrganisationKind.UMBRELLA)
    member = OrganisationFactory(name="Stockwell Youth Project")
    client.force_login(unit_staff)
    client.post(update(member), edit_data(member, parent=umbrella.pk))
    member.refresh_from_db()
    assert member.parent == umbrella

    member_page = client.get(detail(member)).content.decode()
    assert f'href="{detail(umbrella)}"' in member_page
    umbrella_page = client.get(detail(umbrella)).content.decode()
    assert "Member organisations" in umbrella_page
    assert f'href="{detail(member)}"' in umbrella_page
    assert "Stockwell Youth Project" in umbrella_page


def test_an_organisation_cannot_be_its_own_umbrella(client, unit_staff):
    umbrella = OrganisationFactory(name="Camden Forum", kind=OrganisationKind.UMBRELLA)
    client.force_login(unit_staff)
    response = client.post(
        update(umbrella), edit_data(umbrella, name="Camden Forum renamed", parent=umbrella.pk)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "An organisation cannot be its own umbrella." in page
    assert 'id="error_1_id_parent"' in page  # next to the umbrella field
    assert "Camden Forum renamed" in page  # what was typed is kept
    umbrella.refresh_from_db()
    assert umbrella.name == "Camden Forum"
    assert umbrella.parent is None


def test_umbrella_loops_are_refused(client, unit_staff):
    top = OrganisationFactory(kind=OrganisationKind.UMBRELLA)
    middle = OrganisationFactory(kind=OrganisationKind.UMBRELLA, parent=top)
    client.force_login(unit_staff)
    response = client.post(update(top), edit_data(top, parent=middle.pk))
    assert response.status_code == 200
    assert "An organisation cannot be its own umbrella." in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_bad_website_and_phone_are_shown_next_to_the_fields_and_nothing_is_saved(
    client, unit_staff
):
    client.force_login(unit_staff)
    response = client.post(CREATE, form_data(website="not a web address", phone="12345"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_website"' in page
    assert "Enter a valid URL." in page
    assert 'id="error_1_id_phone"' in page
    assert "Enter a valid phone number" in page
    assert "Hackney Somali Women&#x27;s Forum" in page  # what was typed is kept
    assert not Organisation.objects.exists()


def test_a_name_and_kind_are_required(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(CREATE, form_data(name="", kind=""))
    assert response.status_code == 200
    assert 'id="error_1_id_name"' in response.content.decode()
    assert 'id="error_1_id_kind"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_changes_are_kept_in_the_history(client, unit_staff):
    organisation = OrganisationFactory(name="Old Name")
    client.force_login(unit_staff)
    client.post(update(organisation), edit_data(organisation, name="New Name"))
    event = organisation.events.order_by("-pgh_id").first()
    assert event.name == "New Name"
    assert event.pgh_context.metadata["user"] == unit_staff.pk


# Search and filters ------------------------------------------------------------------


def names_listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {organisation.name for organisation in response.context["organisations"]}


def test_filter_by_kind(client, unit_staff):
    OrganisationFactory(name="St Mary's Church", kind=OrganisationKind.FAITH)
    OrganisationFactory(name="Peckham Youth Club", kind=OrganisationKind.VOLUNTARY)
    client.force_login(unit_staff)
    assert names_listed(client, kind=OrganisationKind.FAITH) == {"St Mary's Church"}


def test_filter_by_borough_includes_pan_london_and_ward_level_organisations(client, unit_staff):
    hackney, croydon = BoroughFactory(), BoroughFactory()
    hackney_ward = WardFactory(borough=hackney)
    OrganisationFactory(name="Hackney Borough Group").boroughs.add(hackney)
    OrganisationFactory(name="Dalston Ward Group").wards.add(hackney_ward)
    OrganisationFactory(name="London-wide Charity", pan_london=True)
    OrganisationFactory(name="Croydon Group").boroughs.add(croydon)
    OrganisationFactory(name="Nowhere Recorded")
    client.force_login(unit_staff)
    assert names_listed(client, borough=hackney.pk) == {
        "Hackney Borough Group",
        "Dalston Ward Group",
        "London-wide Charity",
    }


def test_filter_by_community_and_topic(client, unit_staff):
    deaf, _ = Community.objects.get_or_create(name="Deaf people", defaults={"strand": "disability"})
    knife_crime, _ = Topic.objects.get_or_create(name="Knife crime")
    OrganisationFactory(name="Deaf Action").communities.add(deaf)
    OrganisationFactory(name="Mothers Against Knives").topics.add(knife_crime)
    OrganisationFactory(name="Other Group")
    client.force_login(unit_staff)
    assert names_listed(client, community=deaf.pk) == {"Deaf Action"}
    assert names_listed(client, topic=knife_crime.pk) == {"Mothers Against Knives"}


def test_filter_by_name(client, unit_staff):
    OrganisationFactory(name="Tower Hamlets Faith Forum")
    OrganisationFactory(name="Barnet Business Network")
    client.force_login(unit_staff)
    assert names_listed(client, q="faith") == {"Tower Hamlets Faith Forum"}


def test_the_list_is_paginated_and_keeps_the_filters(client, unit_staff):
    for number in range(55):
        OrganisationFactory(name=f"Faith Group {number:02d}", kind=OrganisationKind.FAITH)
    OrganisationFactory(name="A Business", kind=OrganisationKind.BUSINESS)
    client.force_login(unit_staff)
    response = client.get(LIST, {"kind": "faith"})
    page = response.content.decode()
    assert len(response.context["organisations"]) == 50
    assert "55 organisations" in page
    assert "?kind=faith&amp;page=2" in page
    second = client.get(LIST, {"kind": "faith", "page": 2})
    assert len(second.context["organisations"]) == 5


def test_unit_staff_export_the_filtered_list_as_csv(client, unit_staff):
    OrganisationFactory(name="=HYPERLINK(1) Faith Group", kind=OrganisationKind.FAITH)
    OrganisationFactory(name="A Business", kind=OrganisationKind.BUSINESS)
    client.force_login(unit_staff)
    response = client.get(EXPORT, {"kind": "faith", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(1) Faith Group"]
    assert rows[1][1] == "Faith group"


def test_unit_staff_export_as_xlsx(client, unit_staff):
    OrganisationFactory(name="Faith Group")
    client.force_login(unit_staff)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


# Who may do what -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    organisation = OrganisationFactory()
    for url in (LIST, detail(organisation), CREATE, update(organisation), EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_authority_members_are_refused_every_organisation_page(client, authority_member):
    organisation = OrganisationFactory(name="Secret Society")
    client.force_login(authority_member)
    for url in (LIST, detail(organisation), CREATE, update(organisation), EXPORT):
        assert client.get(url).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.post(update(organisation), form_data(name="Changed")).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Secret Society"
    assert Organisation.objects.count() == 1


def test_sergeants_may_read_organisations_but_not_change_them(client, sergeant):
    organisation = OrganisationFactory(name="Ward Residents' Association")
    client.force_login(sergeant)
    assert "Ward Residents" in client.get(LIST).content.decode()
    page = client.get(detail(organisation)).content.decode()
    assert "Ward Residents" in page
    assert reverse("stakeholders:organisation-update", args=[organisation.pk]) not in page
    assert "Add an organisation" not in client.get(LIST).content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.get(update(organisation)).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.post(update(organisation), form_data(name="Changed")).status_code == 403
    assert client.get(EXPORT).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Ward Residents' Association"


def test_sergeants_see_only_the_people_in_their_wards(client, sergeant, ward, other_ward):
    organisation = OrganisationFactory()
    local = ContactFactory(name="Lena Local", home_ward=ward, home_borough=ward.borough)
    away = ContactFactory(
        name="Ferdinand Faraway", home_ward=other_ward, home_borough=other_ward.borough
    )
    MembershipFactory(organisation=organisation, contact=local)
    MembershipFactory(organisation=organisation, contact=away)
    organisation.single_point_of_contact = away
    organisation.save()
    client.force_login(sergeant)
    page = client.get(detail(organisation)).content.decode()
    assert "Lena Local" in page
    assert "Ferdinand Faraway" not in page
    assert reverse("stakeholders:contact-detail", args=[away.pk]) not in page
    assert "Recorded (outside the contacts you can see)" in page


def test_unit_staff_see_the_single_point_of_contact_as_a_link(client, unit_staff):
    organisation = OrganisationFactory()
    spoc = MembershipFactory(organisation=organisation).contact
    organisation.single_point_of_contact = spoc
    organisation.save()
    client.force_login(unit_staff)
    page = client.get(detail(organisation)).content.decode()
    assert f'href="{reverse("stakeholders:contact-detail", args=[spoc.pk])}"' in page
    assert "(single point of contact)" in page


def test_a_missing_organisation_is_not_found(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(reverse("stakeholders:organisation-detail", args=[999999])).status_code == 404


def test_the_service_refuses_a_single_point_of_contact_from_outside(unit_staff):
    organisation = OrganisationFactory()
    outsider = ContactFactory()
    with pytest.raises(ValidationError) as refused:
        organisation_update(
            organisation=organisation, single_point_of_contact=outsider, acting_user=unit_staff
        )
    assert "single_point_of_contact" in refused.value.error_dict
    organisation.refresh_from_db()
    assert organisation.single_point_of_contact is None


def test_the_service_refuses_sergeants(sergeant):
    with pytest.raises(PermissionDenied):
        organisation_create(name="Sneaky", kind=OrganisationKind.OTHER, acting_user=sergeant)
    assert not Organisation.objects.exists()


def test_the_history_is_shown_on_the_page(client, unit_staff):
    organisation = OrganisationFactory(name="Old Name")
    client.force_login(unit_staff)
    client.post(update(organisation), edit_data(organisation, name="New Name"))
    page = client.get(detail(organisation)).content.decode()
    assert "Change history" in page
    assert "changed from “Old Name” to “New Name”" in page
    assert unit_staff.full_name in page


def test_a_sergeants_history_names_nobody_outside_their_wards(client, sergeant, other_ward):
    organisation = OrganisationFactory()
    away = ContactFactory(name="Ferdinand Faraway", home_ward=other_ward)
    MembershipFactory(organisation=organisation, contact=away, role="Treasurer")
    organisation.single_point_of_contact = away
    organisation.save()
    client.force_login(sergeant)
    page = client.get(detail(organisation)).content.decode()
    assert "Change history" in page
    assert "Ferdinand Faraway" not in page
    assert "Treasurer" not in page
