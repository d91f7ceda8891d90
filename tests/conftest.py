"""Fixtures shared by every test: an isolated COUNTER_HOME, and clean databases.

`db` runs a test on SQLite always and on PostgreSQL too when COUNTER_TEST_POSTGRES_URL is set
(each test gets its own freshly migrated schema, dropped afterwards).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from counter.base.config import Settings
from counter.base.i18n import set_language
from counter.office.runtime import Runtime
from counter.store.db import Database

POSTGRES_URL = os.environ.get("COUNTER_TEST_POSTGRES_URL")
DB_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def counter_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with its own COUNTER_HOME and no COUNTER_* settings from outside."""
    for name in list(os.environ):
        if name.startswith("COUNTER_") and name != "COUNTER_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("COUNTER_HOME", str(home))
    set_language("ko")
    return home


def _postgres_schema_url(schema: str) -> str:
    assert POSTGRES_URL
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=DB_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database (SQLite file, or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'counter-test.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("COUNTER_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
    from counter.store import schema
    from counter.store.keys import create_keys, load_keyring

    database = Database(database_url)
    schema.upgrade(database)
    keys_dir = Settings(database_url=database_url).keys_directory()
    create_keys(keys_dir)  # the same key files a runtime over this database loads
    database.audit_key = load_keyring(keys_dir).audit_key
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at the test database, with a short lockout for tests."""
    return Settings(database_url=database_url, device="T1")


@pytest.fixture
def runtime(db: Database, settings: Settings) -> Runtime:
    """A runtime over the test database, with keys created in the test's COUNTER_HOME."""
    rt = Runtime(settings=settings, db=db, device="T1")
    rt.keyring(create=True)
    return rt
