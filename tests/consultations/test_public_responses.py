"""The public response page (issue 4, point 7): open consultations only, between their
dates; answers stored; required questions; honeypot and per-address rate limit."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.factories import ConsultationFactory
from consultations.models import Answer, Question, Response
from consultations.services.responses import RATE_LIMIT, source_hash

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    # Noon in London (BST) on TODAY.
    with time_machine.travel(datetime.datetime(2026, 6, 15, 11, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def consultation():
    return open_consultation(title="Policing priorities for Camden Town")


def open_consultation(title):
    """An open consultation with one question of each kind, two of them required."""
    consultation = ConsultationFactory(
        title=title,
        why="The borough sets its policing priorities for next year.",
        can_influence="Which three priorities the ward team works on.",
        already_fixed="The number of officers in the ward.",
        status=ConsultationStatus.OPEN,
        opens_on=TODAY - datetime.timedelta(days=10),
        closes_on=TODAY + datetime.timedelta(days=20),
    )
    Question.objects.create(
        consultation=consultation,
        position=0,
        text="What worries you most?",
        kind=QuestionKind.SINGLE_CHOICE,
        options=["Burglary", "Antisocial behaviour", "Knife crime"],
        required=True,
    )
    Question.objects.create(
        consultation=consultation,
        position=1,
        text="Which times of day should patrols cover?",
        kind=QuestionKind.MULTIPLE_CHOICE,
        options=["Morning", "Afternoon", "Night"],
    )
    Question.objects.create(
        consultation=consultation,
        position=2,
        text="How safe do you feel?",
        kind=QuestionKind.RATING,
    )
    Question.objects.create(
        consultation=consultation,
        position=3,
        text="Anything else?",
        kind=QuestionKind.FREE_TEXT,
        required=True,
    )
    return consultation


def url(consultation):
    return reverse("consultations:public-response", args=[consultation.pk])


def thanks_url(consultation):
    return reverse("consultations:public-response-thanks", args=[consultation.pk])


def field(consultation, position):
    return f"question_{consultation.questions.get(position=position).pk}"


def valid_answers(consultation, **extra):
    return {
        field(consultation, 0): "Burglary",
        field(consultation, 1): ["Morning", "Night"],
        field(consultation, 2): "4",
        field(consultation, 3): "More patrols near the station, please.",
        **extra,
    }


def test_page_shows_why_what_can_be_influenced_what_is_fixed_and_closing_date(client, consultation):
    page = client.get(url(consultation)).content.decode()
    assert "Policing priorities for Camden Town" in page
    assert "The borough sets its policing priorities for next year." in page
    assert "Which three priorities the ward team works on." in page
    assert "The number of officers in the ward." in page
    assert "5 Jul 2026" in page
    assert "What worries you most?" in page
    assert page.index("What you can influence") < page.index("What worries you most?")


@pytest.mark.parametrize("status", [ConsultationStatus.DRAFT, ConsultationStatus.PLANNED])
def test_consultations_never_opened_are_not_found(client, consultation, status):
    type(consultation).objects.filter(pk=consultation.pk).update(status=status)
    assert client.get(url(consultation)).status_code == 404
    assert client.post(url(consultation), valid_answers(consultation)).status_code == 404
    assert client.get(thanks_url(consultation)).status_code == 404
    assert not Response.objects.exists()


def test_anonymous_visitor_can_respond_and_answers_are_stored(client, consultation):
    answers = valid_answers(
        consultation,
        name="Jo Bloggs",
        email="jo@example.org",
        consents_to_contact="on",
    )
    reply = client.post(url(consultation), answers)
    assert reply.status_code == 302
    assert reply.url == thanks_url(consultation)
    response = Response.objects.get()
    assert response.consultation == consultation
    assert response.offline is False
    assert response.entered_by is None
    assert (response.name, response.email, response.consents_to_contact) == (
        "Jo Bloggs",
        "jo@example.org",
        True,
    )
    stored = {answer.question.position: answer for answer in response.answers.all()}
    assert stored[0].choices == ["Burglary"]
    assert stored[1].choices == ["Morning", "Night"]
    assert stored[2].rating == 4
    assert stored[3].text == "More patrols near the station, please."
    assert "Thank you" in client.get(reply.url).content.decode()


def test_optional_questions_may_be_left_blank(client, consultation):
    answers = valid_answers(consultation)
    del answers[field(consultation, 1)]
    answers[field(consultation, 2)] = ""
    assert client.post(url(consultation), answers).status_code == 302
    assert Answer.objects.count() == 2


def test_required_question_left_blank_is_refused_next_to_the_field_keeping_typed_answers(
    client, consultation
):
    answers = valid_answers(consultation)
    answers[field(consultation, 0)] = ""
    answers[field(consultation, 3)] = "Street lighting on Bayham Street."
    reply = client.post(url(consultation), answers)
    assert reply.status_code == 200
    form = reply.context["form"]
    assert list(form.errors) == [field(consultation, 0)]
    page = reply.content.decode()
    assert "Street lighting on Bayham Street." in page
    question_block = page[page.index(f'id="div_{form[field(consultation, 0)].auto_id}"') :]
    question_block = question_block[: question_block.index("</fieldset>")]
    assert "This question needs an answer." in question_block
    assert re.search(r'<input type="checkbox"[^>]*value="Morning"[^>]*checked', page)
    assert re.search(r'<input type="checkbox"[^>]*value="Night"[^>]*checked', page)
    assert not re.search(r'<input type="checkbox"[^>]*value="Afternoon"[^>]*checked', page)
    assert re.search(r'<input type="radio"[^>]*value="4"[^>]*checked', page)
    assert not Response.objects.exists()


def test_choice_outside_the_options_is_refused(client, consultation):
    reply = client.post(
        url(consultation), valid_answers(consultation, **{field(consultation, 0): "Fraud"})
    )
    assert reply.status_code == 200
    assert field(consultation, 0) in reply.context["form"].errors
    assert not Response.objects.exists()


def test_consent_to_contact_needs_an_email_address(client, consultation):
    reply = client.post(url(consultation), valid_answers(consultation, consents_to_contact="on"))
    assert reply.status_code == 200
    assert "email" in reply.context["form"].errors
    assert not Response.objects.exists()


def test_response_after_the_closing_date_is_refused(client, consultation):
    consultation.closes_on = TODAY - datetime.timedelta(days=1)
    consultation.save()
    page = client.get(url(consultation))
    assert page.status_code == 200
    assert page.templates[0].name == "consultations/public_response_closed.html"
    assert "closed on 14 Jun 2026" in page.content.decode()
    reply = client.post(url(consultation), valid_answers(consultation))
    assert reply.status_code == 200
    assert "closed on 14 Jun 2026" in reply.content.decode()
    assert not Response.objects.exists()


def test_response_on_the_closing_date_is_accepted(client, consultation):
    consultation.closes_on = TODAY
    consultation.save()
    assert client.post(url(consultation), valid_answers(consultation)).status_code == 302
    assert Response.objects.count() == 1


def test_response_before_the_opening_date_is_refused(client, consultation):
    consultation.opens_on = TODAY + datetime.timedelta(days=2)
    consultation.save()
    reply = client.post(url(consultation), valid_answers(consultation))
    assert reply.status_code == 200
    assert "opens for responses on 17 Jun 2026" in reply.content.decode()
    assert not Response.objects.exists()


def test_response_to_a_closed_consultation_is_refused(client, consultation):
    type(consultation).objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.CLOSED, closes_on=TODAY - datetime.timedelta(days=3)
    )
    reply = client.post(url(consultation), valid_answers(consultation))
    assert reply.status_code == 200
    assert "closed on 12 Jun 2026" in reply.content.decode()
    assert not Response.objects.exists()


def test_honeypot_filled_shows_thanks_but_stores_nothing(client, consultation):
    reply = client.post(
        url(consultation), valid_answers(consultation, website="http://spam.example")
    )
    assert reply.status_code == 302
    assert reply.url == thanks_url(consultation)
    assert not Response.objects.exists()


def test_honeypot_filled_with_invalid_answers_still_shows_thanks(client, consultation):
    reply = client.post(url(consultation), {"website": "buy now"})
    assert reply.status_code == 302
    assert not Response.objects.exists()


def test_honeypot_is_hidden_from_people(client, consultation):
    page = client.get(url(consultation)).content.decode()
    start = page.index('aria-hidden="true"')
    hidden = page[start : page.index("</div>", start)]
    assert 'name="website"' in hidden
    assert 'tabindex="-1"' in hidden
    assert 'autocomplete="off"' in hidden


def test_sixth_response_from_one_address_within_an_hour_is_refused(client, consultation):
    for _ in range(RATE_LIMIT):
        reply = client.post(
            url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7"
        )
        assert reply.status_code == 302
    reply = client.post(url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7")
    assert reply.status_code == 200
    assert "several responses from your connection" in reply.content.decode()
    assert Response.objects.count() == RATE_LIMIT

    other = client.post(url(consultation), valid_answers(consultation), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 302
    assert Response.objects.count() == RATE_LIMIT + 1


def test_address_may_respond_again_after_an_hour(client, consultation):
    for _ in range(RATE_LIMIT):
        client.post(url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7")
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, 1, tzinfo=datetime.UTC)):
        reply = client.post(
            url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7"
        )
    assert reply.status_code == 302
    assert Response.objects.count() == RATE_LIMIT + 1


def test_the_address_itself_is_never_stored(client, consultation):
    client.post(url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7")
    response = Response.objects.get()
    assert response.source_hash == source_hash("203.0.113.7")
    assert response.source_hash != "203.0.113.7"
    assert len(response.source_hash) == 64
    stored = " ".join(str(value) for value in Response.objects.values().get().values())
    assert "203.0.113.7" not in stored


# --- The limit per consultation and client address (issue 10, defect 3) -----------------

PROXY = "10.0.0.5"  # the TLS proxy in front of engage, as TRUSTED_PROXIES names it


@pytest.fixture
def behind_proxy(settings):
    settings.ENGAGE_TRUSTED_PROXIES = [PROXY]


def through_proxy(client, consultation, forwarded_for):
    return client.post(
        url(consultation),
        valid_answers(consultation),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_members_of_the_public_behind_the_proxy_each_have_their_own_limit(
    client, consultation, behind_proxy
):
    for number in range(1, 3 * RATE_LIMIT):
        assert through_proxy(client, consultation, f"198.51.100.{number}").status_code == 302
    assert Response.objects.count() == 3 * RATE_LIMIT - 1


def test_one_address_behind_the_proxy_is_still_limited(client, consultation, behind_proxy):
    for _ in range(RATE_LIMIT):
        assert through_proxy(client, consultation, "198.51.100.7").status_code == 302
    refused = through_proxy(client, consultation, "198.51.100.7")
    assert "several responses from your connection" in refused.content.decode()
    assert through_proxy(client, consultation, "198.51.100.8").status_code == 302


def test_an_address_the_client_adds_before_the_proxys_own_entry_is_ignored(
    client, consultation, behind_proxy
):
    # The proxy appends the address it saw; anything to its left came from the client.
    for number in range(RATE_LIMIT):
        reply = through_proxy(client, consultation, f"192.0.2.{number}, 198.51.100.7")
        assert reply.status_code == 302
    refused = through_proxy(client, consultation, "192.0.2.99, 198.51.100.7")
    assert "several responses from your connection" in refused.content.decode()


def test_a_forwarded_header_from_an_untrusted_address_does_not_evade_the_limit(
    client, consultation, behind_proxy
):
    def spoofed(number):
        return client.post(
            url(consultation),
            valid_answers(consultation),
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    for number in range(RATE_LIMIT):
        assert spoofed(number).status_code == 302
    assert "several responses from your connection" in spoofed(99).content.decode()
    assert Response.objects.count() == RATE_LIMIT


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(client, consultation):
    for number in range(RATE_LIMIT):
        through_proxy(client, consultation, f"198.51.100.{number}")
    refused = through_proxy(client, consultation, "198.51.100.99")
    assert "several responses from your connection" in refused.content.decode()


def test_each_consultation_has_its_own_limit(client, consultation):
    other = open_consultation(title="Safer streets in Kentish Town")
    for _ in range(RATE_LIMIT):
        client.post(url(consultation), valid_answers(consultation), REMOTE_ADDR="203.0.113.7")
    reply = client.post(url(other), valid_answers(other), REMOTE_ADDR="203.0.113.7")
    assert reply.status_code == 302
    assert other.responses.count() == 1
