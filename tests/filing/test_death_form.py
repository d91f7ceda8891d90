"""The cells of the 사망신고서 in the death declaration, checked by the review (no database): the date and
time of death, the place with its box, the deceased's 본 and 등록기준지, the addresses, and what proves
the death, each problem named by its field, all at once."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from death_filing_helpers import (
    ACQUAINTANCES,
    FRIEND_RRN,
    MISSING,
    NATIONAL,
    NEIGHBOUR_RRN,
    SON_RRN,
    TODAY,
    death_declaration,
    registration_no,
)

from counter.base.i18n import set_language
from counter.filing.death_review import DeathReview, review_death
from counter.filing.death_summary import report_rows
from counter.filing.declarations import DeclarationError, FieldProblem
from counter.rules.form_places import DeathPlaceKind

REASON = "의사의 진료나 검안 없이 장례를 치러 진단서와 검안서를 발급받을 수 없음"
HOSTILE = "값\x1b[2J\x1b]0;title\x07"


def reviewed(**changes: Any) -> DeathReview:
    return review_death(death_declaration(inquiry=MISSING, **changes), NATIONAL, TODAY)


def problems(**changes: Any) -> list[FieldProblem]:
    with pytest.raises(DeclarationError) as refused:
        reviewed(**changes)
    return list(refused.value.problems)


def problem_at(field: str, **changes: Any) -> FieldProblem:
    found = [problem for problem in problems(**changes) if problem.field == field]
    assert found, problems(**changes)
    return found[0]


@pytest.fixture(autouse=True)
def korean() -> None:
    set_language("ko")


# --- The date and time of death (제84조②2호) -----------------------------------------------------------


@pytest.mark.parametrize(("typed", "day", "clock"), [
    ("14:30", date(2026, 11, 10), time(14, 30)),
    ("14시 30분", date(2026, 11, 10), time(14, 30)),
    ("오후 2시 30분", date(2026, 11, 10), time(14, 30)),  # the forms' example: 14시 30분
    ("0:05", date(2026, 11, 10), time(0, 5)),
    ("정오", date(2026, 11, 10), time(12, 0)),
    ("자정", date(2026, 11, 11), time(0, 0)),  # the midnight that ends the day: 0시 of the next day
    ("미상", date(2026, 11, 10), None),  # 제29조: not known, stated so
    ("모름", date(2026, 11, 10), None),
])
def test_the_time_of_death_is_recorded_24_hour_or_as_unknown(typed: str, day: date, clock: time | None) -> None:
    form = reviewed(death__death_time=typed).report.form  # type: ignore[union-attr]
    assert (form.death_date, form.death_time.clock) == (day, clock)


@pytest.mark.parametrize(("typed", "words"), [
    ("24:00", "24시"),  # the form has no 24시
    ("25:10", "25"),
    ("14:60", "60"),
    ("오후 12시", "정오"),  # ambiguous: noon or midnight
    ("", "미상"),  # a blank cell: the form says 미상 rather than nothing
    ("half past two", "14:30"),
    ("14:30\x1b[2J", "U+001B"),
])
def test_a_time_that_is_not_on_the_24_hour_clock_is_refused(typed: str, words: str) -> None:
    problem = problem_at("death.death_time", death__death_time=typed)
    assert words in problem.message


@pytest.mark.parametrize("given", ["미상", "불상", " unknown ", None])
def test_a_date_of_death_given_as_unknown_is_refused_with_the_reason(given: str | None) -> None:
    problem = problem_at("death.death_date", death__death_date=given)
    assert problem.code == "death_date_unknown"
    assert "수리할 수 없습니다" in problem.message and "제84조②" in problem.message


def test_a_death_at_midnight_is_late_or_not_by_the_date_the_form_writes() -> None:
    review = reviewed(death__death_date="2026-10-20", death__death_time="자정", death__learned_on=MISSING)
    assert review.report is not None and review.report.learned_on == date(2026, 10, 21)
    assert review.report.timing.deadline == date(2026, 11, 20)  # one month from 2026-10-21 (제84조①)


# --- The place of death (제84조②2호) -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(DeathPlaceKind))
def test_every_box_of_the_form_is_a_place_of_death(kind: DeathPlaceKind) -> None:
    place = {"kind": kind.value, "address": "강원특별자치도 정선군 정선읍 봉양리", "description": "승용차 안"}
    form = reviewed(death__place=place).report.form  # type: ignore[union-attr]
    assert form.place.kind is kind and form.place.address == "강원특별자치도 정선군 정선읍 봉양리"
    assert form.place.description == ("승용차 안" if kind is DeathPlaceKind.OTHER else "")


@pytest.mark.parametrize("kind", ["hospital", "", "HOME", "병원", "other_place"])
def test_a_place_kind_not_on_the_form_is_refused_and_the_address_still_checked(kind: str) -> None:
    found = {p.field: p for p in problems(death__place={"kind": kind, "address": ""})}
    assert found["death.place.kind"].code == "place_kind" and "제84조②2호" in found["death.place.kind"].message
    assert "death.place.address" in found  # the address is checked whatever the box


def test_other_needs_what_the_place_was() -> None:
    problem = problem_at("death.place.description", death__place={"kind": "other", "address": "정선군 봉양리"})
    assert "기타" in problem.message


def test_the_place_as_one_text_as_before_is_refused_as_not_an_object() -> None:
    assert problem_at("death.place", death__place="서울특별시 강남구 ○○병원").message


# --- The deceased's 본 and 등록기준지, the addresses -----------------------------------------------------


def test_the_register_entries_are_kept_as_the_register_names_them() -> None:
    review = reviewed(deceased__registration_base="서울 종로구", deceased__clan_seat="김해", deceased__clan_seat_hanja="金海")
    assert review.report is not None
    assert {key: review.report.deceased.details[key] for key in ("clan_seat", "clan_seat_hanja", "registration_base",
                                                                 "registration_base_code")} == {
        "clan_seat": "김해", "clan_seat_hanja": "金海", "registration_base": "서울특별시 종로구", "registration_base_code": "11110"}


@pytest.mark.parametrize(("base", "code"), [
    ("서울특별시", "area_not_sigungu"),  # a whole 시·도
    ("서울특별시 강남구 역삼로 1", "area_address"),  # an address
    ("경기도 한빛구", "area_unknown"),  # no such 시·군·구
    ("없는시 없는구", "area_unknown"),
    ("중구", "area_ambiguous"),  # several: the 시·도 is needed
])
def test_a_registration_base_that_is_not_one_sigungu_is_refused(base: str, code: str) -> None:
    assert problem_at("deceased.registration_base", deceased__registration_base=base).code == code


def test_the_clan_and_registration_base_are_required_of_a_person_in_the_register() -> None:
    found = {p.field: p.message for p in problems(deceased__clan_seat=MISSING, deceased__clan_seat_hanja=MISSING,
                                                   deceased__registration_base=MISSING)}
    assert "미상" in found["deceased.clan_seat"] and "제84조②1호" in found["deceased.registration_base"]


def test_a_clan_not_known_to_the_reporter_is_stated_as_such() -> None:
    review = reviewed(deceased__clan_seat="미상", deceased__clan_seat_hanja=MISSING)
    assert review.report is not None and "clan_seat" not in review.report.deceased.details
    assert ("본 · 등록기준지", "미상 · 서울특별시 종로구") in report_rows(review)


def test_a_foreign_national_has_no_clan_or_registration_base() -> None:
    foreigner = {"deceased__rrn": registration_no("800101", 5), "deceased__clan_seat": MISSING,
                 "deceased__clan_seat_hanja": MISSING, "deceased__registration_base": MISSING}
    assert reviewed(**foreigner).report is not None
    assert "외국인" in problem_at("deceased.registration_base", **{**foreigner,
                                                                  "deceased__registration_base": "서울특별시 종로구"}).message


def test_a_child_reported_born_with_the_death_may_leave_them_to_the_birth_report() -> None:
    found = {p.field for p in problems(deceased__rrn=None, deceased__birth_date="2026-11-01",
                                       deceased__birth_reported=False, deceased__clan_seat=MISSING,
                                       deceased__clan_seat_hanja=MISSING, deceased__registration_base=MISSING)}
    assert found == {"deceased.birth_reported"}  # only the companion birth report (제51조)


@pytest.mark.parametrize("path", ["deceased__address", "reporter__address"])
def test_the_addresses_are_required(path: str) -> None:
    assert problem_at(path.replace("__", "."), **{path: MISSING}).message == "필수 입력 항목입니다."


# --- What proves the death (제84조①③) ----------------------------------------------------------------

ATTACHMENTS = [
    # (case, changes, accepted rule or refused field, code or words)
    ("death certificate", {}, "medical", "사망진단서"),
    ("post-mortem report", {"death__certificate": "postmortem"}, "medical", "사체검안서"),
    ("acquaintances with the reason", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                       "death__certifiers": ACQUAINTANCES}, "other_proof", "인우인"),
    ("dong head with the reason", {"death__certificate": "heads_cert", "death__certificate_reason": REASON,
                                   "death__certifiers": [{"name": "최동장", "rrn": FRIEND_RRN,
                                                          "role": "dong_ri_head"}]}, "other_proof", "동"),
    ("public office with the reason", {"death__certificate": "public_office", "death__certificate_reason": REASON},
     "other_proof", "관공서"),
    ("burial permit with the reason", {"death__certificate": "burial_permit", "death__certificate_reason": REASON},
     "other_proof", "매장"),
    ("no proof at all", {"death__certificate": MISSING}, "death.certificate", "실종선고"),
    ("a substitute without the reason", {"death__certificate": "public_office"}, "death.certificate_reason",
     "reason_missing"),
    ("acquaintances without the reason", {"death__certificate": "acquaintances", "death__certifiers": ACQUAINTANCES},
     "death.certificate_reason", "reason_missing"),
    ("one acquaintance", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                          "death__certifiers": ACQUAINTANCES[:1]}, "death.certifiers", "too_few_acquaintances"),
    ("the reporter as an acquaintance", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                         "death__certifiers": [ACQUAINTANCES[0], {"name": "박지훈", "rrn": SON_RRN}]},
     "death.certifiers[1]", "reporter_certifies"),
    ("the reporter by name when no number tells them apart",
     {"reporter__rrn": None, "death__certificate": "acquaintances", "death__certificate_reason": REASON,
      "death__certifiers": [{"name": "박 지훈", "rrn": NEIGHBOUR_RRN}, ACQUAINTANCES[0]]},
     "death.certifiers[0]", "reporter_certifies"),
    ("one acquaintance twice", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                "death__certifiers": [ACQUAINTANCES[0], {**ACQUAINTANCES[0], "name": "최 인우"}]},
     "death.certifiers[1]", "certifier_twice"),
    ("a heads' certificate signed by acquaintances", {"death__certificate": "heads_cert",
                                                      "death__certificate_reason": REASON,
                                                      "death__certifiers": ACQUAINTANCES}, "death.certifiers", "no_head"),
    ("signers with a death certificate", {"death__certifiers": ACQUAINTANCES}, "death.certifiers", "비워"),
    ("an acquaintance without a number", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                          "death__certifiers": [ACQUAINTANCES[0], {"name": "한이웃"}]},
     "death.certifiers[1].rrn", "필수"),
    ("an acquaintance with a malformed number", {"death__certificate": "acquaintances",
                                                 "death__certificate_reason": REASON,
                                                 "death__certifiers": [ACQUAINTANCES[0],
                                                                       {"name": "한이웃", "rrn": "480909-22"}]},
     "death.certifiers[1].rrn", "13"),
    ("a signer in no capacity the rules know", {"death__certificate": "acquaintances",
                                                "death__certificate_reason": REASON,
                                                "death__certifiers": [ACQUAINTANCES[0],
                                                                      {**ACQUAINTANCES[1], "role": "friend"}]},
     "death.certifiers[1].role", "고르세요"),
    ("a code of the reports stored before", {"death__certificate": "other_proof"}, "death.certificate", "고르세요"),
]


@pytest.mark.parametrize(("case", "changes", "outcome", "words"), ATTACHMENTS, ids=[a[0] for a in ATTACHMENTS])
def test_every_way_of_proving_the_death(case: str, changes: dict[str, Any], outcome: str, words: str) -> None:
    if not outcome.startswith("death."):
        form = reviewed(**changes).report.form  # type: ignore[union-attr]
        assert form.proof.rule == outcome and words in form.proof.message
        signers = changes.get("death__certifiers", [])
        assert [entry.name for entry in form.certifiers] == [signer["name"] for signer in signers]
        assert all(entry.rrn is not None and entry.role == "certifier" for entry in form.certifiers)
        return
    problem = problem_at(outcome, **changes)
    assert words in (problem.code or "") or words in problem.message, problem


def test_a_medical_certificate_keeps_no_reason_typed_for_a_substitute() -> None:
    form = reviewed(death__certificate_reason=REASON).report.form  # type: ignore[union-attr]
    assert form.proof.reason == "" and form.proof.rule == "medical"


# --- Hostile text in every new cell; every problem at once -------------------------------------------

HOSTILE_CELLS = [
    ("deceased.clan_seat", {"deceased__clan_seat": HOSTILE}),
    ("deceased.clan_seat_hanja", {"deceased__clan_seat_hanja": HOSTILE}),
    ("deceased.registration_base", {"deceased__registration_base": HOSTILE}),
    ("death.death_time", {"death__death_time": HOSTILE}),
    ("death.place.address", {"death__place": {"kind": "home", "address": HOSTILE}}),
    ("death.place.description", {"death__place": {"kind": "other", "address": "정선군", "description": HOSTILE}}),
    ("death.certificate_reason", {"death__certificate": "burial_permit", "death__certificate_reason": HOSTILE}),
    ("death.certifiers[0].name", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                  "death__certifiers": [{"name": HOSTILE, "rrn": FRIEND_RRN}, ACQUAINTANCES[1]]}),
    ("death.certifiers[0].rrn", {"death__certificate": "acquaintances", "death__certificate_reason": REASON,
                                 "death__certifiers": [{"name": "최인우", "rrn": "420303-\u202e1234560"},
                                                       ACQUAINTANCES[1]]}),
    ("reporter.address", {"reporter__address": HOSTILE}),
]


@pytest.mark.parametrize(("field", "changes"), HOSTILE_CELLS, ids=[cell[0] for cell in HOSTILE_CELLS])
def test_control_and_bidi_characters_are_refused_in_every_cell_of_the_form(field: str, changes: dict[str, Any]) -> None:
    problem = problem_at(field, **changes)
    assert "U+001B" in problem.message or "U+202E" in problem.message
    assert "\x1b" not in problem.message and "\u202e" not in problem.message


def test_every_problem_of_the_form_is_reported_at_once() -> None:
    found = {p.field for p in problems(
        death__death_time="24:00", death__place={"kind": "hospital", "address": "서울특별시 강남구 언주로 211"},
        deceased__registration_base="서울특별시", deceased__clan_seat="김 해", reporter__address=MISSING,
        death__certificate="acquaintances", death__certificate_reason=REASON, death__certifiers=ACQUAINTANCES[:1])}
    assert {"death.death_time", "death.place.kind", "deceased.registration_base", "deceased.clan_seat",
            "reporter.address", "death.certifiers"} <= found


def test_a_cell_of_the_wrong_type_hides_no_other_cell_of_the_death() -> None:
    found = {p.field for p in problems(death__certificate="letter", death__death_time="24:00",
                                       death__certifiers=[{"name": "최인우", "rrn": "\u202e"}],
                                       death__place={"kind": "hospital", "address": "서울특별시 강남구 언주로 211"},
                                       death__learned_on=20261110)}
    assert {"death.certificate", "death.death_time", "death.place.kind", "death.certifiers[0].rrn",
            "death.learned_on"} <= found
    assert "death.death_date" not in found  # a date that parsed is not reported as unknown


# --- The review summary --------------------------------------------------------------------------------


def test_the_summary_says_the_form_and_masks_every_number() -> None:
    review = reviewed(death__death_time="오후 2시 30분", death__certificate="acquaintances",
                      death__certificate_reason=REASON, death__certifiers=ACQUAINTANCES)
    rows = report_rows(review)
    text = "\n".join(f"{label}: {value}" for label, value in rows)
    assert "사망: 2026. 11. 10. 14시 30분" in text.replace("사망일시", "사망")  # the form's 24-hour time
    assert "본 · 등록기준지: 밀양(密陽) · 서울특별시 종로구" in text
    assert "(의료기관)" in text and "인우인 2명 이상의 사망증명서" in text
    assert "최인우 (420303-1******) · 인우인" in text and "한이웃 (480909-2******) · 인우인" in text
    for number in (FRIEND_RRN, NEIGHBOUR_RRN, SON_RRN, FRIEND_RRN.replace("-", "")):
        assert number not in text
    set_language("en")
    english = "\n".join(value for _label, value in report_rows(review))
    assert "14:30" in english and "acquaintance" in english


def test_the_summary_says_unknown_for_a_time_not_known() -> None:
    rows = dict(report_rows(reviewed(death__death_time="미상")))
    assert rows["사망"].endswith("미상")


def test_the_stored_place_codes_are_the_forms_ten_boxes() -> None:
    from typing import get_args

    from models.details import DeathPlaceCode

    assert list(get_args(DeathPlaceCode)) == [kind.value for kind in DeathPlaceKind]
