"""Births notified by medical institutions (출생통보제, 가족관계등록법 제44조의3-제44조의5)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UtcDateTime, created_at, timestamp, uuid_pk


class BirthNotification(SQLModel, table=True):
    """One notified birth, imported once per institution and notification id.

    The mother's registration number is never stored in clear (개인정보보호법 제24조의2②):
    `mother_rrn_cipher` holds it encrypted, `mother_rrn_lookup` the keyed hash a report finds it by
    (the same hash as `person.rrn_lookup`), `mother_rrn_masked` what may be shown. `status` is
    `notified`, `matched` (to `bundle_id`, a birth report), `demanded` (최고 made, 제44조의4②) or
    `closed` (`closed_reason`).
    """

    __tablename__ = "birth_notification"
    __table_args__ = (
        UniqueConstraint("institution_code", "institution_notification_id", name="uq_birth_notification_source"),
    )

    id: uuid.UUID = uuid_pk()
    office_code: str = Field(max_length=16, index=True)
    """The office the notification was sent to (the mother's address, 제44조의3③)."""
    institution_code: str = Field(max_length=20)
    institution_notification_id: str = Field(max_length=40)
    """The institution's own id of the notification (unique per institution)."""
    institution_name: str = Field(max_length=100)
    mother_name: str = Field(max_length=100)
    mother_rrn_cipher: str = Field(max_length=255)
    mother_rrn_lookup: str = Field(max_length=64, index=True)
    mother_rrn_masked: str = Field(max_length=14)
    birth_date: date = Field(index=True)
    birth_time: time
    sex: str = Field(max_length=1)
    birth_count: int = Field(default=1)
    """How many children were born together (제44조의3①2호: 수)."""
    birth_order: int = Field(default=1)
    """This child's place among them (1 for a single birth)."""
    sent_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    status: str = Field(default="notified", max_length=16, index=True)
    bundle_id: uuid.UUID | None = Field(default=None, foreign_key="bundle.id", unique=True)
    differences: str | None = Field(default=None, max_length=64)
    """Fields on which the linked report differed (`birth_time,sex`), none when it matched exactly."""
    matched_at: datetime | None = timestamp()
    demanded_on: date | None = None
    """The day the office demanded the report (최고, 제44조의4②)."""
    closed_reason: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = timestamp()
    imported_at: datetime = created_at()
    updated_at: datetime | None = timestamp()
