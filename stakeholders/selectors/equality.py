"""Equality monitoring reads: one person's answers (for the few allowed to see them) and
the aggregate report, which never names anyone and hides small counts."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core.small_counts import show_count, suppress
from stakeholders.models import Contact, EqualityProfile
from stakeholders.services.equality import ANSWER_FIELDS

NOT_ANSWERED = "Not answered"


def equality_contact_queryset(*, user):
    """The contacts whose equality page ``user`` may open: only those they may see, and
    not erased. (The page also checks the equality permission: see the view.)"""
    return Contact.objects.visible_to(user).active()


def equality_profile_of(contact: Contact) -> EqualityProfile | None:
    return EqualityProfile.objects.filter(contact=contact).first()


@dataclass(frozen=True)
class ReportRow:
    label: str
    shown: str


@dataclass(frozen=True)
class ReportQuestion:
    field: str
    label: str
    rows: list[ReportRow]
    total: str


@dataclass(frozen=True)
class EqualityReport:
    questions: list[ReportQuestion]
    people: str  # people with a record who have not objected
    objections: str


def _question_label(field: str) -> str:
    label = str(EqualityProfile._meta.get_field(field).verbose_name)
    return label[:1].upper() + label[1:]


def equality_report() -> EqualityReport:
    """Counts per answer to each question over everyone who has not objected, suppressed
    as ``core.small_counts.suppress`` explains. One query; no row identifies a person."""
    aggregates = {"people": Count("pk", filter=Q(objected=False))}
    aggregates["objections"] = Count("pk", filter=Q(objected=True))
    choices = {}
    for field in ANSWER_FIELDS:
        options = [*EqualityProfile._meta.get_field(field).choices, ("", NOT_ANSWERED)]
        choices[field] = options
        for index, (value, _label) in enumerate(options):
            aggregates[f"{field}__{index}"] = Count(
                "pk", filter=Q(objected=False, **{field: value})
            )
    counts = EqualityProfile.objects.aggregate(**aggregates)
    questions = []
    for field in ANSWER_FIELDS:
        options = choices[field]
        values = [counts[f"{field}__{index}"] for index in range(len(options))]
        shown, total = suppress(values, counts["people"])
        rows = [
            ReportRow(label=str(label), shown=text)
            for (_value, label), text in zip(options, shown, strict=True)
        ]
        questions.append(
            ReportQuestion(field=field, label=_question_label(field), rows=rows, total=total)
        )
    return EqualityReport(
        questions=questions,
        people=show_count(counts["people"]),
        objections=show_count(counts["objections"]),
    )
