"""The death wizard refuses the same heir's second asset inquiry about the same deceased until the clerk
gives a reason: the review names the earlier receipt in Korean and asks for the reason, and an inquiry
filed meanwhile at another counter is refused on Ctrl+S the same way. Then it files, audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from test_birth_wizard import settle
from test_death_wizard import (
    DECEASED_RRN,
    SIZE,
    SON_RRN,
    error_of,
    field,
    next_step,
    open_wizard,
    put,
    shown,
)
from textual.widgets import Static
from ui_helpers import FIXED_NOW, PASSWORD, make_app, type_text

from counter.filing.core import FilingResult
from counter.filing.death import file_death
from counter.office.clerks import authenticate
from counter.office.runtime import Runtime
from models import AuditEvent, Bundle, HeirApplication
from screens.death import DeathWizard
from screens.wizard.filed import FiledScreen

REASON = "첫 신청 결과 문자를 받지 못함"
HOME = "서울특별시 강남구 역삼로 1"
SON_INQUIRY: dict[str, Any] = {"heir": "son", "applicant": {"name": "박지훈", "rrn": SON_RRN},
                               "family": {"relatives": [{"id": "son", "relation": "child"}]},
                               "items": [{"code": "financial"}]}


def file_directly(runtime: Runtime, declaration: dict[str, Any]) -> FilingResult:
    clerk = authenticate(runtime.db, "boss", PASSWORD, runtime.settings, "T1")
    return file_death(runtime, clerk, declaration, today=FIXED_NOW.date())


def file_report(runtime: Runtime, *, with_inquiry: bool) -> FilingResult:
    """박영수's death reported by his son, who applied for the inquiry too when `with_inquiry`."""
    declaration: dict[str, Any] = {
        "deceased": {"name": "박영수", "rrn": DECEASED_RRN, "clan_seat": "밀양", "registration_base": "서울특별시 종로구",
                     "address": HOME},
        "death": {"death_date": "2026-11-10", "death_time": "14:30", "place": {"kind": "home", "address": HOME},
                  "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "박지훈", "rrn": SON_RRN, "address": HOME}}
    if with_inquiry:
        declaration.update(inquiry=SON_INQUIRY, notification={"phone": "010-2345-6789"})
    return file_directly(runtime, declaration)


async def son_asks_later(pilot, wizard: DeathWizard, receipt_no: str) -> None:  # type: ignore[no-untyped-def]
    """The son's inquiry against `receipt_no`, typed up to the review step."""
    field(wizard, "later.enabled").control.focus()
    await pilot.press("space", "tab")
    await type_text(pilot, receipt_no)
    await settle(pilot)
    for _step in range(3):  # the deceased, the death and the reporter belong to the earlier report
        await next_step(pilot)
    assert wizard.step.id == "step-applicant"
    await put(pilot, inquiry__applicant__name="박지훈", inquiry__applicant__rrn=SON_RRN)
    await next_step(pilot)
    await put(pilot, inquiry__heir="child")
    await next_step(pilot)
    await next_step(pilot)
    await put(pilot, notification__phone="010-2345-6789")
    await next_step(pilot)
    assert wizard.step.id == "step-review"


def repeat_events(runtime: Runtime) -> list[AuditEvent]:
    with runtime.db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "death.inquiry_repeat_filed")).all())


async def test_the_review_names_the_heirs_earlier_inquiry_and_files_only_with_a_reason(
        office_runtime: Runtime) -> None:
    first = file_report(office_runtime, with_inquiry=True)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await son_asks_later(pilot, wizard, first.receipt_no)
        await settle(pilot)
        banner = wizard.query_one("#review-earlier", Static)
        assert banner.display and "이미 신청함" in shown(banner) and first.receipt_no in shown(banner)
        reason = field(wizard, "duplicate_reason")
        assert reason.display and app.focused is reason.control
        assert "다시 접수하는 사유" in str(reason.query_one("Label").content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard and error_of(wizard, "duplicate_reason")
        await type_text(pilot, REASON)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    (event,) = repeat_events(office_runtime)
    assert event.details["duplicate_of"] == first.receipt_no and event.details["reason"] == REASON


async def test_an_inquiry_filed_meanwhile_elsewhere_is_refused_on_filing_then_filed_with_a_reason(
        office_runtime: Runtime) -> None:
    report = file_report(office_runtime, with_inquiry=False)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await son_asks_later(pilot, wizard, report.receipt_no)
        await settle(pilot)
        assert not wizard.query_one("#review-earlier").display  # nothing filed yet
        assert not field(wizard, "duplicate_reason").display
        other = file_directly(office_runtime, {"death_report_receipt_no": report.receipt_no,
                                               "inquiry": SON_INQUIRY,  # the son at another counter
                                               "notification": {"phone": "010-2345-6789"}})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard
        banner = wizard.query_one("#review-earlier", Static)
        assert banner.display and other.receipt_no in shown(banner) and "이 상속인" in shown(banner)
        assert app.focused is field(wizard, "duplicate_reason").control
        await type_text(pilot, REASON)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    with office_runtime.db.session() as session:
        bundles = session.exec(select(Bundle).order_by(Bundle.filed_at)).all()
        assert len(session.exec(select(HeirApplication)).all()) == 2
    assert bundles[-1].duplicate_of == other.bundle_id and bundles[-1].duplicate_reason == REASON
    (event,) = repeat_events(office_runtime)
    assert event.details["duplicate_of"] == other.receipt_no
