"""Importing a spreadsheet into a plan in one call, with the columns matched from the
headings (the command line and the demo data use this; the browser lets the user match
them on a page first)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from workplans.models import WorkPlan
from workplans.services.access import check_editor
from workplans.services.imports.checking import CheckedPlan, check_table
from workplans.services.imports.fields import check_mapping, recognise_shape, suggest_mapping
from workplans.services.imports.reading import read_plan_table
from workplans.services.imports.results import ImportRefused, ImportResult
from workplans.services.imports.writing import write_tree


def commit_checked(
    checked: CheckedPlan, *, plan: WorkPlan, acting_user, skip_invalid: bool
) -> ImportResult:
    """Write what ``checked`` holds into the saved ``plan``, inside the caller's
    transaction. Raises ImportRefused, having written nothing, when rows have errors and
    ``skip_invalid`` is not given; ValidationError if a service refuses an item."""
    result = ImportResult.of(checked, dry_run=False)
    if checked.errors and not skip_invalid:
        raise ImportRefused(result)
    # Two imports into one plan at once would interleave their positions.
    WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()
    write_tree(checked.to_write, plan=plan, acting_user=acting_user)
    return result


@transaction.atomic
def import_file_into_plan(
    *,
    content: bytes,
    filename: str,
    plan: WorkPlan,
    acting_user,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import a CSV or XLSX work plan table into ``plan``: all of it or nothing.

    The table's shape is recognised by its headings (the seeds' two tables, or engage's
    export) and its columns matched the same way. With rows in error, nothing is written
    (ImportRefused, carrying the result) unless ``skip_invalid``: then the items in error,
    and the rows continuing them, are left out and counted (see the rules in
    workplans.services.imports.tree). ``dry_run`` writes nothing and says what would be
    made; ``plan`` may then be a new plan not saved yet. Raises
    ValidationError({"file": ...}) for a file that cannot be read or has no action column.
    """
    check_editor(acting_user)
    table = read_plan_table(content, filename)
    shape = recognise_shape(table.headers)
    try:
        mapping = check_mapping(suggest_mapping(table.headers), table.headers)
    except ValidationError:
        message = (
            "No column of this file could be matched to the actions: give one a heading "
            "such as “Action”, “Action Required” or “Recommendations/actions”."
        )
        raise ValidationError({"file": message}, code="no_action_column") from None
    checked = check_table(table, mapping=mapping, shape=shape, plan=plan)
    if dry_run:
        return ImportResult.of(checked, dry_run=True)
    return commit_checked(checked, plan=plan, acting_user=acting_user, skip_invalid=skip_invalid)
