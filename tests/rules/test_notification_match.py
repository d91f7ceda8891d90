"""Matching a reported birth with the hospital's notification (가족관계등록법 제44조의3, 제44조의4①):
exact, one field off (the differences field by field), none, ambiguous twins, never a notification
already linked to another report."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.base.i18n import set_language
from counter.rules.notification_match import (
    AMBIGUOUS,
    EXACT,
    NONE,
    ONE_OFF,
    NotifiedBirth,
    ReportedBirth,
    match_notification,
)

MOTHER = "a" * 64
OTHER_MOTHER = "b" * 64
BORN = date(2026, 11, 20)
NOTIFIED = NotifiedBirth(id=uuid.uuid4(), mother_lookup=MOTHER, birth_date=BORN, birth_time=time(14, 30), sex="F",
                         birth_order=1, institution_name="강남차병원")
REPORTED = ReportedBirth(mother_lookup=MOTHER, birth_date=BORN, birth_time=time(14, 30), sex="F", birth_order=1)


def test_a_report_that_agrees_in_everything_matches_exactly() -> None:
    match = match_notification(REPORTED, [NOTIFIED])
    assert (match.kind, match.notification, match.differences) == (EXACT, NOTIFIED, ())


@pytest.mark.parametrize(("reported", "expected"), [
    ({"sex": "M"}, [("sex", "F", "M")]),
    ({"birth_time": time(14, 3)}, [("birth_time", "14:30", "14:03")]),
    ({"birth_date": date(2026, 11, 2)}, [("birth_date", "2026-11-20", "2026-11-02")]),
    ({"birth_order": 2}, [("birth_order", "1", "2")]),
    # born just before midnight, written on the next day at 0시: date and time are one slip
    ({"birth_date": date(2026, 11, 21), "birth_time": time(0, 1)},
     [("birth_date", "2026-11-20", "2026-11-21"), ("birth_time", "14:30", "00:01")]),
])
def test_one_field_off_is_matched_and_the_difference_listed_field_by_field(
        reported: dict[str, object], expected: list[tuple[str, str, str]]) -> None:
    set_language("ko")
    match = match_notification(replace(REPORTED, **reported), [NOTIFIED])  # type: ignore[arg-type]
    assert match.kind == ONE_OFF and match.notification == NOTIFIED
    assert [(d.field, d.notified, d.reported) for d in match.differences] == expected


def test_the_differences_are_said_in_the_clerks_language_as_the_form_writes_them() -> None:
    set_language("ko")
    match = match_notification(replace(REPORTED, sex="M", birth_time=None), [NOTIFIED])
    assert match.differences[0].shown == "성별: 통보 여자, 신고 남자"
    late = match_notification(replace(REPORTED, birth_time=time(0, 5)), [NOTIFIED]).differences[0]
    assert late.shown == "출생시각: 통보 14시 30분, 신고 0시 5분"
    set_language("en")
    assert match.differences[0].shown == "sex: notified female, reported male"
    set_language("ko")


@pytest.mark.parametrize("reported", [
    {"sex": "M", "birth_order": 2},
    {"sex": "M", "birth_time": time(9, 0)},
    {"birth_date": date(2026, 11, 19), "birth_order": 2},
])
def test_two_fields_off_is_no_match(reported: dict[str, object]) -> None:
    match = match_notification(replace(REPORTED, **reported), [NOTIFIED])  # type: ignore[arg-type]
    assert (match.kind, match.notification) == (NONE, None)


def test_another_mothers_notification_is_never_matched() -> None:
    assert match_notification(REPORTED, [replace(NOTIFIED, mother_lookup=OTHER_MOTHER)]).kind == NONE


def test_no_candidates_is_no_match() -> None:
    assert match_notification(REPORTED, []).kind == NONE


def test_a_report_without_a_time_is_compared_on_the_rest() -> None:
    assert match_notification(replace(REPORTED, birth_time=None), [NOTIFIED]).kind == EXACT
    assert match_notification(replace(REPORTED, birth_time=None, sex="M"), [NOTIFIED]).kind == ONE_OFF


def test_a_notification_linked_to_another_report_is_never_matched_again() -> None:
    linked = replace(NOTIFIED, bundle_id=uuid.uuid4())
    match = match_notification(REPORTED, [linked], bundle_id=uuid.uuid4())
    assert (match.kind, match.notification, match.linked_elsewhere) == (NONE, None, (linked,))


def test_a_notification_linked_to_this_same_report_still_matches_it() -> None:
    bundle = uuid.uuid4()
    linked = replace(NOTIFIED, bundle_id=bundle)
    assert match_notification(REPORTED, [linked], bundle_id=bundle).notification == linked


def test_the_exact_notification_wins_over_one_a_field_off() -> None:
    twin = replace(NOTIFIED, id=uuid.uuid4(), birth_order=2, birth_time=time(14, 31))
    second = replace(REPORTED, birth_order=2, birth_time=time(14, 31))
    match = match_notification(second, [NOTIFIED, twin])
    assert (match.kind, match.notification) == (EXACT, twin)


def test_the_second_twin_matches_once_the_first_is_linked() -> None:
    first_bundle = uuid.uuid4()
    first = replace(NOTIFIED, bundle_id=first_bundle)
    twin = replace(NOTIFIED, id=uuid.uuid4(), birth_order=2, birth_time=time(14, 31))
    # the second twin reported with the first twin's time: one off from both, but the first is taken
    match = match_notification(replace(REPORTED, birth_order=2), [first, twin], bundle_id=uuid.uuid4())
    assert (match.kind, match.notification) == (ONE_OFF, twin)


def test_twins_equally_close_are_ambiguous_and_neither_is_linked() -> None:
    twin = replace(NOTIFIED, id=uuid.uuid4(), birth_order=2, birth_time=time(14, 31))
    # twin 1's time with twin 2's order: one off from each
    match = match_notification(replace(REPORTED, birth_order=2), [NOTIFIED, twin])
    assert (match.kind, match.notification) == (AMBIGUOUS, None)
    assert set(match.candidates) == {NOTIFIED, twin}


@given(sex=st.sampled_from("MF"), order=st.integers(1, 4), hour=st.integers(0, 23), minute=st.integers(0, 59),
       shift=st.integers(-3, 3))
def test_a_match_is_exact_exactly_when_nothing_differs(sex: str, order: int, hour: int, minute: int, shift: int) -> None:
    reported = ReportedBirth(MOTHER, date.fromordinal(BORN.toordinal() + shift), time(hour, minute), sex, order)
    match = match_notification(reported, [NOTIFIED])
    same = (reported.birth_date, reported.birth_time, sex, order) == (BORN, time(14, 30), "F", 1)
    assert (match.kind == EXACT) == same
    assert match.kind in (EXACT, ONE_OFF, NONE)
    assert (match.notification is None) == (match.kind == NONE)
