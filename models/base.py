"""Column helpers shared by every table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the only time the database stores)."""
    return datetime.now(UTC)


def uuid_pk() -> Any:
    """A UUID primary key generated on the client, so offline rows never collide."""
    return Field(default_factory=uuid.uuid4, primary_key=True)


def created_at() -> Any:
    """A creation timestamp column (UTC, timezone-aware)."""
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


def timestamp(*, index: bool = False) -> Any:
    """An optional timestamp column (UTC, timezone-aware)."""
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=True, index=index)


def json_column() -> Any:
    """A JSON document column (dicts of plain values)."""
    return Field(default_factory=dict, sa_type=JSON, nullable=False)
