"""Birth journeys typed key by key as a clerk types them: a third child with siblings added and removed
on the household step (on both database legs, filed with the rows `counter file birth` files), the standard birth within its keystroke budget, every problem of a step at once,
fields that do not apply out of the way, and Esc on an untouched wizard."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from birth_rows import assert_filed_like_cli
from sqlmodel import select
from test_birth_wizard import (
    ADDRESS,
    FATHER_RRN,
    MOTHER_RRN,
    PLACE,
    SIZE,
    error_of,
    field,
    open_wizard,
    settle,
)
from textual import events
from ui_helpers import make_app

from counter.office.runtime import Runtime
from models import BirthReport, LinkedRequest, Person
from screens.birth import BirthWizard
from screens.home import HomeScreen
from screens.wizard.filed import FiledScreen

NAVIGATION = {"tab", "shift+tab", "enter", "pagedown", "pageup", "space", "up", "down", "left", "right", "ctrl+s",
              "escape", "backspace"}
STANDARD_BIRTH_BUDGET = 43
"""Navigation keys for a second child of two married parents, reported by the mother (issue 8: 25; issue 10:
26 with the place of birth), with the rest of the 출생신고서 the declaration requires (issue 10): the time
(Enter), the place's box (Enter, Down, Down, Enter, Tab), the address now followed by the child's 본
(Enter), each parent's 본 and empty Hanja and 등록기준지 (three Enters each), the reporter's address
(Tab, Enter) and the proof presented (Enter, Down, Enter). The child's 등록기준지 takes the rule's
default: no key."""


class Clerk:
    """Presses keys as a clerk does, counting every key that is not typed data."""

    def __init__(self, pilot) -> None:  # type: ignore[no-untyped-def]
        self.pilot = pilot
        self.navigation = 0

    async def type(self, text: str) -> None:
        """Type data, key by key."""
        for char in text:
            if char.isalnum() or char.isascii():
                await self.pilot.press(char)
            else:  # Pilot loses a symbol's character (○: its key name is no Unicode name); send what a terminal sends
                self.pilot.app.post_message(events.Key(unicodedata.name(char).lower().replace(" ", "_"), char))
                await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        """Navigation keys (counted)."""
        for key in keys:
            assert key in NAVIGATION, key
            self.navigation += 1
            await self.pilot.press(key)

    async def fill(self, *values: str) -> None:
        """Type each value and press Enter (on to the next field)."""
        for value in values:
            await self.type(value)
            await self.press("enter")

    async def choose(self, downs: int) -> None:
        """Open the focused dropdown, go `downs` options down from the prompt, pick it."""
        await self.press("enter", *(["down"] * downs), "enter")

    async def next_step(self) -> None:
        await self.press("pagedown")
        await settle(self.pilot)


async def file_and_compare(pilot, clerk: Clerk, declaration: dict, **where) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Ctrl+S on the review, then the rows the screen filed against the CLI's for `declaration` (journey_rows)."""
    await clerk.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FiledScreen)
    assert_filed_like_cli(pilot.app.runtime.db, "birth", declaration, **where)


async def standard_first_steps(clerk: Clerk) -> None:
    """Child (female, born at 14:30 in a hospital to married parents), both parents, the mother reports
    and presents the birth certificate."""
    await clerk.fill("김", "하늘", "2026-11-03", "14:30")
    await clerk.choose(1)  # 여자
    await clerk.press("tab")
    await clerk.choose(2)  # 병원
    await clerk.press("tab")
    await clerk.fill(PLACE)  # the description is asked for 기타 only
    await clerk.type("김해")  # the 본; no Hanja, the 등록기준지 by the rule (the father's)
    await clerk.next_step()
    await clerk.fill("이", "수진", "전주", "", MOTHER_RRN, "서울특별시 강남구")
    await clerk.press("tab")  # past "foreign national"
    await clerk.fill("김", "민준", "김해", "", FATHER_RRN)
    await clerk.type("부산광역시 해운대구")
    await clerk.next_step()
    await clerk.choose(1)  # 모
    await clerk.press("tab")
    await clerk.fill(ADDRESS)
    await clerk.choose(1)  # 출생증명서
    await clerk.next_step()


