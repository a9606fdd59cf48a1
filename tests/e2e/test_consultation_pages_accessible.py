"""Every consultation page, on a 360 px phone screen: no serious accessibility problems
and no sideways scrolling of the page."""

import pytest
from django.urls import reverse

from consultations.choices import ConsultationStatus, FindingSource, QuestionKind, ResourceKind
from consultations.factories import (
    ConsultationFactory,
    ConsultativeGroupFactory,
    EventFactory,
    WardPriorityFactory,
)
from consultations.models import Finding, Question, Response, ToolkitResource
from tests.e2e.conftest import serious_accessibility_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(ward, unit_staff):
    consultation = ConsultationFactory(wards=[ward], status=ConsultationStatus.OPEN)
    Question.objects.create(
        consultation=consultation, text="What worries you most?", kind=QuestionKind.FREE_TEXT
    )
    event = EventFactory(consultation=consultation, published=True, ward=ward)
    group = ConsultativeGroupFactory(ward=ward, borough=ward.borough)
    priority = WardPriorityFactory(group=group)
    response = Response.objects.create(consultation=consultation, name="Ann Example")
    finding = Finding.objects.create(
        consultation=consultation, title="Speeding near schools", source=FindingSource.RESPONSE
    )
    resource = ToolkitResource.objects.create(
        title="Planning guidance", kind=ResourceKind.GUIDANCE, summary="How to plan."
    )
    return {
        "consultation": consultation.pk,
        "event": event.pk,
        "group": group.pk,
        "response": response.pk,
        "finding": finding.pk,
        "resource": resource.pk,
        "priority": priority.pk,
    }


def staff_pages(r):
    return [
        reverse("consultations:index"),
        reverse("consultations:consultation-list"),
        reverse("consultations:consultation-detail", args=[r["consultation"]]),
        reverse("consultations:consultation-create"),
        reverse("consultations:consultation-update", args=[r["consultation"]]),
        reverse("consultations:calendar-month"),
        reverse("consultations:calendar-list"),
        reverse("consultations:group-list"),
        reverse("consultations:group-detail", args=[r["group"]]),
        reverse("consultations:group-create"),
        reverse("consultations:event-detail", args=[r["event"]]),
        reverse("consultations:event-update", args=[r["event"]]),
        reverse("consultations:invitation-list", args=[r["event"]]),
        reverse("consultations:invitation-create", args=[r["event"]]),
        reverse("consultations:attendance-record", args=[r["event"]]),
        reverse("consultations:headcount-record", args=[r["event"]]),
        reverse("consultations:question-list", args=[r["consultation"]]),
        reverse("consultations:response-list", args=[r["consultation"]]),
        reverse("consultations:response-detail", args=[r["response"]]),
        reverse("consultations:finding-list", args=[r["consultation"]]),
        reverse("consultations:finding-detail", args=[r["finding"]]),
        reverse("consultations:toolkit-list"),
        reverse("consultations:toolkit-detail", args=[r["resource"]]),
        reverse("consultations:panel-home"),
        reverse("consultations:meeting-log", args=[r["group"]]),
        reverse("consultations:panel-members", args=[r["group"]]),
        reverse("consultations:priority-detail", args=[r["priority"]]),
        reverse("consultations:priority-close", args=[r["priority"]]),
        reverse("consultations:statutory-tracker"),
        reverse("consultations:panel-overview"),
        reverse("consultations:panel-overview-aggregate"),
    ]


def public_pages(r):
    return [
        reverse("consultations:public-event-list"),
        reverse("consultations:public-event-detail", args=[r["event"]]),
        reverse("consultations:public-response", args=[r["consultation"]]),
    ]


def problems_on(page, paths):
    problems = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        found = serious_accessibility_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            found.append(f"the page scrolls sideways ({width} px wide)")
        if found:
            problems[path] = found
    return problems


def test_every_consultation_page_is_accessible_on_a_phone(phone_page, unit_staff, records):
    sign_in(phone_page, unit_staff)
    assert problems_on(phone_page, staff_pages(records)) == {}


def test_public_pages_are_accessible_on_a_phone(phone_page, records):
    assert problems_on(phone_page, public_pages(records)) == {}
