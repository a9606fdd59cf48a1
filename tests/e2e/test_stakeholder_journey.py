"""The unit's main journey through the stakeholder database, in a real browser:
search, open a contact, record consent, build an audience from two segments."""

import re

import pytest
from django.urls import reverse

from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory
from stakeholders.models import Audience, Contact, Segment, Topic
from stakeholders.selectors.audiences import audience_recipients
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(ward, other_ward):
    road_safety = Topic.objects.get_or_create(name="Road safety")[0]
    in_ward = {"home_ward": ward, "home_borough": ward.borough}
    both = ContactFactory(name="Beatrice Both", consent=[Channel.EMAIL], **in_ward)
    both.topics.add(road_safety)
    topic_only = ContactFactory(name="Tariq Topic", consent=[Channel.EMAIL])
    topic_only.topics.add(road_safety)
    return {
        "priya": ContactFactory(name="Priya Ramanathan", email="priya@example.org", **in_ward),
        "both": both,
        "topic_only": topic_only,
        "no_consent": ContactFactory(name="Nell Noconsent", **in_ward),
        "elsewhere": ContactFactory(
            name="Otto Elsewhere",
            home_ward=other_ward,
            home_borough=other_ward.borough,
            consent=[Channel.EMAIL],
        ),
        "road_safety": road_safety,
    }


def assert_accessible(page):
    assert serious_accessibility_violations(page) == [], page.url


def search_and_save_segment(page, field_label, option_label, segment_name):
    page.goto(reverse("stakeholders:contact-list"))
    page.get_by_label(field_label, exact=True).select_option(label=option_label)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?"))
    page.get_by_role("link", name="Save this search as a segment").click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile(r"^Name")).fill(segment_name)
    page.get_by_role("button", name="Save the segment").click()
    page.wait_for_load_state()
    assert Segment.objects.filter(name=segment_name).exists()


def test_unit_staff_search_record_consent_and_build_an_audience(page, unit_staff, people, ward):
    sign_in(page, unit_staff)

    # Search, and open the contact.
    page.goto(reverse("stakeholders:contact-list"))
    assert_accessible(page)
    page.get_by_label("Name or email").fill("Priya")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Priya Ramanathan").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Priya Ramanathan")
    assert_accessible(page)

    # Record her consent to email.
    page.get_by_role("link", name="Record consent").click()
    assert_accessible(page)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("They gave consent").check()
    page.get_by_label("How they told us").select_option(label="Paper form")
    page.get_by_label("Consent wording version").fill("v3 2026")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(re.compile(people["priya"].get_absolute_url() + "$"))
    assert "v3 2026" in page.get_by_role("region", name="Consent and contact").inner_text()
    assert Contact.objects.get(pk=people["priya"].pk).email_consent

    # Two overlapping segments: everyone in the ward, everyone interested in road safety.
    search_and_save_segment(page, "Home ward", str(ward), "Ward residents")
    search_and_save_segment(page, "Topic", "Road safety", "Road safety followers")

    # An email audience from both.
    page.goto(reverse("stakeholders:audience-create"))
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile(r"^Name")).fill("Ward road safety meeting")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Ward residents").check()
    page.get_by_label("Road safety followers").check()
    page.get_by_role("button", name="Build the audience").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Audience: Ward road safety meeting"
    )
    assert_accessible(page)
    report = page.get_by_role("table", name=re.compile("How many were found")).inner_text()
    assert re.search(r"Removed: no consent for this channel\s+1", report), report

    # Each person once; nobody without email consent; the other ward's resident is not in it.
    audience = Audience.objects.get(name="Ward road safety meeting")
    recipients = set(audience_recipients(audience, user=unit_staff))
    assert recipients == {people["priya"].pk, people["both"].pk, people["topic_only"].pk}
