"""Period counting for report deadlines and Korean working days.

A reporting period "within one month of the birth" (가족관계등록법 제44조①) is counted like this:

- 가족관계등록법 제37조①: a report period is counted FROM the day of the event (the first day counts),
  which sets aside the Civil Act's 초일불산입 (민법 제157조) for these periods.
- 민법 제160조②③ (역에 의한 계산): a period in months ends on the day before the day in the last month
  that corresponds to the start day; if that month has no such day, it ends on the month's last day.
  Born 15 January -> ends 14 February; born 31 January -> 28 (29) February; born 31 December -> 30 January.
- 민법 제159조: the period ends at the end (24:00) of that last day.
- 민법 제161조: if the last day is a Saturday or a public holiday (Sundays are public holidays under
  관공서의 공휴일에 관한 규정 제2조), the period ends on the following day; repeated until a working day.

Public holidays come from `holidays.KR` (substitute and temporary holidays, Seollal and Chuseok included).
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5
SUNDAY = 6


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month_zero = divmod(month_index, 12)
    month = month_zero + 1
    last_day = _gregorian.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


@lru_cache(maxsize=256)
def _korean_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KR", years=year).keys())


def is_public_holiday(day: date) -> bool:
    """True on a Korean public holiday (substitute, temporary and election days included), not weekends."""
    return day in _korean_holidays(day.year)


def is_working_day(day: date) -> bool:
    """True on a day the office is open: not a Saturday, Sunday or Korean public holiday."""
    return day.weekday() not in (SATURDAY, SUNDAY) and not is_public_holiday(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def period_end(start: date, months: int) -> date:
    """Last day of a period of `months` months that counts the event day `start` itself
    (가족관계등록법 제37조①, 민법 제160조②③), before any weekend/holiday roll-over."""
    if months < 0:
        raise ValueError("months must not be negative")
    if months == 0:
        return start
    corresponding = add_months(start, months)
    if corresponding.day != start.day:  # the last month has no corresponding day: its last day
        return corresponding
    return corresponding - timedelta(days=1)


def report_deadline(start: date, months: int = 1) -> date:
    """Last day (inclusive, to its end) to report an event that happened (or became known) on `start`.

    가족관계등록법 제37조① and 민법 제160조 give the end of the period; 민법 제161조 moves an end that
    falls on a Saturday or public holiday to the next working day.
    """
    return next_working_day(period_end(start, months))


def days_late(deadline: date, filed_on: date) -> int:
    """Days past `deadline` on `filed_on` (0 when filed on or before the deadline)."""
    return max(0, (filed_on - deadline).days)
