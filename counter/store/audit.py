"""The audit trail: one sealed chain of events per office and device.

Every state change appends an event to its chain (`OFFICE/DEVICE`). The event's seal (`hash`) is an
HMAC-SHA256, under the audit key of the key directory, of its content, its place in the chain and
the seal before it. Without the key nobody can edit, insert or re-seal an event unnoticed, and
chains from many counters merge at the centre without colliding. Cutting a chain's newest events is
caught against an anchor: `counter audit head` prints each chain's head (sequence and seal) for an
operator to note or export daily, and `counter audit verify --head CHAIN@SEQ:SEAL` checks the chain
still reaches it.

Events written before chains were sealed stay in the chain `legacy`, checked with plain SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, text
from sqlmodel import Session, col, select

from counter.base.errors import KeyFileError
from counter.base.i18n import _
from counter.base.session import Actor
from models import AuditDetails, AuditEvent, utcnow
from models.shapes import checked

__all__ = ["Actor", "ChainHead", "ChainReport", "NewEvent", "chain_heads", "check_events", "record_event", "record_events",
           "verify_chains"]

GENESIS_HASH = "0" * 64
LEGACY_CHAIN = "legacy"
_TAILS = "audit_chain_tails"
"""`Session.info` entry: (transaction, {chain: (seq, seal)}) of the events this transaction appended."""
AUDIT_KEY_INFO = "audit_key"
"""The `Session.info` entry that gives the audit key (a callable `Database` puts there)."""


def chain_name(actor: Actor | None) -> str:
    """`OFFICE/DEVICE` of the actor (`-` for a part that is unknown, e.g. a failed sign-in's office)."""
    office = (actor.office_code if actor else None) or "-"
    device = (actor.device if actor else None) or "-"
    return f"{office}/{device}"


def _normal_time(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _canonical(event: AuditEvent, *, with_chain: bool) -> bytes:
    return _canonical_fields(event.seq, event.id, event.at, event.office_code, event.device, event.clerk_id,
                             event.clerk_username, event.action, event.entity_type, event.entity_id,
                             event.details.root, event.prev_hash, event.chain if with_chain else None)


def _canonical_fields(seq: int, event_id: uuid.UUID, at: datetime, office_code: str | None, device: str | None,
                      clerk_id: uuid.UUID | None, clerk_username: str | None, action: str, entity_type: str | None,
                      entity_id: str | None, details: dict[str, Any], prev_hash: str, chain: str | None) -> bytes:
    content = {
        "seq": seq,
        "id": str(event_id),
        "at": _normal_time(at),
        "office_code": office_code,
        "device": device,
        "clerk_id": str(clerk_id) if clerk_id else None,
        "clerk_username": clerk_username,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    if chain is not None:
        content["chain"] = chain
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def event_seal(event: AuditEvent, key: bytes) -> str:
    """The event's HMAC-SHA256 over its content, chain, sequence and the previous seal."""
    return hmac.new(key, _canonical(event, with_chain=True), hashlib.sha256).hexdigest()


def legacy_hash(event: AuditEvent) -> str:
    """The plain SHA-256 of an event written before chains were sealed."""
    return hashlib.sha256(_canonical(event, with_chain=False)).hexdigest()


def _session_key(session: Session) -> bytes:
    load = session.info.get(AUDIT_KEY_INFO)
    key = load() if load is not None else None
    if not key:
        raise KeyFileError(_("The audit key is not loaded; the key ring must be opened before anything is recorded."))
    return bytes(key)


def _pg_chain_lock(chain: str) -> int:
    # pg_advisory_xact_lock takes a signed 64-bit key; one lock per chain serialises its appends.
    return int.from_bytes(hashlib.sha256(f"audit:{chain}".encode()).digest()[:8], "big", signed=True)


def _chain_tails(session: Session, chain: str) -> tuple[dict[str, tuple[int, str]], tuple[int, str]]:
    """This transaction's chain ends, and `chain`'s end (sequence, seal): read once, under the chain's lock
    (below; SQLite's writer lock), held until the transaction ends, so nobody else can append meanwhile."""
    session.connection()  # the transaction is begun, so the cache below is this transaction's
    tails: tuple[object, dict[str, tuple[int, str]]] | None = session.info.get(_TAILS)
    if tails is None or tails[0] is not session.get_transaction():
        tails = (session.get_transaction(), {})
        session.info[_TAILS] = tails
    tail = tails[1].get(chain)
    if tail is None:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _pg_chain_lock(chain)})
        last = session.exec(
            select(AuditEvent).where(AuditEvent.chain == chain).order_by(col(AuditEvent.seq).desc()).limit(1)
        ).first()
        tail = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    return tails[1], tail


_PLAIN = (str, int, type(None))


def _details(details: dict[str, Any] | None) -> AuditDetails:
    if details and not all(type(key) is str and type(value) in _PLAIN for key, value in details.items()):
        details = json.loads(json.dumps(details, default=str))  # a UUID, a date, a list...: as JSON has them
    return checked(AuditDetails, "audit_event.details", details or {})


def record_event(
    session: Session,
    action: str,
    actor: Actor | None,
    *,
    entity_type: str | None = None,
    entity_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Append an event to the actor's chain inside the caller's write transaction (`Database.write()`).
    `flush=False` leaves the insert to the next flush (many events in one go)."""
    key = _session_key(session)
    chain = chain_name(actor)
    tails, tail = _chain_tails(session, chain)
    event = AuditEvent(
        chain=chain,
        seq=tail[0] + 1,
        at=utcnow(),
        office_code=actor.office_code if actor else None,
        device=actor.device if actor else None,
        clerk_id=actor.clerk_id if actor else None,
        clerk_username=actor.clerk_username if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        details=_details(details),
        prev_hash=tail[1],
        hash="",
    )
    event.hash = event_seal(event, key)
    session.add(event)
    if flush:
        session.flush()
    tails[chain] = (event.seq, event.hash)
    return event


@dataclass(frozen=True)
class NewEvent:
    """One event for `record_events`: what `record_event` takes besides the session and the actor."""

    action: str
    entity_type: str | None = None
    entity_id: str | uuid.UUID | None = None
    details: dict[str, Any] | None = None


def record_events(session: Session, actor: Actor | None, events: Sequence[NewEvent]) -> None:
    """Append `events`, in order, to the actor's chain inside the caller's write transaction, sealed and
    linked exactly as `record_event` one by one would, in one insert (no ORM objects: a batch of hundreds)."""
    if not events:
        return
    key = _session_key(session)
    chain = chain_name(actor)
    session.flush()  # events added with flush=False go first, in their order
    tails, (seq, seal) = _chain_tails(session, chain)
    office_code, device = (actor.office_code, actor.device) if actor else (None, None)
    clerk_id, clerk_username = (actor.clerk_id, actor.clerk_username) if actor else (None, None)
    rows: list[dict[str, Any]] = []
    randomness = os.urandom(16 * len(events))  # the ids, as uuid4 makes them, for one system call
    for number, new in enumerate(events):
        event_id = uuid.UUID(bytes=randomness[16 * number:16 * number + 16], version=4)
        at, details = utcnow(), _details(new.details)
        entity_id = str(new.entity_id) if new.entity_id is not None else None
        content = _canonical_fields(seq + 1, event_id, at, office_code, device, clerk_id, clerk_username, new.action,
                                    new.entity_type, entity_id, details.root, seal, chain)
        sealed = hmac.new(key, content, hashlib.sha256).hexdigest()
        rows.append({"id": event_id, "chain": chain, "seq": seq + 1, "at": at, "office_code": office_code,
                     "device": device, "clerk_id": clerk_id, "clerk_username": clerk_username, "action": new.action,
                     "entity_type": new.entity_type, "entity_id": entity_id, "details": details, "prev_hash": seal,
                     "hash": sealed})
        seq, seal = seq + 1, sealed
    session.connection().execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]
    tails[chain] = (seq, seal)


@dataclass(frozen=True)
class ChainHead:
    """A chain's newest event: where it ends and its seal (an operator's anchor)."""

    chain: str
    seq: int
    seal: str

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}:{self.seal}"

    @classmethod
    def parse(cls, text_value: str, default_chain: str | None = None) -> ChainHead:
        """`CHAIN@SEQ:SEAL`, or `SEQ:SEAL` for `default_chain`; ValueError when malformed."""
        chain, _sep, rest = text_value.strip().rpartition("@")
        chain = chain or (default_chain or "")
        seq_text, _sep, seal = rest.partition(":")
        if ("/" not in chain and chain != LEGACY_CHAIN) or not seq_text.isdigit() or len(seal) != 64 or any(c not in "0123456789abcdef" for c in seal):
            raise ValueError(text_value)
        return cls(chain, int(seq_text), seal)


@dataclass(frozen=True)
class ChainReport:
    """The result of checking one chain: how many events, and the first bad one if any."""

    chain: str
    checked: int
    bad_seq: int | None = None
    bad_id: uuid.UUID | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when every event checked out."""
        return self.problem is None


def check_events(events: Iterable[AuditEvent], key: bytes, *, chain: str = "", anchor: ChainHead | None = None
                 ) -> ChainReport:
    """Walk one chain's events in `seq` order; report the first that breaks it, or a cut before `anchor`."""
    previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in events:
        chain = event.chain
        if event.seq != expected_seq:
            return ChainReport(chain, checked, event.seq, event.id, f"sequence gap: expected {expected_seq}")
        if event.prev_hash != previous_hash:
            return ChainReport(chain, checked, event.seq, event.id, "previous-seal link broken")
        expected = legacy_hash(event) if chain == LEGACY_CHAIN else event_seal(event, key)
        if not hmac.compare_digest(expected, event.hash):
            return ChainReport(chain, checked, event.seq, event.id, "content does not match its seal")
        if anchor is not None and event.seq == anchor.seq and not hmac.compare_digest(event.hash, anchor.seal):
            return ChainReport(chain, checked, event.seq, event.id, "differs from the noted head")
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if anchor is not None and checked < anchor.seq:
        return ChainReport(chain or anchor.chain, checked, checked + 1, None,
                           f"chain cut: it ends at #{checked}, before the noted head #{anchor.seq}")
    return ChainReport(chain, checked)


def _chain_events(session: Session, chain: str, batch: int) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.chain == chain, AuditEvent.seq > after)
            .order_by(col(AuditEvent.seq)).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def chain_names(session: Session) -> list[str]:
    """Every chain in the database, sorted."""
    return sorted(session.exec(select(AuditEvent.chain).distinct()).all())


