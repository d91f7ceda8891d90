"""A receipt number scanned on any screen (keys typed faster than a person, then Enter) opens its bundle;
a wrong check character is said; slow typing is left alone; in 한글 mode the scanner's letters arrive as
jamo and still read right. F5 opens the same bundle from a typed number; the bundle screen shows the
people (registration numbers masked), the requests and the papers, previews and reprints."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from printing_ui_helpers import notifications, until
from sqlalchemy import update
from sqlmodel import col, select
from textual.widgets import Input, Static
from ui_helpers import PASSWORD, make_app, type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agencies"))  # the agency tests' filings
from agency_filings import file_deaths

from counter.base.session import SignedInClerk
from counter.filing.receipts import make_receipt_number
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from models import AuditEvent, PrintJob
from screens.bundle import BundleScreen
from screens.lookup import LookupScreen
from screens.scanner import MAX_GAP, ScanBuffer, scanned_character
from screens.translated import JAMO

SIZE = (110, 36)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def burst(buffer: ScanBuffer, clock: Clock, text: str, gap: float) -> str | None:
    for char in text:
        clock.now += gap
        buffer.feed(char)
    clock.now += gap
    return buffer.finish()


def test_a_burst_is_a_scan_and_a_persons_typing_is_not() -> None:
    clock = Clock()
    buffer = ScanBuffer(clock=clock)
    assert burst(buffer, clock, "3650052-K7-261121-0003-M", 0.005) == "3650052-K7-261121-0003-M"
    assert burst(buffer, clock, "3650052-K7-261121-0003-M", 0.15) is None  # a person's pace
    assert burst(buffer, clock, "12345", 0.005) is None  # too short to be a receipt number
    # A pause inside starts the burst again: only what came fast before Enter counts (here no receipt number).
    for char in "3650052-":
        clock.now += 0.005
        buffer.feed(char)
    clock.now += MAX_GAP * 3
    assert burst(buffer, clock, "K7-261121-0003-M", 0.005) == "K7-261121-0003-M"
    for char in "3650052-K7-261121-0003-M":  # Enter long after the last key: a person pressed it
        clock.now += 0.005
        buffer.feed(char)
    clock.now += MAX_GAP * 3
    assert buffer.finish() is None


def test_jamo_read_back_as_the_letters_the_scanner_meant() -> None:
    assert [scanned_character(JAMO[c], JAMO[c]) for c in "kdm"] == ["K", "D", "M"]
    assert scanned_character("7", "7") == "7" and scanned_character("minus", "-") == "-"
    assert scanned_character("f5", None) is None and scanned_character("가", "가") is None


@pytest.fixture
def office(ui_runtime: Runtime) -> tuple[Runtime, SignedInClerk, list[str]]:
    ui_runtime.keyring(create=True)
    boss = setup_office(ui_runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(ui_runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    return ui_runtime, boss, file_deaths(ui_runtime, boss, 3)


async def signed_in(pilot) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, "lee")
    await pilot.press("enter")
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "HomeScreen", timeout=30)
    await pilot.app.workers.wait_for_complete()  # the wizards built ahead (screens/warm.py)
    await pilot.pause()
    # Pilot's keys come as fast as the app takes them; on a loaded machine that can be slower than a
    # scanner, so the gap is wider here (the pace itself is tested above).
    pilot.app.scanner.max_gap = 0.5


async def scan(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[("minus" if c == "-" else c) for c in text], "enter")
    await pilot.pause()


def bundle_on_screen(app, receipt: str) -> bool:  # type: ignore[no-untyped-def]
    screen = app.screen
    return isinstance(screen, BundleScreen) and screen.receipt_no == receipt and screen.summary is not None


async def test_a_scan_on_the_home_screen_opens_that_bundle(office) -> None:
    runtime, _boss, receipts = office
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await scan(pilot, receipts[1])
        await until(pilot, lambda: bundle_on_screen(pilot.app, receipts[1]))
        screen = pilot.app.screen
        summary = str(screen.query_one("#bundle-summary", Static).content)
        assert "사망신고" in summary and "이수진" in summary and "******" in summary
        assert len(screen.page.rows) == 20  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HomeScreen"
        await pilot.app.workers.wait_for_complete()  # the home screen builds its wizards again
        await pilot.pause()
        # In 한글 mode: the letters arrive as jamo.
        hangul = "".join(JAMO.get(c.lower(), c) if c.isalpha() else c for c in receipts[2])
        await scan(pilot, hangul)
        await until(pilot, lambda: bundle_on_screen(pilot.app, receipts[2]))


async def test_a_wrong_check_character_or_another_offices_number_is_said(office) -> None:
    runtime, _boss, receipts = office
    wrong = receipts[0][:-1] + ("A" if receipts[0][-1] != "A" else "B")
    elsewhere = make_receipt_number("1111111", "K7", date(2026, 11, 21), 3)
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await scan(pilot, wrong)
        await until(pilot, lambda: any("확인 문자" in note for note in notifications(pilot.app)))
        await scan(pilot, elsewhere)
        await until(pilot, lambda: any(elsewhere in note and "없습니다" in note
                                       for note in notifications(pilot.app)))
        assert type(pilot.app.screen).__name__ == "HomeScreen"
        # Typed at a person's pace, the same keys open nothing.
        pilot.app.scanner.max_gap = MAX_GAP
        for char in receipts[0]:
            await pilot.press("minus" if char == "-" else char)
            await pilot.pause(0.12)
        await pilot.press("enter")  # a person's Enter: the home screen's highlighted entry, not a bundle
        await pilot.pause(0.3)
        assert not isinstance(pilot.app.screen, BundleScreen)


async def test_the_lookup_box_opens_a_typed_number_and_the_bundle_reprints(office) -> None:
    runtime, _boss, receipts = office
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(pilot.app.screen, LookupScreen))
        box = pilot.app.screen
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await until(pilot, lambda: "-invalid" in box.query_one("#field-lookup_query").classes)
        box.query_one("#lookup_query", Input).value = ""
        await type_text(pilot, receipts[0][:-1] + ("A" if receipts[0][-1] != "A" else "B"))
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "확인 문자" in str(box.query_one("#field-lookup_query .field-error").content)
        box.query_one("#lookup_query", Input).value = ""
        await type_text(pilot, receipts[0].lower())  # typed in lower case: read as the number
        await pilot.press("enter")
        await until(pilot, lambda: bundle_on_screen(pilot.app, receipts[0]))
        bundle = pilot.app.screen
        # The receipt has not printed (no printer here): a reprint now is refused with the reason.
        await pilot.press("f8")
        await until(pilot, lambda: any("출력되지 않아" in note for note in notifications(pilot.app)))
        with runtime.db.write() as session:
            session.execute(update(PrintJob).values(status="done"))
        await pilot.press("escape")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(pilot.app.screen, LookupScreen))
        await type_text(pilot, receipts[0])
        await pilot.press("enter")
        await until(pilot, lambda: bundle_on_screen(pilot.app, receipts[0]) and pilot.app.screen is not bundle)
        await pilot.press("f8")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmScreen")
        await pilot.press("y")
        await until(pilot, lambda: any("재발행" in note or "다시" in note for note in notifications(pilot.app)))
        await pilot.press("f3")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "PreviewScreen")
        await pilot.press("escape")
    with runtime.db.session() as session:
        reprints = session.exec(select(PrintJob).where(col(PrintJob.reprint_of).is_not(None))).all()
        assert len(reprints) == 1 and reprints[0].document == "receipt"
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "print.reprint")).one().clerk_username == "lee"


async def test_the_lookup_box_lists_by_name_or_registration_number_and_opens_one(office) -> None:
    from agency_filings import registration_no

    runtime, _boss, receipts = office
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(pilot.app.screen, LookupScreen))
        box = pilot.app.screen
        await type_text(pilot, "박영")  # the deceased of every example bundle: 박영수
        await pilot.press("enter")
        await until(pilot, lambda: len(box.found) == 3)
        table = box.query_one("#lookup-results")
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert cells[0] == receipts[2] and "박*수" in cells[3] and "20" in cells[4]  # newest first, masked
        box.query_one("#lookup_query", Input).value = ""
        box.query_one("#lookup_query", Input).focus()
        await type_text(pilot, "%")
        await pilot.press("enter")
        await until(pilot, lambda: box.found == ())
        box.query_one("#lookup_query", Input).value = ""
        await type_text(pilot, registration_no("400817", 1, "00001"))
        await pilot.press("enter")
        await until(pilot, lambda: len(box.found) == 1 and box.found[0].receipt_no == receipts[1])
        await pilot.press("enter")
        await until(pilot, lambda: bundle_on_screen(pilot.app, receipts[1]))
