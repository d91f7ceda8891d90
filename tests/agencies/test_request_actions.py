"""A clerk's actions on one request (the worklist's keys): retry now, record a local department's result,
cancel with a reason. Each refused where the lifecycle or the routing says no; each audited. Both legs."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, timedelta

import pytest
from agency_filings import file_deaths
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.agencies.lifecycle import RequestStatus, transition
from counter.agencies.request_actions import (
    ActionRefused,
    cancel_request,
    record_local_result,
    retry_now,
    routed_locally,
)
from counter.base.config import AgencySettings
from counter.base.errors import ValidationError
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from models import AuditEvent, LinkedRequest, OutgoingMessage, utcnow

TODAY = date(2026, 12, 10)
DEAD_AGENCY = "http://127.0.0.1:9/requests"  # discard port: nothing listens, every try fails at once


def with_agencies(runtime: Runtime, *entries: AgencySettings) -> Runtime:
    settings = runtime.settings.model_copy(update={"agencies": list(entries)})
    return Runtime(settings=settings, db=runtime.db, device="T1")


def requests(runtime: Runtime) -> list[LinkedRequest]:
    with runtime.db.session() as session:
        return sorted(session.exec(select(LinkedRequest)).all(), key=lambda r: (r.service_code, str(r.id)))


def reload(runtime: Runtime, request: LinkedRequest) -> LinkedRequest:
    with runtime.db.session() as session:
        found = session.get(LinkedRequest, request.id)
        assert found is not None
        return found


def events(runtime: Runtime, action: str) -> list[AuditEvent]:
    with runtime.db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


@pytest.fixture
def sent(runtime: Runtime, clerk: SignedInClerk) -> Runtime:
    """One death bundle; the local departments' four items acknowledged onto the local worklist, the
    national ones tried once against a dead agency (queued again, due later)."""
    file_deaths(runtime, clerk, 1)
    routed = with_agencies(runtime, AgencySettings(code="*", channel="http", url=DEAD_AGENCY, timeout_seconds=1))
    Dispatcher(routed).run_once()
    return routed


def test_retry_now_queues_a_failed_request_with_fresh_tries_and_makes_a_waiting_one_due(
        sent: Runtime, clerk: SignedInClerk) -> None:
    waiting = [r for r in requests(sent) if r.status == "queued"]
    assert len(waiting) == 16 and all(r.next_attempt_at > utcnow() - timedelta(seconds=1) for r in waiting)
    first, second = waiting[0], waiting[1]
    with sent.db.write() as session:
        row = session.get(LinkedRequest, second.id)
        assert row is not None
        transition(session, row, RequestStatus.FAILED, reason="tries ran out", actor=clerk.actor)
    assert retry_now(sent, first.id, clerk) == "queued"
    assert reload(sent, first).next_attempt_at <= utcnow() and reload(sent, first).attempts == 1
    assert retry_now(sent, second.id, clerk) == "queued"
    again = reload(sent, second)
    assert again.status == "queued" and again.attempts == 0 and again.finished_at is None
    assert [e.entity_id for e in events(sent, "request.retry_now")] == [str(first.id)]
    assert [e.details["reason"] for e in events(sent, "request.queued")] == ["retry by a clerk"]
    acknowledged = next(r for r in requests(sent) if r.status == "acknowledged")
    with pytest.raises(ActionRefused, match="다시 보낼 수"):
        retry_now(sent, acknowledged.id, clerk)


def test_a_local_result_completes_the_request_and_queues_the_citizens_message(
        sent: Runtime, clerk: SignedInClerk) -> None:
    local = [r for r in requests(sent) if r.status == "acknowledged"]
    assert len(local) == 4 and all(routed_locally(sent.settings, r) for r in local)
    target = local[0]
    record_local_result(sent, target.id, clerk, outcome="completed", result="체납 없음", amount_won=0,
                        decided_on=TODAY, today=TODAY)
    done = reload(sent, target)
    assert (done.status, done.result_text, done.result_amount_won, done.decided_on) == ("completed", "체납 없음", 0, TODAY)
    completed = events(sent, "request.completed")
    assert len(completed) == 1 and completed[0].clerk_username == "boss"
    # Recording the same decision again changes nothing; another decision is refused.
    record_local_result(sent, target.id, clerk, outcome="completed", result="체납 없음", amount_won=0,
                        decided_on=TODAY, today=TODAY)
    assert len(events(sent, "request.completed")) == 1
    with pytest.raises(ActionRefused, match="이미"):
        record_local_result(sent, target.id, clerk, outcome="rejected", result="대상 아님", amount_won=None,
                            decided_on=TODAY, today=TODAY)
    with sent.db.session() as session:
        wanted = target.delivery_channel in (None, "", "sms")
        messages = session.exec(select(OutgoingMessage).where(OutgoingMessage.template == "request.completed")).all()
        assert len(messages) == (1 if wanted else 0)


@pytest.mark.parametrize(("text", "amount", "field"), [
    ("", None, "result"), ("   ", None, "result"), ("상속인 900101-1234567 확인", None, "result"),
    ("체납 없음", -1, "amount_won"), ("체납 없음", 10**13, "amount_won")])
def test_a_local_result_that_cannot_be_kept_names_its_field(sent: Runtime, clerk: SignedInClerk, text: str,
                                                            amount: int | None, field: str) -> None:
    target = next(r for r in requests(sent) if r.status == "acknowledged")
    with pytest.raises(ValidationError) as raised:
        record_local_result(sent, target.id, clerk, outcome="completed", result=text, amount_won=amount,
                            decided_on=TODAY, today=TODAY)
    assert raised.value.field == field and reload(sent, target).status == "acknowledged"


def test_results_of_outside_agencies_and_future_decisions_are_not_recorded_here(
        sent: Runtime, clerk: SignedInClerk) -> None:
    national = next(r for r in requests(sent) if not r.local_department)
    with pytest.raises(ActionRefused, match="기관에서"):
        record_local_result(sent, national.id, clerk, outcome="completed", result="조회 완료", amount_won=None,
                            decided_on=TODAY, today=TODAY)
    local = next(r for r in requests(sent) if r.status == "acknowledged")
    with pytest.raises(ActionRefused, match="미래"):
        record_local_result(sent, local.id, clerk, outcome="completed", result="조회 완료", amount_won=None,
                            decided_on=TODAY + timedelta(days=1), today=TODAY)


def test_cancel_takes_a_reason_and_refuses_what_an_outside_agency_already_holds(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    http = AgencySettings(code="*", channel="http", url=DEAD_AGENCY, timeout_seconds=1)
    routed = with_agencies(runtime, http)
    queued, other = requests(routed)[0], requests(routed)[1]
    with pytest.raises(ValidationError) as raised:
        cancel_request(routed, queued.id, clerk, "  ")
    assert raised.value.field == "cancel_reason"
    cancel_request(routed, queued.id, clerk, "신청인이 철회")
    cancelled = reload(routed, queued)
    assert cancelled.status == "cancelled" and cancelled.finished_at is not None
    (event,) = events(routed, "request.cancelled")
    assert event.details["reason"] == "신청인이 철회" and event.clerk_username == "boss"
    with pytest.raises(ActionRefused, match="이미"):
        cancel_request(routed, queued.id, clerk, "다시")
    with routed.db.write() as session:  # as if an outside agency had acknowledged it
        row = session.get(LinkedRequest, other.id)
        assert row is not None
        transition(session, row, RequestStatus.ACKNOWLEDGED, reason="2xx", actor=clerk.actor, agency_reference="A-1")
    with pytest.raises(ActionRefused, match="정정"):
        cancel_request(routed, other.id, clerk, "신청인이 철회")
    # The same request on this office's own worklist can be cancelled: the agency is this office.
    local = with_agencies(runtime, AgencySettings(code=other.agency_code, channel="local"), http)
    cancel_request(local, other.id, clerk, "신청인이 철회")
    assert reload(local, other).status == "cancelled"


def test_a_clerk_of_another_office_cannot_touch_the_request(sent: Runtime, clerk: SignedInClerk) -> None:
    stranger = dataclasses.replace(clerk, office_id=uuid.uuid4(), office_code="9999999")
    target = requests(sent)[0]
    for act in (lambda: retry_now(sent, target.id, stranger),
                lambda: cancel_request(sent, target.id, stranger, "철회"),
                lambda: record_local_result(sent, target.id, stranger, outcome="completed", result="완료",
                                            amount_won=None, decided_on=TODAY, today=TODAY)):
        with pytest.raises(ActionRefused, match="이 관서"):
            act()
    assert reload(sent, target).status == target.status
