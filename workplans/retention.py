"""The work plans app's retention rule (``core.retention``), registered from
``WorkplansConfig.ready()``: imports of work plan tables, finished or not."""

from core.retention import RetentionRule
from workplans.models import PlanImport
from workplans.services.imports.browser import plan_imports_delete


def _imports(before):
    return PlanImport.objects.filter(modified__lt=before)


def _delete_imports(before) -> int:
    return plan_imports_delete(_imports(before))


RULES = (
    RetentionRule(
        name="workplans.imports",
        label="Work plan imports",
        period="imports",
        action="deleted",
        find=_imports,
        apply=_delete_imports,
    ),
)
