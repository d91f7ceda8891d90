"""Filed bundles' requests reach a real (loopback) agency exactly once: through 503s, timeouts, replies
that are not JSON and repeated keys; with two dispatchers at once; and after a dispatcher is killed
mid-batch. Both database legs."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from agency_filings import file_deaths
from agency_server import Agency, running_agency
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.base.config import AgencySettings
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from counter.store.audit import verify_chains
from models import AuditEvent, LinkedRequest, utcnow

ROOT = Path(__file__).resolve().parents[2]


def with_agency(runtime: Runtime, **entry: object) -> Runtime:
    """The runtime with one `*` agency entry (the local departments keep their worklist)."""
    settings = runtime.settings.model_copy(update={"agencies": [AgencySettings(code="*", **entry)]})  # type: ignore[arg-type]
    return Runtime(settings=settings, db=runtime.db, device=runtime.device)


def requests(runtime: Runtime) -> list[LinkedRequest]:
    with runtime.db.session() as session:
        return list(session.exec(select(LinkedRequest)).all())


def run_until_done(dispatcher_for, runs: int = 12) -> int:  # type: ignore[no-untyped-def]
    """Run dispatchers (each run two hours later, so every retry is due) until nothing is queued."""
    start = utcnow()
    for number in range(runs):
        dispatcher: Dispatcher = dispatcher_for(lambda number=number: start + timedelta(hours=2 * number))
        dispatcher.run_once()
        with dispatcher.runtime.db.session() as session:
            if not session.exec(select(LinkedRequest).where(LinkedRequest.status == "queued")).first():
                return number + 1
    raise AssertionError("requests still queued")


def misbehaving(key: str, seen: int) -> str:
    """A tenth of the keys each: a 503, a late answer (kept, then answered after the timeout), a reply
    that is not JSON, a late answer then 409 for the repeat; the first time only."""
    kind = int(key[:8], 16) % 10
    if seen == 0 and kind in (0, 1, 2, 3):
        return {0: "503", 1: "slow", 2: "garbage", 3: "slow"}[kind]
    return "409" if kind == 3 else "ok"


def test_every_request_reaches_a_flaky_agency_exactly_once(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 5)
    with running_agency(Agency(behaviour=misbehaving, slow=0.6)) as agency:
        live = with_agency(runtime, channel="http", url=agency.url, timeout_seconds=0.3, batch_size=20)
        runs = run_until_done(lambda clock: Dispatcher(live, clock=clock, rng=random.Random(7),
                                                       base_delay=timedelta(seconds=1)))
    rows = requests(runtime)
    national = [r for r in rows if not r.local_department]
    assert len(rows) == 100 and len(national) == 80 and runs == 2
    assert {str(r.idempotency_key) for r in national} == set(agency.accepted)  # each kept once, none lost
    assert {r.status for r in rows} == {"acknowledged"} and agency.headers_mismatch == 0
    assert all(r.claimed_by is None and r.sent_at is not None for r in rows)
    for request in national:
        key = str(request.idempotency_key)
        kind = int(key[:8], 16) % 10
        assert request.attempts == (2 if kind < 4 else 1), (kind, request.attempts)
        assert request.agency_reference == (None if kind == 3 else f"AG-{key[:8]}")
    assert agency.duplicates == sum(1 for r in national if int(str(r.idempotency_key)[:8], 16) % 10 in (1, 3))
    document = next(iter(agency.accepted.values()))
    assert document["kind"] == "death" and document["subject"][0]["rrn"].startswith("400817-1")
    assert {p["role"] for p in document["parties"]} == {"applicant"}
    with runtime.db.session() as session:
        assert all(report.ok for report in verify_chains(session, runtime.keyring().audit_key))
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("request.acknowledged") == 100  # a retry is not a transition: not audited


def test_two_dispatchers_at_once_deliver_each_request_once(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 4)
    with running_agency(Agency(delay=0.005)) as agency:
        live = with_agency(runtime, channel="http", url=agency.url, batch_size=10)
        dispatchers = [Dispatcher(live), Dispatcher(live)]
        threads = [threading.Thread(target=d.run_once) for d in dispatchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    rows = requests(runtime)
    assert {r.status for r in rows} == {"acknowledged"}
    assert len(agency.hits) == 64 and set(agency.hits.values()) == {1}  # 16 a bundle go out; each once


def test_a_dispatcher_killed_mid_batch_leaves_the_rest_to_the_next_once(runtime: Runtime, clerk: SignedInClerk,
                                                                        tmp_path: Path) -> None:
    file_deaths(runtime, clerk, 3)
    with running_agency(Agency(delay=0.04)) as agency:
        env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(), "COUNTER_DEVICE": "T1",
               "COUNTER_AGENCIES": json.dumps([{"code": "*", "channel": "http", "url": agency.url, "batch_size": 50,
                                                 "timeout_seconds": 2}])}
        process = subprocess.Popen([sys.executable, "-m", "counter", "dispatch", "--once"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while len(agency.accepted) < 10 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        sent_before = set(agency.accepted)
        assert 10 <= len(sent_before) < 48, process.stderr.read() if process.stderr else ""
        stranded = [r for r in requests(runtime) if r.status == "queued" and r.claimed_by is not None]
        assert stranded  # claimed by the dead dispatcher: its lease must run out first
        Dispatcher(with_agency(runtime, channel="http", url=agency.url)).run_once()
        assert [r for r in requests(runtime) if r.status == "queued"]  # not yet: the lease holds
        later = utcnow() + timedelta(minutes=3)
        Dispatcher(with_agency(runtime, channel="http", url=agency.url), clock=lambda: later).run_once()
    rows = requests(runtime)
    assert {r.status for r in rows} == {"acknowledged"}
    assert set(agency.accepted) == {str(r.idempotency_key) for r in rows if not r.local_department}
    # Answers are recorded a batch at a time: what the dead dispatcher sent but had not recorded went again,
    # under the same keys, and the agency kept each once.
    assert agency.duplicates <= 50 and len(agency.accepted) == 48
    with runtime.db.session() as session:
        assert sum(e.action == "request.acknowledged" for e in session.exec(select(AuditEvent)).all()) == 60


def test_an_agency_that_refuses_rejects_with_its_reason(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with running_agency(Agency(behaviour=lambda key, seen: "reject")) as agency:
        Dispatcher(with_agency(runtime, channel="http", url=agency.url)).run_once()
    rejected = [r for r in requests(runtime) if not r.local_department]
    assert {r.status for r in rejected} == {"rejected"} and all(r.finished_at for r in rejected)
    assert all("400" in (r.result_text or "") and "대상자 아님" in (r.result_text or "") for r in rejected)
    with runtime.db.session() as session:
        assert sum(e.action == "request.rejected" for e in session.exec(select(AuditEvent)).all()) == 16


def test_a_request_whose_tries_run_out_fails_for_a_person_to_look(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    start = utcnow()
    with running_agency(Agency(behaviour=lambda key, seen: "garbage" if seen % 2 else "503")) as agency:
        live = with_agency(runtime, channel="http", url=agency.url, max_attempts=3)
        for number in range(4):
            Dispatcher(live, clock=lambda number=number: start + timedelta(days=number)).run_once()
    national = [r for r in requests(runtime) if not r.local_department]
    assert {(r.status, r.attempts) for r in national} == {("failed", 3)}
    assert all(r.last_error == "HTTP 503" and r.finished_at for r in national)
    assert max(agency.hits.values()) == 3


def test_requests_no_channel_serves_wait_and_are_counted(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    report = Dispatcher(runtime).run_once()  # no [[agencies]]: only the local departments' worklist
    assert (report.acknowledged, report.unrouted) == (4, 16)
    assert sorted({r.status for r in requests(runtime)}) == ["acknowledged", "queued"]


def test_a_directory_agency_gets_one_whole_file_per_batch(runtime: Runtime, clerk: SignedInClerk,
                                                          tmp_path: Path) -> None:
    file_deaths(runtime, clerk, 2)
    outbox = tmp_path / "fss-outbox"
    Dispatcher(with_agency(runtime, channel="dir", directory=outbox, batch_size=100)).run_once()
    lines = [json.loads(line) for path in sorted(outbox.iterdir()) for line in path.read_text().splitlines()]
    assert not list(outbox.glob(".*"))  # no half-written file is left
    national = [r for r in requests(runtime) if not r.local_department]
    assert sorted(line["idempotency_key"] for line in lines) == sorted(str(r.idempotency_key) for r in national)
    assert {r.status for r in national} == {"dispatched"}
    assert len(list(outbox.iterdir())) == len({r.agency_code for r in national})  # one file per agency


def test_the_dispatch_command_reports_as_json(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with running_agency(Agency()) as agency:
        env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(), "COUNTER_DEVICE": "T1",
               "COUNTER_AGENCIES": json.dumps([{"code": "*", "channel": "http", "url": agency.url}])}
        done = subprocess.run([sys.executable, "-m", "counter", "dispatch", "--once", "--format", "json"], check=False, cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["acknowledged"], report["retry"], report["unrouted"]) == (20, 0, 0)
    assert sum(report["by_agency"].values()) == 20


def test_answers_that_are_not_the_requests_fault_are_retried_not_rejected(runtime: Runtime,
                                                                          clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    start = utcnow()
    with running_agency(Agency(behaviour=lambda key, seen: ("429", "401", "404", "ok")[min(seen, 3)])) as agency:
        live = with_agency(runtime, channel="http", url=agency.url)
        for number in range(4):
            Dispatcher(live, clock=lambda number=number: start + timedelta(days=number)).run_once()
    national = [r for r in requests(runtime) if not r.local_department]
    assert {(r.status, r.attempts, r.result_text) for r in national} == {("acknowledged", 4, None)}


def test_an_uppercase_https_scheme_still_checks_the_certificate() -> None:
    import ssl

    from counter.agencies.channels import HttpChannel

    channel = HttpChannel(AgencySettings(code="*", channel="http", url="HTTPS://agency.example/requests"))
    try:
        context = channel.context
        assert channel.https and context is not None and context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    finally:
        channel.close()


def test_a_request_whose_document_cannot_be_made_fails_alone(runtime: Runtime, clerk: SignedInClerk) -> None:
    from sqlalchemy import update

    from models import Bundle, Person

    file_deaths(runtime, clerk, 2)
    with runtime.db.write() as session:
        first = session.exec(select(Bundle).order_by(Bundle.filed_at)).first()  # type: ignore[arg-type]
        assert first is not None
        session.execute(update(Person).where(Person.bundle_id == first.id, Person.role == "deceased")  # type: ignore[arg-type]
                        .values(rrn_cipher="v9:not-a-cipher"))
    with running_agency(Agency()) as agency:
        report = Dispatcher(with_agency(runtime, channel="http", url=agency.url)).run_once()
    rows = requests(runtime)
    broken = [r for r in rows if r.bundle_id == first.id]  # the local departments' too: the same document
    assert report.failed == len(broken) == 20 and {r.status for r in broken} == {"failed"}
    assert all((r.last_error or "").startswith("document: ") for r in broken)
    assert len(agency.accepted) == 16  # the other bundle's went


def test_a_batch_sent_after_the_claim_went_stale_renews_it_and_drops_what_another_worker_took(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    from counter.work.queue import claim_due

    file_deaths(runtime, clerk, 1)
    start = utcnow()
    now = [start]
    taken: list[object] = []

    def another_worker_takes_over(report: object) -> None:  # after the first answers are recorded
        if not taken:
            now[0] = start + timedelta(minutes=3)  # past the lease: another dispatcher claims what is left
            taken.extend(claim_due(runtime.db, LinkedRequest, statuses=["queued"], worker="other-dispatcher",
                                   now=now[0], limit=100))

    with running_agency(Agency(delay=0.01)) as agency:
        dispatcher = Dispatcher(with_agency(runtime, channel="http", url=agency.url, batch_size=4),
                                clock=lambda: now[0])
        report = dispatcher.run_once(progress=another_worker_takes_over)
    rows = {r.id: r for r in requests(runtime)}
    assert len(taken) >= 8 and report.lost == len(taken)
    assert all(rows[i].status == "queued" and rows[i].claimed_by == "other-dispatcher" for i in taken)  # type: ignore[index]
    assert all(r.status == "acknowledged" for i, r in rows.items() if i not in taken)
    # Of what was taken over, only the batch already out when it happened reached the agency: the ones after
    # it found their claim gone when it was renewed, and were not sent.
    reached = {i for i in taken if str(rows[i].idempotency_key) in agency.hits}  # type: ignore[index]
    assert len(reached) <= 4
    with runtime.db.session() as session:
        audited = {e.entity_id for e in session.exec(select(AuditEvent).where(AuditEvent.action.startswith("request.")))}  # type: ignore[attr-defined]
    assert audited.isdisjoint({str(i) for i in taken})
