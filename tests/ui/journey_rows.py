"""What a journey test compares: the rows a bundle left in the database, normalised so that the screen's
filing and the CLI's filing of the same declaration read the same (no ids, timestamps, receipt numbers,
idempotency keys, fingerprints or ciphertexts; people by role; bundles in filing order), and the CLI run
that files the declaration into a second database of the same kind (SQLite file or PostgreSQL schema).

Shared by the birth and death journeys (tests/ui/test_*_journey_rows.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import col, select

from counter.base.config import Settings
from counter.cli import main
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from counter.store import schema
from counter.store.db import Database
from models import (
    BirthReport,
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)

PASSWORD = "correct horse"
OFFICE = {"office_code": "3650052", "office_name": "역삼1동 주민센터"}
DROPPED = {"id", "idempotency_key", "fingerprint", "created_at", "updated_at", "filed_at", "claimed_at", "claimed_by",
           "synced_at", "printed_at", "sent_at", "rrn_cipher", "recipient_cipher", "rrn_lookup", "person_id",
           "next_attempt_at", "contact_cipher"}
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _scrub(value: Any, receipts: dict[str, str]) -> Any:
    """`value` without ids and timestamps; receipt numbers replaced by the bundle's place in filing order."""
    if isinstance(value, dict):
        return {key: _scrub(item, receipts) for key, item in sorted(value.items())
                if key not in DROPPED and not key.endswith("_id")}
    if isinstance(value, (list, tuple)):
        return [_scrub(item, receipts) for item in value]
    if isinstance(value, str):
        for receipt, label in receipts.items():
            value = value.replace(receipt, label)
        return UUID_RE.sub("<id>", value)
    if isinstance(value, uuid.UUID):
        return "<id>"
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def _row(model: Any) -> dict[str, Any]:
    return model.model_dump()  # type: ignore[no-any-return]


def filed_rows(db: Database) -> list[dict[str, Any]]:
    """Every bundle in `db`, in filing order, with its people, report, heir application, requests,
    print jobs and messages, normalised (see the module docstring)."""
    with db.session() as session:
        bundles = session.exec(select(Bundle).order_by(col(Bundle.filed_at), col(Bundle.receipt_no))).all()
        receipts = {bundle.receipt_no: f"<receipt {index}>" for index, bundle in enumerate(bundles)}
        bundle_label = {bundle.id: f"<bundle {index}>" for index, bundle in enumerate(bundles)}
        roles = {person.id: person.role for person in session.exec(select(Person)).all()}
        report_of = {report.id: bundle_label[report.bundle_id] for report in session.exec(select(DeathReport)).all()}
        views = []
        for bundle in bundles:
            def rows(model: Any, bundle_id: uuid.UUID = bundle.id) -> list[Any]:
                return list(session.exec(select(model).where(model.bundle_id == bundle_id)).all())

            view: dict[str, Any] = {
                "bundle": {"kind": bundle.kind, "status": bundle.status, "device": bundle.device,
                           "catalogue_set": bundle.catalogue_set, "duplicate_reason": bundle.duplicate_reason,
                           "details": bundle.details.model_dump()},
                "people": sorted((_row(person) for person in rows(Person)), key=lambda p: (p["role"], p["name"])),
                "birth_report": [{**_row(r), "child": roles[r.child_id], "reporter": roles[r.reporter_id]}
                                 for r in rows(BirthReport)],
                "death_report": [{**_row(r), "deceased": roles[r.deceased_id], "reporter": roles[r.reporter_id]}
                                 for r in rows(DeathReport)],
                "heir_application": [{**_row(a), "applicant": roles[a.applicant_id],
                                      "proxy": roles.get(a.proxy_id) if a.proxy_id else None,
                                      "death_report_of": report_of[a.death_report_id]}
                                     for a in rows(HeirApplication)],
                "requests": sorted((_row(r) for r in rows(LinkedRequest)), key=lambda r: r["service_code"]),
                "print_jobs": sorted((_row(j) for j in rows(PrintJob)), key=lambda j: (j["document"], j["role"])),
                "messages": [_row(m) for m in rows(OutgoingMessage)],
            }
            views.append(_scrub(view, receipts))
        return views


def office_database(url: str, device: str = "T1") -> Runtime:
    """A migrated database at `url` with the test office (supervisor `boss`, clerk `lee`), keys in
    COUNTER_HOME (created when missing)."""
    settings = Settings(database_url=url, device=device)
    db = Database(url)
    schema.upgrade(db)
    runtime = Runtime(settings=settings, db=db, device=device)
    runtime.keyring(create=True)
    set_up_office(db, device)
    return runtime


def set_up_office(db: Database, device: str = "T1") -> None:
    """The office the UI tests use: supervisor `boss`, clerk `lee` (password `correct horse`)."""
    boss = setup_office(db, username="boss", display_name="이수진", password=PASSWORD, device=device, **OFFICE)
    add_clerk(db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)


def cli_file(kind: str, declaration: dict[str, Any], url: str, directory: Path, device: str = "T1"
             ) -> dict[str, Any]:
    """`counter file KIND --json FILE --clerk lee` into the database at `url`; the printed result (exit 0)."""
    path = directory / f"{kind}-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps(declaration, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("COUNTER_DATABASE_URL", url)
        patch.setenv("COUNTER_DEVICE", device)
        patch.setenv("COUNTER_PASSWORD", PASSWORD)
        code = main(["file", kind, "--json", str(path), "--clerk", "lee"])
    result: dict[str, Any] = json.loads(out.getvalue())
    assert code == 0, result
    return result


@contextlib.contextmanager
def second_database(database_url: str, directory: Path) -> Iterator[str]:
    """Another empty database of the same kind as `database_url` (a SQLite file beside it, or a new
    PostgreSQL schema dropped afterwards), for the CLI's filing."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{directory / 'cli.db'}"
        return
    server = os.environ["COUNTER_TEST_POSTGRES_URL"]
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
