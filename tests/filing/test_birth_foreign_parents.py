"""A foreign parent on the 출생신고서: nationality, name in Latin letters, date of birth and foreigner
registration number instead of the 본, the registration number and the 등록기준지."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_birth_filing import DELETE, MOTHER_RRN, declaration, rrn
from test_birth_form_fields import FOREIGN_NO, fields, foreign_mother, review


@pytest.mark.parametrize(
    ("mother", "birth"),
    [
        (foreign_mother(), date(1995, 8, 8)),  # number and birth date, agreeing
        (foreign_mother(birth_date=DELETE), date(1995, 8, 8)),  # the number alone gives the date
        (foreign_mother(foreign_registration_no=DELETE), date(1995, 8, 8)),  # no number: the passport's date
        (foreign_mother(foreign_registration_no=DELETE, birth_date="1995-08-08", nationality="Viet Nam"),
         date(1995, 8, 8)),
    ],
)
def test_a_foreign_mother_with_or_without_a_foreigner_registration_number(mother: dict[str, Any], birth: date) -> None:
    checked = review(declaration(mother=mother, child__registration_base_from="father"))
    assert checked.mother.name == "Nguyen Thi Lan" and checked.mother.birth_date == birth
    assert checked.mother.details["foreign"] is True and checked.mother.details["nationality"] in ("베트남", "Viet Nam")
    assert "clan_seat" not in checked.mother.details and "registration_base" not in checked.mother.details
    number = checked.mother.rrn
    assert (number is not None) == ("foreign_registration_no" in mother)
    if number is not None:
        assert number.foreigner and number.masked == "950808-6******"


def test_a_foreign_father_leaves_the_child_the_mothers_registration_base() -> None:
    father = {"foreign": True, "foreign_name": "John Smith", "nationality": "미국", "birth_date": "1989-01-30"}
    checked = review(declaration(father=father))
    assert (checked.registration_base.name, checked.registration_base_from) == ("서울특별시 강남구", "mother")


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"mother": foreign_mother(foreign_registration_no=DELETE, birth_date=DELETE)}, "mother.birth_date"),
        ({"mother": foreign_mother(birth_date="1995-08-09")}, "mother.birth_date"),  # the number says the 8th
        ({"mother": foreign_mother(foreign_registration_no=MOTHER_RRN, birth_date=DELETE)},
         "mother.foreign_registration_no"),  # a Korean's number
        ({"mother": foreign_mother(foreign_registration_no="950808-612345")}, "mother.foreign_registration_no"),
        ({"mother": foreign_mother(foreign_registration_no="951308-6123454")}, "mother.foreign_registration_no"),
        ({"mother": foreign_mother(rrn=FOREIGN_NO)}, "mother.rrn"),  # a foreigner's number is not an RRN
        ({"mother": foreign_mother(nationality=DELETE)}, "mother.nationality"),
        ({"mother": foreign_mother(nationality="대한민국")}, "mother.nationality"),
        ({"mother": foreign_mother(foreign_name="응웬")}, "mother.foreign_name"),
        ({"mother": foreign_mother(birth_date="2019-01-01", foreign_registration_no=DELETE)}, "mother.birth_date"),
        ({"mother__foreign_registration_no": FOREIGN_NO}, "mother.foreign_registration_no"),  # Korean mother
        ({"father__rrn": rrn("880720", 5)}, "father.rrn"),  # a foreigner's number for a Korean
        ({"mother": foreign_mother(), "father": {"foreign": True, "foreign_name": "John Smith", "nationality": "미국",
                                                 "birth_date": "1989-01-30"}}, "child.registration_base_from"),
    ],
)
def test_a_foreign_parents_details_are_refused_naming_the_field(changes: dict[str, Any], where: str) -> None:
    assert where in fields(declaration(**changes))


def test_two_foreign_parents_give_the_child_a_registration_base_only_when_one_is_chosen() -> None:
    father = {"foreign": True, "foreign_name": "John Smith", "nationality": "미국", "birth_date": "1989-01-30"}
    checked = review(declaration(mother=foreign_mother(), father=father, child__registration_base_from="other",
                                 child__registration_base="서울특별시 강남구"))
    assert checked.registration_base.code == "11680" and not checked.facts.child_korean


