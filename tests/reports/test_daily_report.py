"""The daily and shift report: every number equals a count made independently over every row, on both
database legs; a day without filings is an empty report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from report_filings import DAY_ONE, DAY_TWO, at, expected_report

from counter.office.runtime import Runtime
from counter.reports.daily import UnknownOffice, build_daily_report
from counter.reports.window import Shift, report_window
from counter.store.db import Database

WINDOWS = {None: (0, 24), Shift.DAY: (9, 18), Shift.NIGHT: (18, 24 + 9)}


def figures(report: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers in the shape `expected_report` gives them."""
    tallies = {group: {tally["code"]: {key: value for key, value in tally.items() if key not in ("code", "name")}
                       for tally in report[group]} for group in ("clerks", "offices")}
    handover = {key: value for key, value in report["handover"].items() if isinstance(value, int)}
    return {"bundles": report["bundles"], "heir_applications": report["heir_applications"],
            "requests": report["requests"], "fines_won": report["fines_won"], "late_reports": report["late_reports"],
            "unprinted_jobs": report["unprinted_jobs"], "unsent_messages": report["unsent_messages"],
            **tallies, "handover": handover}


@pytest.mark.parametrize("office", [None, "3650052", "3650053"])
def test_report_numbers_equal_counts_over_every_row(runtime: Runtime, filed: list[str], office: str | None) -> None:
    for day in (DAY_ONE, DAY_TWO):
        for shift, (first, last) in WINDOWS.items():
            report = build_daily_report(runtime.db, day, office_code=office, shift=shift).as_dict()
            start, end = at(day, first), at(day, 0) + timedelta(hours=last)
            assert figures(report) == expected_report(runtime.db, start, end, office), (day, shift)
            assert report["date"] == day.isoformat() and report["office"] == office


def test_the_day_holds_what_was_filed_on_it(runtime: Runtime, filed: list[str]) -> None:
    one = build_daily_report(runtime.db, DAY_ONE).as_dict()
    assert one["bundles"] == {"birth": 2, "death": 2, "total": 4}
    assert one["heir_applications"] == 2
    assert one["fines_won"] > 0 and one["late_reports"] == 1  # the twin reported late
    assert {tally["code"]: tally["total"] for tally in one["clerks"]} == {"boss": 3, "kim": 1}
    two = build_daily_report(runtime.db, DAY_TWO).as_dict()
    assert two["bundles"] == {"birth": 2, "death": 1, "total": 3}
    night = build_daily_report(runtime.db, DAY_ONE, shift=Shift.NIGHT).as_dict()
    assert night["bundles"] == {"birth": 1, "death": 1, "total": 2}  # 18:00 on day one to 08:59 on day two
    assert build_daily_report(runtime.db, DAY_ONE, shift=Shift.DAY).as_dict()["bundles"]["total"] == 2


def test_the_handover_lists_what_the_next_shift_picks_up(runtime: Runtime, filed: list[str]) -> None:
    handover = build_daily_report(runtime.db, DAY_TWO).handover
    assert handover.failed_requests > 0 and handover.overdue_requests > 0 and handover.unprinted_jobs > 0
    assert {item.status for item in handover.requests} <= {"queued", "dispatched", "acknowledged", "failed"}
    assert all(item.receipt_no in filed for item in handover.requests + handover.print_jobs + handover.messages)
    assert {item.status for item in handover.print_jobs} == {"pending"}
    assert {item.status for item in handover.messages} <= {"pending", "failed"}
    assert handover.drafts == 1
    assert build_daily_report(runtime.db, DAY_TWO, office_code="3650053").handover.drafts == 0


def test_a_day_without_filings_is_an_empty_report(runtime: Runtime, filed: list[str]) -> None:
    before = build_daily_report(runtime.db, DAY_ONE - timedelta(days=1)).as_dict()
    assert before["bundles"] == {"birth": 0, "death": 0, "total": 0}
    assert before["requests"]["total"] == 0 and set(before["requests"]["by_status"].values()) == {0}
    assert before["fines_won"] == before["unprinted_jobs"] == before["unsent_messages"] == 0
    assert before["clerks"] == before["offices"] == []
    assert not any(value for value in before["handover"].values())  # nothing existed yet
    later = build_daily_report(runtime.db, date(2026, 12, 1)).as_dict()
    assert later["bundles"]["total"] == 0
    assert later["handover"]["unprinted_jobs"] > 0  # what earlier days left undone is still handed over


def test_an_empty_database_gives_an_empty_report(db: Database) -> None:
    report = build_daily_report(db, DAY_ONE).as_dict()
    assert report["bundles"] == {"birth": 0, "death": 0, "total": 0}
    assert report["requests"]["total"] == report["fines_won"] == report["unprinted_jobs"] == 0
    assert report["handover"]["requests"] == []


def test_an_unknown_office_is_refused(db: Database) -> None:
    with pytest.raises(UnknownOffice) as refused:
        build_daily_report(db, DAY_ONE, office_code="9999999")
    assert "9999999" in refused.value.message


def test_the_night_desk_hands_over_to_the_next_morning() -> None:
    night = report_window(DAY_ONE, Shift.NIGHT)
    assert (night.start, night.end) == (at(DAY_ONE, 18), at(DAY_TWO, 9))
    assert night.overdue_on == DAY_TWO
    day = report_window(DAY_ONE, Shift.DAY)
    assert (day.start, day.end, day.overdue_on) == (at(DAY_ONE, 9), at(DAY_ONE, 18), DAY_ONE)
    whole = report_window(DAY_ONE)
    assert (whole.start, whole.end, whole.overdue_on) == (at(DAY_ONE, 0), at(DAY_TWO, 0), DAY_ONE)
