"""Printer status that can be trusted: an answer is matched to the query that asked for it, and a
device that does not answer like an ESC/POS printer is never taken for one (loopback services)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from listeners import (  # noqa: F401 - loopback_services is the services fixture
    PAPER_OUT,
    READY,
    EchoService,
    HttpService,
    LoopbackService,
    RealtimePrinter,
    loopback_services,
)
from printing_helpers import PrinterEntry, decode_raster, file_bundle, read_codes
from sqlalchemy import update
from sqlmodel import col

from counter.base.config import PrinterSettings, Settings
from counter.printing.print_queue import check_printer
from counter.printing.print_service import document_for_job, rendering_for
from counter.printing.spool import Spooler, run_spool
from counter.store.db import Database
from models import Bundle, BundleDetails, PrintJob, StoredText
from printers.errors import NotEscposPrinter
from printers.escpos import escpos_bytes, is_status_byte, realtime_requests
from printers.fonts import BUNDLED_REGULAR, FontSet
from printers.transports import make_transport

PRINTED_AT = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
IN_IMAGE_STATUS_REQUEST = re.compile(rb"\x10\x04[\x01-\x04]")
# Drawn with the bundled font, this line holds two `10 04 n` sequences in its dots.
WHEN_RESULTS_ARRIVE = "조회 결과는 항목별로 7~20일 뒤에 도착합니다."


def settings_for(database_url: str, tmp_path: Path, printer: PrinterSettings) -> Settings:
    return Settings(database_url=database_url, device="T1", keys_dir=tmp_path / "keys", font_path=BUNDLED_REGULAR,
                    printers=[printer], spool_interval_seconds=0.05)


def file_notice_with_status_requests_in_its_image(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """A filed bundle (receipt and notice jobs, due when the spooler's clock says `PRINTED_AT`) whose
    notice page holds DLE EOT patterns."""
    bundle_id, receipt_id, notice_id = file_bundle(db)
    # a line stored as text before codes (printed as it is): its raster holds the patterns
    details = BundleDetails(notice_expectations=(StoredText(code="results_within", legacy=WHEN_RESULTS_ARRIVE),) * 4)
    with db.write() as session:
        session.execute(update(Bundle).where(col(Bundle.id) == bundle_id).values(details=details))
        session.execute(update(PrintJob).where(col(PrintJob.bundle_id) == bundle_id).values(next_attempt_at=PRINTED_AT))
    return receipt_id, notice_id


def network(address: str, role: str = "notice") -> PrinterSettings:
    return PrinterSettings(name="창구1", kind="escpos-network", address=address, role=role)  # type: ignore[arg-type]


def stored(db: Database, job_id: uuid.UUID) -> PrintJob:
    with db.session() as session:
        found = session.get(PrintJob, job_id)
        assert found is not None
        return found


def packed_raster(spooler: Spooler, db: Database, job_id: uuid.UUID, printer: PrinterSettings) -> bytes:
    """The notice's page as the printer's dots (1 = black), before anything is cleared."""
    with db.session() as session:
        document = document_for_job(session, stored(db, job_id), signer=spooler.signer(), issued_at=PRINTED_AT)
    raster = rendering_for(document, printer, spooler.fonts()).raster
    return bytes(byte ^ 0xFF for byte in raster.tobytes())


@pytest.mark.parametrize("run", range(8))
def test_paper_out_after_the_cut_keeps_the_notice_waiting_although_its_image_holds_status_requests(
    run: int, db: Database, database_url: str, services: Callable[[LoopbackService], LoopbackService], tmp_path: Path
) -> None:
    printer = services(RealtimePrinter(after_cut=dict(PAPER_OUT)))
    assert isinstance(printer, RealtimePrinter)
    entry = network(printer.address)
    settings = settings_for(database_url, tmp_path, entry)
    _receipt_id, notice_id = file_notice_with_status_requests_in_its_image(db)
    spooler = Spooler(db, settings, clock=lambda: PRINTED_AT)
    # The page itself holds DLE EOT patterns that a TM printer would answer "ready" mid-image.
    assert len(IN_IMAGE_STATUS_REQUEST.findall(packed_raster(spooler, db, notice_id, entry))) >= 6
    outcomes = run_spool(db, settings, once=True, spooler=spooler)
    notice = stored(db, notice_id)
    assert (notice.status, notice.last_error) == ("pending", "paper-out"), outcomes
    assert notice.attempts == 1 and "DLE EOT" in (notice.last_error_detail or "")
    # Only our own six questions were asked: none hid in the image.
    assert printer.answered == [(n, READY[n]) for n in (1, 2, 4)] + [(n, PAPER_OUT[n]) for n in (1, 2, 4)]


def test_a_page_loses_only_the_dots_that_would_start_a_real_time_command_and_reads_the_same(
    db: Database, database_url: str, tmp_path: Path, fonts: FontSet
) -> None:
    entry = network("127.0.0.1:9")
    settings = settings_for(database_url, tmp_path, entry)
    receipt_id, notice_id = file_notice_with_status_requests_in_its_image(db)
    spooler = Spooler(db, settings, clock=lambda: PRINTED_AT)
    for job_id in (notice_id, receipt_id):
        with db.session() as session:
            document = document_for_job(session, stored(db, job_id), signer=spooler.signer(), issued_at=PRINTED_AT)
        raster = rendering_for(document, entry, fonts).raster
        before = bytes(byte ^ 0xFF for byte in raster.tobytes())
        job = escpos_bytes(raster)
        assert realtime_requests(job) == 0
        page = decode_raster(job)
        changed = sum(a != b for a, b in zip(raster.tobytes(), page.tobytes(), strict=True))
        assert changed <= realtime_requests(before)  # one dot per cleared sequence at most
        if job_id == notice_id:
            assert len(IN_IMAGE_STATUS_REQUEST.findall(before)) >= 6 and changed > 0
        assert read_codes(page) == read_codes(raster)


@pytest.mark.parametrize("value", range(256))
def test_a_status_answer_has_the_fixed_bits_of_the_escpos_manual(value: int) -> None:
    assert is_status_byte(value) == (value & 0b1001_0011 == 0b0001_0010)


@pytest.mark.parametrize("service", [EchoService, HttpService], ids=["echo", "http"])
def test_a_service_that_is_not_a_printer_is_never_shown_ready(
    service: type[LoopbackService], services: Callable[[LoopbackService], LoopbackService]
) -> None:
    running = services(service())
    status = check_printer(network(running.address), Path("."))
    assert not status.ready and status.reason == "not-escpos"
    assert "ESC/POS" in status.message and "주소" in status.message


@pytest.mark.parametrize("service", [EchoService, HttpService], ids=["echo", "http"])
def test_a_job_sent_to_a_service_that_is_not_a_printer_waits_and_says_so(
    service: type[LoopbackService], db: Database, database_url: str,
    services: Callable[[LoopbackService], LoopbackService], tmp_path: Path
) -> None:
    running = services(service())
    settings = settings_for(database_url, tmp_path, network(running.address, role="both"))
    _bundle, receipt_id, notice_id = file_bundle(db)
    outcomes = run_spool(db, settings, once=True)
    assert [(o.job_id, o.status, o.reason) for o in outcomes] == [(receipt_id, "pending", "not-escpos")]
    assert stored(db, receipt_id).last_error == "not-escpos"
    assert stored(db, notice_id).status == "pending"


def test_the_transport_refuses_an_http_answer_to_a_status_query(services: Callable[[LoopbackService], LoopbackService]) -> None:
    running = services(HttpService())
    with make_transport(PrinterEntry("웹", "escpos-network", running.address)) as transport, \
            pytest.raises(NotEscposPrinter) as raised:
        transport.check()
    assert raised.value.detail.endswith(": 48")  # the "H" of "HTTP", not read as "cover open"
