"""Checking a whole table against the plan it is to go into: every row read, the tree
built, every error collected. Reads only; nothing is written here."""

from dataclasses import dataclass

from core.spreadsheets import Table
from workplans.models import WorkPlan
from workplans.services.imports.fields import FIELDS_BY_NAME, SHAPE_LABELS
from workplans.services.imports.rows import RowContext, check_row
from workplans.services.imports.tree import ObjectiveNode, RowError, build_tree, title_key
from workplans.services.items import possible_leads


@dataclass
class CheckedPlan:
    """What an import would do: the tree (invalid parts marked) and the errors."""

    shape: str
    rows: int
    objectives: list[ObjectiveNode]
    errors: list[RowError]

    @property
    def shape_label(self) -> str:
        return SHAPE_LABELS[self.shape]

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    @property
    def to_write(self) -> list[ObjectiveNode]:
        return [objective for objective in self.objectives if objective.to_write]

    def counts(self) -> dict[str, int]:
        """What committing with the invalid rows left out makes."""
        actions = [action for o in self.to_write for action in o.valid_actions]
        return {
            "objectives": sum(1 for o in self.to_write if o.existing is None),
            "actions": len(actions),
            "targets": sum(len(action.valid_targets) for action in actions),
        }


def _row_cells(cells: list[str], mapping: dict[str, int]) -> dict[str, str]:
    values = {}
    for name in FIELDS_BY_NAME:
        index = mapping.get(name)
        value = cells[index].strip() if index is not None and index < len(cells) else ""
        if value:
            values[name] = value
    return values


def check_table(
    table: Table, *, mapping: dict[str, int], shape: str, plan: WorkPlan
) -> CheckedPlan:
    """Check ``table`` through ``mapping`` (field name → column index, already checked by
    ``fields.check_mapping``) for ``plan``, which may be a new plan not saved yet: its
    years are what plan-year timings are read against."""
    context = RowContext(
        starts_fy=plan.starts_fy,
        years=plan.years,
        leads={user.email.casefold(): user for user in possible_leads()},
    )
    existing = {}
    if plan.pk:
        for objective in plan.objectives.order_by("position", "pk"):
            existing.setdefault(title_key(objective.title), objective)
    rows = []
    for number, cells in table.rows:
        values = _row_cells(cells, mapping)
        if values:  # a row blank in every mapped column says nothing
            rows.append(check_row(number, values, context))
    objectives, errors = build_tree(
        rows, headers=table.headers, mapping=mapping, shape=shape, existing=existing
    )
    return CheckedPlan(shape=shape, rows=len(table.rows), objectives=objectives, errors=errors)
