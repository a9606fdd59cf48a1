"""The bounds on what people type, defined once (issue 10, defect 6).

Every date a person enters falls within ``EARLIEST_DATE`` … ``LATEST_DATE``; every count
of people or times lies within 0 … ``MAX_COUNT``; every long text stops at
``MAX_TEXT_LENGTH`` characters. Models carry these as validators (so ``full_clean()``, which
every service calls, refuses them by any path) and forms as field limits (so the message
shows next to the field). Outside them, date arithmetic overflows (9999-12-31 plus a week)
and integers overflow their columns: 500s instead of a message.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
BOUNDS_MESSAGE = "Enter a date between 1 Jan 1990 and 31 Dec 2100."

# Financial years (April to March) a work plan may cover: the last ends on 31 Mar 2100.
EARLIEST_FY, LATEST_FY = EARLIEST_DATE.year, LATEST_DATE.year - 1
# People at a meeting, an event's capacity, times a theme was raised: more than any venue.
MAX_COUNT = 100_000
# Days: a reminder's lead time and a group's meeting interval.
MAX_REMINDER_DAYS = 60
MAX_INTERVAL_DAYS = 366
# Free text (notes, descriptions, answers): about three pages.
MAX_TEXT_LENGTH = 10_000
MAX_SHORT_TEXT_LENGTH = 5_000
# Money, in pounds: never negative (the columns' digits bound it above).
MIN_MONEY = 0


def validate_date_in_bounds(value) -> None:
    """Refuse a date, or a datetime (as a London date), outside the window."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(BOUNDS_MESSAGE, code="date_out_of_bounds")


DATE_VALIDATORS = [validate_date_in_bounds]
COUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_COUNT)]
MONEY_VALIDATORS = [MinValueValidator(MIN_MONEY)]
FY_VALIDATORS = [MinValueValidator(EARLIEST_FY), MaxValueValidator(LATEST_FY)]


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` model validation enforces too (Django applies a
    TextField's max_length to its form field only); as CharField does it."""

    def __init__(self, *args, max_length=MAX_TEXT_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


def shift_date(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at the ends of the calendar instead of overflowing
    (for rows stored out of bounds before these bounds existed)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


class BoundedDateField(forms.DateField):
    """A form's date, refused next to the field outside the window."""

    default_validators = DATE_VALIDATORS


def bounded_count_field(**kwargs) -> forms.IntegerField:
    """A count of people or times: 0 to MAX_COUNT."""
    return forms.IntegerField(min_value=0, max_value=MAX_COUNT, **kwargs)
