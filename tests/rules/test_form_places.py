"""Places of birth and death: the forms' boxes, in their order, with the address every box needs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter.base.errors import ValidationError
from counter.base.i18n import in_language
from counter.rules.form_places import (
    BIRTH_PLACE_LABELS,
    DEATH_PLACE_LABELS,
    BirthPlaceKind,
    DeathPlaceKind,
    EventPlace,
    check_birth_place,
    check_death_place,
)

ADDRESS = "경기도 군포시 산본동 1120"


def test_the_birth_form_boxes_in_order() -> None:
    with in_language("ko"):
        assert [EventPlace(kind, ADDRESS).label for kind in BirthPlaceKind] == ["자택", "병원", "기타"]


def test_the_death_form_boxes_in_order() -> None:
    with in_language("ko"):
        assert [EventPlace(kind, ADDRESS).label for kind in DeathPlaceKind] == [
            "주택", "의료기관", "사회복지시설(양로원, 고아원 등)", "공공시설(학교, 운동장 등)", "도로",
            "상업·서비스시설(상점, 호텔 등)", "산업장", "농장(논밭, 축사, 양식장 등)", "병원 이송 중 사망", "기타"]


def test_every_kind_has_an_english_label_and_the_codes_of_the_death_declaration_are_kept() -> None:
    assert set(BIRTH_PLACE_LABELS) == set(BirthPlaceKind)
    assert set(DEATH_PLACE_LABELS) == set(DeathPlaceKind)
    with in_language("en"):
        assert EventPlace(DeathPlaceKind.IN_TRANSIT_TO_HOSPITAL, ADDRESS).label == "on the way to hospital"
    # The six codes the death declaration already stores keep their meaning.
    assert {"home", "medical_institution", "welfare_facility", "public_facility", "road", "other"} <= set(DeathPlaceKind)


@pytest.mark.parametrize("kind", list(BirthPlaceKind))
def test_every_birth_place_needs_its_address(kind: BirthPlaceKind) -> None:
    with pytest.raises(ValidationError) as error:
        check_birth_place(kind, "  ", "택시 안")
    assert error.value.field == "child.birth_place.address"


@pytest.mark.parametrize("kind", list(DeathPlaceKind))
def test_every_death_place_needs_its_address(kind: DeathPlaceKind) -> None:
    with in_language("en"), pytest.raises(ValidationError) as error:
        check_death_place(kind, "", "창고")
    assert error.value.field == "death.place.address"
    assert "동 or 리" in error.value.message


def test_a_hospital_birth_takes_the_address_only() -> None:
    assert check_birth_place("medical_institution", f"  {ADDRESS} ") == EventPlace(
        BirthPlaceKind.MEDICAL_INSTITUTION, ADDRESS)


def test_the_smallest_administrative_unit_is_enough_for_a_place_of_death() -> None:
    assert check_death_place(DeathPlaceKind.ROAD, "경상북도 청송군 부동면").address == "경상북도 청송군 부동면"


@pytest.mark.parametrize(("check", "field"), [(check_birth_place, "child.birth_place"), (check_death_place, "death.place")])
def test_other_says_what_the_place_was(check: Callable[..., EventPlace], field: str) -> None:
    place = check("other", ADDRESS, " 병원으로 가던 택시 안 ")
    assert place.description == "병원으로 가던 택시 안"
    with in_language("en"), pytest.raises(ValidationError) as error:
        check("other", ADDRESS, "")
    assert error.value.field == f"{field}.description"
    assert "기타" in error.value.message


def test_a_description_left_from_other_is_dropped_for_another_box() -> None:
    assert check_death_place("home", ADDRESS, "창고").description == ""


@pytest.mark.parametrize("kind", [None, "", "hospital", "주택", "HOME", "other ", 3])
def test_a_kind_not_on_the_form_is_refused(kind: object) -> None:
    with pytest.raises(ValidationError) as error:
        check_death_place(kind, ADDRESS)  # type: ignore[arg-type]
    assert error.value.field == "death.place.kind"
    with pytest.raises(ValidationError) as error:
        check_birth_place(kind, ADDRESS)  # type: ignore[arg-type]
    assert error.value.field == "child.birth_place.kind"


@pytest.mark.parametrize(
    ("address", "description", "field"),
    [
        ("서울 강남구\x1b[2J", "", "death.place.address"),
        ("서울 \u202e구남강", "", "death.place.address"),
        ("서울\u200b강남구", "", "death.place.address"),
        (ADDRESS, "차 안\x07", "death.place.description"),
        ("서울 강남구 900101-1234567", "", "death.place.address"),  # a registration number would be kept in clear
        (ADDRESS, "010-1234-5678 차량", "death.place.description"),
        ("가" * 201, "", "death.place.address"),
        (ADDRESS, "나" * 101, "death.place.description"),
    ],
)
def test_hostile_text_is_refused_naming_the_field(address: str, description: str, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_death_place("other", address, description or "차 안")
    assert error.value.field == field
