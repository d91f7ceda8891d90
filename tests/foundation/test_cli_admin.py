"""Operator commands, run as real processes where the console output matters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter.base.config import Settings
from counter.cli import main
from counter.office.clerks import authenticate, setup_office
from counter.store.db import Database


def run_counter(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "counter", *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False)


def test_clerk_add_reads_the_password_from_stdin(db: Database, settings: Settings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    setup_office(db, office_code="3650052", office_name="역삼1동", username="boss", display_name="이수진",
                 password="correct horse", device="T1")
    result = run_counter("clerk", "add", "lee", "--role", "clerk", stdin="another secret\n",
                         env={"COUNTER_DATABASE_URL": db.url})
    assert result.returncode == 0, result.stderr
    assert authenticate(db, "lee", "another secret", settings, "T1").role == "clerk"


def test_an_office_set_up_without_a_phone_gets_one_and_it_is_audited(db: Database) -> None:
    from sqlmodel import select

    from models import AuditEvent, Office

    setup_office(db, office_code="3650052", office_name="역삼1동", username="boss", display_name="이수진",
                 password="correct horse", device="T1")
    env = {"COUNTER_DATABASE_URL": db.url}
    refused = run_counter("office", "set", "--phone", "12-34", env=env)
    assert refused.returncode == 1 and "02-3423-5392" in refused.stderr and "Traceback" not in refused.stderr
    changed = run_counter("office", "set", "--phone", "0234235392", "--name", "역삼1동 주민센터", env=env)
    assert changed.returncode == 0, changed.stderr
    assert run_counter("office", "show", env=env).stdout.split("\t") == ["3650052", "역삼1동 주민센터", "02-3423-5392\n"]
    with db.session() as session:
        office = session.exec(select(Office)).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "office.edit")).one()
    assert (office.name, office.phone) == ("역삼1동 주민센터", "02-3423-5392")
    assert event.details.root == {"code": "3650052", "name": "역삼1동 주민센터", "phone": "02-3423-5392"}
    assert run_counter("office", "set", "--phone", "", env=env).returncode == 0
    assert run_counter("office", "show", env=env).stdout.split("\t")[2] == "-\n"


def test_clerk_add_before_setup_says_what_to_do(db: Database) -> None:
    result = run_counter("clerk", "add", "lee", stdin="another secret\n", env={"COUNTER_DATABASE_URL": db.url})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "counter" in result.stderr


def test_unreachable_database_url_is_a_message_not_a_traceback() -> None:
    result = run_counter("db", "upgrade",
                         env={"COUNTER_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/none?connect_timeout=2"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "127.0.0.1" in result.stderr


def test_unreadable_settings_file_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("lang = [", encoding="utf-8")
    result = run_counter("--config", str(bad), "db", "status")
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and "Traceback" not in result.stderr


def test_missing_key_file_stops_the_app_with_a_message(db: Database, counter_home: Path) -> None:
    setup_office(db, office_code="3650052", office_name="역삼1동", username="boss", display_name="이수진",
                 password="correct horse", device="T1")
    (counter_home / "data" / "keys" / "rrn.keys").unlink()
    result = run_counter(env={"COUNTER_DATABASE_URL": db.url})
    assert result.returncode == 1
    assert "rrn.keys" in result.stderr and "Traceback" not in result.stderr


def test_db_upgrade_in_process(db: Database, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COUNTER_DATABASE_URL", db.url)
    assert main(["--lang", "en", "db", "upgrade"]) == 0
    assert "revision" in capsys.readouterr().out
