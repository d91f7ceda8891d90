"""`counter setup`, run as a real process: the set-up screen's checks without a screen."""

from __future__ import annotations

import json
import os
import select as fd_select
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import col, select

from counter.base.config import Settings
from counter.office.clerks import authenticate, needs_setup
from counter.store.db import Database
from models import AuditEvent, Clerk, Office

PASSWORD = "correct horse"
ARGS = ("--office-code", "3650052", "--office-name", "역삼1동 주민센터", "--supervisor", "boss")


def run_setup(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "counter", "setup", *args], input=stdin, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=60, check=False)


def _db(url: str) -> Database:
    """The database with the key ring `counter setup` created in this COUNTER_HOME (events are sealed)."""
    from counter.office.runtime import Runtime

    return Runtime(settings=Settings(database_url=url), db=Database(url), device="T1").db


def test_sets_up_the_office_from_standard_input(database_url: str, counter_home: Path) -> None:
    result = run_setup(*ARGS, "--display-name", "이수진", stdin=f"{PASSWORD}\n{PASSWORD}\n",
                       env={"COUNTER_DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    assert "3650052" in result.stdout and "boss" in result.stdout and "{" not in result.stdout
    db = _db(database_url)
    try:
        clerk = authenticate(db, "boss", PASSWORD, Settings(database_url=database_url), "T1")
        assert clerk.is_supervisor and (clerk.display_name, clerk.office_name) == ("이수진", "역삼1동 주민센터")
        with db.session() as session:
            actions = [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.at), col(AuditEvent.seq))).all()]
        assert actions[:2] == ["office.setup", "clerk.add"]
    finally:
        db.dispose()
    assert (counter_home / "data" / "keys" / "rrn.keys").exists()


def test_the_office_phone_is_stored_for_the_papers_and_a_bad_one_refused(database_url: str) -> None:
    env = {"COUNTER_DATABASE_URL": database_url}
    refused = run_setup(*ARGS, "--office-phone", "3423-5392", stdin=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert refused.returncode == 2 and [e["field"] for e in json.loads(refused.stdout)["errors"]] == ["office_phone"]
    result = run_setup(*ARGS, "--office-phone", "02 3423 5392", stdin=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert result.returncode == 0, result.stderr
    db = _db(database_url)
    try:
        with db.session() as session:
            assert session.exec(select(Office)).one().phone == "02-3423-5392"
            setup = session.exec(select(AuditEvent).where(AuditEvent.action == "office.setup")).one()
            assert setup.details["phone"] == "02-3423-5392"
    finally:
        db.dispose()


def test_embedded_database_and_display_name_defaulting_to_the_user_name(counter_home: Path) -> None:
    result = run_setup(*ARGS, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    db = _db(f"sqlite:///{counter_home / 'data' / 'counter.store.db'}")
    try:
        with db.session() as session:
            assert session.exec(select(Clerk)).one().display_name == "boss"
    finally:
        db.dispose()


def test_bad_input_is_every_field_problem_as_json_and_nothing_is_written(database_url: str,
                                                                          counter_home: Path) -> None:
    result = run_setup("--office-code", "365", "--office-name", "", "--supervisor", "boss",
                       stdin="abcde\nabcde\n", env={"COUNTER_DATABASE_URL": database_url})
    assert result.returncode == 2, result.stderr
    errors = json.loads(result.stdout)["errors"]
    assert [e["field"] for e in errors] == ["office_code", "office_name", "password"]
    assert "7자리" in errors[0]["message"] and "8자" in errors[2]["message"]
    assert "Traceback" not in result.stderr
    db = _db(database_url)
    try:
        assert needs_setup(db)
    finally:
        db.dispose()
    assert not (counter_home / "data" / "keys" / "rrn.keys").exists()


def test_the_password_must_come_twice_and_match(counter_home: Path) -> None:
    differ = run_setup(*ARGS, stdin=f"{PASSWORD}\n{PASSWORD}x\n")
    assert differ.returncode == 2
    assert [e["field"] for e in json.loads(differ.stdout)["errors"]] == ["password_again"]
    once = run_setup(*ARGS, "--supervisor", "Bad Name", stdin=f"{PASSWORD}\n")
    assert once.returncode == 2
    assert [e["field"] for e in json.loads(once.stdout)["errors"]] == ["supervisor", "password_again"]


def test_an_office_already_set_up_is_refused_unchanged(database_url: str) -> None:
    env = {"COUNTER_DATABASE_URL": database_url}
    assert run_setup(*ARGS, stdin=f"{PASSWORD}\n{PASSWORD}\n", env=env).returncode == 0
    again = run_setup("--office-code", "1234567", "--office-name", "다른 곳", "--supervisor", "other",
                      stdin=f"{PASSWORD}\n{PASSWORD}\n", env=env)
    assert again.returncode == 1
    assert "이미 설정" in again.stderr and again.stdout == "" and "Traceback" not in again.stderr
    db = _db(database_url)
    try:
        with db.session() as session:
            assert [o.code for o in session.exec(select(Office)).all()] == ["3650052"]
            assert [c.username for c in session.exec(select(Clerk)).all()] == ["boss"]
    finally:
        db.dispose()


def _await_prompt(stream: int, seen: bytearray, count: int) -> None:
    """Read the process's stderr until `count` prompts (ending in ': ') have appeared."""
    deadline = time.monotonic() + 60
    while seen.count(b": ") < count and time.monotonic() < deadline:
        if fd_select.select([stream], [], [], 1)[0]:
            seen.extend(os.read(stream, 1024))


def test_on_a_terminal_the_password_is_asked_twice(counter_home: Path) -> None:
    main_fd, terminal_fd = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "counter", "setup", *ARGS], stdin=terminal_fd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)  # no controlling terminal: getpass uses stdin
    os.close(terminal_fd)
    assert process.stderr is not None and process.stdout is not None
    prompts = bytearray()
    try:
        for count in (1, 2):  # getpass flushes what was typed before its prompt, as a terminal would
            _await_prompt(process.stderr.fileno(), prompts, count)
            os.write(main_fd, f"{PASSWORD}\n".encode())
        out = process.stdout.read().decode()
        assert process.wait(timeout=60) == 0, prompts.decode()
    finally:
        os.close(main_fd)
        process.kill()
    assert prompts.decode().startswith("비밀번호: ") and "boss" in out
