"""The queue's claims, leases and backoff; the request lifecycle's transitions; the agency settings."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from agency_filings import file_deaths
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlmodel import select

from counter.agencies.lifecycle import (
    FINAL,
    TRANSITIONS,
    IllegalTransition,
    RequestStatus,
    allowed,
    transition,
)
from counter.base.config import AgencySettings, Settings
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from counter.store.audit import Actor
from counter.work.queue import RetryPolicy, claim_due
from models import AuditEvent, LinkedRequest, utcnow

ACTOR = Actor(None, "test", None, "T1")


@given(attempts=st.integers(min_value=1, max_value=40), seed=st.integers(min_value=0, max_value=2**32))
def test_a_retry_waits_a_random_time_under_the_exponential_bound(attempts: int, seed: int) -> None:
    policy = RetryPolicy(max_attempts=8, base_delay=timedelta(seconds=5), max_delay=timedelta(hours=1))
    delay = policy.delay(attempts, random.Random(seed))
    assert timedelta(0) <= delay <= min(timedelta(hours=1), timedelta(seconds=5 * 2 ** (attempts - 1)))
    assert policy.exhausted(attempts) == (attempts >= 8)


def test_claims_are_disjoint_and_a_lapsed_lease_is_taken_over(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    now = utcnow()
    first = claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="a", now=now, limit=15)
    second = claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="b", now=now, limit=15)
    assert (len(first), len(second)) == (15, 5) and not set(first) & set(second)
    assert claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="c", now=now, limit=15) == []
    later = now + timedelta(minutes=3)  # both leases ran out
    third = claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="c", now=later, limit=50)
    assert set(third) == set(first) | set(second)


def test_a_request_not_yet_due_is_not_claimed(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    before_filing = utcnow() - timedelta(hours=1)
    assert claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="a", now=before_filing, limit=50) == []


def test_the_lifecycle_allows_only_its_transitions() -> None:
    assert TRANSITIONS[RequestStatus.QUEUED] == {"dispatched", "acknowledged", "rejected", "failed", "cancelled"}
    assert {"completed", "rejected", "cancelled"} == FINAL
    assert allowed("failed", "queued") and allowed("acknowledged", "completed")
    assert not allowed("completed", "queued") and not allowed("queued", "completed")
    assert not allowed("cancelled", "acknowledged") and not allowed("queued", "nonsense")


def test_a_transition_is_audited_and_an_illegal_one_refused(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with runtime.db.write() as session:
        request = session.exec(select(LinkedRequest)).first()
        assert request is not None
        transition(session, request, RequestStatus.CANCELLED, reason="bundle cancelled", actor=ACTOR)
    with runtime.db.write() as session:
        request = session.get(LinkedRequest, request.id)
        assert request is not None and request.status == "cancelled" and request.finished_at is not None
        with pytest.raises(IllegalTransition) as refused:
            transition(session, request, RequestStatus.QUEUED, reason="again", actor=ACTOR)
        assert "'취소' 상태인 요청" in refused.value.message
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "request.cancelled")).one()
        assert event.details["from"] == "queued" and event.details["reason"] == "bundle cancelled"


def test_a_transition_from_a_status_someone_else_changed_is_refused(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with runtime.db.session() as session:
        stale = session.exec(select(LinkedRequest)).first()
    assert stale is not None
    with runtime.db.write() as session:
        fresh = session.get(LinkedRequest, stale.id)
        assert fresh is not None
        transition(session, fresh, RequestStatus.ACKNOWLEDGED, reason="local worklist", actor=ACTOR)
    with runtime.db.write() as session, pytest.raises(IllegalTransition):
        transition(session, stale, RequestStatus.REJECTED, reason="late", actor=ACTOR)  # it read queued


@pytest.mark.parametrize("entry", [
    {"code": "*", "channel": "http", "url": "http://10.0.0.5/requests"},  # plain http off this machine
    {"code": "*", "channel": "http", "url": "http://agency.example/requests"},
    {"code": "*", "channel": "http", "url": "ftp://127.0.0.1/requests"},
    {"code": "*", "channel": "http"},
    {"code": "*", "channel": "dir"},
    {"code": "*", "channel": "carrier-pigeon"},
    {"code": "", "channel": "local"},
])
def test_an_agency_entry_that_cannot_work_is_refused(entry: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        AgencySettings(**entry)  # type: ignore[arg-type]


def test_agencies_come_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_AGENCIES", '[{"code": "FSS", "channel": "http", "url": "https://fss.example/r"},'
                                           ' {"code": "*", "channel": "http", "url": "http://127.0.0.1:9/r"}]')
    settings = Settings()
    assert settings.agency("FSS") is not None and settings.agency("FSS").url == "https://fss.example/r"  # type: ignore[union-attr]
    assert settings.agency("NTS") == settings.agencies[1]


def test_a_service_round_that_fails_is_logged_by_its_type_and_the_next_round_runs(
        caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import threading

    from counter.work.service import keep_running

    stop, rounds = threading.Event(), []

    def run() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise ValueError("800101-1234567 in a message")  # never logged: only the type is
        stop.set()

    with caplog.at_level(logging.ERROR):
        keep_running(run, stop, 0.01, logging.getLogger("counter.test"))
    assert rounds == [0, 1] and "ValueError" in caplog.text and "800101" not in caplog.text
