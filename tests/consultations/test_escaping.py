"""Text people typed is shown as text, never run as HTML (issue 10, defect 1): a question's
text, hint and options on the public response page and the staff offline-entry page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory, EventFactory
from consultations.models import Question
from stakeholders.models import Community

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 11, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def consultation(ward):
    consultation = ConsultationFactory(
        wards=[ward],
        status=ConsultationStatus.OPEN,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=10),
    )
    for position, kind in enumerate(QuestionKind.values):
        Question.objects.create(
            consultation=consultation,
            position=position,
            text=f"Question {position} {PAYLOAD}",
            help_text=f"Hint {position} {PAYLOAD}",
            kind=kind,
            options=[f"Option {PAYLOAD}", "Plain option"]
            if kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
            else [],
        )
    return consultation


def assert_shown_as_text(page: str, consultation):
    assert "<script>" not in page
    for position in range(len(QuestionKind.values)):
        assert f"Question {position} {ESCAPED}" in page
        assert f"Hint {position} {ESCAPED}" in page
    assert f"Option {ESCAPED}" in page


def test_public_response_page_shows_question_text_hint_and_options_as_text(client, consultation):
    page = client.get(reverse("consultations:public-response", args=[consultation.pk]))
    assert page.status_code == 200
    assert_shown_as_text(page.content.decode(), consultation)


def test_public_response_page_with_errors_still_shows_them_as_text(client, consultation):
    consultation.questions.update(required=True)
    page = client.post(reverse("consultations:public-response", args=[consultation.pk]), {})
    assert page.status_code == 200
    assert_shown_as_text(page.content.decode(), consultation)


def test_offline_entry_page_shows_question_text_hint_and_options_as_text(
    client, unit_staff, consultation
):
    client.force_login(unit_staff)
    page = client.get(reverse("consultations:response-offline-create", args=[consultation.pk]))
    assert page.status_code == 200
    assert_shown_as_text(page.content.decode(), consultation)


def test_administrator_sees_questions_as_text_on_the_offline_entry_page(
    client, administrator, consultation
):
    client.force_login(administrator)
    page = client.get(reverse("consultations:response-offline-create", args=[consultation.pk]))
    assert page.status_code == 200
    assert_shown_as_text(page.content.decode(), consultation)


def test_question_list_shows_question_text_and_hint_as_text(client, unit_staff, consultation):
    client.force_login(unit_staff)
    page = client.get(reverse("consultations:question-list", args=[consultation.pk]))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()
    assert ESCAPED in page.content.decode()


def test_community_names_on_the_head_count_form_are_shown_as_text(client, unit_staff):
    Community.objects.create(name=f"Community {PAYLOAD}", strand="age")
    client.force_login(unit_staff)
    page = client.get(reverse("consultations:headcount-record", args=[EventFactory().pk]))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()
    assert f"Community {ESCAPED}" in page.content.decode()
