"""ESC/POS bytes and printer status, through python-escpos with its side effects contained.

Real-time commands (`DLE EOT`, `DLE ENQ`, `DLE DC4`) are obeyed by Epson TM and compatible printers
the moment their bytes arrive, even inside `GS v 0` image data: a raster containing `10 04 n` makes
the printer send a status byte nobody asked for (read as the answer to our own query later), and
`10 05 02` clears its buffer mid-job. `escpos_bytes` therefore clears the one dot that would start
such a sequence (`without_realtime_requests`), so the only answers on the line are to our queries.

python-escpos makes a temporary directory per import unless `ESCPOS_CAPABILITIES_PICKLE_DIR` is
set, calls `logging.basicConfig()` on import, and prints to stdout from some calls; `load_escpos`
and `quiet` contain all three. Text is never sent in text mode: the document goes as one
`GS v 0` raster image, so no byte of a name can ever reach the printer as a command.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from PIL import Image

from printers.errors import CoverOpen, PaperOut, PrinterOffline, PrintError

DLE = 0x10
REALTIME_SECOND_BYTES = frozenset({0x04, 0x05, 0x14})  # DLE EOT, DLE ENQ, DLE DC4
GS_V0 = b"\x1dv0"
# Every DLE EOT 1-4 answer has bit 1 and bit 4 set and bit 0 and bit 7 clear (ESC/POS manual).
STATUS_FIXED_MASK, STATUS_FIXED_BITS = 0x93, 0x12

INIT = b"\x1b@"  # ESC @: reset the printer's modes before the job
DLE_EOT = b"\x10\x04"
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER = 1, 2, 4
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT = 0x04  # n=2
PAPER_END_STOP_BIT = 0x20  # n=2: printing stopped because the paper ran out
PAPER_NEAR_END_BITS = 0x0C  # n=4
PAPER_END_BITS = 0x60  # n=4
FEED_LINES = 4


def escpos_cache_dir() -> Path:
    """Where python-escpos keeps its capabilities pickle (the user cache directory)."""
    from counter.base import locations

    return locations.cache_dir() / "escpos"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Swallow what python-escpos prints to stdout (it would corrupt the terminal UI)."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def load_escpos() -> ModuleType:
    """Import `escpos.printer` with its pickle directory set and without touching root logging."""
    if not os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
        cache = escpos_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)  # makes the library's logging.basicConfig() a no-op
    try:
        with quiet():
            import escpos.printer as printer_module
    finally:
        root.removeHandler(guard)
    module: ModuleType = printer_module
    return module


def escpos_bytes(image: Image.Image, *, cut: bool = True) -> bytes:
    """The ESC/POS job for a 1-bit page: reset, the page as `GS v 0` raster, feed and cut."""
    printer = load_escpos().Dummy()
    with quiet():
        printer._raw(INIT)
        printer.image(image, impl="bitImageRaster", high_density_horizontal=True, high_density_vertical=True)
        printer._raw(b"\x1bd" + bytes([FEED_LINES]))  # ESC d n: feed n lines past the cutter
        if cut:
            printer.cut(feed=False)
    return without_realtime_requests(bytes(printer.output))


def realtime_requests(data: bytes) -> int:
    """How many real-time command starts (`DLE EOT`, `DLE ENQ`, `DLE DC4`) `data` contains."""
    return sum(1 for index in range(len(data) - 1) if data[index] == DLE and data[index + 1] in REALTIME_SECOND_BYTES)


def _clear_realtime_starts(payload: bytearray) -> None:
    """Clear each image byte `0x10` (one black dot) that a real-time command byte follows; 0x00 can
    neither start nor complete another sequence, so one pass is enough."""
    index = payload.find(DLE)
    while 0 <= index < len(payload) - 1:
        if payload[index + 1] in REALTIME_SECOND_BYTES:
            payload[index] = 0
        index = payload.find(DLE, index + 1)


def without_realtime_requests(job: bytes) -> bytes:
    """`job` with every `GS v 0` image cleared of real-time command sequences (a dot or so per
    page; bars and QR modules are at least two dots wide, so codes read the same)."""
    out = bytearray(job)
    index = out.find(GS_V0)
    while index >= 0:
        width = out[index + 4] + 256 * out[index + 5]
        height = out[index + 6] + 256 * out[index + 7]
        start, end = index + 8, index + 8 + width * height
        payload = out[start:end]
        _clear_realtime_starts(payload)
        out[start:end] = payload
        index = out.find(GS_V0, end)
    if realtime_requests(bytes(out)):  # only command headers remain, and none of them can start one
        raise PrintError("a real-time command remains in the ESC/POS job", reason="document-error")
    return bytes(out)


def is_status_byte(value: int) -> bool:
    """True when `value` can be a `DLE EOT 1-4` answer (its fixed bits are right)."""
    return value & STATUS_FIXED_MASK == STATUS_FIXED_BITS


def status_query(n: int) -> bytes:
    """`DLE EOT n`, the real-time status request."""
    return DLE_EOT + bytes([n])


def problem_in_status(n: int, status: int) -> PrintError | None:
    """The problem a `DLE EOT n` answer reports, or None when it reports none."""
    if n == STATUS_PRINTER and status & OFFLINE_BIT:
        return PrinterOffline(f"DLE EOT 1 = 0x{status:02X}")
    if n == STATUS_OFFLINE_CAUSE:
        if status & COVER_OPEN_BIT:
            return CoverOpen(f"DLE EOT 2 = 0x{status:02X}")
        if status & PAPER_END_STOP_BIT:
            return PaperOut(f"DLE EOT 2 = 0x{status:02X}")
    if n == STATUS_PAPER and status & PAPER_END_BITS:
        return PaperOut(f"DLE EOT 4 = 0x{status:02X}")
    return None


def paper_near_end(status_paper: int) -> bool:
    """True when the `DLE EOT 4` answer says the roll is nearly finished."""
    return bool(status_paper & PAPER_NEAR_END_BITS)
