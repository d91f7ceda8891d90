"""Birth order reads as a Korean ordinal (첫째, 둘째...), not "1명 중 1째"."""

from __future__ import annotations

import pytest

from counter.base.i18n import current_language, korean_ordinal, ordinal, set_language


@pytest.mark.parametrize(("n", "word"), [
    (1, "첫째"), (2, "둘째"), (3, "셋째"), (4, "넷째"), (5, "다섯째"), (6, "여섯째"), (7, "일곱째"),
    (8, "여덟째"), (9, "아홉째"), (10, "열째"), (11, "열한째"), (12, "열두째"), (13, "열셋째"), (20, "스무째"),
    (21, "스물한째"), (32, "서른두째"), (100, "100번째"),
])
def test_korean_ordinals_follow_the_native_numbers(n: int, word: str) -> None:
    assert korean_ordinal(n) == word


def test_the_ordinal_follows_the_language() -> None:
    before = current_language()
    try:
        set_language("en")
        assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
        set_language("ko")
        assert ordinal(3) == "셋째"
    finally:
        set_language(before)
