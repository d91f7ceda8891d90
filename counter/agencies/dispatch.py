"""The dispatcher: claims due requests in batches, sends each through its agency's channel, and records
what came of it, each batch in one transaction.

- Which channel: the agency's own `[[agencies]]` entry; else, for a local department's request, the
  local worklist; else the `*` entry; else none (the request waits, counted as `unrouted`).
- A claim is a lease (`counter.work.queue`): a dispatcher that dies mid-batch leaves its requests to be
  claimed again once the lease runs out, and sends them again under the same idempotency key, which
  the agency recognises. Two dispatchers never claim the same request at the same time.
- Sending happens outside any transaction; the answers are recorded afterwards, only for requests the
  dispatcher still holds (`ClaimLost` otherwise: another dispatcher took over and will record them).
- A run (`run_once`) sends what was due when it started; a request that must be retried is due later
  and waits for the next run.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import load_only
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from counter.agencies.channels import Channel, Exchange, LocalChannel, Outgoing, open_channel
from counter.agencies.lifecycle import Move, RequestStatus, held_rows, transition_held
from counter.agencies.payload import people_by_bundle, request_document
from counter.base.config import BATCH_SECONDS_MAX, AgencySettings
from counter.base.errors import CounterError
from counter.office.runtime import Runtime
from counter.store.audit import Actor
from counter.work.queue import DEFAULT_LEASE, RetryPolicy, claim_due_in, due_filter, renew, retry_later
from counter.work.service import keep_running
from models import Bundle, LinkedRequest, Office, utcnow

log = logging.getLogger("counter.agencies.dispatch")
CLAIM = 200
"""Requests claimed at once (then sent in each agency's `batch_size`)."""
LOCAL = AgencySettings(code="local", channel="local", batch_size=CLAIM)
"""A local department's requests: nothing is sent, so a claim's are recorded together."""
SENT_COLUMNS = ("id", "bundle_id", "service_code", "agency_code", "local_department", "delivery_channel",
                "amount_won", "status", "idempotency_key", "due_date", "attempts")
"""What sending and recording read of a request (not its JSON columns, which the agency is not sent)."""
Clock = Callable[[], datetime]


@dataclass
class DispatchReport:
    """What one run did, by outcome."""

    acknowledged: int = 0
    dispatched: int = 0
    rejected: int = 0
    retry: int = 0
    failed: int = 0
    lost: int = 0
    """Answers not recorded because another dispatcher had taken the request over."""
    unrouted: int = 0
    """Due requests no channel is configured for (they wait)."""
    by_agency: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        """Requests an agency now has (acknowledged or dispatched)."""
        return self.acknowledged + self.dispatched

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {"acknowledged": self.acknowledged, "dispatched": self.dispatched, "rejected": self.rejected,
                "retry": self.retry, "failed": self.failed, "lost": self.lost, "unrouted": self.unrouted,
                "by_agency": dict(sorted(self.by_agency.items()))}


def route(settings_entry: AgencySettings | None, star: AgencySettings | None, local_department: bool
          ) -> AgencySettings | None:
    """The channel entry for a request: its agency's own, else the local worklist for a local
    department, else the `*` entry."""
    if settings_entry is not None:
        return settings_entry
    return LOCAL if local_department else star


@dataclass(frozen=True)
class _Batch:
    """Requests to send together through one channel."""

    entry: AgencySettings
    channel: Channel
    outgoing: list[Outgoing]
    requests: dict[uuid.UUID, LinkedRequest]


@dataclass(frozen=True)
class _Answered:
    """A batch's answers, to be recorded."""

    entry: AgencySettings
    requests: dict[uuid.UUID, LinkedRequest]
    exchanges: Sequence[Exchange]


def _send(batch: _Batch, outgoing: list[Outgoing]) -> _Answered:
    return _Answered(batch.entry, batch.requests, batch.channel.send(outgoing))


def _chunks(items: Sequence[Outgoing], size: int) -> Iterator[list[Outgoing]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Dispatcher:
    """Sends due requests for one process; many may run at once against one database."""

    def __init__(self, runtime: Runtime, *, worker: str | None = None, clock: Clock = utcnow,
                 lease: timedelta = DEFAULT_LEASE, rng: random.Random | None = None,
                 base_delay: timedelta = timedelta(seconds=5)) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.worker = worker or f"dispatch-{uuid.uuid4().hex[:12]}"
        self.actor = Actor(None, "dispatch", None, self.settings.device or runtime.device)
        self.clock, self.lease, self.rng, self.base_delay = clock, lease, rng, base_delay
        self._explicit = {entry.code: entry for entry in self.settings.agencies if entry.code != "*"}
        self._star = next((entry for entry in self.settings.agencies if entry.code == "*"), None)
        self._channels: dict[str, Channel] = {}

    def _routable(self) -> list[ColumnElement[bool]]:
        """The SQL condition for requests some channel serves."""
        if self._star is not None:
            return []
        return [or_(col(LinkedRequest.agency_code).in_(list(self._explicit)), col(LinkedRequest.local_department))]

    def unrouted(self, now: datetime) -> int:
        """Due requests no channel serves."""
        if self._star is not None:
            return 0
        with self.runtime.db.session() as session:
            query = select(func.count()).select_from(LinkedRequest).where(
                due_filter(LinkedRequest, ["queued"], now, self.lease),
                col(LinkedRequest.agency_code).not_in(list(self._explicit)), ~col(LinkedRequest.local_department))
            return int(session.exec(query).one())

    def run_once(self, *, progress: Callable[[DispatchReport], None] | None = None,
                 stop: threading.Event | None = None) -> DispatchReport:
        """Send every request due when the run starts (bounded: each is tried at most once per run). One batch
        is in flight (on a thread of its own) while the answers before it are recorded, and the next claim
        made (in the same transaction) and read; a local department's requests, which leave nothing to wait
        for, are recorded with them."""
        report = DispatchReport()
        started = self.clock()
        sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dispatch-send")
        in_flight: Future[_Answered] | None = None
        ready: list[_Answered] = []  # answered, to be recorded in the next transaction
        try:
            while stop is None or not stop.is_set():
                claimed_at = self.clock()
                claimed = self._record(ready, report, progress, claim=(started, claimed_at))
                if not claimed:
                    break
                batches = list(self._prepare(claimed, ready))
                sent = [number for number, batch in enumerate(batches) if not isinstance(batch.channel, LocalChannel)]
                for number, batch in enumerate(batches):
                    if number not in sent:
                        ready.append(_Answered(batch.entry, batch.requests, batch.channel.send(batch.outgoing)))
                        continue
                    if in_flight is not None:  # one batch out at a time
                        ready.append(in_flight.result())
                        in_flight = None
                    outgoing = self._still_held(batch.outgoing, claimed_at, report)
                    if outgoing:
                        in_flight = sender.submit(_send, batch, outgoing)
                    if number != sent[-1]:  # else with the next claim
                        self._record(ready, report, progress)  # while the batch is out
            if in_flight is not None:
                ready.append(in_flight.result())
            self._record(ready, report, progress)
        finally:
            sender.shutdown(wait=True)  # a batch still in flight after an error: its lease runs out, it goes again
            for channel in self._channels.values():
                channel.close()
            self._channels.clear()
        report.unrouted = self.unrouted(started)
        return report

    def _channel(self, key: str, entry: AgencySettings, agency: str) -> Channel:
        """One channel per entry (and agency, for a `*` entry) for the whole run: connections are reused."""
        if key not in self._channels:
            self._channels[key] = open_channel(entry, agency=agency, now=self.clock())
        return self._channels[key]

    def run_forever(self, stop: threading.Event, *, progress: Callable[[DispatchReport], None] | None = None
                    ) -> None:
        """Run every `dispatch_interval_seconds` until `stop` is set (`counter.work.service.keep_running`)."""
        keep_running(lambda: self.run_once(progress=progress, stop=stop), stop,
                     self.settings.dispatch_interval_seconds, log)

    def _prepare(self, claimed: list[uuid.UUID], ready: list[_Answered]) -> Iterator[_Batch]:
        """The claimed requests' documents, in batches of each channel's `batch_size` (requests that cannot
        be sent are answered in `ready`)."""
        groups: dict[str, tuple[AgencySettings, list[Outgoing]]] = {}
        requests: dict[uuid.UUID, LinkedRequest] = {}
        with self.runtime.db.session() as session:
            rows = session.exec(select(LinkedRequest).options(
                load_only(*[getattr(LinkedRequest, name) for name in SENT_COLUMNS]))
                                .where(col(LinkedRequest.id).in_(claimed))).all()
            bundles = {b.id: b for b in session.exec(select(Bundle).where(
                col(Bundle.id).in_({r.bundle_id for r in rows}))).all()}
            offices = {o.id: o for o in session.exec(select(Office)).all()}
            people = people_by_bundle(session, bundles)
        vault = self.runtime.vault
        shared: dict[uuid.UUID, dict[str, Any]] = {}  # each bundle's part of its requests' documents
        unsendable: list[Exchange] = []
        for request in rows:
            entry = route(self._explicit.get(request.agency_code), self._star, request.local_department)
            if entry is None:  # a settings change between the claim and now: leave it to expire
                continue
            requests[request.id] = request
            bundle = bundles[request.bundle_id]
            try:
                document = request_document(request, bundle, offices[bundle.office_id], people.get(bundle.id, []),
                                            vault, shared)
            except CounterError as error:  # a key not in the ring, a damaged row: this request only
                unsendable.append(Exchange(request.id, "unsendable", f"document: {type(error).__name__}"))
                continue
            # One HTTP channel (its connections) per entry; a directory's files are per agency.
            agency = request.agency_code if entry.code == "*" and entry.channel == "dir" else ""
            groups.setdefault(f"{entry.channel}:{entry.code}:{agency}", (entry, []))[1].append(
                Outgoing(request.id, str(request.idempotency_key), document))
        shared.clear()
        if unsendable:
            ready.append(_Answered(LOCAL, requests, unsendable))
        for key, (entry, outgoing) in groups.items():
            try:
                channel = self._channel(key, entry, requests[outgoing[0].request_id].agency_code)
            except (OSError, ValueError) as error:  # a certificate file missing or unreadable: try later
                ready.append(_Answered(entry, requests, [Exchange(item.request_id, "retry", f"channel: {type(error).__name__}")
                                                         for item in outgoing]))
                continue
            for chunk in _chunks(outgoing, entry.batch_size):
                yield _Batch(entry, channel, chunk, requests)

    def _still_held(self, outgoing: list[Outgoing], claimed_at: datetime, report: DispatchReport) -> list[Outgoing]:
        """The batch's requests this dispatcher holds for at least the longest a batch takes: the claim if it
        is that fresh, else the lease started again from now (requests another worker took are dropped)."""
        now = self.clock()
        if now - claimed_at <= self.lease - timedelta(seconds=BATCH_SECONDS_MAX):
            return outgoing
        held = renew(self.runtime.db, LinkedRequest, [item.request_id for item in outgoing], self.worker, now)
        report.lost += len(outgoing) - len(held)
        return [item for item in outgoing if item.request_id in held]

    def _record(self, ready: list[_Answered], report: DispatchReport,
                progress: Callable[[DispatchReport], None] | None, *,
                claim: tuple[datetime, datetime] | None = None) -> list[uuid.UUID]:
        """What came of the batches in `ready` (emptied), in one transaction: transitions in bulk, retries
        rescheduled; answers for requests another dispatcher took over meanwhile are dropped (`lost`). With
        `claim` (due by, lease from), the next claim is made in the same transaction: its ids."""
        if not ready and claim is None:
            return []
        claimed: list[uuid.UUID] = []
        now = self.clock()
        with self.runtime.db.write() as session:
            if ready:
                self._transitions(session, ready, report, now)
            if claim is not None:
                claimed = claim_due_in(session, LinkedRequest, statuses=["queued"], worker=self.worker, now=claim[1],
                                       due_by=claim[0], limit=CLAIM, lease=self.lease, where=self._routable())
        if ready:
            ready.clear()
            if progress is not None:
                progress(report)
        return claimed

    def _transitions(self, session: Session, ready: list[_Answered], report: DispatchReport, now: datetime) -> None:
        held = held_rows(session, [exchange.request_id for answered in ready for exchange in answered.exchanges],
                         self.worker, RequestStatus.QUEUED)
        moves: list[Move] = []
        for answered in ready:
            policy = RetryPolicy(max_attempts=answered.entry.max_attempts, base_delay=self.base_delay)
            for exchange in answered.exchanges:
                request = answered.requests[exchange.request_id]
                if request.id not in held:
                    report.lost += 1
                    continue
                outcome = self._outcome(session, request, exchange, policy, now, moves)
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome in ("acknowledged", "dispatched"):
                    report.by_agency[request.agency_code] = report.by_agency.get(request.agency_code, 0) + 1
        transition_held(session, moves, actor=self.actor)

    def _outcome(self, session: Session, request: LinkedRequest, exchange: Exchange, policy: RetryPolicy,
                 now: datetime, moves: list[Move]) -> str:
        sent: dict[str, Any] = {"sent_at": now, "agency_response": exchange.response, "last_error": None}
        if exchange.result == "acknowledged":
            moves.append((request, RequestStatus.ACKNOWLEDGED, exchange.reason,
                          {**sent, "agency_reference": exchange.reference}, {}))
        elif exchange.result == "dispatched":
            moves.append((request, RequestStatus.DISPATCHED, exchange.reason, sent, {}))
        elif exchange.result == "rejected":
            moves.append((request, RequestStatus.REJECTED, exchange.reason, {**sent, "result_text": exchange.reason}, {}))
        elif exchange.result == "unsendable" or policy.exhausted(request.attempts + 1):
            moves.append((request, RequestStatus.FAILED, exchange.reason,
                          {"last_error": exchange.reason[:500], "agency_response": exchange.response},
                          {"attempts": request.attempts + 1}))
            return "failed"
        else:
            retry_later(session, LinkedRequest, request.id, self.worker, attempts=request.attempts + 1,
                        error=exchange.reason, now=now, policy=policy, rng=self.rng)
            return "retry"
        return exchange.result
