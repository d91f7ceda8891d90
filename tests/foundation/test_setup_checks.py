"""The set-up form's checks: every problem at once, by field, in the form's order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.office.setup_checks import (
    MIN_PASSWORD_LENGTH,
    SETUP_FIELDS,
    FormRejected,
    check_setup,
    setup_problems,
    validate_phone,
)

GOOD = {"office_code": "3650052", "office_name": "역삼1동 주민센터", "office_phone": "02-3423-5392", "username": "boss",
        "display_name": "이수진", "password": "correct horse", "password_again": "correct horse"}
BAD = {"office_code": "365", "office_name": "  ", "office_phone": "3423-53", "username": "Bad Name!", "display_name": "",
       "password": "short", "password_again": "other"}


def _fields(**changes: str) -> list[str]:
    return [problem.field for problem in setup_problems(**(GOOD | changes))]


def test_a_good_form_has_no_problem() -> None:
    assert _fields() == []
    form = check_setup(**GOOD)
    assert (form.office_code, form.username) == ("3650052", "boss")


def test_five_character_password_three_digit_code_and_empty_name_are_reported_together() -> None:
    assert _fields(password="abcde", password_again="abcde", office_code="365", office_name="") == [
        "office_code", "office_name", "password"]


@pytest.mark.parametrize("code", ["365005", "36500521", "365005A", "ABCDEFG", "365-005", ""])
def test_office_code_is_the_seven_digit_administrative_code(code: str) -> None:
    assert _fields(office_code=code) == ["office_code"]


def test_the_repeated_password_must_match() -> None:
    assert _fields(password_again="correct horsE") == ["password_again"]
    assert setup_problems(**(GOOD | {"password_again": "x"}))[0].message == "두 비밀번호가 서로 다릅니다."


@given(st.fixed_dictionaries({name: st.sampled_from([GOOD[name], BAD[name]]) for name in SETUP_FIELDS}))
def test_every_bad_field_is_named_once_in_the_forms_order(values: dict[str, str]) -> None:
    expected = [name for name in SETUP_FIELDS if values[name] == BAD[name]]
    if "password_again" not in expected and values["password"] != values["password_again"]:
        expected.append("password_again")  # a good repeat of a bad password, or the other way round
    expected = [name for name in SETUP_FIELDS if name in expected]
    assert _fields(**values) == expected
    if expected:
        with pytest.raises(FormRejected) as caught:
            check_setup(**values)
        assert [p.field for p in caught.value.problems] == expected
        assert caught.value.field == expected[0]
        assert caught.value.as_json()["errors"][0]["field"] == expected[0]


@given(st.text(min_size=0, max_size=30).filter(lambda text: text.isprintable()))
def test_a_printable_password_passes_exactly_when_long_enough(password: str) -> None:
    fields = _fields(password=password, password_again=password)
    assert ("password" in fields) == (len(password) < MIN_PASSWORD_LENGTH)


@given(st.from_regex(r"[0-9]{1,12}", fullmatch=True))
def test_only_seven_digits_make_an_office_code(code: str) -> None:
    assert ("office_code" in _fields(office_code=code)) == (len(code) != 7)


@pytest.mark.parametrize(("typed", "stored"), [
    ("02-3423-5392", "02-3423-5392"), ("0234235392", "02-3423-5392"), ("02 341 5392", "02-341-5392"),
    ("031-234-5678", "031-234-5678"), ("064 7100 1234", "064-7100-1234"), ("070-1234-5678", "070-1234-5678"),
    ("1588-1234", "1588-1234"), ("010-1234-5678", "010-1234-5678"), ("", None), ("  ", None),
])
def test_the_office_phone_is_kept_with_hyphens(typed: str, stored: str | None) -> None:
    assert validate_phone(typed) == stored
    assert check_setup(**(GOOD | {"office_phone": typed})).office_phone == stored


@pytest.mark.parametrize("typed", ["3423-5392", "020-123-4567", "039-123-4567", "02-34a3-5392", "+82 2 3423 5392",
                                   "02-3423-53921", "1288-1234", "02.3423.5392", "031-123-4567"])
def test_a_number_that_no_office_can_have_is_refused_beside_its_field(typed: str) -> None:
    assert _fields(office_phone=typed) == ["office_phone"]
    assert "02-3423-5392" in setup_problems(**(GOOD | {"office_phone": typed}))[0].message
