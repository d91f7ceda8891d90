"""Death journeys typed key by key as a clerk does, in Korean, each ending with the rows the screen filed
compared with the rows `counter file death --json` files for the same declaration (issue 8, Deliver 4):
(d) the inquiry applied for by a grandchild in place of a child who died first (대습상속, 민법 제1001조),
(e) the inquiry filed later against an earlier death report (examples/death-inquiry-later.json).
Both database legs; the app keeps the real clock, as the CLI does, so both file on the same day."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from journey_rows import cli_file, filed_rows, office_database
from test_birth_wizard import settle
from test_death_keystrokes import Clerk, focused_path
from test_death_wizard import DECEASED_RRN
from ui_helpers import PASSWORD

from counter.base.clock import korea_now
from counter.filing.death import file_death
from counter.office.clerks import authenticate
from counter.office.runtime import Runtime
from screens.app import CounterApp
from screens.death import DeathWizard
from screens.wizard.filed import FiledScreen

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SIZE = (100, 30)
WIDOW_RRN = "450302-2234561"
GRANDSON_RRN = "980505-1234562"


def today_and_death_date() -> tuple[Any, str]:
    today = korea_now().date()
    return today, (today - timedelta(days=3)).isoformat()


async def open_death_wizard(pilot) -> DeathWizard:  # type: ignore[no-untyped-def]
    """Sign in through the sign-in service (signing in by keys is walked elsewhere) and press F3."""
    await pilot.pause()
    runtime = pilot.app.runtime
    pilot.app.signed_in(authenticate(runtime.db, "lee", PASSWORD, runtime.settings, runtime.device))
    await pilot.pause()
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DeathWizard)
    return pilot.app.screen


async def file_and_leave(clerk: Clerk, app: CounterApp) -> None:
    await clerk.press("ctrl+s")
    await settle(clerk.pilot)
    assert isinstance(app.screen, FiledScreen), str(app.screen.query_one("#wizard-message").content)
    await clerk.press("enter")
    await clerk.pilot.pause()


def assert_same_rows(screen: Runtime, cli_url: str) -> list[dict[str, Any]]:
    cli = office_database_rows(cli_url)
    rows = filed_rows(screen.db)
    assert json.dumps(rows, ensure_ascii=False, indent=1, default=str) == json.dumps(
        cli, ensure_ascii=False, indent=1, default=str)
    return rows


def office_database_rows(url: str) -> list[dict[str, Any]]:
    from counter.store.db import Database

    db = Database(url)
    try:
        return filed_rows(db)
    finally:
        db.dispose()


def grandchild_declaration(death_date: str) -> dict[str, Any]:
    """What the clerk types in (d): the widow reports; her grandson applies in place of his father, the
    deceased's son who died first; another son is alive."""
    return {
        "deceased": {"name": "박영수", "rrn": DECEASED_RRN, "address": "서울특별시 강남구 역삼로 1", "clan_seat": "미상",
                     "registration_base": "서울특별시 강남구"},
        "death": {"death_date": death_date, "death_time": "자정",
                  "place": {"kind": "medical_institution", "address": "서울특별시 강남구 언주로 211"},
                  "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "김영희", "rrn": WIDOW_RRN, "relation": "배우자",
                     "address": "서울특별시 강남구 역삼로 1"},
        "inquiry": {
            "heir": "grandson", "applicant": {"name": "박서준", "rrn": GRANDSON_RRN},
            "family": {"relatives": [
                {"id": "father", "relation": "child", "status": "predeceased"},
                {"id": "grandson", "relation": "grandchild", "through": "father"},
                {"id": "widow", "relation": "spouse"},
                {"id": "uncle", "relation": "child"},
            ]},
        },
        "notification": {"phone": "010-2345-6789", "sms": True},
    }


