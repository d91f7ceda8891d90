"""The spool on the shared work queue: batches claimed by one spooler only, a failed print tried again
after a short wait (never given up), jobs behind it printed after it in filing order, a long batch kept
by renewing its lease, and the clerk's "print now" at once. Real databases (both legs), loopback printers."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from printing_helpers import OK_STATUS, PAPER_OUT_STATUS, FakeEscposPrinter, file_bundle
from sqlalchemy import update
from sqlmodel import col, select

from counter.base.config import PrinterSettings, Settings
from counter.printing.print_queue import print_waiting_jobs_now
from counter.printing.spool import MAX_RETRY_DELAY, Spooler, SpoolOutcome, retry_policy, run_spool
from counter.store.audit import Actor
from counter.store.db import Database
from counter.work.queue import claim_due
from models import AuditEvent, PrintJob, utcnow
from printers.errors import BEHIND_FAILED_JOB
from printers.fonts import BUNDLED_REGULAR

CLERK = Actor(None, "lee", "3220052", "T1")


def make_settings(database_url: str, tmp_path: Path, printer: FakeEscposPrinter, interval: float = 0.05) -> Settings:
    thermal = PrinterSettings(name="창구1", kind="escpos-network", address=printer.address, role="both")
    return Settings(database_url=database_url, device="T1", keys_dir=tmp_path / "keys", font_path=BUNDLED_REGULAR,
                    printers=[thermal], spool_interval_seconds=interval)


def jobs_by_id(db: Database) -> dict[uuid.UUID, PrintJob]:
    with db.session() as session:
        return {job.id: job for job in session.exec(select(PrintJob)).all()}


def printed_in_order(db: Database) -> list[uuid.UUID]:
    """The jobs in the order their `print.done` was recorded."""
    with db.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "print.done")
                              .order_by(col(AuditEvent.at), col(AuditEvent.seq))).all()
        return [uuid.UUID(str(event.entity_id)) for event in events]


def file_in_order(db: Database, count: int) -> list[uuid.UUID]:
    """`count` bundles filed a minute apart (receipt, then notice a second later); their jobs in filing order."""
    start = utcnow() - timedelta(hours=1)
    order = []
    for number in range(count):
        _bundle, receipt_id, notice_id = file_bundle(db, receipt_no=f"3220052-T1-260316-{number + 1:04d}-X")
        with db.write() as session:
            for offset, job_id in ((0, receipt_id), (1, notice_id)):
                session.execute(update(PrintJob).where(col(PrintJob.id) == job_id).values(
                    created_at=start + timedelta(minutes=number, seconds=offset)))
        order += [receipt_id, notice_id]
    return order


def test_two_spoolers_at_once_print_each_job_exactly_once(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, fake_printer)
    filed = file_in_order(db, 6)
    start = threading.Barrier(2)
    printed: dict[str, list[SpoolOutcome]] = {}

    def spool(name: str) -> None:
        spooler = Spooler(db, settings, worker_id=name, batch=2)  # small batches: the two take turns
        start.wait(timeout=30)
        printed[name] = run_spool(db, settings, max_cycles=10, spooler=spooler)

    threads = [threading.Thread(target=spool, args=(name,)) for name in ("spool-a", "spool-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done = {name: {o.job_id for o in outcomes if o.status == "done"} for name, outcomes in printed.items()}
    assert done["spool-a"] and done["spool-b"] and not done["spool-a"] & done["spool-b"]
    assert done["spool-a"] | done["spool-b"] == set(filed)
    assert sorted(printed_in_order(db)) == sorted(filed)  # one print.done per job
    assert fake_printer.connections == len(filed)  # the printer saw each job once
    assert all(job.status == "done" and job.attempts == 1 for job in jobs_by_id(db).values())


def test_a_failed_job_waits_until_it_is_due_and_then_is_tried_again(
    db: Database, database_url: str, make_printer: Callable[..., FakeEscposPrinter], tmp_path: Path
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    settings = make_settings(database_url, tmp_path, printer, interval=30)
    _bundle, receipt_id, notice_id = file_bundle(db)
    now = [utcnow()]
    spooler = Spooler(db, settings, clock=lambda: now[0], rng=random.Random(7))
    [first] = spooler.cycle()
    wait = timedelta(seconds=random.Random(7).uniform(0, 30))  # first retry: up to one spool interval
    assert (first.job_id, first.reason, first.next_attempt_at) == (receipt_id, "paper-out", now[0] + wait)
    jobs = jobs_by_id(db)
    assert jobs[receipt_id].next_attempt_at == now[0] + wait and jobs[receipt_id].attempts == 1
    behind = jobs[notice_id]  # not tried, due with the job it waits behind
    assert (behind.last_error, behind.last_error_detail, behind.attempts) == (BEHIND_FAILED_JOB, "paper-out", 0)
    assert behind.next_attempt_at == now[0] + wait and behind.claimed_by is None
    asked = printer.connections
    now[0] += wait - timedelta(milliseconds=1)
    assert spooler.cycle() == []  # not due yet: the printer is left alone
    assert printer.connections == asked and jobs_by_id(db)[receipt_id].attempts == 1
    now[0] += timedelta(milliseconds=1)
    [second] = spooler.cycle()
    assert (second.job_id, second.reason) == (receipt_id, "paper-out") and printer.connections == asked + 1
    assert second.next_attempt_at is not None and timedelta(0) <= second.next_attempt_at - now[0] <= MAX_RETRY_DELAY
    assert jobs_by_id(db)[receipt_id].attempts == 2 and jobs_by_id(db)[receipt_id].status == "pending"


def test_a_printer_off_for_days_is_asked_at_most_a_minute_apart_and_its_jobs_never_given_up(tmp_path: Path) -> None:
    policy = retry_policy(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}", spool_interval_seconds=5))
    rng = random.Random(3)
    for attempts in (1, 2, 5, 20, 1_000, 100_000):  # a try a minute for two months
        assert timedelta(0) <= policy.delay(attempts, rng) <= MAX_RETRY_DELAY
        assert not policy.exhausted(attempts)


def test_jobs_behind_a_failed_one_print_after_it_in_filing_order(
    db: Database, database_url: str, make_printer: Callable[..., FakeEscposPrinter], tmp_path: Path
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    settings = make_settings(database_url, tmp_path, printer, interval=30)
    filed = file_in_order(db, 3)
    now = utcnow()
    [failed] = Spooler(db, settings, clock=lambda: now).cycle()
    assert failed.job_id == filed[0]
    assert {job.next_attempt_at for job in jobs_by_id(db).values()} == {failed.next_attempt_at}  # all due together
    printer.status = dict(OK_STATUS)
    due = failed.next_attempt_at
    assert due is not None
    spooler = Spooler(db, settings, clock=lambda: due, batch=2)  # claimed two at a time, in that order too
    outcomes = [outcome for _cycle in range(3) for outcome in spooler.cycle()]
    assert [o.status for o in outcomes] == ["done"] * 6
    assert printed_in_order(db) == filed


def test_the_clerks_print_now_prints_a_job_that_was_not_due_yet(
    db: Database, database_url: str, make_printer: Callable[..., FakeEscposPrinter], tmp_path: Path
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    settings = make_settings(database_url, tmp_path, printer, interval=30)
    _bundle, receipt_id, notice_id = file_bundle(db)
    later = utcnow() + timedelta(seconds=20)  # a failed try twenty seconds on: due up to half a minute later
    Spooler(db, settings, clock=lambda: later).cycle()
    assert jobs_by_id(db)[receipt_id].next_attempt_at > utcnow()
    assert run_spool(db, settings, once=True) == []  # the background spool leaves it until then
    printer.status = dict(OK_STATUS)  # the clerk loads paper and presses F7
    summary = print_waiting_jobs_now(db, settings, CLERK)
    assert (summary.printed, summary.waiting) == (2, 0)
    assert set(printed_in_order(db)) == {receipt_id, notice_id}
    with db.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "print.done")).all()
        assert {event.clerk_username for event in events} == {"lee"}


def test_a_long_batch_renews_its_lease_so_no_other_spooler_takes_its_jobs(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, fake_printer)
    filed = file_in_order(db, 2)
    start = utcnow()
    taken: list[uuid.UUID] = []
    looked: set[int] = set()

    def clock() -> datetime:
        # Each print takes the spooler's time 70 s on, so the four prints outlast the two-minute lease.
        # After each print a rival spooler looks for work at that moment and must find none.
        prints = fake_printer.connections
        moment = start + timedelta(seconds=70) * prints
        if prints and prints not in looked:
            looked.add(prints)
            taken.extend(claim_due(db, PrintJob, statuses=["pending"], worker="rival", now=moment, limit=20))
        return moment

    outcomes = Spooler(db, settings, clock=clock).cycle()
    assert looked == {1, 2, 3, 4} and taken == []
    assert [(o.job_id, o.status) for o in outcomes] == [(job_id, "done") for job_id in filed]


def test_a_spool_told_to_stop_gives_back_the_jobs_it_has_not_printed_for_the_next_one(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, fake_printer)
    _bundle, receipt_id, notice_id = file_bundle(db)
    stop = threading.Event()

    def clock() -> datetime:
        if fake_printer.connections:
            stop.set()  # the app closes while the first job prints
        return utcnow()

    outcomes = Spooler(db, settings, clock=clock).cycle(stop)
    assert [(o.job_id, o.status) for o in outcomes] == [(receipt_id, "done")]
    left = jobs_by_id(db)[notice_id]
    assert (left.status, left.claimed_by, left.attempts, left.last_error) == ("pending", None, 0, None)
    assert [(o.job_id, o.status) for o in run_spool(db, settings, once=True)] == [(notice_id, "done")]  # at once
