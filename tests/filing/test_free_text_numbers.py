"""No registration or phone number is stored in clear through a free-text field (issue 9 item 5)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from counter.catalogue import load_catalogue
from counter.filing.birth_review import review_birth
from counter.filing.declarations import DeclarationError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RRN_IN_TEXT = "모 920611-2567894 병원"


def _birth() -> dict[str, Any]:
    return json.loads((EXAMPLES / "birth-third-child.json").read_text(encoding="utf-8"))


def test_the_birth_place_refuses_a_registration_number() -> None:
    raw = _birth()
    raw["child"]["birth_place"] = RRN_IN_TEXT
    with pytest.raises(DeclarationError) as caught:
        review_birth(raw, load_catalogue("national"), date(2026, 11, 21))
    assert "child.birth_place" in {problem.field for problem in caught.value.problems}


@pytest.mark.parametrize("path", [("deceased", "address"), ("death", "place", "address"),
                                  ("death", "place", "description"), ("reporter", "address"),
                                  ("death", "certificate_reason"), ("deceased", "registration_base")])
def test_death_free_text_refuses_a_registration_number(path: tuple[str, ...]) -> None:
    from counter.filing.death_review import review_death

    raw = json.loads((EXAMPLES / "death-report-acquaintances.json").read_text(encoding="utf-8"))
    *parents, last = path
    node = raw
    for part in parents:
        node = node[part]
    node[last] = RRN_IN_TEXT
    with pytest.raises(DeclarationError) as caught:
        review_death(raw, load_catalogue("national"), date(2026, 11, 21))
    problems = {problem.field: problem.message for problem in caught.value.problems}
    assert ".".join(path) in problems
    assert all("920611-2567894" not in message for message in problems.values())
