"""What a clerk types for an area: any text is answered with an area or a clear refusal, never a crash;
and completing a 시·군·구 as it is typed (the wizards' 등록기준지 fields): the first area of the shipped
list whose name starts with what was typed, or the name alone when only one area has it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_areas import ALL_AREAS

from counter.base.errors import ValidationError
from counter.rules.areas import check_registration_base, complete_area_name, find_area, sidos, sigungus_of


@pytest.mark.parametrize(("typed", "completed"), [
    ("서", "서울특별시 종로구"),  # the first in code order
    ("서울특별시 강남", "서울특별시 강남구"),
    ("강남", "강남구"),  # a name only one area has
    ("경기도 수원", "경기도 수원시"),  # the city before its 일반구
    ("경기도 수원시 장", "경기도 수원시 장안구"),
    ("세종", "세종특별자치시"),
    ("서울특별시 중구", "서울특별시 중구"),  # already whole: stays as typed
    ("중", "중랑구"),  # 중구 is in many 시·도: never offered alone
    ("강서", None),  # 강서구 in 서울 and 부산: the 시·도 must be typed
    ("광주", None),  # 광주시 is also the former name of 전남광주통합특별시's 광주
    ("서울 강남", None),  # short forms are accepted when whole, not completed
    ("", None), ("   ", None), ("없는시", None),
])
def test_a_registration_base_is_completed_from_its_start(typed: str, completed: str | None) -> None:
    assert complete_area_name(typed) == completed


def test_every_name_a_completion_can_give_is_a_registration_base_of_one_area() -> None:
    areas = [area for sido in sidos() for area in sigungus_of(sido)]
    for area in areas:
        for typed in {area.name[:count] for count in range(1, len(area.name) + 1)}:
            completed = complete_area_name(typed)
            assert completed is not None and completed.startswith(typed), (typed, completed)
            check_registration_base(completed)  # raises when it names several areas or none


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="서울특별시경기도수원광주강남중구종로 부산광역해운대", max_size=12))
def test_every_completion_lengthens_what_was_typed_into_a_registration_base(typed: str) -> None:
    completed = complete_area_name(typed)
    if completed is not None:
        assert completed.startswith(typed)
        assert check_registration_base(completed).name


# --- any text -------------------------------------------------------------------------------------

_NAMES = [area.name for area in ALL_AREAS] + ["서울", "경기", "강원도", "인천 중구", "광주", "동구", "세종"]
_NEAR_NAMES = st.builds(
    lambda name, cut, extra: (name[:cut] + extra + name[cut:]),
    st.sampled_from(_NAMES), st.integers(min_value=0, max_value=12),
    st.sampled_from(["", " ", "  ", "\u3000", "구", "시", " 1", "동", "\u202e", "\x00", "-"]),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), _NEAR_NAMES))
def test_any_text_is_an_area_whose_name_round_trips_or_a_validation_error(text: str) -> None:
    try:
        match = find_area(text)
    except ValidationError:
        return
    assert find_area(match.area.name).area == match.area


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), _NEAR_NAMES))
def test_any_registration_base_is_a_sigungu_that_round_trips_or_a_validation_error(text: str) -> None:
    try:
        area = check_registration_base(text)
    except ValidationError:
        return
    assert not area.is_sido
    assert check_registration_base(area.name) == area
