"""Migration 0010 on a database with print jobs: jobs queued before it are due from when they were
queued and keep everything else, and they print; going back drops only the new column and its index.
Both legs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from printing_helpers import file_bundle
from sqlalchemy import update
from sqlmodel import col, select

from counter.base.config import PrinterSettings, Settings
from counter.printing.spool import run_spool
from counter.store import schema
from counter.store.db import Database
from models import PrintJob, utcnow
from printers.fonts import BUNDLED_REGULAR


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return {column["name"] for column in sa.inspect(connection).get_columns("print_job")}


def _due_index(db: Database) -> dict[str, object] | None:
    with db.engine.connect() as connection:
        found = [index for index in sa.inspect(connection).get_indexes("print_job") if index["name"] == "ix_print_job_due"]
    return dict(found[0]) if found else None


def test_jobs_from_before_the_print_queue_are_due_from_when_they_were_queued_and_going_back_keeps_them(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    folder = PrinterSettings(name="보관함", kind="directory", address=str(tmp_path / "printed"))
    settings = Settings(database_url=database_url, device="T1", keys_dir=tmp_path / "keys", font_path=BUNDLED_REGULAR,
                        printers=[folder])
    file_bundle(db, receipt_no="3220052-T1-260316-0001-X")
    assert {o.status for o in run_spool(db, settings, once=True)} == {"done"}
    file_bundle(db, receipt_no="3220052-T1-260316-0002-X")
    with db.write() as session:  # queued a day ago, so being due "from then" is not being due "now"
        session.execute(update(PrintJob).where(col(PrintJob.status) == "pending")
                        .values(created_at=utcnow() - timedelta(days=1)))
    with db.session() as session:
        before = {(j.id, j.status, j.attempts, j.printed_at, j.created_at) for j in session.exec(select(PrintJob)).all()}
    assert _due_index(db) is not None
    schema.migrate_to(db, "0009")
    assert "next_attempt_at" not in _columns(db) and _due_index(db) is None
    schema.migrate_to(db, "head")
    with db.session() as session:
        jobs = session.exec(select(PrintJob)).all()
    assert {(j.id, j.status, j.attempts, j.printed_at, j.created_at) for j in jobs} == before
    assert len(jobs) == 4 and all(j.next_attempt_at == j.created_at for j in jobs)
    index = _due_index(db)
    assert index is not None and index["column_names"] == ["next_attempt_at"]
    where = [str(value) for value in dict(index.get("dialect_options") or {}).values()]
    assert any("status" in value and "pending" in value for value in where)  # only the waiting jobs
    outcomes = run_spool(db, settings, once=True)
    assert [o.status for o in outcomes] == ["done", "done"]