async def test_d_a_grandchild_applies_in_place_of_a_child_who_died_first(
        journey_runtime: Runtime, cli_database_url: str, tmp_path: Path) -> None:
    _today, death_date = today_and_death_date()
    app = CounterApp(journey_runtime.settings, runtime=journey_runtime)  # the real clock, as the CLI's
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_death_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.enter("박영수")
        await clerk.enter("미상")  # the widow does not know his 본 (제29조: stated as not known)
        await clerk.press("enter")
        await clerk.enter(DECEASED_RRN)
        await clerk.enter("강남")  # Enter completes the only 시·군·구 so named: 서울특별시 강남구
        await clerk.type("서울특별시 강남구 역삼로 1")
        await clerk.next_step()
        assert wizard.step.id == "step-death"
        await clerk.enter(death_date)
        await clerk.enter("자정")  # 0시 of the next day (the form's note)
        await clerk.choose(2)  # 의료기관
        await clerk.enter("서울특별시 강남구 언주로 211")
        await clerk.choose(1)  # 사망진단서
        await clerk.next_step()
        assert wizard.step.id == "step-reporter"
        await clerk.choose(1)  # 동거하는 친족
        await clerk.enter("김영희")
        await clerk.enter(WIDOW_RRN)
        await clerk.type("배우자")
        await clerk.next_step()
        assert wizard.step.id == "step-applicant"
        assert focused_path(pilot) == "inquiry.apply"
        await clerk.press("tab")
        assert focused_path(pilot) == "inquiry.applicant.same_as_reporter"
        await clerk.press("space", "tab")  # the grandson applies, not the widow who reports
        assert focused_path(pilot) == "inquiry.applicant.name"
        await clerk.enter("박서준")
        await clerk.type(GRANDSON_RRN)
        await clerk.next_step()
        assert wizard.step.id == "step-family"
        await clerk.choose(3)  # 손자녀
        assert focused_path(pilot) == "family.via_status"  # their parent: died before the deceased (preset)
        await clerk.press("tab")
        assert focused_path(pilot) == "family.spouse"
        await clerk.choose(2)  # 생존
        assert focused_path(pilot) == "family.children_alive"
        await clerk.type("1")  # the grandson's uncle
        await pilot.pause()
        decision = str(wizard.query_one("#heir-decision").content)
        assert "대습상속" in decision and "제1순위" in decision, decision
        await clerk.next_step()
        assert wizard.step.id == "step-items"
        await clerk.next_step()
        assert wizard.step.id == "step-notification"
        await clerk.enter("010-2345-6789")
        await clerk.press("space")
        await clerk.next_step()
        assert wizard.step.id == "step-review"
        await file_and_leave(clerk, app)
    cli_database = office_database(cli_database_url)
    try:
        cli_file("death", grandchild_declaration(death_date), cli_database_url, tmp_path)
    finally:
        cli_database.db.dispose()
    rows = assert_same_rows(journey_runtime, cli_database_url)
    (bundle,) = rows
    application = bundle["heir_application"][0]
    assert application["basis"] == "representation" and application["details"]["rank"] == 1
    assert application["details"]["relation"] == "grandchild" and application["applicant"] == "applicant"
    people = {person["role"]: (person["name"], person["rrn_masked"]) for person in bundle["people"]}
    assert people == {"deceased": ("박영수", "400817-1******"), "reporter": ("김영희", "450302-2******"),
                      "applicant": ("박서준", "980505-1******")}
    assert len(bundle["requests"]) == 20 and [m["template"] for m in bundle["messages"]] == ["death.filed"]


def earlier_report(death_date: str) -> dict[str, Any]:
    """The death report the inquiry of examples/death-inquiry-later.json is filed against."""
    return {
        "deceased": {"name": "최영호", "rrn": DECEASED_RRN, "clan_seat": "경주", "registration_base": "경상북도 경주시",
                     "address": "서울특별시 강남구 테헤란로 2"},
        "death": {"death_date": death_date, "death_time": "자정",
                  "place": {"kind": "home", "address": "서울특별시 강남구 테헤란로 2"}, "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "최순희", "relation": "여동생",
                     "address": "서울특별시 강남구 테헤란로 2"},
    }


