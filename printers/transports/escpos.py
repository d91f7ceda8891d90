"""ESC/POS printers over TCP (port 9100), USB, a serial line or a device file, via python-escpos.

Network, USB and serial links are two-way: before and after each job the printer is asked
`DLE EOT 1/2/4` and a printer that is offline, out of paper, has its cover open, or does not answer
within `timeout_seconds` (about 2 s, not python-escpos's 60) raises the matching PrintError.

Each answer is matched to its query: the job carries no real-time command (see `printers.escpos`),
anything the printer sent unasked is discarded before each query, exactly one byte is read per
query, and a byte without the fixed bits of a status answer means the device is not an ESC/POS
printer (an echo or web service at the address is never taken for a ready printer).
"""

from __future__ import annotations

import logging
import select
import socket
import threading
from typing import Any

from counter.base.i18n import _
from printers.errors import (
    BadPrinterAddress,
    MissingDriver,
    NotEscposPrinter,
    PrinterDeviceError,
    PrinterOffline,
    PrintError,
    PrinterTimeout,
    PrinterUnreachable,
)
from printers.escpos import (
    STATUS_OFFLINE_CAUSE,
    STATUS_PAPER,
    STATUS_PRINTER,
    is_status_byte,
    load_escpos,
    problem_in_status,
    quiet,
    status_query,
)
from printers.rendering import Rendering
from printers.transports.base import PrinterConfig, Transport

DEFAULT_PORT = 9100
log = logging.getLogger("counter.printers")


def parse_host_port(address: str) -> tuple[str, int]:
    """`host[:port]` -> (host, port); BadPrinterAddress if it cannot be read."""
    host, _sep, port_text = address.strip().partition(":")
    if not host or any(char.isspace() for char in host):
        raise BadPrinterAddress(address)
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise BadPrinterAddress(address)
    return host, int(port_text)


