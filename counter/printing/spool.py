"""The print spool: print jobs are rows in the work queue (`counter.work.queue`); a spooler claims a batch
of due jobs, prints them one after the other and records what came of each.

- Claim: `claim_due` takes up to `BATCH` pending jobs that are due (`next_attempt_at`) and that nobody
  holds, or whose holder's lease ran out (a crashed worker's jobs come back), the longest due first and
  jobs due together in the order they were queued. Several spoolers never take the same job. Before
  each job after the first the rest of the batch's lease starts again (`renew`), so a long batch of slow
  printers keeps its jobs; a job another spooler took over meanwhile is left to it.
- Print: outside any transaction (a slow printer never holds the database).
- Done: `finish` marks the job `done` with `printed_at` and the printer, with `print.done` audited in the
  same transaction, only while the spooler still holds it; a job recorded as done is never claimed
  again, so it never prints twice. `attempts` counts every try, the successful one included.
- Failure (paper out, cover open, offline, timeout...): the job stays pending with the reason code and
  detail, `attempts + 1`, claim released, and is due again after a short capped backoff (`retry_policy`:
  up to `spool_interval_seconds`, doubling to a minute, jittered), so a printer that is off is not asked
  every cycle. A job is never given up: a receipt must print once the paper is back. `print.failed` is
  audited when the reason changes (not on every retry of a printer left off for an hour).
- A printer that failed is not tried again in the same batch: each of its other jobs is given back
  untried (`release`: no attempt counted), marked as waiting behind that failure (`last_error =
  "behind-failed-job"`, the printer's reason code as the detail) and due no earlier than the failed job,
  so it prints after it.
- The clerk's "print now" (`counter.printing.print_queue.print_waiting_jobs_now`) and `counter print-spool
  --once` make every waiting job due at once (`make_waiting_jobs_due`).
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from counter.base import locations
from counter.base.config import PrinterSettings, Settings
from counter.base.errors import CounterError
from counter.printing.print_service import (
    describe_failure,
    document_for_job,
    printer_for_job,
    rendering_for,
)
from counter.printing.signing import PayloadSigner, load_signing_key
from counter.store.audit import Actor, record_event
from counter.store.db import Database
from counter.work.queue import DEFAULT_LEASE, RetryPolicy, claim_due, finish, make_due, release, renew
from models import PrintJob, utcnow
from printers.errors import BEHIND_FAILED_JOB, PrintError
from printers.fonts import FontSet, find_korean_fonts
from printers.transports import make_transport

BATCH = 20
MAX_RETRY_DELAY = timedelta(minutes=1)
PENDING = ("pending",)
log = logging.getLogger("counter.printing.spool")
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SpoolOutcome:
    """What happened to one job in one cycle: `done`, `pending` (with reason, due again at
    `next_attempt_at`) or `lost` (another worker had taken it over)."""

    job_id: uuid.UUID
    status: str
    printer: str | None = None
    reason: str | None = None
    detail: str | None = None
    next_attempt_at: datetime | None = None


def retry_policy(settings: Settings) -> RetryPolicy:
    """How a job that did not print is retried: never given up, after a jittered wait of up to the spool's
    interval, doubling with each try to at most `MAX_RETRY_DELAY`."""
    return RetryPolicy(max_attempts=None, base_delay=timedelta(seconds=settings.spool_interval_seconds),
                       max_delay=MAX_RETRY_DELAY)


def make_waiting_jobs_due(db: Database, now: datetime) -> int:
    """Make every waiting job due `now`, whatever wait its failed tries had earned (someone asked to print
    now: the clerk's F7, `counter print-spool --once`); how many were waiting for later."""
    return make_due(db, PrintJob, statuses=PENDING, now=now)


class Spooler:
    """Everything one worker needs: the database, settings, fonts and the signing key."""

    def __init__(self, db: Database, settings: Settings, *, worker_id: str | None = None,
                 actor: Actor | None = None, clock: Clock = utcnow, directory: Path | None = None,
                 lease: timedelta = DEFAULT_LEASE, batch: int = BATCH, rng: random.Random | None = None) -> None:
        self.db = db
        self.settings = settings
        self.worker_id = worker_id or f"spool-{uuid.uuid4().hex[:12]}"
        self.actor = actor or Actor(None, "print-spool", None, settings.device)
        self.clock = clock
        self.directory = directory or locations.print_out_dir()
        self.lease, self.batch, self.rng = lease, batch, rng
        self.retry = retry_policy(settings)
        self._fonts: FontSet | None = None
        self._signer: PayloadSigner | None = None

    def fonts(self) -> FontSet:
        """The Korean fonts (found once)."""
        if self._fonts is None:
            self._fonts = find_korean_fonts(self.settings.font_path)
        return self._fonts

    def signer(self) -> PayloadSigner:
        """The office's QR signer (the key is created on first use)."""
        if self._signer is None:
            key = load_signing_key(self.settings.keys_directory(), create=True)
            self._signer = PayloadSigner(key, self.settings.verify_base_url)
        return self._signer

    def print_job(self, job: PrintJob, printer: PrinterSettings) -> str:
        """Render and send one job; returns the transport's note (raises PrintError)."""
        with self.db.session() as session:
            document = document_for_job(session, job, signer=self.signer(), issued_at=self.clock())
        rendering = rendering_for(document, printer, self.fonts())
        with make_transport(printer, self.directory) as transport:
            return transport.print(rendering, str(job.idempotency_key))

    def claim(self) -> list[PrintJob]:
        """Claim a batch of due jobs for this worker, in the order they print."""
        claimed = claim_due(self.db, PrintJob, statuses=PENDING, worker=self.worker_id, now=self.clock(),
                            limit=self.batch, lease=self.lease, then_by=[col(PrintJob.created_at)])
        if not claimed:
            return []
        with self.db.session() as session:
            return list(session.exec(
                select(PrintJob).where(col(PrintJob.id).in_(claimed))
                .order_by(col(PrintJob.next_attempt_at), col(PrintJob.created_at), col(PrintJob.id))).all())

    def process(self, job: PrintJob, failed_printers: dict[str, tuple[str, datetime]]) -> SpoolOutcome | None:
        """Print one claimed job and record what came of it; None when it was given back untried, behind
        a failed job of its printer (`failed_printers` maps printer -> reason and when it is tried next)."""
        try:
            printer = printer_for_job(self.settings, job)
        except PrintError as error:
            return self._retry(job, None, error)
        if printer.name in failed_printers:
            self._behind(job, *failed_printers[printer.name])
            return None
        try:
            note = self.print_job(job, printer)
        except PrintError as error:
            outcome = self._retry(job, printer.name, error)
            if error.printer_wide:
                failed_printers[printer.name] = (error.reason, outcome.next_attempt_at or self.clock())
            return outcome
        except Exception as error:
            if not isinstance(error, CounterError):
                log.exception("print job %s could not be prepared", job.id)
            message = error.message if isinstance(error, CounterError) else f"{type(error).__name__}: {error}"
            return self._retry(job, printer.name, PrintError(message, reason="document-error"))
        return self._done(job, printer.name, note)

    def _done(self, job: PrintJob, printer: str, note: str) -> SpoolOutcome:
        """Record the success in its own transaction, only while the job is still ours."""
        printed_at = self.clock()
        with self.db.write() as session:
            if not finish(session, PrintJob, job.id, self.worker_id, status="done", printed_at=printed_at,
                          printer=printer, last_error=None, last_error_detail=None):
                log.warning("print job %s: claim lost while printing", job.id)
                return SpoolOutcome(job.id, "lost", printer)
            record_event(
                session, "print.done", self.actor, entity_type="print_job", entity_id=job.id,
                details={"bundle_id": str(job.bundle_id), "document": job.document, "printer": printer,
                         "reprint_of": str(job.reprint_of) if job.reprint_of else None, "note": note[:200]},
            )
        return SpoolOutcome(job.id, "done", printer)

    def _retry(self, job: PrintJob, printer: str | None, error: PrintError) -> SpoolOutcome:
        """Leave the job pending with the reason, one more attempt counted, claim released, due again
        after the backoff; `print.failed` audited when the reason changed."""
        reason, detail = describe_failure(error)
        retry_at = self.clock() + self.retry.delay(job.attempts + 1, self.rng)
        with self.db.write() as session:
            if not finish(session, PrintJob, job.id, self.worker_id, last_error=reason, last_error_detail=detail,
                          next_attempt_at=retry_at):
                return SpoolOutcome(job.id, "lost", printer)
            if job.last_error != reason:
                record_event(
                    session, "print.failed", self.actor, entity_type="print_job", entity_id=job.id,
                    details={"bundle_id": str(job.bundle_id), "document": job.document, "printer": printer,
                             "reason": reason, "detail": detail},
                )
        return SpoolOutcome(job.id, "pending", printer, error.reason, error.detail, retry_at)

    def _behind(self, job: PrintJob, reason: str, retry_at: datetime) -> None:
        """Give the job back untried, saying it waits behind a failed job of its printer (reason code as
        the detail), due no earlier than that job. Not a try: attempts stay, nothing is audited."""
        with self.db.write() as session:
            release(session, PrintJob, job.id, self.worker_id, last_error=BEHIND_FAILED_JOB, last_error_detail=reason,
                    next_attempt_at=max(job.next_attempt_at, retry_at))

    def _give_back(self, job_ids: list[uuid.UUID]) -> None:
        """Release this worker's claim on jobs it will not print now (not a try; nothing else changes)."""
        with self.db.write() as session:
            for job_id in job_ids:
                release(session, PrintJob, job_id, self.worker_id)

    def cycle(self, stop: threading.Event | None = None) -> list[SpoolOutcome]:
        """One batch of due jobs, each printed or given back; once `stop` is set, the jobs not yet
        printed are given back untried (due as they were) for the next spooler."""
        jobs = self.claim()
        failed_printers: dict[str, tuple[str, datetime]] = {}
        outcomes = []
        held = {job.id for job in jobs}
        renewed_at = self.clock()
        for index, job in enumerate(jobs):
            if stop is not None and stop.is_set():
                self._give_back([j.id for j in jobs[index:] if j.id in held])
                break
            now = self.clock()
            if now - renewed_at >= self.lease / 10:  # a long batch: the rest of it stays ours
                held, renewed_at = renew(self.db, PrintJob, [j.id for j in jobs[index:]], self.worker_id, now), now
            if job.id not in held:  # our lease ran out and another spooler took the job over
                continue
            outcome = self.process(job, failed_printers)
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes


def run_spool(
    db: Database,
    settings: Settings,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    max_cycles: int | None = None,
    spooler: Spooler | None = None,
    on_outcome: Callable[[SpoolOutcome], None] | None = None,
) -> list[SpoolOutcome]:
    """Print pending jobs every `spool_interval_seconds` until `stop` is set, after `max_cycles`
    cycles, or after one cycle with `once`. Returns the outcomes of a bounded run (`once` or
    `max_cycles`); an unbounded service run reports through `on_outcome` only and returns []."""
    worker = spooler or Spooler(db, settings)
    stop = stop or threading.Event()
    bounded = once or max_cycles is not None
    outcomes: list[SpoolOutcome] = []
    cycles = 0
    while not stop.is_set():
        try:
            for outcome in worker.cycle(stop):
                if bounded:
                    outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        except SQLAlchemyError:
            # A busy or briefly unreachable database delays printing; it must not end the spool.
            # Jobs stay pending (claims expire after the lease) and the next cycle tries again.
            logging.getLogger(__name__).exception("print spool cycle failed; retrying")
        cycles += 1
        if once or (max_cycles is not None and cycles >= max_cycles):
            break
        stop.wait(settings.spool_interval_seconds)
    return outcomes
