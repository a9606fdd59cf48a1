"""Building the plan tree (objectives → actions → targets) from checked rows, in the
spreadsheet's order, the way the seeds' tables are read:

- a row with an objective starts it (or, naming one already seen or already in the plan,
  goes back to it); a blank objective cell continues the objective above;
- without an objective column, a row with only its first mapped column filled is a
  section heading, which becomes an objective; actions before any objective go under
  one called "General";
- a row with an action starts a new action; a blank action cell (or the same action
  again, in a sheet filled down) with a target continues the action above, and the
  target goes under it;
- a row with an action and a target: the target belongs to the new action and takes the
  row's timing, status and the rest; the action takes only the row's responsibility. A
  row with an action and no target: everything belongs to the action;
- a target with no responsibility takes its action's, except in engage's own export,
  where every row says its own;
- a row continuing an item left out (a target under an invalid action) has an error too:
  it is never attached somewhere else.

A cell that cannot be read leaves out the item it belongs to: the row's target, or its
action when it has no target; the objective and action the row names still stand, so one
bad year does not lose an outcome's every action. A row that cannot be placed (a target
with no action above it) is left out whole.
"""

from dataclasses import dataclass, field

from workplans.choices import ItemStatus, Timing
from workplans.models import Objective
from workplans.services.imports.fields import ENGAGE, FIELDS_BY_NAME, STRUCTURE, column_label
from workplans.services.imports.rows import CheckedRow
from workplans.timing import ParsedTiming, describe

GENERAL = "General"


@dataclass
class Node:
    """An action or a target as it will be created."""

    row: int
    description: str
    item: dict = field(default_factory=dict)  # item_create keyword arguments
    timing: ParsedTiming | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    targets: list["Node"] = field(default_factory=list)
    valid: bool = True

    @property
    def timing_text(self) -> str:
        return self.timing.text if self.timing else ""

    @property
    def valid_targets(self) -> list["Node"]:
        return [target for target in self.targets if target.valid]

    @property
    def timing_label(self) -> str:
        """As the plan's pages will say it: "Years 1 to 2", "30 Apr 2002", "Done"."""
        if self.timing is None:
            return describe(Timing.UNSET, None, None, None)
        return describe(
            self.timing.kind, self.timing.year_from, self.timing.year_to, self.timing.due_on
        )

    @property
    def status_label(self) -> str:
        """Work timed "done" is complete (workplans.services.items.apply_timing)."""
        if self.timing and self.timing.kind == Timing.DONE:
            return ItemStatus.COMPLETE.label
        return ItemStatus(self.item.get("status", ItemStatus.NOT_STARTED)).label


@dataclass
class ObjectiveNode:
    title: str
    row: int | None  # the row that named it; None for "General"
    existing: Objective | None = None  # already in the plan: used, not created
    actions: list[Node] = field(default_factory=list)
    valid: bool = True

    @property
    def valid_actions(self) -> list[Node]:
        return [action for action in self.actions if action.valid]

    @property
    def to_write(self) -> bool:
        """Left out when its row has errors; "General" only if something goes under it."""
        return self.valid and (self.row is not None or bool(self.valid_actions))


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # an import field's name, or "row"
    text: str  # "Row 17, by when: “31/7?02” is not a date ..."


def title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _item_node(row: CheckedRow, description: str) -> Node:
    return Node(
        row=row.number,
        description=description,
        item=dict(row.item),
        timing=row.timing,
        evidence=list(row.evidence),
    )


