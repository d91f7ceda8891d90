"""The audit trail: every state change appends one event that stores the hash of the one before.

Editing, deleting or inserting an event anywhere breaks the chain at that event, which
`verify_chain` (and `counter audit verify`) names.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from counter.session import Actor
from models import AuditEvent, utcnow

__all__ = ["Actor", "ChainReport", "check_events", "record_event", "verify_chain"]

GENESIS_HASH = "0" * 64
# Any constant works: it names the lock that serialises appends on PostgreSQL.
_PG_AUDIT_LOCK = 0x636F756E746572


def _normal_time(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def event_hash(event: AuditEvent) -> str:
    """The SHA-256 of the event's content and the previous event's hash."""
    content = {
        "seq": event.seq,
        "id": str(event.id),
        "at": _normal_time(event.at),
        "office_code": event.office_code,
        "device": event.device,
        "clerk_id": str(event.clerk_id) if event.clerk_id else None,
        "clerk_username": event.clerk_username,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_event(
    session: Session,
    action: str,
    actor: Actor | None,
    *,
    entity_type: str | None = None,
    entity_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event inside the caller's write transaction (`Database.write()`)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=utcnow(),
        office_code=actor.office_code if actor else None,
        device=actor.device if actor else None,
        clerk_id=actor.clerk_id if actor else None,
        clerk_username=actor.clerk_username if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        details=json.loads(json.dumps(details or {}, default=str)),
        prev_hash=last.hash if last else GENESIS_HASH,
        hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: how many events, and the first bad one if any."""

    checked: int
    bad_seq: int | None = None
    bad_id: uuid.UUID | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when every event checked out."""
        return self.problem is None


def check_events(events: Iterable[AuditEvent]) -> ChainReport:
    """Walk events in `seq` order and report the first one that breaks the chain."""
    previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in events:
        if event.seq != expected_seq:
            return ChainReport(checked, event.seq, event.id, f"sequence gap: expected {expected_seq}")
        if event.prev_hash != previous_hash:
            return ChainReport(checked, event.seq, event.id, "previous-hash link broken")
        if event_hash(event) != event.hash:
            return ChainReport(checked, event.seq, event.id, "content does not match its hash")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    return ChainReport(checked)


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Check the whole chain, reading it in batches."""

    def events() -> Iterable[AuditEvent]:
        after = 0
        while True:
            rows = session.exec(
                select(AuditEvent).where(AuditEvent.seq > after).order_by(col(AuditEvent.seq)).limit(batch)
            ).all()
            if not rows:
                return
            yield from rows
            after = rows[-1].seq

    return check_events(events())
