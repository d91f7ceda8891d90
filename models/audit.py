"""The append-only audit trail; each event stores the hash of the one before it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.base import created_at, json_column, uuid_pk


class AuditEvent(SQLModel, table=True):
    """One state change: who, where, when, what, on which entity, and the chain hashes."""

    __tablename__ = "audit_event"

    id: uuid.UUID = uuid_pk()
    seq: int = Field(unique=True, index=True)
    at: datetime = created_at()
    office_code: str | None = Field(default=None, max_length=16)
    device: str | None = Field(default=None, max_length=32)
    clerk_id: uuid.UUID | None = Field(default=None, index=True)
    clerk_username: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=48, index=True)
    entity_type: str | None = Field(default=None, max_length=32)
    entity_id: str | None = Field(default=None, max_length=64, index=True)
    details: dict[str, Any] = json_column()
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
