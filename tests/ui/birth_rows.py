"""What a journey compares: the rows a filing wrote, normalised, and the same declaration filed by the CLI.

`bundle_rows(db, bundle_id)` gives a filed bundle as plain data without what differs between two
filings of the same declaration (ids, timestamps, receipt numbers, idempotency keys, ciphertexts and
lookup hashes); `cli_rows(...)` files a declaration with the real `counter file KIND --json FILE`
into a second database on the same leg and returns its `bundle_rows`. A journey files on the screen,
then calls `assert_filed_like_cli` (table by table, so a difference names its table). Birth and death
bundles alike. The office and the second database come from `journey_rows` (the death journeys' view).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from journey_rows import second_database, set_up_office
from sqlmodel import SQLModel, select
from ui_helpers import FIXED_NOW, PASSWORD

from counter.store.db import Database
from models import (
    AuditEvent,
    BirthReport,
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)

DROPPED = re.compile(r"^(id|fingerprint|receipt_no|.*_(id|at|key|cipher|lookup|receipt_no))$")
"""Columns and detail keys that differ between two filings of one declaration (or only identify rows)."""
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
REPORTS = (BirthReport, DeathReport, HeirApplication)


def _clean(value: Any, receipts: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {key: _clean(item, receipts) for key, item in sorted(value.items()) if not DROPPED.match(str(key))}
    if isinstance(value, list | tuple):
        return [_clean(item, receipts) for item in value]
    if isinstance(value, str):
        for receipt in receipts:
            value = value.replace(receipt, "<receipt>")
        return UUID.sub("<uuid>", value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _row(row: SQLModel, receipts: tuple[str, ...]) -> dict[str, Any]:
    return _clean(row.model_dump(), receipts)  # type: ignore[no-any-return]


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))


def bundle_rows(db: Database, bundle_id: uuid.UUID | None = None) -> dict[str, Any]:
    """A filed bundle (the only one when `bundle_id` is None) as comparable plain data."""
    with db.session() as session:
        if bundle_id is None:
            bundle = session.exec(select(Bundle)).one()
        else:
            bundle = session.get(Bundle, bundle_id)
            assert bundle is not None
        receipts = (bundle.receipt_no,)
        mine = str(bundle.id)
        view: dict[str, Any] = {"bundle": _row(bundle, receipts)}
        view["people"] = _sorted([_row(p, receipts) for p in session.exec(
            select(Person).where(Person.bundle_id == bundle.id)).all()])
        for model in REPORTS:
            view[model.__tablename__] = _sorted([_row(r, receipts) for r in session.exec(  # type: ignore[attr-defined]
                select(model).where(model.bundle_id == bundle.id)).all()])  # type: ignore[attr-defined]
        view["requests"] = sorted((_row(r, receipts) for r in session.exec(
            select(LinkedRequest).where(LinkedRequest.bundle_id == bundle.id)).all()),
            key=lambda r: (r["payload"].get("position", 0), r["service_code"]))
        view["print_jobs"] = _sorted([_row(j, receipts) for j in session.exec(
            select(PrintJob).where(PrintJob.bundle_id == bundle.id)).all()])
        view["messages"] = _sorted([_row(m, receipts) for m in session.exec(
            select(OutgoingMessage).where(OutgoingMessage.bundle_id == bundle.id)).all()])
        view["audit"] = _sorted([{"action": e.action, "clerk": e.clerk_username, **_clean(e.details.root, receipts)}
                                 for e in session.exec(select(AuditEvent).where(AuditEvent.entity_id == mine)).all()])
    return view


def cli_rows(kind: str, declaration: dict[str, Any], *, database_url: str, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch, clerk: str = "lee") -> dict[str, Any]:
    """File `declaration` with `counter file KIND --json FILE --clerk CLERK` into a fresh, set-up database on
    the leg of `database_url`, on the office day of the UI tests' clock (`FIXED_NOW`); its `bundle_rows`."""
    from counter.base import clock
    from counter.base.clock import KST
    from counter.cli import main
    from counter.store import schema

    path = tmp_path / f"{kind}-journey.json"
    path.write_text(json.dumps(declaration, ensure_ascii=False), encoding="utf-8")
    with second_database(database_url, tmp_path) as url:
        db = Database(url)
        try:
            schema.upgrade(db)
            from counter.base.config import Settings
            from counter.office.runtime import Runtime

            Runtime(settings=Settings(database_url=url, device="T1"), db=db, device="T1").keyring()
            set_up_office(db)
            with monkeypatch.context() as patch:
                patch.setenv("COUNTER_DATABASE_URL", url)
                patch.setenv("COUNTER_DEVICE", "T1")
                patch.setenv("COUNTER_PASSWORD", PASSWORD)
                # The CLI files on the office's day (Korea); the screen's app runs on the fixed clock: the same day.
                patch.setattr(clock, "korea_now", lambda: FIXED_NOW.replace(tzinfo=KST))
                assert main(["file", kind, "--json", str(path), "--clerk", clerk]) == 0
            return bundle_rows(db)
        finally:
            db.dispose()


def assert_filed_like_cli(db: Database, kind: str, declaration: dict[str, Any], *, database_url: str, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The only bundle in `db` (filed on the screen) has the rows the CLI files for `declaration`; returns them."""
    screen = bundle_rows(db)
    cli = cli_rows(kind, declaration, database_url=database_url, tmp_path=tmp_path, monkeypatch=monkeypatch)
    assert screen.keys() == cli.keys()
    for table in screen:
        assert (table, screen[table]) == (table, cli[table])
    return screen
