"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}
# Every page runs under the Content Security Policy, enforced; whatever it blocks is a bug
# (an inline script or style, an eval, a resource from elsewhere). Chromium reports each
# block as a console error and as a `securitypolicyviolation` event; both are collected.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `make test` installs it (apt-get)")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM, used by the
    # test in the same thread, must be told that is deliberate. Only while the browser
    # runs: the variable must not leak into other tests or their subprocesses.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def csp_enforced_page(browser, **context_options):
    """A page in a new browser context; fails the test at teardown if the Content Security
    Policy blocked anything on any page it opened."""
    context = browser.new_context(**context_options)
    violations = []
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def collect(message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or text.startswith("CSP violation:")
        ):
            violations.append(f"{text} ({message.location.get('url')})")

    context.on("console", collect)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not violations, "The Content Security Policy blocked:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    with csp_enforced_page(
        browser, base_url=live_server.url, viewport={"width": 1280, "height": 800}
    ) as page:
        yield page


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px wide phone screen, as a sergeant on patrol uses."""
    with csp_enforced_page(
        browser, base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    ) as page:
        yield page


def sign_in(page, user, password=PASSWORD):
    page.goto(reverse("accounts:sign-in"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
