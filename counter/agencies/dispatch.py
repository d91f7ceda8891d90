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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from counter.agencies.channels import Exchange, Outgoing, open_channel
from counter.agencies.lifecycle import ClaimLost, IllegalTransition, RequestStatus, transition
from counter.agencies.payload import people_by_bundle, request_document
from counter.base.config import AgencySettings
from counter.office.runtime import Runtime
from counter.store.audit import Actor
from counter.work.queue import DEFAULT_LEASE, RetryPolicy, claim_due, due_filter, retry_later
from models import Bundle, LinkedRequest, Office, utcnow

log = logging.getLogger("counter.agencies.dispatch")
LOCAL = AgencySettings(code="local", channel="local")
CLAIM = 200
"""Requests claimed at once (then sent in each agency's `batch_size`)."""
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
        """Send every request due when the run starts (bounded: each is tried at most once per run)."""
        report = DispatchReport()
        started = self.clock()
        while stop is None or not stop.is_set():
            claimed = claim_due(self.runtime.db, LinkedRequest, statuses=["queued"], worker=self.worker,
                                now=started, limit=CLAIM, lease=self.lease, where=self._routable())
            if not claimed:
                break
            self._send(claimed, report)
            if progress is not None:
                progress(report)
        report.unrouted = self.unrouted(started)
        return report

    def run_forever(self, stop: threading.Event, *, progress: Callable[[DispatchReport], None] | None = None
                    ) -> None:
        """Run every `dispatch_interval_seconds` until `stop` is set; a database error ends no run
        but this one (the requests stay queued and claims expire)."""
        from sqlalchemy.exc import SQLAlchemyError

        while not stop.is_set():
            try:
                self.run_once(progress=progress, stop=stop)
            except SQLAlchemyError:
                log.exception("dispatch run failed; trying again")
            stop.wait(self.settings.dispatch_interval_seconds)

    def _send(self, claimed: list[uuid.UUID], report: DispatchReport) -> None:
        groups: dict[str, tuple[AgencySettings, list[Outgoing]]] = {}
        requests: dict[uuid.UUID, LinkedRequest] = {}
        with self.runtime.db.session() as session:
            rows = session.exec(select(LinkedRequest).where(col(LinkedRequest.id).in_(claimed))).all()
            bundles = {b.id: b for b in session.exec(select(Bundle).where(
                col(Bundle.id).in_({r.bundle_id for r in rows}))).all()}
            offices = {o.id: o for o in session.exec(select(Office)).all()}
            people = people_by_bundle(session, bundles)
        vault = self.runtime.vault
        for request in rows:
            entry = route(self._explicit.get(request.agency_code), self._star, request.local_department)
            if entry is None:  # a settings change between the claim and now: leave it to expire
                continue
            bundle = bundles[request.bundle_id]
            document = request_document(request, bundle, offices[bundle.office_id], people.get(bundle.id, []), vault)
            requests[request.id] = request
            key = f"{entry.channel}:{entry.code}:{request.agency_code if entry.code == '*' else ''}"
            groups.setdefault(key, (entry, []))[1].append(Outgoing(request.id, str(request.idempotency_key), document))
        for entry, outgoing in groups.values():
            agency = outgoing and requests[outgoing[0].request_id].agency_code
            channel = open_channel(entry, agency=str(agency or entry.code), now=self.clock())
            try:
                for chunk in _chunks(outgoing, entry.batch_size):
                    self._record(channel.send(chunk), requests, entry, report)
            finally:
                channel.close()

    def _record(self, exchanges: Sequence[Exchange], requests: dict[uuid.UUID, LinkedRequest],
                entry: AgencySettings, report: DispatchReport) -> None:
        policy = RetryPolicy(max_attempts=entry.max_attempts, base_delay=self.base_delay)
        now = self.clock()
        with self.runtime.db.write() as session:
            for exchange in exchanges:
                request = requests[exchange.request_id]
                try:
                    outcome = self._apply(session, request, exchange, policy, now)
                except ClaimLost:
                    outcome = "lost"
                except IllegalTransition:  # cancelled meanwhile: nothing more to do
                    outcome = "lost"
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome in ("acknowledged", "dispatched"):
                    report.by_agency[request.agency_code] = report.by_agency.get(request.agency_code, 0) + 1

    def _apply(self, session, request: LinkedRequest, exchange: Exchange, policy: RetryPolicy,  # type: ignore[no-untyped-def]
               now: datetime) -> str:
        sent: dict[str, Any] = {"sent_at": now, "agency_response": exchange.response, "last_error": None}
        if exchange.result == "acknowledged":
            transition(session, request, RequestStatus.ACKNOWLEDGED, reason=exchange.reason, actor=self.actor,
                       worker=self.worker, agency_reference=exchange.reference, **sent)
        elif exchange.result == "dispatched":
            transition(session, request, RequestStatus.DISPATCHED, reason=exchange.reason, actor=self.actor,
                       worker=self.worker, **sent)
        elif exchange.result == "rejected":
            transition(session, request, RequestStatus.REJECTED, reason=exchange.reason, actor=self.actor,
                       worker=self.worker, result_text=exchange.reason, **sent)
        elif policy.exhausted(request.attempts + 1):
            transition(session, request, RequestStatus.FAILED, reason=exchange.reason, actor=self.actor,
                       worker=self.worker, last_error=exchange.reason[:500], agency_response=exchange.response,
                       details={"attempts": request.attempts + 1})
            return "failed"
        else:
            status = retry_later(session, LinkedRequest, request.id, self.worker, attempts=request.attempts + 1,
                                 error=exchange.reason, now=now, policy=policy, rng=self.rng)
            if status is None:
                raise ClaimLost(exchange.reason)
            return "retry"
        return exchange.result
