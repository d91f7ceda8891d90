"""Migration 0011's indexes, and the lookup's own statements planned on them on both databases (the name
prefix on PostgreSQL only through the "C" collation of `ix_person_name`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from lookup_filings import FATHER_RRN, file_births

from counter.base.session import SignedInClerk
from counter.lookup.query import parse_query
from counter.lookup.search import BundleFilter, search_bundles
from counter.office.runtime import Runtime
from counter.store import schema

LOOKUP_INDEXES = {"ix_bundle_filed", "ix_bundle_kind_filed", "ix_bundle_clerk_filed", "ix_bundle_office_filed"}


def _indexes(runtime: Runtime, table: str) -> set[str]:
    with runtime.db.engine.connect() as connection:
        return {index["name"] for index in sa.inspect(connection).get_indexes(table) if index["name"]}


def test_the_indexes_come_with_0011_and_go_with_it(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipts = file_births(runtime, clerk, [("김", "하늘")])
    assert _indexes(runtime, "bundle") >= LOOKUP_INDEXES and "ix_person_name" in _indexes(runtime, "person")
    if runtime.db.engine.dialect.name == "postgresql":
        with runtime.db.engine.connect() as connection:
            definition = connection.execute(sa.text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_person_name' AND schemaname = current_schema()"
            )).scalar_one()
        assert 'COLLATE "C"' in definition
    schema.migrate_to(runtime.db, "0010")
    assert not LOOKUP_INDEXES & _indexes(runtime, "bundle") and "ix_person_name" not in _indexes(runtime, "person")
    schema.migrate_to(runtime.db, "head")
    assert _indexes(runtime, "bundle") >= LOOKUP_INDEXES
    assert [row.receipt_no for row in search_bundles(runtime.db, BundleFilter(parse_query("김하", runtime.vault))).rows
            ] == receipts


@contextmanager
def _statements(runtime: Runtime) -> Iterator[list[tuple[str, Any]]]:
    """The SQL the lookup sends (with its parameters), read at the driver."""
    sent: list[tuple[str, Any]] = []

    def keep(_connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append((statement, parameters))

    sa.event.listen(runtime.db.engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        sa.event.remove(runtime.db.engine, "before_cursor_execute", keep)


def _plan(runtime: Runtime, statement: str, parameters: Any) -> str:
    with runtime.db.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor()
        if runtime.db.engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")  # a test table is small: ask whether the index *can* serve
        cursor.execute(f"EXPLAIN {statement}", parameters)
        plan = "\n".join(str(row[0]) for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        return plan


def test_each_key_is_served_by_its_index(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipts = file_births(runtime, clerk, [("김", "하늘"), ("이", "도윤")])
    for query, index in ((receipts[1], "ix_bundle_receipt_no"), (FATHER_RRN, "ix_person_rrn_lookup"),
                         ("김하", "ix_person_name"), ("", "ix_bundle_filed")):
        with _statements(runtime) as sent:
            search_bundles(runtime.db, BundleFilter(parse_query(query, runtime.vault)))
        statement, parameters = next((s, p) for s, p in sent if "FROM bundle" in s)
        assert index in _plan(runtime, statement, parameters), query