async def test_a_standard_birth_is_filed_within_the_keystroke_budget(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await standard_first_steps(clerk)
        assert wizard.step.id == "step-household", wizard.all_problems()
        await clerk.fill("3")  # years in the district; Enter lands on "add a child"
        await clerk.press("enter")
        await settle(pilot)
        await clerk.fill("2023-04-10")
        await clerk.next_step()
        assert wizard.step.id == "step-services", wizard.all_problems()
        await clerk.next_step()
        assert "둘째" in str(wizard.query_one("#review-summary").content)
        await clerk.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    print(f"standard birth: {clerk.navigation} navigation keys")
    assert clerk.navigation <= STANDARD_BIRTH_BUDGET
    with office_runtime.db.session() as session:
        report = session.exec(select(BirthReport)).one()
    assert report.details.birth_order == 2 and report.details.child_count == 2


THIRD_CHILD = {
    "idempotency_key": "2d9f5c1a-7e4b-4a36-9b2e-8c1d0f3a6e57",
    "child": {"surname": "김", "given_name": "하늘", "clan_seat": "김해", "birth_date": "2026-11-03",
              "birth_time": "14:30", "sex": "F", "birth_place": {"kind": "medical_institution", "address": PLACE}},
    "mother": {"surname": "이", "given_name": "수진", "clan_seat": "전주", "registration_base": "서울특별시 강남구",
               "rrn": MOTHER_RRN},
    "father": {"surname": "김", "given_name": "민준", "clan_seat": "김해", "registration_base": "부산광역시 해운대구",
               "rrn": FATHER_RRN},
    "reporter": {"relation": "mother", "address": ADDRESS},
    "attachments": {"presented": ["medical_certificate"]},
    "household": {"siblings": [{"birth_date": "2019-05-01", "name": "김가람"},
                               {"birth_date": "2022-08-09", "name": "김나래"}], "parent_resident_years": 3},
}
"""What journey (a) types, as `counter file birth --json` takes it."""


async def test_a_third_child_is_filed_after_adding_three_children_and_removing_one(
        journey_office: Runtime, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(journey_office)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await standard_first_steps(clerk)
        await clerk.fill("3")
        rows = (("2019-05-01", "김가람"), ("2022-08-09", "김나래"), ("2024-02-02", "김다온"))
        for number, (born, name) in enumerate(rows):
            if number:
                await clerk.press("tab")  # past "same mother", back to "add a child"
            assert app.focused is wizard.query_one("#add-sibling")
            await clerk.press("enter")  # 자녀 추가: the new row takes the cursor at once
            assert app.focused is field(wizard, f"household.siblings[{number}].birth_date").control
            await clerk.fill(born, name)
        assert wizard.draft.sibling_count == 3
        await clerk.press("tab", "tab")  # past "add a child" to "remove the last child"
        await clerk.press("enter")
        await settle(pilot)
        assert wizard.draft.sibling_count == 2 and not wizard.query("#f-household--siblings-2--name")
        assert "household.siblings[2].name" not in wizard.draft.values
        await clerk.next_step()
        assert wizard.step.id == "step-services", wizard.all_problems()
        await clerk.next_step()
        assert "셋째 (가구 자녀 3명)" in str(wizard.query_one("#review-summary").content)
        await file_and_compare(pilot, clerk, THIRD_CHILD, database_url=database_url, tmp_path=tmp_path,
                               monkeypatch=monkeypatch)
    with journey_office.db.session() as session:
        report = session.exec(select(BirthReport)).one()
        codes = {r.service_code for r in session.exec(select(LinkedRequest)).all()}
        people = sorted(p.role for p in session.exec(select(Person)).all())
    assert report.details.birth_order == 3 and report.details.child_count == 3
    assert {"multi-child-electricity", "multi-child-city-gas"} <= codes
    assert people == ["child", "father", "mother"]


async def test_three_bad_fields_of_a_step_show_at_once_and_the_first_takes_the_cursor(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.fill("Kim", "하늘", "2027-01-05")  # Latin surname, a birth in the future, no sex chosen
        await clerk.next_step()
        assert wizard.step.id == "step-child"
        for path in ("child.surname", "child.birth_date", "child.sex"):
            assert field(wizard, path).has_error and error_of(wizard, path), path
        assert app.focused is field(wizard, "child.surname").control


async def test_the_other_reporters_and_the_latin_name_fields_show_only_when_they_apply(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        other = [field(wizard, path) for path in ("reporter.name", "reporter.rrn", "reporter.reason")]
        latin = field(wizard, "mother.foreign_name")
        assert not latin.display and not any(f.display for f in other)
        await pilot.press("pagedown")  # with problems: stays, so go by the switcher
        wizard.show_step(1)
        await settle(pilot)
        field(wizard, "mother.foreign").control.focus()
        await pilot.press("space")
        await pilot.pause()
        assert latin.display and wizard.draft.get("mother.foreign") is True
        await pilot.press("tab")
        assert app.focused is latin.control
        wizard.show_step(2)
        await settle(pilot)
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # 의사
        await pilot.pause()
        assert wizard.draft.get("reporter.relation") == "doctor" and all(f.display for f in other)
        await pilot.press("tab")
        assert app.focused is other[0].control
        wizard.query_one("#f-reporter--relation").control.focus()
        await pilot.press("enter", "up", "up", "up", "enter")  # 모
        await pilot.pause()
        assert wizard.draft.get("reporter.relation") == "mother" and not any(f.display for f in other)


async def test_escape_closes_an_untouched_wizard_without_asking(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert isinstance(wizard, BirthWizard)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_ticks_read_without_colour(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        married = field(wizard, "child.in_marriage").control
        assert str(married.render()).startswith("[✔]")
        married.focus()
        await pilot.press("space")
        await pilot.pause()
        assert str(married.render()).startswith("[ ]")


async def test_escape_closes_an_untouched_death_wizard_too(office_runtime: Runtime) -> None:
    from screens.death.wizard import DeathWizard

    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_wizard(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, DeathWizard)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_removing_and_adding_a_child_row_at_once_keeps_the_rows_whole(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        wizard.show_step(3)
        await settle(pilot)
        add, remove = wizard.query_one("#add-sibling"), wizard.query_one("#remove-sibling")
        for button in (add, add, remove, add, remove, remove, add):  # pressed faster than the screen redraws
            button.press()  # type: ignore[attr-defined]
        await settle(pilot)
        assert wizard.draft.sibling_count == 1
        assert sorted(f.path for f in wizard.fields(wizard.step) if f.path.startswith("household.siblings")) == [
            f"household.siblings[0].{name}" for name in ("birth_date", "name", "same_mother")]
