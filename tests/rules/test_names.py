"""Names for the family register (가족관계등록예규 「이름의 기재문자와 관련된 가족관계등록사무」)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.clan import check_clan
from counter.rules.names import (
    COMPOUND_SURNAMES,
    validate_foreign_name,
    validate_given_name,
    validate_korean_name,
    validate_nationality,
)


@pytest.mark.parametrize(
    ("surname", "given", "full"),
    [
        ("홍", "길동", "홍길동"),
        ("김", "별", "김별"),
        ("남궁", "민수", "남궁민수"),
        ("제갈", "공명", "제갈공명"),
        ("황보", "하늘", "황보하늘"),
        ("선우", "가나다라마", "선우가나다라마"),
        (" 이 ", " 슬기 ", "이슬기"),
        (unicodedata.normalize("NFD", "한"), unicodedata.normalize("NFD", "가람"), "한가람"),
    ],
)
def test_valid_korean_names(surname: str, given: str, full: str) -> None:
    assert validate_korean_name(surname, given) == full


@pytest.mark.parametrize(
    ("surname", "given", "field"),
    [
        ("김", "가나다라마바", "given_name"),  # 6 syllables: more than 5
        ("김", "John", "given_name"),
        ("김", "길동2", "given_name"),
        ("김", "ㄱㄴ", "given_name"),  # lone jamo
        ("김", "길 동", "given_name"),
        ("김", "", "given_name"),
        ("김", "길\u200b동", "given_name"),
        ("김", "길\x1b[2J동", "given_name"),
        ("Kim", "길동", "surname"),
        ("", "길동", "surname"),
        ("김이박", "길동", "surname"),  # three syllables
        ("김이", "길동", "surname"),  # not a known compound surname
        ("김.", "길동", "surname"),
    ],
)
def test_invalid_korean_names_name_the_field(surname: str, given: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_korean_name(surname, given, field_prefix="child.")
    assert caught.value.field == f"child.{field}"


def test_new_two_syllable_surname_needs_confirmation() -> None:
    assert validate_korean_name("태정", "민", new_surname_confirmed=True) == "태정민"


def test_foreign_style_name_lifts_the_five_syllable_limit() -> None:
    assert validate_given_name("알렉산드리나", foreign_style=True) == "알렉산드리나"
    with pytest.raises(ValidationError):
        validate_given_name("알렉산드리나")


def test_known_compound_surnames_include_the_common_ones() -> None:
    assert {"남궁", "황보", "제갈", "사공", "선우", "서문", "독고", "동방", "등정"} <= COMPOUND_SURNAMES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("José García", "José García"),
        ("John  Smith", "John Smith"),
        ("  Nguyen Van An ", "Nguyen Van An"),
    ],
)
def test_foreign_parent_names_in_latin_letters(name: str, expected: str) -> None:
    assert validate_foreign_name(name, field="father.name") == expected


@pytest.mark.parametrize(
    "name", ["J0hn", "Иван", "김철수", "-John", "John-", "O''Neil", "A\tB", "Smith!", ""]
)
def test_foreign_parent_names_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_foreign_name(name, field="father.name")
    assert caught.value.field == "father.name"


def test_foreign_name_length_limit() -> None:
    assert validate_foreign_name("A" * 10, max_length=10) == "A" * 10
    with pytest.raises(ValidationError):
        validate_foreign_name("A" * 11, max_length=10)


# --- 본 (clan seat) and a foreign parent's nationality ---------------------------------------------


@pytest.mark.parametrize(
    ("hangul", "hanja", "expected"),
    [
        ("김해", "金海", ("김해", "金海")),
        ("전주", "", ("전주", "")),
        (" 밀양 ", " 密陽 ", ("밀양", "密陽")),
        (unicodedata.normalize("NFD", "경주"), "慶州", ("경주", "慶州")),
        ("남양", "南陽", ("남양", "南陽")),
        ("가나다라마", "", ("가나다라마", "")),
        ("김해", "\uf90a海", ("김해", "金海")),  # a compatibility ideograph is read as its unified form (NFC)
    ],
)
def test_a_clan_seat_in_hangul_with_optional_hanja(hangul: str, hanja: str, expected: tuple[str, str]) -> None:
    clan = check_clan(hangul, hanja, field="child.clan_seat")  # one rule serves the birth and the death forms
    assert (clan.hangul, clan.hanja) == expected


@pytest.mark.parametrize(
    ("hangul", "hanja", "field"),
    [
        ("", "", "child.clan_seat"),
        ("김해 김씨", "", "child.clan_seat"),  # the surname and 씨 are not part of the 본
        ("김해김씨", "", "child.clan_seat"),
        ("Gimhae", "", "child.clan_seat"),
        ("김 해", "", "child.clan_seat"),
        ("金海", "", "child.clan_seat"),  # Hanja in the Hangul field
        ("가나다라마바사아자차카", "", "child.clan_seat"),  # 11 syllables
        ("김해1", "", "child.clan_seat"),
        ("김\u200b해", "", "child.clan_seat"),
        ("김해\x1b[2J", "", "child.clan_seat"),
        ("김해", "金", "child.clan_seat_hanja"),  # one character short
        ("김해", "金海郡", "child.clan_seat_hanja"),
        ("김해", "김해", "child.clan_seat_hanja"),  # Hangul in the Hanja field
        ("김해", "KIMHAE", "child.clan_seat_hanja"),
        ("김해", "金\u202e海", "child.clan_seat_hanja"),
        ("김해", "金海\x9b", "child.clan_seat_hanja"),
        ("김해", "900315-2123451", "child.clan_seat_hanja"),
    ],
)
def test_a_clan_seat_is_refused_naming_its_field(hangul: str, hanja: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_clan(hangul, hanja, field="child.clan_seat")
    assert caught.value.field == field


@pytest.mark.parametrize(("typed", "expected"), [("베트남", "베트남"), ("  중국 ", "중국"), ("United  States", "United States"),
                                                 ("Côte d'Ivoire", "Côte d'Ivoire"), ("Lao P.D.R.", "Lao P.D.R.")])
def test_a_foreign_parents_nationality(typed: str, expected: str) -> None:
    assert validate_nationality(typed, field="mother.nationality") == expected


@pytest.mark.parametrize("typed", ["", "  ", "대한민국", "한국", "Republic of Korea", "KOR", "kr", "베트남1",
                                   "Viet Nam!", "---", "베트\u200b남", "베트남\x1b]0;x\x07", "010-1234-5678"])
def test_a_nationality_is_refused_when_empty_korean_or_not_a_name(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nationality(typed, field="mother.nationality")
    assert caught.value.field == "mother.nationality"


hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
not_hangul = st.sampled_from([*"abcXYZ0159 -ㄱㅏㅎ·.漢字", "\u3164", "\u200b", "\x1b"])


@settings(max_examples=1000, deadline=None)
@given(
    given_name=st.text(alphabet=hangul, min_size=1, max_size=5),
    surname=st.sampled_from(["김", "이", "박", *COMPOUND_SURNAMES]),
)
def test_any_hangul_given_name_of_one_to_five_syllables_is_accepted(given_name: str, surname: str) -> None:
    assert validate_korean_name(surname, given_name) == surname + given_name


@settings(max_examples=1000, deadline=None)
@given(given_name=st.text(alphabet=hangul, min_size=6, max_size=12))
def test_any_given_name_longer_than_five_syllables_is_refused(given_name: str) -> None:
    with pytest.raises(ValidationError):
        validate_korean_name("김", given_name)


@settings(max_examples=1000, deadline=None)
@given(
    head=st.text(alphabet=hangul, min_size=1, max_size=2),
    bad=not_hangul,
    tail=st.text(alphabet=hangul, min_size=1, max_size=2),
)
def test_any_non_hangul_character_inside_a_name_is_refused(head: str, bad: str, tail: str) -> None:
    with pytest.raises(ValidationError):
        validate_korean_name("김", head + bad + tail)
