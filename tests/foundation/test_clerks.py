"""Set-up, clerks, sign-in and lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from counter.base.config import Settings
from counter.base.errors import AuthError, ValidationError
from counter.office.clerks import add_clerk, authenticate, needs_setup, setup_office, unlock_clerk
from counter.store.audit import Actor
from counter.store.db import Database
from models import AuditEvent, Clerk, utcnow

PASSWORD = "correct horse"


def _setup(db: Database):  # type: ignore[no-untyped-def]
    return setup_office(db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")


def _actions(db: Database) -> list[str]:
    with db.session() as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.at), col(AuditEvent.seq))).all()]


def test_setup_creates_office_and_supervisor_once(db: Database) -> None:
    assert needs_setup(db)
    boss = _setup(db)
    assert boss.is_supervisor and boss.office_code == "3650052"
    assert not needs_setup(db)
    with pytest.raises(ValidationError):
        _setup(db)
    assert _actions(db) == ["office.setup", "clerk.add"]


def test_password_is_hashed_with_argon2(db: Database) -> None:
    _setup(db)
    with db.session() as session:
        clerk = session.exec(select(Clerk)).one()
    assert clerk.password_hash.startswith("$argon2id$") and PASSWORD not in clerk.password_hash


def test_sign_in_and_wrong_password(db: Database, settings: Settings) -> None:
    _setup(db)
    assert authenticate(db, "BOSS", PASSWORD, settings, "T1").username == "boss"
    with pytest.raises(AuthError, match="4"):
        authenticate(db, "boss", "wrong password", settings, "T1")
    with pytest.raises(AuthError):
        authenticate(db, "nobody", PASSWORD, settings, "T1")
    assert _actions(db)[-3:] == ["login", "login.failed", "login.unknown"]


def test_five_failures_lock_until_a_supervisor_clears_it(db: Database, settings: Settings) -> None:
    boss = _setup(db)
    add_clerk(db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    for _attempt in range(4):
        with pytest.raises(AuthError):
            authenticate(db, "lee", "bad password", settings, "T1")
    with pytest.raises(AuthError) as caught:
        authenticate(db, "lee", "bad password", settings, "T1")
    assert caught.value.code == "locked"
    with pytest.raises(AuthError) as caught:
        authenticate(db, "lee", PASSWORD, settings, "T1")  # even the right password
    assert caught.value.code == "locked"
    lee = authenticate(db, "boss", PASSWORD, settings, "T1")
    with pytest.raises(AuthError):
        unlock_clerk(db, "boss", Actor(None, "x", None, "T1"), by=authenticate_clerk_only(db, settings))
    unlock_clerk(db, "lee", lee.actor, by=lee)
    assert authenticate(db, "lee", PASSWORD, settings, "T1").username == "lee"
    assert "account.locked" in _actions(db) and "account.unlocked" in _actions(db)


def authenticate_clerk_only(db: Database, settings: Settings):  # type: ignore[no-untyped-def]
    add_clerk(db, username="park", display_name="박", role="clerk", password=PASSWORD,
              actor=Actor(None, "cli", None, "T1"))
    return authenticate(db, "park", PASSWORD, settings, "T1")


def test_lock_expires_after_the_configured_time(db: Database, settings: Settings) -> None:
    _setup(db)
    for _attempt in range(settings.lockout_attempts):
        with pytest.raises(AuthError):
            authenticate(db, "boss", "bad password", settings, "T1")
    later = utcnow() + timedelta(minutes=settings.lockout_minutes + 1)
    assert authenticate(db, "boss", PASSWORD, settings, "T1", now=later).username == "boss"


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("username", {"username": "Bad Name!"}),
        ("password", {"password": "short"}),
        ("office_code", {"office_code": "??"}),
        ("office_name", {"office_name": "\x1b[31m"}),
    ],
)
def test_bad_setup_input_names_the_field_and_writes_nothing(db: Database, field: str, kwargs: dict) -> None:
    values = {"office_code": "3650052", "office_name": "역삼1동", "username": "boss", "display_name": "이수진",
              "password": PASSWORD, "device": "T1"} | kwargs
    with pytest.raises(ValidationError) as caught:
        setup_office(db, **values)
    assert caught.value.field == field
    assert needs_setup(db) and _actions(db) == []
