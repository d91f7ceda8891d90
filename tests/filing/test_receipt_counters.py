"""Receipt numbers come from one counter row per office, device and day (issue 9 item 11)."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import text

from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.core import next_receipt_number
from counter.filing.receipts import is_valid_receipt_number, sequence_of
from counter.office.runtime import Runtime
from counter.store import schema

DAY = date(2026, 11, 21)


def _take(runtime: Runtime, clerk: SignedInClerk, day: date = DAY) -> str:
    with runtime.db.write() as session:
        return next_receipt_number(session, clerk, day)


def test_numbers_count_per_device_and_day(runtime: Runtime, clerk: SignedInClerk) -> None:
    first, second = _take(runtime, clerk), _take(runtime, clerk)
    next_day = _take(runtime, clerk, date(2026, 11, 22))
    assert (first, second) == ("3650052-T1-261121-0001-" + first[-1], "3650052-T1-261121-0002-" + second[-1])
    assert sequence_of(next_day) == 1
    assert all(is_valid_receipt_number(n) for n in (first, second, next_day))


def test_more_than_9999_a_day_stay_valid_and_unique(runtime: Runtime, clerk: SignedInClerk) -> None:
    _take(runtime, clerk)
    with runtime.db.write() as session:
        session.execute(text("UPDATE receipt_counter SET last = 9998"))
    numbers = [_take(runtime, clerk) for _ in range(3)]
    assert [sequence_of(n) for n in numbers] == [9999, 10000, 10001]
    assert all(is_valid_receipt_number(n) for n in numbers) and len(set(numbers)) == 3


def test_concurrent_writers_never_share_a_number(runtime: Runtime, clerk: SignedInClerk) -> None:
    taken: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(15):
            number = _take(runtime, clerk)
            with lock:
                taken.append(number)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(taken) == 45 and len(set(taken)) == 45
    assert sorted(sequence_of(n) for n in taken) == list(range(1, 46))


def test_upgrading_a_database_continues_after_the_numbers_already_given(runtime: Runtime, clerk: SignedInClerk,
                                                                        ) -> None:
    """A database from before the counter rows: the upgrade seeds each prefix from the bundles filed."""
    example = Path(__file__).resolve().parents[2] / "examples" / "birth-third-child.json"
    receipt = file_birth(runtime, clerk, json.loads(example.read_text(encoding="utf-8")), today=DAY).receipt_no
    with runtime.db.write_engine.begin() as connection:
        command.downgrade(schema._alembic_config(connection), "0002")  # type: ignore[arg-type]
    schema.upgrade(runtime.db)
    assert sequence_of(_take(runtime, clerk)) == sequence_of(receipt) + 1
