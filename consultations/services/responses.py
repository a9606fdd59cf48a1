"""Writes for e-consultation: the questions a consultation asks, and the responses people
give online (public, no account) or on paper and at street briefings (entered by staff).

A public response is refused unless the consultation is open and today (London) lies
between its opening and closing dates. Two guards against abuse: a honeypot field that
people never see (a filled one gets a thank-you and nothing is stored), and at most
``RATE_LIMIT`` responses an hour to one consultation from one client address, counted from
``Response.source_hash``: a keyed hash of the address, never the address itself. The
address is the client's, not the TLS proxy's (``core.client_address``), so the members of
the public behind the proxy are not one bucket, and one person cannot block a
consultation for everyone, nor one consultation's visitors another's.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as date_format

from audit.models import Action
from audit.services import audit_record
from consultations.choices import ConsultationStatus, QuestionKind
from consultations.models import Answer, Consultation, Question, Response
from consultations.models.scope import is_planner

RATE_LIMIT = 5
RATE_WINDOW = datetime.timedelta(hours=1)
QUESTIONS_EDITABLE_IN = {ConsultationStatus.DRAFT, ConsultationStatus.PLANNED}
# Paper forms and street briefings are typed in after the event, so staff may still enter
# them once the consultation has closed, until its feedback is published.
OFFLINE_ENTRY_IN = {ConsultationStatus.OPEN, ConsultationStatus.CLOSED}
CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
RATING_LABELS = {
    1: "1 (very poor)",
    2: "2 (poor)",
    3: "3 (neither good nor poor)",
    4: "4 (good)",
    5: "5 (very good)",
}


def question_field_name(question: Question) -> str:
    """The name of a question's field in the response forms (and of its service errors)."""
    return f"question_{question.pk}"


# --- Questions -------------------------------------------------------------------------


def _may_change_questions(consultation: Consultation, acting_user) -> None:
    if not Consultation.objects.editable_by(acting_user).filter(pk=consultation.pk).exists():
        raise PermissionDenied("You may not change this consultation.")
    if consultation.status not in QUESTIONS_EDITABLE_IN:
        raise ValidationError(
            "The questions cannot change once the consultation is open: people may already "
            "have answered them."
        )


def _clean_options(kind: str, options: list[str]) -> list[str]:
    if kind not in CHOICE_KINDS:
        return []
    seen = []
    for option in options:
        option = option.strip()
        if option and option not in seen:
            seen.append(option)
    if len(seen) < 2:
        raise ValidationError({"options": "A choice question needs at least two options."})
    return seen


@transaction.atomic
def question_create(
    *,
    consultation: Consultation,
    text: str,
    kind: str,
    help_text: str = "",
    options: list[str] | None = None,
    required: bool = False,
    acting_user,
) -> Question:
    """Add a question at the end of the consultation's questionnaire."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _may_change_questions(consultation, acting_user)
    last = consultation.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        consultation=consultation,
        position=0 if last is None else last + 1,
        text=text.strip(),
        help_text=help_text.strip(),
        kind=kind,
        options=_clean_options(kind, options or []),
        required=required,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    kind: str,
    help_text: str = "",
    options: list[str] | None = None,
    required: bool = False,
    acting_user,
) -> Question:
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _may_change_questions(consultation, acting_user)
    question.text = text.strip()
    question.help_text = help_text.strip()
    question.kind = kind
    question.options = _clean_options(kind, options or [])
    question.required = required
    question.full_clean()
    question.save(update_fields=["text", "help_text", "kind", "options", "required"])
    return question


@transaction.atomic
def question_delete(*, question: Question, acting_user) -> None:
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _may_change_questions(consultation, acting_user)
    question.delete()
    _renumber(consultation, list(consultation.questions.order_by("position", "pk")))


@transaction.atomic
def question_move(*, question: Question, up: bool, acting_user) -> None:
    """Move a question one place up or down the questionnaire (no-op at either end)."""
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    _may_change_questions(consultation, acting_user)
    ordered = list(consultation.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(consultation, ordered)


def _renumber(consultation: Consultation, ordered: list[Question]) -> None:
    for position, question in enumerate(ordered):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


# --- Responses -------------------------------------------------------------------------


def source_hash(client_ip: str) -> str:
    """A keyed hash of the sender's address: enough to count, useless to find them by."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (client_ip or "").encode(), hashlib.sha256
    ).hexdigest()


def _day(day: datetime.date) -> str:
    return date_format(day, "j M Y")


def refusal_reason(consultation: Consultation, today: datetime.date | None = None) -> str | None:
    """Why the public cannot respond to this consultation today, or None if they can."""
    today = today or timezone.localdate()
    if consultation.status != ConsultationStatus.OPEN:
        if consultation.closes_on and consultation.status != ConsultationStatus.PLANNED:
            return f"This consultation closed on {_day(consultation.closes_on)}."
        return "This consultation is not open for responses."
    if consultation.opens_on and today < consultation.opens_on:
        return f"This consultation opens for responses on {_day(consultation.opens_on)}."
    if consultation.closes_on and today > consultation.closes_on:
        return f"This consultation closed on {_day(consultation.closes_on)}."
    return None


