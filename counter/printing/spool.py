"""The print spool: print jobs are rows; a worker claims one, prints it, and records the outcome.

- Claim: inside a write transaction (`BEGIN IMMEDIATE` on SQLite; `FOR UPDATE SKIP LOCKED` on
  PostgreSQL, so several workers never wait on or take the same row) a pending job whose claim is
  free or older than the lease gets `claimed_by`/`claimed_at`. A crashed worker's claim expires.
- Print: outside any transaction (a slow printer never holds the database).
- Done: its own transaction marks the job `done` with `printed_at`, only if it is still pending and
  still ours; a job recorded as done is never claimed again, so it never prints twice.
- `attempts` counts every try, the successful one included.
- Failure (paper out, cover open, offline, timeout...): the job stays pending with the reason code
  and detail, `attempts + 1`, claim released; it is retried on the next cycle. `print.failed` is
  audited when the reason changes (not on every retry of a printer left off for an hour).
- A printer that failed is not tried again in the same cycle for its other jobs; each of them is
  marked as waiting behind that failure (`last_error = "behind-failed-job"`, the printer's reason
  code as the detail), so every waiting job says why it waits.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, or_, update
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
from models import PrintJob, utcnow
from printers.errors import BEHIND_FAILED_JOB, PrintError
from printers.fonts import FontSet, find_korean_fonts
from printers.transports import make_transport

LEASE = timedelta(minutes=2)
BATCH = 20
log = logging.getLogger("counter.printing.spool")
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SpoolOutcome:
    """What happened to one job in one cycle: `done`, `pending` (with reason) or `lost` (claim taken)."""

    job_id: uuid.UUID
    status: str
    printer: str | None = None
    reason: str | None = None
    detail: str | None = None


def _claim_is_free(cutoff: datetime):  # type: ignore[no-untyped-def]
    return or_(col(PrintJob.claimed_at).is_(None), col(PrintJob.claimed_at) < cutoff)


def candidate_jobs(db: Database, now: datetime, limit: int = BATCH) -> list[PrintJob]:
    """Pending jobs nobody holds (or whose lease expired), oldest first."""
    cutoff = now - LEASE
    with db.session() as session:
        rows = session.exec(
            select(PrintJob)
            .where(PrintJob.status == "pending", _claim_is_free(cutoff))
            .order_by(col(PrintJob.created_at))
            .limit(limit)
        ).all()
        return list(rows)


def claim_job(db: Database, job_id: uuid.UUID, worker_id: str, now: datetime) -> bool:
    """Take the job for `worker_id`; False if it is done or someone else holds a live claim."""
    cutoff = now - LEASE
    with db.write() as session:
        query = select(PrintJob).where(PrintJob.id == job_id, PrintJob.status == "pending", _claim_is_free(cutoff))
        if db.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = session.exec(query).first()
        if job is None:
            return False
        job.claimed_by = worker_id
        job.claimed_at = now
        session.add(job)
        return True


def _ours(job_id: uuid.UUID, worker_id: str):  # type: ignore[no-untyped-def]
    return and_(col(PrintJob.id) == job_id, col(PrintJob.status) == "pending", col(PrintJob.claimed_by) == worker_id)


def mark_done(db: Database, job: PrintJob, worker_id: str, printer: str, note: str, now: datetime, actor: Actor | None) -> bool:
    """Record the success in its own transaction; False if the claim was lost meanwhile."""
    with db.write() as session:
        result = session.execute(
            update(PrintJob)
            .where(_ours(job.id, worker_id))
            .values(status="done", printed_at=now, printer=printer, claimed_by=None, claimed_at=None,
                    attempts=PrintJob.attempts + 1, last_error=None, last_error_detail=None)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        record_event(
            session, "print.done", actor, entity_type="print_job", entity_id=job.id,
            details={"bundle_id": str(job.bundle_id), "document": job.document, "printer": printer,
                     "reprint_of": str(job.reprint_of) if job.reprint_of else None, "note": note[:200]},
        )
        return True


def mark_failed(db: Database, job: PrintJob, worker_id: str, printer: str | None, error: PrintError, actor: Actor | None) -> None:
    """Leave the job pending with the reason, one more attempt counted, claim released."""
    reason, detail = describe_failure(error)
    with db.write() as session:
        result = session.execute(
            update(PrintJob)
            .where(_ours(job.id, worker_id))
            .values(attempts=PrintJob.attempts + 1, last_error=reason, last_error_detail=detail,
                    claimed_by=None, claimed_at=None)
        )
        if result.rowcount == 1 and job.last_error != reason:  # type: ignore[attr-defined]
            record_event(
                session, "print.failed", actor, entity_type="print_job", entity_id=job.id,
                details={"bundle_id": str(job.bundle_id), "document": job.document, "printer": printer,
                         "reason": reason, "detail": detail},
            )


def mark_behind(db: Database, job: PrintJob, reason: str, now: datetime) -> None:
    """Say on a job nobody holds that it waits behind a failed job of its printer (reason code as the
    detail). Not a try of its own: attempts stay, nothing is audited; unchanged rows are not rewritten."""
    if job.last_error == BEHIND_FAILED_JOB and job.last_error_detail == reason:
        return
    with db.write() as session:
        session.execute(
            update(PrintJob)
            .where(col(PrintJob.id) == job.id, col(PrintJob.status) == "pending", _claim_is_free(now - LEASE))
            .values(last_error=BEHIND_FAILED_JOB, last_error_detail=reason)
        )


class Spooler:
    """Everything one worker needs: the database, settings, fonts and the signing key."""

    def __init__(self, db: Database, settings: Settings, *, worker_id: str | None = None,
                 actor: Actor | None = None, clock: Clock = utcnow, directory: Path | None = None) -> None:
        self.db = db
        self.settings = settings
        self.worker_id = worker_id or f"spool-{uuid.uuid4().hex[:12]}"
        self.actor = actor or Actor(None, "print-spool", None, settings.device)
        self.clock = clock
        self.directory = directory or locations.print_out_dir()
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

    def process(self, job: PrintJob, failed_printers: dict[str, str]) -> SpoolOutcome | None:
        """Claim, print and record one job; None when it was skipped (behind a failed job of its
        printer, `failed_printers` maps printer -> reason) or taken by another worker."""
        try:
            printer = printer_for_job(self.settings, job)
        except PrintError as error:
            if not claim_job(self.db, job.id, self.worker_id, self.clock()):
                return None
            mark_failed(self.db, job, self.worker_id, None, error, self.actor)
            return SpoolOutcome(job.id, "pending", None, error.reason, error.detail)
        if printer.name in failed_printers:
            mark_behind(self.db, job, failed_printers[printer.name], self.clock())
            return None
        if not claim_job(self.db, job.id, self.worker_id, self.clock()):
            return None
        try:
            note = self.print_job(job, printer)
        except PrintError as error:
            if error.printer_wide:
                failed_printers[printer.name] = error.reason
            mark_failed(self.db, job, self.worker_id, printer.name, error, self.actor)
            return SpoolOutcome(job.id, "pending", printer.name, error.reason, error.detail)
        except Exception as error:
            if not isinstance(error, CounterError):
                log.exception("print job %s could not be prepared", job.id)
            message = error.message if isinstance(error, CounterError) else f"{type(error).__name__}: {error}"
            wrapped = PrintError(message, reason="document-error")
            mark_failed(self.db, job, self.worker_id, printer.name, wrapped, self.actor)
            return SpoolOutcome(job.id, "pending", printer.name, wrapped.reason, wrapped.detail)
        if mark_done(self.db, job, self.worker_id, printer.name, note, self.clock(), self.actor):
            return SpoolOutcome(job.id, "done", printer.name)
        log.warning("print job %s: claim lost while printing", job.id)
        return SpoolOutcome(job.id, "lost", printer.name)

    def cycle(self) -> list[SpoolOutcome]:
        """One pass over the pending jobs."""
        failed_printers: dict[str, str] = {}
        outcomes = []
        for job in candidate_jobs(self.db, self.clock()):
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
            for outcome in worker.cycle():
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
