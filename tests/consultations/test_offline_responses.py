"""Responses from paper and street briefings (issue 4, point 7), and the unit's view of all
responses: they count the same as online ones and are marked offline."""

import pytest
from django.urls import reverse

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory
from consultations.models import Answer, Question, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(ward):
    consultation = ConsultationFactory(wards=[ward], status=ConsultationStatus.OPEN)
    Question.objects.create(
        consultation=consultation,
        position=0,
        text="What worries you most?",
        kind=QuestionKind.SINGLE_CHOICE,
        options=["Burglary", "Knife crime"],
        required=True,
    )
    Question.objects.create(
        consultation=consultation,
        position=1,
        text="How safe do you feel?",
        kind=QuestionKind.RATING,
    )
    return consultation


def answers(consultation, worry="Burglary", rating="2"):
    first, second = consultation.questions.order_by("position")
    return {f"question_{first.pk}": worry, f"question_{second.pk}": rating}


def offline_url(consultation):
    return reverse("consultations:response-offline-create", args=[consultation.pk])


def list_url(consultation):
    return reverse("consultations:response-list", args=[consultation.pk])


def test_staff_enter_a_paper_response_marked_offline(client, unit_staff, consultation):
    client.force_login(unit_staff)
    reply = client.post(offline_url(consultation), {**answers(consultation), "name": "Pat"})
    assert reply.status_code == 302
    response = Response.objects.get()
    assert response.offline is True
    assert response.entered_by == unit_staff
    assert response.source_hash == ""
    assert response.name == "Pat"
    assert response.answers.count() == 2


def test_offline_entry_enforces_required_questions(client, unit_staff, consultation):
    client.force_login(unit_staff)
    reply = client.post(offline_url(consultation), answers(consultation, worry=""))
    assert reply.status_code == 200
    assert reply.context["form"].errors
    assert not Response.objects.exists()


def test_offline_entry_is_allowed_after_closing_but_not_before_opening(
    client, unit_staff, consultation
):
    client.force_login(unit_staff)
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.CLOSED)
    assert client.post(offline_url(consultation), answers(consultation)).status_code == 302
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.PLANNED)
    reply = client.post(offline_url(consultation), answers(consultation))
    assert reply.status_code == 200
    assert "only while the consultation is open or closed" in reply.content.decode()
    assert Response.objects.count() == 1


def test_offline_and_online_responses_count_the_same_in_the_aggregates(
    client, unit_staff, consultation
):
    client.post(
        reverse("consultations:public-response", args=[consultation.pk]),
        answers(consultation, "Burglary", "2"),
    )
    client.force_login(unit_staff)
    client.post(offline_url(consultation), answers(consultation, "Burglary", "5"))
    client.post(offline_url(consultation), answers(consultation, "Knife crime", "5"))
    assert Response.objects.filter(offline=True).count() == 2

    reply = client.get(list_url(consultation))
    aggregates = reply.context["aggregates"]
    assert aggregates["total"] == 3
    assert aggregates["offline"] == 2
    worry, rating = aggregates["questions"]
    assert worry.counts == [("Burglary", 2), ("Knife crime", 1)]
    assert rating.mean_rating == 4.0
    page = reply.content.decode()
    assert "Mean rating 4.0 out of 5" in page
    assert "3 responses, of which 2 entered from paper" in page


def test_response_detail_shows_the_answers_to_staff(client, administrator, consultation):
    client.force_login(administrator)
    client.post(offline_url(consultation), {**answers(consultation), "email": "pat@example.org"})
    response = Response.objects.get()
    page = client.get(reverse("consultations:response-detail", args=[response.pk]))
    assert "pat@example.org" in page.content.decode()
    assert "2 out of 5" in page.content.decode()


@pytest.mark.parametrize("role_user", ["authority_member", "sergeant"])
def test_responses_are_for_the_unit_only(client, request, consultation, role_user):
    response = Response.objects.create(consultation=consultation, name="Private Person")
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(list_url(consultation)).status_code == 403
    assert (
        client.get(reverse("consultations:response-detail", args=[response.pk])).status_code == 403
    )
    assert client.post(offline_url(consultation), answers(consultation)).status_code == 403
    assert Response.objects.count() == 1
    assert not Answer.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, consultation):
    reply = client.get(list_url(consultation))
    assert reply.status_code == 302
    assert reverse("accounts:sign-in") in reply.url
