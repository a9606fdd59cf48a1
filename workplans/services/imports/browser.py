"""The browser import's steps, one service each: upload (``plan_import_create``) → match
the columns (``plan_import_mapping_set``) → preview (``plan_import_check``, which writes
nothing) → commit (``plan_import_commit``).

Reading the file is the one step that can be slow (a large workbook, or one crafted to be
slow). So the upload checks the file without parsing it (core.spreadsheets.check_file),
then reads it in the request only when it is small (about 2 MB of text, well under a
second); a larger file is stored under a random name and read by the Celery task
``workplans.import_read`` (``plan_import_read``), the columns page saying so meanwhile,
and the file is deleted once read. The other steps run in the request: a work plan is at
most a few thousand rows, checked and written in well under a second. The rows are kept
on the PlanImport between steps and emptied once the import is done. A new plan is made
only at commit, in the same transaction as its objectives and items, so an import
abandoned or refused leaves no plan.
"""

import logging
from datetime import timedelta
from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.spreadsheets import Table, check_size
from workplans.models import PlanImport, WorkPlan
from workplans.services.access import check_editor
from workplans.services.imports.checking import CheckedPlan, check_table
from workplans.services.imports.fields import check_mapping, recognise_shape, suggest_mapping
from workplans.services.imports.into_plan import commit_checked
from workplans.services.imports.reading import check_plan_file, plan_limits, read_plan_table
from workplans.services.imports.results import ImportResult
from workplans.services.plans import plan_create

logger = logging.getLogger(__name__)

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


def _take_table(plan_import: PlanImport, table: Table) -> None:
    plan_import.shape = recognise_shape(table.headers)
    plan_import.headers = table.headers
    plan_import.rows = [[number, cells] for number, cells in table.rows]
    plan_import.mapping = suggest_mapping(table.headers)


@transaction.atomic
def plan_import_create(
    *, uploaded_file, acting_user, plan: WorkPlan | None = None, **new_plan
) -> PlanImport:
    """Check an uploaded file and keep its rows for the next steps, into ``plan`` or, with
    ``plan_title``, ``plan_owning_unit``, ``plan_starts_fy`` and ``plan_ends_fy``, into
    a new draft plan. A small file is read at once; a larger one is left to the worker
    (status "reading"). Raises ValidationError keyed by those names and ``file``."""
    check_editor(acting_user)
    unknown = set(new_plan) - set(NEW_PLAN_FIELDS.values())
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    errors = {} if plan is not None else _new_plan_errors(new_plan)
    name = PurePath(uploaded_file.name or "").name
    plan_import = PlanImport(
        created_by=acting_user,
        filename=name[:255],
        plan=plan,
        **({} if plan is not None else new_plan),
    )
    try:
        check_size(uploaded_file.size, plan_limits())  # before reading it into memory
        uploaded_file.seek(0)
        content = uploaded_file.read()
        checked = check_plan_file(content, name)
        if checked.read_inline(plan_limits()):
            _take_table(plan_import, read_plan_table(content, name))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if not checked.read_inline(plan_limits()):
        plan_import.status = PlanImport.Status.READING
        plan_import.file.save(f"{uuid4().hex}{checked.extension}", ContentFile(content), save=False)
    plan_import.full_clean(exclude=["headers", "rows", "mapping"])
    plan_import.save()
    if plan_import.status == PlanImport.Status.READING:
        from workplans import tasks  # the tasks module imports this one

        tasks.import_read.delay_on_commit(plan_import.pk)
    return plan_import


def _delete_file(plan_import: PlanImport) -> None:
    if plan_import.file:
        plan_import.file.delete(save=False)
        PlanImport.objects.filter(pk=plan_import.pk).update(file="")


def plan_import_read(*, plan_import: PlanImport) -> PlanImport:
    """Read a large upload (run by a Celery task): its rows are kept for the columns page,
    or the import fails saying what is wrong with the file. The file is deleted either
    way. Does nothing to an import no longer waiting to be read."""
    if plan_import.status != PlanImport.Status.READING:
        return plan_import
    try:
        with plan_import.file.open("rb") as handle:
            table = read_plan_table(handle.read(), plan_import.file.name)
    except ValidationError as error:
        return plan_import_fail(plan_import=plan_import, reason=" ".join(error.messages))
    except (OSError, ValueError):
        logger.exception("Plan import %s: the file could not be read", plan_import.pk)
        reason = "The uploaded file could not be read. Upload it again."
        return plan_import_fail(plan_import=plan_import, reason=reason)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if locked.status != PlanImport.Status.READING:
            return locked
        _take_table(locked, table)
        locked.status = PlanImport.Status.MAPPING
        locked.save(update_fields=["status", "shape", "headers", "rows", "mapping", "modified"])
        transaction.on_commit(lambda: _delete_file(locked))
    return locked


def plan_import_fail(*, plan_import: PlanImport, reason: str) -> PlanImport:
    """Mark an import whose file could not be read as failed, saying why, and delete the
    file. Only an import still waiting to be read."""
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().filter(pk=plan_import.pk).first()
        if locked is None or locked.status != PlanImport.Status.READING:
            return locked or plan_import
        locked.status, locked.failure = PlanImport.Status.FAILED, reason
        locked.save(update_fields=["status", "failure", "modified"])
        transaction.on_commit(lambda: _delete_file(locked))
    return locked


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
    """Delete imports left unfinished for a week, and any file still kept for one: nobody
    will commit them, and their copied rows (lead email addresses among them) should not
    linger. Returns how many."""
    abandoned = PlanImport.objects.exclude(status=PlanImport.Status.DONE).filter(
        modified__lt=timezone.now() - ABANDONED_AFTER
    )
    return plan_imports_delete(abandoned)


def plan_imports_delete(plan_imports) -> int:
    """Delete these imports with any file still stored for them. Returns how many."""
    for plan_import in plan_imports.exclude(file=""):
        plan_import.file.delete(save=False)
    deleted, _ = plan_imports.delete()
    return deleted
