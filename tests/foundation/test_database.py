"""The database: SQLite pragmas, migrations, schema checks, connection errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from counter.base.errors import DatabaseError
from counter.store import schema
from counter.store.db import Database
from counter.store.migrations import SCHEMA_HEAD


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.write() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_schema_head_matches_the_shipped_revisions() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from counter.store.migrations import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_HEAD]


def test_upgrade_creates_the_schema_and_is_repeatable(database_url: str) -> None:
    db = Database(database_url)
    assert schema.current_revision(db) is None
    assert schema.upgrade(db) is None
    assert schema.current_revision(db) == SCHEMA_HEAD
    assert schema.upgrade(db) == SCHEMA_HEAD
    db.dispose()


def test_database_from_a_newer_counter_is_refused_and_left_alone(db: Database) -> None:
    with db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="9999"):
        schema.upgrade(db)
    assert schema.current_revision(db) == "9999"


def test_unreachable_database_gives_a_clear_error() -> None:
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(DatabaseError) as caught:
        db.check_connection()
    assert "127.0.0.1" in caught.value.message


def test_write_rolls_back_on_error(db: Database) -> None:
    from models import Office

    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Office(code="X1", name="test"))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.exec(text("SELECT count(*) FROM office")).scalar() == 0  # type: ignore[call-overload]


def test_counters_starting_together_migrate_once_and_all_start(database_url: str) -> None:
    """Four counters open an empty database at the same moment: one migrates under the lock, the
    others wait and find the schema current; none fails on half-made tables."""
    import threading

    from counter.store.migrations import SCHEMA_HEAD

    databases = [Database(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(databases))
    errors: list[BaseException] = []

    def start(database: Database) -> None:
        barrier.wait(timeout=30)
        try:
            schema.upgrade(database)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(database,), daemon=True) for database in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert not any(thread.is_alive() for thread in threads), "a counter is still waiting on the migration"
        assert errors == []
        assert all(schema.current_revision(database) == SCHEMA_HEAD for database in databases)
    finally:
        for database in databases:
            if not any(thread.is_alive() for thread in threads):
                database.dispose()
