"""A parent's age at the birth, read from the registration number, is bounded (issue 9 item 8)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter.catalogue import load_catalogue
from counter.filing.birth_review import review_birth
from counter.filing.declarations import DeclarationError

TODAY = date(2026, 11, 21)
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "birth-third-child.json"


def rrn(birth: str, digit: int, serial: str = "12345") -> str:
    """A registration number with a correct check digit."""
    body = f"{birth}{digit}{serial}"
    return f"{birth}-{digit}{serial}{(11 - sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11) % 10}"


def declaration(mother_rrn: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw["mother"]["rrn"] = mother_rrn
    return raw


@pytest.mark.parametrize(
    ("mother_rrn", "why"),
    [
        (rrn("050611", 2), "a 2005 mother typed with 2 reads as born 1905"),
        (rrn("900611", 0), "century digit 0: born 1890"),
    ],
)
def test_an_impossible_age_is_refused_at_the_mothers_number(mother_rrn: str, why: str) -> None:
    with pytest.raises(DeclarationError) as caught:
        review_birth(declaration(mother_rrn), load_catalogue("national"), TODAY)
    problems = {problem.field: problem.message for problem in caught.value.problems}
    assert "mother.rrn" in problems, why
    assert "세기" in problems["mother.rrn"]


@pytest.mark.parametrize(("mother_rrn", "warned"), [(rrn("650611", 2), True), (rrn("900315", 2), False)])
def test_a_mother_over_60_is_filed_with_a_warning_naming_her(mother_rrn: str, warned: bool) -> None:
    review = review_birth(declaration(mother_rrn), load_catalogue("national"), TODAY)
    ages = [warning.message for warning in review.warnings if warning.code == "parent_age"]
    assert bool(ages) == warned
    if warned:
        assert ages[0].startswith("모") and "61세" in ages[0]
