"""Filed bundles to look up: births of differently named children to different mothers (one father),
and deaths with the 안심상속 inquiry (20 requests each), all through `counter.filing`."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.death import file_death
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = date(2026, 11, 21)
FATHER_RRN = "880720-1234566"  # the example's father, on every birth


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


def mother_rrn(number: int) -> str:
    """The registration number of the `number`-th mother."""
    return registration_no("900315", 2, f"{number:05d}")


def file_births(runtime: Runtime, clerk: SignedInClerk, children: list[tuple[str, str]]) -> list[str]:
    """One birth bundle per (surname, given name), each to its own mother; their receipt numbers."""
    receipts = []
    for number, (surname, given) in enumerate(children):
        declaration: dict[str, Any] = json.loads((EXAMPLES / "birth-third-child.json").read_text(encoding="utf-8"))
        declaration["idempotency_key"] = str(uuid.uuid4())
        declaration["child"].update(surname=surname, given_name=given)
        declaration["mother"]["rrn"] = mother_rrn(number)
        receipts.append(file_birth(runtime, clerk, declaration, today=TODAY).receipt_no)
    return receipts


def file_deaths(runtime: Runtime, clerk: SignedInClerk, names: list[str]) -> list[str]:
    """One death bundle with the inquiry per deceased name; their receipt numbers."""
    receipts = []
    for number, name in enumerate(names):
        declaration: dict[str, Any] = json.loads(
            (EXAMPLES / "death-report-with-inquiry.json").read_text(encoding="utf-8"))
        declaration["idempotency_key"] = str(uuid.uuid4())
        declaration["deceased"].update(name=name, rrn=registration_no("400817", 1, f"{number:05d}"))
        del declaration["inquiry"]["items"]  # every item offered, each on its default channel
        receipts.append(file_death(runtime, clerk, declaration, today=TODAY).receipt_no)
    return receipts
