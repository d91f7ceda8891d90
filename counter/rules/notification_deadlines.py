"""What an office does with a notified birth, and by when (가족관계의 등록 등에 관한 법률 제44조의3-제44조의5).

- 제44조의3 applies to births from 2024-07-19 (부칙 <법률 제19547호, 2023.7.18> 제1조: in force one year
  after its promulgation; 제2조: "제44조의3의 개정규정은 이 법 시행 이후 출생이 있는 경우부터 적용한다").
- 제44조의3②: the institution submits the birth information within 14 days of the birth (to 건강보험
  심사평가원, which notifies the office of the mother's address without delay, ③). A later one is still
  a notification; the importer warns about it.
- 제44조의4①: the office checks whether the birth was reported within the period of 제44조① (one month
  from the birth, counted from the day of birth, 제37조①; 민법 제160조, 제161조: `report_deadline`).
- 제44조의4②: when the period has passed without a report, the office demands (최고) at once that those
  obliged to report (제46조①②) report within 7 days.
- 제44조의4③: when they do not report within the demand's period (1호), or cannot be identified so no
  demand can be made (2호), the office records the birth itself (직권 출생 기록) with the supervising
  court's permission, attaching the notification.

The 7 days of the demand are counted as the Civil Act counts days (민법 제157조: the day of the demand is
not counted; 제159조: the period ends at the end of its last day; 제161조: a last day on a Saturday or
public holiday moves to the next working day). The demand is counted from the day the office made it,
the earliest day its period can start. Pure: `today` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from counter.base.i18n import N_, _
from counter.rules.calendar import next_working_day, report_deadline

NOTIFICATION_START = date(2024, 7, 19)
"""The first day of birth 제44조의3 applies to (부칙 <제19547호> 제1조, 제2조)."""
SUBMISSION_DAYS = 14  # 제44조의3②
DEMAND_DAYS = 7  # 제44조의4②
EARLIEST_OVERDUE_DAYS = 28
"""A one-month period ends at least 27 days after the day of birth (1 February -> 28 February), so no
birth younger than this many days can be overdue: a database may filter on it before `stage_of`."""

NOTIFIED = "notified"
MATCHED = "matched"
DEMANDED = "demanded"
CLOSED = "closed"
STATUSES = (NOTIFIED, MATCHED, DEMANDED, CLOSED)
OPEN_STATUSES = (NOTIFIED, DEMANDED)
"""Not reported (as far as this office knows): on the `--unreported` list."""
STATUS_TEXTS = {
    NOTIFIED: N_("notified, not reported"),
    MATCHED: N_("matched with its birth report"),
    DEMANDED: N_("report demanded (최고)"),
    CLOSED: N_("closed"),
}

AWAITING_REPORT = "awaiting_report"
DEMAND_DUE = "demand_due"
DEMAND_RUNNING = "demand_running"
EX_OFFICIO_DUE = "ex_officio_due"
OVERDUE_STAGES = (DEMAND_DUE, EX_OFFICIO_DUE)

STAGE_TEXTS = {
    AWAITING_REPORT: N_("within the reporting period (제44조①)"),
    DEMAND_DUE: N_("reporting period over: demand the report within 7 days (최고, 제44조의4②)"),
    DEMAND_RUNNING: N_("demand made: waiting for the report"),
    EX_OFFICIO_DUE: N_("no report after the demand: record the birth ex officio with the court's permission (제44조의4③)"),
}
CLOSE_REASONS = {
    "reported_elsewhere": N_("the birth was reported at another office"),
    "recorded_ex_officio": N_("the birth was recorded ex officio (제44조의4③)"),
    "not_for_this_office": N_("the notification belongs to another office"),
}


@dataclass(frozen=True)
class Stage:
    """Where a notification stands on `today`: the stage and the last day of its current period."""

    code: str
    until: date
    """The report deadline (notified) or the last day of the demand's period (demanded)."""

    @property
    def overdue(self) -> bool:
        """True when the supervisor must act: demand the report, or record the birth ex officio."""
        return self.code in OVERDUE_STAGES

    @property
    def text(self) -> str:
        """The stage in the current language."""
        return _(STAGE_TEXTS[self.code])


def notified_report_deadline(birth_date: date) -> date:
    """The last day to report a notified birth (제44조①, 제37조①; 민법 제160조, 제161조)."""
    return report_deadline(birth_date, 1)


def demand_period_end(demanded_on: date) -> date:
    """The last day of the 7-day demand made on `demanded_on` (제44조의4②; 민법 제157조, 제161조)."""
    return next_working_day(demanded_on + timedelta(days=DEMAND_DAYS))


def sent_late(birth_date: date, sent_on: date) -> bool:
    """True when the institution sent it after the 14 days of 제44조의3② (the day of birth not counted)."""
    return sent_on > birth_date + timedelta(days=SUBMISSION_DAYS)


def stage_of(status: str, birth_date: date, demanded_on: date | None, today: date) -> Stage | None:
    """The stage of a notification on `today`; None once it is matched to a report or closed."""
    if status == NOTIFIED:
        deadline = notified_report_deadline(birth_date)
        return Stage(AWAITING_REPORT if today <= deadline else DEMAND_DUE, deadline)
    if status == DEMANDED:
        if demanded_on is None:
            raise ValueError("a demanded notification has its demand's day")
        end = demand_period_end(demanded_on)
        return Stage(DEMAND_RUNNING if today <= end else EX_OFFICIO_DUE, end)
    if status in (MATCHED, CLOSED):
        return None
    raise ValueError(f"unknown notification status: {status}")
