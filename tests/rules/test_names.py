"""Names for the family register (가족관계등록예규 「이름의 기재문자와 관련된 가족관계등록사무」)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.names import (
    COMPOUND_SURNAMES,
    validate_foreign_name,
    validate_given_name,
    validate_korean_name,
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
