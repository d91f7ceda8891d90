"""How a request reaches its agency: over HTTP, as a line in a batch file, or on the local worklist.

Every channel answers each request with an `Exchange`: acknowledged (with the agency's reference),
dispatched (written for the agency to collect), rejected (the agency refused it; its reason), or
retry (nothing is known to have arrived: a timeout, a 5xx, a refused connection, a reply that cannot
be read). Sending again is always safe: every document carries its request's idempotency key, the
HTTP header `Idempotency-Key` repeats it, and an agency that has seen it answers 409 or the same 2xx.
"""

from __future__ import annotations

import contextlib
import json
import os
import ssl
import tempfile
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from counter.base.config import AgencySettings
from counter.rules.text import redact_untrusted

Result = Literal["acknowledged", "dispatched", "rejected", "retry", "unsendable"]
EXCERPT = 500
REFERENCE_MAX = 128
RETRIED_4XX = frozenset({408, 425, 429})
"""Answers that say "later": a timeout, too early, too many requests."""
CONFIGURATION_4XX = frozenset({401, 403, 404, 405, 407, 421})
"""Answers that say the endpoint or the credentials are wrong, not the request: retried until the tries run
out (then failed, for a person to fix the settings and queue it again), never a rejection."""


@dataclass(frozen=True)
class Outgoing:
    """One request ready to send: its id, its idempotency key and the document (`payload.py`)."""

    request_id: uuid.UUID
    key: str
    document: dict[str, Any]


@dataclass(frozen=True)
class Exchange:
    """What came of sending one request."""

    request_id: uuid.UUID
    result: Result
    reason: str = ""
    """Why it was rejected or must be tried again (no personal data)."""
    reference: str | None = None
    response: str | None = None
    """What the agency answered, redacted and cut (for the person who looks at a failed request)."""


class Channel:
    """Sends requests to one agency (or every agency of a `*` entry)."""

    def send(self, batch: Sequence[Outgoing]) -> list[Exchange]:
        """Send each request of `batch`; one Exchange per request, in order."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections and files."""


def _reference(value: Any) -> str | None:
    if isinstance(value, (str, int)) and str(value).strip():
        return redact_untrusted(str(value).strip(), max_length=REFERENCE_MAX)
    return None


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return None


class HttpChannel(Channel):
    """POST one JSON document per request; 2xx acknowledged, 409 already received, other 4xx rejected,
    5xx and transport failures retried. TLS verified (optionally with a client certificate)."""

    def __init__(self, entry: AgencySettings) -> None:
        self.url = entry.url
        verify: ssl.SSLContext | bool = False  # plain http (loopback only, AgencySettings): no TLS to set up
        if urlsplit(entry.url).scheme == "https":
            verify = ssl.create_default_context(cafile=str(entry.ca_file) if entry.ca_file else None)
            if entry.client_cert:
                verify.load_cert_chain(str(entry.client_cert), str(entry.client_key) if entry.client_key else None)
        self.client = httpx.Client(timeout=entry.timeout_seconds, verify=verify, follow_redirects=False,
                                   headers={"User-Agent": "counter-dispatch/1"},
                                   limits=httpx.Limits(max_connections=entry.concurrency))
        self._pool = ThreadPoolExecutor(max_workers=entry.concurrency, thread_name_prefix="dispatch-http")

    def send(self, batch: Sequence[Outgoing]) -> list[Exchange]:
        if len(batch) < 2:
            return [self._one(item) for item in batch]
        return list(self._pool.map(self._one, batch))  # in flight together; answers in the batch's order

    def _one(self, item: Outgoing) -> Exchange:
        try:
            response = self.client.post(self.url, json=item.document, headers={"Idempotency-Key": item.key})
        except httpx.TimeoutException:
            return Exchange(item.request_id, "retry", "timeout")
        except httpx.HTTPError as error:
            return Exchange(item.request_id, "retry", f"connection: {type(error).__name__}")
        excerpt = redact_untrusted(response.text, max_length=EXCERPT)
        body = _body(response)
        fields = body if isinstance(body, dict) else {}
        status = response.status_code
        if 200 <= status < 300 or status == 409:
            reference = _reference(fields.get("reference"))
            if reference is None and status != 409:  # nothing says the agency kept it: send it again
                return Exchange(item.request_id, "retry", f"HTTP {status}: reply without a reference",
                                response=excerpt)
            return Exchange(item.request_id, "acknowledged", f"HTTP {status}", reference, excerpt)
        if status in RETRIED_4XX or status in CONFIGURATION_4XX:  # not the request's fault: try again later
            return Exchange(item.request_id, "retry", f"HTTP {status}", response=excerpt)
        if 400 <= status < 500:
            reason = fields.get("reason") if isinstance(fields.get("reason"), str) else response.reason_phrase
            return Exchange(item.request_id, "rejected", redact_untrusted(f"HTTP {status}: {reason}", max_length=EXCERPT),
                            response=excerpt)
        return Exchange(item.request_id, "retry", f"HTTP {status}", response=excerpt)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.client.close()


class DirChannel(Channel):
    """Write a batch as one JSON Lines file (temp file + rename, so the agency never reads half a
    file); each line is one document with its key. The request is then dispatched."""

    def __init__(self, entry: AgencySettings, *, agency: str, now: datetime) -> None:
        assert entry.directory is not None  # AgencySettings checks it
        self.directory, self.agency, self.now = entry.directory, agency, now

    def send(self, batch: Sequence[Outgoing]) -> list[Exchange]:
        if not batch:
            return []
        safe_agency = "".join(char if char.isalnum() or char in "-_" else "_" for char in self.agency)
        name = f"{safe_agency}-{self.now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.jsonl"
        temporary: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".part")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                for item in batch:
                    handle.write(json.dumps(item.document, ensure_ascii=False, sort_keys=True) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.directory / name)
            temporary = None
            _fsync_directory(self.directory)  # the rename itself survives a power cut before the commit
        except OSError as error:
            if temporary is not None:  # never leave half a batch (with registration numbers) behind
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            reason = f"file: {error.strerror or type(error).__name__}"
            return [Exchange(item.request_id, "retry", reason) for item in batch]
        return [Exchange(item.request_id, "dispatched", f"file {name}", response=name) for item in batch]


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class LocalChannel(Channel):
    """The request stays in this database, acknowledged onto the local department's worklist."""

    def send(self, batch: Sequence[Outgoing]) -> list[Exchange]:
        return [Exchange(item.request_id, "acknowledged", "local worklist") for item in batch]


def open_channel(entry: AgencySettings, *, agency: str, now: datetime) -> Channel:
    """The channel an agency entry describes."""
    if entry.channel == "http":
        return HttpChannel(entry)
    if entry.channel == "dir":
        return DirChannel(entry, agency=agency, now=now)
    return LocalChannel()


def batch_path(directory: Path) -> list[Path]:
    """The batch files in `directory`, oldest name first (for an operator or a test)."""
    return sorted(path for path in directory.glob("*.jsonl") if path.is_file())
