"""How long engage keeps each kind of record, and the nightly task that anonymises or
deletes what is past its date.

Core cannot import the apps that hold the records, so each app registers a rule per
record type from its ``AppConfig.ready()`` (the shape of ``stakeholders.personal_data``):

    retention.register(RetentionRule(name="consultations.responses", ...))

A rule names a period, a key of ``settings.ENGAGE_RETENTION_DAYS`` (read from the
environment; 0 keeps that type for ever), so several rules can share one period (the
imports of two apps; the notices of several). ``find(before)`` returns the records past
their date, for the dry-run listing; ``apply(before)`` anonymises or deletes them and
returns how many. Both must leave alone what was done already, so a second run, or a run
after a crash, does nothing more: that is what makes the nightly task safe to repeat.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

LISTED = 100  # ids a dry run lists per rule; the rest are counted


@dataclass(frozen=True)
class RetentionRule:
    name: str  # "app.record_type", unique
    label: str  # what the listing calls these records
    period: str  # key of settings.ENGAGE_RETENTION_DAYS
    action: str  # what apply does to them, for the listing: "erased", "anonymised", "deleted"
    find: Callable[[datetime], QuerySet]  # the records past their date
    apply: Callable[[datetime], int]  # anonymise or delete them; how many


@dataclass
class RetentionOutcome:
    rule: RetentionRule
    days: int  # 0: kept for ever, nothing done
    before: datetime | None
    count: int = 0
    ids: list = field(default_factory=list)  # a dry run's listing (the first LISTED)
    failed: bool = False


_rules: list[RetentionRule] = []


def register(rule: RetentionRule) -> None:
    if any(known.name == rule.name for known in _rules):
        return  # ready() ran twice
    _rules.append(rule)


def unregister(rule: RetentionRule) -> None:
    if rule in _rules:
        _rules.remove(rule)


def rules() -> list[RetentionRule]:
    return list(_rules)


def period_days(rule: RetentionRule) -> int:
    return settings.ENGAGE_RETENTION_DAYS[rule.period]


def cutoff(rule: RetentionRule, *, now: datetime | None = None) -> datetime | None:
    """Records from before this moment are past their date; None: kept for ever."""
    days = period_days(rule)
    return (now or timezone.now()) - timedelta(days=days) if days else None


def retention_apply(
    *, dry_run: bool = False, now: datetime | None = None
) -> list[RetentionOutcome]:
    """Apply every rule (or, with ``dry_run``, only count and list what each would
    touch): a RetentionOutcome per rule. A rule that fails is logged; the others run."""
    now = now or timezone.now()
    outcomes = []
    for rule in rules():
        before = cutoff(rule, now=now)
        outcome = RetentionOutcome(rule=rule, days=period_days(rule), before=before)
        outcomes.append(outcome)
        if before is None:
            continue
        try:
            if dry_run:
                due = rule.find(before).order_by("pk")
                outcome.count = due.count()
                outcome.ids = list(due.values_list("pk", flat=True)[:LISTED])
            else:
                outcome.count = rule.apply(before)
        except Exception:
            logger.exception("Retention rule %s failed", rule.name)
            outcome.failed = True
        else:
            if not dry_run and outcome.count:
                logger.info("Retention: %s %s %s", outcome.count, rule.label, rule.action)
    return outcomes
