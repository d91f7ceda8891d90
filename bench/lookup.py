"""Lookup benchmark: a bundle found by receipt number, by registration number and by name prefix at
1,000,000 bundles, side by side with a primary-key fetch on the same table, on SQLite and on PostgreSQL.

The rows are bulk-inserted (never done in tests): each bundle with its subject and a second person
(Korean names drawn from the common surnames, weighted roughly as in Korea, and two given-name
syllables; every person with a registration number's keyed lookup hash) and, every fifth bundle, five
requests to agencies. Each figure is the whole service call (`parse_query` + `search_bundles`: the
page, its masked names and its request counts), median of 21 after 3 warm-up calls; goal <= 10 ms.
PostgreSQL runs when COUNTER_TEST_POSTGRES_URL is set, in a schema created for the run and dropped.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUNDLES = int(os.environ.get("COUNTER_BENCH_LOOKUP_BUNDLES", "1000000"))  # fewer for a quick trial
CHUNK = 20_000
ROUNDS = 21
GOAL_MS = 10.0
SURNAMES = "김" * 21 + "이" * 15 + "박" * 8 + "최" * 5 + "정" * 4 + "강조윤장임" * 2 + "한오서신권황안송류전"
SYLLABLES = ("민서지수현준우영하은예도윤재연진성혜원채유나아시주희동건경승태"
             "소미정상호석환혁철종규빈율온솔별린겸훈찬기한결")


def _name(number: int) -> str:
    """The `number`-th person's name: a surname drawn by weight and two given-name syllables (seeded)."""
    pick = random.Random(number)
    return pick.choice(SURNAMES) + pick.choice(SYLLABLES) + pick.choice(SYLLABLES)


def _digits(number: int) -> str:
    return f"900101{1 + number // 1_000_000}{number % 1_000_000:06d}"


BUNDLE_COLUMNS = ("id", "kind", "receipt_no", "idempotency_key", "status", "office_id", "device", "clerk_id",
                  "catalogue_set", "details", "filed_at")
PERSON_COLUMNS = ("id", "bundle_id", "role", "name", "rrn_lookup", "details", "created_at")
REQUEST_COLUMNS = ("id", "bundle_id", "service_code", "agency_code", "agency_name", "local_department", "status",
                   "idempotency_key", "payload", "attempts", "reason", "next_attempt_at", "created_at")


def _rows(clerk: Any, vault: Any, start: int, stop: int, sqlite: bool) -> tuple[list[tuple[Any, ...]], ...]:
    """The rows of bundles `start`..`stop` as the driver takes them (SQLite: UUIDs as 32 hex digits and
    naive UTC times, as SQLAlchemy stores them there)."""
    from counter.filing.receipts import make_receipt_number

    epoch = datetime(2020, 1, 1, tzinfo=UTC)

    def key() -> Any:
        value = uuid.UUID(int=random.getrandbits(128), version=4)
        return value.hex if sqlite else value

    def moment(value: datetime) -> Any:
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds") if sqlite else value

    office, clerk_id = (clerk.office_id.hex, clerk.clerk_id.hex) if sqlite else (clerk.office_id, clerk.clerk_id)
    bundles, people, requests = [], [], []
    for number in range(start, stop):
        bundle_id, filed = key(), epoch + timedelta(minutes=3 * number)
        device = f"D{number % 97}"
        bundles.append((bundle_id, ("birth", "death")[number % 2],
                        make_receipt_number("3650052", device, filed.date(), number % 10_000 + 1), key(), "filed",
                        office, device, clerk_id, "national", "{}", moment(filed)))
        for person in (2 * number, 2 * number + 1):
            people.append((key(), bundle_id, ("child", "mother")[person % 2], _name(person),
                           vault.lookup_hash(_digits(person), "rrn"), "{}", moment(epoch)))
        if number % 5 == 0:
            requests += [(key(), bundle_id, f"item-{n}", f"AG{n}", "기관", False, ("queued", "completed")[n % 2],
                          key(), "{}", 0, '{"code": "eligible"}', moment(epoch), moment(epoch)) for n in range(5)]
    return bundles, people, requests


