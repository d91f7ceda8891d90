"""The append-only audit trail: one sealed chain per office and device (see counter.store.audit)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import created_at, uuid_pk
from models.details import AuditDetails
from models.shapes import typed_json


class AuditEvent(SQLModel, table=True):
    """One state change: who, where, when, what, on which entity, and the chain's seals.

    `chain` is `OFFICE/DEVICE` (`legacy` for events written before chains were sealed); `seq` counts
    from 1 within the chain; `hash` is the event's HMAC-SHA256 seal, `prev_hash` the one before it.
    """

    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_event_chain_seq"),)

    id: uuid.UUID = uuid_pk()
    chain: str = Field(default="legacy", max_length=64, index=True)
    seq: int = Field(index=True)
    at: datetime = created_at()
    office_code: str | None = Field(default=None, max_length=16)
    device: str | None = Field(default=None, max_length=32)
    clerk_id: uuid.UUID | None = Field(default=None, index=True)
    clerk_username: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=48, index=True)
    entity_type: str | None = Field(default=None, max_length=32)
    entity_id: str | None = Field(default=None, max_length=64, index=True)
    details: AuditDetails = typed_json(AuditDetails, "audit_event.details")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
