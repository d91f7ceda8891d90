"""Rows that workers claim after the filing commits: agency requests, print jobs, messages.

Each has a status, a stable idempotency key (sent to the outside world so a retry never
duplicates), a claim (who holds it, since when) and the last failure reason.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from models.base import UtcDateTime, created_at, timestamp, utcnow, uuid_pk
from models.details import RequestPayload
from models.shapes import StoredText, TypedJson, typed_json


class LinkedRequest(SQLModel, table=True):
    """One request queued to an agency: a linked benefit or an asset-inquiry item.

    Its `status` follows `counter.agencies.lifecycle`: queued -> dispatched -> acknowledged ->
    completed | rejected; failed when its tries ran out, cancelled with its bundle."""

    __tablename__ = "linked_request"
    __table_args__ = (
        # What the dispatcher looks for: queued rows by when they are due (`counter.work.queue`).
        Index("ix_linked_request_due", "next_attempt_at", sqlite_where=text("status = 'queued'"),
              postgresql_where=text("status = 'queued'")),
        Index("ix_linked_request_created", "created_at", "id"),  # the worklist's pages (keyset)
    )

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID = Field(foreign_key="bundle.id", index=True)
    service_code: str = Field(max_length=48)
    agency_code: str = Field(max_length=48, index=True)
    agency_name: str = Field(max_length=100)
    local_department: bool = Field(default=False)
    delivery_channel: str | None = Field(default=None, max_length=16)
    amount_won: int | None = None
    reason: StoredText = Field(sa_type=TypedJson(StoredText, "linked_request.reason"), nullable=False)
    """Why the request was filed: a code rendered in the reader's language (`counter.texts`)."""
    status: str = Field(max_length=16, default="queued", index=True)
    idempotency_key: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    due_date: date | None = None
    payload: RequestPayload = typed_json(RequestPayload, "linked_request.payload")
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = timestamp()
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    """When the dispatcher tries it next (now at filing; later after a failed try)."""
    agency_reference: str | None = Field(default=None, max_length=128)
    """The agency's own number for the request, from its acknowledgement."""
    agency_response: str | None = Field(default=None, max_length=1000)
    """What the agency last answered (an excerpt), for the person who looks at a failed request."""
    sent_at: datetime | None = timestamp()
    finished_at: datetime | None = timestamp()
    """When it was completed, rejected, failed or cancelled."""
    result_text: str | None = Field(default=None, max_length=1000)
    """The agency's result or reason for rejecting, as the citizen is told it."""
    result_amount_won: int | None = None
    decided_on: date | None = None
    created_at: datetime = created_at()
    updated_at: datetime | None = timestamp()


class PrintJob(SQLModel, table=True):
    """A document to print: `pending` until a printer took it, then `done` (never twice); a print that
    failed stays `pending`, due again later (`counter.printing.spool`)."""

    __tablename__ = "print_job"
    __table_args__ = (
        # What the spool looks for: pending jobs by when they are due (`counter.work.queue`).
        Index("ix_print_job_due", "next_attempt_at", sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID | None = Field(default=None, foreign_key="bundle.id", index=True)
    document: str = Field(max_length=32)
    role: str = Field(max_length=16, default="receipt")
    printer: str | None = Field(default=None, max_length=64)
    status: str = Field(max_length=16, default="pending", index=True)
    reprint_of: uuid.UUID | None = Field(default=None)
    idempotency_key: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=64)
    last_error_detail: str | None = Field(default=None, max_length=500)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = timestamp()
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    """When the spool tries it next (now when queued; a little later after a failed print)."""
    printed_at: datetime | None = timestamp()
    created_at: datetime = created_at()


class OutgoingMessage(SQLModel, table=True):
    """A message to a citizen (SMS); the number is stored encrypted like an RRN.

    `pending` until the gateway took it (`sent`, its reference kept) or refused it for good (`failed`)."""

    __tablename__ = "outgoing_message"
    __table_args__ = (
        Index("ix_outgoing_message_due", "next_attempt_at", sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID | None = Field(default=None, foreign_key="bundle.id", index=True)
    channel: str = Field(max_length=16, default="sms")
    recipient_cipher: str = Field(max_length=255)
    recipient_masked: str = Field(max_length=32)
    template: str = Field(max_length=48)
    body: str = Field(max_length=2000)
    status: str = Field(max_length=16, default="pending", index=True)
    idempotency_key: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = timestamp()
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    """When the sender tries it next."""
    gateway_reference: str | None = Field(default=None, max_length=128)
    sent_at: datetime | None = timestamp()
    created_at: datetime = created_at()