def device_chain(session: Session, device: str) -> str | None:
    """This device's chain when exactly one office has written from it (the default for a bare `SEQ:SEAL`)."""
    mine = [name for name in chain_names(session) if name.endswith(f"/{device}") and not name.startswith("-/")]
    return mine[0] if len(mine) == 1 else None


def verify_chains(session: Session, key: bytes, anchors: Iterable[ChainHead] = (), batch: int = 1000
                  ) -> list[ChainReport]:
    """Check every chain (and every anchored one, even if it vanished), reading in batches."""
    by_chain = {anchor.chain: anchor for anchor in anchors}
    names = sorted(set(chain_names(session)) | set(by_chain))
    return [check_events(_chain_events(session, name, batch), key, chain=name, anchor=by_chain.get(name))
            for name in names]


def chain_heads(session: Session) -> list[ChainHead]:
    """The newest event of each chain."""
    newest = (select(AuditEvent.chain, func.max(AuditEvent.seq).label("seq")).group_by(AuditEvent.chain)
              .subquery())
    rows = session.exec(
        select(AuditEvent).join(newest, (col(AuditEvent.chain) == newest.c.chain) & (col(AuditEvent.seq) == newest.c.seq))
        .order_by(col(AuditEvent.chain))
    ).all()
    return [ChainHead(row.chain, row.seq, row.hash) for row in rows]


def has_sealed_events(session: Session) -> bool:
    """True once any event was sealed with an audit key (a new key would then make them unverifiable)."""
    return session.exec(select(AuditEvent.id).where(AuditEvent.chain != LEGACY_CHAIN).limit(1)).first() is not None
