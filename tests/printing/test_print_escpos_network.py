"""ESC/POS over TCP against a loopback printer: what arrives reads back; every failure is typed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import pytest
from printing_helpers import (
    COVER_OPEN_STATUS,
    DLE_EOT,
    GS_V0,
    OFFLINE_STATUS,
    PAPER_OUT_STATUS,
    FakeEscposPrinter,
    PrinterEntry,
    decode_raster,
    read_codes,
)

from counter.printing.signing import PayloadSigner, TrustedKey, verify_payload
from printers.builders import build_receipt
from printers.data import PersonLine
from printers.errors import (
    BadPrinterAddress,
    CoverOpen,
    PaperOut,
    PrinterOffline,
    PrinterTimeout,
    PrinterUnreachable,
)
from printers.escpos import escpos_bytes, paper_near_end, problem_in_status
from printers.fonts import FontSet
from printers.rendering import Rendering
from printers.samples import SAMPLE_FILED_AT, sample_receipt
from printers.transports import make_transport

RECEIPT_NO = sample_receipt().receipt_no


def receipt_rendering(fonts: FontSet, signer: PayloadSigner, **changes: object) -> Rendering:
    data = replace(sample_receipt("birth"), **changes)  # type: ignore[arg-type]
    url = signer.sign(data.receipt_no, data.office_code, "receipt-birth", SAMPLE_FILED_AT)
    return Rendering(build_receipt(data, url, SAMPLE_FILED_AT), fonts)


def send(printer: FakeEscposPrinter | str, rendering: Rendering, timeout: float = 2.0) -> str:
    address = printer if isinstance(printer, str) else printer.address
    with make_transport(PrinterEntry("카운터", "escpos-network", address, timeout_seconds=timeout)) as transport:
        return transport.print(rendering, "job-1")


def wait_for(printer: FakeEscposPrinter, size: int) -> bytes:
    deadline = time.monotonic() + 5
    while len(printer.received) < size and time.monotonic() < deadline:
        time.sleep(0.02)
    return bytes(printer.received)


def commands_outside_raster(stream: bytes) -> list[bytes]:
    """The stream with every GS v 0 payload and status query removed, split into known commands."""
    out, index = [], 0
    while index < len(stream):
        if stream.startswith(GS_V0, index):
            width, height = stream[index + 4] + 256 * stream[index + 5], stream[index + 6] + 256 * stream[index + 7]
            out.append(b"GS v 0")
            index += 8 + width * height
        elif stream.startswith(DLE_EOT, index):
            index += 3
        else:
            for command in (b"\x1b@", b"\x1bd\x04", b"\x1dVB\x00"):
                if stream.startswith(command, index):
                    out.append(command)
                    index += len(command)
                    break
            else:
                out.append(stream[index:])
                break
    return out


def test_receipt_arrives_and_reads_back_to_the_receipt_number_and_a_valid_qr(
    fake_printer: FakeEscposPrinter, fonts: FontSet, signer: PayloadSigner, office_trust: list[TrustedKey]
) -> None:
    rendering = receipt_rendering(fonts, signer)
    note = send(fake_printer, rendering)
    stream = wait_for(fake_printer, len(rendering.escpos))
    assert str(len(rendering.escpos)) in note
    page = decode_raster(stream)
    assert page.width == 576
    codes = read_codes(page)
    assert codes["CODE128"] == [RECEIPT_NO]
    proof = verify_payload(codes["QRCODE"][0], office_trust)
    assert proof.receipt_no == RECEIPT_NO and proof.office_code == "3220052"
    assert fake_printer.queries == [1, 2, 4, 1, 2, 4]  # asked before and after the job


def test_job_is_reset_raster_feed_and_cut_only(fake_printer: FakeEscposPrinter, fonts: FontSet, signer: PayloadSigner) -> None:
    rendering = receipt_rendering(fonts, signer)
    send(fake_printer, rendering)
    commands = commands_outside_raster(wait_for(fake_printer, len(rendering.escpos)))
    assert commands[0] == b"\x1b@" and commands[-2:] == [b"\x1bd\x04", b"\x1dVB\x00"]
    assert set(commands[1:-2]) == {b"GS v 0"}


def test_control_bytes_in_a_name_never_reach_the_printer_as_commands(
    fake_printer: FakeEscposPrinter, fonts: FontSet, signer: PayloadSigner
) -> None:
    hostile = PersonLine("child", "김\x1b@\x1dV\x00\x10\x04\x02하늘\x1b[2J", "260301-4******")
    rendering = receipt_rendering(fonts, signer, people=(hostile,))
    send(fake_printer, rendering)
    stream = wait_for(fake_printer, len(rendering.escpos))
    commands = commands_outside_raster(stream)
    assert set(commands[1:-2]) == {b"GS v 0"}  # the name went only into the picture
    assert "김<1B>@<1D>V<00><10><04><02>하늘<1B>[2J" in "".join(rendering.document.texts())


@pytest.mark.parametrize(
    ("status", "error"),
    [(PAPER_OUT_STATUS, PaperOut), (COVER_OPEN_STATUS, CoverOpen), (OFFLINE_STATUS, PrinterOffline)],
)
def test_a_printer_that_cannot_print_gets_no_job_and_says_why(
    make_printer: Callable[..., FakeEscposPrinter], fonts: FontSet, signer: PayloadSigner,
    status: dict[int, int], error: type[Exception],
) -> None:
    printer = make_printer(status=dict(status))
    with pytest.raises(error) as raised:
        send(printer, receipt_rendering(fonts, signer))
    time.sleep(0.1)
    assert GS_V0 not in printer.received
    assert raised.value.message.startswith(("프린터", "용지"))  # type: ignore[attr-defined]


def test_silent_printer_times_out_in_about_two_seconds(
    make_printer: Callable[..., FakeEscposPrinter], fonts: FontSet, signer: PayloadSigner
) -> None:
    printer = make_printer(answer=False)
    started = time.monotonic()
    with pytest.raises(PrinterTimeout):
        send(printer, receipt_rendering(fonts, signer))
    assert 1.5 < time.monotonic() - started < 4
    assert GS_V0 not in printer.received


def test_printer_that_accepts_and_never_reads_times_out(
    make_printer: Callable[..., FakeEscposPrinter], fonts: FontSet, signer: PayloadSigner
) -> None:
    printer = make_printer(read=False)
    started = time.monotonic()
    with pytest.raises(PrinterTimeout):
        send(printer, receipt_rendering(fonts, signer), timeout=1.0)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("printer.invalid", PrinterUnreachable),  # .invalid never resolves (RFC 2606)
        ("127.0.0.1:1", PrinterUnreachable),  # nothing listens: refused
        ("counter printer:9100", BadPrinterAddress),
        ("127.0.0.1:99999", BadPrinterAddress),
        ("127.0.0.1:abc", BadPrinterAddress),
    ],
)
def test_bad_or_unreachable_address_is_reported_quickly(
    address: str, error: type[Exception], fonts: FontSet, signer: PayloadSigner
) -> None:
    started = time.monotonic()
    with pytest.raises(error):
        send(address, receipt_rendering(fonts, signer))
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(
    ("n", "status", "reason"),
    [
        (1, 0x12, None), (1, 0x1A, "offline"),
        (2, 0x12, None), (2, 0x16, "cover-open"), (2, 0x32, "paper-out"),
        (4, 0x12, None), (4, 0x1E, None), (4, 0x72, "paper-out"),
    ],
)
def test_status_bits_follow_the_escpos_manual(n: int, status: int, reason: str | None) -> None:
    problem = problem_in_status(n, status)
    assert (problem.reason if problem else None) == reason


def test_paper_near_end_is_a_warning_not_an_error() -> None:
    assert paper_near_end(0x1E) and not paper_near_end(0x12)
    assert problem_in_status(4, 0x1E) is None


def test_escpos_job_is_one_raster_the_width_of_the_paper(fonts: FontSet, signer: PayloadSigner) -> None:
    rendering = receipt_rendering(fonts, signer)
    data = escpos_bytes(rendering.raster)
    assert data.startswith(b"\x1b@\x1dv0\x00") and data[6] == 576 // 8
    assert decode_raster(data).size == rendering.raster.size
