"""London-scale work plans for benchmarks: ``items`` actions and targets (60,000 by
default, about 20,000 of them actions) over plans of about PLAN_SIZE (120 plans): a plan
for each borough and London-wide ones, most current and endorsed, some closed (their work
finished or dropped), some drafts for next year. Each has four to eight objectives; each
action has up to four targets under it.
Leads are unit staff (a few are added if there are not enough); statuses and due dates
are spread over the plans' years so the lists, the timeline and the reminders have
realistic work (overdue, due soon, nothing heard for weeks); about half the started items
have progress updates, the latest agreeing with the item's status and percent.

Like the other scale parts: ids reserved from the sequences up front, rows written with
COPY, inside the caller's transaction; the work plan tables have no history triggers.
Same seed and same database, same data.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from areas.models import Borough
from core.roles import Role
from workplans.choices import (
    ItemKind,
    ItemStatus,
    ObjectiveKind,
    PlanStatus,
    Principle,
    Rag,
    Timing,
)
from workplans.fy import fy_end, fy_label, fy_of, fy_start
from workplans.models import Objective, PlanItem, ProgressUpdate, WorkPlan

PLAN_SIZE = 500
MIN_LEADS = 8
LONDON_WIDE = (
    "Safer Neighbourhoods engagement plan",
    "Citizen Focus: improving engagement",
    "Hate crime consultation plan",
    "Youth engagement plan",
    "Public access consultation plan",
    "Community Engagement Commitment action plan",
    "Stop and search community monitoring plan",
    "Estates strategy engagement plan",
)
COMMITTEES = ("Community Engagement Committee", "Consultation Board", "MPA COD Committee")
OBJECTIVES = (
    (ObjectiveKind.OUTCOME, "Better co-ordination of consultation", ""),
    (ObjectiveKind.OUTCOME, "Greater accessibility and inclusive consultation", ""),
    (ObjectiveKind.OUTCOME, "Better feedback", Principle.FEEDBACK),
    (ObjectiveKind.OUTCOME, "Greater emphasis upon borough based consultation", ""),
    (ObjectiveKind.OUTCOME, "Value for money", ""),
    (ObjectiveKind.STRAND, "Citizen Focus: improving engagement", Principle.INVOLVE),
    (ObjectiveKind.STRAND, "Safer Neighbourhoods consultation and engagement", ""),
    (ObjectiveKind.STRAND, "Confidence and satisfaction", ""),
    (ObjectiveKind.PRINCIPLE, "Information: say how to get involved", Principle.INFORMATION),
    (ObjectiveKind.PRINCIPLE, "Inclusion: reach every community", Principle.INCLUSION),
    (ObjectiveKind.PRINCIPLE, "Preparation: brief those who take part", Principle.PREPARATION),
    (ObjectiveKind.PRINCIPLE, "Integration: plan engagement jointly", Principle.INTEGRATION),
)
ACTIONS = (
    "Map consultation activity and set it out in a schedule",
    "Review ward panel membership against the ward's population",
    "Agree a protocol for joint consultation with the council",
    "Train officers in planning and managing consultation",
    "Set up a youth independent advisory group",
    "Publish “you said, we did” feedback after every consultation",
    "Consult faith communities on hate crime reporting",
    "Pilot e-consultation on the policing priorities",
    "Evaluate last year's community engagement events",
    "Recruit members for the community-police engagement group",
    "Review the accessibility of meeting venues",
    "Set minimum standards for consultative groups",
    "Share ward panel priorities with neighbouring teams",
    "Agree the policing plan consultation timetable",
    "Identify confidence gaps with different sections of the community",
    "Support ward panels to publish their minutes",
    "Consult on front counter opening hours",
    "Brief the independent advisory group on stop and search data",
    "Develop a network of voluntary sector groups and advocates",
    "Review how consultation feedback is tracked and used",
)
TARGETS = (
    "Draft the terms of reference",
    "Agree the approach with partners",
    "Report to the Consultation Board",
    "Publish on the website",
    "Run the first session",
    "Evaluate and report back to the committee",
    "Collect views from the ward panels",
    "Cost the work and agree the budget",
    "Appoint a lead in each borough",
    "Review after six months",
    "Send feedback to everyone who took part",
    "Produce an easy read version",
)
RESPONSIBILITIES = (
    "MPS Strategic Consultation Unit",
    "MPA CDO Unit",
    "Safer Neighbourhoods Unit",
    "MPA/MPS CSMB",
    "Citizen Focus Team",
)
INDICATORS = (
    "Number of people taking part, by community",
    "Share of participants told the outcome within 12 weeks",
    "Ward panels meeting at least every two months",
    "Satisfaction of participants with the process",
)
NOTES = (
    "Met the borough leads; work under way.",
    "Draft circulated for comments.",
    "Partners agreed the approach at the last meeting.",
    "Waiting for the council to confirm the venue.",
    "First session held; feedback being collected.",
    "Delayed by the election period.",
    "Report written and sent to the board.",
)
OVERRIDE_REASONS = (
    "The budget for next year is not confirmed.",
    "Depends on a partner's decision expected next month.",
    "Key officer on long-term leave.",
)
FIRST_NAMES = ("Priya", "Tom", "Grace", "Olu", "Marta", "Ben", "Aisha", "Luke", "Nadia", "Sean")
LAST_NAMES = ("Okafor", "Hughes", "Begum", "Kowalski", "Reid", "Sharma", "Doyle", "Mensah")
# Statuses of open work, and how often each is given.
OPEN_STATUSES = {
    ItemStatus.NOT_STARTED: 30,
    ItemStatus.ON_TRACK: 45,
    ItemStatus.AT_RISK: 12,
    ItemStatus.OFF_TRACK: 6,
}


def seed_workplans_at_scale(*, stdout, seed: int = 2026, items: int = 60_000) -> dict[str, int]:
    """Write the plans and their items; return how many rows of each. Call inside
    ``transaction.atomic()``."""
    # Imported here: seed_scale imports this module, so a top-level import would be circular.
    from demo.management.commands.seed_scale import copy_dicts, reserve_ids

    builder = _Builder(seed=seed, items=items, reserve_ids=reserve_ids)
    builder.build()
    rows = builder.rows
    counts = {
        "plans": copy_dicts(WorkPlan, rows["plans"]),
        "objectives": copy_dicts(Objective, rows["objectives"]),
        "items": copy_dicts(PlanItem, rows["items"]),
        "actions": builder.actions,
        "targets": builder.targets,
        "updates": copy_dicts(ProgressUpdate, rows["updates"]),
        "leads_added": builder.leads_added,
    }
    stdout.write(f"Work plans: {counts}")
    return counts


def plan_sizes(rng: random.Random, items: int) -> list[int]:
    """``items`` split into plans of about PLAN_SIZE, some larger and some smaller."""
    if items <= 0:
        return []
    count = max(1, round(items / PLAN_SIZE))
    sizes = [items // count + (1 if n < items % count else 0) for n in range(count)]
    for n in range(count - 1):
        shift = rng.randint(0, min(sizes[n], sizes[n + 1]) // 3)
        sizes[n] += shift
        sizes[n + 1] -= shift
    rng.shuffle(sizes)
    return sizes


class _Builder:
    def __init__(self, *, seed, items, reserve_ids):
        existing = WorkPlan.objects.count()
        self.rng = random.Random(seed + existing)  # noqa: S311 (benchmark data)
        self.items = items
        self.reserve_ids = reserve_ids
        self.today = timezone.localdate()
        self.fy = fy_of(self.today)
        self.taken = set(WorkPlan.objects.values_list("title", flat=True))
        self.boroughs = list(Borough.objects.order_by("name").values_list("name", flat=True))
        self.rows = {"plans": [], "objectives": [], "items": [], "updates": []}
        self.actions = self.targets = self.leads_added = 0

    def build(self) -> None:
        sizes = plan_sizes(self.rng, self.items)
        if not sizes:
            return
        self.lead_ids = self.leads()
        plan_ids = self.reserve_ids(WorkPlan, len(sizes))
        self.item_ids = iter(self.reserve_ids(PlanItem, self.items))
        names = [(f"{name} borough engagement plan", f"{name} BOCU") for name in self.boroughs]
        names += [(name, "MPS Strategic Consultation Unit") for name in LONDON_WIDE]
        offset = self.rng.randrange(len(names))
        for number, (plan_id, size) in enumerate(zip(plan_ids, sizes, strict=True)):
            name, unit = names[(offset + number) % len(names)]
            self.plan(plan_id, size, name, unit)
        for row, pk in zip(
            self.rows["updates"],
            self.reserve_ids(ProgressUpdate, len(self.rows["updates"])),
            strict=True,
        ):
            row["id"] = pk

    def leads(self) -> list[int]:
        """The active unit staff, adding a few (who cannot sign in) if there are too few."""
        staff = User.objects.filter(groups__name=Role.UNIT_STAFF.value, is_active=True)
        ids = list(staff.order_by("pk").values_list("pk", flat=True))
        missing = max(0, MIN_LEADS - len(ids))
        number = User.objects.filter(email__startswith="plan.lead").count()
        for n in range(number, number + missing):
            user = UserFactory(
                email=f"plan.lead{n}@example.org",
                full_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                job_title="Consultation officer",
                password=None,  # an unusable password: benchmark people do not sign in
                roles=[Role.UNIT_STAFF],
            )
            ids.append(user.pk)
        self.leads_added = missing
        return ids

    def at(self, day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    # --- plans --------------------------------------------------------------------------

    def plan(self, plan_id: int, size: int, name: str, unit: str) -> None:
        rng = self.rng
        state = rng.choices(("current", "closed", "draft"), weights=(70, 15, 15))[0]
        if state == "current":
            starts, status = self.fy - rng.choice((0, 0, 1)), PlanStatus.ENDORSED
        elif state == "closed":
            starts, status = self.fy - rng.choice((3, 4, 5)), PlanStatus.CLOSED
        else:
            starts, status = self.fy + 1, PlanStatus.DRAFT
        ends = starts + 2
        title = base = f"{name} {fy_label(starts)} to {fy_label(ends)}"
        again = 1
        while title in self.taken:
            again += 1
            title = f"{base} ({again})"
        self.taken.add(title)
        endorsed = status != PlanStatus.DRAFT
        endorsed_on = fy_start(starts) - timedelta(days=rng.randint(10, 90)) if endorsed else None
        created = (endorsed_on or self.today) - timedelta(days=rng.randint(20, 60))
        owner = rng.choice(self.lead_ids)
        principles = rng.sample(Principle.values, k=rng.randint(2, 6))
        self.rows["plans"].append(
            {
                "id": plan_id,
                "created": self.at(created),
                "modified": self.at(created),
                "title": title,
                "owning_unit": unit,
                "owner_id": owner,
                "starts_fy": starts,
                "ends_fy": ends,
                "status": status,
                "endorsed_by": rng.choice(COMMITTEES) if endorsed else "",
                "endorsed_on": endorsed_on,
                "strategy": "MPS Consultation Strategy",
                "principles": "{" + ",".join(principles) + "}",  # a PostgreSQL array for COPY
                "created_by_id": owner,
            }
        )
        plan = {"id": plan_id, "starts": starts, "ends": ends, "state": state, "owner": owner}
        plan["created"], plan["unit"] = created, unit
        objective_ids = self.objectives(plan_id, created)
        made = 0
        while made < size:
            objective_id = rng.choice(objective_ids)
            action = self.item(plan, objective_id, parent=None, position=made + 1)
            made += 1
            for number in range(min(rng.choice((0, 1, 1, 2, 2, 3, 3, 4)), size - made)):
                self.item(plan, objective_id, parent=action, position=number + 1)
                made += 1

    def objectives(self, plan_id: int, created: date) -> list[int]:
        chosen = self.rng.sample(OBJECTIVES, k=self.rng.randint(4, 8))
        ids = self.reserve_ids(Objective, len(chosen))
        for position, (pk, (kind, title, principle)) in enumerate(
            zip(ids, chosen, strict=True), start=1
        ):
            self.rows["objectives"].append(
                {
                    "id": pk,
                    "created": self.at(created),
                    "modified": self.at(created),
                    "plan_id": plan_id,
                    "kind": kind,
                    "title": title,
                    "principle": principle,
                    "position": position,
                }
            )
        return ids

    # --- items --------------------------------------------------------------------------

    def item(self, plan: dict, objective_id: int, *, parent: dict | None, position: int) -> dict:
        rng = self.rng
        pk = next(self.item_ids)
        row = {
            "id": pk,
            "plan_id": plan["id"],
            "objective_id": objective_id,
            "parent_id": parent["id"] if parent else None,
            "kind": ItemKind.TARGET if parent else ItemKind.ACTION,
            "position": position,
            "description": rng.choice(TARGETS if parent else ACTIONS),
            "responsibility": parent["responsibility"]
            if parent and rng.random() < 0.8
            else rng.choice((plan["unit"], *RESPONSIBILITIES)),
            "lead_id": parent["lead_id"]
            if parent and rng.random() < 0.7
            else (rng.choice(self.lead_ids) if rng.random() < 0.9 else None),
            "priority_project": parent["priority_project"] if parent else rng.random() < 0.08,
            "created_by_id": plan["owner"],
        }
        created = min(plan["created"] + timedelta(days=rng.randint(0, 30)), self.today)
        row["created"] = row["modified"] = self.at(created, 11)
        row |= self.timing(plan)
        row |= self.state(plan, row["due_on"], row["timing"])
        if parent is None:
            self.actions += 1
            if rng.random() < 0.25:
                row["performance_indicator"] = rng.choice(INDICATORS)
            if rng.random() < 0.2:
                estimated = rng.randrange(500, 50_000, 250)
                row["estimated_cost"] = Decimal(estimated)
                if row["status"] != ItemStatus.NOT_STARTED:
                    row["actual_cost"] = Decimal(round(estimated * rng.uniform(0.2, 1.3)))
        else:
            self.targets += 1
        if rng.random() < 0.02 and row["status"] != ItemStatus.DROPPED:
            row["rag_override"] = rng.choice((Rag.RED, Rag.AMBER, Rag.GREEN))
            row["rag_override_reason"] = rng.choice(OVERRIDE_REASONS)
        self.updates(plan, row, created)
        self.rows["items"].append(row)
        return row

    def timing(self, plan: dict) -> dict:
        """A due date, plan years or on-going, as plans give them."""
        rng, years = self.rng, plan["ends"] - plan["starts"] + 1
        roll = rng.random()
        if roll < 0.55:
            first, last = fy_start(plan["starts"]), fy_end(plan["ends"])
            due = first + timedelta(days=rng.randint(30, (last - first).days))
            return {"timing": Timing.DATE, "timing_text": f"{due:%-d/%-m/%Y}", "due_on": due}
        if roll < 0.88:
            year_from = rng.randint(1, years)
            year_to = rng.choice((year_from, min(year_from + 1, years)))
            text = str(year_from) if year_from == year_to else f"{year_from}/{year_to}"
            return {
                "timing": Timing.YEARS,
                "timing_text": text,
                "year_from": year_from,
                "year_to": year_to,
                "due_on": fy_end(plan["starts"] + year_to - 1),
            }
        return {"timing": Timing.ONGOING, "timing_text": "on-going", "due_on": None}

    def state(self, plan: dict, due: date | None, timing: str) -> dict:
        """Status and percent: work due in the past mostly done, later work mostly under
        way or not started; a closed plan's work finished or dropped; a draft's not begun."""
        rng = self.rng
        if plan["state"] == "closed":
            status = ItemStatus.COMPLETE if rng.random() < 0.9 else ItemStatus.DROPPED
        elif plan["state"] == "draft":
            status = ItemStatus.NOT_STARTED
        elif timing == Timing.ONGOING:
            status = ItemStatus.ONGOING if rng.random() < 0.85 else ItemStatus.DROPPED
        elif due < self.today and rng.random() < 0.7:
            status = ItemStatus.COMPLETE
        elif rng.random() < 0.04:
            status = ItemStatus.DROPPED
        else:
            status = rng.choices(list(OPEN_STATUSES), weights=list(OPEN_STATUSES.values()))[0]
        if status == ItemStatus.COMPLETE:
            percent = 100
        elif status in (ItemStatus.NOT_STARTED, ItemStatus.ONGOING):
            percent = 0
        else:
            percent = rng.randrange(5, 100, 5)
        return {"status": status, "percent_complete": percent}

    def updates(self, plan: dict, row: dict, created: date) -> None:
        """Progress on about half the started items: one to three dated notes, the latest
        setting the item's status and percent; most recent within weeks, some long silent."""
        rng = self.rng
        if row["status"] == ItemStatus.NOT_STARTED or rng.random() < 0.45:
            return
        last_day = min(self.today, fy_end(plan["ends"]))
        span = (last_day - created).days
        if span < 1:
            return
        days = sorted(
            last_day - timedelta(days=min(span, int(rng.expovariate(1 / 45))))
            for _ in range(rng.randint(1, 3))
        )
        author = row["lead_id"] or plan["owner"]
        for number, day in enumerate(days, start=1):
            latest = number == len(days)
            percent = row["percent_complete"] if latest else row["percent_complete"] // 2
            self.rows["updates"].append(
                {
                    "created": self.at(day, 16),
                    "modified": self.at(day, 16),
                    "item_id": row["id"],
                    "written_on": day,
                    "note": rng.choice(NOTES),
                    "new_status": row["status"] if latest else "",
                    "new_percent": percent if row["status"] != ItemStatus.ONGOING else None,
                    "author_id": author,
                }
            )
        row["last_progress_on"] = days[-1]
