"""Loopback TCP services for printer-status tests: a printer that obeys real-time commands inside
image data (as Epson TM printers do), an echo service and an HTTP server at a printer's address."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

READY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x60}
CUT = b"\x1dV"


class LoopbackService:
    """A TCP server on 127.0.0.1 (ephemeral port); `serve(conn)` handles each connection in a thread."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                try:
                    self.serve(conn, chunk)
                except OSError:
                    return

    def serve(self, conn: socket.socket, chunk: bytes) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)


class RealtimePrinter(LoopbackService):
    """Answers every `DLE EOT n` (n = 1..4) wherever it appears in the stream, image data included,
    reading at a printer's pace (4 KB then a pause), so answers to in-image patterns trickle in while
    the client asks its own questions. Ready until the job's cut arrives; then `after_cut`."""

    def __init__(self, after_cut: dict[int, int] | None = None, pause: float = 0.004) -> None:
        self.after_cut = after_cut or dict(PAPER_OUT)
        self.pause = pause
        self.received = bytearray()
        self.answered: list[tuple[int, int]] = []  # (n, status) in the order sent
        self.cut_seen = False
        super().__init__()

    def serve(self, conn: socket.socket, chunk: bytes) -> None:
        start = max(0, len(self.received) - 2)
        self.received += chunk
        data = bytes(self.received)
        for index in range(start, len(data) - 2):
            if data[index] == 0x10 and data[index + 1] == 0x04 and data[index + 2] in READY:
                n = data[index + 2]
                status = (self.after_cut if self.cut_seen else READY)[n]
                self.answered.append((n, status))
                conn.sendall(bytes([status]))
            if data.startswith(CUT, index):
                self.cut_seen = True
        time.sleep(self.pause)


class EchoService(LoopbackService):
    """Sends back every byte it receives (RFC 862)."""

    def serve(self, conn: socket.socket, chunk: bytes) -> None:
        conn.sendall(chunk)


class HttpService(LoopbackService):
    """Answers whatever arrives with an HTTP 400, as a web server on the wrong port would."""

    def serve(self, conn: socket.socket, chunk: bytes) -> None:
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture(name="services")
def loopback_services() -> Iterator[Callable[[LoopbackService], LoopbackService]]:
    """Register services to close after the test: `services(EchoService())`."""
    started: list[LoopbackService] = []

    def keep(service: LoopbackService) -> LoopbackService:
        started.append(service)
        return service

    yield keep
    for service in started:
        service.close()
