"""Schema revisions: check at start, upgrade at start or with `counter db upgrade`."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from counter.base.errors import DatabaseError
from counter.base.i18n import _
from counter.store.db import Database
from counter.store.migrations import MIGRATIONS_DIR, SCHEMA_HEAD

_PG_MIGRATION_LOCK = 0x636F756E74657231  # any constant: names the lock that serialises migrations


LOCKED_RETRIES = 5
"""Times a SQLite reader waits its busy timeout again while another counter migrates the file."""


def current_revision(db: Database) -> str | None:
    """The revision stored in the database, or None for an empty database."""
    for attempt in range(LOCKED_RETRIES + 1):
        try:
            with db.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError as exc:
            # A counter migrating the same SQLite file can hold it longer than one busy timeout
            # (a table copied on a loaded machine): wait again, a bounded number of times.
            if db.dialect == "sqlite" and "locked" in str(exc.orig) and attempt < LOCKED_RETRIES:
                continue
            db.check_connection()
            raise DatabaseError(_("Cannot read the database schema: {error}").format(error=exc.orig)) from exc
    raise AssertionError("unreachable")


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    """Every revision this code ships."""
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}  # type: ignore[arg-type]


def upgrade(db: Database) -> str | None:
    """Bring the database to `SCHEMA_HEAD`; returns the revision it was at.

    Raises DatabaseError, changing nothing, when the database is at a revision this code does not
    know (a newer Counter wrote it).
    """
    before = current_revision(db)
    if before == SCHEMA_HEAD:
        return before
    if before is not None and before not in known_revisions():
        raise DatabaseError(
            _(
                "The database is at schema {found}, newer than this version of Counter knows "
                "(up to {head}). Update Counter on this machine; nothing was changed."
            ).format(found=before, head=SCHEMA_HEAD)
        )
    from alembic import command

    with db.write_engine.begin() as connection:
        if db.dialect == "postgresql":
            # Counters started together after an upgrade: one migrates, the others wait for its commit
            # and then find the schema current (DDL is transactional on PostgreSQL). SQLite's
            # BEGIN IMMEDIATE already serialises this transaction.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            if (connection.execute(text("SELECT to_regclass('alembic_version')")).scalar() is not None
                    and connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD):
                return before
        command.upgrade(_alembic_config(connection), "head")  # type: ignore[arg-type]
    return before



def migrate_to(db: Database, target: str) -> None:
    """Upgrade to `head`, or take the database back down to the revision `target`, in one transaction
    (for an operator undoing an upgrade, and for the tests of each revision; start-up uses `upgrade`)."""
    from alembic import command

    with db.write_engine.begin() as connection:
        config = _alembic_config(connection)
        if target == "head":
            command.upgrade(config, target)  # type: ignore[arg-type]
        else:
            command.downgrade(config, target)  # type: ignore[arg-type]
