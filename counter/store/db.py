"""Engine, sessions and schema checks for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on, a busy timeout and `synchronous=FULL` (a filing that
returned is on disk). Writers take the lock up front (`BEGIN IMMEDIATE`) so two counters never
deadlock half-way through a filing; readers use a separate engine and never block writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlmodel import Session, create_engine

from counter.base.errors import DatabaseError, StoredDataError
from counter.base.i18n import _
from models import JsonShapeError

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


class Database:
    """One database: a reading engine, a writing engine, and session factories."""

    def __init__(self, url: str, *, audit_key: bytes | None = None) -> None:
        self.url = url
        self.audit_key = audit_key
        """Seals audit events (counter.store.audit); set once the key ring is loaded."""
        self.audit_key_loader: Callable[[], bytes] | None = None
        """Loads the key ring when the first event is recorded before anything else loaded it."""
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, "BEGIN")
            self.write_engine = _sqlite_engine(url, "BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
            self.write_engine = self.engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading (and small writes the caller commits itself)."""
        with _shape_errors(), Session(self.engine, expire_on_commit=False, info=self._session_info()) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with (_shape_errors(), Session(self.write_engine, expire_on_commit=False, info=self._session_info()) as session,
              session.begin()):
            yield session

    def _session_info(self) -> dict[str, Any]:
        return {"audit_key": self._audit_key}

    def _audit_key(self) -> bytes | None:
        if self.audit_key is None and self.audit_key_loader is not None:
            self.audit_key = self.audit_key_loader()
        return self.audit_key

    def check_connection(self) -> None:
        """Connect once; DatabaseError with a clear message if the database cannot be reached."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseError(
                _("Cannot connect to the database {url}: {error}").format(
                    url=safe_url(self.url), error=str(exc.orig).strip().splitlines()[0] if exc.orig else exc
                )
            ) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


def stored_data_error(error: JsonShapeError) -> StoredDataError:
    """The clerk's and the operator's message for a JSON value of the wrong shape."""
    return StoredDataError(
        _("A stored value in {column} does not have the expected form, so it was not used ({problem}). "
          "Tell the system administrator.").format(column=error.column, problem=error.problem),
        column=error.column,
    )


@contextmanager
def _shape_errors() -> Iterator[None]:
    """A JSON value of the wrong shape, written or read, as a StoredDataError (see `models.shapes`)."""
    try:
        yield
    except JsonShapeError as error:
        raise stored_data_error(error) from error
    except StatementError as error:
        if isinstance(error.orig, JsonShapeError):
            raise stored_data_error(error.orig) from error
        raise


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)
