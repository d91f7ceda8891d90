"""The spool against a real database and a loopback printer: nothing lost, nothing printed twice."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from printing_helpers import (
    PAPER_OUT_STATUS,
    RECEIPT_NO,
    FakeEscposPrinter,
    decode_raster,
    file_bundle,
    read_codes,
)
from sqlmodel import col, select

from counter.base.config import PrinterSettings, Settings
from counter.printing.print_service import document_for_job, enqueue_reprint, preview_text
from counter.printing.signing import verify_payload
from counter.printing.spool import MAX_RETRY_DELAY, Spooler, run_spool
from counter.printing.trusted_keys import verification_keys
from counter.store.audit import Actor
from counter.store.db import Database
from counter.work.queue import DEFAULT_LEASE, claim_due, finish
from models import AuditEvent, PrintJob, utcnow
from printers.document import Banner
from printers.fonts import BUNDLED_REGULAR


def make_settings(database_url: str, tmp_path: Path, *printers: PrinterSettings) -> Settings:
    return Settings(database_url=database_url, device="T1", keys_dir=tmp_path / "keys", font_path=BUNDLED_REGULAR,
                    printers=list(printers), spool_interval_seconds=0.05)


def thermal(printer: FakeEscposPrinter, role: str = "both") -> PrinterSettings:
    return PrinterSettings(name="창구1", kind="escpos-network", address=printer.address, role=role)  # type: ignore[arg-type]


def job(db: Database, job_id: uuid.UUID) -> PrintJob:
    with db.session() as session:
        found = session.get(PrintJob, job_id)
        assert found is not None
        return found


def audit_actions(db: Database) -> list[str]:
    with db.session() as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.at), col(AuditEvent.seq))).all()]


def wait_for_bytes(printer: FakeEscposPrinter, at_least: int) -> bytes:
    deadline = time.monotonic() + 5
    while len(printer.received) < at_least and time.monotonic() < deadline:
        time.sleep(0.02)
    return bytes(printer.received)


def test_filed_receipt_prints_once_reads_back_and_is_recorded_done(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, thermal(fake_printer))
    _bundle, receipt_id, notice_id = file_bundle(db)
    outcomes = run_spool(db, settings, once=True)
    assert {(o.job_id, o.status) for o in outcomes} == {(receipt_id, "done"), (notice_id, "done")}
    done = job(db, receipt_id)
    assert done.status == "done" and done.printed_at is not None and done.printer == "창구1" and done.claimed_by is None
    assert audit_actions(db).count("print.done") == 2
    page = decode_raster(wait_for_bytes(fake_printer, 60_000))
    codes = read_codes(page)
    assert RECEIPT_NO in codes["CODE128"]
    keys = verification_keys(settings.keys_directory(), db)
    assert {verify_payload(p, keys).document for p in codes["QRCODE"]} <= {"RECEIPT-BIRTH", "NOTICE-BIRTH"}
    received = len(fake_printer.received)
    assert run_spool(db, settings, once=True) == []  # nothing printed twice
    time.sleep(0.2)
    assert len(fake_printer.received) == received


def test_paper_out_keeps_the_job_until_the_printer_recovers(
    db: Database, database_url: str, make_printer: Callable[..., FakeEscposPrinter], tmp_path: Path
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    settings = make_settings(database_url, tmp_path, thermal(printer))
    _bundle, receipt_id, notice_id = file_bundle(db)
    first = run_spool(db, settings, once=True)
    assert [(o.job_id, o.reason) for o in first] == [(receipt_id, "paper-out")]  # the notice waits its turn
    due_again = job(db, receipt_id).next_attempt_at
    run_spool(db, settings, once=True, spooler=Spooler(db, settings, clock=lambda: due_again))
    waiting = job(db, receipt_id)
    assert waiting.status == "pending" and waiting.attempts == 2 and waiting.last_error == "paper-out"
    assert "DLE EOT" in (waiting.last_error_detail or "") and waiting.claimed_by is None
    assert audit_actions(db).count("print.failed") == 1  # audited when the reason changes, not per retry
    printer.status = {1: 0x12, 2: 0x12, 4: 0x12}  # a new roll is loaded
    a_minute_on = utcnow() + MAX_RETRY_DELAY  # the longest a failed job waits
    outcomes = run_spool(db, settings, once=True, spooler=Spooler(db, settings, clock=lambda: a_minute_on))
    assert {o.status for o in outcomes} == {"done"} and len(outcomes) == 2
    assert job(db, receipt_id).last_error is None and job(db, notice_id).status == "done"


def test_unreachable_printer_leaves_every_job_waiting_with_the_reason(db: Database, database_url: str, tmp_path: Path) -> None:
    gone = PrinterSettings(name="창구1", kind="escpos-network", address="127.0.0.1:1")
    settings = make_settings(database_url, tmp_path, gone)
    _bundle, receipt_id, notice_id = file_bundle(db)
    outcomes = run_spool(db, settings, once=True)
    assert [o.reason for o in outcomes] == ["unreachable"]
    assert job(db, notice_id).status == "pending" and job(db, receipt_id).attempts == 1


def test_a_crashed_workers_claim_expires_after_the_lease_and_another_spooler_prints_its_jobs(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, thermal(fake_printer))
    _bundle, receipt_id, notice_id = file_bundle(db)
    now = utcnow()
    claimed = claim_due(db, PrintJob, statuses=["pending"], worker="crashed-worker", now=now, limit=20)
    assert set(claimed) == {receipt_id, notice_id}
    assert claim_due(db, PrintJob, statuses=["pending"], worker="another", now=now + timedelta(seconds=5), limit=20) == []
    assert run_spool(db, settings, once=True) == []
    later = Spooler(db, settings, clock=lambda: now + DEFAULT_LEASE + timedelta(seconds=1))
    outcomes = run_spool(db, settings, once=True, spooler=later)
    assert {o.status for o in outcomes} == {"done"} and len(outcomes) == 2
    assert fake_printer.connections == 2
    with db.write() as session:  # the crashed worker, back, changes nothing of what it no longer holds
        assert not finish(session, PrintJob, receipt_id, "crashed-worker", status="pending")
    assert job(db, receipt_id).status == "done" and job(db, receipt_id).attempts == 1


def test_a_job_recorded_done_is_never_claimed_again(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, thermal(fake_printer))
    file_bundle(db)
    run_spool(db, settings, once=True)
    far_future = utcnow() + timedelta(days=365)
    assert claim_due(db, PrintJob, statuses=["pending"], worker="late-worker", now=far_future, limit=20) == []


def test_reprint_is_a_new_audited_job_printed_as_reprint(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "printed"
    folder = PrinterSettings(name="보관함", kind="directory", address=str(out))
    settings = make_settings(database_url, tmp_path, folder)
    bundle_id, receipt_id, _notice_id = file_bundle(db)
    run_spool(db, settings, once=True)
    actor = Actor(None, "jang", "3220052", "T1")
    reprint = enqueue_reprint(db, bundle_id, "receipt", actor)
    assert reprint.reprint_of == receipt_id and reprint.status == "pending"
    assert audit_actions(db)[-1] == "print.reprint"
    with db.session() as session:
        document = document_for_job(session, job(db, reprint.id))
    assert document.blocks[0] == Banner("재발행")
    outcomes = run_spool(db, settings, once=True)
    assert [(o.job_id, o.status) for o in outcomes] == [(reprint.id, "done")]
    texts = sorted(out.glob("*.txt"))
    assert len(texts) == 3 and sum("재발행" in t.read_text(encoding="utf-8") for t in texts) == 1
    assert len(list(out.glob("*.png"))) == len(list(out.glob("*.pdf"))) == len(list(out.glob("*.escpos"))) == 3


def test_each_document_goes_to_the_printer_of_its_role(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    out = tmp_path / "a4"
    settings = make_settings(
        database_url, tmp_path, thermal(fake_printer, role="receipt"),
        PrinterSettings(name="A4", kind="directory", address=str(out), role="notice"),
    )
    _bundle, receipt_id, notice_id = file_bundle(db)
    run_spool(db, settings, once=True)
    assert job(db, receipt_id).printer == "창구1" and job(db, notice_id).printer == "A4"
    assert [p.name for p in out.glob("*.pdf")] and "notice-birth" in next(out.glob("*.pdf")).name


def test_without_a_printer_for_its_role_the_job_waits_and_says_so(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, thermal(fake_printer, role="receipt"))
    _bundle, receipt_id, notice_id = file_bundle(db)
    run_spool(db, settings, once=True)
    assert job(db, receipt_id).status == "done"
    waiting = job(db, notice_id)
    assert waiting.status == "pending" and waiting.last_error == "no-printer"


def test_a_name_the_font_cannot_draw_waits_instead_of_printing_boxes(
    db: Database, database_url: str, fake_printer: FakeEscposPrinter, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, thermal(fake_printer))
    _bundle, receipt_id, _notice_id = file_bundle(db, child_name="김😀")
    outcomes = run_spool(db, settings, once=True)
    assert {o.reason for o in outcomes} == {"missing-glyphs"}
    assert "U+1F600" in (job(db, receipt_id).last_error_detail or "")
    assert b"\x1dv0" not in fake_printer.received


def test_terminal_preview_shows_the_receipt_before_printing(db: Database) -> None:
    bundle_id, _receipt_id, _notice_id = file_bundle(db)
    preview = preview_text(db, bundle_id, "receipt", datetime(2026, 3, 16, 1, 42).astimezone())
    assert "출생신고 접수증" in preview and RECEIPT_NO in preview and "부모급여" in preview
    assert "260301-4******" in preview and "[QR 코드]" in preview


def test_stop_event_ends_the_service_loop(db: Database, database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path)
    stop = threading.Event()
    thread = threading.Thread(target=run_spool, args=(db, settings), kwargs={"stop": stop})
    thread.start()
    time.sleep(0.2)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.parametrize("document", ["label", ""])
def test_reprint_of_an_unknown_document_is_refused(db: Database, document: str) -> None:
    from counter.base.errors import ValidationError

    bundle_id, _r, _n = file_bundle(db)
    with pytest.raises(ValidationError):
        enqueue_reprint(db, bundle_id, document, None)
