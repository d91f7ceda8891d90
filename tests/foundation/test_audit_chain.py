"""The sealed audit chains (one per office and device), anchors, and `counter audit verify|head`."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from counter.base.errors import KeyFileError
from counter.cli import main
from counter.store.audit import (
    GENESIS_HASH,
    Actor,
    ChainHead,
    NewEvent,
    chain_heads,
    event_seal,
    legacy_hash,
    record_event,
    record_events,
    verify_chains,
)
from counter.store.db import Database
from models import AuditDetails, AuditEvent

ACTOR = Actor(None, "kim", "3650052", "T1")
OTHER_DEVICE = Actor(None, "park", "3650052", "T2")
CHAIN = "3650052/T1"


def _record(db: Database, n: int, actor: Actor = ACTOR) -> None:
    for i in range(n):
        with db.write() as session:
            record_event(session, "test.event", actor, entity_type="thing", entity_id=str(i), details={"i": i, "이름": "김"})


def _verify(db: Database, *anchors: ChainHead):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {report.chain: report for report in verify_chains(session, db.audit_key or b"", anchors, batch=2)}


def _events(db: Database, chain: str = CHAIN) -> list[AuditEvent]:
    with db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.chain == chain).order_by(col(AuditEvent.seq))))


def _head(db: Database) -> ChainHead:
    with db.session() as session:
        return next(head for head in chain_heads(session) if head.chain == CHAIN)


def test_intact_chains_verify_one_per_office_and_device(db: Database) -> None:
    _record(db, 3)
    _record(db, 2, OTHER_DEVICE)
    _record(db, 2)
    reports = _verify(db)
    assert set(reports) == {CHAIN, "3650052/T2"}
    assert reports[CHAIN].ok and reports[CHAIN].checked == 5
    assert reports["3650052/T2"].ok and reports["3650052/T2"].checked == 2
    assert [e.seq for e in _events(db)] == [1, 2, 3, 4, 5]


def test_events_recorded_in_bulk_are_sealed_and_linked_like_single_ones(db: Database) -> None:
    _record(db, 2)
    with db.write() as session:
        record_event(session, "test.single", ACTOR, details={"n": 0}, flush=False)  # still pending: goes first
        record_events(session, ACTOR, [NewEvent("test.bulk", "thing", f"id-{n}", {"n": n, "이름": "김"})
                                       for n in range(1, 4)])
        record_event(session, "test.single", ACTOR, details={"n": 4})
        record_events(session, OTHER_DEVICE, [NewEvent("test.bulk")])
    _record(db, 1)
    events = _events(db)
    assert [(e.seq, e.action) for e in events] == [
        (1, "test.event"), (2, "test.event"), (3, "test.single"), (4, "test.bulk"), (5, "test.bulk"),
        (6, "test.bulk"), (7, "test.single"), (8, "test.event")]
    assert [e.details["n"] for e in events[2:7]] == [0, 1, 2, 3, 4] and events[4].entity_id == "id-2"
    assert all(e.hash == event_seal(e, db.audit_key or b"") for e in events)
    reports = _verify(db)
    assert reports[CHAIN].ok and reports[CHAIN].checked == 8 and reports["3650052/T2"].checked == 1
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET details = '{\"n\": 9}' WHERE seq = 5"))
    assert _verify(db)[CHAIN].bad_seq == 5


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
    report = _verify(db)[CHAIN]
    assert not report.ok
    assert report.bad_seq in (3, 4) and problem in (report.problem or "")
    assert report.checked == 2


def test_the_previous_seal_is_part_of_what_is_sealed(db: Database) -> None:
    """Re-linking an event to another predecessor, even with its own seal recomputed, breaks the chain."""
    _record(db, 3)
    third = _events(db)[2]
    third.prev_hash = "f" * 64
    resealed = event_seal(third, db.audit_key or b"")
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET prev_hash = :p WHERE chain = :c AND seq = 3"),
                        {"p": "f" * 64, "c": CHAIN})
        session.execute(text("UPDATE audit_event SET hash = :h WHERE chain = :c AND seq = 3"),
                        {"h": resealed, "c": CHAIN})
    report = _verify(db)[CHAIN]
    assert report.bad_seq == 3 and "previous" in (report.problem or "")


def test_rewriting_and_rehashing_every_later_event_without_the_key_is_detected(db: Database) -> None:
    """The attack the plain SHA-256 chain missed: edit one event, then recompute every later hash."""
    _record(db, 5)
    events = _events(db)
    previous = events[1].hash
    with db.write() as session:
        for event in events[2:]:
            event.prev_hash = previous
            if event.seq == 3:
                event.details = AuditDetails({"i": 99})
            event.hash = hashlib.sha256(json.dumps([event.seq, event.action, event.details.root, previous]).encode()
                                        ).hexdigest()
            session.execute(text("UPDATE audit_event SET details = :d, prev_hash = :p, hash = :h WHERE id = :id"),
                            {"d": json.dumps(event.details.root), "p": previous, "h": event.hash, "id": event.id.hex})
            previous = event.hash
    report = _verify(db)[CHAIN]
    assert report.bad_seq == 3 and "content" in (report.problem or "")


def test_resealing_with_another_key_is_detected(db: Database) -> None:
    _record(db, 2)
    second = _events(db)[1]
    forged = event_seal(second, b"k" * 32)
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET hash = :h WHERE id = :id"), {"h": forged, "id": second.id.hex})
    assert _verify(db)[CHAIN].bad_seq == 2


def test_cutting_the_newest_events_is_detected_against_the_noted_head(db: Database) -> None:
    _record(db, 4)
    head = _head(db)
    assert _verify(db, head)[CHAIN].ok
    with db.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE chain = :c AND seq = 4"), {"c": CHAIN})
    assert _verify(db)[CHAIN].ok  # without an anchor a cut end is indistinguishable from a short chain
    report = _verify(db, head)[CHAIN]
    assert not report.ok and "cut" in (report.problem or "") and report.checked == 3


def test_a_whole_chain_deleted_is_detected_against_its_head(db: Database) -> None:
    _record(db, 2)
    head = _head(db)
    with db.write() as session:
        session.execute(text("DELETE FROM audit_event"))
    report = _verify(db, head)[CHAIN]
    assert not report.ok and report.checked == 0


def test_a_chain_cut_and_refilled_past_the_head_is_detected(db: Database) -> None:
    _record(db, 3)
    head = _head(db)
    with db.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE chain = :c AND seq = 3"), {"c": CHAIN})
    _record(db, 2)  # new, validly sealed events after the cut
    report = _verify(db, head)[CHAIN]
    assert not report.ok and report.bad_seq == 3 and "noted head" in (report.problem or "")


def test_recording_without_the_audit_key_is_refused(db: Database) -> None:
    keyless = Database(db.url)
    try:
        with pytest.raises(KeyFileError), keyless.write() as session:
            record_event(session, "test.event", ACTOR)
    finally:
        keyless.dispose()


def test_legacy_events_keep_their_sha256_chain(db: Database) -> None:
    event = AuditEvent(chain="legacy", seq=1, office_code="3650052", device="T1", action="legacy.event",
                       details=AuditDetails({}), prev_hash=GENESIS_HASH, hash="")
    event.hash = legacy_hash(event)
    with db.write() as session:
        session.add(event)
    assert _verify(db)["legacy"].ok
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET action = 'x' WHERE chain = 'legacy'"))
    assert not _verify(db)["legacy"].ok


@pytest.mark.parametrize("bad", ["", "12", "x@1:" + "a" * 64, "1:" + "g" * 64, "abc:" + "a" * 64])
def test_malformed_heads_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        ChainHead.parse(bad, None if bad.startswith("1:") else "3650052/T1")


def test_cli_head_and_verify(db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _record(db, 3)
    monkeypatch.setenv("COUNTER_DATABASE_URL", db.url)
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    assert main(["audit", "head"]) == 0
    head_line = capsys.readouterr().out.strip()
    assert head_line.startswith(f"{CHAIN}@3:")
    bare = head_line.split("@", 1)[1]
    assert main(["audit", "verify", "--head", head_line]) == 0
    assert "3" in capsys.readouterr().out
    with db.write() as session:
        session.execute(text("DELETE FROM audit_event WHERE seq = 3"))
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--head", bare]) == 1  # SEQ:SEAL alone means this device's chain
    assert "#3" in capsys.readouterr().err
    with db.write() as session:
        session.execute(text("UPDATE audit_event SET details = '{\"i\": 99}' WHERE seq = 2"))
    assert main(["audit", "verify"]) == 1
    assert "#2" in capsys.readouterr().err
    assert main(["audit", "verify", "--head", "3:\x9b[31m"]) == 2
    err = capsys.readouterr().err
    assert "\x9b" not in err and "U+009B" in err  # refused by its code point, never echoed raw


def test_an_installation_from_before_sealing_keeps_its_events_and_gets_a_key(tmp_path, counter_home) -> None:  # type: ignore[no-untyped-def]
    """Upgrading a 0001 database: its SHA-256 events become the `legacy` chain, still verified; the
    counter creates its audit key once, and new events are sealed in their own chain."""
    from alembic import command

    from counter.base.config import Settings
    from counter.office.runtime import Runtime
    from counter.store import schema
    from counter.store.keys import AUDIT_KEY_FILE, create_keys

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}", device="T1")
    old = Database(settings.database_url_or_default())
    with old.write_engine.begin() as connection:
        command.upgrade(schema._alembic_config(connection), "0001")  # type: ignore[arg-type]
    previous = GENESIS_HASH
    with old.write_engine.begin() as connection:
        for seq in (1, 2):
            event = AuditEvent(seq=seq, office_code="3650052", device="T1", action="old.event", details=AuditDetails({"n": seq}),
                               prev_hash=previous, hash="")
            event.hash = legacy_hash(event)
            connection.execute(text(
                "INSERT INTO audit_event (id, seq, at, office_code, device, action, details, prev_hash, hash) "
                "VALUES (:id, :seq, :at, :office, :device, :action, :details, :prev, :hash)"),
                {"id": event.id.hex, "seq": seq, "at": event.at.replace(tzinfo=None).isoformat(sep=" "),
                 "office": "3650052", "device": "T1", "action": "old.event", "details": json.dumps({"n": seq}),
                 "prev": previous, "hash": event.hash})
            previous = event.hash
    schema.upgrade(old)
    keys_dir = settings.keys_directory()
    create_keys(keys_dir)
    (keys_dir / AUDIT_KEY_FILE).unlink()  # keys made before the audit key existed
    runtime = Runtime(settings=settings, db=old, device="T1")
    _record(old, 1)
    assert (keys_dir / AUDIT_KEY_FILE).exists()
    reports = _verify(old)
    assert reports["legacy"].ok and reports["legacy"].checked == 2
    assert reports[CHAIN].ok and reports[CHAIN].checked == 1
    assert runtime.keyring().audit_key == old.audit_key
    old.dispose()
