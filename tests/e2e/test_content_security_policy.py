"""The Content Security Policy in a real browser: enforced, watched by every browser test;
the admin site and htmx still work under it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stakeholders.factories import ContactFactory
from tests.e2e.conftest import csp_enforced_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

INJECT_INLINE_STYLE = """
const style = document.createElement("style");
style.textContent = "body { color: red }";
document.head.append(style);
"""


def test_a_blocked_inline_style_fails_the_browser_test(browser, live_server):
    with (
        pytest.raises(AssertionError, match="style-src"),
        csp_enforced_page(browser, base_url=live_server.url) as page,
    ):
        page.goto(reverse("home"))
        with page.expect_console_message(lambda message: "CSP violation" in message.text):
            page.evaluate(INJECT_INLINE_STYLE)


def test_an_inline_script_does_not_run_and_fails_the_browser_test(browser, live_server):
    with (
        pytest.raises(AssertionError, match="script-src"),
        csp_enforced_page(browser, base_url=live_server.url) as page,
    ):
        page.goto(reverse("home"))
        with page.expect_console_message(lambda message: "CSP violation" in message.text):
            ran = page.evaluate(
                """() => {
                    window.inlineRan = false;
                    const script = document.createElement("script");
                    script.textContent = "window.inlineRan = true";
                    document.head.append(script);
                    return window.inlineRan;
                }"""
            )
        assert ran is False


def test_the_admin_site_works_under_the_policy(page, administrator, ward):
    sign_in(page, administrator)
    page.goto(reverse("admin:index"))
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("searchbox").fill(administrator.email)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=administrator.email).click()

    # The two-box chooser for wards is drawn by the admin's JavaScript.
    chooser = page.locator("#id_wards_from")
    chooser.select_option(label=str(ward))
    page.locator("#id_wards_add").click()
    assert page.locator("#id_wards_to option").all_inner_texts() == [str(ward)]
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()


def test_htmx_search_works_and_keeps_no_copy_of_pages_in_the_browser(page, unit_staff, ward):
    ContactFactory(name="Priya Ramanathan", home_ward=ward, home_borough=ward.borough)
    ContactFactory(name="Otto Other", home_ward=ward, home_borough=ward.borough)
    sign_in(page, unit_staff)
    page.goto(reverse("stakeholders:contact-list"))

    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        page.get_by_label("Name or email").fill("Priya")
        page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?.*q=Priya"))
    results = page.locator("#contact-results")
    expect(results.get_by_role("link", name="Priya Ramanathan")).to_be_visible()
    expect(results.get_by_role("link", name="Otto Other")).to_have_count(0)

    # htmx would keep the page it replaced (names, emails) in sessionStorage for the back
    # button; configured not to, Back loads the page from the server instead.
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    page.go_back()
    expect(page.locator("#contact-results").get_by_role("link", name="Otto Other")).to_be_visible()
