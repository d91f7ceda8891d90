"""Free text: NFC, no control/escape/bidi/invisible characters, length in characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.text import FORBIDDEN_CATEGORIES, clean_text, forbidden_character


@pytest.mark.parametrize(
    "bad",
    [
        "\x1b[31mred\x1b[0m",  # ANSI colour escape
        "\x1b]0;title\x07",  # OSC terminal title
        "a\tb",
        "line\nbreak",
        "\r",
        "nul\x00",
        "del\x7f",
        "nel\x85",  # C1 next line
        "csi\x9b2J",  # C1 CSI
        "abc\u202edcba",  # right-to-left override
        "\u2066isolate\u2069",
        "zero\u200bwidth",
        "\ufeffbom",
        "soft\u00adhyphen",
        "line\u2028separator",
        "para\u2029separator",
        "private\ue000use",
        "tag\U000e0041",
        "unassigned\u0378",
        "surrogate\ud800",
        "홍\u3164길동",  # Hangul filler
    ],
)
def test_hidden_and_control_characters_are_rejected_naming_the_field(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text(bad, field="child.given_name", max_length=100)
    assert caught.value.field == "child.given_name"
    assert "U+" in caught.value.message


def test_text_is_nfc_normalised_and_stripped() -> None:
    decomposed = unicodedata.normalize("NFD", "  한국어  ")
    assert clean_text(decomposed, field="note", max_length=3) == "한국어"


def test_length_is_counted_in_characters_after_nfc() -> None:
    assert clean_text("가" * 10, field="note", max_length=10) == "가" * 10
    with pytest.raises(ValidationError) as caught:
        clean_text("가" * 11, field="note", max_length=10)
    assert caught.value.field == "note"


def test_required_text_must_not_be_blank() -> None:
    assert clean_text("   ", field="note", max_length=10) == ""
    with pytest.raises(ValidationError):
        clean_text("   ", field="note", max_length=10, required=True)


def test_non_text_is_rejected() -> None:
    with pytest.raises(ValidationError):
        clean_text(42, field="note", max_length=10)  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(value=st.text(max_size=40))
def test_any_text_is_either_rejected_or_clean(value: str) -> None:
    try:
        cleaned = clean_text(value, field="note", max_length=30)
    except ValidationError as error:
        assert error.field == "note"
        return
    assert forbidden_character(cleaned) is None
    assert all(unicodedata.category(c) not in FORBIDDEN_CATEGORIES for c in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert len(cleaned) <= 30
    assert cleaned == cleaned.strip()


@pytest.mark.parametrize("reason", ["모 900315-2123456 재접수", "연락처 010-1234-5678", "９００３１５２１２３４５６"])
def test_a_reason_holding_a_registration_or_phone_number_is_refused(reason: str) -> None:
    from counter.rules.text import clean_reason

    with pytest.raises(ValidationError) as caught:
        clean_reason(reason, field="duplicate_reason", max_length=200)
    assert caught.value.field == "duplicate_reason"


def test_an_ordinary_reason_is_kept() -> None:
    from counter.rules.text import clean_reason

    assert clean_reason("부모가 모두 입원 중", field="reporter.reason", max_length=200) == "부모가 모두 입원 중"


@pytest.mark.parametrize("value", ["모 920611-2567894 병원", "연락 010 1234 5678 집", "９２０６１１２５６７８９４"])
def test_free_text_refuses_a_registration_or_phone_number_inside_it(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text(value, field="child.birth_place", max_length=100)
    assert caught.value.field == "child.birth_place"
    assert clean_text("010-1234-5678", field="contact.phone", max_length=20, numbers_allowed=True)


@pytest.mark.parametrize("place", ["서울특별시 강남구 역삼로 123-45 101동 1203호", "○○산부인과 (역삼동 736-1)"])
def test_ordinary_addresses_with_numbers_are_kept(place: str) -> None:
    assert clean_text(place, field="child.birth_place", max_length=100) == place


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40))
def test_escaped_text_holds_no_character_a_terminal_acts_on(value: str) -> None:
    from counter.rules.text import escape_terminal

    assert forbidden_character(escape_terminal(value)) is None
