"""Checking one row of a work plan spreadsheet: every cell read into what engage keeps
(timing by workplans.timing, status by value or label, percent, money, yes/no, a lead
by email, evidence links), then the item it describes checked by PlanItem.full_clean(),
the model validation every other way of adding an item goes through."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from stakeholders.services.imports.rows import yes_no
from workplans.choices import ItemStatus, Rag
from workplans.models import EvidenceLink, Objective, PlanItem
from workplans.services.imports.fields import FIELDS_BY_NAME
from workplans.timing import ParsedTiming, TimingError, parse_timing

URL = re.compile(r"https?://\S+")
# A model field's errors belong to the column that filled it.
MODEL_TO_COLUMN = {
    "timing": "timing",
    "timing_text": "timing",
    "due_on": "timing",
    "year_from": "timing",
    "year_to": "timing",
}


@dataclass(frozen=True)
class RowContext:
    """What checking a row needs to know of the plan the rows go into."""

    starts_fy: int
    years: int
    leads: dict  # email address, casefolded -> a user who may lead


@dataclass
class CheckedRow:
    """One row: its cells by field name (mapped and not blank), the item fields read from
    them (``item_create`` keyword arguments), and what is wrong with it."""

    number: int
    cells: dict[str, str]
    item: dict = field(default_factory=dict)
    timing: ParsedTiming | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field name or "row", text)

    @property
    def timing_text(self) -> str:
        return self.cells.get("timing", "")


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def _choice(value: str, choices, what: str) -> str:
    wanted = _normal(value)
    for option, label in choices.choices:
        if wanted in (_normal(option), _normal(str(label))):
            return option
    raise ValidationError(f"“{value}” is not {what}: {', '.join(map(str, choices.labels))}.")


def _percent(value: str) -> int:
    text = value.strip().rstrip("%").strip()
    if not text.isdigit() or int(text) > 100:
        raise ValidationError(f"“{value}” is not a percentage: give a whole number from 0 to 100.")
    return int(text)


def _money(value: str) -> Decimal:
    text = re.sub(r"[£,\s]", "", value)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(
            f"“{value}” is not an amount of money: write it like 1200 or £1,200.50."
        )
    if amount < 0:
        raise ValidationError(f"“{value}” is less than nothing: a cost is £0 or more.")
    return amount


def _evidence(value: str) -> list[tuple[str, str]]:
    """'Minutes https://example.org/m' on each line -> [("Minutes", "https://...")]."""
    title_length = EvidenceLink._meta.get_field("title").max_length
    url_length = EvidenceLink._meta.get_field("url").max_length
    links = []
    for line in filter(None, (part.strip() for part in value.splitlines())):
        found = URL.search(line)
        if not found:
            raise ValidationError(
                f"“{line}” holds no web address: give one starting https:// on each line."
            )
        url = found[0].rstrip(".,;)")
        title = (line[: found.start()] + line[found.end() :]).strip(" :-\u2013|") or url
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(f"“{url}” is not a web address that can be opened.") from None
        if len(url) > url_length:
            raise ValidationError(f"A web address can be at most {url_length} characters.")
        if len(title) > title_length:
            raise ValidationError(f"A link's title can be at most {title_length} characters.")
        links.append((title, url))
    return links


READERS = {
    "status": lambda value: _choice(value, ItemStatus, "a status engage knows"),
    "rag_override": lambda value: _choice(value, Rag, "a RAG rating"),
    "percent_complete": _percent,
    "estimated_cost": _money,
    "actual_cost": _money,
    "priority_project": yes_no,
}
PLAIN = ("how", "responsibility", "performance_indicator", "rag_override_reason")


def _read_cells(row: CheckedRow, context: RowContext) -> None:
    cells = row.cells
    for name in PLAIN:
        if name in cells:
            row.item[name] = cells[name]
    for name, read in READERS.items():
        if name in cells:
            try:
                row.item[name] = read(cells[name])
            except ValidationError as error:
                row.errors.append((name, error.messages[0]))
    if "lead" in cells:
        lead = context.leads.get(cells["lead"].casefold())
        if lead is None:
            message = (
                f"“{cells['lead']}” is not the email address of a member of unit staff or "
                "an administrator in engage."
            )
            row.errors.append(("lead", message))
        else:
            row.item["lead"] = lead
    try:
        row.timing = parse_timing(
            row.timing_text, plan_starts_fy=context.starts_fy, plan_years=context.years
        )
    except TimingError as error:
        row.errors.append(("timing", str(error)))
    if "evidence" in cells:
        try:
            row.evidence = _evidence(cells["evidence"])
        except ValidationError as error:
            row.errors.append(("evidence", error.messages[0]))
    if row.item.get("rag_override") and not row.item.get("rag_override_reason"):
        row.errors.append(("rag_override_reason", "Say why the RAG is set by hand."))


def _model_check(row: CheckedRow) -> None:
    """PlanItem.full_clean() on the item this row describes, for the rules not read
    above (lengths, the cost's digits); fields already in error are not checked again."""
    item = PlanItem(
        description=row.cells.get("target") or row.cells.get("action") or "-",
        **{name: value for name, value in row.item.items() if name != "lead"},
    )
    if row.timing:
        item.timing, item.timing_text = row.timing.kind, row.timing.text
        item.year_from, item.year_to = row.timing.year_from, row.timing.year_to
        item.due_on = row.timing.due_on
    in_error = {name for name, _ in row.errors}
    try:
        item.full_clean(
            exclude=[
                "plan",
                "objective",
                "parent",
                "lead",
                *in_error,
                *(m for m, c in MODEL_TO_COLUMN.items() if c in in_error),
            ],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = MODEL_TO_COLUMN.get(name, name)
            if name == "description":
                column = "target" if "target" in row.cells else "action"
            if column not in FIELDS_BY_NAME:
                column = "row"
            row.errors.append((column, messages[0]))
    limit = Objective._meta.get_field("title").max_length
    if len(row.cells.get("objective", "")) > limit:
        row.errors.append(("objective", f"An objective can be at most {limit} characters."))


def check_row(number: int, cells: dict[str, str], context: RowContext) -> CheckedRow:
    """``cells``: field name -> the row's text in that field's column (blank ones left
    out). Structure (objective, action, target) is checked later, row by row in order."""
    row = CheckedRow(number=number, cells=cells)
    _read_cells(row, context)
    _model_check(row)
    order = {name: index for index, name in enumerate(FIELDS_BY_NAME)}
    first = {}
    for name, message in row.errors:
        first.setdefault(name, message)
    row.errors = sorted(first.items(), key=lambda error: order.get(error[0], len(order)))
    return row
