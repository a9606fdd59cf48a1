"""Writes to consultations: create, update, and one service per status transition.

Views call these; they never save consultations themselves. Each transition checks
ALLOWED_TRANSITIONS and its own rules, and refuses with a ValidationError saying why.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from consultations.choices import ALLOWED_TRANSITIONS, ConsultationStatus
from consultations.models import Consultation
from consultations.models.scope import is_planner, is_sergeant
from consultations.selectors.clashes import consultation_clashes
from consultations.services.clashes import ClashesFound, clash_acknowledge, unacknowledged

Status = ConsultationStatus

CAN_INFLUENCE_REQUIRED = (
    "Say what participants can influence: engage only where people can change something. "
    "A consultation with nothing to influence is not a consultation."
)

# The plain fields a planner sets (the many-to-many ones follow).
_FIELDS = (
    "title",
    "why",
    "can_influence",
    "already_fixed",
    "engagement_level",
    "methods",
    "lead_officer",
    "unit",
    "pan_london",
    "audience_categories",
    "statutory",
    "statutory_basis",
    "powers_to_explain",
    "opens_on",
    "closes_on",
    "feedback_promised_by",
    "estimated_cost",
    "actual_cost",
)
_RELATIONS = ("boroughs", "wards", "communities")


def _split(data):
    unknown = set(data) - set(_FIELDS) - set(_RELATIONS)
    if unknown:
        raise TypeError(f"Unknown consultation fields: {', '.join(sorted(unknown))}")
    fields = {name: data[name] for name in _FIELDS if name in data}
    relations = {name: list(data[name]) for name in _RELATIONS if name in data}
    return fields, relations


def _check_may_plan(acting_user):
    if not (is_planner(acting_user) or is_sergeant(acting_user)):
        raise PermissionDenied("Only unit staff, administrators and sergeants plan consultations.")


def _check_sergeant_scope(consultation, acting_user):
    """A sergeant plans within their own wards: no pan-London, no boroughs, only own wards."""
    if is_planner(acting_user):
        return
    if consultation.pan_london:
        raise ValidationError({"pan_london": "A sergeant plans within their own wards only."})
    if consultation.boroughs.exists():
        raise ValidationError({"boroughs": "A sergeant plans within their own wards only."})
    wards = consultation.wards.all()
    if not wards.exists():
        raise ValidationError({"wards": "Choose at least one of your wards."})
    if wards.exclude(pk__in=acting_user.wards.values("pk")).exists():
        raise ValidationError({"wards": "Choose only wards you look after."})


def _check_clashes(consultation, *, clash_reason, acting_user):
    clashes = unacknowledged(consultation_clashes(consultation), consultation=consultation)
    if not clashes:
        return
    if not (clash_reason or "").strip():
        raise ClashesFound(clashes)
    clash_acknowledge(
        clashes=clashes, reason=clash_reason, acting_user=acting_user, consultation=consultation
    )


def _full_clean(consultation):
    """Model validation, with the reason spelt out when there is nothing to influence
    (Django's own "cannot be blank" would come first and say less)."""
    try:
        consultation.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict({})
        if not (consultation.can_influence or "").strip():
            errors["can_influence"] = [CAN_INFLUENCE_REQUIRED]
        raise ValidationError(errors) from None


def _save(consultation, *, fields, relations, acting_user, clash_reason):
    for name, value in fields.items():
        setattr(consultation, name, value)
    if consultation.pan_london:
        relations = {**relations, "boroughs": [], "wards": []}
    _full_clean(consultation)
    consultation.save()
    for name, values in relations.items():
        getattr(consultation, name).set(values)
    _check_sergeant_scope(consultation, acting_user)
    _check_clashes(consultation, clash_reason=clash_reason, acting_user=acting_user)
    return consultation


@transaction.atomic
def consultation_create(*, acting_user, clash_reason: str = "", **data) -> Consultation:
    """Add a consultation, in draft. ``data`` holds model field values (``boroughs``,
    ``wards``, ``communities`` as iterables).

    If it clashes with other activities, it is saved only when ``clash_reason`` says why to
    go ahead (each clash is then kept on record); otherwise ClashesFound is raised and
    nothing is saved."""
    _check_may_plan(acting_user)
    fields, relations = _split(data)
    fields.setdefault("lead_officer", acting_user)
    return _save(
        Consultation(),
        fields=fields,
        relations=relations,
        acting_user=acting_user,
        clash_reason=clash_reason,
    )


def _locked(consultation, acting_user) -> Consultation:
    """The consultation, locked for the change, if ``acting_user`` may change it."""
    _check_may_plan(acting_user)
    try:
        return (
            Consultation.objects.editable_by(acting_user)
            .select_for_update()
            .get(pk=consultation.pk)
        )
    except Consultation.DoesNotExist:
        raise PermissionDenied("You may not change this consultation.") from None


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, acting_user, clash_reason: str = "", **data
) -> Consultation:
    """Change a consultation (not once archived). Clashes as for consultation_create; those
    already acknowledged for it are not raised again."""
    current = _locked(consultation, acting_user)
    if current.status == Status.ARCHIVED:
        raise ValidationError("An archived consultation cannot be changed.")
    fields, relations = _split(data)
    return _save(
        current,
        fields=fields,
        relations=relations,
        acting_user=acting_user,
        clash_reason=clash_reason,
    )


