"""What was filed is said in the language it is read in, whatever language the clerk filed in.

A bundle filed in Korean and one filed in English from the same declaration give the same English
papers and the same English filing result; nothing of the filing clerk's language is left over.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from death_filing_helpers import death_declaration
from sqlmodel import select
from test_birth_filing import declaration

from counter.base.i18n import set_language
from counter.base.session import SignedInClerk
from counter.catalogue import load_catalogue
from counter.filing.birth import file_birth
from counter.filing.core import FilingResult
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from counter.printing.print_service import document_for_job
from models import PrintJob

ISSUED = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
BIRTH_DAY = date(2027, 1, 20)  # 78 days after the birth: a fine, and too late for payment from the birth month
DEATH_DAY = date(2027, 1, 20)  # past the death report's month: a fine; the inquiry still open
TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def korean_afterwards() -> Iterator[None]:
    yield
    set_language("ko")


def papers(runtime: Runtime, result: FilingResult) -> dict[str, str]:
    """The bundle's receipt and notice as a reprint would print them now, receipt number and filing time
    blanked."""
    with runtime.db.session() as session:
        jobs = session.exec(select(PrintJob).where(PrintJob.bundle_id == result.bundle_id)).all()
        texts = {job.document: "\n".join(document_for_job(session, job, issued_at=ISSUED).texts()) for job in jobs}
    return {document: TIME.sub("<time>", text.replace(result.receipt_no, "<receipt>"))
            for document, text in texts.items()}


def said(result: FilingResult) -> dict[str, Any]:
    """What the filing result says, without what differs between two filings."""
    return {key: value for key, value in result.as_json().items()
            if key not in ("receipt_no", "bundle_id", "already_filed")}


def file_twice(filer: Any, runtime: Runtime, clerk: SignedInClerk, data: dict[str, Any], today: date
               ) -> tuple[FilingResult, FilingResult]:
    """File `data` in Korean, then again in English (a duplicate, with its reason)."""
    set_language("ko")
    korean = filer(runtime, clerk, dict(data), today=today)
    set_language("en")
    english = filer(runtime, clerk, dict(data), today=today, duplicate_reason="second copy for the test")
    return korean, english


def test_a_birth_filed_in_korean_is_reprinted_in_english_only(runtime: Runtime, clerk: SignedInClerk) -> None:
    korean, english = file_twice(file_birth, runtime, clerk, declaration(), BIRTH_DAY)
    assert papers(runtime, korean) == papers(runtime, english)
    agency = load_catalogue("national", None).service("parent-benefit").agency_names
    receipt = papers(runtime, korean)["receipt"]
    assert agency.en in receipt and agency.ko not in receipt
    assert "monthly" in receipt
    names = {"김하늘", "이수진", "김민준", "역삼1동 주민센터"}  # the family's and the office's own names
    leftover = {line for line in receipt.splitlines() if HANGUL.search(line) and not any(n in line for n in names)}
    assert leftover == set()


def test_a_birth_filed_in_korean_reads_back_in_english(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = {**declaration(), "idempotency_key": str(uuid.uuid4())}
    set_language("ko")
    file_birth(runtime, clerk, data, today=BIRTH_DAY)
    set_language("en")
    replayed = file_birth(runtime, clerk, data, today=BIRTH_DAY)
    fresh = file_birth(runtime, clerk, {**data, "idempotency_key": str(uuid.uuid4())}, today=BIRTH_DAY,
                       duplicate_reason="second copy for the test")
    assert replayed.already_filed and {w.code for w in replayed.warnings} >= {"late_report", "service"}
    assert said(replayed) == said(fresh)
    assert not any(HANGUL.search(w.message) for w in replayed.warnings)


def test_a_death_filed_in_korean_is_reprinted_in_english_only(runtime: Runtime, clerk: SignedInClerk) -> None:
    korean, english = file_twice(file_death, runtime, clerk, death_declaration(), DEATH_DAY)
    assert papers(runtime, korean) == papers(runtime, english)
    notice = papers(runtime, korean)["notice"]
    assert "Results arrive item by item within" in notice and "For an heir who learned of the death" in notice
    assert "조회 결과는" not in notice and "사망일에 안 상속인은" not in notice


def test_a_death_filed_in_korean_reads_back_in_english(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = {**death_declaration(), "idempotency_key": str(uuid.uuid4())}
    set_language("ko")
    file_death(runtime, clerk, data, today=DEATH_DAY)
    set_language("en")
    replayed = file_death(runtime, clerk, data, today=DEATH_DAY)
    fresh = file_death(runtime, clerk, {**data, "idempotency_key": str(uuid.uuid4())}, today=DEATH_DAY,
                       duplicate_reason="second copy for the test")
    assert replayed.already_filed and "late_report" in {w.code for w in replayed.warnings}
    assert said(replayed) == said(fresh)
    assert all(request["reason"].startswith("result by ") for request in said(replayed)["requests"])
