"""The outbox: text messages to citizens, sent through the office's SMS gateway exactly once.

Messages are `outgoing_message` rows queued in the same transaction as what they tell (a filing, a
result). The sender claims due ones in batches under a lease (`counter.work.queue`), decrypts each
number only to send it, and records the gateway's answer: `sent` (its reference kept), or `failed` when
the gateway refuses it for good (4xx: a number it does not serve) or the tries run out; 5xx, timeouts and
refused connections are tried again later. Every document carries the message's idempotency key (and
the HTTP header `Idempotency-Key`), so a gateway that sees it again does not send it twice. A body the
carriers cannot take (over 2,000 EUC-KR bytes, a character outside CP949) fails at once, never sent cut.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from counter.agencies.channels import Exchange, Outgoing, open_channel
from counter.base.config import AgencySettings
from counter.base.errors import CounterError, ValidationError
from counter.office.runtime import Runtime
from counter.rules.sms import message_kind, sms_bytes
from counter.store.audit import Actor, record_event
from counter.work.queue import DEFAULT_LEASE, RetryPolicy, claim_due, finish, renew, retry_later
from counter.work.service import keep_running
from models import OutgoingMessage, utcnow

CLAIM = 200
Clock = Callable[[], datetime]


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    failed: int = 0
    retry: int = 0
    lost: int = 0
    waiting: int = 0
    """Due messages left waiting because no gateway is configured."""

    def as_dict(self) -> dict[str, int]:
        """The report as JSON-ready data."""
        return {"sent": self.sent, "failed": self.failed, "retry": self.retry, "lost": self.lost,
                "waiting": self.waiting}


class MessageSender:
    """Sends due messages through `settings.message_gateway`; many senders may run at once."""

    def __init__(self, runtime: Runtime, *, worker: str | None = None, clock: Clock = utcnow,
                 lease: timedelta = DEFAULT_LEASE, rng: random.Random | None = None,
                 base_delay: timedelta = timedelta(seconds=5)) -> None:
        self.runtime = runtime
        self.gateway: AgencySettings | None = runtime.settings.message_gateway
        self.worker = worker or f"messages-{uuid.uuid4().hex[:12]}"
        self.actor = Actor(None, "messages", None, runtime.settings.device or runtime.device)
        self.clock, self.lease, self.rng, self.base_delay = clock, lease, rng, base_delay

    def run_once(self, *, stop: threading.Event | None = None) -> SendReport:
        """Send every message due when the run starts (each tried at most once per run)."""
        report = SendReport()
        started = self.clock()
        if self.gateway is None:
            with self.runtime.db.session() as session:
                report.waiting = len(session.exec(select(OutgoingMessage.id).where(
                    OutgoingMessage.status == "pending")).all())
            return report
        channel = open_channel(self.gateway, agency=self.gateway.code, now=started)
        try:
            while stop is None or not stop.is_set():
                claimed = claim_due(self.runtime.db, OutgoingMessage, statuses=["pending"], worker=self.worker,
                                    now=self.clock(), due_by=started, limit=CLAIM, lease=self.lease)
                if not claimed:
                    break
                self._send(claimed, channel, report)
        finally:
            channel.close()
        return report

    def run_forever(self, stop: threading.Event) -> None:
        """Run every `dispatch_interval_seconds` until `stop` is set (`counter.work.service.keep_running`)."""
        keep_running(lambda: self.run_once(stop=stop), stop, self.runtime.settings.dispatch_interval_seconds,
                     logging.getLogger("counter.agencies.outbox"))

    def _send(self, claimed: list[uuid.UUID], channel, report: SendReport) -> None:  # type: ignore[no-untyped-def]
        assert self.gateway is not None
        with self.runtime.db.session() as session:
            messages = {m.id: m for m in session.exec(select(OutgoingMessage).where(
                col(OutgoingMessage.id).in_(claimed))).all()}
        vault = self.runtime.vault
        outgoing, unsendable = [], []
        for message in messages.values():
            try:
                kind, size = message_kind(message.body), sms_bytes(message.body)
                phone = vault.decrypt(message.recipient_cipher, "phone")
            except ValidationError as error:
                unsendable.append(Exchange(message.id, "rejected", f"body: {error.code or 'unsendable'}"))
                continue
            except CounterError as error:  # a key not in the ring: this message only
                unsendable.append(Exchange(message.id, "rejected", f"recipient: {type(error).__name__}"))
                continue
            outgoing.append(Outgoing(message.id, str(message.idempotency_key), {
                "idempotency_key": str(message.idempotency_key), "to": phone,
                "body": message.body, "kind": kind, "bytes": size, "template": message.template}))
        policy = RetryPolicy(max_attempts=self.gateway.max_attempts, base_delay=self.base_delay)
        self._record(unsendable, messages, policy, report)
        for start in range(0, len(outgoing), self.gateway.batch_size):
            chunk = outgoing[start:start + self.gateway.batch_size]
            held = renew(self.runtime.db, OutgoingMessage, [item.request_id for item in chunk], self.worker,
                         self.clock())  # the lease starts again for each chunk sent
            report.lost += len(chunk) - len(held)
            chunk = [item for item in chunk if item.request_id in held]
            if chunk:
                self._record(channel.send(chunk), messages, policy, report)

    def _record(self, exchanges: Sequence[Exchange], messages: dict[uuid.UUID, OutgoingMessage],
                policy: RetryPolicy, report: SendReport) -> None:
        if not exchanges:
            return
        now = self.clock()
        with self.runtime.db.write() as session:
            for exchange in exchanges:
                outcome = self._apply(session, messages[exchange.request_id], exchange, policy, now)
                setattr(report, outcome, getattr(report, outcome) + 1)

    def _apply(self, session: Session, message: OutgoingMessage, exchange: Exchange, policy: RetryPolicy,
               now: datetime) -> str:
        attempts = message.attempts + 1
        if exchange.result in ("acknowledged", "dispatched"):
            if not finish(session, OutgoingMessage, message.id, self.worker, status="sent", sent_at=now,
                          gateway_reference=exchange.reference, last_error=None):
                return "lost"
            self._audit(session, message, "message.sent", exchange.reason)
            return "sent"
        if exchange.result == "rejected" or policy.exhausted(attempts):
            if not finish(session, OutgoingMessage, message.id, self.worker, status="failed",
                          last_error=exchange.reason[:500]):
                return "lost"
            self._audit(session, message, "message.failed", exchange.reason)
            return "failed"
        status = retry_later(session, OutgoingMessage, message.id, self.worker, attempts=attempts,
                             error=exchange.reason, now=now, policy=policy, rng=self.rng)
        return "lost" if status is None else "retry"

    def _audit(self, session: Session, message: OutgoingMessage, action: str, reason: str) -> None:
        record_event(session, action, self.actor, entity_type="outgoing_message", entity_id=message.id,
                     details={"bundle_id": str(message.bundle_id), "template": message.template,
                              "reason": reason[:200]}, flush=False)
