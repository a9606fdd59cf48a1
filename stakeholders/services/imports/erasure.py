"""Erasure reaches imports still under way: an uploaded file, and the rows copied from it
into a preview, may hold the person being erased. Such an import is stopped and its file
and rows deleted (the uploader is told to upload the file again without them); a finished
or failed import holds no rows or file already.

A row is taken to be the person's if any cell holds their email address, their phone
number (in any spacing, national or international) or their name. A namesake stops an
import too: upload it again, which costs a minute; keeping someone's data after they
asked for it to be erased costs far more.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from stakeholders.models import Contact, ImportJob
from stakeholders.services.imports.files import read_table
from stakeholders.services.imports.jobs import _delete_file

ERASED = (
    "This import was stopped and its file deleted: someone in it asked for their data to "
    "be erased. Upload the file again without them."
)


def _text(value) -> str:
    return " ".join(str(value).split()).casefold()


def _digits(value) -> str:
    return re.sub(r"\D", "", str(value))


def _needles(contact: Contact) -> tuple[set[str], set[str]]:
    """(texts, phone digit strings) that mark a cell as the person's."""
    texts = {_text(value) for value in (contact.email, contact.name) if value}
    phones = set()
    if contact.phone:
        phones.add(_digits(contact.phone.as_e164))
        phones.add(_digits(contact.phone.as_national))
    return texts, phones


def _holds(cells, texts: set[str], phones: set[str]) -> bool:
    return any(_text(cell) in texts or _digits(cell) in phones for cell in cells)


def _cells(job: ImportJob):
    for entry in job.preview:
        yield from entry.get("values", {}).values()
    if job.file:
        try:
            with job.file.open("rb") as handle:
                table = read_table(handle.read(), job.file.name)
        except (OSError, ValueError, ValidationError):
            return  # unreadable: nothing to find in it (its job fails anyway)
        for _number, cells in table.rows:
            yield from cells


def import_jobs_forget_contact(*, contact: Contact) -> int:
    """Stop every import whose file or preview holds ``contact``, deleting its file (once
    the erasure commits) and its rows. Returns how many were stopped."""
    texts, phones = _needles(contact)
    stopped = 0
    holding = ImportJob.objects.filter(~Q(file="") | ~Q(preview=[]))
    for job in holding.select_for_update().order_by("pk"):
        if not _holds(_cells(job), texts, phones):
            continue
        if job.status != ImportJob.Status.DONE:
            job.status = ImportJob.Status.FAILED
            job.failure = ERASED
        job.preview, job.selected_rows = [], []
        job.save(update_fields=["status", "failure", "preview", "selected_rows", "modified"])
        transaction.on_commit(lambda job=job: _delete_file(job))
        stopped += 1
    return stopped
