"""The browser import's steps, one service each: upload (``plan_import_create``) → match
the columns (``plan_import_mapping_set``) → preview (``plan_import_check``, which writes
nothing) → commit (``plan_import_commit``).

Each step runs in the request, not in Celery as the stakeholder import does: a work plan
is hundreds of rows, not hundreds of thousands, and is checked and written in well under
a second. The rows are kept on the PlanImport between steps, so no file is stored, and
emptied once the import is done. A new plan is made only at commit, in the same
transaction as its objectives and items, so an import abandoned or refused leaves no plan.
"""

from datetime import timedelta
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from stakeholders.services.imports.files import Table
from workplans.models import PlanImport, WorkPlan
from workplans.services.access import check_editor
from workplans.services.imports.checking import CheckedPlan, check_table
from workplans.services.imports.fields import check_mapping, recognise_shape, suggest_mapping
from workplans.services.imports.into_plan import commit_checked
from workplans.services.imports.reading import check_size, read_plan_table
from workplans.services.imports.results import ImportResult
from workplans.services.plans import plan_create

ABANDONED_AFTER = timedelta(days=7)  # an import untouched this long is deleted (nightly)
# The new plan's fields, as the upload form and PlanImport name them.
NEW_PLAN_FIELDS = {
    "title": "plan_title",
    "owning_unit": "plan_owning_unit",
    "starts_fy": "plan_starts_fy",
    "ends_fy": "plan_ends_fy",
}


def _check_uploader(plan_import: PlanImport, acting_user) -> None:
    check_editor(acting_user)
    if plan_import.created_by_id != acting_user.pk:
        raise PermissionDenied("Only the person who uploaded the file continues its import.")


def _new_plan_fields(plan_import: PlanImport) -> dict:
    return {field: getattr(plan_import, name) for field, name in NEW_PLAN_FIELDS.items()}


def import_target_plan(plan_import: PlanImport) -> WorkPlan:
    """The plan the import goes into: the chosen one, or the new plan it will make (not
    saved until the commit)."""
    return plan_import.plan or WorkPlan(**_new_plan_fields(plan_import))


def _new_plan_errors(new_plan: dict) -> dict[str, list[str]]:
    plan = WorkPlan(**{field: new_plan.get(name) for field, name in NEW_PLAN_FIELDS.items()})
    try:
        plan.full_clean(exclude=["created_by", "owner"], validate_constraints=False)
    except ValidationError as error:
        return {
            NEW_PLAN_FIELDS.get(field, "__all__"): messages
            for field, messages in error.message_dict.items()
        }
    return {}


@transaction.atomic
def plan_import_create(
    *, uploaded_file, acting_user, plan: WorkPlan | None = None, **new_plan
) -> PlanImport:
    """Read an uploaded file and keep its rows for the next steps, into ``plan`` or, with
    ``plan_title``, ``plan_owning_unit``, ``plan_starts_fy`` and ``plan_ends_fy``, into
    a new draft plan. Raises ValidationError keyed by those names and ``file``."""
    check_editor(acting_user)
    unknown = set(new_plan) - set(NEW_PLAN_FIELDS.values())
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    errors = {} if plan is not None else _new_plan_errors(new_plan)
    name = PurePath(uploaded_file.name or "").name
    try:
        check_size(uploaded_file.size)  # before reading it all into memory
        uploaded_file.seek(0)
        table = read_plan_table(uploaded_file.read(), name)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    plan_import = PlanImport(
        created_by=acting_user,
        filename=name[:255],
        shape=recognise_shape(table.headers),
        headers=table.headers,
        rows=[[number, cells] for number, cells in table.rows],
        mapping=suggest_mapping(table.headers),
        plan=plan,
        **({} if plan is not None else new_plan),
    )
    plan_import.full_clean(exclude=["headers", "rows", "mapping"])
    plan_import.save()
    return plan_import


@transaction.atomic
def plan_import_mapping_set(*, plan_import: PlanImport, mapping: dict, acting_user) -> PlanImport:
    """Save which column holds which engage field (field name → column index). Raises
    ValidationError keyed by field name."""
    _check_uploader(plan_import, acting_user)
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.status != PlanImport.Status.MAPPING:
        raise ValidationError("This import is finished.")
    plan_import.mapping = check_mapping(mapping, plan_import.headers)
    plan_import.save(update_fields=["mapping", "modified"])
    return plan_import


def plan_import_check(*, plan_import: PlanImport) -> CheckedPlan:
    """The tree the import would build and every row's errors; writes nothing."""
    table = Table(
        headers=plan_import.headers,
        rows=[(number, cells) for number, cells in plan_import.rows],
    )
    return check_table(
        table,
        mapping=check_mapping(plan_import.mapping, plan_import.headers),
        shape=plan_import.shape,
        plan=import_target_plan(plan_import),
    )


@transaction.atomic
def plan_import_commit(
    *, plan_import: PlanImport, acting_user, skip_invalid: bool = False
) -> tuple[WorkPlan, ImportResult]:
    """Make the new plan (if the import is into one), its objectives, actions and targets,
    all in one transaction, then empty the import's rows. Raises ImportRefused when rows
    have errors and ``skip_invalid`` is not given, ValidationError if a service refuses an
    item: either way nothing is written."""
    _check_uploader(plan_import, acting_user)
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.status != PlanImport.Status.MAPPING:
        raise ValidationError("This import is finished.")
    checked = plan_import_check(plan_import=plan_import)
    plan = plan_import.plan
    if plan is None:
        plan = plan_create(acting_user=acting_user, **_new_plan_fields(plan_import))
    result = commit_checked(checked, plan=plan, acting_user=acting_user, skip_invalid=skip_invalid)
    plan_import.status = PlanImport.Status.DONE
    plan_import.plan = plan
    plan_import.rows, plan_import.headers = [], []
    plan_import.items_created = result.items_created
    plan_import.rows_skipped = result.rows_skipped
    plan_import.save(
        update_fields=[
            "status",
            "plan",
            "rows",
            "headers",
            "items_created",
            "rows_skipped",
            "modified",
        ]
    )
    return plan, result


def plan_imports_purge_abandoned() -> int:
    """Delete imports left unfinished for a week: nobody will commit them, and their
    copied rows (lead email addresses among them) should not linger. Returns how many."""
    deleted, _ = PlanImport.objects.filter(
        status=PlanImport.Status.MAPPING, modified__lt=timezone.now() - ABANDONED_AFTER
    ).delete()
    return deleted
