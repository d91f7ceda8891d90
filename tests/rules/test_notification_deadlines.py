"""When a notified birth is overdue (가족관계등록법 제44조①, 제44조의4②③; 민법 제157조, 제160조, 제161조):
table tests at the boundary days, with weekends and Seollal moving the last day."""

from __future__ import annotations

from datetime import date

import pytest

from counter.rules.notification_deadlines import (
    AWAITING_REPORT,
    CLOSED,
    DEMAND_DUE,
    DEMAND_RUNNING,
    DEMANDED,
    EARLIEST_OVERDUE_DAYS,
    EX_OFFICIO_DUE,
    MATCHED,
    NOTIFIED,
    demand_period_end,
    notified_report_deadline,
    sent_late,
    stage_of,
)


@pytest.mark.parametrize(("born", "deadline"), [
    (date(2026, 8, 16), date(2026, 9, 15)),   # a Tuesday: the corresponding day's eve
    (date(2026, 1, 31), date(2026, 3, 3)),    # February has no 31st: its last day, a Saturday; Sun; 3·1절 substitute Mon 3-2
    (date(2026, 1, 15), date(2026, 2, 19)),   # ends Sat 2-14; Sun; Seollal 2-16..18: Thursday
    (date(2025, 9, 5), date(2025, 10, 10)),   # ends Sat 10-4; Sun; Chuseok 10-5..7 and substitute 10-8, 한글날 10-9
])
def test_the_report_deadline_of_a_notified_birth(born: date, deadline: date) -> None:
    assert notified_report_deadline(born) == deadline


@pytest.mark.parametrize(("today", "stage"), [
    (date(2026, 2, 14), AWAITING_REPORT),
    (date(2026, 2, 19), AWAITING_REPORT),   # the last day itself, to its end (민법 제159조)
    (date(2026, 2, 20), DEMAND_DUE),        # the day after: demand at once (제44조의4②)
])
def test_a_notified_birth_is_overdue_the_day_after_its_deadline(today: date, stage: str) -> None:
    found = stage_of(NOTIFIED, date(2026, 1, 15), None, today)
    assert found is not None
    assert (found.code, found.until, found.overdue) == (stage, date(2026, 2, 19), stage == DEMAND_DUE)


@pytest.mark.parametrize(("demanded", "end"), [
    (date(2026, 2, 20), date(2026, 2, 27)),   # Fri + 7 days = Fri (the demand day not counted)
    (date(2026, 2, 21), date(2026, 3, 3)),    # + 7 = Sat 2-28; Sun 3-1 (3·1절); substitute holiday Mon 3-2
    (date(2026, 9, 17), date(2026, 9, 28)),   # + 7 = Thu 9-24 Chuseok (9-24..26); Sat; Sun: Monday
])
def test_the_demand_gives_seven_days_not_counting_its_own_day(demanded: date, end: date) -> None:
    assert demand_period_end(demanded) == end


@pytest.mark.parametrize(("today", "stage"), [
    (date(2026, 2, 27), DEMAND_RUNNING),
    (date(2026, 2, 28), EX_OFFICIO_DUE),   # no report within the demand's 7 days: 제44조의4③1호
])
def test_after_the_demand_runs_out_the_office_records_the_birth_itself(today: date, stage: str) -> None:
    found = stage_of(DEMANDED, date(2026, 1, 15), date(2026, 2, 20), today)
    assert found is not None and (found.code, found.until) == (stage, date(2026, 2, 27))
    assert found.overdue == (stage == EX_OFFICIO_DUE)


@pytest.mark.parametrize("status", [MATCHED, CLOSED])
def test_a_reported_or_closed_notification_has_no_stage(status: str) -> None:
    assert stage_of(status, date(2025, 1, 1), None, date(2026, 1, 1)) is None


def test_an_unknown_status_or_a_demand_without_its_day_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="status"):
        stage_of("lost", date(2025, 1, 1), None, date(2026, 1, 1))
    with pytest.raises(ValueError, match="demand"):
        stage_of(DEMANDED, date(2025, 1, 1), None, date(2026, 1, 1))


@pytest.mark.parametrize("born", [date(2026, 2, 1), date(2025, 2, 1), date(2024, 2, 1), date(2026, 1, 31),
                                  date(2026, 12, 31), date(2027, 3, 1)])
def test_no_birth_younger_than_the_earliest_overdue_day_is_overdue(born: date) -> None:
    young = date.fromordinal(born.toordinal() + EARLIEST_OVERDUE_DAYS - 1)
    found = stage_of(NOTIFIED, born, None, young)
    assert found is not None and not found.overdue


@pytest.mark.parametrize(("sent", "late"), [(date(2026, 12, 4), False), (date(2026, 12, 5), True)])
def test_a_notification_sent_after_fourteen_days_is_late(sent: date, late: bool) -> None:
    assert sent_late(date(2026, 11, 20), sent) is late
