"""Migration 0006: a database at 0005 with filed bundles gains the empty `birth_notification` table and
keeps every row; the downgrade drops the table only. Both database legs."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from notification_helpers import TODAY, jsonl, notification
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from counter.base.session import Actor, SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.notification_file import parse_notification_lines
from counter.filing.notifications import import_notifications
from counter.office.runtime import Runtime
from counter.store import schema
from counter.store.migrations import SCHEMA_HEAD
from models import BirthNotification, Bundle

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "birth-third-child.json"



def _migrate(runtime: Runtime, target: str) -> None:
    schema.migrate_to(runtime.db, target)


def _tables(runtime: Runtime) -> set[str]:
    with runtime.db.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def _bundles(runtime: Runtime) -> list[tuple[str, str]]:
    with runtime.db.session() as session:
        return [(b.receipt_no, b.details.model_dump_json()) for b in session.exec(select(Bundle)).all()]


def test_a_database_at_0005_gains_the_table_and_keeps_its_rows(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth(runtime, clerk, json.loads(EXAMPLE.read_text(encoding="utf-8")), today=date(2026, 11, 27))
    filed = _bundles(runtime)
    _migrate(runtime, "0005")
    assert "birth_notification" not in _tables(runtime)
    assert schema.current_revision(runtime.db) == "0005" and _bundles(runtime) == filed
    assert schema.upgrade(runtime.db) == "0005"  # what a counter does at start
    assert schema.current_revision(runtime.db) == SCHEMA_HEAD and "birth_notification" in _tables(runtime)
    assert _bundles(runtime) == filed
    with runtime.db.session() as session:
        assert session.exec(select(BirthNotification)).all() == []
        indexes = {index["name"] for index in sa.inspect(session.connection()).get_indexes("birth_notification")}
    assert {"ix_birth_notification_mother_rrn_lookup", "ix_birth_notification_status"} <= indexes


def test_the_downgrade_drops_the_notifications_only_and_the_upgrade_comes_back(runtime: Runtime,
                                                                              clerk: SignedInClerk) -> None:
    file_birth(runtime, clerk, json.loads(EXAMPLE.read_text(encoding="utf-8")), today=date(2026, 11, 27))
    import_notifications(runtime.db, runtime.vault, Actor(None, "cli", None, "T1"),
                         parse_notification_lines(jsonl(notification()), today=TODAY))
    filed = _bundles(runtime)
    _migrate(runtime, "0005")
    assert "birth_notification" not in _tables(runtime) and _bundles(runtime) == filed
    _migrate(runtime, "head")
    with runtime.db.session() as session:
        assert session.exec(select(BirthNotification)).all() == []
    summary = import_notifications(runtime.db, runtime.vault, Actor(None, "cli", None, "T1"),
                                   parse_notification_lines(jsonl(notification()), today=TODAY))
    assert [outcome.result for outcome in summary.outcomes] == ["imported"]


def test_the_table_enforces_one_notification_per_institution_and_id(runtime: Runtime, clerk: SignedInClerk) -> None:
    """The database itself holds the import's identity, whatever a future writer does."""
    import_notifications(runtime.db, runtime.vault, Actor(None, "cli", None, "T1"),
                         parse_notification_lines(jsonl(notification()), today=TODAY))
    with runtime.db.session() as session:
        row = session.exec(select(BirthNotification)).one()
    copy = BirthNotification(**{**row.model_dump(), "id": uuid.uuid4()})
    with pytest.raises(IntegrityError), runtime.db.write() as session:
        session.add(copy)
