"""Writes for findings ("you said"): the themes and issues people raised, where each came
from, its tags and how often it was raised, and the coding of responses to findings.

A finding's count is ``times_raised`` (at events and meetings) plus the responses coded
to it; one response may be coded to several findings and counts in each.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from consultations.choices import FindingSource
from consultations.models import Consultation, ConsultativeGroup, Event, Finding, Response
from consultations.models.scope import is_planner


def _may_change(consultation: Consultation, acting_user) -> None:
    if not Consultation.objects.editable_by(acting_user).filter(pk=consultation.pk).exists():
        raise PermissionDenied("You may not change this consultation's findings.")


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = " ".join(tag.split()).lower()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if any(len(tag) > 60 for tag in cleaned):
        raise ValidationError({"tags": "Keep each tag to 60 characters or fewer."})
    return cleaned


def _apply(
    finding, *, consultation, title, description, source, event, group, tags, times_raised, user
):
    errors = {}
    if source == FindingSource.EVENT and event is None:
        errors["event"] = "Say which event it was raised at."
    if event is not None and event.consultation_id != consultation.pk:
        errors["event"] = "Choose one of this consultation's events."
    if source == FindingSource.GROUP_MEETING and group is None:
        errors["group"] = "Say which group's meeting it was raised at."
    if (
        source == FindingSource.GROUP_MEETING
        and group is not None
        and group.pk != finding.group_id
        and not ConsultativeGroup.objects.editable_by(user).filter(pk=group.pk).exists()
    ):
        # A sergeant ties findings to their own wards' groups only (one already saved stays).
        errors["group"] = "Choose one of the groups you keep."
    if errors:
        raise ValidationError(errors)
    finding.consultation = consultation
    finding.title = title.strip()
    finding.description = description.strip()
    finding.source = source
    finding.event = event if source == FindingSource.EVENT else None
    finding.group = group if source == FindingSource.GROUP_MEETING else None
    finding.tags = _clean_tags(tags)
    finding.times_raised = times_raised
    finding.full_clean()


@transaction.atomic
def finding_create(
    *,
    consultation: Consultation,
    title: str,
    source: str,
    description: str = "",
    event: Event | None = None,
    group: ConsultativeGroup | None = None,
    tags: list[str] | None = None,
    times_raised: int = 0,
    acting_user,
) -> Finding:
    _may_change(consultation, acting_user)
    finding = Finding(recorded_by=acting_user)
    _apply(
        finding,
        consultation=consultation,
        title=title,
        description=description,
        source=source,
        event=event,
        group=group,
        tags=tags or [],
        times_raised=times_raised,
        user=acting_user,
    )
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    title: str,
    source: str,
    description: str = "",
    event: Event | None = None,
    group: ConsultativeGroup | None = None,
    tags: list[str] | None = None,
    times_raised: int = 0,
    acting_user,
) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _may_change(finding.consultation, acting_user)
    _apply(
        finding,
        consultation=finding.consultation,
        title=title,
        description=description,
        source=source,
        event=event,
        group=group,
        tags=tags or [],
        times_raised=times_raised,
        user=acting_user,
    )
    finding.save(
        update_fields=[
            "title",
            "description",
            "source",
            "event",
            "group",
            "tags",
            "times_raised",
            "modified",
        ]
    )
    return finding


@transaction.atomic
def response_code(*, response: Response, findings, acting_user) -> Response:
    """Say which findings a response raises (replacing any earlier coding). Only the unit
    reads responses, so only the unit codes them."""
    if not is_planner(acting_user):
        raise PermissionDenied("Only the unit codes responses.")
    findings = list(findings)
    if any(finding.consultation_id != response.consultation_id for finding in findings):
        raise ValidationError({"findings": "Choose findings of this response's consultation."})
    response.findings.set(findings)
    return response
