"""Each role signs in through the real browser and sees exactly its own navigation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.roles import Role
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED_NAVIGATION = {
    Role.ADMINISTRATOR: [
        "Stakeholders",
        "Consultations",
        "Work plans",
        "Feedback",
        "Ward panels",
        "Equality figures",
        "Wards",
        "Users",
        "Audit trail",
    ],
    Role.UNIT_STAFF: [
        "Stakeholders",
        "Consultations",
        "Work plans",
        "Feedback",
        "Ward panels",
        "Equality figures",
        "Wards",
    ],
    Role.AUTHORITY_MEMBER: ["Consultations", "Work plans", "Equality figures", "Wards"],
    Role.NEIGHBOURHOOD_SERGEANT: ["Stakeholders", "Consultations", "Ward panels", "Wards"],
}


def main_navigation(page) -> list[str]:
    links = page.get_by_role("navigation", name="Main").locator("ul.me-auto a.nav-link")
    return [text.strip() for text in links.all_inner_texts()]


@pytest.mark.parametrize("role", list(Role), ids=[role.name.lower() for role in Role])
def test_each_role_signs_in_and_sees_its_navigation(page, users_by_role, role):
    user = users_by_role[role]
    sign_in(page, user)
    assert page.get_by_role("heading", level=1).inner_text() == f"Welcome, {user.get_short_name()}"
    assert main_navigation(page) == EXPECTED_NAVIGATION[role]


def test_signed_out_visitor_sees_no_sections(page):
    page.goto(reverse("home"))
    assert main_navigation(page) == []
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_wrong_password_shows_an_error(page, unit_staff):
    sign_in(page, unit_staff, password="wrong password entirely")
    assert "Please enter a correct email address and password" in page.content()
    assert main_navigation(page) == []


def test_phone_width_menu_opens_from_the_toggle(phone_page, sergeant):
    sign_in(phone_page, sergeant)
    main_nav = phone_page.get_by_role("navigation", name="Main")
    wards_link = main_nav.get_by_role("link", name="Wards")
    assert not wards_link.is_visible()
    phone_page.get_by_role("button", name="Show or hide the menu").click()
    wards_link.wait_for(state="visible")
    wards_link.click()
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Your wards"


@pytest.mark.parametrize("url_name", ["home", "accounts:sign-in"])
def test_public_pages_have_no_serious_accessibility_violations(page, url_name):
    page.goto(reverse(url_name))
    assert serious_accessibility_violations(page) == []


def test_signed_in_home_has_no_serious_accessibility_violations(page, unit_staff):
    sign_in(page, unit_staff)
    assert serious_accessibility_violations(page) == []


def test_sign_in_errors_have_no_serious_accessibility_violations(page, unit_staff):
    sign_in(page, unit_staff, password="wrong password entirely")
    assert serious_accessibility_violations(page) == []


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