# Transitions ----------------------------------------------------------------------------


def _move(consultation, *, to: Status, acting_user, checks=()) -> Consultation:
    current = _locked(consultation, acting_user)
    here = Status(current.status)
    if to not in ALLOWED_TRANSITIONS[here]:
        allowed = sorted(Status(status).label for status in ALLOWED_TRANSITIONS[here])
        onward = (
            f"from {here.label} it can only go to {' or '.join(allowed)}"
            if allowed
            else f"{here.label} is the end of its life"
        )
        raise ValidationError(
            f"A consultation cannot go from {here.label} to {to.label}: {onward}.",
            code="invalid_transition",
        )
    problems = [problem for check in checks if (problem := check(current))]
    if problems:
        raise ValidationError(problems, code="transition_refused")
    current.status = to
    current.save(update_fields=["status", "modified"])
    consultation.status = current.status
    return current


def _has_planning_dates(consultation):
    missing = [
        label
        for label, value in (
            ("when it opens", consultation.opens_on),
            ("when it closes", consultation.closes_on),
            ("when feedback is promised by", consultation.feedback_promised_by),
        )
        if value is None
    ]
    if missing:
        return f"Before it is planned, say {', '.join(missing)}."
    return None


def _has_scope(consultation):
    if consultation.pan_london or consultation.boroughs.exists() or consultation.wards.exists():
        return None
    return "Before it is planned, say where: all of London, boroughs or wards."


def _has_method(consultation):
    if consultation.methods:
        return None
    return "Before it opens, choose at least one method (public meeting, survey, ...)."


@transaction.atomic
def consultation_plan(*, consultation: Consultation, acting_user) -> Consultation:
    """Draft → planned: it needs its opening, closing and feedback dates, and a scope."""
    return _move(
        consultation,
        to=Status.PLANNED,
        acting_user=acting_user,
        checks=(_has_planning_dates, _has_scope),
    )


@transaction.atomic
def consultation_return_to_draft(*, consultation: Consultation, acting_user) -> Consultation:
    """Planned → draft, to rethink it before it opens."""
    return _move(consultation, to=Status.DRAFT, acting_user=acting_user)


@transaction.atomic
def consultation_open(*, consultation: Consultation, acting_user) -> Consultation:
    """Planned → open: it needs at least one method."""
    return _move(consultation, to=Status.OPEN, acting_user=acting_user, checks=(_has_method,))


@transaction.atomic
def consultation_close(*, consultation: Consultation, acting_user) -> Consultation:
    """Open → closed: no more responses."""
    return _move(consultation, to=Status.CLOSED, acting_user=acting_user)


@transaction.atomic
def consultation_publish_feedback(*, consultation: Consultation, acting_user) -> Consultation:
    """Closed → feedback published ("you said, we did"); normally called by the feedback
    pages once the feedback is out."""
    return _move(consultation, to=Status.FEEDBACK_PUBLISHED, acting_user=acting_user)


@transaction.atomic
def consultation_archive(*, consultation: Consultation, acting_user) -> Consultation:
    """Feedback published → archived: no further changes."""
    return _move(consultation, to=Status.ARCHIVED, acting_user=acting_user)


# The transition pages: URL action → (service, target status, button label).
TRANSITIONS = {
    "plan": (consultation_plan, Status.PLANNED, "Mark as planned"),
    "open": (consultation_open, Status.OPEN, "Open it"),
    "close": (consultation_close, Status.CLOSED, "Close it"),
    "publish-feedback": (
        consultation_publish_feedback,
        Status.FEEDBACK_PUBLISHED,
        "Mark feedback as published",
    ),
    "archive": (consultation_archive, Status.ARCHIVED, "Archive it"),
    "return-to-draft": (consultation_return_to_draft, Status.DRAFT, "Return it to draft"),
}


def next_actions(consultation: Consultation) -> list[tuple[str, str]]:
    """The (action, label) pairs allowed from the consultation's current status."""
    allowed = ALLOWED_TRANSITIONS[Status(consultation.status)]
    return [(action, label) for action, (_, to, label) in TRANSITIONS.items() if to in allowed]
