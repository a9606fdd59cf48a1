"""The services that take an import job through its life: upload, column mapping,
preview (run by a Celery task), choosing rows, commit (run by a Celery task), failure.
"""

from pathlib import PurePath
from uuid import uuid4

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from core.spreadsheets import Table, check_size
from stakeholders.models import Contact, ImportJob, Membership, Organisation
from stakeholders.services.imports.fields import (
    DEFAULT_PREFIX,
    field_label,
    fields_for,
    suggest_mapping,
)
from stakeholders.services.imports.files import check_upload, limits, read_table
from stakeholders.services.imports.rows import (
    Lookups,
    RowResult,
    _likely_duplicates,
    _messages,
    _repeats_in_file,
    check_row,
    error_text,
    row_values,
)

PROGRESS_EVERY = 50

Kind = ImportJob.Kind
Status = ImportJob.Status


def _check_may_import(acting_user) -> None:
    if acting_user is None or not acting_user.has_perm("stakeholders.manage_contacts"):
        raise PermissionDenied("Only unit staff and administrators import into engage.")


def _progress(job: ImportJob, processed: int) -> None:
    """Move the progress bar: a short transaction of its own, outside any other."""
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed)
    job.processed_rows = processed


def _dispatch(task_name: str, job: ImportJob) -> None:
    # Imported here: the tasks module imports this one.
    from stakeholders import tasks

    getattr(tasks, task_name).delay_on_commit(job.pk)


def _read_headings(job: ImportJob, table: Table) -> None:
    job.headers = table.headers
    job.mapping = suggest_mapping(job.kind, table.headers)
    job.total_rows = len(table.rows)


@transaction.atomic
def import_job_create(*, kind: str, uploaded_file, acting_user) -> ImportJob:
    """Store an uploaded file as a new import job, once its size, type and structure have
    been checked. A small file is read at once: its headings, a suggested column mapping
    and its row count. A larger one is left to the worker (``import_read_run``): the job
    waits in "reading" meanwhile, so no crafted or big file ties up the web process.

    Raises ValidationError({"file": ...}) for a file that cannot be imported.
    """
    _check_may_import(acting_user)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose contacts or organisations."})
    name = PurePath(uploaded_file.name or "").name
    check_size(uploaded_file.size, limits())  # before reading it all into memory
    uploaded_file.seek(0)
    content = uploaded_file.read()
    checked = check_upload(content, name)
    job = ImportJob(kind=kind, original_name=name[:255], created_by=acting_user)
    if checked.read_inline(limits()):
        _read_headings(job, read_table(content, name))
    else:
        job.status = Status.READING
    # A random file name: the original may itself say something about people.
    job.file.save(f"{uuid4().hex}{checked.extension}", ContentFile(content), save=False)
    job.full_clean(exclude=["headers", "mapping", "preview", "selected_rows", "result"])
    job.save()
    if job.status == Status.READING:
        _dispatch("import_read", job)
    return job


def import_read_run(*, job: ImportJob) -> ImportJob:
    """Read a large upload's headings and count its rows (run by a Celery task), then let
    the user match its columns; or fail the job, saying what is wrong with the file."""
    if job.status != Status.READING:
        return job
    try:
        table = _read_job_file(job)
    except (ValidationError, OSError, ValueError) as error:
        message = "; ".join(_messages(error)) if isinstance(error, ValidationError) else ""
        return import_job_fail(job=job, reason=message or "The uploaded file could not be read.")
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.READING:
            return locked
        _read_headings(locked, table)
        locked.status = Status.UPLOADED
        locked.save(update_fields=["headers", "mapping", "total_rows", "status", "modified"])
    return locked


