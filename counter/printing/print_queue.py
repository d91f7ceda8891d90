"""The clerk's side of printing: print jobs a page at a time, printer status, and printing now.

Everything here is a service for the printers screen and the in-app spool: pages come from SQL
(never all rows), and the calls that reach printers block, so the UI calls them from workers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import case, func
from sqlmodel import col, select

from counter.base import locations
from counter.base.config import PrinterSettings, Settings
from counter.base.errors import CounterError
from counter.base.i18n import N_, _
from counter.store.audit import Actor
from counter.store.db import Database
from models import Bundle, PrintJob, utcnow

PAGE_SIZE = 10

DOCUMENT_LABELS = {"receipt": N_("Receipt"), "notice": N_("Notice")}
STATUS_LABELS = {"pending": N_("Waiting"), "done": N_("Printed")}
ROLE_LABELS = {"receipt": N_("Receipts"), "notice": N_("Notices"), "both": N_("Receipts and notices")}
# Short words for a table cell; `printers.errors.reason_message` gives the full sentence (what to do).
REASON_LABELS = {
    "offline": N_("Offline"),
    "unreachable": N_("Unreachable"),
    "timeout": N_("No answer"),
    "paper-out": N_("Out of paper"),
    "paper-near-end": N_("Paper low"),
    "cover-open": N_("Cover open"),
    "device-error": N_("Printer error"),
    "missing-driver": N_("Driver missing"),
    "cups-error": N_("Queue refused"),
    "missing-glyphs": N_("Missing characters"),
    "no-font": N_("No Korean font"),
    "no-printer": N_("No printer"),
    "bad-address": N_("Bad address"),
    "document-error": N_("Document error"),
    "not-escpos": N_("Not an ESC/POS printer"),
    "queue-paused": N_("Queue paused"),
}


def document_label(document: str) -> str:
    """`접수증` / `안내문` for a document code (the code itself if unknown)."""
    return _(DOCUMENT_LABELS[document]) if document in DOCUMENT_LABELS else document


def status_label(status: str) -> str:
    """`대기` / `출력 완료` for a job status."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def role_label(role: str) -> str:
    """What a printer prints, in words."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def document_kind_label(kind: str) -> str:
    """`출생신고 접수증` for a signed document kind such as `RECEIPT-BIRTH` (the code itself if unknown)."""
    from printers.builders.common import REPORT_LABELS, report_label

    document, _dash, report = kind.lower().partition("-")
    report = report.replace("-", "_")  # `RECEIPT-NAME-CHANGE` was signed from `receipt-name_change`
    if document not in DOCUMENT_LABELS or report not in REPORT_LABELS:
        return kind
    return _("{document} for the {report}").format(document=document_label(document), report=report_label(report))


def reason_label(code: str | None) -> str:
    """A short name for a stored reason code (empty for None)."""
    if not code:
        return ""
    return _(REASON_LABELS.get(code, REASON_LABELS["device-error"]))


def serving_printer(settings: Settings, role: str, name: str | None = None) -> PrinterSettings | None:
    """The printer a job goes to: the one it names, else the first of its role, else the first
    `both` printer; None when there is none."""
    if name:
        return next((printer for printer in settings.printers if printer.name == name), None)
    for wanted in (role, "both"):
        for printer in settings.printers:
            if printer.role == wanted:
                return printer
    return None


@dataclass(frozen=True)
class PrintJobRow:
    """One print job as the printers screen lists it."""

    job_id: uuid.UUID
    bundle_id: uuid.UUID | None
    receipt_no: str
    document: str
    status: str
    printer: str | None
    reprint: bool
    attempts: int
    reason: str | None
    detail: str | None
    created_at: datetime
    printed_at: datetime | None
    role: str = "receipt"
    behind: bool = False  # not tried: waits behind an earlier job whose printer failed with `reason`

    @property
    def waiting(self) -> bool:
        """True while the job has not printed."""
        return self.status == "pending"


@dataclass(frozen=True)
class PrintJobPage:
    """One page of print jobs: waiting jobs first, then the most recent; `page` counts from 0."""

    rows: tuple[PrintJobRow, ...]
    page: int
    page_count: int
    total: int
    waiting: int


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; the database stores UTC only."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _row(job: PrintJob, receipt_no: str | None) -> PrintJobRow:
    from printers.errors import BEHIND_FAILED_JOB

    waiting = job.status == "pending"
    behind = waiting and job.last_error == BEHIND_FAILED_JOB
    return PrintJobRow(
        job_id=job.id, bundle_id=job.bundle_id, receipt_no=receipt_no or "-", document=job.document,
        status=job.status, printer=job.printer, reprint=job.reprint_of is not None, attempts=job.attempts,
        reason=(job.last_error_detail if behind else job.last_error) if waiting else None,
        detail=job.last_error_detail if waiting and not behind else None,
        created_at=_utc(job.created_at) or job.created_at, printed_at=_utc(job.printed_at),
        role=job.role, behind=behind,
    )


def print_job_page(db: Database, page: int = 0, page_size: int = PAGE_SIZE) -> PrintJobPage:
    """Page `page` of the print jobs (clamped to the last page): the waiting ones first, oldest first
    (the order they print in), then the others, newest first."""
    waiting_first = case((col(PrintJob.status) == "pending", 0), else_=1)
    waiting_oldest_first = case((col(PrintJob.status) == "pending", col(PrintJob.created_at)), else_=None)
    with db.session() as session:
        total = session.exec(select(func.count()).select_from(PrintJob)).one()
        waiting = session.exec(
            select(func.count()).select_from(PrintJob).where(col(PrintJob.status) == "pending")
        ).one()
        page_count = max(1, -(-total // page_size))
        page = min(max(0, page), page_count - 1)
        found = session.exec(
            select(PrintJob, Bundle.receipt_no)
            .outerjoin(Bundle, col(Bundle.id) == col(PrintJob.bundle_id))
            .order_by(waiting_first, waiting_oldest_first, col(PrintJob.created_at).desc(), col(PrintJob.id))
            .offset(page * page_size)
            .limit(page_size)
        ).all()
    rows = tuple(_row(job, receipt_no) for job, receipt_no in found)
    return PrintJobPage(rows=rows, page=page, page_count=page_count, total=total, waiting=waiting)


def job_receipts(db: Database, job_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Receipt number and document code of each job, for messages about them."""
    wanted = list(job_ids)
    if not wanted:
        return {}
    with db.session() as session:
        found = session.exec(
            select(PrintJob.id, PrintJob.document, Bundle.receipt_no)
            .outerjoin(Bundle, col(Bundle.id) == col(PrintJob.bundle_id))
            .where(col(PrintJob.id).in_(wanted))
        ).all()
    return {job_id: (receipt_no or "-", document) for job_id, document, receipt_no in found}


