"""Serial (through a real pseudo-terminal), device-file and directory transports."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from printing_helpers import (
    OK_STATUS,
    PAPER_OUT_STATUS,
    FakeEscposPrinter,
    PrinterEntry,
    decode_raster,
    read_codes,
)

from printers.builders import build_receipt
from printers.errors import BadPrinterAddress, PaperOut, PrinterOffline
from printers.fonts import FontSet
from printers.rendering import Rendering
from printers.samples import SAMPLE_FILED_AT, sample_receipt
from printers.transports import make_transport

RECEIPT_NO = sample_receipt().receipt_no


@pytest.fixture
def rendering(fonts: FontSet) -> Rendering:
    return Rendering(build_receipt(sample_receipt("death"), "https://counter.invalid/v/CN1.X", SAMPLE_FILED_AT), fonts)


class SerialPrinter:
    """The printer end of a pseudo-terminal: records bytes, answers DLE EOT like the TCP fake."""

    def __init__(self, status: dict[int, int]) -> None:
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        os.close(slave)
        self.parser = FakeEscposPrinter.__new__(FakeEscposPrinter)
        self.parser.status, self.parser.answer, self.parser.queries = status, True, []
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def sendall(self, data: bytes) -> None:
        os.write(self.master, data)

    def _serve(self) -> None:
        import select

        pending = b""
        while not self._stop.is_set():
            ready, _w, _x = select.select([self.master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                continue  # the slave side is closed between jobs
            self.received += chunk
            pending = self.parser._consume(pending + chunk, self)  # type: ignore[arg-type]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)


def test_serial_printer_gets_the_job_after_a_status_check(rendering: Rendering) -> None:
    pytest.importorskip("serial")
    printer = SerialPrinter(dict(OK_STATUS))
    try:
        with make_transport(PrinterEntry("직렬", "escpos-serial", f"{printer.path}@19200")) as transport:
            transport.print(rendering, "job")
        deadline = time.monotonic() + 5
        while len(printer.received) < len(rendering.escpos) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert printer.parser.queries[:3] == [1, 2, 4]
        assert read_codes(decode_raster(bytes(printer.received)))["CODE128"] == [RECEIPT_NO]
    finally:
        printer.close()


def test_serial_printer_out_of_paper_gets_nothing(rendering: Rendering) -> None:
    pytest.importorskip("serial")
    printer = SerialPrinter(dict(PAPER_OUT_STATUS))
    try:
        with make_transport(PrinterEntry("직렬", "escpos-serial", printer.path)) as transport, pytest.raises(PaperOut):
            transport.print(rendering, "job")
        time.sleep(0.2)
        assert b"\x1dv0" not in printer.received
    finally:
        printer.close()


def test_missing_serial_device_is_offline(rendering: Rendering, tmp_path: Path) -> None:
    pytest.importorskip("serial")
    with make_transport(PrinterEntry("직렬", "escpos-serial", str(tmp_path / "ttyUSB9"))) as transport, pytest.raises(PrinterOffline):
        transport.print(rendering, "job")


def test_device_file_receives_exactly_the_escpos_job(rendering: Rendering, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    with make_transport(PrinterEntry("lp0", "escpos-file", str(device))) as transport:
        assert not transport.two_way
        transport.print(rendering, "job")
    assert device.read_bytes() == rendering.escpos


def test_device_file_in_a_missing_directory_is_offline(rendering: Rendering, tmp_path: Path) -> None:
    with make_transport(PrinterEntry("lp0", "escpos-file", str(tmp_path / "no" / "lp0"))) as transport, pytest.raises(PrinterOffline):
        transport.print(rendering, "job")


def test_directory_keeps_png_pdf_escpos_and_text_and_a_retry_replaces_them(rendering: Rendering, tmp_path: Path) -> None:
    out = tmp_path / "printed"
    entry = PrinterEntry("보관함", "directory", str(out))
    for _attempt in range(2):
        with make_transport(entry) as transport:
            transport.print(rendering, "0123456789abcdef")
    files = sorted(path.name for path in out.iterdir())
    stem = f"{RECEIPT_NO}_receipt-death_01234567"
    assert files == [f"{stem}.escpos", f"{stem}.pdf", f"{stem}.png", f"{stem}.txt"]
    assert (out / f"{stem}.escpos").read_bytes() == rendering.escpos
    assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert "사망신고 접수증" in (out / f"{stem}.txt").read_text(encoding="utf-8")


def test_directory_that_cannot_be_written_is_offline(rendering: Rendering, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with make_transport(PrinterEntry("보관함", "directory", str(blocker / "sub"))) as transport, pytest.raises(PrinterOffline):
        transport.print(rendering, "job")


@pytest.mark.parametrize(("kind", "address"), [("escpos-usb", "zz:01"), ("escpos-usb", "04b8"), ("laser", "x")])
def test_unusable_usb_address_or_kind_is_refused(kind: str, address: str, rendering: Rendering) -> None:
    from printers.errors import MissingDriver

    with pytest.raises((BadPrinterAddress, MissingDriver)), make_transport(PrinterEntry("usb", kind, address)) as transport:
        transport.print(rendering, "job")
