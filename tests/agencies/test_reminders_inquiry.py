"""The inquiry's reminders and the results past due: a death reported without the 안심상속 inquiry is listed
in the 30 days before the inquiry's last filing day (1 year from the last day of the month of death, moved
to the next working day) and its family reminded once; items an agency has not received are listed as the
deadline nears; open results past their due day are listed until they are decided. Both database legs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from agency_filings import TODAY, death_with_inquiry, file_deaths
from reminder_filings import ACTOR, EXAMPLES, file_death_on, remind, reminder_events, reminder_messages
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.agencies.lifecycle import RequestStatus, transition
from counter.agencies.outbox import MessageSender
from counter.base.config import AgencySettings
from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from models import LinkedRequest


def inquiry_rows(runtime: Runtime, day: date) -> list[tuple[str, date, int]]:
    return [(r.state, r.due, r.days_left) for r in remind(runtime, day, dry_run=True).reminders
            if r.kind == "inquiry_deadline"]


@pytest.mark.parametrize(("died", "last_day"), [
    (date(2026, 1, 31), date(2027, 2, 1)),   # the period ends on Sunday 2027-01-31: the next working day
    (date(2024, 2, 10), date(2025, 2, 28)),  # the last day of February a year later, a Friday
    (date(2027, 9, 15), date(2028, 10, 6)),  # ends Saturday 2028-09-30, then Chuseok and 개천절
])
@pytest.mark.parametrize("days_before", [31, 30, 1, 0, -1])
def test_a_death_without_the_inquiry_is_listed_in_the_30_days_before_its_last_filing_day(
        runtime: Runtime, clerk: SignedInClerk, died: date, last_day: date, days_before: int) -> None:
    file_death_on(runtime, clerk, died)
    day = last_day - timedelta(days=days_before)
    expected = [("not_applied", last_day, days_before)] if 0 <= days_before <= 30 else []
    assert inquiry_rows(runtime, day) == expected


def test_the_family_is_reminded_of_the_inquiry_once(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipt = file_death_on(runtime, clerk, date(2026, 1, 31))
    for day in (date(2027, 1, 10), date(2027, 1, 10), date(2027, 1, 11)):
        remind(runtime, day)
    [message] = reminder_messages(runtime)
    assert message.body == "[역삼1동] 안심상속 재산조회 신청 기한: 2027. 2. 1.까지."
    assert message.template == "reminder.inquiry_deadline"
    [event] = reminder_events(runtime)
    assert (event.details["receipt_no"], event.details["kind"], event.details["due"]) == (
        receipt, "inquiry_deadline", "2027-02-01")


def test_a_reporter_who_wanted_no_messages_is_not_texted(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_death_on(runtime, clerk, date(2026, 1, 31), sms=False)
    assert [r.message for r in remind(runtime, date(2027, 1, 20)).reminders] == ["no_number"]
    assert reminder_messages(runtime) == []


def test_an_inquiry_filed_later_for_the_death_ends_its_reminder(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipt = file_death_on(runtime, clerk, date(2026, 11, 2), filed=TODAY)
    assert inquiry_rows(runtime, date(2027, 11, 20)) == [("not_applied", date(2027, 11, 30), 10)]
    later = json.loads((EXAMPLES / "death-inquiry-later.json").read_text("utf-8"))
    later["death_report_receipt_no"] = receipt
    file_death(runtime, clerk, later, today=TODAY + timedelta(days=2))
    Dispatcher(runtime).run_once()  # no agency set up: only the local departments' items are received
    rows = inquiry_rows(runtime, date(2027, 11, 20))
    assert rows and {state for state, _due, _days in rows} == {"queued"}  # the items not yet with their agency


def test_a_declared_missing_persons_inquiry_counts_a_year_from_the_declaration(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    file_death_on(runtime, clerk, date(2019, 5, 1), declared_missing_on=date(2026, 3, 10))
    assert inquiry_rows(runtime, date(2027, 3, 1)) == [("not_applied", date(2027, 3, 10), 9)]
    assert inquiry_rows(runtime, date(2027, 3, 11)) == []


def test_inquiry_items_the_agencies_received_are_in_time(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)  # died 2026-11-10, filed 2026-11-21: every item queued
    assert len(inquiry_rows(runtime, date(2027, 11, 20))) == 20
    Dispatcher(runtime).run_once()  # the four local departments' items are received
    assert len(inquiry_rows(runtime, date(2027, 11, 20))) == 16
    assert all(state != "not_applied" for state, _due, _days in inquiry_rows(runtime, date(2027, 11, 20)))


def test_open_results_past_their_due_day_are_listed_until_decided(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with runtime.db.session() as session:
        requests = {r.service_code: r for r in session.exec(select(LinkedRequest)).all()}
    land = requests["land"]  # 7 working days from 2026-11-21 (a Saturday): due 2026-12-01
    assert land.due_date == date(2026, 12, 1)
    on_time = remind(runtime, land.due_date, dry_run=True).reminders
    assert "land" not in {r.service_code for r in on_time if r.kind == "past_due"}
    late = [r for r in remind(runtime, land.due_date + timedelta(days=1), dry_run=True).reminders
            if r.kind == "past_due"]
    assert ("land", "queued", -1) in {(r.service_code, r.state, r.days_left) for r in late}
    with runtime.db.write() as session:
        cancelled = session.get(LinkedRequest, land.id)
        assert cancelled is not None
        transition(session, cancelled, RequestStatus.CANCELLED, reason="bundle cancelled", actor=ACTOR)
    after = remind(runtime, date(2027, 1, 4), dry_run=True).reminders
    assert [r.kind for r in after].count("past_due") == 19 and "land" not in {r.service_code for r in after}
    assert all(r.message is None for r in after)  # the office's to chase, not the citizen's


def test_a_death_bundle_with_the_inquiry_has_no_not_applied_reminder(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_death(runtime, clerk, death_with_inquiry(7), today=TODAY)
    assert "not_applied" not in {r.state for r in remind(runtime, date(2027, 11, 20), dry_run=True).reminders}


def test_the_reminder_leaves_through_the_sms_gateway_like_any_message(runtime: Runtime, clerk: SignedInClerk,
                                                                       tmp_path: Path) -> None:
    file_death_on(runtime, clerk, date(2026, 1, 31))
    remind(runtime, date(2027, 1, 20))
    gateway = AgencySettings(code="sms", channel="dir", directory=tmp_path / "sms-out")
    sender = Runtime(settings=runtime.settings.model_copy(update={"message_gateway": gateway}), db=runtime.db,
                     device="T1")
    MessageSender(sender).run_once()
    lines = [json.loads(line) for path in (tmp_path / "sms-out").glob("*.jsonl") for line in path.read_text().splitlines()]
    reminder = [line for line in lines if line["template"] == "reminder.inquiry_deadline"]
    assert [(line["to"], line["body"]) for line in reminder] == [
        ("010-3456-7890", "[역삼1동] 안심상속 재산조회 신청 기한: 2027. 2. 1.까지.")]
    assert {m.status for m in reminder_messages(runtime)} == {"sent"}
