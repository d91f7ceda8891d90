"""주민등록번호 / 외국인등록번호: form, century/sex digit, real date, check digit as a warning only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.rrn import check_rrn_against_birth_date, mask_rrn, parse_rrn, rrn_warnings

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def with_check_digit(twelve: str, *, foreigner: bool = False) -> str:
    """The 13-digit number whose old check digit is right (DOMAIN.md §4)."""
    total = sum(int(d) * w for d, w in zip(twelve, WEIGHTS, strict=True))
    return twelve + str(((13 if foreigner else 11) - total % 11) % 10)


def wrong_check_digit(twelve: str, *, foreigner: bool = False) -> str:
    right = with_check_digit(twelve, foreigner=foreigner)
    return twelve + str((int(right[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("twelve", "born", "sex", "foreigner"),
    [
        ("901231123456", date(1990, 12, 31), "M", False),
        ("021105423456", date(2002, 11, 5), "F", False),
        ("991231923456", date(1899, 12, 31), "M", False),
        ("850102023456", date(1885, 1, 2), "F", False),
        ("000229323456", date(2000, 2, 29), "M", False),
        ("850315523456", date(1985, 3, 15), "M", True),
        ("700101623456", date(1970, 1, 1), "F", True),
        ("120101723456", date(2012, 1, 1), "M", True),
        ("240229823456", date(2024, 2, 29), "F", True),
    ],
)
def test_century_and_sex_digit(twelve: str, born: date, sex: str, foreigner: bool) -> None:
    number = with_check_digit(twelve, foreigner=foreigner)
    rrn = parse_rrn(f"{number[:6]}-{number[6:]}")
    assert (rrn.birth_date, rrn.sex, rrn.foreigner, rrn.checksum_ok) == (born, sex, foreigner, True)
    assert parse_rrn(number) == rrn
    assert rrn_warnings(rrn) == []


@pytest.mark.parametrize(
    "text",
    [
        "901332-1234567",  # month 13
        "900230-1234567",  # 30 February
        "010229-3234567",  # 2001 is not a leap year
        "000229-1234567",  # 1900 was not a leap year
        "900100-1234567",  # day 0
        "90123-11234567",  # hyphen in the wrong place
        "901231-123456",  # 12 digits
        "901231-12345678",
        "901231_1234567",
        "9O1231-1234567",  # letter O
        "",
        "901231 1234567",
    ],
)
def test_malformed_or_impossible_numbers_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_rrn(text, field="child.rrn")
    assert caught.value.field == "child.rrn"


def test_failed_check_digit_is_only_a_warning() -> None:
    rrn = parse_rrn(wrong_check_digit("201010312345"))  # issued after 2020-10-05: random digits
    assert rrn.birth_date == date(2020, 10, 10)
    assert rrn.checksum_ok is False
    assert len(rrn_warnings(rrn)) == 1


def test_century_digit_contradicting_the_birth_date_is_rejected() -> None:
    rrn = parse_rrn(with_check_digit("901231323456"))  # 3 -> 2090
    with pytest.raises(ValidationError) as caught:
        check_rrn_against_birth_date(rrn, date(1990, 12, 31), field="mother.rrn")
    assert caught.value.field == "mother.rrn"
    assert "1990-12-31" in caught.value.message


def test_date_part_contradicting_the_birth_date_is_rejected() -> None:
    rrn = parse_rrn(with_check_digit("901231123456"))
    with pytest.raises(ValidationError):
        check_rrn_against_birth_date(rrn, date(1990, 12, 30))
    with pytest.raises(ValidationError):
        check_rrn_against_birth_date(rrn, date(1990, 12, 31), sex="F")
    check_rrn_against_birth_date(rrn, date(1990, 12, 31), sex="M")


def test_mask_shows_birth_date_and_sex_digit_only() -> None:
    rrn = parse_rrn("901231-1234567")
    assert mask_rrn(rrn) == "901231-1******"
    assert rrn.masked == "901231-1******"
    assert mask_rrn("9012311234567") == "901231-1******"
    assert mask_rrn("12") == "******-*******"


CENTURY_DIGITS = {1800: ("9", "0"), 1900: ("1", "2"), 2000: ("3", "4")}
FOREIGN_DIGITS = {1900: ("5", "6"), 2000: ("7", "8")}


@st.composite
def registration_numbers(draw: st.DrawFn) -> tuple[str, date, str, bool]:
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
    century = born.year // 100 * 100
    foreigner = century in FOREIGN_DIGITS and draw(st.booleans())
    sex_index = draw(st.integers(min_value=0, max_value=1))
    digit = (FOREIGN_DIGITS if foreigner else CENTURY_DIGITS)[century][sex_index]
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    number = born.strftime("%y%m%d") + digit + rest
    return number, born, "MF"[sex_index], foreigner


@settings(max_examples=1000, deadline=None)
@given(case=registration_numbers(), hyphen=st.booleans())
def test_every_real_date_century_and_sex_round_trips(case: tuple[str, date, str, bool], hyphen: bool) -> None:
    number, born, sex, foreigner = case
    text = f"{number[:6]}-{number[6:]}" if hyphen else number
    rrn = parse_rrn(text)
    assert (rrn.birth_date, rrn.sex, rrn.foreigner, rrn.digits) == (born, sex, foreigner, number)
    check_rrn_against_birth_date(rrn, born, sex=sex)
    assert mask_rrn(rrn) == f"{number[:7][:6]}-{number[6]}******"
    assert number[7:] not in mask_rrn(rrn).replace("-", "")[7:]


@settings(max_examples=1000, deadline=None)
@given(case=registration_numbers(), shift=st.integers(min_value=1, max_value=80_000))
def test_any_other_birth_date_contradicts_the_number(case: tuple[str, date, str, bool], shift: int) -> None:
    number, born, _sex, _foreigner = case
    rrn = parse_rrn(number)
    for other in (born + timedelta(days=shift), born - timedelta(days=shift)):
        if date.min < other < date.max:
            with pytest.raises(ValidationError):
                check_rrn_against_birth_date(rrn, other)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet="0123456789-", max_size=15))
def test_arbitrary_digit_strings_parse_or_fail_cleanly(text: str) -> None:
    try:
        rrn = parse_rrn(text)
    except ValidationError:
        return
    assert len(rrn.digits) == 13 and rrn.sex in ("M", "F")


def test_full_width_digits_are_read_as_the_same_number() -> None:
    assert parse_rrn("９００３１５－２１２３４５６").digits == parse_rrn("900315-2123456").digits


@pytest.mark.parametrize("text", ["900315-２123451"[:7] + "٢123456", "٩٠٠٣١٥-2123456"])
def test_digits_of_other_scripts_are_refused_not_crashed(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_rrn(text)
