"""The 출생신고서's own fields on the birth wizard: a birth with a foreign mother filed from the screen with the
rows `counter file birth` files for the same example, and every new field's problem shown at once on PgDn."""

from __future__ import annotations

from pathlib import Path

import pytest
from birth_rows import bundle_rows
from crawler_wizards import example
from test_birth_journeys import Clerk, file_and_compare
from test_birth_wizard import CHILD_FILLED, FATHER_RRN, MOTHER_RRN, SIZE, error_of, field, open_wizard, settle
from ui_helpers import make_app

from counter.office.runtime import Runtime
from screens.birth import BirthWizard

HOME = "경기도 안산시 단원구 원곡로 ○○, 302호"


async def test_d_a_child_of_a_foreign_mother_born_at_home_is_filed_from_the_screen(
        journey_office: Runtime, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    declaration = example("birth-foreign-mother-at-home")
    app = make_app(journey_office)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.fill("김", "하은", "2026-11-06", "3:40")
        await clerk.choose(1)  # 여자
        await clerk.press("tab")
        await clerk.choose(1)  # 자택
        await clerk.press("tab")
        await clerk.fill(HOME, "김해")
        await clerk.type("金海")  # the registration base by the rule: the Korean father's
        await clerk.next_step()
        assert wizard.step.id == "step-parents", wizard.all_problems()
        await clerk.press(*["tab"] * 6)  # past a Korean mother's fields, to "foreign national"
        assert pilot.app.focused is field(wizard, "mother.foreign").control
        await clerk.press("space")
        await settle(pilot)
        korean = ("surname", "given_name", "clan_seat", "clan_seat_hanja", "rrn", "registration_base")
        assert not any(field(wizard, f"mother.{name}").display for name in korean)
        await clerk.press("tab")
        await clerk.fill("Nguyen Thi Lan", "베트남", "1995-08-08", "950808-6123454")
        assert pilot.app.focused is field(wizard, "father.surname").control
        await clerk.fill("김", "준호", "김해", "金海", "890130-1234565")
        await clerk.type("경기도 안산시 단원구")
        await clerk.next_step()
        assert wizard.step.id == "step-reporter", wizard.all_problems()
        await clerk.choose(2)  # 부
        await clerk.press("tab")
        await clerk.fill(HOME)
        await clerk.choose(2)  # a statement by the person who attended the delivery: its material is asked
        await clerk.press("tab")
        await clerk.fill("산모의 산후 진료기록(○○산부인과, 2026-11-06 진료)", "010-2345-6789")
        await clerk.press("space")  # results by text message
        await clerk.next_step()
        assert wizard.step.id == "step-household", wizard.all_problems()
        await clerk.type("4")
        await clerk.next_step()
        await clerk.next_step()
        assert wizard.step.id == "step-review", wizard.all_problems()
        review = str(wizard.query_one("#review-summary").content)
        assert "베트남" in review and "자택" in review and "경기도 안산시 단원구" in review
        await file_and_compare(pilot, clerk, declaration, database_url=database_url, tmp_path=tmp_path,
                               monkeypatch=monkeypatch)
    rows = bundle_rows(journey_office.db)
    mother = next(p for p in rows["people"] if p["role"] == "mother")
    assert mother["details"]["foreign"] is True and mother["details"]["nationality"] == "베트남"


async def page_down(pilot, wizard: BirthWizard, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """PgDn on a step with problems: it stays."""
    await pilot.press("pagedown")
    await settle(pilot)
    assert wizard.step.id == step_id


def assert_errors(wizard: BirthWizard, expected: dict[str, str]) -> None:
    """Each field shows an error holding the expected words."""
    wrong = {path: error_of(wizard, path) for path, words in expected.items()
             if not (field(wizard, path).has_error and words in error_of(wizard, path))}
    assert wrong == {}


async def test_every_new_field_shows_its_problem_at_once_on_page_down(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        for path in ("child.surname", "child.given_name", "child.birth_date"):
            field(wizard, path).set_value(CHILD_FILLED[path])
        await pilot.pause()
        await page_down(pilot, wizard, "step-child")
        assert_errors(wizard, {"child.birth_time": "출생시각", "child.sex": "", "child.birth_place.kind": "자택, 병원",
                               "child.birth_place.address": "주소", "child.clan_seat": "필수"})
        assert app.focused is field(wizard, "child.birth_time").control
        for path, value in (("child.birth_time", "오후 12시"), ("child.sex", "F"), ("child.birth_place.kind", "other"),
                            ("child.birth_place.address", "충청북도 청주시 흥덕구 ○○로"), ("child.clan_seat", "김해김씨"),
                            ("child.clan_seat_hanja", "金"), ("child.registration_base_from", "other")):
            field(wizard, path).set_value(value)
        await settle(pilot)
        assert field(wizard, "child.birth_place.description").display and field(wizard, "child.registration_base").display
        await page_down(pilot, wizard, "step-child")
        assert_errors(wizard, {"child.birth_time": "정오", "child.birth_place.description": "기타",
                               "child.clan_seat": "김씨", "child.registration_base": "등록기준지"})
        field(wizard, "child.clan_seat").set_value("김해")
        field(wizard, "child.registration_base").set_value("충청북도")
        await settle(pilot)
        await page_down(pilot, wizard, "step-child")
        assert_errors(wizard, {"child.clan_seat_hanja": "한 자씩", "child.registration_base": "시·군·구"})

        wizard.show_step(1)
        await settle(pilot)
        field(wizard, "mother.registration_base").set_value("서울특별시")
        field(wizard, "father.foreign").set_value(True)
        await settle(pilot)
        assert not field(wizard, "father.rrn").display and field(wizard, "father.foreign_registration_no").display
        field(wizard, "father.nationality").set_value("대한민국")
        field(wizard, "father.birth_date").set_value("1988-13-01")
        field(wizard, "father.foreign_registration_no").set_value(FATHER_RRN)
        await settle(pilot)
        await page_down(pilot, wizard, "step-parents")
        assert_errors(wizard, {"mother.clan_seat": "필수", "mother.registration_base": "시·군·구",
                               "father.foreign_name": "필수", "father.nationality": "외국인",
                               "father.birth_date": "", "father.foreign_registration_no": "외국인등록번호"})

        wizard.show_step(2)
        await settle(pilot)
        field(wizard, "reporter.relation").set_value("mother")
        await settle(pilot)
        await page_down(pilot, wizard, "step-reporter")
        assert_errors(wizard, {"reporter.address": "필수", "attachments.presented": "가정법원"})
        assert not field(wizard, "attachments.material").display
        field(wizard, "attachments.presented").set_value("attendant_statement")
        await settle(pilot)
        assert field(wizard, "attachments.material").display
        await page_down(pilot, wizard, "step-reporter")
        assert_errors(wizard, {"attachments.material": "진료기록"})
        field(wizard, "attachments.material").set_value(f"산모 {FATHER_RRN} 진료기록")  # a number has no place in it
        field(wizard, "reporter.address").set_value(f"역삼로 1 {FATHER_RRN}")
        await settle(pilot)
        await page_down(pilot, wizard, "step-reporter")
        assert_errors(wizard, {"attachments.material": "번호", "reporter.address": "번호"})


async def test_the_fathers_registration_base_chosen_before_he_is_entered_is_checked_on_the_parents_step(
        office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        for path, value in {**CHILD_FILLED, "child.registration_base_from": "father"}.items():
            field(wizard, path).set_value(value)
        await settle(pilot)
        await pilot.press("pagedown")  # the father comes on the next step: no problem of this one
        await settle(pilot)
        assert wizard.step.id == "step-parents", wizard.all_problems()
        for path, value in (("mother.surname", "이"), ("mother.given_name", "수진"), ("mother.clan_seat", "전주"),
                            ("mother.rrn", MOTHER_RRN), ("mother.registration_base", "강남구")):
            field(wizard, path).set_value(value)
        await settle(pilot)
        await page_down(pilot, wizard, "step-parents")  # no father entered: said here, where he would be
        assert "모의 등록기준지" in str(wizard.query_one("#wizard-message").content)
