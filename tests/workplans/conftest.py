"""Work plan tests date things from ``TODAY``, read once when the module is imported."""

from datetime import datetime, time

import pytest
import time_machine
from django.utils import timezone

RUN_STARTED_ON = timezone.localdate()


@pytest.fixture(autouse=True)
def _the_clock_stays_on_the_day_the_run_started():
    """A run that crosses midnight would otherwise find "today" moved under its feet (an
    update dated TODAY + 1 no longer in the future): the clock keeps ticking, from noon of
    the day the tests were collected."""
    noon = datetime.combine(RUN_STARTED_ON, time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon):
        yield
