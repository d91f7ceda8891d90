"""Offices, clerks and the people named in a bundle."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import created_at, timestamp, uuid_pk
from models.details import PersonDetails
from models.shapes import typed_json


class Office(SQLModel, table=True):
    """A civil-affairs office (community centre, night desk or kiosk site)."""

    __tablename__ = "office"

    id: uuid.UUID = uuid_pk()
    code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    """Where citizens ask about their papers (printed on receipts and notices); None prints nothing."""
    created_at: datetime = created_at()


class Clerk(SQLModel, table=True):
    """A person who signs in at the counter; `role` is `clerk` or `supervisor`."""

    __tablename__ = "clerk"

    id: uuid.UUID = uuid_pk()
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=100)
    role: str = Field(max_length=16, default="clerk")
    password_hash: str = Field(max_length=255)
    failed_attempts: int = Field(default=0)
    locked_at: datetime | None = timestamp()
    active: bool = Field(default=True)
    created_at: datetime = created_at()
    last_login_at: datetime | None = timestamp()


class Person(SQLModel, table=True):
    """A person named in a bundle (child, parent, deceased, reporter, applicant, proxy).

    The resident registration number is never stored in clear (개인정보보호법 제24조의2②):
    `rrn_cipher` holds it encrypted, `rrn_lookup` an HMAC for exact-match search and
    `rrn_masked` the form that may be shown (`901231-1******`).
    """

    __tablename__ = "person"
    # The lookup's name prefix (a range condition); migration 0011 builds it with the "C" collation on
    # PostgreSQL, the code-point order the range needs.
    __table_args__ = (Index("ix_person_name", "name", "bundle_id"),)

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID = Field(foreign_key="bundle.id", index=True)
    role: str = Field(max_length=24)
    name: str = Field(max_length=100)
    birth_date: date | None = None
    sex: str | None = Field(default=None, max_length=1)
    rrn_cipher: str | None = Field(default=None, max_length=255)
    rrn_lookup: str | None = Field(default=None, max_length=64, index=True)
    rrn_masked: str | None = Field(default=None, max_length=14)
    details: PersonDetails = typed_json(PersonDetails, "person.details")
    created_at: datetime = created_at()
