"""The 출생신고서's own fields in a birth declaration, checked by `review_birth` (pure: no database): the
time of birth on the form's 24-hour clock, the place with its box, what proves the birth and what the
clerk does without it, 본 and 등록기준지, a foreign parent's nationality, birth date and foreigner
registration number, and hostile text in every new text field."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from test_birth_filing import DELETE, FATHER_RRN, declaration

from counter.base.i18n import in_language
from counter.catalogue import load_catalogue
from counter.filing.birth_review import BirthReview, review_birth
from counter.filing.declarations import DeclarationError, FieldProblem
from counter.rules.birth_attachments import BirthProof, BirthProofAction
from counter.rules.form_places import BirthPlaceKind

TODAY = date(2026, 11, 21)
CATALOGUE = load_catalogue("national", None)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FOREIGN_NO = "950808-6123454"  # a woman born 1995-08-08, foreigner (7th digit 6)


def review(raw: dict[str, Any], today: date = TODAY) -> BirthReview:
    return review_birth(raw, CATALOGUE, today)


def problems(raw: dict[str, Any], today: date = TODAY) -> list[FieldProblem]:
    with pytest.raises(DeclarationError) as refused:
        review_birth(raw, CATALOGUE, today)
    return list(refused.value.problems)


def fields(raw: dict[str, Any], today: date = TODAY) -> dict[str, FieldProblem]:
    return {problem.field: problem for problem in problems(raw, today)}


def foreign_mother(**changes: Any) -> dict[str, Any]:
    mother = {"foreign": True, "foreign_name": "Nguyen Thi Lan", "nationality": "베트남",
              "foreign_registration_no": FOREIGN_NO, "birth_date": "1995-08-08", **changes}
    return {key: value for key, value in mother.items() if value is not DELETE}


# --- the time of birth ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "clock"),
    [
        ("14:30", time(14, 30)),
        ("1430", time(14, 30)),
        ("14시 30분", time(14, 30)),
        ("오후 2시 30분", time(14, 30)),
        ("2:30 pm", time(14, 30)),
        ("0:05", time(0, 5)),
        ("오전 12시 5분", time(0, 5)),
        ("정오", time(12, 0)),  # noon is 12시
        ("12:00", time(12, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_the_time_of_birth_is_recorded_on_the_24_hour_clock(typed: str, clock: time) -> None:
    checked = review(declaration(child__birth_time=typed))
    assert (checked.birth_time.clock, checked.birth_date) == (clock, date(2026, 11, 3))


def test_midnight_is_0_hours_of_the_next_day_and_the_clerk_is_told() -> None:
    checked = review(declaration(child__birth_time="자정"))
    assert (checked.birth_time.clock, checked.birth_date) == (time(0, 0), date(2026, 11, 4))
    assert checked.deadline == date(2026, 12, 3)  # counted from the recorded day
    assert checked.warnings[0].code == "midnight_birth"
    assert "2026. 11. 4." in checked.warnings[0].message and "0시" in checked.warnings[0].message


def test_midnight_of_today_has_not_come_yet() -> None:
    found = fields(declaration(child__birth_date="2026-11-21", child__birth_time="자정"))
    assert "미래" in found["child.birth_time"].message and "child.birth_date" not in found


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("24:00", "24시"),  # the form has no 24시
        ("24시", "24시"),
        ("25:10", "25"),
        ("14:60", "60"),
        ("오후 12시", "정오"),  # 오후 12시 is noon to some and midnight to the guidance: refused
        ("오전 12시", "정오"),
        ("오후 13시", "13"),
        ("미상", "출생증명서"),  # a birth time is never unknown
        ("", "출생증명서"),
        ("-1:00", "14:30"),
        ("two thirty", "14:30"),
        ("١٤:٣٠", "14:30"),  # other scripts' digits are not read
    ],
)
def test_a_time_off_the_forms_clock_is_refused_saying_why(typed: str, words: str) -> None:
    found = fields(declaration(child__birth_time=typed))
    assert found["child.birth_time"].code == "event_time" and words in found["child.birth_time"].message


def test_the_time_of_birth_is_required() -> None:
    assert "child.birth_time" in fields(declaration(child__birth_time=DELETE))


# --- the place of birth --------------------------------------------------------------------------


def test_each_box_of_the_form_is_a_place_of_birth_with_its_address() -> None:
    for kind in BirthPlaceKind:
        place = {"kind": kind.value, "address": "경기도 안산시 단원구 원곡로 ○○", "description": "구급차 안"}
        checked = review(declaration(child__birth_place=place))
        assert (checked.place.kind, checked.place.address) == (kind, place["address"])
        assert checked.place.description == ("구급차 안" if kind is BirthPlaceKind.OTHER else "")


@pytest.mark.parametrize(
    ("place", "where", "code"),
    [
        ({"kind": "car", "address": "서울특별시 강남구"}, "child.birth_place.kind", "place_kind"),
        ({"kind": "hospital", "address": "서울특별시 강남구"}, "child.birth_place.kind", "place_kind"),
        ({"kind": "", "address": "서울특별시 강남구"}, "child.birth_place.kind", "place_kind"),
        ({"kind": "home", "address": " "}, "child.birth_place.address", "place_address"),
        ({"kind": "other", "address": "서울특별시 강남구"}, "child.birth_place.description", "place_description"),
        ({"address": "서울특별시 강남구"}, "child.birth_place.kind", None),
        ({"kind": "home"}, "child.birth_place.address", None),
        ({"kind": "home", "address": "서울", "floor": 3}, "child.birth_place.floor", None),
    ],
)
def test_a_place_of_birth_off_the_form_is_refused_naming_its_part(place: dict[str, Any], where: str,
                                                                  code: str | None) -> None:
    found = fields(declaration(child__birth_place=place))
    assert where in found and found[where].code == code


@pytest.mark.parametrize("place", [{"kind": "taxi", "address": ""}, {"kind": "taxi", "address": "역삼동\x1b[2J"},
                                   {"address": "역삼동\u202e"}, {"kind": 3, "address": " "}])
def test_a_place_kind_off_the_list_and_a_bad_address_show_together(place: dict[str, Any]) -> None:
    found = fields(declaration(child__birth_place=place))
    assert {"child.birth_place.kind", "child.birth_place.address"} <= set(found)


@pytest.mark.parametrize("place", ["서울특별시 강남구 역삼동", None, DELETE])
def test_the_place_is_an_object_with_its_box_not_free_text(place: Any) -> None:
    assert "child.birth_place" in fields(declaration(child__birth_place=place))


# --- what proves the birth -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("presented", "proof"),
    [
        (["medical_certificate"], BirthProof.MEDICAL_CERTIFICATE),
        (["authority_document"], BirthProof.AUTHORITY_DOCUMENT),
        (["emergency_log"], BirthProof.EMERGENCY_LOG),
        (["court_confirmation"], BirthProof.COURT_CONFIRMATION),
        (["attendant_statement", "medical_certificate"], BirthProof.MEDICAL_CERTIFICATE),  # the strongest decides
    ],
)
def test_a_document_that_proves_the_birth_lets_the_clerk_accept(presented: list[str], proof: BirthProof) -> None:
    checked = review(declaration(attachments={"presented": presented}))
    assert (checked.proof.action, checked.proof.proof) == (BirthProofAction.ACCEPT, proof)


def test_an_attendants_statement_with_the_mothers_records_is_accepted_and_the_material_noted() -> None:
    checked = review(declaration(attachments={"presented": ["attendant_statement"], "material": "산모 진료기록"}))
    assert checked.proof.action is BirthProofAction.ACCEPT_NOTING_MATERIAL
    assert checked.proof.material == "산모 진료기록" and "제44조④1호" in checked.proof.message


@pytest.mark.parametrize(
    ("attachments", "where", "code"),
    [
        ({"presented": []}, "attachments", "no_proof"),
        (DELETE, "attachments", "no_proof"),
        ({"presented": ["attendant_statement"]}, "attachments.material", "statement_without_material"),
        ({"presented": ["attendant_statement"], "material": "  "}, "attachments.material",
         "statement_without_material"),
    ],
)
def test_without_a_document_the_report_is_refused_and_the_family_court_named(attachments: Any, where: str,
                                                                            code: str) -> None:
    found = fields(declaration(attachments=attachments))
    assert found[where].code == code
    assert "가정법원" in found[where].message and "제44조의2" in found[where].message


@pytest.mark.parametrize(("attachments", "where"), [
    ({"presented": ["photo"]}, "attachments.presented[0]"),
    ({"presented": "medical_certificate"}, "attachments.presented"),
    ({"presented": ["medical_certificate"], "note": "x"}, "attachments.note"),
    ("medical_certificate", "attachments"),
])
def test_a_document_not_on_the_list_is_refused_by_its_place(attachments: Any, where: str) -> None:
    assert where in fields(declaration(attachments=attachments))


# --- 본 and 등록기준지 ------------------------------------------------------------------------------


def test_the_child_and_each_korean_parent_carry_their_clan_seat_and_registration_base() -> None:
    checked = review(declaration())
    assert (checked.child.details["clan_seat"], checked.child.details["clan_seat_hanja"]) == ("김해", "金海")
    assert checked.mother.details["registration_base"] == "서울특별시 강남구"
    assert checked.mother.details["registration_base_code"] == "11680"
    assert checked.father is not None and checked.father.details["clan_seat"] == "김해"


@pytest.mark.parametrize(
    ("changes", "base", "source"),
    [
        ({}, "부산광역시 해운대구", "father"),  # in marriage, a Korean father: his
        ({"child__in_marriage": False, "reporter": {"relation": "mother", "address": "서울특별시 강남구"}},
         "서울특별시 강남구", "mother"),
        ({"child__registration_base_from": "mother"}, "서울특별시 강남구", "mother"),
        ({"child__registration_base_from": "father", "child__registration_base": "해운대구"}, "부산광역시 해운대구",
         "father"),
        ({"child__registration_base_from": "other", "child__registration_base": "제주 서귀포시"}, "제주특별자치도 서귀포시",
         "other"),
        ({"child__registration_base_from": "other", "child__registration_base": "인천광역시 남구"},
         "인천광역시 미추홀구", "other"),  # a former name: the area of today
        ({"father": DELETE}, "서울특별시 강남구", "mother"),
    ],
)
def test_the_childs_registration_base_is_a_parents_or_chosen(changes: dict[str, Any], base: str, source: str) -> None:
    checked = review(declaration(**changes))
    assert (checked.registration_base.name, checked.registration_base_from) == (base, source)
    assert checked.child.details["registration_base"] == base


@pytest.mark.parametrize(
    ("changes", "where", "code"),
    [
        ({"mother__registration_base": "서울특별시 강남구 테헤란로 212"}, "mother.registration_base", "area_address"),
        ({"mother__registration_base": "서울특별시 강남구 역삼동"}, "mother.registration_base", "area_address"),
        ({"father__registration_base": "서울특별시 없는구"}, "father.registration_base", "area_unknown"),
        ({"father__registration_base": "해운대"}, "father.registration_base", "area_unknown"),
        ({"father__registration_base": "경기도"}, "father.registration_base", "area_not_sigungu"),
        ({"father__registration_base": "중구"}, "father.registration_base", "area_ambiguous"),
        ({"mother__registration_base": ""}, "mother.registration_base", "required"),
        ({"mother__registration_base": DELETE}, "mother.registration_base", "required"),
        ({"child__registration_base_from": "other"}, "child.registration_base", None),
        ({"child__registration_base_from": "other", "child__registration_base": "부산 해운대구 우동 1408"},
         "child.registration_base", "area_address"),
        ({"child__registration_base_from": "other", "child__registration_base": "가상시 없는구"},
         "child.registration_base", "area_unknown"),
        ({"child__registration_base_from": "grandfather"}, "child.registration_base_from", None),
        ({"child__registration_base_from": "father", "child__registration_base": "서울특별시 강남구"},
         "child.registration_base", None),  # not the father's
        ({"father": DELETE, "child__registration_base_from": "father"}, "child.registration_base_from", None),
        ({"child__clan_seat": DELETE}, "child.clan_seat", None),
        ({"child__clan_seat": "김해 김씨"}, "child.clan_seat", "clan"),
        ({"child__clan_seat_hanja": "金"}, "child.clan_seat_hanja", "clan_hanja"),
        ({"mother__clan_seat": ""}, "mother.clan_seat", "required"),
        ({"father__clan_seat_hanja": "Kimhae"}, "father.clan_seat_hanja", "clan_hanja"),
    ],
)
def test_a_bad_clan_seat_or_registration_base_is_refused_naming_it(changes: dict[str, Any], where: str,
                                                                   code: str | None) -> None:
    found = fields(declaration(**changes))
    assert where in found and found[where].code == code, found


# --- the reporter's address ----------------------------------------------------------------------


def test_the_reporters_address_is_kept_with_the_reporting_parent_or_the_other_reporter() -> None:
    checked = review(declaration())
    assert checked.reporter_address == checked.mother.details["address"] == "서울특별시 강남구 테헤란로 212"
    assert checked.father is not None and "address" not in checked.father.details
    doctor = {"relation": "doctor", "name": "박의사", "reason": "부모 입원", "address": "서울특별시 강남구 논현로 ○○"}
    other = review(declaration(reporter=doctor))
    assert other.reporter_person is not None and other.reporter_person.details["address"] == doctor["address"]


@pytest.mark.parametrize("address", [DELETE, "", "   "])
def test_the_reporters_address_is_required(address: Any) -> None:
    assert "reporter.address" in fields(declaration(reporter__address=address))


# --- hostile text in every new text field --------------------------------------------------------

HOSTILE = ["\x1b[2J", "\u202e", "\u200b", "\x9b31m", "\u3164", "900315-2123451", "010-1234-5678"]
NEW_TEXT_FIELDS = {
    "child.birth_time": {},
    "child.clan_seat": {},
    "child.clan_seat_hanja": {},
    "child.birth_place.address": {},
    "child.birth_place.description": {"child__birth_place__kind": "other"},
    "child.registration_base": {"child__registration_base_from": "other"},
    "mother.clan_seat": {},
    "mother.clan_seat_hanja": {},
    "mother.registration_base": {},
    "father.registration_base": {},
    "reporter.address": {},
    "attachments.material": {"attachments__presented": ["attendant_statement"]},
}


def _with(path: str, value: str, extra: dict[str, Any]) -> dict[str, Any]:
    return declaration(**extra, **{path.replace(".", "__"): value})


@pytest.mark.parametrize("path", sorted(NEW_TEXT_FIELDS))
@pytest.mark.parametrize("hostile", HOSTILE, ids=ascii)
def test_hostile_text_in_a_new_field_is_refused_naming_it(path: str, hostile: str) -> None:
    value = f"서울{hostile}특별시" if path.endswith(("address", "description", "material")) else hostile
    found = fields(_with(path, value, NEW_TEXT_FIELDS[path]))
    assert path in found, found
    assert not any(char in found[path].message for char in "\x1b\u202e\u200b\x9b\u3164")
    assert "2123451" not in found[path].message and "1234-5678" not in found[path].message


@pytest.mark.parametrize("hostile", HOSTILE, ids=ascii)
@pytest.mark.parametrize("path", ["mother.nationality", "mother.foreign_registration_no", "mother.foreign_name"])
def test_hostile_text_in_a_foreign_parents_fields_is_refused_naming_it(path: str, hostile: str) -> None:
    if path.endswith("registration_no") and hostile[0].isdigit():
        hostile = "\u200e" + hostile  # a number is what belongs there: hide a mark in it
    found = fields(declaration(mother=foreign_mother(**{path.split(".")[1]: f"{hostile}"})))
    assert path in found, found


def test_every_new_problem_of_a_declaration_shows_at_once() -> None:
    raw = declaration(child__birth_time="24:00", child__birth_place={"kind": "car", "address": ""},
                      child__clan_seat="Gimhae", mother__registration_base="서울특별시 강남구 테헤란로 212",
                      father__clan_seat="", reporter__address="", attachments={"presented": []})
    assert {"child.birth_time", "child.birth_place.kind", "child.birth_place.address", "child.clan_seat",
            "mother.registration_base", "father.clan_seat", "reporter.address", "attachments"} <= set(fields(raw))


def test_the_examples_carry_the_whole_form() -> None:
    for path in sorted(EXAMPLES.glob("birth-*.json")):
        checked = review(json.loads(path.read_text(encoding="utf-8")))
        assert checked.birth_time.known and checked.place.address and checked.registration_base.code, path.name
        assert checked.proof.accepted and checked.reporter_address, path.name


def test_the_review_says_the_form_in_english_too() -> None:
    from counter.filing.birth_form import form_lines

    checked = review(declaration())
    with in_language("en"):
        lines = dict(form_lines(checked))
    assert lines["Born"].startswith("2026-11-03 14:30 · in a hospital")
    assert lines["본 · registration base"] == "김해(金海) · 부산광역시 해운대구 (the father's)"
    assert lines["Mother"] == "전주 · 서울특별시 강남구" and lines["Reporter's address"] == "서울특별시 강남구 테헤란로 212"
    assert "제44조④" in lines["Proof of birth"]
    assert FATHER_RRN not in " ".join(lines.values())
