"""Financial years (April to March), the way work plans count time.

A financial year is named by the calendar year it starts in: 2026 is 2026/27, from
1 April 2026 to 31 March 2027. Quarters count from April: Q1 is April to June.
"""

from datetime import date


def fy_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def fy_start(start_year: int) -> date:
    return date(start_year, 4, 1)


def fy_end(start_year: int) -> date:
    return date(start_year + 1, 3, 31)


def quarter_of(day: date) -> tuple[int, int]:
    """(financial year, quarter 1 to 4) of ``day``."""
    return fy_of(day), (day.month - 4) % 12 // 3 + 1


def quarter_label(quarter: int) -> str:
    return ("Apr to Jun", "Jul to Sep", "Oct to Dec", "Jan to Mar")[quarter - 1]