@transaction.atomic
def import_mapping_set(*, job: ImportJob, mapping: dict, acting_user) -> ImportJob:
    """Save which column holds which engage field and start checking every row.

    ``mapping``: engage field name → column index, plus ``"default:<field>"`` → a choice
    value for a required choice (category, kind) whose cell is empty or has no column.
    """
    _check_may_import(acting_user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Status.UPLOADED, Status.PREVIEWED):
        raise ValidationError("This import is already under way or finished.")
    clean, errors = {}, {}
    for import_field in fields_for(job.kind):
        index = mapping.get(import_field.name)
        if index not in (None, ""):
            try:
                index = int(index)
            except (TypeError, ValueError):
                index = -1
            if not 0 <= index < len(job.headers):
                errors[import_field.name] = "Choose one of the file's columns."
                continue
            clean[import_field.name] = index
        if import_field.takes_default:
            default = mapping.get(DEFAULT_PREFIX + import_field.name) or ""
            if default and default not in import_field.choices.values:
                errors[import_field.name] = "Choose one of the listed values."
            elif default:
                clean[DEFAULT_PREFIX + import_field.name] = default
        if import_field.required and import_field.name not in clean:
            if import_field.takes_default and clean.get(DEFAULT_PREFIX + import_field.name):
                continue
            errors.setdefault(
                import_field.name,
                f"Choose the column that holds the {import_field.label}"
                + (", or a value for every row." if import_field.takes_default else "."),
            )
    if errors:
        raise ValidationError(errors)
    job.mapping = clean
    job.status = Status.PREVIEWING
    job.processed_rows = 0
    job.preview = []
    job.selected_rows = []
    job.failure = ""
    job.save(
        update_fields=[
            "mapping",
            "status",
            "processed_rows",
            "preview",
            "selected_rows",
            "failure",
            "modified",
        ]
    )
    _dispatch("import_preview", job)
    return job


def _read_job_file(job: ImportJob) -> Table:
    with job.file.open("rb") as handle:
        content = handle.read()
    return read_table(content, job.file.name)


def import_preview_build(*, job: ImportJob) -> ImportJob:
    """Check every row of the file and look for likely duplicates; store the result as the
    job's preview and choose, to start with, the valid rows that duplicate nothing.

    Not one transaction: progress is written as it goes (see the package notes).
    """
    if job.status != Status.PREVIEWING:
        return job
    try:
        table = _read_job_file(job)
    except (ValidationError, OSError, ValueError) as error:
        message = "; ".join(_messages(error)) if isinstance(error, ValidationError) else ""
        return import_job_fail(job=job, reason=message or "The uploaded file could not be read.")
    lookups = Lookups(job.kind)
    job.total_rows = len(table.rows)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows, processed_rows=0)
    entries, results = [], []
    for done, (number, cells) in enumerate(table.rows, start=1):
        values = row_values(job, cells)
        result = check_row(job, values, lookups)
        entries.append(
            {
                "row": number,
                "values": values,
                "errors": [
                    {
                        "field": name,
                        "label": field_label(job.kind, name),
                        "message": message,
                        "text": error_text(job.kind, number, name, message),
                    }
                    for name, message in result.errors
                ],
                "duplicates": [],
            }
        )
        results.append(result)
        if done % PROGRESS_EVERY == 0:
            _progress(job, done)
    for entry, matches in zip(entries, _likely_duplicates(job, entries, results), strict=True):
        entry["duplicates"].extend(matches)
    _repeats_in_file(job.kind, entries, results)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.PREVIEWING:
            return locked  # someone changed the mapping meanwhile; that run wins
        locked.preview = entries
        locked.selected_rows = [
            e["row"] for e in entries if not e["errors"] and not e["duplicates"]
        ]
        locked.processed_rows = locked.total_rows = len(entries)
        locked.status = Status.PREVIEWED
        locked.save(
            update_fields=[
                "preview",
                "selected_rows",
                "processed_rows",
                "total_rows",
                "status",
                "modified",
            ]
        )
    return locked


def _preview_rows(job: ImportJob) -> dict[int, dict]:
    return {entry["row"]: entry for entry in job.preview}


