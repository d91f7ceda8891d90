"""Receipt numbers: format, check character, uniqueness by office and device."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from counter.filing.receipts import ALPHABET, is_valid_receipt_number, make_receipt_number, sequence_of

codes = st.text(alphabet=ALPHABET, min_size=2, max_size=6)


def test_receipt_number_reads_office_device_date_sequence() -> None:
    number = make_receipt_number("3650052", "K7", date(2026, 11, 21), 3)
    assert number.startswith("3650052-K7-261121-0003-")
    assert is_valid_receipt_number(number) and sequence_of(number) == 3


@settings(max_examples=1000)
@given(office=codes, device=codes, seq=st.integers(1, 9999), position=st.integers(0, 40), data=st.data())
def test_any_single_character_change_is_caught(office: str, device: str, seq: int, position: int,
                                               data: st.DataObject) -> None:
    number = make_receipt_number(office, device, date(2026, 1, 2), seq)
    index = position % len(number)
    if number[index] == "-":
        return
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != number[index]]))
    changed = number[:index] + replacement + number[index + 1:]
    assert not is_valid_receipt_number(changed)


@settings(max_examples=300)
@given(a=st.tuples(codes, codes), b=st.tuples(codes, codes), seq=st.integers(1, 9999))
def test_different_devices_never_collide(a: tuple[str, str], b: tuple[str, str], seq: int) -> None:
    if a != b:
        day = date(2026, 11, 21)
        assert make_receipt_number(*a, day, seq) != make_receipt_number(*b, day, seq)