@dataclass
class Respondent:
    """Who answered, if they chose to say, and whether they may be contacted about it."""

    name: str = ""
    email: str = ""
    consents_to_contact: bool = False


def _clean_answers(questions: list[Question], answers: dict) -> list[Answer]:
    """Turn {question pk: value} into unsaved Answers, or raise field errors."""
    errors, cleaned = {}, []
    for question in questions:
        value = answers.get(question.pk)
        field = question_field_name(question)
        answer = Answer(question=question)
        if question.kind == QuestionKind.FREE_TEXT:
            answer.text = (value or "").strip()
            empty = not answer.text
        elif question.kind == QuestionKind.SINGLE_CHOICE:
            answer.choices = [value] if value else []
            empty = not value
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            answer.choices = [choice for choice in (value or []) if choice]
            empty = not answer.choices
        else:
            answer.rating = int(value) if value not in (None, "") else None
            empty = answer.rating is None
            if not empty and not 1 <= answer.rating <= 5:
                errors[field] = "Choose a rating from 1 to 5."
        if answer.choices and not set(answer.choices) <= set(question.options):
            errors[field] = "Choose from the options given."
        if empty and question.required:
            errors[field] = "This question needs an answer."
        if not empty:
            cleaned.append(answer)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_respondent(respondent: Respondent) -> Respondent:
    respondent = Respondent(
        name=respondent.name.strip(),
        email=respondent.email.strip(),
        consents_to_contact=respondent.consents_to_contact,
    )
    if respondent.consents_to_contact and not respondent.email:
        raise ValidationError(
            {"email": "Give an email address if you would like us to contact you."}
        )
    return respondent


def _store(consultation, answers, respondent, **fields) -> Response:
    response = Response(
        consultation=consultation,
        name=respondent.name,
        email=respondent.email,
        consents_to_contact=respondent.consents_to_contact,
        **fields,
    )
    response.full_clean()
    response.save()
    for answer in answers:
        answer.response = response
        answer.full_clean()
    Answer.objects.bulk_create(answers)
    given = [name for name in ("name", "email") if getattr(response, name)]
    audit_record(
        action=Action.PERSONAL_DATA_CHANGE,
        actor=fields.get("entered_by"),
        target=response,
        summary=f"Response {response.pk} to consultation {consultation.pk}"
        + (" entered from paper" if response.offline else " received online"),
        detail={"fields": ["response", *given]},
    )
    return response


@transaction.atomic
def response_submit(
    *,
    consultation: Consultation,
    answers: dict,
    respondent: Respondent,
    client_ip: str,
    honeypot: str = "",
) -> Response | None:
    """Store a public response. ``answers`` maps question pk to the answer: text, an
    option, a list of options or a rating 1 to 5.

    Returns None, storing nothing, when the honeypot was filled: the sender is thanked as
    if it had worked. Raises ValidationError when the consultation is not accepting
    responses, the address has sent it too many, or an answer is missing or not allowed.
    """
    reason = refusal_reason(consultation)
    if reason:
        raise ValidationError(reason, code="closed")
    if honeypot.strip():
        return None
    digest = source_hash(client_ip)
    with connection.cursor() as cursor:
        # Two responses from one address at once must not both slip under the limit.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{consultation.pk}:{digest}"]
        )
    recent = Response.objects.filter(
        consultation=consultation, source_hash=digest, created__gte=timezone.now() - RATE_WINDOW
    ).count()
    if recent >= RATE_LIMIT:
        raise ValidationError(
            "We have had several responses from your connection in the last hour. Please try "
            "again later, or ask us for a paper form.",
            code="rate_limited",
        )
    questions = list(consultation.questions.all())
    cleaned = _clean_answers(questions, answers)
    respondent = _clean_respondent(respondent)
    return _store(consultation, cleaned, respondent, offline=False, source_hash=digest)


@transaction.atomic
def response_enter_offline(
    *,
    consultation: Consultation,
    answers: dict,
    respondent: Respondent,
    acting_user,
) -> Response:
    """Type in a response given on paper or at a street briefing. It counts the same as
    an online one and is marked offline, with who entered it."""
    if not is_planner(acting_user):
        raise PermissionDenied("Only the unit enters responses.")
    if consultation.status not in OFFLINE_ENTRY_IN:
        raise ValidationError(
            "Responses can be entered only while the consultation is open or closed, before "
            "its feedback is published."
        )
    questions = list(consultation.questions.all())
    cleaned = _clean_answers(questions, answers)
    respondent = _clean_respondent(respondent)
    return _store(consultation, cleaned, respondent, offline=True, entered_by=acting_user)
