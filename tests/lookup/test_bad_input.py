"""What a lookup refuses or treats as plain text: a receipt number with a wrong check character, SQL
wildcards, escape sequences, a 10,000-character paste, filters that cannot be asked."""

from __future__ import annotations

import time
from datetime import date

import pytest
from lookup_filings import file_births
from sqlmodel import select

from counter.base.errors import ValidationError
from counter.base.session import SignedInClerk
from counter.filing.receipts import ALPHABET
from counter.lookup import search
from counter.lookup.query import MAX_QUERY_LENGTH, NamePrefix, parse_query
from counter.lookup.search import BundleFilter, search_bundles
from counter.office.runtime import Runtime
from counter.store.pii import PersonalDataVault
from models import Bundle


def _refused(vault: PersonalDataVault, text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_query(text, vault)
    return caught.value


def test_a_wrong_check_character_is_named(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipt = file_births(runtime, clerk, [("김", "하늘")])[0]
    body, check = receipt.rsplit("-", 1)
    wrong = next(char for char in ALPHABET if char != check)
    error = _refused(runtime.vault, f"{body}-{wrong}")
    assert error.code == "check_character" and f"'{wrong}'" in error.message and body in error.message
    assert "확인 문자" in error.message  # in Korean
    for incomplete in (body, receipt[:-2], "3650052-T1"):  # no check character: not a receipt number
        assert _refused(runtime.vault, incomplete).code == "not_a_query"


def test_wildcards_and_quotes_are_plain_characters(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_births(runtime, clerk, [("김", "하늘"), ("이", "도윤")])
    for text in ("%", "_", "김%", "%하늘", "김_늘", "*", "'", "' OR 'a'='a", "김'; DROP TABLE bundle; --", "\\", "김\\"):
        key = parse_query(text, runtime.vault)
        assert isinstance(key, NamePrefix)
        assert search_bundles(runtime.db, BundleFilter(key)).rows == ()
    with runtime.db.session() as session:
        assert len(session.exec(select(Bundle)).all()) == 2


@pytest.mark.parametrize("text", ["\x1b[31m김", "김\x1b]0;title\x07", "김\u202e하", "\u200b김", "김\n하", "김\x00"])
def test_escape_sequences_and_hidden_characters_are_refused(runtime: Runtime, text: str) -> None:
    error = _refused(runtime.vault, text)
    assert error.code == "hidden_character" and "U+" in error.message


def test_a_long_paste_is_refused_before_any_work(runtime: Runtime) -> None:
    for length in (MAX_QUERY_LENGTH + 1, 10_000, 1_000_000):
        begun = time.perf_counter()
        error = _refused(runtime.vault, "김" * length)
        assert error.code == "too_long" and str(MAX_QUERY_LENGTH) in error.message
        assert time.perf_counter() - begun < 0.05
    assert isinstance(parse_query("김" * MAX_QUERY_LENGTH, runtime.vault), NamePrefix)
    # Decomposed jamo count once composed: 64 syllables typed as 192 jamo are a query of 64.
    assert parse_query("\u1100\u1161" * MAX_QUERY_LENGTH, runtime.vault) == NamePrefix("가" * MAX_QUERY_LENGTH)


def test_numbers_that_are_neither_receipts_nor_registration_numbers(runtime: Runtime) -> None:
    assert _refused(runtime.vault, "900315").code == "not_a_query"  # never a partial registration number
    assert _refused(runtime.vault, "김하늘1").code == "not_a_query"
    assert _refused(runtime.vault, "901231-1******").code == "not_a_query"  # a masked number
    assert _refused(runtime.vault, "9013311234567").field == "query"  # 13 digits, no such day
    assert parse_query("   ", runtime.vault) is None


def test_filters_that_cannot_be_asked(runtime: Runtime) -> None:
    def refused(**filters: object) -> str | None:
        with pytest.raises(ValidationError) as caught:
            search_bundles(runtime.db, BundleFilter(**filters))  # type: ignore[arg-type]
        return caught.value.field

    assert refused(kind="marriage") == "kind"
    assert refused(filed_from=date(2026, 11, 2), filed_to=date(2026, 11, 1)) == "filed_from"
    assert refused(clerk="boss\x1b[2J") == "clerk" and refused(office="x" * 65) == "office"
    assert search_bundles(runtime.db, BundleFilter(status="%")).rows == ()


def test_a_surname_shared_by_many_is_walked_newest_first(runtime: Runtime, clerk: SignedInClerk,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways of finding a name prefix give the same bundles in the same order."""
    file_births(runtime, clerk, [("김", "하늘"), ("이", "도윤"), ("김", "하나"), ("박", "서준")])
    key = parse_query("김하", runtime.vault)
    gathered = search_bundles(runtime.db, BundleFilter(key), limit=500).rows
    monkeypatch.setattr(search, "NAME_CANDIDATES", 1)
    walked = search_bundles(runtime.db, BundleFilter(key), limit=500).rows
    assert len(gathered) == 2 and walked == gathered
    first = search_bundles(runtime.db, BundleFilter(key), limit=1)
    assert first.rows == gathered[:1]
    assert search_bundles(runtime.db, BundleFilter(key), limit=1, after=first.after).rows == gathered[1:]
