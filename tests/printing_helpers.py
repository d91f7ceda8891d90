"""Real parts for printing tests: a loopback ESC/POS printer, a `GS v 0` decoder, zbar reading.

Shared by tests/printing and tests/ui (this directory is on the test path): import the helpers,
and import `loopback_printers` into a conftest or test module to get the `make_printer` fixture.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pytest
from PIL import Image

if TYPE_CHECKING:
    from counter.store.db import Database

OK_STATUS = {1: 0x12, 2: 0x12, 4: 0x12}  # fixed bits 1 and 4 set, nothing wrong
PAPER_OUT_STATUS = {1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x60}
COVER_OPEN_STATUS = {1: 0x12 | 0x08, 2: 0x12 | 0x04, 4: 0x12}
OFFLINE_STATUS = {1: 0x12 | 0x08, 2: 0x12, 4: 0x12}
RECEIPT_NO = "3220052-T1-260316-0001-X"
GS_V0 = b"\x1dv0"
DLE_EOT = b"\x10\x04"


@dataclass
class FakeEscposPrinter:
    """A TCP ESC/POS printer on 127.0.0.1 (ephemeral port) that records every byte and answers
    `DLE EOT n` from `status`. `answer=False` reads but never answers (silence); with `hang_up`
    it then closes each connection, still silent, once that event is set (a test decides when the
    silence ends instead of racing a timeout); `read=False` accepts connections and never reads a byte."""

    status: dict[int, int] = field(default_factory=lambda: dict(OK_STATUS))
    answer: bool = True
    read: bool = True
    hang_up: threading.Event | None = None
    received: bytearray = field(default_factory=bytearray)
    queries: list[int] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            if not self.read:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                self._held.append(conn)  # keep it open, never read
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        pending = b""
        conn.settimeout(0.2)
        with conn:
            while not self._stop.is_set():
                if self.hang_up is not None and self.hang_up.is_set():
                    return
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                with self._lock:
                    self.received += chunk
                pending = self._consume(pending + chunk, conn)

    def _consume(self, data: bytes, conn: socket.socket) -> bytes:
        """Answer status queries in `data`, skipping raster payloads; returns the unparsed tail."""
        index = 0
        while index < len(data):
            if data.startswith(GS_V0, index):
                if len(data) - index < 8:
                    return data[index:]
                width = data[index + 4] + 256 * data[index + 5]
                height = data[index + 6] + 256 * data[index + 7]
                end = index + 8 + width * height
                if end > len(data):
                    return data[index:]
                index = end
            elif data.startswith(DLE_EOT, index):
                if len(data) - index < 3:
                    return data[index:]
                n = data[index + 2]
                self.queries.append(n)
                if self.answer:
                    conn.sendall(bytes([self.status.get(n, 0x12)]))
                index += 3
            else:
                index += 1
        return b""

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        for conn in self._held:
            conn.close()
        self._thread.join(timeout=2)


@pytest.fixture(name="make_printer")
def loopback_printers() -> Iterator[Callable[..., FakeEscposPrinter]]:
    """The `make_printer` fixture: start loopback ESC/POS printers (closed after the test)."""
    started: list[FakeEscposPrinter] = []

    def start(**options: object) -> FakeEscposPrinter:
        printer = FakeEscposPrinter(**options)  # type: ignore[arg-type]
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.close()


def raster_blocks(data: bytes) -> list[Image.Image]:
    """Every `GS v 0` image in an ESC/POS byte stream, decoded (black = printed dot)."""
    images = []
    index = data.find(GS_V0)
    while index >= 0:
        width_bytes = data[index + 4] + 256 * data[index + 5]
        height = data[index + 6] + 256 * data[index + 7]
        payload = data[index + 8 : index + 8 + width_bytes * height]
        assert len(payload) == width_bytes * height, "truncated raster"
        # In ESC/POS a set bit prints black; in PIL mode "1" a set bit is white.
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in payload))
        images.append(image)
        index = data.find(GS_V0, index + 8 + len(payload))
    return images


def decode_raster(data: bytes) -> Image.Image:
    """The whole page: every raster block of the stream stacked top to bottom."""
    blocks = raster_blocks(data)
    assert blocks, "no GS v 0 raster in the stream"
    page = Image.new("1", (blocks[0].width, sum(b.height for b in blocks)), 1)
    top = 0
    for block in blocks:
        page.paste(block, (0, top))
        top += block.height
    return page


def read_codes(image: Image.Image) -> dict[str, list[str]]:
    """Barcodes and QR codes zbar reads in `image`, by symbology (`CODE128`, `QRCODE`)."""
    from pyzbar.pyzbar import decode

    grey = image.convert("L")
    framed = Image.new("L", (grey.width + 80, grey.height + 80), 255)
    framed.paste(grey, (40, 40))
    found: dict[str, list[str]] = {}
    for symbol in decode(framed):
        found.setdefault(symbol.type, []).append(symbol.data.decode("utf-8"))
    return found


@dataclass(frozen=True)
class PrinterEntry:
    """A printer entry for transports (same fields as counter.base.config.PrinterSettings)."""

    name: str
    kind: str
    address: str
    width_dots: int = 576
    dpi: int = 203
    timeout_seconds: float = 2.0
    role: str = "both"


def file_bundle(db: Database, *, child_name: str = "김하늘", receipt_no: str = RECEIPT_NO) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """What the filing service writes: a birth bundle, its people, requests and two pending jobs."""
    from sqlmodel import select

    from counter.texts.renderers import REQUEST_REASONS
    from models import (
        Bilingual,
        BirthReport,
        Bundle,
        Clerk,
        LinkedRequest,
        Office,
        Person,
        PrintJob,
        RequestPayload,
    )

    with db.write() as session:
        office = session.exec(select(Office).where(Office.code == "3220052")).first()
        if office is None:
            office = Office(code="3220052", name="역삼1동 주민센터", phone="02-3423-5392")
            session.add(office)
            session.flush()
        clerk = session.exec(select(Clerk).where(Clerk.username == "jang")).first()
        if clerk is None:
            clerk = Clerk(office_id=office.id, username="jang", display_name="장수민", password_hash="x")
            session.add(clerk)
            session.flush()
        bundle = Bundle(kind="birth", receipt_no=receipt_no, idempotency_key=uuid.uuid4(), office_id=office.id,
                        device="T1", clerk_id=clerk.id, catalogue_set="national")
        session.add(bundle)
        session.flush()
        child = Person(bundle_id=bundle.id, role="child", name=child_name, rrn_masked="260301-4******")
        mother = Person(bundle_id=bundle.id, role="mother", name="이서연", rrn_masked="930512-2******")
        session.add_all([child, mother])
        session.flush()
        session.add(BirthReport(bundle_id=bundle.id, child_id=child.id, reporter_id=mother.id, birth_date=date(2026, 3, 1),
                                child_key="k", deadline=date(2026, 4, 1), reporter_qualification="mother"))
        session.add(LinkedRequest(bundle_id=bundle.id, service_code="parent_allowance", agency_code="nps",
                                  agency_name="국민연금공단", amount_won=1_000_000, delivery_channel="sms",
                                  reason=REQUEST_REASONS.make("eligible", label={"ko": "만 0세", "en": "Age 0"},
                                                              won=1_000_000, period="month"),
                                  payload=RequestPayload(service_name=Bilingual(ko="부모급여", en="Parent allowance"),
                                                         amount_period="month")))
        receipt = PrintJob(bundle_id=bundle.id, document="receipt", role="receipt")
        notice = PrintJob(bundle_id=bundle.id, document="notice", role="notice")
        session.add_all([receipt, notice])
        session.flush()
        return bundle.id, receipt.id, notice.id
