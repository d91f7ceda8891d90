"""The allowances' reminders: the 60-day mark (paid from the birth month) listed from a week before to its
last day, the family that declined an allowance reminded by one text message however often the job runs,
nothing written by a dry run. Both database legs."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from reminder_filings import ACTOR, file_birth_on, remind, reminder_events, reminder_messages
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.agencies.lifecycle import RequestStatus, transition
from counter.agencies.reminder_messages import insert_once
from counter.base.config import AgencySettings
from counter.base.i18n import set_language
from counter.base.session import SignedInClerk
from counter.catalogue import load_catalogue
from counter.office.runtime import Runtime
from models import LinkedRequest, OutgoingMessage

BORN = date(2026, 1, 10)
MARK = date(2026, 3, 10)
"""The 60th day counting the day of birth: the last day to apply and be paid from January."""


def runtime_for_every_agency_locally(runtime: Runtime) -> Runtime:
    """The runtime with every agency served by the local worklist (the dispatcher acknowledges at once)."""
    settings = runtime.settings.model_copy(update={"agencies": [AgencySettings(code="*", channel="local")]})
    return Runtime(settings=settings, db=runtime.db, device="T1")


def allowance_rows(runtime: Runtime, day: date) -> list[tuple[str, str, int]]:
    return [(r.service_code or "", r.state, r.days_left) for r in remind(runtime, day, dry_run=True).reminders
            if r.kind == "allowance_mark"]


@pytest.mark.parametrize(("age_in_days", "listed"), [(52, False), (53, True), (59, True), (60, True), (61, False)])
def test_the_allowance_is_listed_from_a_week_before_its_60th_day_to_that_day(
        runtime: Runtime, clerk: SignedInClerk, age_in_days: int, listed: bool) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",))
    day = BORN + timedelta(days=age_in_days - 1)  # the day of birth is the first day
    expected = [("parent-benefit", "queued", (MARK - day).days),      # filed, not yet with the agency
                ("child-allowance", "not_applied", (MARK - day).days)]  # declined at filing
    assert sorted(allowance_rows(runtime, day), reverse=True) == (expected if listed else [])


def test_the_family_that_declined_an_allowance_gets_one_text_message_however_often_the_job_runs(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    receipt = file_birth_on(runtime, clerk, BORN, declined=("child-allowance", "parent-benefit"))
    first = remind(runtime, MARK - timedelta(days=3))
    declined = [r for r in first.reminders if r.state == "not_applied"]
    assert [(r.service_code, r.message) for r in declined] == [("parent-benefit", "queued"), ("child-allowance", "queued")]
    assert first.counts()["queued"] == 2  # two lines, one message
    again = [remind(runtime, MARK - timedelta(days=3)), remind(runtime, MARK - timedelta(days=2)), remind(runtime, MARK)]
    assert {r.message for report in again for r in report.reminders if r.state == "not_applied"} == {"queued_before"}
    [message] = reminder_messages(runtime)
    assert message.body == "[역삼1동] 부모급여·아동수당 신청(출생월부터 소급 지급) 기한: 2026. 3. 10.까지."
    assert (message.template, message.status, message.recipient_masked) == ("reminder.allowance_mark", "pending",
                                                                           "010-****-5432")
    assert message.idempotency_key == message.id
    [event] = reminder_events(runtime)
    assert event.details["receipt_no"] == receipt and event.details["due"] == "2026-03-10"
    assert event.details["services"] == ["parent-benefit", "child-allowance"]
    assert "010" not in str(event.details.root)


def test_a_dry_run_lists_the_message_it_would_queue_and_writes_nothing(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",))
    report = remind(runtime, MARK, dry_run=True)
    assert [r.message for r in report.reminders if r.state == "not_applied"] == ["would_queue"]
    assert reminder_messages(runtime) == [] and reminder_events(runtime) == []
    assert [r.message for r in remind(runtime, MARK).reminders if r.state == "not_applied"] == ["queued"]
    assert [r.message for r in remind(runtime, MARK, dry_run=True).reminders if r.state == "not_applied"] == [
        "queued_before"]


def test_a_family_without_text_messages_is_listed_for_the_office_to_call(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",), sms=False)
    report = remind(runtime, MARK)
    assert [(r.service_code, r.message) for r in report.reminders if r.state == "not_applied"] == [
        ("child-allowance", "no_number")]
    assert reminder_messages(runtime) == []


def test_an_allowance_the_catalogue_does_not_remind_of_is_listed_without_a_message(
        runtime: Runtime, clerk: SignedInClerk, tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "child-allowance"\nremind_citizen = false\n', encoding="utf-8")
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",))
    report = remind(runtime, MARK, catalogue=load_catalogue("national", override))
    assert [(r.service_code, r.message) for r in report.reminders if r.state == "not_applied"] == [
        ("child-allowance", "catalogue_off")]
    assert reminder_messages(runtime) == []


def test_only_allowances_paid_from_the_birth_month_are_listed(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("birth-household-electricity", "first-meeting-voucher"))
    assert [r.service_code for r in remind(runtime, MARK).reminders] == ["parent-benefit", "child-allowance"]


def test_an_allowance_the_agency_has_received_is_not_listed(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN)
    Dispatcher(runtime_for_every_agency_locally(runtime)).run_once()
    assert allowance_rows(runtime, MARK) == []


def test_a_failed_allowance_request_is_listed_for_the_office_to_send_again(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN)
    with runtime.db.write() as session:
        request = session.exec(select(LinkedRequest).where(LinkedRequest.service_code == "child-allowance")).one()
        transition(session, request, RequestStatus.FAILED, reason="tries ran out", actor=ACTOR)
    assert ("child-allowance", "failed", 0) in allowance_rows(runtime, MARK)


def test_a_birth_filed_after_the_mark_has_nothing_to_remind_of(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",), filed=MARK + timedelta(days=3))
    assert remind(runtime, MARK + timedelta(days=3)).reminders == []


def test_a_message_already_in_the_outbox_is_not_inserted_again(runtime: Runtime, clerk: SignedInClerk) -> None:
    """Two runs at once: the one that inserts second finds the key taken and inserts nothing."""
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance",))
    remind(runtime, MARK)
    [queued] = reminder_messages(runtime)
    again = OutgoingMessage(**{name: getattr(queued, name) for name in OutgoingMessage.model_fields})
    with runtime.db.write() as session:
        assert insert_once(session, again) is False
    assert len(reminder_messages(runtime)) == 1


def test_the_message_is_in_korean_in_catalogue_order_whatever_the_clerks_language(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth_on(runtime, clerk, BORN, declined=("child-allowance", "parent-benefit"))
    set_language("en")  # the list sorts by the English names; the citizen's message does not change
    report = remind(runtime, MARK)
    assert [r.what for r in report.reminders if r.state == "not_applied"] == ["Child allowance", "Parent benefit"]
    [message] = reminder_messages(runtime)
    assert message.body == "[역삼1동] 부모급여·아동수당 신청(출생월부터 소급 지급) 기한: 2026. 3. 10.까지."
