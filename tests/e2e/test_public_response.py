"""A member of the public answers an open consultation on a phone (issue 4, Done when)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory
from consultations.models import Question, Response
from tests.e2e.conftest import serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(
        title="Policing priorities for Camden Town", status=ConsultationStatus.OPEN
    )
    for position, (text, kind, options) in enumerate(
        [
            ("What worries you most?", QuestionKind.SINGLE_CHOICE, ["Burglary", "Knife crime"]),
            ("When should patrols be out?", QuestionKind.MULTIPLE_CHOICE, ["Day", "Night"]),
            ("How safe do you feel?", QuestionKind.RATING, []),
            ("Anything else?", QuestionKind.FREE_TEXT, []),
        ]
    ):
        Question.objects.create(
            consultation=consultation,
            position=position,
            text=text,
            kind=kind,
            options=options,
            required=position == 0,
        )
    return consultation


def test_public_response_on_a_phone(phone_page, consultation):
    page = phone_page
    page.goto(reverse("consultations:public-response", args=[consultation.pk]))
    assert serious_accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Forgetting the required question keeps what was typed.
    page.get_by_label("Anything else?").fill("Better lighting by the station.")
    page.get_by_role("button", name="Send my response").click()
    page.wait_for_load_state()
    expect(page.get_by_text("This question needs an answer.")).to_be_visible()
    assert page.get_by_label("Anything else?").input_value() == "Better lighting by the station."
    assert serious_accessibility_violations(page) == []

    page.get_by_label("Knife crime").check()
    page.get_by_label("Night").check()
    page.get_by_label("4 (good)").check()
    page.get_by_label("Your email address (optional)").fill("jo@example.org")
    page.get_by_label("You may contact me about this consultation").check()
    page.get_by_role("button", name="Send my response").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your response"
    assert serious_accessibility_violations(page) == []

    response = Response.objects.get()
    assert response.offline is False
    assert response.consents_to_contact is True
    assert sorted(
        (answer.question.position, answer.text, answer.choices, answer.rating)
        for answer in response.answers.all()
    ) == [
        (0, "", ["Knife crime"], None),
        (1, "", ["Night"], None),
        (2, "", [], 4),
        (3, "Better lighting by the station.", [], None),
    ]