def rows_text(rows) -> str:
    rows = sorted(rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"


@transaction.atomic
def import_selection_save(*, job: ImportJob, rows, acting_user) -> ImportJob:
    """Remember which rows the user chose (ticks survive paging through the preview)."""
    _check_may_import(acting_user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.PREVIEWED:
        raise ValidationError("Rows can be chosen only once every row has been checked.")
    known = _preview_rows(job)
    unknown = set(rows) - set(known)
    if unknown:
        raise ValidationError(f"The file has no {rows_text(unknown)}.")
    job.selected_rows = sorted(set(rows))
    job.save(update_fields=["selected_rows", "modified"])
    return job


@transaction.atomic
def import_commit_request(*, job: ImportJob, rows, acting_user) -> ImportJob:
    """Start importing the chosen rows. Refused, with nothing written, if there are none
    or if any chosen row has an error: every chosen row is imported, or none is."""
    job = import_selection_save(job=job, rows=rows, acting_user=acting_user)
    if not job.selected_rows:
        raise ValidationError("Choose at least one row to import.")
    known = _preview_rows(job)
    invalid = [row for row in job.selected_rows if known[row]["errors"]]
    if invalid:
        raise ValidationError(
            f"Nothing was imported: {rows_text(invalid)} "
            f"{'has errors' if len(invalid) == 1 else 'have errors'}. Correct the file and "
            "upload it again, or untick those rows."
        )
    job.status = Status.IMPORTING
    job.processed_rows = 0
    job.failure = ""
    job.save(update_fields=["status", "processed_rows", "failure", "modified"])
    _dispatch("import_commit", job)
    return job


def _create_contacts(job: ImportJob, results: list[RowResult]) -> int:
    contacts = Contact.objects.bulk_create([result.instance for result in results])
    memberships = [
        Membership(
            contact=contact,
            organisation_id=result.organisation_id,
            role=result.organisation_role,
        )
        for contact, result in zip(contacts, results, strict=True)
        if result.organisation_id
    ]
    Membership.objects.bulk_create(memberships)
    return len(contacts)


def _create_organisations(job: ImportJob, results: list[RowResult]) -> int:
    organisations = Organisation.objects.bulk_create([result.instance for result in results])
    through = Organisation.boroughs.through
    through.objects.bulk_create(
        [
            through(organisation_id=organisation.pk, borough_id=borough_id)
            for organisation, result in zip(organisations, results, strict=True)
            for borough_id in dict.fromkeys(result.borough_ids)
        ]
    )
    return len(organisations)


def import_commit_run(*, job: ImportJob) -> ImportJob:
    """Write every chosen row, in one transaction, and mark the job done in it too; or,
    if any chosen row no longer passes its checks (say an organisation was deleted since
    the preview), write nothing and send the job back to its preview with the errors.

    Every row is checked again first (the progress bar shows this), then all are written.
    """
    if job.status != Status.IMPORTING:
        return job
    lookups = Lookups(job.kind)
    chosen = set(job.selected_rows)
    results, invalid = [], {}
    for done, entry in enumerate(job.preview, start=1):
        if entry["row"] in chosen:
            result = check_row(job, entry["values"], lookups)
            if result.errors:
                invalid[entry["row"]] = result.errors
            results.append(result)
        if done % PROGRESS_EVERY == 0:
            _progress(job, done)
    if invalid:
        return _back_to_preview(job, invalid)
    with transaction.atomic(), pghistory.context(user=job.created_by_id, import_job=job.pk):
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.IMPORTING:
            return locked  # another worker got here first
        if job.kind == Kind.CONTACTS:
            created = _create_contacts(locked, results)
        else:
            created = _create_organisations(locked, results)
        locked.status = Status.DONE
        locked.processed_rows = locked.total_rows
        locked.result = {
            "created": created,
            "left_out": locked.total_rows - created,
        }
        contacts = job.kind == Kind.CONTACTS
        audit_record(
            action=Action.BULK_CHANGE,
            actor=locked.created_by,
            target=locked,
            summary=f"Imported {created} {'contacts' if contacts else 'organisations'}",
            detail={"rows": created, "kind": job.kind},
            contact_ids=[result.instance.pk for result in results] if contacts else [],
        )
        locked.preview = []  # personal data: the records now hold it, the job need not
        locked.selected_rows = []
        locked.save(
            update_fields=[
                "status",
                "processed_rows",
                "result",
                "preview",
                "selected_rows",
                "modified",
            ]
        )
        transaction.on_commit(lambda: _delete_file(locked))
    return locked


def _back_to_preview(job: ImportJob, invalid: dict[int, list]) -> ImportJob:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.IMPORTING:
            return locked
        for entry in locked.preview:
            if entry["row"] in invalid:
                entry["errors"] = [
                    {
                        "field": name,
                        "label": field_label(locked.kind, name),
                        "message": message,
                        "text": error_text(locked.kind, entry["row"], name, message),
                    }
                    for name, message in invalid[entry["row"]]
                ]
        locked.status = Status.PREVIEWED
        locked.processed_rows = locked.total_rows
        locked.failure = (
            f"Nothing was imported: {rows_text(invalid)} no longer "
            f"{'passes its' if len(invalid) == 1 else 'pass their'} checks (something in "
            "engage changed since the preview). See the errors below."
        )
        locked.save(update_fields=["preview", "status", "processed_rows", "failure", "modified"])
    return locked


def _delete_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def import_job_fail(*, job: ImportJob, reason: str) -> ImportJob:
    """Mark a job failed, say why, and delete its file and the rows copied from it."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or locked.status == Status.DONE:
            return locked or job
        locked.status = Status.FAILED
        locked.failure = reason
        locked.preview = []
        locked.selected_rows = []
        locked.save(update_fields=["status", "failure", "preview", "selected_rows", "modified"])
        transaction.on_commit(lambda: _delete_file(locked))
    return locked
