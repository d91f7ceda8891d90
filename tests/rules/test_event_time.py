"""Times of birth and death as the forms write them: 24-hour, 정오 = 12시, 자정 = 0시 of the next day."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.base.i18n import in_language
from counter.rules.event_time import (
    UNKNOWN,
    EventTime,
    check_death_date_given,
    event_time_text,
    format_event_time,
    is_unknown_word,
    parse_birth_time,
    parse_clock_time,
    parse_death_time,
)

FIELD = "child.birth_time"


def _parse(text: str) -> EventTime:
    parsed = parse_clock_time(text, field=FIELD)
    assert parsed is not None
    return parsed


# --- The convention ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "clock", "next_day"),
    [
        ("14:30", time(14, 30), False),
        ("1430", time(14, 30), False),
        ("0930", time(9, 30), False),
        ("930", time(9, 30), False),
        ("14시 30분", time(14, 30), False),
        ("14시30분", time(14, 30), False),
        ("14시", time(14, 0), False),
        ("14시 정각", time(14, 0), False),
        ("14시 반", time(14, 30), False),
        ("오후 2시 30분", time(14, 30), False),  # the forms' own example: 오후 2시 30분 -> 14시 30분
        ("오후 10시", time(22, 0), False),  # the death guidance's example: 오후 10시 -> 22시
        ("오후 2:30", time(14, 30), False),
        ("오후2시반", time(14, 30), False),
        ("2:30 pm", time(14, 30), False),
        ("2:30 P.M.", time(14, 30), False),
        ("AM 9:05", time(9, 5), False),
        ("오전 9시 5분", time(9, 5), False),
        ("오전 0시 5분", time(0, 5), False),
        ("오전 12시 5분", time(0, 5), False),  # 12 past midnight, 12-hour clock
        ("오전 12시 반", time(0, 30), False),
        ("오후 12시 30분", time(12, 30), False),  # half past noon
        ("오후 0시 30분", time(12, 30), False),
        ("0:05", time(0, 5), False),
        ("0시 5분", time(0, 5), False),
        ("00:00", time(0, 0), False),  # 0시 typed: the start of the day given
        ("23:59", time(23, 59), False),
        ("정오", time(12, 0), False),
        ("12:00", time(12, 0), False),
        ("자정", time(0, 0), True),  # the midnight ending the day: 0시 of the next day (오후 12시 -> 익일 0시)
        ("Midnight", time(0, 0), True),
        ("noon", time(12, 0), False),
        ("１４：３０", time(14, 30), False),  # full-width digits and colon
        ("  14 : 30  ", time(14, 30), False),
        ("14\u3000시\u300030분", time(14, 30), False),  # ideographic spaces
    ],
)
def test_what_a_clerk_types_is_read_on_the_forms_24_hour_clock(typed: str, clock: time, next_day: bool) -> None:
    assert _parse(typed) == EventTime(clock, next_day=next_day)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("24:00", "24시"),  # midnight is 0시 of the next day, never 24시
        ("2400", "24시"),
        ("24시", "24시"),
        ("25:10", "no hour 25"),
        ("99시", "no hour 99"),
        ("12:60", "no minute 60"),
        ("14시 75분", "no minute 75"),
        ("오후 13시", "0 to 12"),
        ("오전 14:30", "0 to 12"),
        ("오후 12시", "noon and as midnight"),  # the guidance: 익일 0시; everyday usage: noon
        ("오전 12시", "noon and as midnight"),
        ("오후 12시 정각", "noon and as midnight"),
        ("12:00 pm", "noon and as midnight"),
        ("오전 12시 0분", "noon and as midnight"),
    ],
)
def test_times_outside_the_forms_convention_are_refused_saying_why(typed: str, shown: str) -> None:
    with in_language("en"), pytest.raises(ValidationError) as error:
        parse_clock_time(typed, field=FIELD)
    assert shown in error.value.message
    assert error.value.field == FIELD


@pytest.mark.parametrize(
    "typed",
    ["-1:30", "-0130", "14:3", "14:300", "1:2:3", "14:30:00", "14.30", "오후", "시", "두 시", "14시 30", "오후 2시 pm",
     "pm 2:30 pm", "12345", "12", "٣:٣٠", "１４：３０分", "14:30 오후 2시", "오후 -2시", "1e3", "0x10", "14시 30분경"],
)
def test_malformed_or_negative_times_are_refused_with_the_accepted_forms(typed: str) -> None:
    with in_language("en"), pytest.raises(ValidationError) as error:
        parse_clock_time(typed, field=FIELD)
    assert "14:30" in error.value.message


@pytest.mark.parametrize("hostile", ["14:30\x1b[2J", "14\u202e:30", "\u200b14:30", "14:30\n", "\x00", "14\u3164:30"])
def test_control_and_hidden_characters_are_refused_naming_the_field(hostile: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_clock_time(hostile, field=FIELD)
    assert error.value.field == FIELD


def test_empty_time_is_refused_when_required_and_none_otherwise() -> None:
    with in_language("en"), pytest.raises(ValidationError, match="Enter the time"):
        parse_clock_time("  ", field=FIELD)
    assert parse_clock_time("", field=FIELD, required=False) is None


def test_midnight_moves_the_recorded_date_to_the_next_day() -> None:
    died = date(2026, 12, 31)
    assert _parse("자정").recorded_date(died) == date(2027, 1, 1)
    assert _parse("0:00").recorded_date(died) == died
    assert _parse("23:59").recorded_date(died) == died


def test_only_midnight_can_move_to_the_next_day() -> None:
    with pytest.raises(ValueError, match="midnight"):
        EventTime(time(0, 1), next_day=True)


# --- The form's text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (time(14, 30), "14시 30분"),
        (time(0, 5), "0시 5분"),
        (time(0, 0), "0시 0분"),
        (time(12, 0), "12시 0분"),
        (time(23, 59), "23시 59분"),
        (EventTime(time(0, 0), next_day=True), "0시 0분"),
        (UNKNOWN, "미상"),
    ],
)
def test_times_are_written_as_the_form_writes_them(value: time | EventTime, text: str) -> None:
    assert format_event_time(value) == text


def test_the_form_text_is_korean_whatever_the_clerks_language() -> None:
    with in_language("en"):
        assert _parse("오후 2시 30분").form_text == "14시 30분"


@pytest.mark.parametrize(
    ("value", "korean", "english"),
    [
        (time(14, 30), "14시 30분", "14:30"),
        (EventTime(time(0, 5)), "0시 5분", "00:05"),
        (EventTime(time(0, 0), next_day=True), "0시 0분", "00:00"),
        (UNKNOWN, "미상", "unknown"),
        (None, "", ""),  # not recorded (a report filed before the time was): nothing, never midnight
    ],
)
def test_papers_and_screens_say_the_time_in_their_language(value: time | EventTime | None, korean: str,
                                                            english: str) -> None:
    with in_language("ko"):
        assert event_time_text(value) == korean
    with in_language("en"):
        assert event_time_text(value) == english


# --- Birth: required and known; death: may be unknown, but not its date ---------------------------


def test_a_birth_needs_its_time() -> None:
    assert parse_birth_time("14:30") == EventTime(time(14, 30))
    with in_language("en"), pytest.raises(ValidationError) as error:
        parse_birth_time("미상")
    assert "제44조②3호" in error.value.message
    assert error.value.field == "child.birth_time"
    with in_language("en"), pytest.raises(ValidationError, match="birth certificate"):
        parse_birth_time("")


@pytest.mark.parametrize("unknown", ["미상", " 미 상 ", "불상", "모름", "Unknown", "UNKNOWN"])
def test_a_death_time_may_be_given_as_unknown(unknown: str) -> None:
    parsed = parse_death_time(unknown)
    assert parsed is UNKNOWN
    assert not parsed.known
    assert parsed.form_text == "미상"
    assert parsed.recorded_date(date(2026, 5, 3)) == date(2026, 5, 3)


def test_a_blank_death_time_must_say_unknown_rather_than_stay_blank() -> None:
    with in_language("en"), pytest.raises(ValidationError) as error:
        parse_death_time("   ")
    assert "미상" in error.value.message
    assert error.value.field == "death_time"


def test_a_death_time_is_read_like_any_other() -> None:
    assert parse_death_time("자정") == EventTime(time(0, 0), next_day=True)
    with pytest.raises(ValidationError):
        parse_death_time("24:00")


@pytest.mark.parametrize("hostile", ["미상\x1b[0m", "미상\t", "\u202e미상", "미상\u200b"])
def test_unknown_with_hidden_characters_is_refused(hostile: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_death_time(hostile)
    assert error.value.field == "death_time"


def test_a_death_report_without_its_date_is_refused_with_the_reason() -> None:
    assert check_death_date_given(date(2026, 5, 3)) == date(2026, 5, 3)
    with in_language("en"), pytest.raises(ValidationError) as error:
        check_death_date_given(None)
    assert error.value.field == "death_date"
    assert error.value.code == "death_date_unknown"
    assert "needs the date of death" in error.value.message
    with in_language("ko"), pytest.raises(ValidationError) as error:
        check_death_date_given(None)
    assert "수리할 수 없습니다" in error.value.message


def test_unknown_words_are_recognised_for_a_date_field_too() -> None:
    assert is_unknown_word("미상") and is_unknown_word(" 모 름 ")
    assert not is_unknown_word("2026-05-03")
    assert not is_unknown_word("")


# --- Properties ----------------------------------------------------------------------------------

MINUTE_TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))


def _twelve_hour(clock: time) -> str:
    half = "오전" if clock.hour < 12 else "오후"
    hour = clock.hour % 12
    return f"{half} {hour}시 {clock.minute}분"


@settings(max_examples=300)
@given(MINUTE_TIMES)
def test_every_valid_time_written_as_the_form_writes_it_reads_back_to_itself(clock: time) -> None:
    assert _parse(format_event_time(clock)) == EventTime(clock)
    assert _parse(f"{clock:%H:%M}") == EventTime(clock)
    assert _parse(f"{clock:%H%M}") == EventTime(clock)


@settings(max_examples=300)
@given(MINUTE_TIMES)
def test_every_time_on_the_12_hour_clock_with_0_for_twelve_reads_the_same(clock: time) -> None:
    assert _parse(_twelve_hour(clock)) == EventTime(clock)


TIME_LIKE = st.text(
    alphabet=st.sampled_from(list("0123456789:시분반 오전후정각자정미상pamPAM.-+\x1b\u202e\u200b\t１２：")), max_size=16)


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=40), TIME_LIKE))
def test_any_text_either_reads_as_a_time_or_is_refused_with_the_rule_error(text: str) -> None:
    for parse in (lambda value: parse_clock_time(value, field=FIELD), parse_birth_time, parse_death_time):
        try:
            parsed = parse(text)
        except ValidationError as error:
            assert error.message
            assert error.field
            continue
        assert parsed is not None
        if parsed.clock is not None:
            assert parsed.clock.second == 0 and 0 <= parsed.clock.hour <= 23
            assert parsed.next_day is False or parsed.clock == time(0, 0)
