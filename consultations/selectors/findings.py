"""Reads for findings. Findings hold no personal data: every signed-in role may read them."""

from django.db.models import Count, F, Q, QuerySet

from consultations.models import Consultation, ConsultativeGroup, Finding


def with_counts(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """Annotate ``coded`` (responses coded to it) and ``count`` (times raised + coded)."""
    return findings.annotate(coded=Count("responses", distinct=True)).annotate(
        count=F("times_raised") + F("coded")
    )


def visible_findings(*, user) -> QuerySet[Finding]:
    return Finding.objects.filter(
        Q(consultation__in=Consultation.objects.visible_to(user))
        | Q(group__in=ConsultativeGroup.objects.visible_to(user))
    )


def editable_findings(*, user) -> QuerySet[Finding]:
    return Finding.objects.filter(consultation__in=Consultation.objects.editable_by(user))


def findings_for(*, user, consultation: Consultation, tag: str = "") -> QuerySet[Finding]:
    findings = visible_findings(user=user).filter(consultation=consultation)
    if tag:
        findings = findings.filter(tags__contains=[tag])
    return with_counts(findings).select_related("event", "group").order_by("-count", "title")


def finding_for_detail(*, user) -> QuerySet[Finding]:
    return with_counts(visible_findings(user=user)).select_related(
        "consultation", "event", "group", "recorded_by"
    )
