"""The death wizard by keys alone: filing a death bundle with the heir's asset inquiry, an ineligible
heir told why and not filed for (the report alone still can be), the inquiry filed later against the
report, validation beside the field, back keeps data, Esc asks first."""

from __future__ import annotations

from rich.console import Console
from sqlmodel import select
from test_birth_wizard import choose, fill, settle  # the wizards share their keys
from textual import events
from textual.widgets import Checkbox, Static
from ui_helpers import FIXED_NOW, PASSWORD, make_app, sign_in, type_text

from counter.filing.death import file_death
from counter.office.clerks import authenticate
from counter.office.runtime import Runtime
from models import (
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)
from screens.death import DeathWizard
from screens.home import HomeScreen
from screens.wizard.confirm import ConfirmScreen
from screens.wizard.fields import WizardField, widget_id
from screens.wizard.filed import FiledScreen

SIZE = (100, 30)
DECEASED_RRN = "400817-1234561"
SON_RRN = "720115-1234565"
ADDRESS = "서울특별시 강남구 역삼로 1"
PLACE = "서울특별시 강남구 언주로 211 (한빛병원)"
DECEASED = {"deceased__name": "박영수", "deceased__clan_seat": "밀양", "deceased__rrn": DECEASED_RRN,
            "deceased__registration_base": "서울특별시 종로구", "deceased__address": ADDRESS}
"""The deceased step, pasted (`put`)."""


async def open_wizard(pilot) -> DeathWizard:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await sign_in(pilot)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DeathWizard)
    return pilot.app.screen


async def next_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("pagedown")
    await settle(pilot)


async def deceased_step(pilot) -> None:  # type: ignore[no-untyped-def]
    # name, 본 (no Hanja), number (no date of birth: the number gives it), 등록기준지 (Enter completes), address
    await fill(pilot, "박영수", "밀양", "", DECEASED_RRN, "서울특별시 종", ADDRESS)
    await next_step(pilot)


async def death_step(pilot, death_date: str = "2026-11-10") -> None:  # type: ignore[no-untyped-def]
    await fill(pilot, death_date, "14:30")
    await choose(pilot, 2)  # 의료기관 (a picked choice moves on)
    await fill(pilot, PLACE)  # what the place was is asked for 기타 only
    await choose(pilot, 1)  # 사망진단서
    await next_step(pilot)


async def reporter_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await choose(pilot, 1)  # 동거하는 친족: the reporter's address is the deceased's
    await fill(pilot, "박지훈", SON_RRN, "아들")
    await next_step(pilot)


async def applicant_step(pilot) -> None:  # type: ignore[no-untyped-def]
    """The son who reported applies in person: a relative who reports applies unless unticked."""
    assert field(pilot.app.screen, "inquiry.applicant.same_as_reporter").value
    assert not field(pilot.app.screen, "inquiry.applicant.name").display
    await next_step(pilot)


async def family_step(pilot, relation_downs: int = 2) -> None:  # type: ignore[no-untyped-def]
    """The heir's relation (2: child) and a living spouse."""
    await choose(pilot, relation_downs)  # on to the spouse ("their parent or sibling" only for a grandchild or in-law)
    await choose(pilot, 2)  # alive
    await next_step(pilot)


async def notification_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await fill(pilot, "010-2345-6789")
    await pilot.press("space", "tab")  # a text message when filed
    await fill(pilot, "역삼로 1")
    await next_step(pilot)


async def put(pilot, **values: object) -> None:  # type: ignore[no-untyped-def]
    """Set fields directly, as a paste would (`deceased__name="..."` for `deceased.name`); keys are
    exercised by `test_a_clerk_files_a_death_bundle_by_keys_alone`."""
    for name, value in values.items():
        field(pilot.app.screen, name.replace("__", ".")).set_value(value)
    await pilot.pause()


