"""The audit trail's search page, on a 360 px phone screen: no serious accessibility
problems, no sideways scrolling, and reached from the navigation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import Action
from audit.services import audit_record
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_audit_page_is_accessible_on_a_phone_and_linked(phone_page, administrator):
    audit_record(
        action=Action.EXPORT,
        actor=administrator,
        summary="Exported 2 contacts as CSV",
        contact_ids=[1, 2],
        values={"filter": "q=" + "a-very-long-search-term" * 6 + "&format=csv"},
    )
    sign_in(phone_page, administrator)
    phone_page.goto(reverse("home"))
    phone_page.get_by_role("link", name="Audit trail").first.click()
    phone_page.wait_for_load_state()
    assert phone_page.url.endswith(reverse("audit:entry-list"))
    phone_page.get_by_label("What").select_option("export")
    phone_page.get_by_role("button", name="Search").click()
    phone_page.wait_for_load_state()
    expect(phone_page.get_by_text("Exported 2 contacts as CSV")).to_be_visible()
    problems = serious_accessibility_violations(phone_page)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"the page scrolls sideways ({width} px wide)")
    assert problems == []
