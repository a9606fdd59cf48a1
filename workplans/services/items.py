"""Actions and targets: made and changed by unit staff, with their timing read from the
forms plans use (workplans.timing) and their links to consultations and evidence."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from workplans.choices import ItemKind, ItemStatus, Timing
from workplans.models import EvidenceLink, Objective, PlanItem
from workplans.models.scope import EDITOR_ROLES
from workplans.services.access import check_editor
from workplans.services.fields import assign_fields, next_position
from workplans.timing import TimingError, parse_timing, written_date

ITEM_FIELDS = (
    "description",
    "how",
    "responsibility",
    "lead",
    "priority_project",
    "status",
    "rag_override",
    "rag_override_reason",
    "percent_complete",
    "performance_indicator",
    "estimated_cost",
    "actual_cost",
)


def possible_leads():
    """Who may lead an item: active unit staff and administrators (they report progress)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in EDITOR_ROLES])
        .distinct()
        .order_by("full_name", "email")
    )


def apply_timing(item: PlanItem, *, timing_text: str, due_on: date | None) -> None:
    """Set the item's timing from a date, or else from the text as plans write it.
    Raises ValidationError on ``timing_text`` when the text cannot be read."""
    plan = item.plan
    if due_on:
        item.timing, item.due_on = Timing.DATE, due_on
        item.timing_text = timing_text.strip() or written_date(due_on)
        item.year_from = item.year_to = None
        return
    try:
        parsed = parse_timing(timing_text, plan_starts_fy=plan.starts_fy, plan_years=plan.years)
    except TimingError as error:
        raise ValidationError({"timing_text": str(error)}) from None
    item.timing, item.timing_text = parsed.kind, parsed.text
    item.year_from, item.year_to, item.due_on = parsed.year_from, parsed.year_to, parsed.due_on
    if parsed.kind == Timing.DONE:
        item.status, item.percent_complete = ItemStatus.COMPLETE, 100


def _check_lead(item: PlanItem) -> None:
    if item.lead_id and not possible_leads().filter(pk=item.lead_id).exists():
        raise ValidationError({"lead": "Choose a member of unit staff or an administrator."})


def _assign(item: PlanItem, data: dict) -> None:
    assign_fields(item, data, ITEM_FIELDS)
    if not item.rag_override:
        item.rag_override_reason = ""
    if item.status == ItemStatus.COMPLETE:
        item.percent_complete = 100


def _save(item: PlanItem, *, timing_text, due_on, data, consultations, findings):
    _assign(item, data)
    apply_timing(item, timing_text=timing_text, due_on=due_on)
    item.full_clean(exclude=["plan", "objective", "parent"])
    _check_lead(item)
    item.save()
    if consultations is not None:
        item.consultations.set(consultations)
    if findings is not None:
        item.findings.set(findings)
    return item


@transaction.atomic
def item_create(
    *,
    objective: Objective,
    acting_user,
    parent: PlanItem | None = None,
    timing_text: str = "",
    due_on: date | None = None,
    consultations=None,
    findings=None,
    **data,
) -> PlanItem:
    """Add an action to ``objective``, or with ``parent`` a target under that action."""
    check_editor(acting_user)
    if parent is not None and (not parent.is_action or parent.objective_id != objective.pk):
        raise ValidationError("A target goes under an action of the same objective.")
    siblings = parent.targets.all() if parent else objective.items.filter(parent__isnull=True)
    item = PlanItem(
        plan=objective.plan,
        objective=objective,
        parent=parent,
        kind=ItemKind.TARGET if parent else ItemKind.ACTION,
        position=next_position(siblings),
        created_by=acting_user,
    )
    return _save(
        item,
        timing_text=timing_text,
        due_on=due_on,
        data=data,
        consultations=consultations,
        findings=findings,
    )


@transaction.atomic
def item_update(
    *,
    item: PlanItem,
    acting_user,
    timing_text: str,
    due_on: date | None = None,
    consultations=None,
    findings=None,
    **data,
) -> PlanItem:
    """Change an item. Its timing is given again each time (the form always shows it)."""
    check_editor(acting_user)
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    return _save(
        item,
        timing_text=timing_text,
        due_on=due_on,
        data=data,
        consultations=consultations,
        findings=findings,
    )


@transaction.atomic
def evidence_add(*, item: PlanItem, title: str, url: str, acting_user) -> EvidenceLink:
    check_editor(acting_user)
    link = EvidenceLink(item=item, title=title, url=url, added_by=acting_user)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def evidence_remove(*, link: EvidenceLink, acting_user) -> None:
    check_editor(acting_user)
    link.delete()
