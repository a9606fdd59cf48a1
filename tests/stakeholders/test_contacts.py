"""The contact pages: search and list, the record, add and edit, who may see what."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from areas.factories import WardFactory
from core.roles import Role
from stakeholders.choices import Channel, ConsulteeCategory
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import Community, Contact, Membership, Topic
from stakeholders.selectors.contacts import contact_history
from stakeholders.services.contacts import contact_create, contact_update

pytestmark = pytest.mark.django_db

LIST = reverse("stakeholders:contact-list")
CREATE = reverse("stakeholders:contact-create")


def listed(client, **params):
    """The names on the contact list for a search, as the user sees them."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    names = {contact.name for contact in response.context["contacts"]}
    for name in names:
        assert name in response.content.decode()
    return names


def valid_form(**overrides):
    data = {
        "name": "Grace Adeyemi",
        "job_title": "Chair",
        "category": ConsulteeCategory.PUBLIC,
        "email": "Grace.Adeyemi@Example.org",
        "phone": "020 7946 0018",
        "address_line_1": "1 Example Street",
        "town": "London",
        "postcode": "sw1a1aa",
        "lawful_basis": "consent",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


# Search -----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, unit_staff):
    client.force_login(unit_staff)
    return client


def test_search_by_name_tolerates_typos(staff_client):
    ContactFactory(name="Margaret Okonkwo")
    ContactFactory(name="Maria Okafor")
    assert listed(staff_client, q="Margret Okonkow") == {"Margaret Okonkwo"}
    assert listed(staff_client, q="okonkwo") == {"Margaret Okonkwo"}


def test_search_by_email_matches_whatever_the_case(staff_client):
    ContactFactory(name="Ann Email", email="ann.email@example.org")
    ContactFactory(name="Bob Other", email="bob@example.org")
    assert listed(staff_client, q="ANN.Email@example.org") == {"Ann Email"}


def test_search_by_borough_and_ward(staff_client, ward, other_ward):
    ContactFactory(name="In Ward", home_ward=ward, home_borough=ward.borough)
    ContactFactory(name="In Other Ward", home_ward=other_ward, home_borough=other_ward.borough)
    elsewhere = WardFactory()
    ContactFactory(name="Elsewhere", home_ward=elsewhere, home_borough=elsewhere.borough)
    assert listed(staff_client, borough=ward.borough_id) == {"In Ward", "In Other Ward"}
    assert listed(staff_client, ward=ward.pk) == {"In Ward"}


def test_search_by_category(staff_client):
    ContactFactory(name="Statutory Sam", category=ConsulteeCategory.STATUTORY)
    ContactFactory(name="Public Pat", category=ConsulteeCategory.PUBLIC)
    assert listed(staff_client, category=ConsulteeCategory.STATUTORY) == {"Statutory Sam"}


def test_search_by_topic(staff_client):
    knife_crime, _ = Topic.objects.get_or_create(name="Knife crime")
    interested = ContactFactory(name="Interested Ida")
    interested.topics.add(knife_crime)
    ContactFactory(name="Other Olu")
    assert listed(staff_client, topic=knife_crime.pk) == {"Interested Ida"}


def test_search_by_consent_channel(staff_client):
    ContactFactory(name="Emailable Em", consent=[Channel.EMAIL])
    ContactFactory(name="Post Only Po", consent=[Channel.POST])
    assert listed(staff_client, consent=Channel.EMAIL) == {"Emailable Em"}
    assert listed(staff_client, consent=Channel.POST) == {"Post Only Po"}


def test_search_by_organisation_name_lists_each_person_once(staff_client):
    person = ContactFactory(name="Two Hats")
    MembershipFactory(contact=person, organisation=OrganisationFactory(name="Camden Tenants One"))
    MembershipFactory(contact=person, organisation=OrganisationFactory(name="Camden Tenants Two"))
    MembershipFactory(contact__name="Elsewhere Eve", organisation__name="Hackney Youth Forum")
    response = staff_client.get(LIST, {"organisation": "camden tenants"})
    assert [contact.name for contact in response.context["contacts"]] == ["Two Hats"]
    assert response.context["paginator"].count == 1
    assert "Camden Tenants One; Camden Tenants Two" in response.content.decode()


def test_search_by_community_served_through_their_organisations(staff_client):
    young, _ = Community.objects.get_or_create(
        name="Young people", defaults={"strand": Community.Strand.AGE}
    )
    youth_club = OrganisationFactory(name="Youth Club")
    youth_club.communities.add(young)
    MembershipFactory(contact__name="Youth Worker", organisation=youth_club)
    MembershipFactory(contact__name="Allotment Keeper")
    assert listed(staff_client, community=young.pk) == {"Youth Worker"}


def test_list_shows_consent_per_channel_in_words(staff_client):
    ContactFactory(name="Consent Carla", consent=[Channel.EMAIL])
    content = staff_client.get(LIST).content.decode()
    assert "Email: yes" in content
    assert "Post: no" in content


def test_pagination_keeps_the_filters(staff_client):
    for number in range(53):
        ContactFactory(name=f"Statutory {number:02d}", category=ConsulteeCategory.STATUTORY)
    ContactFactory.create_batch(3, category=ConsulteeCategory.PUBLIC)
    first = staff_client.get(LIST, {"category": ConsulteeCategory.STATUTORY})
    assert first.context["paginator"].count == 53
    assert len(first.context["contacts"]) == 50
    content = first.content.decode()
    assert "53 contacts found" in content
    assert 'href="?category=statutory&amp;page=2"' in content
    second = staff_client.get(LIST, {"category": ConsulteeCategory.STATUTORY, "page": 2})
    assert {contact.name for contact in second.context["contacts"]} == {
        "Statutory 50",
        "Statutory 51",
        "Statutory 52",
    }


def test_a_page_of_the_list_takes_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _number in range(60):
        contact = ContactFactory(consent=[Channel.EMAIL])
        MembershipFactory(contact=contact)
        MembershipFactory(contact=contact)
    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST)
    assert len(response.context["contacts"]) == 50


