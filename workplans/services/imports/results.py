"""What an import reports back, and the refusal raised when rows have errors."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from workplans.services.imports.checking import CheckedPlan
from workplans.services.imports.tree import RowError


@dataclass
class ImportResult:
    """The outcome of an import (or, with ``dry_run``, what it would be): the shape
    recognised, what was created, the rows left out and every row's errors."""

    shape: str
    shape_label: str
    objectives_created: int
    actions_created: int
    targets_created: int
    rows_skipped: int
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @classmethod
    def of(cls, checked: CheckedPlan, *, dry_run: bool) -> "ImportResult":
        counts = checked.counts()
        return cls(
            shape=checked.shape,
            shape_label=checked.shape_label,
            objectives_created=counts["objectives"],
            actions_created=counts["actions"],
            targets_created=counts["targets"],
            rows_skipped=len(checked.invalid_rows),
            errors=list(checked.errors),
            dry_run=dry_run,
        )

    @property
    def items_created(self) -> int:
        return self.actions_created + self.targets_created

    def summary(self) -> str:
        """'5 objectives, 19 actions and 63 targets; 1 row with errors left out.'"""

        def count(number, noun):
            return f"{number} {noun}{'' if number == 1 else 's'}"

        made = (
            f"{count(self.objectives_created, 'objective')}, "
            f"{count(self.actions_created, 'action')} and {count(self.targets_created, 'target')}"
        )
        if self.rows_skipped:
            made += f"; {count(self.rows_skipped, 'row')} with errors left out"
        return made + "."


class ImportRefused(ValidationError):
    """Rows have errors and leaving them out was not asked for: nothing was written.
    ``result`` says what the rows are and what is wrong with them."""

    def __init__(self, result: ImportResult):
        rows = result.rows_skipped
        super().__init__(
            f"{rows} row{'s have' if rows != 1 else ' has'} errors, so nothing was imported. "
            "Correct the file, or choose to leave the rows with errors out.",
            code="rows_invalid",
        )
        self.result = result
