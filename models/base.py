"""Column helpers shared by every table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the only time the database stores)."""
    return datetime.now(UTC)


def uuid_pk() -> Any:
    """A UUID primary key generated on the client, so offline rows never collide."""
    return Field(default_factory=uuid.uuid4, primary_key=True)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (`timestamptz`); SQLite keeps none, so values are written as UTC and
    marked UTC when read, and no caller ever mistakes a stored time for local time.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def created_at() -> Any:
    """A creation timestamp column (UTC, timezone-aware)."""
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


def timestamp(*, index: bool = False) -> Any:
    """An optional timestamp column (UTC, timezone-aware)."""
    return Field(default=None, sa_type=UtcDateTime, nullable=True, index=index)
