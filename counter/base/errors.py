"""Typed errors that the UI and the CLI render as clear, translated messages (never tracebacks)."""

from __future__ import annotations


class CounterError(Exception):
    """Base of every error a clerk or an operator may see; `message` is already translated."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message


class ConfigError(CounterError):
    """The settings file or environment cannot be read or is invalid."""


class KeyFileError(CounterError):
    """A key file is missing where one must exist, unreadable, or corrupted."""


class DatabaseError(CounterError):
    """The database cannot be reached or is at a schema this code does not know."""


class AuthError(CounterError):
    """Sign-in refused: unknown clerk, wrong password, locked or inactive account."""


class ValidationError(CounterError):
    """Input rejected; `field` names the offending field."""


class NotFoundError(CounterError):
    """A requested row does not exist."""


class StoredDataError(DatabaseError):
    """A stored value does not have the shape its column promises (a JSON column, a stored text): the
    row is not used, so no paper is printed from it. `column` names the table and column."""

    def __init__(self, message: str, *, column: str) -> None:
        super().__init__(message, field=column, code="stored_data")
        self.column = column
