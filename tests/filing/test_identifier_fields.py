"""Every identifier field of a declaration (registration numbers, catalogue codes, relatives' labels,
the earlier receipt number) refuses a control, bidi or other hidden character wherever it sits, naming
the field and the code point (issue 9 item 7, input side). Pure reviews: no database."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from death_filing_helpers import (
    NATIONAL,
    SON_RRN,
    TODAY,
    death_declaration,
    registration_no,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.filing.birth_review import review_birth
from counter.filing.death_review import review_death
from counter.filing.declarations import DeclarationError
from counter.office.setup_checks import validate_office_code, validate_username
from counter.rules.text import check_identifier

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BIRTH_DAY = date(2026, 11, 21)

# The characters the issue names (C1 CSI, bidi overrides, isolates and marks), then any other control
# or format character.
NAMED = ["\u009b", "\x1b", "\x00", "\x7f", "\x85", *map(chr, range(0x202A, 0x202F)),
         *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f", "\u061c", "\u200b", "\ufeff", "\u3164"]
HIDDEN = st.one_of(st.sampled_from(NAMED), st.characters(categories=["Cc", "Cf"]))


def birth() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((EXAMPLES / "birth-third-child.json").read_text(encoding="utf-8"))
    raw["child"]["rrn"] = "261103-4234561"
    raw["reporter"] = {"relation": "cohabiting_relative", "name": "이영자", "rrn": registration_no("600101", 2),
                       "reason": "부모가 입원 중", "address": "서울특별시 강남구 테헤란로 ○○"}
    raw["declined_services"] = [{"code": "parent-benefit", "reason": "다음 달에 신청"}]
    return raw


def foreign_mother() -> dict[str, Any]:
    return json.loads((EXAMPLES / "birth-foreign-mother-at-home.json").read_text(encoding="utf-8"))


def death_by_proxy() -> dict[str, Any]:
    """The grandson's inquiry, filed by a proxy, with the death report."""
    return death_declaration(inquiry={
        "heir": "g", "representation": "proxy", "documents": ["power_of_attorney"],
        "applicant": {"name": "최대리", "rrn": registration_no("850505", 1)},
        "principal": {"name": "박민우", "rrn": registration_no("950412", 1)},
        "family": {"relatives": [{"id": "son", "relation": "child", "status": "predeceased"},
                                 {"id": "g", "relation": "grandchild", "through": "son"}]},
        "items": [{"code": "financial"}]})


def death_later() -> dict[str, Any]:
    return {"death_report_receipt_no": "3650052-T1-261121-0001-H",
            "inquiry": {"heir": "son", "applicant": {"name": "박지훈", "rrn": SON_RRN},
                        "family": {"relatives": [{"id": "son", "relation": "child"}]}}}


FIELDS = [
    (birth, review_birth, path) for path in
    ("child.rrn", "mother.rrn", "father.rrn", "reporter.rrn", "declined_services[0].code")
] + [
    (foreign_mother, review_birth, "mother.foreign_registration_no")
] + [
    (death_by_proxy, review_death, path) for path in
    ("deceased.rrn", "reporter.rrn", "inquiry.applicant.rrn", "inquiry.principal.rrn", "inquiry.heir",
     "inquiry.family.relatives[0].id", "inquiry.family.relatives[1].through", "inquiry.items[0].code")
] + [(death_later, review_death, "death_report_receipt_no")]


def _steps(path: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", path)]


def _get(node: Any, path: str) -> Any:
    for step in _steps(path):
        node = node[step]
    return node


def _set(node: Any, path: str, value: Any) -> None:
    *parents, last = _steps(path)
    for step in parents:
        node = node[step]
    node[last] = value


def _review(review: Any, raw: dict[str, Any]) -> Any:
    return review(raw, NATIONAL, BIRTH_DAY) if review is review_birth else review(raw, NATIONAL, TODAY)


@pytest.mark.parametrize(("make", "review", "path"), FIELDS, ids=[f"{f[0].__name__}:{f[2]}" for f in FIELDS])
def test_each_declaration_is_valid_as_given(make: Any, review: Any, path: str) -> None:
    """The base declarations pass, so a refusal below is the hidden character's (the receipt excepted:
    no report was filed under it in a pure review)."""
    if path == "death_report_receipt_no":
        with pytest.raises(DeclarationError) as refused:
            _review(review, make())
        assert [p.field for p in refused.value.problems] == ["death_report_receipt_no"]
        return
    _review(review, make())


@pytest.mark.parametrize(("make", "review", "path"), FIELDS, ids=[f"{f[0].__name__}:{f[2]}" for f in FIELDS])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_hidden_character_in_an_identifier_is_refused_by_field_and_code_point(
        make: Any, review: Any, path: str, data: st.DataObject) -> None:
    raw = make()
    value = _get(raw, path)
    at = data.draw(st.integers(0, len(value)), label="position")
    hidden = data.draw(HIDDEN, label="character")
    _set(raw, path, value[:at] + hidden + value[at:])
    with pytest.raises(DeclarationError) as refused:
        _review(review, copy.deepcopy(raw))
    problems = [p for p in refused.value.problems if p.field == path]
    assert problems, refused.value.problems
    assert f"U+{ord(hidden):04X}" in problems[0].message and problems[0].code == "hidden_character"


def test_an_unknown_key_holding_a_hidden_character_is_named_escaped() -> None:
    raw = birth()
    raw["child"]["given\u202ename"] = "x"
    with pytest.raises(DeclarationError) as refused:
        review_birth(raw, NATIONAL, BIRTH_DAY)
    (problem,) = [p for p in refused.value.problems if p.code == "hidden_character"]
    assert problem.field == "child.given\\u202ename" and "U+202E" in problem.message


@pytest.mark.parametrize("check", [validate_username, validate_office_code,
                                   lambda value: check_identifier(value, field="x")])
@settings(max_examples=20, deadline=None)
@given(hidden=HIDDEN)
def test_user_names_and_office_codes_name_the_hidden_character(check: Any, hidden: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check(f"3650{hidden}052" if check is validate_office_code else f"le{hidden}e")
    assert f"U+{ord(hidden):04X}" in refused.value.message
