"""Filed death bundles (each with the 안심상속 inquiry for every item: 20 requests, 4 of them for the local
departments) for the agency tests."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "death-report-with-inquiry.json"
TODAY = date(2026, 11, 21)


@pytest.fixture
def clerk(runtime: Runtime) -> SignedInClerk:
    """Supervisor `boss` of office 3650052 on device T1."""
    return setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password="correct horse", device="T1")


def registration_no(birth: str, digit: int, serial: str) -> str:
    """A registration number whose old check digit holds."""
    body = [int(c) for c in f"{birth}{digit}{serial}"]
    check = (11 - sum(d * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


def death_with_inquiry(number: int) -> dict[str, Any]:
    """The example death bundle for a different deceased each `number`."""
    declaration: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    declaration["idempotency_key"] = str(uuid.uuid4())
    declaration["deceased"]["rrn"] = registration_no("400817", 1, f"{number:05d}")
    del declaration["inquiry"]["items"]  # every item offered, each on its default channel
    return declaration


def file_deaths(runtime: Runtime, clerk: SignedInClerk, count: int) -> list[str]:
    """File `count` death bundles with the inquiry; their receipt numbers."""
    return [file_death(runtime, clerk, death_with_inquiry(n), today=TODAY).receipt_no for n in range(count)]
