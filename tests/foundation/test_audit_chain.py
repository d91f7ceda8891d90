"""The audit trail's hash chain, and `counter audit verify`."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter.audit import Actor, record_event, verify_chain
from counter.cli import main
from counter.db import Database

ACTOR = Actor(None, "kim", "3650052", "T1")


def _record(db: Database, n: int) -> None:
    for i in range(n):
        with db.write() as session:
            record_event(session, "test.event", ACTOR, entity_type="thing", entity_id=str(i), details={"i": i, "이름": "김"})


def test_intact_chain_verifies(db: Database) -> None:
    _record(db, 5)
    with db.session() as session:
        report = verify_chain(session, batch=2)
    assert report.ok and report.checked == 5


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_event SET action = 'login' WHERE seq = 3", "content"),
        ("DELETE FROM audit_event WHERE seq = 3", "sequence"),
        ("UPDATE audit_event SET prev_hash = hash WHERE seq = 3", "previous"),
    ],
)
def test_edited_event_is_named(db: Database, statement: str, problem: str) -> None:
    _record(db, 5)
    with db.write() as session:
        session.execute(text(statement))
    with db.session() as session:
        report = verify_chain(session)
    assert not report.ok
    assert report.bad_seq in (3, 4) and problem in (report.problem or "")
    assert report.checked == 2


def test_cli_verify_reports_the_first_bad_event(db: Database, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _record(db, 3)
    monkeypatch.setenv("COUNTER_DATABASE_URL", db.url)
    assert main(["audit", "verify"]) == 0
    assert "3" in capsys.readouterr().out
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET details = '{\"i\": 99}' WHERE seq = 2"))
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "#2" in err
