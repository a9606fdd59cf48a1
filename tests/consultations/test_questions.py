"""The questionnaire of a consultation (issue 4, point 7): planners write it while the
consultation is draft or planned; once open it cannot change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory
from consultations.models import Question
from consultations.services.responses import question_create, question_move

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(ward):
    return ConsultationFactory(wards=[ward], status=ConsultationStatus.PLANNED)


def question(consultation, text="How safe do you feel?", position=0):
    return Question.objects.create(
        consultation=consultation, text=text, kind=QuestionKind.RATING, position=position
    )


def create_url(consultation):
    return reverse("consultations:question-create", args=[consultation.pk])


CHOICE = {
    "text": "What worries you most?",
    "kind": QuestionKind.SINGLE_CHOICE,
    "options": "Burglary\nKnife crime\n\nBurglary",
    "required": "on",
}


def test_planner_adds_a_choice_question(client, unit_staff, consultation):
    client.force_login(unit_staff)
    reply = client.post(create_url(consultation), CHOICE)
    assert reply.status_code == 302
    stored = consultation.questions.get()
    assert stored.options == ["Burglary", "Knife crime"]
    assert stored.required is True
    page = client.get(reverse("consultations:question-list", args=[consultation.pk]))
    assert "What worries you most?" in page.content.decode()


def test_choice_question_needs_two_options(client, unit_staff, consultation):
    client.force_login(unit_staff)
    reply = client.post(create_url(consultation), {**CHOICE, "options": "Burglary"})
    assert reply.status_code == 200
    assert "at least two options" in reply.context["form"].errors["options"][0]
    assert reply.context["form"]["text"].value() == "What worries you most?"
    assert not Question.objects.exists()


def test_questions_cannot_change_once_open(client, unit_staff, consultation):
    existing = question(consultation)
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.OPEN)
    client.force_login(unit_staff)

    reply = client.post(create_url(consultation), CHOICE)
    assert "cannot change once the consultation is open" in reply.content.decode()
    client.post(
        reverse("consultations:question-update", args=[existing.pk]),
        {"text": "Changed", "kind": QuestionKind.FREE_TEXT},
    )
    client.post(reverse("consultations:question-delete", args=[existing.pk]))

    assert list(consultation.questions.values_list("text", flat=True)) == ["How safe do you feel?"]
    consultation.refresh_from_db()
    with pytest.raises(ValidationError):
        question_create(
            consultation=consultation, text="Late", kind=QuestionKind.RATING, acting_user=unit_staff
        )


def test_planner_edits_and_deletes_a_question_while_planned(client, unit_staff, consultation):
    existing = question(consultation)
    client.force_login(unit_staff)
    client.post(
        reverse("consultations:question-update", args=[existing.pk]),
        {"text": "How safe do you feel at night?", "kind": QuestionKind.RATING},
    )
    existing.refresh_from_db()
    assert existing.text == "How safe do you feel at night?"
    client.post(reverse("consultations:question-delete", args=[existing.pk]))
    assert not Question.objects.exists()


def test_questions_are_reordered(client, unit_staff, consultation):
    first, second = question(consultation, "First", 0), question(consultation, "Second", 1)
    client.force_login(unit_staff)
    client.post(reverse("consultations:question-move", args=[second.pk]), {"direction": "up"})
    assert list(consultation.questions.order_by("position").values_list("text", flat=True)) == [
        "Second",
        "First",
    ]
    question_move(question=first, up=True, acting_user=unit_staff)
    assert list(consultation.questions.order_by("position").values_list("text", flat=True)) == [
        "First",
        "Second",
    ]


def test_sergeant_writes_questions_for_consultations_in_their_wards(client, sergeant, consultation):
    client.force_login(sergeant)
    assert client.post(create_url(consultation), CHOICE).status_code == 302
    assert consultation.questions.count() == 1


def test_sergeant_gets_not_found_outside_their_wards(client, sergeant, other_ward):
    elsewhere = ConsultationFactory(wards=[other_ward], status=ConsultationStatus.PLANNED)
    existing = question(elsewhere)
    client.force_login(sergeant)
    assert (
        client.get(reverse("consultations:question-list", args=[elsewhere.pk])).status_code == 404
    )
    assert client.post(create_url(elsewhere), CHOICE).status_code == 404
    assert (
        client.post(reverse("consultations:question-delete", args=[existing.pk])).status_code == 404
    )
    assert Question.objects.filter(pk=existing.pk).exists()


def test_authority_member_may_not_write_questions(client, authority_member, consultation):
    existing = question(consultation)
    client.force_login(authority_member)
    assert (
        client.get(reverse("consultations:question-list", args=[consultation.pk])).status_code
        == 403
    )
    assert client.post(create_url(consultation), CHOICE).status_code == 403
    assert (
        client.post(reverse("consultations:question-delete", args=[existing.pk])).status_code == 403
    )
    assert Question.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, consultation):
    reply = client.get(reverse("consultations:question-list", args=[consultation.pk]))
    assert reply.status_code == 302
    assert reverse("accounts:sign-in") in reply.url
