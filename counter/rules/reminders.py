"""When a deadline is near enough to be reminded of (`counter reminders`), and which filings can have one.

"Nearing" means the last day is today or one of the next `window` days: `0 <= due - today <= window`.
On the last day itself the reminder still stands (the period ends at 24:00 of that day, 민법 제159조);
the day after, the period is over and there is nothing left to remind of.

The date ranges below are what the database is asked for: every filing whose deadline can fall within
the window, and a few more (the exact rule of each candidate decides). They keep the job from reading
every row of a table.
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta

from counter.rules.calendar import add_months

ROLL_OVER_DAYS = 14
"""More than the longest run of Saturdays, Sundays and public holidays a period's end can be moved over
(민법 제161조; Chuseok with 개천절, 한글날 and a substitute day made seven in 2025)."""


def days_left(due: date, today: date) -> int:
    """Days from `today` to `due` (0 on the day itself, negative once it has passed)."""
    return (due - today).days


def nearing(due: date, today: date, window: int) -> bool:
    """True when `due` is today or within the next `window` days."""
    return 0 <= days_left(due, today) <= window


def birth_dates_nearing_mark(today: date, window: int, days: tuple[int, int]) -> tuple[date, date]:
    """Births (first, last) whose mark of `days` days counting the day of birth (shortest, longest of the
    catalogue's `retroactive_days`) falls within `window` days of `today`: the mark is birth + days - 1
    (`counter.rules.birth.retroactive_until`)."""
    shortest, longest = days
    return today - timedelta(days=longest - 1), today + timedelta(days=window - (shortest - 1))


def _month_end(year: int, month: int) -> date:
    return date(year, month, _gregorian.monthrange(year, month)[1])


def death_dates_nearing_inquiry_deadline(today: date, window: int) -> tuple[date, date]:
    """Deaths (first, last) whose 안심상속 deadline may fall within `window` days of `today`.

    The period ends on the last day of the month of death a year later (사망자 등 재산조회 통합처리에 관한
    기준, since 2022-07-29; `counter.rules.death.inquiry_deadline`) and its last filing day is that day or,
    on a Saturday or holiday, a later one: so the deaths of the months whose end a year later lies between
    `today - ROLL_OVER_DAYS` and `today + window`. (The six-month periods of earlier deaths had all ended by
    2022-07-29: none can be near a later day.)"""
    first, last = today - timedelta(days=ROLL_OVER_DAYS), today + timedelta(days=window)
    return date(first.year - 1, first.month, 1), _month_end(last.year - 1, last.month)


def declarations_nearing_inquiry_deadline(today: date, window: int) -> tuple[date, date]:
    """Declarations of disappearance (first, last) whose 안심상속 deadline (1 year from the declaration,
    since 2025-06-23) may fall within `window` days of `today`."""
    first, last = today - timedelta(days=ROLL_OVER_DAYS), today + timedelta(days=window)
    return add_months(first, -12) - timedelta(days=1), add_months(last, -12) + timedelta(days=1)


def period_ends_nearing(today: date, window: int) -> tuple[date, date]:
    """Ends of periods (first, last) whose last filing day (the end rolled over to a working day) may fall
    within `window` days of `today`."""
    return today - timedelta(days=ROLL_OVER_DAYS), today + timedelta(days=window)