async def test_e_the_inquiry_is_filed_later_against_an_earlier_death_report(
        journey_runtime: Runtime, cli_database_url: str, tmp_path: Path) -> None:
    today, death_date = today_and_death_date()
    later = json.loads((EXAMPLES / "death-inquiry-later.json").read_text(encoding="utf-8"))
    boss = authenticate(journey_runtime.db, "boss", PASSWORD, journey_runtime.settings, "T1")
    receipt = file_death(journey_runtime, boss, earlier_report(death_date), today=today).receipt_no
    app = CounterApp(journey_runtime.settings, runtime=journey_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_death_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.press("shift+tab", "shift+tab")  # back past the step's scroll area to the last field
        assert focused_path(pilot) == "later.enabled"
        await clerk.press("space", "tab")
        assert focused_path(pilot) == "death_report_receipt_no"
        await clerk.type(receipt)
        await settle(pilot)
        await clerk.next_step()
        assert wizard.step.id == "step-death" and wizard.existing is not None
        await clerk.next_step()
        await clerk.next_step()
        assert wizard.step.id == "step-applicant"
        applicant = later["inquiry"]["applicant"]
        assert focused_path(pilot) == "inquiry.applicant.name"
        await clerk.enter(applicant["name"])
        await clerk.type(applicant["rrn"])
        await clerk.next_step()
        assert wizard.step.id == "step-family"
        await clerk.choose(3)  # 손자녀, through a son who died first (preset)
        await clerk.press("tab")
        assert focused_path(pilot) == "family.spouse"  # no spouse (preset)
        for _ in range(7):  # past the counts to the siblings alive
            await clerk.press("tab")
        assert focused_path(pilot) == "family.siblings_alive"
        await clerk.type("1")  # the sister
        await clerk.next_step()
        assert wizard.step.id == "step-items"
        await clerk.next_step()
        assert wizard.step.id == "step-notification"
        await clerk.enter(later["notification"]["phone"])
        await clerk.press("space")
        await clerk.next_step()
        assert wizard.step.id == "step-review"
        await file_and_leave(clerk, app)
    cli_database = office_database(cli_database_url)
    try:
        first = cli_file("death", earlier_report(death_date), cli_database_url, tmp_path)
        assert first["receipt_no"] == receipt  # the same office, device and day: the same number
        cli_file("death", {**copy.deepcopy(later), "death_report_receipt_no": receipt}, cli_database_url, tmp_path)
    finally:
        cli_database.db.dispose()
    rows = assert_same_rows(journey_runtime, cli_database_url)
    _report, inquiry = rows
    assert inquiry["bundle"]["details"]["inquiry_only"] is True and not inquiry["death_report"]
    assert inquiry["heir_application"][0]["death_report_of"] == "<bundle 0>"
    assert inquiry["heir_application"][0]["basis"] == "representation"
    assert [p["role"] for p in inquiry["people"]] == ["applicant", "deceased"]


def test_the_row_view_ignores_ids_and_receipts_but_not_what_was_filed(
        journey_runtime: Runtime, cli_database_url: str, tmp_path: Path) -> None:
    """The comparison the journeys end with can fail: the same declaration filed into two databases
    reads the same, one different phone number or item channel does not."""
    _today, death_date = today_and_death_date()
    declaration = grandchild_declaration(death_date)
    cli_database = office_database(cli_database_url)
    try:
        cli_file("death", declaration, journey_runtime.db.url, tmp_path)
        cli_file("death", declaration, cli_database_url, tmp_path)
        assert filed_rows(journey_runtime.db) == filed_rows(cli_database.db)
        changed = copy.deepcopy(declaration)
        changed["notification"]["phone"] = "010-2345-6780"
        changed["inquiry"]["items"] = [{"code": "financial", "channel": "web"}]
        cli_file("death", {**changed, "duplicate_reason": "정정"}, journey_runtime.db.url, tmp_path)
        cli_file("death", {**declaration, "duplicate_reason": "정정"}, cli_database_url, tmp_path)
        screen, cli = filed_rows(journey_runtime.db)[1], filed_rows(cli_database.db)[1]
        assert screen != cli and screen["messages"][0]["recipient_masked"] != cli["messages"][0]["recipient_masked"]
        assert len(screen["requests"]) == 1 and len(cli["requests"]) == 20
    finally:
        cli_database.db.dispose()
