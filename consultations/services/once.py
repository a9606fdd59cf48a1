"""Sending a message once per condition, whatever runs it and however often.

The ledger is ReminderSent: one row per condition (unique), naming the thing and its date,
e.g. "priority-review:12:2026-11-30". The rows and the send are one transaction: a second
run, or a rival worker, finds the rows (or fails on the unique index) and sends nothing;
a mail server failure rolls the rows back, so the next run tries again. A new condition (a
new date) has a new name and sends again.
"""

import logging
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from consultations.models import ReminderSent

logger = logging.getLogger(__name__)


def send_once(conditions: list[str] | str, message: EmailMessage) -> bool:
    """Send ``message`` unless any of ``conditions`` was sent already, recording all of
    them with it. Returns whether it was sent now. With several conditions (one email
    about several things), the caller leaves out those already sent; should a rival have
    sent one meanwhile, nothing is sent and the next run sends the rest."""
    conditions = [conditions] if isinstance(conditions, str) else list(conditions)
    if not conditions or ReminderSent.objects.filter(condition__in=conditions).exists():
        return False
    try:
        with transaction.atomic():
            # unique: a rival inserting the same condition waits, then fails here
            ReminderSent.objects.bulk_create(ReminderSent(condition=c) for c in conditions)
            message.send()
    except IntegrityError:
        return False
    except (SMTPException, OSError) as error:
        logger.warning("Not sent (%s): %s", ", ".join(conditions), error)
        return False
    return True
