"""Sentences stored before codes map back to the code that says exactly them, in Korean or in English."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from counter.base.i18n import in_language
from counter.texts import legacy
from counter.texts.renderers import (
    NOTICE_LINES,
    RECORD_NOTES,
    REQUEST_REASONS,
    WARNINGS,
)
from models import StoredText

FACTS = legacy.BundleFacts(
    roles=["child", "mother", "father", "reporter"], deadline=date(2026, 12, 2), fine_won=30_000,
    death_date=date(2026, 11, 10), service_names=[{"ko": "부모급여", "en": "Parent benefit"}],
)
WARNING_CASES = [
    ("late_report", {"deadline": "2026-12-02", "tier": "1m_to_3m", "amount": 30_000, "after_demand": False}),
    ("late_report", {"deadline": "2026-12-02", "tier": "1m_to_3m", "amount": 30_000, "after_demand": True}),
    ("parent_age", {"role": "mother", "age": 13}),
    ("parent_age", {"role": "father", "age": 67}),
    ("rrn_checksum", {"role": "reporter"}),
    ("paternity", {}),
    ("service", {"service": {"ko": "부모급여", "en": "Parent benefit"},
                 "warning": {"code": "retroactivity", "params": {"last_day": "2027-01-01", "days": 60}}}),
    ("service", {"service": {"ko": "부모급여", "en": "Parent benefit"},
                 "warning": {"code": "voucher_expired", "params": {"date": "2028-11-03"}}}),
    ("service", {"service": {"ko": "부모급여", "en": "Parent benefit"}, "warning": {"code": "no_amount_case"}}),
    ("catalogue", {"warning": {"code": "disables_unknown", "params": {"code": "old-grant"}}}),
    ("documents", {"documents": ["power_of_attorney", "renunciation_decisions"]}),
    ("inquiry_already_filed", {"receipts": ["3650052-T1-261112-0001-K", "3650052-T1-261113-0002-M"]}),
]


def _said(renderer: Any, code: str, params: dict[str, Any], lang: str) -> str:
    with in_language(lang):
        return str(renderer.render(StoredText(code=code, params=params)))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("code", "params"), WARNING_CASES, ids=[case[0] for case in WARNING_CASES])
def test_a_warning_sentence_maps_back_to_its_code(code: str, params: dict[str, Any], lang: str) -> None:
    message = _said(WARNINGS, code, params, lang)
    assert legacy.warning({"code": code, "message": message}, FACTS) == {"code": code, "params": params}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("code", "params"), [
    ("renunciation_end", {"date": "2027-02-10"}),
    ("inquiry_open_until", {"date": "2027-11-30"}),
    ("results_within", {"low": 3, "high": 20}),
])
def test_a_notice_line_maps_back_to_its_code(code: str, params: dict[str, Any], lang: str) -> None:
    assert legacy.notice_line(_said(NOTICE_LINES, code, params, lang), FACTS) == {"code": code, "params": params}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_record_notes_map_back_from_either_language(lang: str) -> None:
    rule = {"rule": "rank_3"}
    assert legacy.birth_reporter_rule(_said(RECORD_NOTES, "birth_reporter", rule, lang)) == {
        "code": "birth_reporter", "params": rule}
    death = {"rule": "may_report", "reporter": "place_manager"}
    assert legacy.death_reporter_rule(_said(RECORD_NOTES, "death_reporter", death, lang), "place_manager") == {
        "code": "death_reporter", "params": death}
    fine = {"tier": "6m_or_more", "amount": 100_000, "after_demand": True}
    assert legacy.fine_reason(_said(RECORD_NOTES, "fine", fine, lang), 100_000) == {"code": "fine", "params": fine}
    document = {"document": "guardianship_registry"}
    assert legacy.document_seen(_said(RECORD_NOTES, "document", document, lang)) == {
        "code": "document", "params": document}
    standing = {"standing": "heir", "relation": "child", "rank": 1, "heirs": [], "declared_missing": True,
                "representation": "proxy"}
    decision = _said(RECORD_NOTES, "heir_standing", standing, lang)
    assert legacy.heir_decision(decision, {"relation": "child", "rank": 1, "representation": "proxy"}) == {
        "code": "heir_standing", "params": standing}
    reason = {"channel": "post", "date": "2027-02-18"}
    assert legacy.request_reason(_said(REQUEST_REASONS, "inquiry_delivery", reason, lang), "post",
                                 date(2027, 2, 18)) == {"code": "inquiry_delivery", "params": reason}


def test_a_sentence_no_code_says_is_kept_as_written() -> None:
    assert legacy.warning({"code": "parent_age", "message": "어머니: 나이 확인 필요"}, FACTS) == {
        "code": "parent_age", "legacy": "어머니: 나이 확인 필요"}
    assert legacy.notice_line("손으로 고친 안내", FACTS) == {"code": "legacy", "legacy": "손으로 고친 안내"}
    assert legacy.request_reason("셋째 아이: 1,000,000원", None, None) == {"code": "legacy",
                                                                       "legacy": "셋째 아이: 1,000,000원"}
    # a spouse sharing an estate with heirs named only in the sentence cannot be rebuilt from the row
    assert "legacy" in legacy.heir_decision("배우자는 1순위 상속인(자녀)과 공동상속인이 되어 신청할 수 있습니다.",
                                            {"relation": "spouse", "rank": 1})
