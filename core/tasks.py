"""Background work of the cross-cutting layer: the nightly retention task."""

from celery import shared_task

from core.retention import retention_apply


@shared_task(name="core.apply_retention", soft_time_limit=50 * 60, time_limit=55 * 60)
def apply_retention() -> dict[str, int]:
    """Anonymise or delete every record past its retention period; safe to run twice.
    Returns how many records of each type were touched."""
    return {outcome.rule.name: outcome.count for outcome in retention_apply()}
