"""Keeping clash warnings on record: the planner saw them and went ahead, saying why."""

from django.core.exceptions import ValidationError
from django.db import transaction

from consultations.models import ClashAcknowledgement, Consultation, Event
from consultations.selectors.clashes import Clash

REASON_REQUIRED = "Say why you are going ahead despite the clash: it is kept on record."


class ClashesFound(ValidationError):
    """Raised by a planning service when the activity clashes with others and nobody has
    yet said why to go ahead. Carries the clashes for the warning page; the transaction it
    escapes from is rolled back, so nothing is saved."""

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        names = "; ".join(clash.description for clash in clashes)
        super().__init__(f"This clashes with other activities: {names}.", code="clash")


def unacknowledged(
    clashes: list[Clash], *, consultation: Consultation | None = None, event: Event | None = None
) -> list[Clash]:
    """The clashes not already acknowledged for this consultation or event."""
    if consultation is None and event is None:
        return clashes
    records = ClashAcknowledgement.objects.filter(consultation=consultation, event=event)
    seen = set(records.values_list("other_activity", flat=True))
    return [clash for clash in clashes if clash.description not in seen]


@transaction.atomic
def clash_acknowledge(
    *,
    clashes: list[Clash],
    reason: str,
    acting_user,
    consultation: Consultation | None = None,
    event: Event | None = None,
) -> list[ClashAcknowledgement]:
    """Record that ``acting_user`` went ahead despite each of ``clashes``, and why."""
    if (consultation is None) == (event is None):
        raise TypeError("Acknowledge clashes for a consultation or for an event.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"clash_reason": REASON_REQUIRED})
    records = []
    for clash in clashes:
        record = ClashAcknowledgement(
            consultation=consultation,
            event=event,
            other_activity=clash.description,
            reason=reason,
            acknowledged_by=acting_user,
        )
        record.full_clean()
        record.save()
        records.append(record)
    return records
