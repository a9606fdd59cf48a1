"""Background work for the stakeholder database. Thin: each task takes an id, fetches the
row again, returns if it is gone or already past this step, and calls a service."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from stakeholders.models import ImportJob
from stakeholders.services import imports

logger = logging.getLogger(__name__)

# An import of tens of thousands of rows takes minutes, not the default's seconds.
IMPORT_LIMITS = {"soft_time_limit": 25 * 60, "time_limit": 30 * 60}
FAILED = (
    "Something went wrong while {doing}, and nothing was imported. Try again; if it happens "
    "again, tell an administrator (import job {pk})."
)


def _run(job_id: int, status: str, service, doing: str) -> None:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != status:
        return  # gone, or this step already ran (a redelivered message)
    try:
        service(job=job)
    except Exception:
        # Nothing half-written: the commit's writes are one transaction. Say so on the job
        # rather than leave its progress bar turning for ever.
        logger.exception("Import job %s failed while %s", job_id, doing)
        imports.import_job_fail(job=job, reason=FAILED.format(doing=doing, pk=job_id))


@shared_task(name="stakeholders.import_read", acks_late=True, **IMPORT_LIMITS)
def import_read(job_id: int) -> None:
    """Read a large upload's headings and rows, within the spreadsheet limits."""
    _run(job_id, ImportJob.Status.READING, imports.import_read_run, "reading the file")


@shared_task(name="stakeholders.import_preview", acks_late=True, **IMPORT_LIMITS)
def import_preview(job_id: int) -> None:
    """Check every row of an import file and find likely duplicates."""
    _run(job_id, ImportJob.Status.PREVIEWING, imports.import_preview_build, "checking the rows")


@shared_task(name="stakeholders.import_commit", acks_late=True, **IMPORT_LIMITS)
def import_commit(job_id: int) -> None:
    """Write the chosen rows of an import, all of them or none."""
    _run(job_id, ImportJob.Status.IMPORTING, imports.import_commit_run, "importing the rows")


# A job still "checking" or "importing" this long after its step began has lost its task:
# longer than the hard time limit, so the first attempt is certainly over.
STUCK_AFTER = timedelta(seconds=IMPORT_LIMITS["time_limit"]) + timedelta(minutes=5)
STEP_TASKS = {
    ImportJob.Status.READING: import_read,
    ImportJob.Status.PREVIEWING: import_preview,
    ImportJob.Status.IMPORTING: import_commit,
}


@shared_task(name="stakeholders.import_sweep")
def import_sweep() -> int:
    """Send again the step of every import whose task was lost (a killed worker, a Redis
    restart); the step itself is idempotent. Returns how many were sent."""
    stuck = list(
        ImportJob.objects.filter(
            status__in=STEP_TASKS, modified__lt=timezone.now() - STUCK_AFTER
        ).values_list("pk", "status")
    )
    for job_id, status in stuck:
        logger.warning("Import job %s was stuck %s; sending it again", job_id, status)
        STEP_TASKS[status].delay(job_id)
    return len(stuck)


# Personal data must not linger in an import nobody finished: its file and copied rows go.
ABANDONED_AFTER = timedelta(days=7)
ABANDONED = "Nobody finished this import within 7 days, so its file and rows were deleted."


@shared_task(name="stakeholders.import_purge_abandoned")
def import_purge_abandoned() -> int:
    """Fail imports left unfinished for a week, deleting their data. Returns how many."""
    abandoned = list(
        ImportJob.objects.filter(
            status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED],
            modified__lt=timezone.now() - ABANDONED_AFTER,
        )
    )
    for job in abandoned:
        imports.import_job_fail(job=job, reason=ABANDONED)
    return len(abandoned)
