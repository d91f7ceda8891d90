"""When a deadline is near enough to remind of, and the date ranges asked of the database: every filing
whose deadline can be near is inside them, from the legal cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counter.rules.birth import retroactive_until
from counter.rules.death import inquiry_deadline
from counter.rules.reminders import (
    birth_dates_nearing_mark,
    days_left,
    death_dates_nearing_inquiry_deadline,
    declarations_nearing_inquiry_deadline,
    nearing,
    period_ends_nearing,
)

TODAY = date(2027, 1, 15)


@pytest.mark.parametrize(("due", "near"), [
    (TODAY - timedelta(days=1), False),  # passed yesterday
    (TODAY, True),                        # the last day itself
    (TODAY + timedelta(days=7), True),
    (TODAY + timedelta(days=8), False),
])
def test_a_deadline_is_near_from_the_window_before_it_to_its_last_day(due: date, near: bool) -> None:
    assert nearing(due, TODAY, 7) is near
    assert days_left(due, TODAY) == (due - TODAY).days


def test_the_births_asked_for_are_exactly_those_whose_60th_day_is_near() -> None:
    first, last = birth_dates_nearing_mark(TODAY, 7, (60, 60))
    assert retroactive_until(first, 60) == TODAY and retroactive_until(last, 60) == TODAY + timedelta(days=7)
    assert not nearing(retroactive_until(first - timedelta(days=1), 60), TODAY, 7)
    assert not nearing(retroactive_until(last + timedelta(days=1), 60), TODAY, 7)


def test_births_for_marks_of_different_lengths_cover_both() -> None:
    first, last = birth_dates_nearing_mark(TODAY, 7, (30, 60))
    assert retroactive_until(first, 60) == TODAY and retroactive_until(last, 30) == TODAY + timedelta(days=7)


@pytest.mark.parametrize("died", [
    date(2026, 1, 31),  # ends Sunday 2027-01-31, last filing day Monday 2027-02-01
    date(2026, 1, 1),
    date(2025, 12, 31),  # ends 2026-12-31: passed
    date(2026, 2, 28),
])
def test_every_death_whose_inquiry_deadline_is_near_is_asked_for(died: date) -> None:
    first, last = death_dates_nearing_inquiry_deadline(TODAY, 30)
    if nearing(inquiry_deadline(died).last_filing_day, TODAY, 30):
        assert first <= died <= last
    assert (first, last) == (date(2026, 1, 1), date(2026, 2, 28))


def test_a_deadline_moved_over_a_long_holiday_is_still_asked_for() -> None:
    # Died in September 2027: the period ends Saturday 2028-09-30; Chuseok and 개천절 move its last filing
    # day to 2028-10-06, six days later. On that day the deaths of September 2027 are still asked for.
    assert inquiry_deadline(date(2027, 9, 15)).last_filing_day == date(2028, 10, 6)
    first, last = death_dates_nearing_inquiry_deadline(date(2028, 10, 6), 30)
    assert first <= date(2027, 9, 15) <= last
    ends_first, _ends_last = period_ends_nearing(date(2028, 10, 6), 30)
    assert ends_first <= date(2028, 9, 30)


@pytest.mark.parametrize("declared", [date(2026, 1, 15), date(2026, 2, 12), date(2026, 1, 1)])
def test_every_declaration_whose_inquiry_deadline_is_near_is_asked_for(declared: date) -> None:
    first, last = declarations_nearing_inquiry_deadline(TODAY, 30)
    deadline = inquiry_deadline(date(2010, 1, 1), declared_missing_on=declared).last_filing_day
    assert nearing(deadline, TODAY, 30) is (declared != date(2026, 1, 1))
    if nearing(deadline, TODAY, 30):
        assert first <= declared <= last


def test_period_ends_reach_back_over_a_run_of_holidays() -> None:
    first, last = period_ends_nearing(TODAY, 30)
    assert (TODAY - first).days == 14 and last == TODAY + timedelta(days=30)
