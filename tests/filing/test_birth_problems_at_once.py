"""Every problem of a birth declaration comes out of one check: a wrong field never hides another.

The wizard shows a step's problems from `review_birth`; when a check stopped at the first problem of a
group (a name, a section with a type error, the sibling list), the clerk saw the others one try later.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_birth_filing import declaration

from counter.catalogue import load_catalogue
from counter.filing.birth_review import review_birth
from counter.filing.declarations import DeclarationError

TODAY = date(2026, 11, 21)


def problems_of(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(DeclarationError) as caught:
        review_birth(raw, load_catalogue("seed-district"), TODAY)
    return {problem.field: problem.message for problem in caught.value.problems}


def test_a_wrong_surname_given_name_and_number_of_the_mother_show_together() -> None:
    found = problems_of(declaration(mother={"surname": "Lee", "given_name": "Sujin", "rrn": "901315-2123451"}))
    assert {"mother.surname", "mother.given_name", "mother.rrn"} <= set(found)


def test_a_missing_sex_does_not_hide_a_future_birth_date_or_a_latin_surname() -> None:
    child = {"surname": "Kim", "given_name": "하늘", "birth_date": "2027-01-05"}
    found = problems_of(declaration(child=child))
    assert {"child.surname", "child.birth_date", "child.sex"} <= set(found)
    assert "미래" in found["child.birth_date"] or "future" in found["child.birth_date"]


def test_a_badly_written_sibling_date_does_not_hide_the_other_siblings_problems() -> None:
    siblings = [{"birth_date": "2019-13-01", "name": "김하나"},
                {"birth_date": "2027-01-01", "name": "김두리"},
                {"birth_date": "2022-08-09", "name": "x" * 60}]
    found = problems_of(declaration(household={"siblings": siblings, "parent_resident_years": "three"}))
    assert {"household.siblings[0].birth_date", "household.siblings[2].name",
            "household.parent_resident_years"} <= set(found)


def test_every_sibling_that_contradicts_the_family_is_named() -> None:
    siblings = [{"birth_date": "2027-01-01", "name": "김하나"}, {"birth_date": "2027-02-01", "name": "김두리"},
                {"birth_date": "2019-05-01", "name": "김세나"}, {"birth_date": "2019-05-01", "name": "김세나"}]
    found = problems_of(declaration(household={"siblings": siblings, "parent_resident_years": 3}))
    assert {"household.siblings[0]", "household.siblings[1]", "household.siblings[3]"} <= set(found)


def test_a_clean_declaration_still_passes() -> None:
    review = review_birth(declaration(), load_catalogue("seed-district"), TODAY)
    assert review.order.order == 3 and review.order.child_count == 3
