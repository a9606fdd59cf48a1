"""A plan as a spreadsheet, in the shape its import reads (engage's own shape): one row
per action, followed by a row per target with the objective and action cells blank, as
the seeds' tables are laid out; an objective's title on its first row only.

The headings are the import fields' own (workplans.services.imports.fields), so an export
reads back into an empty plan as the same tree. One column the import leaves alone,
"RAG", says the RAG shown, from the one database expression (``with_rag``).
"""

from collections import defaultdict
from collections.abc import Iterator

from workplans.choices import ItemStatus, Rag
from workplans.models import EvidenceLink, PlanItem, WorkPlan
from workplans.selectors.plans import plan_tree
from workplans.services.imports import IMPORT_FIELDS

RAG_HEADING = "RAG"


def export_headings() -> list[str]:
    headings = [import_field.heading for import_field in IMPORT_FIELDS]
    headings.insert(headings.index("Status") + 1, RAG_HEADING)
    return headings


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _evidence(links: list[EvidenceLink]) -> str:
    return "\n".join(
        link.url if link.title == link.url else f"{link.title} {link.url}" for link in links
    )


def _cells(item: PlanItem, links: list[EvidenceLink]) -> dict[str, object]:
    return {
        "how": item.how,
        "timing": item.timing_as_written,
        "responsibility": item.responsibility,
        "lead": item.lead.email if item.lead else "",
        "status": ItemStatus(item.status).label,
        RAG_HEADING: Rag(item.rag).label,
        "percent_complete": item.percent_complete,
        "priority_project": item.priority_project,
        "performance_indicator": item.performance_indicator,
        "estimated_cost": _money(item.estimated_cost),
        "actual_cost": _money(item.actual_cost),
        "rag_override": Rag(item.rag_override).label if item.rag_override else "",
        "rag_override_reason": item.rag_override_reason,
        "evidence": _evidence(links),
    }


def plan_export_rows(*, plan: WorkPlan, user) -> Iterator[list]:
    """The rows under ``export_headings()``, of the items ``user`` may read."""
    links = defaultdict(list)
    for link in EvidenceLink.objects.filter(
        item__in=PlanItem.objects.visible_to(user), item__plan=plan
    ):
        links[link.item_id].append(link)
    names = [f.name for f in IMPORT_FIELDS]
    names.insert(names.index("status") + 1, RAG_HEADING)
    tree, _ = plan_tree(plan=plan, user=user)
    for objective_node in tree:
        objective = objective_node.objective.title
        if not objective_node.actions:
            yield [objective, *[""] * (len(names) - 1)]
        for action_node in objective_node.actions:
            for item in (action_node.action, *action_node.targets):
                cells = _cells(item, links[item.pk])
                cells["objective"], objective = objective, ""
                cells["action" if item.is_action else "target"] = item.description
                yield [cells.get(name, "") for name in names]