@dataclass(frozen=True)
class StuckJobs:
    """Waiting print jobs that cannot print now (no printer serves them, or their printer failed)
    and the reason most of them wait for, as a code."""

    count: int
    reason: str | None = None

    def message(self, key: str) -> str:
        """`인쇄 대기 3건 — 프린터가 설정되지 않았습니다 (F6)`; empty when nothing is stuck."""
        if not self.count:
            return ""
        if self.reason == "no-printer":
            return _("Print jobs waiting: {count} — no printer is set up ({key})").format(count=self.count, key=key)
        return _("Print jobs waiting: {count} — {reason} ({key})").format(
            count=self.count, reason=reason_label(self.reason), key=key)


def stuck_jobs(db: Database, settings: Settings) -> StuckJobs:
    """Count the waiting jobs that cannot print now, for the home screen (one grouped query)."""
    from printers.errors import BEHIND_FAILED_JOB

    reason = case((col(PrintJob.last_error) == BEHIND_FAILED_JOB, col(PrintJob.last_error_detail)),
                  else_=col(PrintJob.last_error))
    with db.session() as session:
        groups = session.exec(
            select(PrintJob.role, PrintJob.printer, reason, func.count())
            .where(col(PrintJob.status) == "pending")
            .group_by(col(PrintJob.role), col(PrintJob.printer), reason)
        ).all()
    counts: dict[str, int] = {}
    for role, name, code, count in groups:
        if serving_printer(settings, role, name) is None:
            code = "no-printer"
        if code:
            counts[code] = counts.get(code, 0) + count
    if not counts:
        return StuckJobs(0)
    main = "no-printer" if "no-printer" in counts else max(counts, key=lambda found: counts[found])
    return StuckJobs(sum(counts.values()), main)


@dataclass(frozen=True)
class PrinterStatus:
    """A configured printer and what it answered just now (`ready`, or the reason it cannot print)."""

    name: str
    kind: str
    address: str
    role: str
    ready: bool
    reason: str | None = None
    detail: str = ""

    @property
    def message(self) -> str:
        """What the clerk should do (empty when ready)."""
        from printers.errors import reason_message

        return reason_message(self.reason) if not self.ready else ""


def check_printer(printer: PrinterSettings, directory: Path | None = None) -> PrinterStatus:
    """Ask one printer whether it can print now (blocks up to its timeout: call from a worker)."""
    from printers.errors import PrintError
    from printers.transports import make_transport

    base = {"name": printer.name, "kind": printer.kind, "address": printer.address, "role": printer.role}
    try:
        with make_transport(printer, directory or locations.print_out_dir()) as transport:
            transport.check()
    except PrintError as error:
        return PrinterStatus(**base, ready=False, reason=error.reason, detail=error.detail)
    except CounterError as error:
        return PrinterStatus(**base, ready=False, reason="device-error", detail=error.message)
    return PrinterStatus(**base, ready=True)


@dataclass(frozen=True)
class PrintNowSummary:
    """What one spool pass started by the clerk did."""

    printed: int
    waiting: int  # jobs still pending after the pass

    def message(self) -> str:
        """One line for the clerk."""
        if not self.printed and not self.waiting:
            return _("No print job was waiting.")
        return _("Printed {printed}; still waiting {waiting}.").format(printed=self.printed, waiting=self.waiting)


def print_waiting_jobs_now(db: Database, settings: Settings, actor: Actor) -> PrintNowSummary:
    """One spool pass at once (after the clerk loaded paper or closed the cover), audited under
    `actor`: every waiting job is due now, whatever wait its failed tries had earned. Safe beside the
    background spool: a job is claimed by one worker only."""
    from counter.printing.spool import Spooler, make_waiting_jobs_due, run_spool

    make_waiting_jobs_due(db, utcnow())
    outcomes = run_spool(db, settings, once=True, spooler=Spooler(db, settings, actor=actor))
    printed = sum(1 for outcome in outcomes if outcome.status == "done")
    with db.session() as session:
        waiting = session.exec(
            select(func.count()).select_from(PrintJob).where(col(PrintJob.status) == "pending")
        ).one()
    return PrintNowSummary(printed=printed, waiting=waiting)
