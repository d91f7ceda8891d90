"""Migration 0009 on a database with filed bundles: requests and messages filed before it are due from
their filing time and keep everything else; going back drops only the new columns. Both legs."""

from __future__ import annotations

import sqlalchemy as sa
from agency_filings import file_deaths
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from counter.store import schema
from models import LinkedRequest, OutgoingMessage


def _migrate(runtime: Runtime, target: str) -> None:
    schema.migrate_to(runtime.db, target)


def _columns(runtime: Runtime, table: str) -> set[str]:
    with runtime.db.engine.connect() as connection:
        return {column["name"] for column in sa.inspect(connection).get_columns(table)}


def test_rows_from_before_the_queue_are_due_from_their_filing_and_going_back_keeps_them(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 2)
    with runtime.db.session() as session:
        before = {(r.id, r.status, r.agency_code) for r in session.exec(select(LinkedRequest)).all()}
    _migrate(runtime, "0008")
    assert not {"next_attempt_at", "agency_reference", "result_text"} & _columns(runtime, "linked_request")
    assert not {"next_attempt_at", "gateway_reference"} & _columns(runtime, "outgoing_message")
    _migrate(runtime, "head")
    with runtime.db.session() as session:
        requests = session.exec(select(LinkedRequest)).all()
        messages = session.exec(select(OutgoingMessage)).all()
    assert {(r.id, r.status, r.agency_code) for r in requests} == before
    assert all(r.next_attempt_at == r.created_at and r.agency_reference is None for r in requests)
    assert len(messages) == 2 and all(m.next_attempt_at == m.created_at for m in messages)
    with runtime.db.engine.connect() as connection:
        indexes = {index["name"] for index in sa.inspect(connection).get_indexes("linked_request")}
    assert "ix_linked_request_due" in indexes
    assert Dispatcher(runtime).run_once().acknowledged == 8  # the local departments' items, due at once