def test_staff_see_export_and_segment_links_with_the_current_search(staff_client):
    content = staff_client.get(LIST, {"category": "public", "page": "1"}).content.decode()
    export = reverse("stakeholders:contact-export")
    assert f'href="{export}?category=public&amp;format=csv"' in content
    assert f'href="{export}?category=public&amp;format=xlsx"' in content
    segment = reverse("stakeholders:segment-create")
    assert f'href="{segment}?category=public"' in content
    assert "Add these to a static list" in content


# Who may see what -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_STAFF])
def test_unit_staff_and_administrators_see_every_contact(client, users_by_role, role, ward):
    ContactFactory(name="Ward Resident", home_ward=ward, home_borough=ward.borough)
    ContactFactory(name="Anywhere Else")
    client.force_login(users_by_role[role])
    assert listed(client) == {"Ward Resident", "Anywhere Else"}


def test_sergeant_sees_only_the_contacts_in_their_wards(client, sergeant, ward, other_ward):
    mine = ContactFactory(name="My Resident", home_ward=ward, home_borough=ward.borough)
    theirs = ContactFactory(
        name="Not My Resident", home_ward=other_ward, home_borough=other_ward.borough
    )
    ContactFactory(name="Nowhere Known")
    client.force_login(sergeant)
    assert listed(client) == {"My Resident"}
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_sergeant_chooses_among_their_own_wards_only(client, sergeant, ward, other_ward):
    client.force_login(sergeant)
    choices = client.get(LIST).context["search"].form.fields["ward"].queryset
    assert list(choices) == [ward]


def test_erased_contacts_are_left_out_of_the_list(staff_client):
    ContactFactory(name="Still Here")
    gone = ContactFactory(name="Erased Person")
    Contact.objects.filter(pk=gone.pk).update(erased_at="2026-01-01T00:00Z")
    assert listed(staff_client) == {"Still Here"}


def test_sergeant_reads_without_edit_consent_or_export(client, sergeant, ward):
    mine = ContactFactory(name="My Resident", home_ward=ward, home_borough=ward.borough)
    client.force_login(sergeant)
    detail = client.get(mine.get_absolute_url()).content.decode()
    listing = client.get(LIST).content.decode()
    for content in (detail, listing):
        assert reverse("stakeholders:contact-update", args=[mine.pk]) not in content
        assert reverse("stakeholders:contact-consent", args=[mine.pk]) not in content
        assert reverse("stakeholders:contact-export") not in content
        assert "Equality monitoring" not in content
    assert client.get(reverse("stakeholders:contact-update", args=[mine.pk])).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, valid_form()).status_code == 403
    assert not Contact.objects.filter(name="Grace Adeyemi").exists()