def _insert(connection: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], sqlite: bool) -> None:
    names = ", ".join(columns)
    if sqlite:
        connection.cursor().executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
        return
    with connection.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _load(runtime: Any, clerk: Any) -> dict[str, Any]:
    """Bulk-insert the rows through the driver (SQLite executemany, PostgreSQL COPY); the middle bundle's
    receipt number and its first person's number, to look up."""
    sqlite = runtime.db.engine.dialect.name == "sqlite"
    middle: dict[str, Any] = {}
    most: dict[str, int] = {}
    for start in range(0, BUNDLES, CHUNK):
        bundles, people, requests = _rows(clerk, runtime.vault, start, start + CHUNK, sqlite)
        for row in people:
            most[row[3]] = most.get(row[3], 0) + 1
        with runtime.db.write() as session:
            connection = session.connection().connection.dbapi_connection
            if sqlite:  # a big page cache for the load only (its connection's own setting)
                connection.execute("PRAGMA cache_size = -524288")
            _insert(connection, "bundle", BUNDLE_COLUMNS, bundles, sqlite)
            _insert(connection, "person", PERSON_COLUMNS, people, sqlite)
            _insert(connection, "linked_request", REQUEST_COLUMNS, requests, sqlite)
        if start <= BUNDLES // 2 < start + CHUNK:
            middle = {"bundle_id": bundles[BUNDLES // 2 - start][0], "receipt_no": bundles[BUNDLES // 2 - start][2],
                      "person_number": 2 * (BUNDLES // 2)}
    middle["commonest"] = max(most, key=lambda name: most[name])
    middle["people_named"] = most
    with runtime.db.write() as session:  # what a maintained database has: statistics, a checkpointed WAL
        session.connection().exec_driver_sql("ANALYZE")
    if sqlite:
        with runtime.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return middle


def _median_ms(call: Callable[[], object]) -> float:
    for _ in range(3):
        call()
    times = []
    for _ in range(ROUNDS):
        begun = time.perf_counter()
        call()
        times.append((time.perf_counter() - begun) * 1000)
    return round(statistics.median(times), 2)


def _measure(url: str) -> dict[str, Any]:
    from counter.base.config import load_settings
    from counter.lookup.query import parse_query
    from counter.lookup.search import BundleFilter, search_bundles
    from counter.office.clerks import setup_office
    from counter.office.runtime import open_runtime
    from models import Bundle

    os.environ["COUNTER_DATABASE_URL"] = url
    runtime = open_runtime(load_settings())
    runtime.keyring(create=True)
    clerk = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                         display_name="이수진", password="correct horse", device=runtime.device)
    begun = time.perf_counter()
    middle = _load(runtime, clerk)
    load_s = time.perf_counter() - begun
    runtime.db.dispose()  # the load's connections go: the lookups run on fresh ones, with default settings
    name, commonest, named = _name(middle["person_number"]), middle["commonest"], middle["people_named"]

    def people(prefix: str) -> int:
        return sum(count for each, count in named.items() if each.startswith(prefix))

    rrn = _digits(middle["person_number"])

    def lookup(query: str) -> Callable[[], object]:
        def run() -> object:
            page = search_bundles(runtime.db, BundleFilter(parse_query(query, runtime.vault)), limit=50)
            assert page.rows, query
            return page
        return run

    def by_key() -> None:
        with runtime.db.session() as session:
            assert session.get(Bundle, uuid.UUID(str(middle["bundle_id"]))) is not None

    figures = {
        "load_s": round(load_s, 1),
        "receipt_no_ms": _median_ms(lookup(middle["receipt_no"])),
        "rrn_ms": _median_ms(lookup(rrn)),
        "name_full_ms": _median_ms(lookup(name)),
        "name_commonest_ms": _median_ms(lookup(commonest)),
        "name_prefix_2_syllables_ms": _median_ms(lookup(name[:2])),
        "name_prefix_1_syllable_ms": _median_ms(lookup(name[:1])),
        "newest_page_ms": _median_ms(lambda: search_bundles(runtime.db, BundleFilter(), limit=50)),
        "primary_key_fetch_ms": _median_ms(by_key),
        "people_matching": {name: people(name), commonest: people(commonest), name[:2]: people(name[:2]),
                            name[:1]: people(name[:1])},
    }
    runtime.db.dispose()
    return figures


def _postgres_schema() -> Iterator[str]:
    import sqlalchemy as sa

    base = os.environ["COUNTER_TEST_POSTGRES_URL"]
    schema = f"bench_lookup_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bench_lookup() -> dict[str, Any]:
    """The lookup's figures on SQLite and, when a PostgreSQL URL is given, on PostgreSQL."""
    results: dict[str, Any] = {"bundles": BUNDLES, "goal_ms": GOAL_MS}
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_HOME"] = home
        results["sqlite"] = _measure(f"sqlite:///{home}/lookup.db")
        if os.environ.get("COUNTER_TEST_POSTGRES_URL"):
            for url in _postgres_schema():
                results["postgresql"] = _measure(url)
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(bench_lookup(), indent=2, ensure_ascii=False))
