"""Importing a work plan from a CSV or XLSX table: the seeds' "outcomes sought → action
required → implementation targets, year, responsibility" table, their table of
"recommendations, how, by when, lead officer, performance indicator", engage's own export,
or any table whose columns the user matches.

The modules, each with one job: ``fields`` (what a column can fill, the shapes known by
their headings, the mapping suggested and checked), ``reading`` (the file), ``rows``
(one row's cells), ``tree`` (where each row goes: the rules for rows that continue the
row above), ``checking`` (a whole table against a plan), ``writing`` (through the plan
and item services), ``into_plan`` (all of it in one call, for the command line and the
demo data) and ``browser`` (the upload, columns, preview and commit pages' steps).

Decisions a user of the import should know (the pages say them too):

- Row numbers are the spreadsheet's: the heading row is row 1.
- Timings are read by workplans.timing; one that cannot be read is an error on its row,
  never a guess. So is a lead who is not unit staff or an administrator.
- Commit is all or nothing; while any row has an error nothing is written unless the
  items in error are left out (a bad cell leaves out the row's target, or its action when
  it has none), and with them every row that continues an item left out.
- Objectives already in the plan are matched by title and added to, not repeated.
"""

from workplans.services.imports.browser import (
    import_target_plan,
    plan_import_check,
    plan_import_commit,
    plan_import_create,
    plan_import_mapping_set,
)
from workplans.services.imports.checking import CheckedPlan
from workplans.services.imports.fields import (
    IMPORT_FIELDS,
    SHAPE_LABELS,
    ImportField,
    recognise_shape,
    suggest_mapping,
)
from workplans.services.imports.into_plan import import_file_into_plan
from workplans.services.imports.results import ImportRefused, ImportResult
from workplans.services.imports.tree import RowError

__all__ = [
    "IMPORT_FIELDS",
    "SHAPE_LABELS",
    "CheckedPlan",
    "ImportField",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "import_file_into_plan",
    "import_target_plan",
    "plan_import_check",
    "plan_import_commit",
    "plan_import_create",
    "plan_import_mapping_set",
    "recognise_shape",
    "suggest_mapping",
]
