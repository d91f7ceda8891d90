"""The 시·도 and 시·군·구 list (valid on 2026-11-26) and the lookups of counter/rules/areas.py."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from counter.base.errors import ValidationError
from counter.rules.areas import (
    DATA_DIR,
    VALID_ON,
    Area,
    AreaChoiceError,
    _read_areas,
    area_by_code,
    check_registration_base,
    find_area,
    sidos,
    sigungus_of,
)

SIDOS = {
    "11000": "서울특별시", "12000": "전남광주통합특별시", "26000": "부산광역시", "27000": "대구광역시",
    "28000": "인천광역시", "30000": "대전광역시", "31000": "울산광역시", "36000": "세종특별자치시",
    "41000": "경기도", "43000": "충청북도", "44000": "충청남도", "47000": "경상북도", "48000": "경상남도",
    "50000": "제주특별자치도", "51000": "강원특별자치도", "52000": "전북특별자치도",
}  # fmt: skip

# 시·군·구 per 시·도 without 일반구, as in the 국토교통부 법정동 list of 2026-06-30 (230 in all).
SIGUNGU_COUNTS = {
    "서울특별시": 25, "전남광주통합특별시": 27, "부산광역시": 16, "대구광역시": 9, "인천광역시": 11,
    "대전광역시": 5, "울산광역시": 5, "세종특별자치시": 1, "경기도": 31, "충청북도": 11, "충청남도": 15,
    "경상북도": 22, "경상남도": 18, "제주특별자치도": 2, "강원특별자치도": 18, "전북특별자치도": 14,
}  # fmt: skip

ALL_AREAS = [area for sido in sidos() for area in (sido, *sigungus_of(sido))]
UNITS = [area for area in ALL_AREAS if not area.is_sido]


# --- the list -------------------------------------------------------------------------------------


def test_every_sido_is_present_once_and_gwangju_jeonnam_are_merged() -> None:
    names = [area.name for area in sidos()]
    assert {area.code: area.name for area in sidos()} == SIDOS
    assert len(names) == len(set(names)) == 16
    assert "광주광역시" not in names and "전라남도" not in names


def test_sigungu_counts_match_the_official_list_sido_by_sido() -> None:
    without_gu = Counter(area.sido for area in UNITS if area.gu is None)
    assert without_gu == SIGUNGU_COUNTS
    assert sum(without_gu.values()) == 230
    assert len([area for area in UNITS if area.gu]) == 39
    assert len(UNITS) == 269


def test_codes_are_unique_five_digit_codes_under_their_sido() -> None:
    codes = [area.code for area in ALL_AREAS]
    assert len(codes) == len(set(codes))
    for area in UNITS:
        assert len(area.code) == 5 and area.code.isdigit()
        assert area_by_code(area.code[:2] + "000") == Area(area.code[:2] + "000", area.sido)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("11680", "서울특별시 강남구"),
        ("11140", "서울특별시 중구"),
        ("26440", "부산광역시 강서구"),
        ("27720", "대구광역시 군위군"),  # from 경상북도 since 2023-07-01
        ("36110", "세종특별자치시"),
        ("41111", "경기도 수원시 장안구"),
        ("41110", "경기도 수원시"),
        ("41192", "경기도 부천시 원미구"),  # 일반구 again since 2024-01-01
        ("41597", "경기도 화성시 동탄구"),  # 일반구 since 2026-02-01
        ("43745", "충청북도 증평군"),
        ("48125", "경상남도 창원시 마산합포구"),
        ("51110", "강원특별자치도 춘천시"),
        ("52111", "전북특별자치도 전주시 완산구"),
        ("12110", "전남광주통합특별시 목포시"),
        ("12330", "전남광주통합특별시 광산구"),
        ("28125", "인천광역시 제물포구"),
        ("28155", "인천광역시 영종구"),
        ("28275", "인천광역시 서해구"),
        ("28290", "인천광역시 검단구"),
        ("50130", "제주특별자치도 서귀포시"),
    ],
)
def test_known_codes_have_their_form_names(code: str, name: str) -> None:
    area = area_by_code(code)
    assert area is not None and area.name == name


def test_gangwon_units_have_codes_51_and_jeonbuk_units_52() -> None:
    assert {area.code[:2] for area in sigungus_of("51000")} == {"51"}
    assert {area.code[:2] for area in sigungus_of("52000")} == {"52"}
    assert len(sigungus_of("51000")) == 18 and len(sigungus_of("52000")) == 16  # 전주시 and its 2 구


def test_incheon_has_its_2026_districts_and_not_the_abolished_ones() -> None:
    names = {area.sigungu for area in sigungus_of("28000")}
    assert names == {"제물포구", "영종구", "미추홀구", "연수구", "남동구", "부평구", "계양구", "서해구", "검단구",
                     "강화군", "옹진군"}
    for abolished in ("28110", "28140", "28260", "29000", "29110", "46000", "46110"):
        assert area_by_code(abolished) is None


def test_hwaseong_has_four_ordinary_districts_below_the_city() -> None:
    assert [area.name for area in UNITS if area.code.startswith("4159")] == [
        "경기도 화성시", "경기도 화성시 만세구", "경기도 화성시 효행구", "경기도 화성시 병점구", "경기도 화성시 동탄구"]


def test_sejong_is_its_own_single_unit() -> None:
    assert sigungus_of("36000") == (Area("36110", "세종특별자치시"),)


def test_data_header_names_the_date_the_list_is_valid_for() -> None:
    header = (DATA_DIR / "areas.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert VALID_ON.isoformat() in header


@pytest.mark.parametrize(
    "rows",
    [
        "11000\t서울특별시\t\t\n1168\t서울특별시\t강남구\t\n",  # four digits
        "11680\t서울특별시\t강남구\t\n",  # no 시·도 row before it
        "11000\t서울특별시\t\t\n11680\t서울시\t강남구\t\n",  # another 시·도 name
        "11000\t서울특별시\t\t\n11680\t서울특별시\t강남구\t\n11680\t서울특별시\t강남구\t\n",  # twice
        "41000\t경기도\t\t\n41111\t경기도\t수원시\t장안구\n",  # 일반구 without its city
        "41000\t경기도\t\t\n41110\t경기도\t수원시\t\n41111\t경기도\t용인시\t장안구\n",  # wrong city
        "41000\t경기도\t\t\n41110\t경기도\t\t\n",  # a unit without a name
        "11000\t서울특별시\t종로구\t\n",  # a 시·도 row naming a 시·군·구
    ],
)
def test_a_malformed_data_row_is_refused_with_its_line(rows: str, tmp_path: Path) -> None:
    path = tmp_path / "areas.tsv"
    path.write_text("# header\n" + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=r"areas\.tsv:\d+"):
        _read_areas(path)


def test_sigungus_of_refuses_a_code_that_is_not_a_sido() -> None:
    with pytest.raises(KeyError):
        sigungus_of("11680")
    with pytest.raises(KeyError):
        sigungus_of("99000")


# --- finding an area ------------------------------------------------------------------------------


@pytest.mark.parametrize("area", [a for a in ALL_AREAS if a.code != "36000"], ids=lambda a: a.code)
def test_every_form_name_finds_its_own_area(area: Area) -> None:
    assert find_area(area.name).area == area
    assert find_area(area.name).note is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("서울특별시 강남구", "11680"),
        ("강남구", "11680"),
        ("서울 강남구", "11680"),
        ("서울시 강남구", "11680"),
        ("서울특별시강남구", "11680"),
        ("   서울특별시    강남구  ", "11680"),
        ("서울특별시\u3000강남구", "11680"),  # ideographic space
        ("경기 수원시 장안구", "41111"),
        ("경기도 수원시장안구", "41111"),
        ("수원시 장안구", "41111"),
        ("장안구", "41111"),
        ("경기 수원시", "41110"),
        ("분당구", "41135"),
        ("부산 중구", "26110"),
        ("대구 군위군", "27720"),
        ("경남 고성군", "48820"),
        ("강원 고성군", "51820"),
        ("전북 전주시 덕진구", "52113"),
        ("세종", "36110"),
        ("세종시", "36110"),
        ("세종특별자치시", "36110"),
        ("경기도 광주시", "41610"),
        ("포항시 남구", "47111"),
        ("제주도 제주시", "50110"),
        ("광주특별시 광산구", "12330"),
        ("서울", "11000"),
        ("경기", "41000"),
        ("전북", "52000"),
    ],
)
def test_full_short_and_spaced_names_find_the_area(text: str, code: str) -> None:
    match = find_area(text)
    assert match.area.code == code
    assert match.note is None


def test_decomposed_hangul_is_read_as_composed() -> None:
    assert find_area(unicodedata.normalize("NFD", "경기도 수원시 장안구")).area.code == "41111"


@pytest.mark.parametrize(
    ("text", "code", "now"),
    [
        ("강원도 춘천시", "51110", "강원특별자치도"),
        ("강원도", "51000", "강원특별자치도"),
        ("전라북도 익산시", "52140", "전북특별자치도"),
        ("광주광역시 북구", "12300", "전남광주통합특별시"),
        ("광주 광산구", "12330", "전남광주통합특별시"),
        ("전라남도 목포시", "12110", "전남광주통합특별시"),
        ("전남 신안군", "12870", "전남광주통합특별시"),
        ("경상북도 군위군", "27720", "대구광역시 군위군"),
        ("경북 군위군", "27720", "대구광역시 군위군"),
        ("인천광역시 동구", "28125", "인천광역시 제물포구"),
        ("인천 남구", "28177", "인천광역시 미추홀구"),
    ],
)
def test_former_names_answer_the_current_area_with_a_note(text: str, code: str, now: str) -> None:
    match = find_area(text)
    assert match.area.code == code
    assert match.former is not None
    assert match.note is not None and now in match.note and match.former.name in match.note
    assert find_area(match.area.name).note is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("중구", {"11140", "26110", "27110", "30140", "31110"}),
        ("동구", {"12210", "26170", "27140", "30110", "31170"}),
        ("서구", {"12240", "26140", "27170", "30170"}),
        ("남구", {"12270", "26290", "27200", "31140", "47111"}),
        ("북구", {"12300", "26320", "27230", "31200", "47113"}),
        ("강서구", {"11500", "26440"}),
        ("고성군", {"48820", "51820"}),
        ("광주시", {"12000", "41610"}),  # 경기도 광주시, or the former 광주광역시
    ],
)
def test_a_name_several_areas_share_is_refused_with_the_candidates(text: str, codes: set[str]) -> None:
    with pytest.raises(AreaChoiceError) as caught:
        find_area(text, field="child.birth_place")
    assert caught.value.code == "area_ambiguous"
    assert caught.value.field == "child.birth_place"
    assert {area.code for area in caught.value.candidates} == codes
    for area in caught.value.candidates:
        assert area.name in caught.value.message


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("인천광역시 중구", {"28125", "28155"}),
        ("인천 중구", {"28125", "28155"}),
        ("인천광역시 서구", {"28275", "28290"}),
        ("인천시 서구", {"28275", "28290"}),
    ],
)
def test_a_divided_former_area_names_its_successors(text: str, codes: set[str]) -> None:
    with pytest.raises(AreaChoiceError) as caught:
        find_area(text)
    assert caught.value.code == "area_split"
    assert {area.code for area in caught.value.candidates} == codes


@pytest.mark.parametrize("text", ["없는구", "뉴욕", "Seoul", "경기도 수원", "-", "대한민국"])
def test_an_unknown_name_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        find_area(text)
    assert caught.value.code == "area_unknown"
    assert not isinstance(caught.value, AreaChoiceError)


@pytest.mark.parametrize(("text", "sido", "name"), [("부산광역시 강남구", "부산광역시", "강남구"),
                                                    ("경기 수원", "경기도", "수원")])
def test_a_sido_without_that_sigungu_says_so(text: str, sido: str, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        find_area(text)
    assert caught.value.code == "area_unknown"
    assert sido in caught.value.message and f"'{name}'" in caught.value.message


# --- the registration base ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("서울특별시 강남구", "11680"),
        ("경기도 수원시 장안구", "41111"),
        ("경기도 수원시", "41110"),  # a city may be written without its 일반구
        ("세종특별자치시", "36110"),
        ("강원도 춘천시", "51110"),  # a former name is recorded as the current area
        ("화성시 동탄구", "41597"),
    ],
)
def test_registration_base_accepts_a_sigungu(text: str, code: str) -> None:
    assert check_registration_base(text).code == code


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("서울특별시 강남구 테헤란로 123", ["서울특별시 강남구", "테헤란로 123"]),
        ("경기도 수원시 장안구 정자동 123-4", ["경기도 수원시 장안구", "정자동 123-4"]),
        ("강남구 역삼동", ["서울특별시 강남구", "역삼동"]),
        ("서울 역삼동", ["서울특별시", "역삼동"]),
        ("역삼동 123-4", []),
        ("역삼동", []),
        ("테헤란로 123", []),
        ("중구 명동길 14", []),
        ("서울특별시강남구역삼동", []),
    ],
)
def test_registration_base_refuses_a_street_or_lot_address(text: str, names: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        check_registration_base(text)
    assert caught.value.code == "area_address"
    assert caught.value.field == "registration_base"
    for name in names:
        assert name in caught.value.message


@pytest.mark.parametrize("text", ["서울특별시", "서울", "경기도", "전남광주통합특별시"])
def test_registration_base_refuses_a_whole_sido(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_registration_base(text, field="father.registration_base")
    assert caught.value.code == "area_not_sigungu"
    assert caught.value.field == "father.registration_base"


@pytest.mark.parametrize(("text", "code"), [("중구", "area_ambiguous"), ("인천 서구", "area_split"),
                                            ("없는구", "area_unknown")])
def test_registration_base_refuses_an_unknown_or_ambiguous_name(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_registration_base(text)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "hostile",
    [
        "서울특별시 강남구\x1b[2J",
        "서울특별시\u202e구남강",
        "강남\u200b구",
        "강남구\n",
        "\u3164강남구",
        "강남구 900101-1234567",
        "강남구 010-1234-5678",
        "",
        "   ",
        "가" * 101,
    ],
)
def test_hidden_characters_numbers_and_blanks_are_refused(hostile: str) -> None:
    for check in (find_area, check_registration_base):
        with pytest.raises(ValidationError) as caught:
            check(hostile, field="place")
        assert caught.value.field == "place"
        assert caught.value.code not in {"area_ambiguous", "area_split"}


def test_notes_and_messages_are_translated() -> None:
    match = find_area("강원도 춘천시")
    assert match.note == "'강원도'은(는) 2023. 6. 11.부터 강원특별자치도입니다."
    with pytest.raises(ValidationError) as caught:
        check_registration_base("서울")
    assert caught.value.message.startswith("등록기준지는")