async def report_steps_pasted(pilot) -> None:  # type: ignore[no-untyped-def]
    """The deceased, the death and the reporter, entered quickly; ends on the applicant step."""
    await put(pilot, **DECEASED)
    await next_step(pilot)
    await put(pilot, death__death_date="2026-11-10", death__death_time="14:30", death__place__address=PLACE,
              death__place__kind="medical_institution", death__certificate="diagnosis")
    await next_step(pilot)
    await put(pilot, reporter__qualification="cohabiting_relative", reporter__name="박지훈", reporter__rrn=SON_RRN,
              reporter__address=ADDRESS)
    await next_step(pilot)
    assert pilot.app.screen.step.id == "step-applicant"


def field(screen: DeathWizard, path: str) -> WizardField:
    return screen.query_one(f"#{widget_id(path)}", WizardField)


def shown(widget: Static) -> str:
    """What a Static shows, as plain text at its width on screen."""
    console = Console(width=widget.content_region.width, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def error_of(screen: DeathWizard, path: str) -> str:
    return str(field(screen, path).query_one(".wf-error").content)


async def test_a_clerk_files_a_death_bundle_by_keys_alone(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await deceased_step(pilot)
        await death_step(pilot)
        assert "의무" in str(wizard.query_one("#reporter-rule").content) or wizard.step.id == "step-reporter"
        await reporter_step(pilot)
        assert wizard.step.id == "step-applicant"
        await applicant_step(pilot)
        assert wizard.step.id == "step-family"
        await family_step(pilot)
        assert "제1순위" in str(wizard.query_one("#heir-decision").content)
        assert wizard.step.id == "step-items"
        rows = {row.item.code: row for row in wizard.query("InquiryItemRow")}  # type: ignore[attr-defined]
        assert len(rows) == 20 and all(row.query_one("Checkbox").value for row in rows.values())
        wizard.query_one("#item-building Checkbox").focus()
        await pilot.press("space")  # the family does not want the buildings inquiry
        await pilot.press("tab")  # its channel, then on to the next row
        wizard.query_one("#item-land Select").focus()
        await choose(pilot, 1)  # land: 우편 (the list opens on the current channel, 문자)
        await next_step(pilot)
        assert wizard.step.id == "step-notification"
        await notification_step(pilot)
        assert wizard.step.id == "step-review"
        summary = shown(wizard.query_one("#review-summary", Static))
        assert "박영수 (400817-1******)" in summary and "역삼로 1" in summary and "박지훈 (아들)" in summary
        assert any(line.startswith("조회 항목") and "19건" in line for line in summary.splitlines())
        assert "사망일에 안 상속인은 2027. 2. 10.까지" in summary  # 민법 제1019조①
        await pilot.press("ctrl+s")
        await settle(pilot)
        filed = app.screen
        assert isinstance(filed, FiledScreen) and filed.result.kind == "death"
        receipt = filed.result.receipt_no
        result = str(filed.query_one("#filed-result").content)
        assert f"접수번호 [b]{receipt}" in result and "접수되어 기관 전송 대기 중인 신청: 19건" in result
        assert "기관에 보낸" not in result
        assert "사망일에 안 상속인은 2027. 2. 10.까지" in str(filed.query_one("#filed-notes").content)  # 민법 제1019조①
        assert "1. 금융거래" in shown(filed.query_one("#filed-requests", Static))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with office_runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        report = session.exec(select(DeathReport)).one()
        application = session.exec(select(HeirApplication)).one()
        people = {p.role: p.name for p in session.exec(select(Person)).all()}
        requests = {r.service_code: r for r in session.exec(select(LinkedRequest)).all()}
        assert bundle.receipt_no == receipt and bundle.kind == "death"
        assert report.death_date.isoformat() == "2026-11-10" and report.certificate == "diagnosis"
        assert report.details.place_kind == "medical_institution"
        assert application.basis == "descendant" and application.details.rank == 1
        assert people == {"deceased": "박영수", "reporter": "박지훈", "applicant": "박지훈"}
        assert "building" not in requests and len(requests) == 19
        assert requests["land"].delivery_channel == "post" and requests["land"].local_department
        assert len(session.exec(select(PrintJob)).all()) == 2
        assert session.exec(select(OutgoingMessage)).one().recipient_masked == "010-****-6789"


async def test_an_ineligible_heir_is_told_why_and_only_the_report_is_filed(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await report_steps_pasted(pilot)
        await put(pilot, inquiry__applicant__same_as_reporter=False, inquiry__applicant__name="박영자",
                  inquiry__applicant__rrn="430101-2234560")  # a sister
        await next_step(pilot)
        await choose(pilot, 7)  # 형제자매, on to the spouse
        await pilot.press("tab")  # past the spouse
        await fill(pilot, "1")  # the deceased has a child
        decision = str(wizard.query_one("#heir-decision").content)
        assert "제1순위 상속인(자녀)" in decision and "신청할 수 없습니다" in decision
        await next_step(pilot)
        assert wizard.step.id == "step-family"  # the clerk cannot file the inquiry for her
        assert error_of(wizard, "inquiry.heir")
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert wizard.step.id == "step-reporter"
        await pilot.press("pagedown")
        await settle(pilot)
        field(wizard, "inquiry.apply").control.focus()
        await pilot.press("space")  # file the death report alone
        for _ in range(4):
            await next_step(pilot)
        assert wizard.step.id == "step-review"
        assert "재산조회           없음" in shown(wizard.query_one("#review-summary", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    with office_runtime.db.session() as session:
        assert session.exec(select(DeathReport)).one() is not None
        assert session.exec(select(HeirApplication)).first() is None
        assert session.exec(select(LinkedRequest)).first() is None


async def test_the_heir_files_the_inquiry_later_against_the_report(office_runtime: Runtime) -> None:
    clerk = authenticate(office_runtime.db, "boss", PASSWORD, office_runtime.settings, "T1")
    report = file_death(office_runtime, clerk, {
        "deceased": {"name": "박영수", "rrn": DECEASED_RRN, "clan_seat": "밀양", "registration_base": "서울특별시 종로구",
                     "address": ADDRESS},
        "death": {"death_date": "2026-11-10", "death_time": "6:05", "place": {"kind": "home", "address": ADDRESS},
                  "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "박지훈", "address": ADDRESS}},
        today=FIXED_NOW.date())
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        field(wizard, "later.enabled").control.focus()
        await pilot.press("space", "tab")
        await type_text(pilot, report.receipt_no)
        await settle(pilot)
        await next_step(pilot)
        assert wizard.step.id == "step-death"  # nothing to enter about the death again
        assert wizard.query_one("#step-death .later-note").display
        assert not field(wizard, "death.death_date").display
        await next_step(pilot)
        await next_step(pilot)
        assert wizard.step.id == "step-applicant"
        await put(pilot, inquiry__applicant__name="김영희", inquiry__applicant__rrn="450302-2234563")
        await next_step(pilot)
        await put(pilot, inquiry__heir="spouse", family__children_alive="1")  # the widow, and a child
        await next_step(pilot)
        await next_step(pilot)
        await put(pilot, notification__phone="010-9876-5432")
        await next_step(pilot)
        assert wizard.step.id == "step-review"
        assert report.receipt_no in shown(wizard.query_one("#review-summary", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    with office_runtime.db.session() as session:
        application = session.exec(select(HeirApplication)).one()
        first = session.exec(select(DeathReport)).one()
    assert application.death_report_id == first.id and application.basis == "spouse"


async def test_moving_on_with_errors_shows_them_beside_the_fields(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await next_step(pilot)
        assert wizard.step.id == "step-deceased"
        assert error_of(wizard, "deceased.name") == "필수 입력 항목입니다."
        assert app.focused is field(wizard, "deceased.name").control
        name = field(wizard, "deceased.name").control
        name.post_message(events.Paste("박영수\x1b[2J"))  # a paste carrying a terminal escape sequence
        await pilot.pause()
        assert field(wizard, "deceased.name").value == ""  # refused as typed: it never reaches the screen
        name.post_message(events.Paste("박영수\u202e"))  # a bidi override
        await pilot.pause()
        assert field(wizard, "deceased.name").value == ""
        await put(pilot, **DECEASED)
        await next_step(pilot)
        assert wizard.step.id == "step-death"
        await put(pilot, death__death_date="2026-11-30")  # in the future
        assert error_of(wizard, "death.death_date") == "사망일이 미래 날짜입니다."
        await put(pilot, death__death_date="1939-01-01")  # before the birth
        assert "출생일(1940. 8. 17.)" in error_of(wizard, "death.death_date")
        await put(pilot, death__death_date="2026-11-10", death__learned_on="2026-11-09")  # learned before it happened
        assert "사망일(2026. 11. 10.)보다 앞설 수 없습니다" in error_of(wizard, "death.learned_on")


async def test_back_keeps_every_value_and_escape_asks_first(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await put(pilot, **DECEASED)
        await next_step(pilot)
        await fill(pilot, "2026-11-10")
        await pilot.press("pageup")
        await pilot.pause()
        assert wizard.step.id == "step-deceased" and field(wizard, "deceased.name").value == "박영수"
        await pilot.press("pagedown")
        await settle(pilot)
        assert field(wizard, "death.death_date").value == "2026-11-10"
        app.switch_language("en")  # every label follows the language; the values stay
        await pilot.pause()
        assert wizard.title == "Death bundle" and field(wizard, "death.death_date").label_text == "Date of death"
        assert "The death" in str(wizard.query_one("#title-step-death").content)
        app.switch_language("ko")
        await pilot.pause()
        assert field(wizard, "death.death_date").value == "2026-11-10"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is wizard
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_family_counts_and_item_ticks_add_and_remove_rows_by_keys(office_runtime: Runtime) -> None:
    """The death wizard's lists are counts and ticks (no add/remove buttons): typing a count adds that
    many relatives, erasing it removes them, space unticks and ticks an item again; nothing crashes."""
    app = make_app(office_runtime)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await report_steps_pasted(pilot)
        await next_step(pilot)  # the son who reported applies
        assert wizard.step.id == "step-family"
        await choose(pilot, 2)  # 자녀, on to the spouse
        await pilot.press("tab")
        assert app.focused is field(wizard, "family.children_alive").control
        await type_text(pilot, "2")
        await pilot.pause()
        assert [row["relation"] for row in wizard.draft.relatives()].count("child") == 3  # the heir and two more
        await pilot.press("backspace")
        await pilot.press("tab", "tab")  # to "children who died first"
        await type_text(pilot, "1")  # one who left children: a child and the grandchild in their place
        await pilot.pause()
        relations = [row["relation"] for row in wizard.draft.relatives()]
        assert relations == ["child", "child", "grandchild"]
        await pilot.press("backspace")
        await pilot.pause()
        assert [row["relation"] for row in wizard.draft.relatives()] == ["child"]
        await next_step(pilot)
        assert wizard.step.id == "step-items"
        first = wizard.query("InquiryItemRow").first()
        first.query_one(Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert wizard.draft.items[first.item.code].ticked is False
        assert first.item.code not in {item["code"] for item in wizard.draft.inquiry()["items"]}
        await pilot.press("space")
        await pilot.pause()
        assert wizard.draft.items[first.item.code].ticked is True
        await pilot.press("pageup")  # back and forth keeps the rows (built once) and the choices
        await settle(pilot)
        await next_step(pilot)
        assert len(wizard.query("InquiryItemRow")) == len(wizard.draft.items) == 20
        assert app.is_running and wizard.is_current