def resolve_ipv4(host: str, timeout: float) -> str:
    """The IPv4 address of `host`, giving up after `timeout` seconds (a slow DNS must not hang a clerk)."""
    result: dict[str, Any] = {}

    def lookup() -> None:
        try:
            result["info"] = socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)
        except OSError as exc:
            result["error"] = exc

    worker = threading.Thread(target=lookup, name="printer-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if result.get("info"):
        return str(result["info"][0][4][0])
    if "error" in result:
        raise PrinterUnreachable(_("{host} does not resolve").format(host=host))
    raise PrinterUnreachable(_("{host} did not resolve within {seconds} s").format(host=host, seconds=timeout))


class EscposTransport(Transport):
    """Common part: open lazily, ask for status, send the raster job."""

    two_way = True

    def __init__(self, config: PrinterConfig) -> None:
        super().__init__(config)
        self._printer: Any = None

    def _open(self) -> Any:
        """An opened python-escpos printer object."""
        raise NotImplementedError

    def _read_status_byte(self, printer: Any) -> bytes:
        return bytes(printer._read())

    def _discard_pending(self, printer: Any) -> None:
        """Drop whatever the printer sent unasked, so the next byte read answers the next query."""

    @property
    def printer(self) -> Any:
        """The opened python-escpos printer (opened on first use)."""
        if self._printer is None:
            self._printer = self._open()
        return self._printer

    def _failed(self, exc: BaseException, during: str) -> PrintError:
        self.close()
        if isinstance(exc, PrintError):
            return exc
        if isinstance(exc, (socket.timeout, TimeoutError)) or type(exc).__name__ in {"USBTimeoutError", "SerialTimeoutException"}:
            return PrinterTimeout(_("no answer during {step}").format(step=during))
        if isinstance(exc, (ConnectionRefusedError, socket.gaierror)):
            return PrinterUnreachable(str(exc))
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return PrinterOffline(_("connection lost during {step}").format(step=during))
        return PrinterDeviceError(f"{during}: {type(exc).__name__}: {exc}")

    def query(self, n: int) -> int:
        """The printer's answer to `DLE EOT n` (PrinterTimeout if it stays silent, NotEscposPrinter
        if the answer is not a status byte)."""
        try:
            self._discard_pending(self.printer)
            self.printer._raw(status_query(n))
            answer = self._read_status_byte(self.printer)
        except Exception as exc:
            raise self._failed(exc, f"DLE EOT {n}") from exc
        if not answer:
            self.close()
            raise PrinterTimeout(_("no answer to the status query DLE EOT {n}").format(n=n))
        if not is_status_byte(answer[0]):
            self.close()
            raise NotEscposPrinter(_("answer to DLE EOT {n}: {answer}").format(n=n, answer=answer[:8].hex(" ")))
        return answer[0]

    def check(self) -> None:
        # Ask all three first: an empty roll also sets the offline bit, and the clerk must be
        # told the cause (load paper, close the cover), not just "offline".
        answers = {n: self.query(n) for n in (STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER)}
        problems = [problem_in_status(n, answers[n]) for n in (STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER)]
        problem = next((found for found in problems if found is not None), None)
        if problem is not None:
            self.close()
            raise problem

    def send(self, rendering: Rendering, job_key: str) -> str:
        data = rendering.escpos
        try:
            with quiet():
                self.printer._raw(data)
        except Exception as exc:
            raise self._failed(exc, _("sending the job")) from exc
        return _("{size} bytes of ESC/POS to {name}").format(size=len(data), name=self.config.name)

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            try:
                with quiet():
                    printer.close()
            except Exception as exc:  # noqa: BLE001 - closing a broken link must not hide the real error
                log.debug("closing %s failed: %s", self.config.name, exc)


class NetworkTransport(EscposTransport):
    """A network receipt printer, `host[:port]` (port 9100 by default)."""

    def _open(self) -> Any:
        host, port = parse_host_port(self.config.address)
        timeout = self.config.timeout_seconds
        address = resolve_ipv4(host, timeout)
        printer = load_escpos().Network(host=address, port=port, timeout=timeout)
        try:
            with quiet():
                printer.open()
        except Exception as exc:
            cause = exc.__context__ or exc
            if isinstance(cause, (socket.timeout, TimeoutError)):
                raise PrinterTimeout(_("{host}:{port} did not accept a connection").format(host=host, port=port)) from exc
            raise PrinterUnreachable(f"{host}:{port}: {cause}") from exc
        return printer

    def _read_status_byte(self, printer: Any) -> bytes:
        answer = printer.device.recv(1)  # one byte per query: a second would belong to no query
        if not answer:
            raise ConnectionResetError("closed by the printer")
        return bytes(answer)

    def _discard_pending(self, printer: Any) -> None:
        sock = printer.device
        while select.select([sock], [], [], 0)[0]:
            if not sock.recv(4096):
                raise ConnectionResetError("closed by the printer")


class SerialTransport(EscposTransport):
    """A serial receipt printer: `/dev/ttyUSB0` or `/dev/ttyUSB0@19200` (baud rate, 9600 by default)."""

    def _open(self) -> Any:
        module = load_escpos()
        if not module.Serial.is_usable():
            raise MissingDriver(_("pyserial is not installed"))
        device, _sep, baud = self.config.address.partition("@")
        if not device or (baud and not baud.isdigit()):
            raise BadPrinterAddress(self.config.address)
        printer = module.Serial(devfile=device, baudrate=int(baud or 9600), timeout=self.config.timeout_seconds, dsrdtr=False)
        try:
            with quiet():
                printer.open()
        except Exception as exc:
            raise PrinterOffline(f"{device}: {exc.__context__ or exc}") from exc
        printer.device.write_timeout = self.config.timeout_seconds
        return printer

    def _read_status_byte(self, printer: Any) -> bytes:
        return bytes(printer.device.read(1))  # one byte, so a healthy answer does not wait for the timeout

    def _discard_pending(self, printer: Any) -> None:
        printer.device.reset_input_buffer()


class UsbTransport(EscposTransport):
    """A USB receipt printer, `vendor:product` in hex (e.g. `04b8:0202`)."""

    def _discard_pending(self, printer: Any) -> None:
        for _attempt in range(64):  # bounded: a chattering device must not hold the spool
            try:
                if not printer.device.read(printer.in_ep, 64, timeout=5):
                    return
            except Exception:  # noqa: BLE001 - pyusb's timeout error: nothing is pending
                return

    def _open(self) -> Any:
        module = load_escpos()
        if not module.Usb.is_usable():
            raise MissingDriver(_("pyusb is not installed"))
        vendor, _sep, product = self.config.address.partition(":")
        try:
            ids = int(vendor, 16), int(product, 16)
        except ValueError as exc:
            raise BadPrinterAddress(self.config.address) from exc
        printer = module.Usb(ids[0], ids[1], timeout=int(self.config.timeout_seconds * 1000))
        try:
            with quiet():
                printer.open()
        except Exception as exc:
            raise PrinterOffline(f"USB {self.config.address}: {exc}") from exc
        return printer


class DeviceFileTransport(EscposTransport):
    """A write-only device file (`/dev/usb/lp0`): no status can be asked."""

    two_way = False

    def _open(self) -> Any:
        if not self.config.address:
            raise BadPrinterAddress(self.config.address)
        printer = load_escpos().File(devfile=self.config.address)
        try:
            with quiet():
                printer.open()
        except Exception as exc:
            raise PrinterOffline(f"{self.config.address}: {exc.__context__ or exc}") from exc
        return printer

    def check(self) -> None:
        """One-way: nothing to ask."""

    def send(self, rendering: Rendering, job_key: str) -> str:
        note = super().send(rendering, job_key)
        try:
            self.printer.flush()
        except Exception as exc:
            raise self._failed(exc, _("sending the job")) from exc
        return note
