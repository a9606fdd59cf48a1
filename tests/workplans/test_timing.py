"""Reading timings as the seeds' plans write them (workplans.timing): every form in seed
002's tables, refusals with a message, and plan years beyond the plan."""

from datetime import date

import pytest

from workplans.choices import Timing
from workplans.timing import TimingError, describe, parse_timing

# The plan of seed 002: 2002/03 to 2004/05.
PLAN = {"plan_starts_fy": 2002, "plan_years": 3}


@pytest.mark.parametrize(
    ("text", "year_from", "year_to", "due_on"),
    [
        ("1", 1, 1, date(2003, 3, 31)),
        ("2", 2, 2, date(2004, 3, 31)),
        ("1/2", 1, 2, date(2004, 3, 31)),
        # Word's AutoFormat turns a typed 1/2 into ½: it is read as years 1 to 2.
        ("½", 1, 2, date(2004, 3, 31)),
        ("2/3", 2, 3, date(2005, 3, 31)),
        ("Year 1", 1, 1, date(2003, 3, 31)),
        ("Years 1 to 2", 1, 2, date(2004, 3, 31)),
        ("1 - 2", 1, 2, date(2004, 3, 31)),
    ],
)
def test_plan_years_are_due_at_the_end_of_their_last_financial_year(
    text, year_from, year_to, due_on
):
    parsed = parse_timing(text, **PLAN)
    assert (parsed.kind, parsed.year_from, parsed.year_to, parsed.due_on) == (
        Timing.YEARS,
        year_from,
        year_to,
        due_on,
    )
    assert parsed.text == text


@pytest.mark.parametrize("text", ["on-going", "On-going", "Ongoing", "on going"])
def test_ongoing_in_every_spelling_the_seeds_use(text):
    parsed = parse_timing(text, **PLAN)
    assert parsed.kind == Timing.ONGOING
    assert parsed.due_on is None
    assert parsed.text == text


@pytest.mark.parametrize("text", ["Done", "done", "Done.", "achieved"])
def test_done_is_read_as_done(text):
    assert parse_timing(text, **PLAN).kind == Timing.DONE


@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        ("30/4/02", date(2002, 4, 30)),
        ("31/12/02", date(2002, 12, 31)),
        ("1/9/02", date(2002, 9, 1)),
        ("30/04/2002", date(2002, 4, 30)),
        ("2002-04-30", date(2002, 4, 30)),
        ("30 Apr 2002", date(2002, 4, 30)),
        # A month alone is due at the month's end.
        ("9/02", date(2002, 9, 30)),
        ("5/02", date(2002, 5, 31)),
        ("Sept 2002", date(2002, 9, 30)),
    ],
)
def test_dates_and_months_of_the_recommendations_table(text, due_on):
    parsed = parse_timing(text, **PLAN)
    assert (parsed.kind, parsed.due_on, parsed.year_from) == (Timing.DATE, due_on, None)


def test_a_blank_timing_is_not_given():
    parsed = parse_timing("  ", **PLAN)
    assert (parsed.kind, parsed.text, parsed.due_on) == (Timing.UNSET, "", None)


@pytest.mark.parametrize("text", ["31/7?02", "soon", "13/02", "32/1/02", "29/2/03", "Q1", "2002"])
def test_text_that_is_not_a_date_or_plan_year_is_refused_never_guessed(text):
    with pytest.raises(TimingError) as refusal:
        parse_timing(text, **PLAN)
    message = str(refusal.value)
    assert message.startswith(f"“{text}” is not a date or plan year that can be read.")
    assert "a plan year (1, or 1/2 for years 1 to 2)" in message


def test_a_year_beyond_the_plan_is_refused_saying_how_long_the_plan_is():
    with pytest.raises(TimingError, match=r"“2/3” reaches year 3, but the plan has 2 years\."):
        parse_timing("2/3", plan_starts_fy=2002, plan_years=2)
    with pytest.raises(TimingError, match=r"“2” reaches year 2, but the plan has 1 year\."):
        parse_timing("2", plan_starts_fy=2002, plan_years=1)


@pytest.mark.parametrize("text", ["2/1", "0"])
def test_plan_years_out_of_order_are_refused(text):
    with pytest.raises(TimingError, match="is not a span of plan years in order"):
        parse_timing(text, **PLAN)


def test_plan_years_count_from_the_plans_first_year():
    assert parse_timing("1", plan_starts_fy=2026, plan_years=3).due_on == date(2027, 3, 31)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ((Timing.YEARS, 1, 1, date(2003, 3, 31)), "Year 1"),
        ((Timing.YEARS, 1, 2, date(2004, 3, 31)), "Years 1 to 2"),
        ((Timing.DATE, None, None, date(2002, 4, 30)), "30 Apr 2002"),
        ((Timing.ONGOING, None, None, None), "On-going"),
        ((Timing.DONE, None, None, None), "Done"),
        ((Timing.UNSET, None, None, None), "Not given"),
    ],
)
def test_describe_says_the_timing_in_words(arguments, words):
    assert describe(*arguments) == words
