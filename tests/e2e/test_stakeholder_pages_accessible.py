"""Every stakeholder page, on a 360 px phone screen: no serious accessibility problems and
no sideways scrolling of the page (wide tables scroll inside their own region)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from stakeholders.choices import Channel
from stakeholders.factories import ContactFactory, MembershipFactory, OrganisationFactory
from stakeholders.models import Audience, Segment, StaticList
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(unit_staff, ward):
    unit_staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_equalityprofile", "change_equalityprofile"])
    )
    contact = ContactFactory(
        name="Grace Hopkins",
        email="grace@example.org",
        consent=[Channel.EMAIL],
        home_ward=ward,
        home_borough=ward.borough,
    )
    twin = ContactFactory(name="Grace Hopkins", email="GRACE@example.org")
    organisation = MembershipFactory(contact=contact).organisation
    OrganisationFactory(name="Brixton Tenants Group")
    segment = Segment.objects.create(name="Everyone in the ward", filters={"ward": str(ward.pk)})
    static_list = StaticList.objects.create(name="Panel chairs")
    audience = Audience.objects.create(name="Ward meeting", channel=Channel.EMAIL)
    audience.segments.add(segment)
    return {
        "contact": contact,
        "twin": twin,
        "organisation": organisation,
        "segment": segment,
        "list": static_list,
        "audience": audience,
    }


def pages(records):
    contact, organisation = records["contact"].pk, records["organisation"].pk
    first, second = sorted([records["contact"].pk, records["twin"].pk])
    return [
        reverse("stakeholders:index"),
        reverse("stakeholders:contact-list"),
        reverse("stakeholders:contact-detail", args=[contact]),
        reverse("stakeholders:contact-create"),
        reverse("stakeholders:contact-update", args=[contact]),
        reverse("stakeholders:contact-consent", args=[contact]),
        reverse("stakeholders:contact-subject-access", args=[contact]),
        reverse("stakeholders:contact-erase", args=[contact]),
        reverse("stakeholders:equality-update", args=[contact]),
        reverse("stakeholders:equality-report"),
        reverse("stakeholders:organisation-list"),
        reverse("stakeholders:organisation-detail", args=[organisation]),
        reverse("stakeholders:organisation-create"),
        reverse("stakeholders:contact-interaction-create", args=[contact]),
        reverse("stakeholders:follow-up-list"),
        reverse("stakeholders:segment-list"),
        reverse("stakeholders:segment-detail", args=[records["segment"].pk]),
        reverse("stakeholders:list-list"),
        reverse("stakeholders:list-detail", args=[records["list"].pk]),
        reverse("stakeholders:audience-list"),
        reverse("stakeholders:audience-create"),
        reverse("stakeholders:audience-detail", args=[records["audience"].pk]),
        reverse("stakeholders:duplicate-list"),
        reverse("stakeholders:duplicate-merge", args=["contact", first, second]),
        reverse("stakeholders:import-list"),
        reverse("stakeholders:import-create"),
        reverse("stakeholders:retention-review"),
    ]


def test_every_stakeholder_page_is_accessible_on_a_phone(phone_page, unit_staff, records):
    sign_in(phone_page, unit_staff)
    problems = {}
    for path in pages(records):
        response = phone_page.goto(path)
        assert response.status == 200, path
        found = serious_accessibility_violations(phone_page)
        page_width = phone_page.evaluate("document.documentElement.scrollWidth")
        if page_width > 360:
            found.append(f"the page scrolls sideways ({page_width} px wide)")
        if found:
            problems[path] = found
    assert problems == {}
