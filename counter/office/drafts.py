"""Unfiled wizard drafts: saved as the clerk works, offered again to the same clerk, purged when old.

The serialized draft holds personal data (names, RRNs), so the whole JSON is sealed with the RRN key
ring (AES-GCM, 개인정보보호법 제24조의2②); the associated data binds it to its row, clerk and kind, so
a ciphertext copied into another clerk's row does not open. Only who, where, which kind, which step and
when are stored in clear. Any clerk sees only their own drafts.

`draft_to_dict` / `draft_from_dict` serialize any draft dataclass generically (unknown keys ignored,
missing ones take their default), so the wizards' drafts may gain or lose fields freely.
"""

from __future__ import annotations

import dataclasses
import json
import typing
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import col, delete, select

from counter.base.errors import KeyFileError
from counter.base.session import SignedInClerk
from counter.store.db import Database
from counter.store.pii import PersonalDataVault
from models.base import utcnow
from models.drafts import WizardDraft

D = TypeVar("D")


@dataclass(frozen=True)
class StoredDraft:
    """A saved draft, opened: its id, kind, step, the draft's data and when it was started and last saved."""

    id: uuid.UUID
    kind: str
    step_index: int
    data: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _purpose(kind: str, clerk_id: uuid.UUID, draft_id: uuid.UUID) -> str:
    return f"draft:{kind}:{clerk_id}:{draft_id}"


def save_draft(db: Database, vault: PersonalDataVault, clerk: SignedInClerk, *, kind: str, draft_id: uuid.UUID,
               step_index: int, data: dict[str, Any], now: datetime | None = None) -> None:
    """Insert or update the clerk's draft `draft_id` (a draft of another clerk with that id is left alone)."""
    moment = now or utcnow()
    cipher = vault.encrypt(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str),
                           _purpose(kind, clerk.clerk_id, draft_id))
    with db.write() as session:
        row = session.get(WizardDraft, draft_id)
        if row is None:
            session.add(WizardDraft(id=draft_id, clerk_id=clerk.clerk_id, office_code=clerk.office_code,
                                    device=clerk.device, kind=kind, step_index=step_index, payload_cipher=cipher,
                                    created_at=moment, updated_at=moment))
        elif row.clerk_id == clerk.clerk_id and row.kind == kind:
            row.step_index, row.payload_cipher, row.updated_at, row.device = step_index, cipher, moment, clerk.device
            session.add(row)


def latest_draft(db: Database, vault: PersonalDataVault, clerk: SignedInClerk, kind: str, *,
                 exclude: typing.Iterable[uuid.UUID] = ()) -> StoredDraft | None:
    """The clerk's most recently saved draft of `kind` (not one of `exclude`), opened; None if there is none.

    A draft that no key of the ring opens (a key file restored from an older backup) is skipped, not deleted.
    """
    skip = set(exclude)
    with db.session() as session:
        rows = session.exec(select(WizardDraft).where(WizardDraft.clerk_id == clerk.clerk_id,
                                                      WizardDraft.kind == kind)
                            .order_by(col(WizardDraft.updated_at).desc())).all()
    for row in rows:
        if row.id in skip:
            continue
        try:
            data = json.loads(vault.decrypt(row.payload_cipher, _purpose(row.kind, row.clerk_id, row.id)))
        except (KeyFileError, ValueError):
            continue
        if isinstance(data, dict):
            return StoredDraft(row.id, row.kind, row.step_index, data, row.created_at, row.updated_at)
    return None


def pending_kinds(db: Database, clerk: SignedInClerk) -> list[str]:
    """The kinds of draft the clerk has waiting (newest first, no personal data read)."""
    with db.session() as session:
        rows = session.exec(select(WizardDraft.kind).where(WizardDraft.clerk_id == clerk.clerk_id)
                            .order_by(col(WizardDraft.updated_at).desc())).all()
    return list(dict.fromkeys(rows))


def delete_draft(db: Database, clerk: SignedInClerk, draft_id: uuid.UUID) -> bool:
    """Delete the clerk's draft `draft_id` (filed or discarded); False if the clerk has no such draft."""
    with db.write() as session:
        result = session.exec(delete(WizardDraft).where(
            col(WizardDraft.id) == draft_id, col(WizardDraft.clerk_id) == clerk.clerk_id))
        return bool(result.rowcount)


def purge_drafts(db: Database, max_age_days: float, *, now: datetime | None = None) -> int:
    """Delete every draft not saved for `max_age_days`; returns how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(days=max_age_days)
    with db.write() as session:
        result = session.exec(delete(WizardDraft).where(col(WizardDraft.updated_at) < cutoff))
        return int(result.rowcount or 0)


# -- generic serialization of draft dataclasses -------------------------------------------------------
def draft_to_dict(draft: Any) -> dict[str, Any]:
    """Every field of a draft dataclass as JSON-ready data (UUIDs as text, nested dataclasses as dicts)."""
    return json.loads(json.dumps(dataclasses.asdict(draft), default=str))  # type: ignore[no-any-return]


def _convert(kind: Any, value: Any) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is uuid.UUID:
        return uuid.UUID(str(value))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return draft_from_dict(kind, value)
    if origin is dict and len(args) == 2 and isinstance(value, dict):
        return {key: _convert(args[1], item) for key, item in value.items()}
    if origin is list and args and isinstance(value, list):
        return [_convert(args[0], item) for item in value]
    if kind in (int, float, str, bool) and not isinstance(value, kind):
        raise TypeError(f"{value!r} is not {kind.__name__}")
    return value


def draft_from_dict(cls: type[D], data: Any) -> D:
    """A `cls` dataclass from `draft_to_dict` data: unknown keys are ignored, missing or unreadable ones take
    the field's default; a dict field keeps its default entries under the saved ones."""
    if not isinstance(data, dict):
        raise TypeError("a draft is a mapping")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not field.init or field.name not in data:
            continue
        try:
            value = _convert(hints.get(field.name, Any), data[field.name])
        except (TypeError, ValueError, AttributeError):
            continue
        if isinstance(value, dict) and field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
            value = {**default, **value} if isinstance(default, dict) else value
        values[field.name] = value
    return cls(**values)
