"""Which stretch of time a report covers: an office day or one desk's shift, in Korean time.

A day D is 00:00-24:00 KST on D. The day desk works 09:00-18:00 on D; the night desk of D takes over
at 18:00 and hands over to the next day desk at 09:00 on D+1, so the two shifts of D follow each other
without a gap (the seed district's night desk, 18:00-20:00 on Mondays and Thursdays, lies inside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from counter.base.clock import KST

DAY_DESK_OPENS, DAY_DESK_CLOSES = time(9), time(18)
DAY_SHIFT_HOURS = range(DAY_DESK_OPENS.hour, DAY_DESK_CLOSES.hour)
"""The hours of the day desk (the home screen names the shift by them)."""


class Shift(StrEnum):
    """A desk's shift within an office day."""

    DAY = "day"
    NIGHT = "night"


@dataclass(frozen=True)
class ReportWindow:
    """From `start` (inclusive) to `end` (exclusive), both in Korean time, for `day` and `shift`
    (None: the whole day)."""

    day: date
    shift: Shift | None
    start: datetime
    end: datetime

    @property
    def overdue_on(self) -> date:
        """The day a request must be due before to count as overdue: the window's last day."""
        return (self.end - timedelta(microseconds=1)).date()


def report_window(day: date, shift: Shift | None = None) -> ReportWindow:
    """The window of `day`, or of its day or night shift."""
    midnight = datetime.combine(day, time(0), KST)
    if shift is Shift.DAY:
        return ReportWindow(day, shift, datetime.combine(day, DAY_DESK_OPENS, KST),
                            datetime.combine(day, DAY_DESK_CLOSES, KST))
    if shift is Shift.NIGHT:
        return ReportWindow(day, shift, datetime.combine(day, DAY_DESK_CLOSES, KST),
                            datetime.combine(day + timedelta(days=1), DAY_DESK_OPENS, KST))
    return ReportWindow(day, None, midnight, midnight + timedelta(days=1))
