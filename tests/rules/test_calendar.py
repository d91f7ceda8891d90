"""Reporting periods under 민법 제157조·제160조·제161조 with Korean public holidays."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.rules.calendar import (
    add_months,
    days_late,
    is_working_day,
    next_working_day,
    period_end,
    report_deadline,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 5, 15), 0, date(2025, 5, 15)),
    ],
)
def test_add_months_counts_calendar_months_and_clamps_to_month_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "deadline", "why"),
    [
        (date(2025, 1, 31), date(2025, 2, 28), "born 31 Jan: period ends at the end of February"),
        (date(2024, 1, 31), date(2024, 2, 29), "leap year: end of February is the 29th"),
        (date(2025, 1, 30), date(2025, 2, 28), "no 30 February: month end (민법 제160조③)"),
        (date(2025, 1, 15), date(2025, 2, 14), "the birth day counts (제37조①): ends the day before the 15th"),
        (date(2025, 4, 10), date(2025, 5, 9), "9 May 2025 is a Friday: no roll-over"),
        (date(2025, 2, 16), date(2025, 3, 17), "15 March 2025 is a Saturday, 16 a Sunday -> Monday 17"),
        (date(2025, 2, 17), date(2025, 3, 17), "16 March 2025 is a Sunday -> Monday 17"),
        (date(2025, 2, 2), date(2025, 3, 4), "1 March (Sat, 삼일절), 2 Sun, 3 substitute holiday -> 4"),
        (date(2025, 9, 7), date(2025, 10, 10), "6 Oct 2025 is Chuseok; 7, 8 (substitute), 9 (한글날) -> 10"),
        (date(2025, 9, 4), date(2025, 10, 10), "3 Oct 2025 개천절, weekend, Chuseok, 한글날 -> 10"),
        (date(2024, 8, 18), date(2024, 9, 19), "17 Sep 2024 is Chuseok, 18 its second day -> 19"),
        (date(2026, 1, 17), date(2026, 2, 19), "16-18 Feb 2026 is Seollal -> 19"),
        (date(2026, 1, 1), date(2026, 2, 2), "31 Jan 2026 is a Saturday -> Monday 2 Feb"),
        (date(2025, 12, 31), date(2026, 1, 30), "the day before 31 January: Friday 30 January"),
        (date(2025, 3, 20), date(2025, 4, 21), "19 April 2025 is a Saturday, 20 a Sunday -> Monday 21"),
    ],
)
def test_birth_report_deadline_is_one_calendar_month_rolled_to_a_working_day(
    born: date, deadline: date, why: str
) -> None:
    assert report_deadline(born) == deadline, why


def test_chuseok_dates_used_above_are_real_korean_holidays() -> None:
    korean = holidays.KR(years=[2024, 2025, 2026])
    for day in (
        date(2025, 10, 6),
        date(2025, 10, 7),
        date(2025, 10, 8),
        date(2024, 9, 17),
        date(2026, 2, 17),
    ):
        assert day in korean


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 10, 10), True),
        (date(2025, 10, 6), False),
        (date(2025, 3, 3), False),
        (date(2025, 6, 3), False),
        (date(2025, 3, 15), False),
        (date(2025, 3, 16), False),
        (date(2025, 3, 17), True),
    ],
)
def test_working_days_exclude_weekends_and_public_holidays(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_next_working_day_of_a_working_day_is_itself() -> None:
    assert next_working_day(date(2025, 10, 10)) == date(2025, 10, 10)


@pytest.mark.parametrize(
    ("deadline", "filed", "late"),
    [
        (date(2025, 2, 28), date(2025, 2, 1), 0),
        (date(2025, 2, 28), date(2025, 2, 28), 0),
        (date(2025, 2, 28), date(2025, 3, 1), 1),
        (date(2025, 2, 28), date(2026, 2, 28), 365),
    ],
)
def test_days_late_counts_days_after_the_deadline(deadline: date, filed: date, late: int) -> None:
    assert days_late(deadline, filed) == late


def test_negative_period_is_refused() -> None:
    with pytest.raises(ValueError):
        period_end(date(2025, 1, 1), -1)


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))


@settings(max_examples=1000, deadline=None)
@given(day=dates, months=st.integers(min_value=-240, max_value=240))
def test_add_months_moves_the_month_and_keeps_the_day_when_it_exists(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day < day.day:
        assert (moved + timedelta(days=1)).month != moved.month  # clamped to the month's last day


@settings(max_examples=1000, deadline=None)
@given(born=dates, months=st.integers(min_value=1, max_value=24))
def test_deadline_is_the_first_working_day_on_or_after_the_period_end(born: date, months: int) -> None:
    end = period_end(born, months)
    deadline = report_deadline(born, months)
    assert deadline >= end > born
    assert is_working_day(deadline)
    day = end
    while day < deadline:
        assert not is_working_day(day)
        day += timedelta(days=1)
    assert (deadline - end).days <= 10  # the longest run of Korean holidays and weekends
