"""Reads for e-consultation: the public's view of a consultation, the questions, and the
responses with their aggregates (for the unit only: responses may carry names)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from consultations.choices import ConsultationStatus, QuestionKind
from consultations.models import Answer, Consultation, Question, Response
from consultations.services.responses import RATING_LABELS

NEVER_OPENED = {ConsultationStatus.DRAFT, ConsultationStatus.PLANNED}


def public_consultations() -> QuerySet[Consultation]:
    """What the public may look up: consultations that have opened at some point."""
    return Consultation.objects.exclude(status__in=NEVER_OPENED)


def questions_for(*, consultation: Consultation) -> QuerySet[Question]:
    return consultation.questions.order_by("position", "pk")


def responses_for(*, user, consultation: Consultation) -> QuerySet[Response]:
    return (
        Response.objects.filter(
            consultation__in=Consultation.objects.visible_to(user), consultation=consultation
        )
        .select_related("entered_by")
        .prefetch_related("findings")
        .order_by("-created")
    )


def response_for_detail(*, user) -> QuerySet[Response]:
    return (
        Response.objects.filter(consultation__in=Consultation.objects.visible_to(user))
        .select_related("consultation", "entered_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "question__pk"
                ),
            ),
            "findings",
        )
    )


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean_rating: float | None = None


def response_aggregates(*, consultation: Consultation) -> dict:
    """Per question: how many answered, the count per option (or per rating) and the mean
    rating. Online and offline responses count the same."""
    questions = list(questions_for(consultation=consultation))
    answers = Answer.objects.filter(response__consultation=consultation).values(
        "question_id", "choices", "rating", "text"
    )
    by_question: dict[int, list[dict]] = {question.pk: [] for question in questions}
    for answer in answers:
        by_question.setdefault(answer["question_id"], []).append(answer)
    summaries = []
    for question in questions:
        rows = by_question[question.pk]
        summary = QuestionSummary(question=question, answered=len(rows))
        if question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}:
            tally = Counter(choice for row in rows for choice in row["choices"])
            summary.counts = [(option, tally[option]) for option in question.options]
        elif question.kind == QuestionKind.RATING:
            ratings = [row["rating"] for row in rows if row["rating"] is not None]
            tally = Counter(ratings)
            summary.counts = [(label, tally[value]) for value, label in RATING_LABELS.items()]
            summary.mean_rating = round(sum(ratings) / len(ratings), 1) if ratings else None
        summaries.append(summary)
    responses = consultation.responses.all()
    return {
        "total": responses.count(),
        "offline": responses.filter(offline=True).count(),
        "questions": summaries,
    }
