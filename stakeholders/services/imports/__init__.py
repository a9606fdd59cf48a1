"""Importing contacts and organisations from a CSV or XLSX file.

upload (``import_job_create``: size, type and structure checked by engage's one
spreadsheet reader, core.spreadsheets; a small file's headings read and a column mapping
suggested at once, a larger file's by the Celery task ``stakeholders.import_read``, which
runs ``import_read_run``) → map columns (``import_mapping_set``) → preview (the Celery task
``stakeholders.import_preview`` runs ``import_preview_build``: every row checked with the
model validation the app uses everywhere, every likely duplicate of an existing record
found) → the user chooses rows (``import_selection_save``) → commit
(``import_commit_request`` refuses a selection holding any invalid row; the task
``stakeholders.import_commit`` runs ``import_commit_run``, which writes every chosen row
in one transaction or none at all).

Decisions a user of the import should know (the pages say them too):

- Row numbers are the rows of the spreadsheet: the heading row is row 1.
- A contact's organisation must already be in engage (matched by its exact name, ignoring
  case). An unknown name is an error on that row, never a new organisation made from a
  typing slip: import the organisations first. An organisation's umbrella works the same.
- Consent is never imported: a list does not show who agreed to what wording, so every
  imported contact starts with no consent, to be recorded on the contact afterwards.
- The uploaded file, and the rows copied from it into the preview, are deleted when the
  job is done or has failed: personal data does not linger here.

The two long steps are not one transaction each, on purpose: they write the job's
progress (``processed_rows``) every ``PROGRESS_EVERY`` rows in short transactions of their
own, so the progress bar moves. The commit checks and builds every row first, then writes
them all, and marks the job done, inside a single transaction.
"""

# What the rest of engage uses, gathered here so that callers need not know the modules:
# fields (what a column can fill, the suggested mapping), files (reading an upload), rows
# (checking one row, likely duplicates) and jobs (the services a job goes through).
# PermissionDenied is what those services raise for a user who may not import.
from django.core.exceptions import PermissionDenied

from stakeholders.services.imports.fields import DEFAULT_PREFIX, fields_for, suggest_mapping
from stakeholders.services.imports.files import max_file_size, read_table
from stakeholders.services.imports.jobs import (
    import_commit_request,
    import_commit_run,
    import_job_create,
    import_job_fail,
    import_mapping_set,
    import_preview_build,
    import_read_run,
    import_selection_save,
)

__all__ = [
    "DEFAULT_PREFIX",
    "PermissionDenied",
    "fields_for",
    "import_commit_request",
    "import_commit_run",
    "import_job_create",
    "import_job_fail",
    "import_mapping_set",
    "import_preview_build",
    "import_read_run",
    "import_selection_save",
    "max_file_size",
    "read_table",
    "suggest_mapping",
]
