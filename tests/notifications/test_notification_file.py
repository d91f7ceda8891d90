"""The notified-births file (JSON Lines): every problem reported with its line and field, the good lines
kept; hostile text refused; the mother's registration number never shown."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notification_helpers import MOTHER_RRN, TODAY, jsonl, notification, rrn

from counter.filing.notification_file import FIELDS, ParsedFile, parse_notification_lines


def parse(*lines: dict[str, Any] | str) -> ParsedFile:
    return parse_notification_lines(jsonl(*lines), today=TODAY)


def problems(parsed: ParsedFile) -> list[tuple[int, str, str | None]]:
    return [(p.line, p.field, p.code) for p in parsed.problems]


def test_a_good_line_is_read_whole() -> None:
    parsed = parse(notification())
    assert parsed.problems == () and parsed.warnings == () and parsed.lines == 1
    record = parsed.records[0]
    assert (record.line, record.key, record.institution_name, record.mother_name) == (
        1, ("11312345", "2026-110301"), "역삼○○산부인과", "이수진")
    assert (record.mother_rrn.digits, record.birth_date, record.birth_time, record.sex) == (
        MOTHER_RRN.replace("-", ""), date(2026, 11, 3), time(10, 42), "F")
    assert (record.birth_count, record.birth_order) == (1, 1)
    assert record.sent_at == datetime(2026, 11, 4, 0, 15, tzinfo=UTC)


def test_a_malformed_line_is_reported_by_its_number_and_the_others_are_kept() -> None:
    parsed = parse(notification(), '{"notification_id": "2", "sex": "F",', notification(notification_id="3"))
    assert problems(parsed) == [(2, "", "json")]
    assert [record.line for record in parsed.records] == [1, 3]
    assert "column" in parsed.problems[0].message


def test_every_problem_of_a_line_is_reported_at_once_by_field() -> None:
    parsed = parse(notification(sex=..., birth_time="24:00", birth_count=0, institution_name=""))
    assert sorted(problems(parsed)) == [(1, "birth_count", "range"), (1, "birth_time", "event_time"),
                                        (1, "institution_name", "required"), (1, "sex", "missing")]
    assert parsed.records == ()


@pytest.mark.parametrize("field", FIELDS)
def test_a_missing_field_is_named(field: str) -> None:
    assert problems(parse(notification(**{field: ...}))) == [(1, field, "missing")]


@pytest.mark.parametrize(("value", "code", "says"), [
    ("24:00", "event_time", "0시"),           # the form has no 24시: midnight is 0시 of the next day
    ("25:10", "event_time", "25"),
    ("14:60", "event_time", "60"),
    ("2:30", "format", "HH:MM"),
    ("1430", "format", "HH:MM"),
    ("오후 2:30", "format", "HH:MM"),
    ("14:30:00", "format", "HH:MM"),
    ("１４:３０", "format", "HH:MM"),          # full-width digits: the file is machine-written
])
def test_a_bad_time_of_birth_is_refused(value: str, code: str, says: str) -> None:
    parsed = parse(notification(birth_time=value))
    assert problems(parsed) == [(1, "birth_time", code)]
    assert says in parsed.problems[0].message


@pytest.mark.parametrize(("value", "expected"), [("00:00", time(0, 0)), ("23:59", time(23, 59)), ("12:00", time(12, 0))])
def test_the_24_hour_clock_holds_from_0_to_23_59(value: str, expected: time) -> None:
    assert parse(notification(birth_time=value)).records[0].birth_time == expected


def test_a_wrong_check_digit_is_a_warning_and_the_line_is_imported() -> None:
    # numbers issued since 2020-10-05 (a changed or a new citizen's number) do not follow the old rule
    wrong = MOTHER_RRN[:-1] + str((int(MOTHER_RRN[-1]) + 1) % 10)
    parsed = parse(notification(), notification(notification_id="2", mother_rrn=wrong))
    assert parsed.problems == () and len(parsed.records) == 2
    assert [(w.line, w.field, w.code) for w in parsed.warnings] == [(2, "mother_rrn", "rrn_checksum")]


@pytest.mark.parametrize("value", ["900315-234567", "901315-2345670", "900315-a345670", "900315 2345670", 9003152345670,
                                   "900315-2345670\u200b"])
def test_a_malformed_registration_number_is_refused_and_never_echoed(value: object) -> None:
    parsed = parse(notification(mother_rrn=value))
    assert [(p.line, p.field) for p in parsed.problems] == [(1, "mother_rrn")]
    shown = json.dumps([p.as_json() for p in parsed.problems], ensure_ascii=False)
    assert not re.search(r"\d{6}", shown)


def test_a_foreign_mothers_registration_number_is_accepted() -> None:
    # 제44조의3①1호나목: a foreign mother's 외국인등록번호
    record = parse(notification(mother_rrn=rrn("900315", 6))).records[0]
    assert record.mother_rrn.foreigner


@pytest.mark.parametrize(("field", "value"), [
    ("institution_name", "역삼\x1b[2J산부인과"),          # a terminal escape
    ("institution_name", "\u202e과인부산삼역"),            # a right-to-left override
    ("mother_name", "이수\u200b진"),                     # a zero-width space
    ("mother_name", "\u3164"),                          # a Hangul filler standing for a blank
    ("notification_id", "2026\x00110301"),
    ("notification_id", "2026-110301\u2066"),
    ("institution_code", "1131\u00ad2345"),             # a soft hyphen
    ("sent_at", "2026-11-04T09:15:00+09:00\x85"),
    ("birth_date", "2026-11-03\u200f"),
])
def test_hostile_characters_are_refused_naming_the_field(field: str, value: str) -> None:
    parsed = parse(notification(**{field: value}))
    assert [(p.line, p.field) for p in parsed.problems] == [(1, field)]
    assert "U+" in parsed.problems[0].message or parsed.problems[0].code == "format"


def test_a_registration_number_written_into_a_name_is_refused() -> None:
    parsed = parse(notification(mother_name=f"이수진 {MOTHER_RRN}"))
    assert problems(parsed) == [(1, "mother_name", "identifying_number")]
    assert MOTHER_RRN not in parsed.problems[0].message


def test_an_unknown_field_is_named_unless_its_name_could_hold_anything() -> None:
    parsed = parse(notification(ward="3층"), notification(notification_id="2", **{MOTHER_RRN: "x"}))
    assert problems(parsed) == [(1, "ward", "unknown_field"), (2, "?", "unknown_field")]


def test_a_field_given_twice_is_refused() -> None:
    line = json.dumps(notification())[:-1] + ', "sex": "M"}'
    assert problems(parse(line)) == [(1, "sex", "repeated_field")]


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"birth_date": "2024-07-18"}, "birth_date", "before_notifications"),   # 부칙 <제19547호> 제2조
    ({"birth_date": "2026-2-3"}, "birth_date", "format"),
    ({"birth_date": "2026-02-30"}, "birth_date", "format"),
    ({"birth_date": "20261103"}, "birth_date", "format"),
    ({"sent_at": "2026-11-02T23:00:00+09:00"}, "sent_at", "range"),          # before the birth
    ({"sent_at": "2026-11-28T09:00:00+09:00"}, "sent_at", "range"),          # after today
    ({"sent_at": "2026-11-04T09:15:00"}, "sent_at", "format"),               # no time zone
    ({"sent_at": "2026-11-04"}, "sent_at", "format"),
    ({"mother_rrn": rrn("261103", 4)}, "mother_rrn", "mother_birth_date"),   # the child's own number
    ({"sex": "female"}, "sex", "format"),
    ({"birth_count": 2, "birth_order": 3}, "birth_order", "range"),
    ({"birth_count": 10}, "birth_count", "range"),
    ({"birth_order": True}, "birth_order", "format"),
    ({"birth_order": 1.0}, "birth_order", "format"),
    ({"institution_code": "113-12345"}, "institution_code", "format"),
    ({"notification_id": " 2026"}, "notification_id", "format"),
    ({"institution_name": 11312345}, "institution_name", None),
])
def test_values_out_of_their_form_or_range_are_refused(changes: dict[str, Any], field: str, code: str | None) -> None:
    assert problems(parse(notification(**changes))) == [(1, field, code)]


def test_a_birth_after_today_is_refused_and_so_is_its_sending_time() -> None:
    parsed = parse(notification(birth_date="2026-11-28", sent_at="2026-11-28T09:00:00+09:00"))
    assert problems(parsed) == [(1, "birth_date", "future"), (1, "sent_at", "range")]


def test_a_notification_sent_after_fourteen_days_is_imported_with_a_warning() -> None:
    parsed = parse(notification(sent_at="2026-11-18T09:00:00+09:00"))
    assert len(parsed.records) == 1
    assert [(w.line, w.field, w.code) for w in parsed.warnings] == [(1, "sent_at", "sent_late")]


@pytest.mark.parametrize(("raw", "code"), [
    (b"[1, 2]\n", "not_object"),
    (b'"text"\n', "not_object"),
    (b'{"notification_id": "\xff\xfe"}\n', "encoding"),
    (b"[" * 3000 + b"]" * 3000 + b"\n", "too_long"),
    (b"[" * 2000 + b"]" * 2000 + b"\n", "json"),
    (b'{"a": "\x1b[2J"}\n', "json"),                      # a raw control character inside a JSON string
])
def test_lines_that_are_no_notification_at_all(raw: bytes, code: str) -> None:
    parsed = parse_notification_lines(raw, today=TODAY)
    assert [(p.line, p.code) for p in parsed.problems] == [(1, code)]


def test_blank_lines_a_byte_order_mark_and_windows_line_ends_are_read() -> None:
    body = b"\xef\xbb\xbf" + jsonl(notification()).replace(b"\n", b"\r\n") + b"\r\n   \n" + jsonl(
        notification(notification_id="2"))
    parsed = parse_notification_lines(body, today=TODAY)
    assert parsed.problems == () and parsed.lines == 2
    assert [record.line for record in parsed.records] == [1, 4]  # lines 2 and 3 are blank


@given(field=st.sampled_from(["notification_id", "institution_code", "institution_name", "mother_name",
                              "birth_time", "sex", "sent_at", "birth_date", "mother_rrn"]),
       value=st.text(max_size=60))
def test_any_text_in_any_field_is_read_or_refused_by_line_never_crashing(field: str, value: str) -> None:
    parsed = parse(notification(**{field: value}))
    assert len(parsed.records) + len({p.line for p in parsed.problems}) == 1
    for problem in parsed.problems:
        assert (problem.line, problem.field) == (1, field) and problem.message
    if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 or char in "\u202e\u2066\u200b" for char in value):
        assert parsed.records == ()
