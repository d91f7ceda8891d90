"""The same heir asking again about the same deceased (안심상속) is refused unless a reason is given, as
a second death report is; the reason is checked and audited. Another heir's inquiry is their own
application, not a repeat. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from death_filing_helpers import (
    MISSING,
    SON,
    SON_RRN,
    SPOUSE_RRN,
    TODAY,
    death_declaration,
    registration_no,
    rows_by_table,
)
from sqlmodel import select

from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.filing.death_repeats import DuplicateDeathError, RepeatInquiryError
from counter.filing.declarations import DeclarationError
from counter.office.runtime import Runtime
from counter.store.audit import verify_chains
from models import AuditEvent, Bundle, HeirApplication

WIFE = {"id": "wife", "relation": "spouse", "name": "김영희"}


def later_inquiry(receipt_no: str, heir: str = "son", applicant: dict[str, Any] | None = None,
                  **inquiry: Any) -> dict[str, Any]:
    """An inquiry filed later against `receipt_no`, by the son in person unless told otherwise."""
    return {
        "idempotency_key": str(uuid.uuid4()),
        "death_report_receipt_no": receipt_no,
        "inquiry": {"heir": heir, "applicant": applicant or {"name": "박지훈", "rrn": SON_RRN},
                    "family": {"relatives": [SON, WIFE]}, "items": [{"code": "financial"}], **inquiry},
        "notification": {"phone": "010-2345-6789"},
    }


def events(runtime: Runtime, action: str) -> list[AuditEvent]:
    with runtime.db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_same_heir_asking_again_later_is_refused_naming_the_first_receipt(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)  # the son reports and applies
    rows = rows_by_table(runtime)
    with pytest.raises(RepeatInquiryError) as refused:
        file_death(runtime, clerk, later_inquiry(first.receipt_no), today=TODAY)
    assert refused.value.field == "duplicate_reason" and refused.value.code == "duplicate"
    assert first.receipt_no in refused.value.message and "상속인" in refused.value.message
    assert [d.receipt_no for d in refused.value.duplicates] == [first.receipt_no]
    assert rows_by_table(runtime) == rows  # no second set of agency requests


def test_a_repeat_with_a_reason_is_filed_and_the_reason_audited(runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)
    reason = "첫 신청의 문자 수신 번호 오기로 결과를 받지 못함"
    again = file_death(runtime, clerk, later_inquiry(first.receipt_no), today=TODAY, duplicate_reason=reason)
    assert len(again.requests) == 1
    with runtime.db.session() as session:
        bundle = session.get(Bundle, again.bundle_id)
        assert len(session.exec(select(HeirApplication)).all()) == 2
    assert bundle is not None and bundle.duplicate_of == first.bundle_id and bundle.duplicate_reason == reason
    (event,) = events(runtime, "death.inquiry_repeat_filed")
    assert str(event.entity_id) == str(again.bundle_id)
    assert event.details.root == {"receipt_no": again.receipt_no, "duplicate_of": first.receipt_no, "reason": reason}
    assert events(runtime, "death.duplicate_filed") == []
    with runtime.db.session() as session:
        assert all(report.ok for report in verify_chains(session, runtime.keyring().audit_key))


def test_the_reason_is_checked_free_text(runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)
    rows = rows_by_table(runtime)
    for reason in ("재신청\u202e", f"신청인 {SON_RRN} 요청"):
        with pytest.raises(DeclarationError) as refused:
            file_death(runtime, clerk, later_inquiry(first.receipt_no), today=TODAY, duplicate_reason=reason)
        assert [p.field for p in refused.value.problems] == ["duplicate_reason"]
    assert rows_by_table(runtime) == rows


def test_an_heir_who_applied_later_is_refused_a_second_later_inquiry(runtime: Runtime, clerk: SignedInClerk) -> None:
    report = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    wife = {"name": "김영희", "rrn": SPOUSE_RRN}
    first = file_death(runtime, clerk, later_inquiry(report.receipt_no, "wife", wife), today=TODAY)
    with pytest.raises(RepeatInquiryError) as refused:
        file_death(runtime, clerk, later_inquiry(report.receipt_no, "wife", wife), today=TODAY)
    assert [d.receipt_no for d in refused.value.duplicates] == [first.receipt_no]
    assert report.receipt_no not in refused.value.message  # the report alone asked nothing


def test_another_heir_of_the_same_deceased_is_not_a_repeat(runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)  # the son applied
    wife = later_inquiry(first.receipt_no, "wife", {"name": "김영희", "rrn": SPOUSE_RRN})
    result = file_death(runtime, clerk, wife, today=TODAY)
    assert result.extra["inquiry"]["basis"] == "spouse"
    assert [w.code for w in result.warnings if w.code == "inquiry_already_filed"] == ["inquiry_already_filed"]
    with runtime.db.session() as session:
        bundle = session.get(Bundle, result.bundle_id)
    assert bundle is not None and bundle.duplicate_of is None and bundle.duplicate_reason is None
    assert events(runtime, "death.inquiry_repeat_filed") == []


def test_a_proxy_for_an_heir_who_already_applied_is_a_repeat(runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)
    proxy = later_inquiry(first.receipt_no, applicant={"name": "최대리", "rrn": registration_no("850505", 1)},
                          representation="proxy", documents=["power_of_attorney"],
                          principal={"name": "박지훈", "rrn": SON_RRN})
    with pytest.raises(RepeatInquiryError):
        file_death(runtime, clerk, proxy, today=TODAY)


def test_a_second_report_with_the_same_heirs_inquiry_audits_both_repeats(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(), today=TODAY)
    with pytest.raises(DuplicateDeathError):  # the death report is named first: it is the bigger repeat
        file_death(runtime, clerk, death_declaration(), today=TODAY)
    reason = "첫 신고서 사망장소 오기"
    second = file_death(runtime, clerk, death_declaration(), today=TODAY, duplicate_reason=reason)
    for action in ("death.duplicate_filed", "death.inquiry_repeat_filed"):
        (event,) = events(runtime, action)
        assert event.details.root == {"receipt_no": second.receipt_no, "duplicate_of": first.receipt_no, "reason": reason}


def test_a_retry_of_the_same_later_inquiry_is_replayed_not_refused(runtime: Runtime, clerk: SignedInClerk) -> None:
    report = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    data = later_inquiry(report.receipt_no)
    first = file_death(runtime, clerk, data, today=TODAY)
    again = file_death(runtime, clerk, data, today=TODAY)
    assert again.already_filed and again.receipt_no == first.receipt_no
