"""The Content Security Policy in a real browser: enforced, watched by every browser test,
and the admin site still works under it."""

import pytest
from django.urls import reverse

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
    assert page.get_by_text("was changed successfully").is_visible()
