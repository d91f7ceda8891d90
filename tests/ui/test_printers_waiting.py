"""Why a print job waits, told everywhere the clerk looks: with no printer at all, behind a failed job,
on the home screen; a reprint of a waiting job is explained, not silently ignored; tries are counted."""

from __future__ import annotations

from collections.abc import Callable

from printing_helpers import (  # noqa: F401 - loopback_printers is the make_printer fixture
    PAPER_OUT_STATUS,
    FakeEscposPrinter,
    loopback_printers,
)
from printing_ui_helpers import (
    file_bundles,
    folder,
    notifications,
    settle,
    sign_in_beside_the_spool,
    thermal,
    until,
    with_printers,
)
from sqlmodel import col, select
from textual.widgets import DataTable, Static
from ui_helpers import make_app

from counter.office.runtime import Runtime
from counter.store.db import Database
from models import PrintJob
from screens.home import HomeScreen
from screens.printers import PrintersScreen
from screens.wizard.confirm import ConfirmScreen

SIZE = (100, 30)


def jobs(db: Database) -> list[PrintJob]:
    with db.session() as session:
        return list(session.exec(select(PrintJob).order_by(col(PrintJob.created_at))).all())


def cell(screen: PrintersScreen, row: int, column: int) -> str:
    return str(screen.query_one("#job-table", DataTable).get_row_at(row)[column])


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).content)


def home_line(app) -> str:  # type: ignore[no-untyped-def]
    home = next(screen for screen in app.screen_stack if isinstance(screen, HomeScreen))
    line = home.query_one("#home-print-status", Static)
    return str(line.content) if line.display else ""


async def open_printers(pilot) -> PrintersScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PrintersScreen)
    return screen


# -- no printer at all ---------------------------------------------------------------------------
async def test_with_no_printer_the_home_screen_counts_the_stuck_jobs_and_says_why(office_runtime: Runtime) -> None:
    file_bundles(office_runtime.db, 2)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await until(pilot, lambda: home_line(app) != "")
        assert home_line(app) == "인쇄 대기 4건 — 프린터가 설정되지 않았습니다 (F6)"


async def test_with_no_printer_the_job_detail_says_none_is_set_up_and_how_to_add_one(office_runtime: Runtime) -> None:
    file_bundles(office_runtime.db, 1)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        screen = await open_printers(pilot)
        detail = text_of(screen, "#job-detail")
        assert "접수증을(를) 출력할 프린터가 설정되어 있지 않아" in detail and "프린터 항목 추가" in detail
        assert "준비되면" not in detail  # no promise of a printer that does not exist
        assert cell(screen, 0, 4) == "프린터 없음"


async def test_reprint_of_a_waiting_job_with_no_printer_says_why_and_what_to_do(office_runtime: Runtime) -> None:
    file_bundles(office_runtime.db, 1)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        screen = await open_printers(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.screen, ConfirmScreen)
        [told] = [note for note in notifications(app) if "재발행할 것이 없습니다" in note]
        assert "3220052-T1-261121-0001-K" in told and "프린터가 설정되어 있지 않아" in told
        assert "시스템 관리자에게" in told
    assert len(jobs(office_runtime.db)) == 2  # nothing queued twice


async def test_reprint_of_a_job_waiting_for_its_printer_points_to_print_now(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    empty = make_printer(status=dict(PAPER_OUT_STATUS))
    runtime = with_printers(office_runtime, thermal("창구1", empty.address, role="both"))
    file_bundles(runtime.db, 1)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()
        screen = await open_printers(pilot)
        await pilot.press("f8")
        await settle(pilot)
        [told] = [note for note in notifications(app) if "재발행할 것이 없습니다" in note]
        assert "창구1 프린터가 준비되면 자동으로 출력됩니다" in told and "F7" in told
        assert app.screen is screen
    assert len(jobs(runtime.db)) == 2


# -- a printer that failed -----------------------------------------------------------------------
async def test_every_job_behind_a_failed_one_says_why_it_waits_on_the_screen_and_at_home(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    empty = make_printer(status=dict(PAPER_OUT_STATUS))
    runtime = with_printers(office_runtime, thermal("창구1", empty.address, role="both"))
    file_bundles(runtime.db, 2)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()
        await until(pilot, lambda: home_line(app) == "인쇄 대기 4건 — 용지 없음 (F6)")
        screen = await open_printers(pilot)
        assert [cell(screen, row, 4) for row in range(4)] == ["용지 없음"] * 4
        assert [cell(screen, row, 3) for row in range(4)] == ["1", "0", "0", "0"]
        for _row in range(1, 4):
            await pilot.press("down")
            detail = text_of(screen, "#job-detail")
            assert "앞선 작업이 프린터 오류로 대기 중: 용지 없음 (프린터 창구1)" in detail
            assert "새 용지를 넣어 주세요" in detail
    assert [job.attempts for job in jobs(runtime.db)] == [1, 0, 0, 0]


# -- tries ---------------------------------------------------------------------------------------
async def test_a_reprint_that_printed_shows_the_try_that_printed_it(office_runtime: Runtime) -> None:
    runtime = with_printers(office_runtime, folder("보관함", role="both"))
    file_bundles(runtime.db, 1)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()  # both papers printed
        screen = await open_printers(pilot)
        receipt_row = next(row for row in range(2) if cell(screen, row, 1) == "접수증")
        screen.query_one("#job-table", DataTable).move_cursor(row=receipt_row)
        await pilot.press("f8", "y")
        await settle(pilot)
        await pilot.press("f7")  # print now
        await until(pilot, lambda: any("1건을 출력했습니다" in note for note in notifications(app)))
        await settle(pilot)
        assert [cell(screen, 0, column) for column in (1, 2, 3)] == ["접수증(재발행)", "출력 완료", "1"]
        assert home_line(app) == ""
    assert [job.attempts for job in jobs(runtime.db)] == [1, 1, 1]
