"""The engage fields a column of a work plan spreadsheet can fill, the table shapes engage
recognises by their headings, the column mapping suggested from a file's headings, and
the checks a mapping must pass."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import capfirst


@dataclass(frozen=True)
class ImportField:
    """One engage field a file column can be mapped to. ``heading`` is the column's heading
    in engage's own export, so an export is read back without any matching."""

    name: str
    label: str  # inside a sentence: "Choose the column that holds the target."
    heading: str
    synonyms: tuple[str, ...] = ()
    help_text: str = ""

    @property
    def title(self) -> str:
        return capfirst(self.label)


IMPORT_FIELDS = (
    ImportField(
        "objective",
        "objective",
        "Objective",
        (
            "objectives",
            "keyproductsandoutcomessought",
            "keyproductsandoutcomes",
            "outcomessought",
            "outcomesought",
            "outcomes",
            "outcome",
            "keyoutcomes",
            "strand",
            "strategystrand",
            "principle",
        ),
        "A row with an objective starts it; a blank cell continues the one above.",
    ),
    ImportField(
        "action",
        "action",
        "Action",
        (
            "actions",
            "actionrequired",
            "actionsrequired",
            "recommendationsactions",
            "recommendationaction",
            "recommendations",
            "recommendation",
        ),
        "A row with an action starts it; a blank cell with a target continues the one above.",
    ),
    ImportField(
        "target",
        "target",
        "Target",
        (
            "targets",
            "implementationtargets",
            "implementationtarget",
            "milestone",
            "milestones",
            "targetormilestone",
        ),
        "Each target goes under the action of its row, or of the rows above.",
    ),
    ImportField("how", "how", "How", ("method", "approach")),
    ImportField(
        "timing",
        "timing",
        "Timing",
        ("year", "years", "bywhen", "when", "due", "duedate", "deadline", "timescale"),
        "A date (30/4/2002), a month (9/02), a plan year (1, 1/2, ½, 2/3), on-going or done.",
    ),
    ImportField(
        "responsibility",
        "responsibility",
        "Responsibility",
        ("responsible", "leadofficer", "leadbody", "owner"),
        "The body responsible, as written (“MPA CDO Unit”). Targets with none take their action's.",
    ),
    ImportField(
        "lead",
        "lead (a user's email address)",
        "Lead (email)",
        ("lead", "leadsemail", "leademailaddress"),
        "The email address of a member of unit staff or an administrator in engage.",
    ),
    ImportField(
        "status",
        "status",
        "Status",
        ("progressstatus",),
        "Not started, on track, at risk, off track, complete, ongoing or dropped.",
    ),
    ImportField(
        "percent_complete",
        "percent complete",
        "Percent complete",
        ("percent", "complete", "progress"),
        "A whole number from 0 to 100.",
    ),
    ImportField(
        "priority_project",
        "priority project",
        "Priority project",
        ("priority", "priorityprojects"),
        "Yes or no (blank means no).",
    ),
    ImportField(
        "performance_indicator",
        "performance indicator",
        "Performance indicator",
        ("performanceindicators", "indicator", "indicators", "pi", "kpi", "measure"),
    ),
    ImportField(
        "estimated_cost",
        "estimated cost",
        "Estimated cost",
        ("cost", "costs", "budget", "estimate"),
        "An amount in pounds, like 1200 or £1,200.50.",
    ),
    ImportField(
        "actual_cost",
        "actual cost",
        "Actual cost",
        ("spend", "actualspend", "spent"),
        "An amount in pounds, like 1200 or £1,200.50.",
    ),
    ImportField(
        "rag_override",
        "RAG set by hand",
        "RAG set by hand",
        ("ragoverride", "manualrag"),
        "Red, amber or green, only where the RAG is not to follow from status and dates.",
    ),
    ImportField(
        "rag_override_reason",
        "reason the RAG is set by hand",
        "Why the RAG is set by hand",
        ("ragreason", "reasonforrag", "ragoverridereason"),
    ),
    ImportField(
        "evidence",
        "evidence links",
        "Evidence",
        ("evidencelinks", "evidencelink", "links", "link"),
        "Web addresses, one a line, each optionally after its title: "
        "“Minutes https://example.org/minutes”.",
    ),
)
FIELDS_BY_NAME = {import_field.name: import_field for import_field in IMPORT_FIELDS}
# The fields that say where a row sits in the tree; the rest describe the row's item.
STRUCTURE = ("objective", "action", "target")


