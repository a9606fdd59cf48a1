"""Findings ("you said") seen from the work plans: which have actions answering them."""

from django.db.models import Count

from consultations.selectors.findings import visible_findings


def findings_with_actions(*, user, unanswered_only: bool = False):
    findings = (
        visible_findings(user=user)
        .select_related("consultation", "group")
        .annotate(action_count=Count("plan_items", distinct=True))
        .order_by("action_count", "-created")
    )
    return findings.filter(action_count=0) if unanswered_only else findings