def test_authority_member_is_refused_every_contact_page(client, authority_member):
    contact = ContactFactory()
    client.force_login(authority_member)
    for url in (
        LIST,
        contact.get_absolute_url(),
        CREATE,
        reverse("stakeholders:contact-update", args=[contact.pk]),
        reverse("stakeholders:contact-export"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(CREATE, valid_form()).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    contact = ContactFactory()
    for url in (LIST, contact.get_absolute_url(), CREATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_see_contact_permission_agrees_with_visible_to(users_by_role, ward, other_ward):
    contacts = [
        ContactFactory(home_ward=ward, home_borough=ward.borough),
        ContactFactory(home_ward=other_ward, home_borough=other_ward.borough),
        ContactFactory(),
        ContactFactory(home_ward=ward, home_borough=ward.borough),
    ]
    Contact.objects.filter(pk=contacts[3].pk).update(erased_at="2026-01-01T00:00Z")
    contacts[3].refresh_from_db()
    for role, user in users_by_role.items():
        visible = set(Contact.objects.visible_to(user))
        for contact in contacts:
            assert user.has_perm("stakeholders.see_contact", contact) == (contact in visible), (
                role,
                contact,
            )
    assert set(Contact.objects.visible_to(users_by_role[Role.NEIGHBOURHOOD_SERGEANT])) == {
        contacts[0]
    }


# The record --------------------------------------------------------------------------------


def test_detail_shows_details_organisations_and_consent(staff_client, ward):
    contact = ContactFactory(
        name="Detailed Dan",
        email="dan@example.org",
        phone="+442079460018",
        home_ward=ward,
        home_borough=ward.borough,
        needs_bsl=True,
        consent=[Channel.EMAIL],
    )
    organisation = OrganisationFactory(name="Friends of the Park")
    MembershipFactory(contact=contact, organisation=organisation, role="Treasurer")
    content = staff_client.get(contact.get_absolute_url()).content.decode()
    assert "dan@example.org" in content
    assert "+44 20 7946 0018" in content
    assert ward.name in content
    assert "Needs a BSL interpreter" in content
    assert "Friends of the Park" in content
    assert "Treasurer" in content
    assert reverse("stakeholders:organisation-detail", args=[organisation.pk]) in content
    assert "No: no consent for this channel" in content  # post and phone
    assert "Invitations in the last 90 days" in content


def test_detail_links_to_equality_monitoring_only_with_the_permission(client, unit_staff):
    contact = ContactFactory()
    equality_url = reverse("stakeholders:equality-update", args=[contact.pk])
    client.force_login(unit_staff)
    assert equality_url not in client.get(contact.get_absolute_url()).content.decode()
    unit_staff.user_permissions.add(
        Permission.objects.get(
            codename="view_equalityprofile", content_type__app_label="stakeholders"
        )
    )
    unit_staff = type(unit_staff).objects.get(pk=unit_staff.pk)  # forget cached permissions
    client.force_login(unit_staff)
    assert equality_url in client.get(contact.get_absolute_url()).content.decode()


def test_detail_answers_404_for_a_contact_that_does_not_exist(staff_client):
    assert (
        staff_client.get(reverse("stakeholders:contact-detail", args=[999999])).status_code == 404
    )


# Add and edit --------------------------------------------------------------------------------


def test_unit_staff_add_a_contact_with_memberships_and_topics(staff_client, ward):
    organisation = OrganisationFactory(name="Brixton Business Forum")
    topic, _ = Topic.objects.get_or_create(name="Stop and search")
    response = staff_client.post(
        CREATE,
        valid_form(
            home_ward=ward.pk,
            topics=[topic.pk],
            **{
                "memberships-0-organisation": "brixton business forum",
                "memberships-0-role": "Secretary",
            },
        ),
    )
    contact = Contact.objects.get(name="Grace Adeyemi")
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert contact.email == "grace.adeyemi@example.org"
    assert contact.phone.as_e164 == "+442079460018"
    assert contact.postcode == "SW1A 1AA"
    assert contact.home_borough == ward.borough  # taken from the ward
    assert list(contact.topics.all()) == [topic]
    assert [(m.organisation, m.role) for m in contact.memberships.all()] == [
        (organisation, "Secretary")
    ]
    assert not contact.email_consent  # consent is never set by this form


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a valid phone number"),
        ("postcode", "NOT A CODE", "Enter a UK postcode"),
        ("do_not_contact", "on", "Say why this person must not be contacted."),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    staff_client, field, value, message
):
    response = staff_client.post(CREATE, valid_form(**{field: value}))
    assert response.status_code == 200
    error_field = "do_not_contact_reason" if field == "do_not_contact" else field
    assert message in " ".join(response.context["form"].errors[error_field])
    content = response.content.decode()
    assert f'id="error_1_id_{error_field}"' in content
    assert message in content
    assert "Nothing has been saved" in content
    assert 'value="Grace Adeyemi"' in content  # what was typed is kept
    assert not Contact.objects.exists()


def test_ward_outside_the_home_borough_is_refused(staff_client, ward):
    elsewhere = WardFactory()
    response = staff_client.post(
        CREATE, valid_form(home_borough=ward.borough_id, home_ward=elsewhere.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["home_ward"]
    assert errors == [f"{elsewhere.name} is not in {ward.borough.name}."]
    assert 'id="error_1_id_home_ward"' in response.content.decode()
    assert not Contact.objects.exists()


def test_unknown_organisation_is_refused_with_suggestions_and_nothing_is_saved(staff_client):
    OrganisationFactory(name="Lewisham Pensioners Forum")
    response = staff_client.post(
        CREATE,
        valid_form(
            **{"memberships-0-organisation": "Lewisham Pensioner Forum", "memberships-0-role": "x"}
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "No organisation is called “Lewisham Pensioner Forum”" in content
    assert "Did you mean: Lewisham Pensioners Forum" in content
    assert 'id="error_1_id_memberships-0-organisation"' in content
    assert not Contact.objects.exists()


def test_organisations_sharing_a_name_are_told_apart_by_number(staff_client):
    first = OrganisationFactory(name="Neighbourhood Watch")
    second = OrganisationFactory(name="Neighbourhood Watch")
    ambiguous = staff_client.post(
        CREATE, valid_form(**{"memberships-0-organisation": "Neighbourhood Watch"})
    )
    assert f"Neighbourhood Watch (#{second.pk})" in ambiguous.content.decode()
    assert not Contact.objects.exists()
    staff_client.post(
        CREATE, valid_form(**{"memberships-0-organisation": f"Neighbourhood Watch (#{first.pk})"})
    )
    assert Contact.objects.get().organisations.get() == first


def test_the_same_organisation_twice_is_refused(staff_client):
    OrganisationFactory(name="Tenants Association")
    response = staff_client.post(
        CREATE,
        valid_form(
            **{
                "memberships-0-organisation": "Tenants Association",
                "memberships-1-organisation": "tenants association",
            }
        ),
    )
    assert "This organisation is already listed above." in response.content.decode()
    assert not Contact.objects.exists()


def test_editing_changes_details_and_memberships(staff_client):
    contact = ContactFactory(name="Edit Me", email="edit@example.org")
    # Named so that the form lists them in this order (memberships go by organisation name).
    leaving = MembershipFactory(
        contact=contact, role="Member", organisation=OrganisationFactory(name="Aardvark Trust")
    ).organisation
    staying = MembershipFactory(
        contact=contact, role="Member", organisation=OrganisationFactory(name="Zebra Forum")
    ).organisation
    joining = OrganisationFactory()
    url = reverse("stakeholders:contact-update", args=[contact.pk])
    form = staff_client.get(url)
    assert f"{staying.name} (#{staying.pk})" in form.content.decode()
    response = staff_client.post(
        url,
        valid_form(
            name="Edited",
            **{
                "memberships-TOTAL_FORMS": "3",
                "memberships-INITIAL_FORMS": "2",
                "memberships-0-organisation": f"{leaving.name} (#{leaving.pk})",
                "memberships-0-role": "Member",
                "memberships-0-DELETE": "on",
                "memberships-1-organisation": f"{staying.name} (#{staying.pk})",
                "memberships-1-role": "Chair",
                "memberships-2-organisation": f"#{joining.pk}",
                "memberships-2-role": "Volunteer",
            },
        ),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Edited"
    assert {(m.organisation, m.role) for m in contact.memberships.all()} == {
        (staying, "Chair"),
        (joining, "Volunteer"),
    }


def test_a_refused_edit_changes_nothing(staff_client):
    contact = ContactFactory(name="Keep Me", postcode="N1 9GU")
    MembershipFactory(contact=contact, role="Member")
    url = reverse("stakeholders:contact-update", args=[contact.pk])
    response = staff_client.post(url, valid_form(name="Changed", postcode="nonsense"))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "<h1> Edit Keep Me </h1>" in text
    assert "Edit Changed" not in text
    contact.refresh_from_db()
    assert (contact.name, contact.postcode) == ("Keep Me", "N1 9GU")
    assert contact.memberships.count() == 1


def test_sergeant_cannot_edit_even_their_own_wards_contacts(client, sergeant, ward):
    mine = ContactFactory(name="My Resident", home_ward=ward, home_borough=ward.borough)
    client.force_login(sergeant)
    url = reverse("stakeholders:contact-update", args=[mine.pk])
    assert client.post(url, valid_form(name="Changed")).status_code == 403
    mine.refresh_from_db()
    assert mine.name == "My Resident"


# Services ----------------------------------------------------------------------------------


def test_create_service_writes_nothing_when_a_membership_is_invalid(unit_staff):
    organisation = OrganisationFactory()
    with pytest.raises(Exception, match="listed more than once"):
        contact_create(
            name="Half Saved",
            category=ConsulteeCategory.PUBLIC,
            memberships=[(organisation, "A"), (organisation, "B")],
            acting_user=unit_staff,
        )
    assert not Contact.objects.exists()
    assert not Membership.objects.exists()


def test_update_service_validates_like_the_form(unit_staff, ward):
    contact = ContactFactory()
    with pytest.raises(Exception, match="Say why"):
        contact_update(contact=contact, do_not_contact=True, acting_user=unit_staff)
    with pytest.raises(Exception, match="not in the home borough"):
        contact_update(
            contact=contact,
            home_borough=WardFactory().borough,
            home_ward=ward,
            acting_user=unit_staff,
        )
    contact.refresh_from_db()
    assert not contact.do_not_contact
    assert contact.home_ward is None


def test_update_service_refuses_to_write_consent(unit_staff):
    contact = ContactFactory()
    with pytest.raises(TypeError):
        contact_update(contact=contact, email_consent=True, acting_user=unit_staff)


# History -----------------------------------------------------------------------------------


def test_history_shows_what_changed_and_who_changed_it(staff_client, unit_staff):
    contact = ContactFactory(name="Before Name", email="before@example.org", postcode="E8 1DY")
    url = reverse("stakeholders:contact-update", args=[contact.pk])
    response = staff_client.post(
        url,
        valid_form(
            name="After Name",
            email="before@example.org",
            postcode="E8 1DY",
            address_line_1=contact.address_line_1,
        ),
    )
    assert response.status_code == 302
    text = " ".join(staff_client.get(contact.get_absolute_url()).content.decode().split())
    history = text[text.index("Change history") :]
    assert "Name: changed from “Before Name” to “After Name”" in history
    assert "Uma Unitstaff" in history
    assert "Modified" not in history


def test_history_names_who_added_a_membership_and_recorded_consent(client, administrator):
    contact = ContactFactory(name="Joiner")
    OrganisationFactory(name="Peckham Residents")
    client.force_login(administrator)
    client.post(
        reverse("stakeholders:contact-update", args=[contact.pk]),
        valid_form(
            name="Joiner",
            email=contact.email,
            postcode=contact.postcode,
            **{"memberships-0-organisation": "Peckham Residents", "memberships-0-role": "Chair"},
        ),
    )
    client.post(
        reverse("stakeholders:contact-consent", args=[contact.pk]),
        {"channel": "email", "granted": "given", "method": "paper_form", "wording_version": "v2"},
    )
    entries = client.get(contact.get_absolute_url()).context["history"]
    membership = next(entry for entry in entries if entry.subject)
    assert membership.subject == "Membership: Peckham Residents"
    assert membership.who == "Ada Administrator"
    assert [(c.field, c.new) for c in membership.changes] == [("Role in the organisation", "Chair")]
    # (One test transaction gives every event the same time, so find it by what changed.)
    consent = next(entry for entry in entries if entry.changes[0].field == "Email consent")
    assert [(c.field, c.old, c.new) for c in consent.changes] == [("Email consent", "No", "Yes")]
    assert consent.who == "Ada Administrator"


def test_history_shows_a_membership_that_was_removed():
    membership = MembershipFactory(organisation=OrganisationFactory(name="Camden Youth Forum"))
    contact = membership.contact
    membership.delete()
    removed = [entry for entry in contact_history(contact) if entry.action == "Removed"]
    assert [entry.subject for entry in removed] == ["Membership: Camden Youth Forum"]