def squash(text: str) -> str:
    """'Recommendations/actions' -> 'recommendationsactions': headings compared loosely."""
    return re.sub(r"[^a-z0-9]", "", (text or "").casefold())


@dataclass(frozen=True)
class Shape:
    """A table shape engage knows: each of its fields has one of these headings."""

    key: str
    label: str
    headings: dict[str, frozenset[str]]


ENGAGE, STRATEGY, RECOMMENDATIONS, OTHER = "engage", "strategy", "recommendations", "other"
SHAPES = (
    Shape(
        ENGAGE,
        "engage's own export",
        {f.name: frozenset({squash(f.heading)}) for f in IMPORT_FIELDS},
    ),
    Shape(
        STRATEGY,
        "a strategy and implementation plan: outcomes sought, actions, implementation "
        "targets, year and responsibility",
        {
            "objective": frozenset(
                {"keyproductsandoutcomessought", "keyproductsandoutcomes", "outcomessought"}
                | {"outcomes", "outcome"}
            ),
            "action": frozenset({"actionrequired", "actionsrequired", "action", "actions"}),
            "target": frozenset({"implementationtargets", "targets", "target"}),
            "timing": frozenset({"year", "years"}),
            "responsibility": frozenset({"responsibility"}),
        },
    ),
    Shape(
        RECOMMENDATIONS,
        "a table of recommendations: recommendations or actions, how, by when, lead officer "
        "and performance indicator",
        {
            "action": frozenset(
                {"recommendationsactions", "recommendations", "recommendation", "actions"}
            ),
            "how": frozenset({"how"}),
            "timing": frozenset({"bywhen"}),
            "responsibility": frozenset({"leadofficer"}),
            "performance_indicator": frozenset({"performanceindicator", "performanceindicators"}),
        },
    ),
)
SHAPE_LABELS = {shape.key: shape.label for shape in SHAPES} | {
    OTHER: "not a shape engage knows: match the columns yourself"
}


def recognise_shape(headers: list[str]) -> str:
    """The key of the first shape whose every field has a column, else ``OTHER``."""
    present = {squash(heading) for heading in headers}
    for shape in SHAPES:
        if all(present & names for names in shape.headings.values()):
            return shape.key
    return OTHER


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """For each engage field, the index of the column that most likely holds it: the
    recognised shape's columns first, then any heading matching a field's name, heading or
    a synonym, ignoring case, spaces and punctuation. Each column fills one field at most."""
    by_heading = {}
    for index, heading in enumerate(headers):
        by_heading.setdefault(squash(heading), index)
    mapping, used = {}, set()
    shape = next((s for s in SHAPES if s.key == recognise_shape(headers)), None)
    candidates = {
        f.name: [
            *sorted(shape.headings.get(f.name, ()) if shape else ()),
            *map(squash, (f.name, f.label, f.heading, *f.synonyms)),
        ]
        for f in IMPORT_FIELDS
    }
    for import_field in IMPORT_FIELDS:
        for candidate in candidates[import_field.name]:
            index = by_heading.get(candidate)
            if index is not None and index not in used:
                mapping[import_field.name] = index
                used.add(index)
                break
    return mapping


def check_mapping(mapping: dict, headers: list[str]) -> dict[str, int]:
    """The mapping with its column indexes as integers, or ValidationError keyed by field:
    every index one of the file's columns, no column chosen twice, an action column."""
    clean, errors, chosen_for = {}, {}, {}
    for import_field in IMPORT_FIELDS:
        index = mapping.get(import_field.name)
        if index in (None, ""):
            continue
        try:
            index = int(index)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(headers):
            errors[import_field.name] = "Choose one of the file's columns."
        elif index in chosen_for:
            errors[import_field.name] = (
                f"The column “{headers[index]}” is already chosen for the "
                f"{FIELDS_BY_NAME[chosen_for[index]].label}: choose each column once."
            )
        else:
            chosen_for[index] = import_field.name
            clean[import_field.name] = index
    if "action" not in clean and "action" not in errors:
        errors["action"] = "Choose the column that holds the actions: every plan item needs one."
    if errors:
        raise ValidationError(errors)
    return clean


def column_label(heading: str) -> str:
    """A column's heading as it reads inside a sentence: "Implementation Targets" ->
    "implementation targets", but "RAG set by hand" and "PI" keep their capitals."""
    return " ".join(
        word if any(letter.isupper() for letter in word[1:]) else word.lower()
        for word in heading.split()
    )
