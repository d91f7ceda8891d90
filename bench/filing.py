"""Filing benchmark: durable filing of one birth bundle on SQLite vs one fsync'd single-row commit.

Both sides run against files in the same directory with WAL and `synchronous=FULL`, alternated in
one run so disk and CPU conditions are shared. The bundle side is the real `file_birth` (review,
duplicate check, bundle, people with encrypted RRNs, birth report, every queued request, print jobs,
SMS row, audit event) in its one transaction; the clerk is signed in once (argon2 only at sign-in)
and the catalogue loaded once, as at a counter. For scale it also times the smallest write the
filing stack can make (one ORM transaction appending one audit event).
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

ROUNDS = 60
WARMUP = 5
GOAL_RATIO = 3.0
TODAY = date(2026, 11, 21)
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def _rrn(birth: str, digit: int, serial: str) -> str:
    body = f"{birth}{digit}{serial}"
    check = (11 - sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


def _declaration(number: int) -> dict[str, Any]:
    """A third child with an SMS request; each round a different mother, so no duplicate."""
    return {
        "idempotency_key": str(uuid.uuid4()),
        "child": {"surname": "김", "given_name": "하늘", "clan_seat": "김해", "birth_date": "2026-11-03",
                  "birth_time": "14:30", "sex": "F",
                  "birth_place": {"kind": "medical_institution", "address": "서울특별시 강남구 논현로 ○○"}},
        "mother": {"surname": "이", "given_name": "수진", "clan_seat": "전주", "registration_base": "서울특별시 강남구",
                   "rrn": _rrn("900315", 2, f"{number:05d}")},
        "father": {"surname": "김", "given_name": "민준", "clan_seat": "김해", "registration_base": "서울특별시 강남구",
                   "rrn": _rrn("880720", 1, f"{number:05d}")},
        "reporter": {"relation": "mother", "address": "서울특별시 강남구 테헤란로 ○○"},
        "attachments": {"presented": ["medical_certificate"]},
        "household": {"siblings": [{"birth_date": "2019-05-01"}, {"birth_date": "2022-08-09"}],
                      "parent_resident_years": 3},
        "contact": {"phone": "010-1234-5678", "sms": True},
    }


def _baseline(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    return connection


def _one_row(connection: sqlite3.Connection, number: int) -> None:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO t (v) VALUES (?)", (f"row {number}",))
    connection.execute("COMMIT")


def bench_filing(rounds: int = ROUNDS) -> dict[str, Any]:
    """Median time of one birth filing and of one single-row commit, their median ratio, bundles/s."""
    from counter.base.config import Settings
    from counter.catalogue import load_catalogue
    from counter.filing.birth import file_birth
    from counter.office.clerks import setup_office
    from counter.office.runtime import Runtime
    from counter.store import schema
    from counter.store.audit import record_event
    from counter.store.db import Database

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        settings = Settings(database_url=f"sqlite:///{directory / 'counter.store.db'}", device="B1",
                            keys_dir=directory / "keys")
        db = Database(settings.database_url_or_default())
        schema.upgrade(db)
        runtime = Runtime(settings=settings, db=db, device="B1")
        runtime.keyring(create=True)
        clerk = setup_office(db, office_code="3650052", office_name="역삼1동", username="boss",
                             display_name="이수진", password="correct horse", device="B1")
        catalogue = load_catalogue(settings.catalogue_set, None)
        baseline = _baseline(directory / "baseline.db")
        bundle_times: list[float] = []
        row_times: list[float] = []
        floor_times: list[float] = []
        ratios: list[float] = []
        requests = 0
        for number in range(WARMUP + rounds):
            start = time.perf_counter()
            result = file_birth(runtime, clerk, _declaration(number), today=TODAY, catalogue=catalogue)
            bundle = time.perf_counter() - start
            start = time.perf_counter()
            _one_row(baseline, number)
            row = time.perf_counter() - start
            start = time.perf_counter()
            with db.write() as session:  # the floor: one ORM write transaction appending one audit event
                record_event(session, "bench.floor", clerk.actor)
            floor = time.perf_counter() - start
            if number >= WARMUP:
                bundle_times.append(bundle)
                row_times.append(row)
                floor_times.append(floor)
                ratios.append(bundle / row)
                requests = len(result.requests)
        baseline.close()
        db.dispose()
    bundle_median = statistics.median(bundle_times)
    return {
        "rounds": rounds,
        "linked_requests_per_bundle": requests,
        "birth_bundle_median_ms": round(bundle_median * 1000, 3),
        "single_row_commit_median_ms": round(statistics.median(row_times) * 1000, 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "orm_one_event_transaction_median_ms": round(statistics.median(floor_times) * 1000, 3),
        "ratio_goal": GOAL_RATIO,
        "bundles_per_second": round(1 / bundle_median, 1),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(bench_filing(), indent=2))
