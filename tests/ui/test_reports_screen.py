"""Reports (F7) by keys: today's report for the office with its handover, a day back and forward, the
shifts, and the A4 PDF saved to print."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from printing_ui_helpers import notifications, until
from textual.widgets import Static
from ui_helpers import PASSWORD, type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agencies"))  # the agency tests' filings
from agency_filings import file_deaths

from counter.base.clock import korea_now
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from counter.reports.daily import build_daily_report
from screens.app import CounterApp
from screens.reports import ReportsScreen

SIZE = (100, 40)


def shown(screen: ReportsScreen, selector: str = "#report-text") -> str:
    return str(screen.query_one(selector, Static).content)


async def test_the_report_of_today_a_day_back_the_shifts_and_a_pdf(ui_runtime: Runtime, counter_home: Path) -> None:
    ui_runtime.keyring(create=True)
    boss = setup_office(ui_runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(ui_runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    receipts = file_deaths(ui_runtime, boss, 2)
    today = korea_now().date()
    expected = build_daily_report(ui_runtime.db, today, office_code="3650052")
    assert expected.bundles["death"] == 2 and expected.requests["total"] == 40
    app = CounterApp(ui_runtime.settings, runtime=ui_runtime, clock=korea_now)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "lee")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", timeout=30)
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.text is not None, timeout=30)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        text = shown(screen)
        assert today.isoformat() in shown(screen, "#report-heading") and "하루 전체" in shown(screen, "#report-heading")
        assert "사망신고" in text and all(receipt in text for receipt in receipts)  # unprinted: in the handover
        lines = [line for line in text.splitlines() if line.startswith("사망신고")]
        assert lines and lines[0].split()[-1].rstrip("건") == "2"
        await pilot.press("f2")
        await until(pilot, lambda: screen.text is not None)
        assert (today - timedelta(days=1)).isoformat() in shown(screen, "#report-heading")
        lines = [line for line in shown(screen).splitlines() if line.startswith("사망신고")]
        assert lines and lines[0].split()[-1].rstrip("건") == "0"
        await pilot.press("f3", "f4")
        await until(pilot, lambda: screen.text is not None and "주간" in shown(screen, "#report-heading"))
        await pilot.press("f4")
        await until(pilot, lambda: screen.text is not None and "야간" in shown(screen, "#report-heading"))
        await pilot.press("f4", "f8")
        await until(pilot, lambda: any("저장했습니다" in note for note in notifications(app)), timeout=30)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    (pdf,) = counter_home.rglob("report-3650052-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "사망신고" in words and receipts[0] in words
