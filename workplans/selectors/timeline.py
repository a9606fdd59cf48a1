"""A plan's items laid out by financial year and quarter of their due date."""

from dataclasses import dataclass, field

from django.utils import timezone

from workplans.fy import fy_label, quarter_label, quarter_of
from workplans.models import WorkPlan
from workplans.selectors.plans import plan_items


@dataclass
class Quarter:
    number: int
    label: str
    current: bool
    items: list = field(default_factory=list)


@dataclass
class Year:
    start: int
    label: str
    quarters: list[Quarter]

    @property
    def item_count(self) -> int:
        return sum(len(quarter.items) for quarter in self.quarters)


@dataclass
class Timeline:
    years: list[Year]
    undated: list  # on-going, or no timing given


def plan_timeline(*, plan: WorkPlan, user) -> Timeline:
    """Every financial year of the plan, and any other year an item falls due in (work
    overdue from before, or planned after), each with its four quarters."""
    today = quarter_of(timezone.localdate())
    items = list(plan_items(plan=plan, user=user))
    starts = set(range(plan.starts_fy, plan.ends_fy + 1))
    starts |= {quarter_of(item.due_on)[0] for item in items if item.due_on}
    years = {
        start: Year(
            start,
            fy_label(start),
            [Quarter(q, quarter_label(q), (start, q) == today) for q in range(1, 5)],
        )
        for start in sorted(starts)
    }
    undated = []
    for item in sorted(items, key=lambda item: (item.due_on is None, item.due_on, item.pk)):
        if item.due_on is None:
            undated.append(item)
            continue
        start, quarter = quarter_of(item.due_on)
        years[start].quarters[quarter - 1].items.append(item)
    return Timeline(list(years.values()), undated)
