"""Lines of a notified-births file, as an institution writes them, and bundles to link them to."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from counter.base.session import SignedInClerk
from counter.store.db import Database
from models import Bundle

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
TODAY = date(2026, 11, 27)


def rrn(birth: str, digit: int, serial: str = "34567") -> str:
    """A registration number with a correct (pre-2020) check digit."""
    body = f"{birth}{digit}{serial}"
    check = (11 - sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


MOTHER_RRN = rrn("900315", 2)
OTHER_MOTHER_RRN = rrn("930707", 2)


def notification(**changes: Any) -> dict[str, Any]:
    """A girl born 2026-11-03 at 10:42, a single birth, notified the next morning."""
    data: dict[str, Any] = {
        "notification_id": "2026-110301", "institution_code": "11312345", "institution_name": "역삼○○산부인과",
        "mother_name": "이수진", "mother_rrn": MOTHER_RRN, "birth_date": "2026-11-03", "birth_time": "10:42",
        "sex": "F", "birth_count": 1, "birth_order": 1, "sent_at": "2026-11-04T09:15:00+09:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not ...}


def jsonl(*lines: dict[str, Any] | str) -> bytes:
    """The file's bytes: objects as JSON, strings as given (a malformed line)."""
    return "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                   for line in lines).encode("utf-8")


def bundle(db: Database, clerk: SignedInClerk) -> uuid.UUID:
    """A filed birth bundle to link notifications to (its content does not matter here)."""
    with db.write() as session:
        row = Bundle(kind="birth", receipt_no=f"3650052-T1-261127-{uuid.uuid4().int % 10_000:04d}-X",
                     idempotency_key=uuid.uuid4(), office_id=clerk.office_id, device="T1", clerk_id=clerk.clerk_id,
                     catalogue_set="national")
        session.add(row)
        session.flush()
        return row.id
