"""A real agency endpoint on 127.0.0.1 for the dispatcher's tests: an HTTP server in a thread that keeps
every request it receives by idempotency key, and can be told to misbehave for chosen keys: answer
503, answer too late (the client times out), answer 2xx with no JSON, reject with 400, or answer 409
to a key it has seen. It keeps each key once and answers a repeat the same reference (or 409). It speaks
HTTP/1.0 (a connection per request) unless told to keep connections open, optionally over TLS."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = Callable[[str, int], str]
"""(key, how many times this key came before) -> what to do: ok, slow, garbage, reject, 409 (to a repeat),
or any other status code as digits (503, 429, 401...)."""


@dataclass
class Agency:
    """What the agency saw and did."""

    behaviour: Behaviour = lambda key, seen: "ok"
    delay: float = 0.0
    """Seconds every answer takes."""
    slow: float = 2.0
    """Seconds a `slow` answer takes (longer than the client's timeout)."""
    hits: Counter[str] = field(default_factory=Counter)
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Documents kept, by key (each key kept once)."""
    duplicates: int = 0
    headers_mismatch: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    keep_alive: bool = False
    """HTTP/1.1: connections stay open between requests."""
    answers_per_connection: int | None = None
    """With `keep_alive`: a connection gets this many answers; a request after them finds it closed
    unanswered (as when an agency's idle timeout ends just as the request arrives)."""
    connections: int = 0

    def answer(self, key: str, document: dict[str, Any]) -> tuple[int, bytes]:
        with self.lock:
            seen = self.hits[key]
            self.hits[key] += 1
        action = self.behaviour(key, seen)
        if self.delay:
            time.sleep(self.delay)
        if action == "slow":  # kept, but answered after the client stopped waiting
            with self.lock:
                self.accepted.setdefault(key, document)
            time.sleep(self.slow)
            return 201, json.dumps({"reference": f"AG-{key[:8]}"}).encode()
        if action.isdigit() and action != "409":  # any other status, e.g. 429 or 401
            return int(action), b'{"error": "later"}'
        if action == "reject":
            return 400, json.dumps({"reason": "대상자 아님 (not eligible)"}).encode()
        if action == "garbage":
            return 200, b"<html>OK</html>"
        with self.lock:
            if key in self.accepted:
                self.duplicates += 1
                if action == "409":
                    return 409, b'{"error": "already received"}'
            else:
                self.accepted[key] = document
        return 201, json.dumps({"reference": f"AG-{key[:8]}"}).encode()


def _handler(agency: Agency) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if agency.keep_alive else "HTTP/1.0"
        disable_nagle_algorithm = True  # the answer goes in two writes: no wait for the first one's ack

        def setup(self) -> None:
            super().setup()
            self.answered = 0
            with agency.lock:
                agency.connections += 1

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            document = json.loads(self.rfile.read(length))
            if agency.answers_per_connection is not None and self.answered >= agency.answers_per_connection:
                self.close_connection = True
                return
            self.answered += 1
            key = self.headers.get("Idempotency-Key", "")
            if key != document.get("idempotency_key"):
                agency.headers_mismatch += 1
            status, body = agency.answer(key, document)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout it asked for)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_agency(agency: Agency, tls: ssl.SSLContext | None = None) -> Iterator[Agency]:
    """Serve `agency` on 127.0.0.1 (a free port; https with `tls`) until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(agency))
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    agency.url = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/requests"
    try:
        yield agency
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
