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
import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import httpx

from counter.base.config import AgencySettings
from counter.rules.text import redact_untrusted

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")
Result = Literal["acknowledged", "dispatched", "rejected", "retry", "unsendable"]
EXCERPT = 500
REFERENCE_MAX = 128
RETRIED_4XX = frozenset({408, 425, 429})
"""Answers that say "later": a timeout, too early, too many requests."""
CONFIGURATION_4XX = frozenset({401, 403, 404, 405, 407, 421})
"""Answers that say the endpoint or the credentials are wrong, not the request: retried until the tries run
out (then failed, for a person to fix the settings and queue it again), never a rejection."""
REPLY_MAX = 1024 * 1024
"""Bytes of an agency's reply that are read (an acknowledgement is a few hundred)."""
HEADERS = {"User-Agent": "counter-dispatch/1", "Content-Type": "application/json", "Accept": "application/json"}


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


def _body(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return None


def _text(content: bytes, charset: str | None) -> str:
    try:
        return content.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return content.decode("utf-8", errors="replace")


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _equals, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _cause_name(error: BaseException) -> str:
    """The name of what went wrong underneath a transport error (e.g. `SSLCertVerificationError` for an agency
    whose certificate the configured authority does not vouch for), else the error's own."""
    seen = error
    while (underneath := seen.__cause__ or seen.__context__) is not None and underneath is not seen:
        seen = underneath
    return type(seen).__name__ if isinstance(seen, ssl.SSLError) else type(error).__name__


@dataclass(frozen=True)
class Reply:
    """An agency's answer to one POST."""

    status: int
    reason_phrase: str
    content: bytes
    charset: str | None


class HttpChannel(Channel):
    """POST one JSON document per request through httpx (at most `concurrency` requests in flight, their
    connections kept open between requests; the proxy settings of the environment honoured); 2xx
    acknowledged, 409 already received, other 4xx rejected, 5xx and transport failures retried. TLS verified
    (optionally with a client certificate). No redirect is followed; a reply is read up to `REPLY_MAX` bytes."""

    def __init__(self, entry: AgencySettings) -> None:
        self.url, self.https = entry.url, urlsplit(entry.url).scheme == "https"
        verify: ssl.SSLContext | bool = False  # plain http (loopback only, AgencySettings): no TLS to set up
        if self.https:
            verify = ssl.create_default_context(cafile=str(entry.ca_file) if entry.ca_file else None)
            if entry.client_cert:
                verify.load_cert_chain(str(entry.client_cert), str(entry.client_key) if entry.client_key else None)
        self.client = httpx.Client(timeout=entry.timeout_seconds, verify=verify, follow_redirects=False, headers=HEADERS,
                                   limits=httpx.Limits(max_connections=entry.concurrency,
                                                       max_keepalive_connections=entry.concurrency))
        self.context = verify if isinstance(verify, ssl.SSLContext) else None
        """The TLS settings every connection uses (None for plain http to this machine)."""
        self.concurrency = entry.concurrency
        self._pool = ThreadPoolExecutor(max_workers=entry.concurrency, thread_name_prefix="dispatch-http")

    def send(self, batch: Sequence[Outgoing]) -> list[Exchange]:
        return self.map(self._one, batch)

    def map(self, function: Callable[[ItemT], ResultT], items: Sequence[ItemT]) -> list[ResultT]:
        """`function` over `items` on the channel's `concurrency` threads, each taking the next item as soon as
        it is done with one (so that many requests are in flight); the results in the items' order."""
        if len(items) < 2:
            return [function(item) for item in items]
        results: list[Any] = [None] * len(items)
        numbers, taking = iter(range(len(items))), threading.Lock()

        def work() -> None:
            while True:
                with taking:
                    number = next(numbers, None)
                if number is None:
                    return
                results[number] = function(items[number])

        for worker in [self._pool.submit(work) for _ in range(min(self.concurrency, len(items)))]:
            worker.result()
        return results

    def post(self, document: dict[str, Any], key: str) -> Reply:
        """POST `document` with its idempotency key; httpx.HTTPError (or OSError) when no answer came."""
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        try:
            return self._exchange(body, key)
        except httpx.RemoteProtocolError:  # a kept-open connection the agency closed meanwhile: once more on a
            return self._exchange(body, key)  # new one, as safe as any repeat under the same key

    def _exchange(self, body: bytes, key: str) -> Reply:
        with self.client.stream("POST", self.url, content=body, headers={"Idempotency-Key": key}) as response:
            content = bytearray()
            for chunk in response.iter_bytes():
                content += chunk
                if len(content) >= REPLY_MAX:
                    break
            return Reply(response.status_code, response.reason_phrase, bytes(content[:REPLY_MAX]),
                         response.charset_encoding)

    def _one(self, item: Outgoing) -> Exchange:
        try:
            reply = self.post(item.document, item.key)
        except (httpx.TimeoutException, TimeoutError):
            return Exchange(item.request_id, "retry", "timeout")
        except (httpx.HTTPError, OSError) as error:
            return Exchange(item.request_id, "retry", f"connection: {_cause_name(error)}")
        excerpt = redact_untrusted(_text(reply.content, reply.charset), max_length=EXCERPT)
        body = _body(reply.content)
        fields = body if isinstance(body, dict) else {}
        status = reply.status
        if 200 <= status < 300 or status == 409:
            reference = _reference(fields.get("reference"))
            if reference is None and status != 409:  # nothing says the agency kept it: send it again
                return Exchange(item.request_id, "retry", f"HTTP {status}: reply without a reference",
                                response=excerpt)
            return Exchange(item.request_id, "acknowledged", f"HTTP {status}", reference, excerpt)
        if status in RETRIED_4XX or status in CONFIGURATION_4XX:  # not the request's fault: try again later
            return Exchange(item.request_id, "retry", f"HTTP {status}", response=excerpt)
        if 400 <= status < 500:
            reason = fields.get("reason") if isinstance(fields.get("reason"), str) else reply.reason_phrase
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