class TreeBuilder:
    """Walks the rows once, keeping the objective and action the next row may continue."""

    def __init__(self, *, mapping: dict[str, int], shape: str, existing: dict[str, Objective]):
        self.first_field = min(mapping, key=mapping.get)
        self.headings_are_objectives = "objective" not in mapping
        self.inherit_responsibility = shape != ENGAGE
        self.existing = existing
        self.objectives: list[ObjectiveNode] = []
        self.by_title: dict[str, ObjectiveNode] = {}
        self.objective: ObjectiveNode | None = None
        self.action: Node | None = None

    def _objective_named(self, title: str, row: int | None) -> ObjectiveNode:
        key = title_key(title)
        if key not in self.by_title:
            node = ObjectiveNode(title=title, row=row, existing=self.existing.get(key))
            self.by_title[key] = node
            self.objectives.append(node)
        return self.by_title[key]

    def add(self, row: CheckedRow) -> list[tuple[str, str]]:
        """Place one row; returns its errors (the row's own, then where it sits)."""
        cells, own_errors, placement_errors = row.cells, list(row.errors), []
        continues, made, takes_fields = [], [], []
        heading = self.headings_are_objectives and set(cells) == {self.first_field}
        title = cells[self.first_field] if heading else cells.get("objective", "")
        if title:
            objective = self._objective_named(title, row.number)
            if objective is not self.objective:
                self.objective, self.action = objective, None
            if objective.row == row.number:
                made.append(objective)
        action_text = "" if heading else cells.get("action", "")
        target_text = cells.get("target", "")
        same_action = self.action is not None and (
            not action_text or title_key(action_text) == title_key(self.action.description)
        )
        if action_text and not (target_text and same_action):
            self.objective = self.objective or self._objective_named(GENERAL, None)
            continues.append(self.objective)
            self.action = self._start_action(row, action_text, target_text)
            self.objective.actions.append(self.action)
            made += [self.action, *self.action.targets]
            takes_fields = self.action.targets or [self.action]
        elif target_text and self.action is not None:
            continues += [self.objective, self.action]
            target = self._target(row, target_text)
            self.action.targets.append(target)
            made.append(target)
            takes_fields = [target]
        elif target_text:
            placement_errors.append(
                (
                    "target",
                    "There is no action above this target for it to go under: give the "
                    "action in this row or in a row above.",
                )
            )
        elif not heading and any(name not in STRUCTURE for name in cells):
            placement_errors.append(
                ("row", "This row has no action or target for its other cells.")
            )
        for node in continues:
            if node.row not in (None, row.number) and not node.valid:
                placement_errors.append(("row", f"Continues row {node.row}, which has errors."))
        for node in self._left_out(made, takes_fields, own_errors, placement_errors, heading):
            node.valid = False
        return own_errors + placement_errors

    @staticmethod
    def _left_out(made, takes_fields, own_errors, placement_errors, heading) -> list:
        """What a row's errors leave out. A row that cannot be placed, or whose objective
        is in error, loses everything it makes; an action in error loses its targets; any
        other cell in error loses only the item the row's cells belong to (its target, or
        its action when it has none), not the objective or action the row also names."""
        if not (own_errors or placement_errors):
            return []
        in_error = {name for name, _ in own_errors}
        if placement_errors or heading or "objective" in in_error:
            return made
        if "action" in in_error:
            return [node for node in made if isinstance(node, Node)]
        return takes_fields

    def _start_action(self, row: CheckedRow, action_text: str, target_text: str) -> Node:
        if not target_text:
            return _item_node(row, action_text)
        action = Node(row=row.number, description=action_text)
        if "responsibility" in row.item:
            action.item["responsibility"] = row.item["responsibility"]
        action.targets.append(_item_node(row, target_text))
        return action

    def _target(self, row: CheckedRow, target_text: str) -> Node:
        target = _item_node(row, target_text)
        inherited = self.action.item.get("responsibility")
        if self.inherit_responsibility and inherited and "responsibility" not in target.item:
            target.item["responsibility"] = inherited
        return target


def build_tree(
    rows: list[CheckedRow],
    *,
    headers: list[str],
    mapping: dict[str, int],
    shape: str,
    existing: dict[str, Objective],
) -> tuple[list[ObjectiveNode], list[RowError]]:
    """The objectives the rows make, each action and target marked valid or not, and
    every row's errors in the words the user reads: "Row 17, by when: ..."."""
    builder = TreeBuilder(mapping=mapping, shape=shape, existing=existing)
    errors = []
    for row in rows:
        for name, message in builder.add(row):
            errors.append(
                RowError(row.number, name, error_text(row.number, name, message, headers, mapping))
            )
    return builder.objectives, errors


def error_text(row: int, name: str, message: str, headers, mapping) -> str:
    """Named by the file's own heading for the column: "Row 17, by when: ..."."""
    if name in mapping:
        return f"Row {row}, {column_label(headers[mapping[name]])}: {message}"
    if name in FIELDS_BY_NAME:
        return f"Row {row}, {FIELDS_BY_NAME[name].label}: {message}"
    return f"Row {row}: {message}"
