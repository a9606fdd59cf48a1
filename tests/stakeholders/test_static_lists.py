"""Static lists: hand-picked contacts, added from a search, each person on a list once."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from core.roles import Role
from stakeholders.factories import ContactFactory
from stakeholders.models import Contact, StaticList, StaticListMember
from stakeholders.services.lists import static_list_create

pytestmark = pytest.mark.django_db


def add_url(**search):
    return f"{reverse('stakeholders:list-add-contacts')}?{urlencode(search, doseq=True)}"


def detail_url(static_list):
    return reverse("stakeholders:list-detail", args=[static_list.pk])


def members(static_list):
    return sorted(
        StaticListMember.objects.filter(static_list=static_list).values_list(
            "contact__name", flat=True
        )
    )


@pytest.fixture
def partners(unit_staff):
    return static_list_create(name="Partners", description="Who we ring", acting_user=unit_staff)


@pytest.fixture
def statutory(db):
    """Three statutory consultees and one member of the public."""
    for name in ("Ann Statutory", "Ben Statutory", "Cat Statutory"):
        ContactFactory(name=name, category="statutory")
    ContactFactory(name="Pam Public", category="public")


def test_staff_start_a_list(client, unit_staff):
    client.force_login(unit_staff)

    response = client.post(
        reverse("stakeholders:list-create"), {"name": "IAG members", "description": "Borough IAG"}
    )

    static_list = StaticList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(static_list)
    assert (static_list.name, static_list.created_by) == ("IAG members", unit_staff)


def test_a_list_needs_a_name_of_its_own(client, unit_staff, partners):
    client.force_login(unit_staff)

    empty = client.post(reverse("stakeholders:list-create"), {"name": "", "description": "Kept"})
    taken = client.post(reverse("stakeholders:list-create"), {"name": "partners"})

    assert "name" in empty.context["form"].errors
    assert "Kept" in empty.content.decode()
    assert taken.context["form"].errors["name"] == [
        "There is already a list called “partners”. Choose another name."
    ]
    assert list(StaticList.objects.all()) == [partners]


def test_adding_a_search_to_a_list_never_duplicates_members(
    client, unit_staff, partners, statutory
):
    StaticListMember.objects.create(
        static_list=partners, contact=Contact.objects.get(name="Ann Statutory")
    )
    client.force_login(unit_staff)

    page = client.get(add_url(category="statutory", page=1))
    assert page.context["match_count"] == 3
    assert "Consultee category" in page.content.decode()

    response = client.post(
        add_url(category="statutory"), {"static_list": partners.pk, "which": "all"}, follow=True
    )

    assert members(partners) == ["Ann Statutory", "Ben Statutory", "Cat Statutory"]
    assert "Added 2 to “Partners”; 1 was already on it." in response.content.decode()

    again = client.post(
        add_url(category="statutory"), {"static_list": partners.pk, "which": "all"}, follow=True
    )
    assert StaticListMember.objects.filter(static_list=partners).count() == 3
    assert "Added 0 to “Partners”; 3 were already on it." in again.content.decode()
    assert StaticListMember.objects.get(contact__name="Ben Statutory").added_by == unit_staff


def test_only_the_ticked_contacts_are_added_when_asked(client, unit_staff, partners, statutory):
    ben = Contact.objects.get(name="Ben Statutory")
    client.force_login(unit_staff)

    page = client.get(add_url(category="statutory", contacts=[ben.pk]))
    assert page.context["form"].initial["which"] == "ticked"
    assert page.context["ticked"] == {str(ben.pk)}

    client.post(
        add_url(category="statutory"),
        {"static_list": partners.pk, "which": "ticked", "contacts": [ben.pk]},
    )

    assert members(partners) == ["Ben Statutory"]


def test_a_ticked_contact_outside_the_search_is_refused(client, unit_staff, partners, statutory):
    pam = Contact.objects.get(name="Pam Public")
    client.force_login(unit_staff)

    response = client.post(
        add_url(category="statutory"),
        {"static_list": partners.pk, "which": "ticked", "contacts": [pam.pk]},
    )

    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors
    assert members(partners) == []


def test_contacts_can_go_on_a_new_list_named_there_and_then(client, unit_staff, statutory):
    client.force_login(unit_staff)

    response = client.post(
        add_url(category="statutory"), {"new_list_name": "Statutory consultees", "which": "all"}
    )

    static_list = StaticList.objects.get()
    assert response["Location"] == detail_url(static_list)
    assert static_list.name == "Statutory consultees"
    assert len(members(static_list)) == 3


def test_a_new_list_name_already_taken_saves_nothing(client, unit_staff, partners, statutory):
    client.force_login(unit_staff)

    response = client.post(
        add_url(category="statutory"), {"new_list_name": "PARTNERS", "which": "all"}
    )

    assert response.status_code == 200
    assert "There is already a list called “PARTNERS”" in str(
        response.context["form"].errors["new_list_name"]
    )
    assert StaticList.objects.count() == 1
    assert members(partners) == []


def test_adding_needs_one_list_chosen_or_named(client, unit_staff, partners, statutory):
    client.force_login(unit_staff)

    neither = client.post(add_url(category="statutory"), {"which": "all"})
    both = client.post(
        add_url(category="statutory"),
        {"static_list": partners.pk, "new_list_name": "Another", "which": "all"},
    )

    assert "static_list" in neither.context["form"].errors
    assert "new_list_name" in both.context["form"].errors
    assert StaticList.objects.count() == 1
    assert members(partners) == []


def test_a_search_that_makes_no_sense_adds_nobody(client, unit_staff, partners, statutory):
    client.force_login(unit_staff)

    response = client.post(
        add_url(ward=999999), {"static_list": partners.pk, "which": "all"}, follow=True
    )

    assert "no longer makes sense" in response.content.decode()
    assert members(partners) == []


def test_the_list_page_shows_its_members_and_takes_one_off(client, unit_staff, partners):
    kept, removed = ContactFactory(name="Kept Member"), ContactFactory(name="Gone Member")
    for contact in (kept, removed):
        StaticListMember.objects.create(static_list=partners, contact=contact)
    client.force_login(unit_staff)

    page = client.get(detail_url(partners))
    assert [c.name for c in page.context["members"]] == ["Gone Member", "Kept Member"]
    remove = reverse("stakeholders:list-remove-member", args=[partners.pk, removed.pk])
    assert remove in page.content.decode()

    response = client.post(remove, follow=True)

    assert members(partners) == ["Kept Member"]
    assert "Gone Member taken off “Partners”." in response.content.decode()


def test_the_list_of_lists_counts_members(client, unit_staff, partners):
    StaticListMember.objects.create(static_list=partners, contact=ContactFactory())
    client.force_login(unit_staff)

    page = client.get(reverse("stakeholders:list-list"))

    assert [(sl.name, sl.member_count) for sl in page.context["static_lists"]] == [("Partners", 1)]


def list_urls(static_list):
    return [
        reverse("stakeholders:list-list"),
        reverse("stakeholders:list-create"),
        detail_url(static_list),
        add_url(category="statutory"),
    ]


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.ADMINISTRATOR])
def test_staff_and_administrators_may_use_the_list_pages(client, users_by_role, role, partners):
    client.force_login(users_by_role[role])
    for url in list_urls(partners):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.NEIGHBOURHOOD_SERGEANT, Role.AUTHORITY_MEMBER])
def test_sergeants_and_authority_members_are_refused_the_list_pages(
    client, users_by_role, role, partners, statutory
):
    member = ContactFactory()
    StaticListMember.objects.create(static_list=partners, contact=member)
    client.force_login(users_by_role[role])
    for url in list_urls(partners):
        assert client.get(url).status_code == 403, url
    add = client.post(add_url(category="statutory"), {"static_list": partners.pk, "which": "all"})
    remove = client.post(reverse("stakeholders:list-remove-member", args=[partners.pk, member.pk]))
    assert (add.status_code, remove.status_code) == (403, 403)
    assert StaticListMember.objects.filter(static_list=partners).count() == 1


def test_signed_out_visitors_are_sent_to_sign_in_from_the_list_pages(client, partners):
    for url in list_urls(partners):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
