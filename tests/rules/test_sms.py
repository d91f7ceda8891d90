"""Korean mobile numbers (010 only) and a text message's size in EUC-KR bytes (90-byte SMS, else LMS)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.sms import (
    LMS_MAX_BYTES,
    SMS_MAX_BYTES,
    MobileNumber,
    check_mobile_number,
    mask_phone,
    message_kind,
    sms_bytes,
)
from counter.rules.text import forbidden_character


def _ks_x_1001_alphabet() -> list[str]:
    """Printable ASCII and every character EUC-KR (KS X 1001) encodes in 2 bytes (Python's codec writes
    CP949's extra syllables as 8-byte jamo sequences, so those are left out here)."""
    chars = [chr(code) for code in range(0x20, 0x7F)]
    for code in range(0x80, 0x10000):
        char = chr(code)
        if forbidden_character(char) is not None:
            continue
        try:
            if len(char.encode("euc-kr")) == 2:
                chars.append(char)
        except UnicodeEncodeError:
            continue
    return chars


KS_X_1001 = _ks_x_1001_alphabet()
ks_x_1001_text = st.text(alphabet=st.sampled_from(KS_X_1001), max_size=200)


@pytest.mark.parametrize("written", [
    "010-1234-5678",
    "01012345678",
    "010 1234 5678",
    "010 - 1234 - 5678",
    "010-12345678",
    "0101234-5678",
    "  010-1234-5678  ",
    "０１０－１２３４－５６７８",  # full-width digits and hyphen (NFKC)
    "０１０ １２３４ ５６７８",
])
def test_a_mobile_number_is_accepted_however_it_is_written(written: str) -> None:
    number = check_mobile_number(written)
    assert number == MobileNumber("01012345678")
    assert number.formatted == str(number) == "010-1234-5678"
    assert number.digits == "01012345678"


@pytest.mark.parametrize(("written", "code"), [
    ("", "mobile_required"),
    ("   ", "mobile_required"),
    ("011-123-4567", "mobile_retired_prefix"),  # 2G numbers: out of service since 2021-2023
    ("016-1234-5678", "mobile_retired_prefix"),
    ("017 234 5678", "mobile_retired_prefix"),
    ("018-2345-6789", "mobile_retired_prefix"),
    ("0192345678", "mobile_retired_prefix"),
    ("02-123-4567", "mobile_not_mobile"),  # a Seoul landline
    ("070-1234-5678", "mobile_not_mobile"),  # internet telephony
    ("1588-1234", "mobile_not_mobile"),
    ("+82 10-1234-5678", "mobile_characters"),
    ("010.1234.5678", "mobile_characters"),
    ("(010) 1234-5678", "mobile_characters"),
    ("010-1234-5678 (집)", "mobile_characters"),
    ("공일공-1234-5678", "mobile_characters"),
    ("٠١٠١٢٣٤٥٦٧٨", "mobile_characters"),  # Arabic-Indic digits are digits, but not ours
    ("010-1234-567", "mobile_length"),
    ("010-1234-56789", "mobile_length"),
    ("010", "mobile_length"),
    ("010-123-45678", "mobile_format"),
    ("0-10-1234-5678", "mobile_format"),
    ("010--1234-5678", "mobile_format"),
    ("010-1234-5678\x1b[2J", "hidden_character"),
    ("010\u200b1234-5678", "hidden_character"),
    ("\u202e010-1234-5678", "hidden_character"),
    ("010-1234-5678\n", "hidden_character"),
])
def test_anything_else_is_refused_with_its_code(written: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_mobile_number(written, field="contact.phone")
    assert error.value.code == code
    assert error.value.field == "contact.phone"
    assert error.value.message


def test_the_field_defaults_to_phone_and_the_message_is_korean_by_default() -> None:
    with pytest.raises(ValidationError) as error:
        check_mobile_number("011-234-5678")
    assert error.value.field == "phone"
    assert "010으로 시작하는 번호" in error.value.message


def test_a_number_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        check_mobile_number(1012345678)  # type: ignore[arg-type]
    assert error.value.code == "mobile_required"


def test_the_masked_number_is_the_one_phone_mask() -> None:
    number = check_mobile_number("010 2345 6789")
    assert number.masked == mask_phone("010-2345-6789") == "010-****-6789"


def test_a_mobile_number_holds_only_the_digits_of_a_010_number() -> None:
    for digits in ("0101234567", "02123456789", "010-1234-5678", "０１０１２３４５６７８"):
        with pytest.raises(ValueError):
            MobileNumber(digits)


@settings(max_examples=300)
@given(st.from_regex(r"\A[0-9]{8}\Z"), st.sampled_from(["-", " ", "", " - "]), st.booleans())
def test_any_valid_number_survives_the_round_trip_through_its_written_form(
        line: str, separator: str, full_width: bool) -> None:
    written = f"010{separator}{line[:4]}{separator}{line[4:]}"
    if full_width:
        written = written.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"})
    number = check_mobile_number(written)
    assert number.formatted == f"010-{line[:4]}-{line[4:]}"
    assert check_mobile_number(number.formatted) == number
    assert check_mobile_number(number.digits) == number
    assert number.masked == f"010-****-{line[4:]}"


@settings(max_examples=300)
@given(st.text(max_size=40))
@example("010-1234-5678\x00")
@example("0" * 10_000)
def test_any_text_is_a_number_or_a_validation_error(text: str) -> None:
    try:
        number = check_mobile_number(text)
    except ValidationError as error:
        assert error.code
    else:
        assert number.digits.startswith("010") and len(number.digits) == 11


@pytest.mark.parametrize(("text", "size"), [
    ("", 0),
    ("abc 123", 7),
    ("가나다", 6),
    ("[역삼1동]", 9),
    ("3650052-T1-261121-0001-H", 24),
    ("①·※", 6),  # KS X 1001 symbols are 2 bytes
    ("줄\n바꿈", 7),  # a line break is one byte
    ("똠", 2),  # CP949's further syllables count as CP949 does
    ("햏", 2),
    ("쀍", 2),
])
def test_sms_bytes_counts_as_korean_carriers_do(text: str, size: int) -> None:
    assert sms_bytes(text) == size


@pytest.mark.parametrize(("text", "code"), [
    ("축하합니다 😀", "not_in_sms_charset"),  # emoji
    ("₩300,000", "not_in_sms_charset"),  # U+20A9 (KS X 1001's won sign is the full-width ￦)
    ("9–18시", "not_in_sms_charset"),  # en dash
    ("\u1100\u1161", "not_in_sms_charset"),  # conjoining jamo
    ("탭\t문자", "hidden_character"),
    ("\x1b[2J", "hidden_character"),
    ("\u202eabc", "hidden_character"),
])
def test_sms_bytes_refuses_what_a_text_message_cannot_carry(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        sms_bytes(text, field="reason")
    assert (error.value.code, error.value.field) == (code, "reason")


@settings(max_examples=300)
@given(ks_x_1001_text)
def test_sms_bytes_is_the_euc_kr_length_of_any_ks_x_1001_text(text: str) -> None:
    assert sms_bytes(text) == len(text.encode("euc-kr"))


@pytest.mark.parametrize(("text", "kind"), [
    ("", "sms"),
    ("a" * 90, "sms"),
    ("a" * 91, "lms"),
    ("가" * 45, "sms"),
    ("가" * 45 + "a", "lms"),
    ("가" * 44 + "ab", "sms"),
    ("a" * 2000, "lms"),
    ("가" * 1000, "lms"),
])
def test_a_short_message_holds_90_bytes_and_a_long_one_2000(text: str, kind: str) -> None:
    assert message_kind(text) == kind


def test_a_body_over_2000_bytes_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        message_kind("가" * 1000 + "a")
    assert error.value.code == "message_too_long"
    assert "2,001" in error.value.message


@settings(max_examples=200)
@given(ks_x_1001_text)
def test_the_kind_turns_at_exactly_90_and_91_bytes(text: str) -> None:
    size = sms_bytes(text)
    assert message_kind(text) == ("sms" if size <= SMS_MAX_BYTES else "lms")
    if size <= SMS_MAX_BYTES:
        exact = text + "x" * (SMS_MAX_BYTES - size)
        assert sms_bytes(exact) == SMS_MAX_BYTES and message_kind(exact) == "sms"
        assert message_kind(exact + "x") == "lms"
    assert sms_bytes(text) <= LMS_MAX_BYTES
