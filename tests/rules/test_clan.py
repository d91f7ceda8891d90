"""The 본 as the register and the forms write it: Hangul without spaces, its Hanja one character a syllable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.base.i18n import in_language
from counter.rules.clan import CLAN_MAX_SYLLABLES, Clan, check_clan, is_hanja

FIELD = "deceased.clan"


@pytest.mark.parametrize(("hangul", "hanja", "expected"), [
    ("김해", "", Clan("김해")),
    ("김해", "金海", Clan("김해", "金海")),
    (" 전주 ", "全州", Clan("전주", "全州")),  # surrounding spaces trimmed
    ("밀양", "密 陽", Clan("밀양", "密陽")),  # a space between the characters is not part of the name
    ("태국", "泰國", Clan("태국", "泰國")),  # founded on naturalisation (창설)
    ("김해", "\uf901\u6d77", Clan("김해", "\u66f4\u6d77")),  # a compatibility ideograph is read as its unified one
    ("\u1100\u1175\u11b7\u1112\u1162", "", Clan("김해")),  # typed decomposed (NFD), kept composed
])
def test_a_clan_in_hangul_with_or_without_its_hanja_is_accepted(hangul: str, hanja: str, expected: Clan) -> None:
    assert check_clan(hangul, hanja, field=FIELD) == expected


def test_the_form_writes_the_hanja_after_the_hangul() -> None:
    assert Clan("김해", "金海").form_text == "김해(金海)" and Clan("김해").form_text == "김해"


@pytest.mark.parametrize(("hangul", "hanja", "field", "words"), [
    ("", "", FIELD, "필수"),
    ("   ", "金海", FIELD, "필수"),
    ("김 해", "", FIELD, "띄어 쓰지"),
    ("김해김씨", "", FIELD, "씨"),
    ("Gimhae", "", FIELD, "한글"),
    ("金海", "", FIELD, "한글"),  # the Hanja typed in the Hangul cell
    ("ㄱㅎ", "", FIELD, "한글"),  # lone jamo
    ("김해1", "", FIELD, "한글"),
    ("가" * (CLAN_MAX_SYLLABLES + 1), "", FIELD, f"{CLAN_MAX_SYLLABLES}자"),
    ("김해", "김해", f"{FIELD}_hanja", "한자"),  # Hangul in the Hanja cell
    ("김해", "金", f"{FIELD}_hanja", "2자인데 한자는 1자"),
    ("김해", "金海府", f"{FIELD}_hanja", "한 자씩"),
    ("김\x1b[2J해", "", FIELD, "U+001B"),
    ("김해", "金\u202e海", f"{FIELD}_hanja", "U+202E"),
    ("김\u200b해", "", FIELD, "U+200B"),
    ("김해 900101-1234568", "", FIELD, "번호"),
])
def test_a_clan_that_is_not_a_hangul_place_name_is_refused_naming_the_cell(hangul: str, hanja: str, field: str,
                                                                           words: str) -> None:
    with in_language("ko"), pytest.raises(ValidationError) as refused:
        check_clan(hangul, hanja, field=FIELD)
    assert refused.value.field == field
    assert words in refused.value.message


@pytest.mark.parametrize(("char", "hanja"), [("金", True), ("\u3400", True), ("\U00020000", True), ("김", False),
                                             ("A", False), ("〇", False)])
def test_hanja_are_the_cjk_unified_ideographs(char: str, hanja: bool) -> None:
    assert is_hanja(char) is hanja


SYLLABLES = st.integers(0xAC00, 0xD7A3).map(chr)


@settings(max_examples=400, deadline=None)
@given(st.text(SYLLABLES, min_size=1, max_size=CLAN_MAX_SYLLABLES))
def test_any_run_of_hangul_syllables_not_ending_in_ssi_is_a_clan(name: str) -> None:
    if name.endswith("씨") and len(name) > 1:
        with pytest.raises(ValidationError):
            check_clan(name, field=FIELD)
        return
    assert check_clan(name, field=FIELD) == Clan(name)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_text_is_a_clan_of_hangul_and_matching_hanja_or_refused_naming_a_cell(hangul: str, hanja: str) -> None:
    try:
        clan = check_clan(hangul, hanja, field=FIELD)
    except ValidationError as error:
        assert error.field in (FIELD, f"{FIELD}_hanja") and error.message
        return
    assert clan.hangul and all(0xAC00 <= ord(char) <= 0xD7A3 for char in clan.hangul)
    assert not clan.hanja or (len(clan.hanja) == len(clan.hangul) and all(is_hanja(char) for char in clan.hanja))
