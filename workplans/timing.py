"""Reading an item's timing as plans write it: a date, a month, a plan year, a span of
plan years, "on-going" or "done". The original text is always kept beside the result.

Plan years count from the plan's first financial year (year 1 is ``starts_fy``). The seeds'
forms are all read: "1", "2", "1/2" and "2/3" (years 1 to 2, 2 to 3), "½" (Word's
AutoFormat turns a typed "1/2" into "½", so it is read as 1/2: years 1 to 2), "on-going",
"Done". Dates: "30/4/02" and "30/04/2002" (day first, as in the UK), "2002-04-30",
"30 Apr 2002"; a month alone ("9/02", "Sept 2002") is due at the month's end. Two-digit
years are 2000 to 2069 or 1970 to 1999. Anything else is refused with a message: never guessed.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from workplans.choices import Timing
from workplans.fy import fy_end

FRACTIONS = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4"}
ONGOING_WORDS = {"ongoing", "on-going", "on going", "continuous", "continuing", "rolling"}
DONE_WORDS = {"done", "achieved", "complete", "completed"}
MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")
HELP = (
    "Write a date (30/4/2027), a month (9/2027), a plan year (1, or 1/2 for years 1 to 2), "
    "“on-going” or “done”."
)


class TimingError(ValueError):
    """The text cannot be read as a timing; the message says why, for the user."""


@dataclass(frozen=True)
class ParsedTiming:
    kind: str
    text: str
    year_from: int | None = None
    year_to: int | None = None
    due_on: date | None = None


def _full_year(year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _read_date(text: str) -> date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, pattern)  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
        if pattern.endswith("%y") or len(str(parsed.year)) == 4:
            return parsed.date()
    month_year = re.fullmatch(r"(\d{1,2})[/.-](\d{2}|\d{4})", cleaned)
    if month_year:
        month, year = int(month_year[1]), _full_year(int(month_year[2]))
        if 1 <= month <= 12:
            return _month_end(year, month)
        return None
    named_month = re.fullmatch(r"([a-z]+)\.?,? (\d{2}|\d{4})", cleaned.casefold())
    if named_month and named_month[1] in MONTHS:
        return _month_end(_full_year(int(named_month[2])), MONTHS[named_month[1]])
    return None


def _plan_years(text: str) -> tuple[int, int] | None:
    span = re.fullmatch(r"(?:years? |yr )?(\d)(?: ?(?:/|-|\u2013|to) ?(\d))?", text)
    if not span:
        return None
    first = int(span[1])
    last = int(span[2]) if span[2] else first
    return first, last


def parse_timing(text: str, *, plan_starts_fy: int, plan_years: int) -> ParsedTiming:
    """Read ``text`` for a plan starting in ``plan_starts_fy`` and lasting ``plan_years``
    years. Raises TimingError with a message for the user."""
    original = (text or "").strip()
    if not original:
        return ParsedTiming(Timing.UNSET, "")
    normal = original
    for fraction, written in FRACTIONS.items():
        normal = normal.replace(fraction, written)
    normal = re.sub(r"\s+", " ", normal).strip().casefold().rstrip(".")
    if normal in ONGOING_WORDS:
        return ParsedTiming(Timing.ONGOING, original)
    if normal in DONE_WORDS or normal.startswith("done "):
        return ParsedTiming(Timing.DONE, original)
    years = _plan_years(normal)
    if years:
        first, last = years
        if first < 1 or last < first:
            raise TimingError(f"“{original}” is not a span of plan years in order. {HELP}")
        if last > plan_years:
            raise TimingError(
                f"“{original}” reaches year {last}, but the plan has {plan_years} "
                f"year{'s' if plan_years != 1 else ''}."
            )
        return ParsedTiming(
            Timing.YEARS,
            original,
            year_from=first,
            year_to=last,
            due_on=fy_end(plan_starts_fy + last - 1),
        )
    due_on = _read_date(normal)
    if due_on is None:
        raise TimingError(f"“{original}” is not a date or plan year that can be read. {HELP}")
    return ParsedTiming(Timing.DATE, original, due_on=due_on)


def written_date(day: date) -> str:
    """A date as a plan would write it, and as ``parse_timing`` reads it back: "30/4/2027"."""
    return f"{day:%-d/%-m/%Y}"


def describe(kind: str, year_from: int | None, year_to: int | None, due_on: date | None) -> str:
    """How an item's timing reads on a page: "Year 1", "Years 1 to 2", "30 Apr 2002"."""
    if kind == Timing.YEARS:
        return f"Year {year_from}" if year_from == year_to else f"Years {year_from} to {year_to}"
    if kind == Timing.DATE and due_on:
        return f"{due_on:%-d %b %Y}"
    return {Timing.ONGOING: "On-going", Timing.DONE: "Done"}.get(kind, "Not given")
