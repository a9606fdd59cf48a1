"""Equality monitoring reads: one person's answers (for the few allowed to see them) and
the aggregate report, which never names anyone and hides small counts."""

from dataclasses import dataclass

from django.db.models import Count, Q

from stakeholders.models import Contact, EqualityProfile
from stakeholders.services.equality import ANSWER_FIELDS

SMALL = "<5"  # a count from 1 to 4
COMPLEMENT = "[c]"  # hidden so that a "<5" next to it cannot be worked out from the total
NOT_ANSWERED = "Not answered"


def equality_contact_queryset(*, user):
    """The contacts whose equality page ``user`` may open: only those they may see, and
    not erased. (The page also checks the equality permission: see the view.)"""
    return Contact.objects.visible_to(user).active()


def equality_profile_of(contact: Contact) -> EqualityProfile | None:
    return EqualityProfile.objects.filter(contact=contact).first()


def show_count(count: int) -> str:
    """Primary suppression: a count from 1 to 4 shows as "<5"; 0 shows as 0."""
    return SMALL if 1 <= count <= 4 else str(count)


def suppress(counts: list[int], total: int) -> tuple[list[str], str]:
    """What to show for one question's answer counts and their total.

    Primary suppression: every count from 1 to 4 shows as "<5" (0 shows as 0: nobody is
    disclosed by it). Secondary suppression: the total is shown, so if exactly one count
    in the question were hidden, it could be worked out by subtracting the others from
    the total. Then the next smallest count (the smallest non-zero one left, so always
    5 or more) is hidden too, shown as "[c]". With two or more hidden counts no single
    one can be derived. If the total itself is 1 to 4, it is hidden as "<5", and every
    non-zero count is already hidden with it.
    """
    shown = [show_count(count) for count in counts]
    hidden = [i for i, count in enumerate(counts) if 1 <= count <= 4]
    if len(hidden) == 1:
        others = [i for i, count in enumerate(counts) if i not in hidden and count > 0]
        if others:
            complement = min(others, key=lambda i: (counts[i], i))
            shown[complement] = COMPLEMENT
    return shown, show_count(total)


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
    as ``suppress`` explains. One query; no row identifies a person."""
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
