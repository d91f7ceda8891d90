"""The clerk's printing screens by keys, with real printers: a loopback ESC/POS printer that answers
status queries as each test chooses, a directory printer, and the in-app spool."""

from __future__ import annotations

import threading
from collections.abc import Callable

from printing_helpers import (  # noqa: F401 - loopback_printers is the make_printer fixture
    OK_STATUS,
    PAPER_OUT_STATUS,
    FakeEscposPrinter,
    decode_raster,
    loopback_printers,
    read_codes,
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
from textual.widgets import DataTable, Input, Static
from ui_helpers import FIXED_NOW, make_app

from counter.office.runtime import Runtime
from counter.printing.print_queue import print_job_page
from counter.printing.signing import PayloadSigner, load_signing_key
from counter.store.db import Database
from models import AuditEvent, PrintJob
from screens.preview import PreviewScreen
from screens.printers import PrintersScreen
from screens.verify import VerifyScreen
from screens.wizard.confirm import ConfirmScreen

SIZE = (100, 30)


def jobs(db: Database) -> list[PrintJob]:
    with db.session() as session:
        return list(session.exec(select(PrintJob).order_by(col(PrintJob.created_at))).all())


def audit(db: Database, action: str) -> list[AuditEvent]:
    with db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def cell(screen: PrintersScreen, table_id: str, row: int, column: int) -> str:
    return str(screen.query_one(table_id, DataTable).get_row_at(row)[column])


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).content)


def printer_states(screen: PrintersScreen) -> dict[str, str]:
    table = screen.query_one("#printer-table", DataTable)
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[4]) for i in range(table.row_count)}


async def open_printers(pilot) -> PrintersScreen:  # type: ignore[no-untyped-def]
    await sign_in_beside_the_spool(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PrintersScreen)
    return screen


# -- the in-app spool -----------------------------------------------------------------------------
async def test_clerk_is_told_when_paper_runs_out_and_again_when_the_receipt_prints(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    runtime = with_printers(office_runtime, thermal("창구1", printer.address, role="both"))
    [(_bundle, receipt_no)] = file_bundles(runtime.db, 1)
    app = make_app(runtime)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any("용지가 떨어졌습니다" in note for note in notifications(app)))
        waiting = next(note for note in notifications(app) if "용지" in note)
        assert receipt_no in waiting and "창구1" in waiting and "새 용지를 넣어 주세요" in waiting
        assert all(job.status == "pending" for job in jobs(runtime.db))
        await until(pilot, lambda: jobs(runtime.db)[0].attempts >= 3)  # retried, and the clerk told once
        assert sum("대기 중입니다" in note for note in notifications(app)) == 1
        printer.status = dict(OK_STATUS)  # the clerk loads a new roll
        await until(pilot, lambda: any("출력을 마쳤습니다" in note for note in notifications(app)))
        await until(pilot, lambda: all(job.status == "done" for job in jobs(runtime.db)))
        spool = app.print_spool
    assert spool.stopping.is_set()  # the app's end stopped the unbounded spool
    assert read_codes(decode_raster(bytes(printer.received)))["CODE128"][0] == receipt_no
    assert len(audit(runtime.db, "print.failed")) == 1
    assert [event.clerk_username for event in audit(runtime.db, "print.done")] == ["print-spool"] * 2


async def test_no_printer_configured_means_no_spool_and_a_plain_explanation(office_runtime: Runtime) -> None:
    file_bundles(office_runtime.db, 1)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_printers(pilot)
        assert not app.print_spool.started
        assert "설정된 프린터가 없습니다" in text_of(screen, "#printer-advice")
        assert not screen.query_one("#printer-table").display
        assert "대기 2건" in text_of(screen, "#jobs-heading")


# -- printers and their status -------------------------------------------------------------------
async def test_each_printer_shows_its_live_status_and_what_to_do(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    healthy, empty = make_printer(), make_printer(status=dict(PAPER_OUT_STATUS))
    runtime = with_printers(office_runtime, thermal("창구1", healthy.address), thermal("창구2", empty.address),
                            folder("보관함"))
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_printers(pilot)
        assert printer_states(screen) == {"창구1": "준비됨", "창구2": "용지 없음", "보관함": "준비됨"}
        assert "창구2: 프린터 용지가 떨어졌습니다. 새 용지를 넣어 주세요." in text_of(screen, "#printer-advice")
        empty.status = dict(OK_STATUS)
        await pilot.press("f5")
        await settle(pilot)
        assert printer_states(screen)["창구2"] == "준비됨"
        assert not screen.query_one("#printer-advice").display


async def test_a_silent_printer_is_asked_in_the_background_while_the_clerk_keeps_working(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    silent_until = threading.Event()
    silent = make_printer(answer=False, hang_up=silent_until)
    # The timeout outlasts any slow machine: the printer, not a clock, ends the silence.
    runtime = with_printers(office_runtime, thermal("창구1", silent.address, timeout=60.0))
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()  # the bounded spool found nothing to print
        await pilot.press("f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrintersScreen)
        assert printer_states(screen) == {"창구1": "확인 중..."}
        await pilot.press("f9")  # the UI answers while the printer does not
        assert isinstance(app.screen, VerifyScreen)
        await pilot.press("escape")
        assert printer_states(screen) == {"창구1": "확인 중..."}
        silent_until.set()  # it hangs up without a status byte, as a printer switched off does
        await settle(pilot)
        assert printer_states(screen) == {"창구1": "오프라인"}
        assert "전원과 케이블을 확인한" in text_of(screen, "#printer-advice")


# -- jobs: waiting first, reasons, pages ----------------------------------------------------------
async def test_waiting_jobs_come_first_with_the_reason_and_what_to_do(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    empty, healthy = make_printer(status=dict(PAPER_OUT_STATUS)), make_printer()
    runtime = with_printers(office_runtime, thermal("창구1", empty.address), thermal("창구2", healthy.address, "notice"))
    file_bundles(runtime.db, 2)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrintersScreen)
        first = [cell(screen, "#job-table", 0, column) for column in range(5)]
        assert first == ["3220052-T1-261121-0001-K", "접수증", "대기", "1", "용지 없음"]
        assert [cell(screen, "#job-table", row, 2) for row in range(4)] == ["대기", "대기", "출력 완료", "출력 완료"]
        assert "새 용지를 넣어 주세요" in text_of(screen, "#job-detail")
        assert "대기 2건 · 전체 4건 · 1/1쪽" in text_of(screen, "#jobs-heading")
        await pilot.press("down", "down")
        assert "출력 완료(프린터: 창구2)" in text_of(screen, "#job-detail")


async def test_jobs_come_a_page_at_a_time(office_runtime: Runtime) -> None:
    file_bundles(office_runtime.db, 12)  # 24 jobs: three pages of ten
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_printers(pilot)
        table = screen.query_one("#job-table", DataTable)
        assert table.row_count == 10 and "1/3쪽" in text_of(screen, "#jobs-heading")
        first_page = {cell(screen, "#job-table", row, 0) for row in range(10)}
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.row_count == 10 and "2/3쪽" in text_of(screen, "#jobs-heading")
        assert not first_page & {cell(screen, "#job-table", row, 0) for row in range(10)} - {
            "3220052-T1-261121-0006-K"}  # a receipt and its notice may straddle two pages
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        assert table.row_count == 4 and "3/3쪽" in text_of(screen, "#jobs-heading")
        await pilot.press("pageup")
        await settle(pilot)
        assert "2/3쪽" in text_of(screen, "#jobs-heading")


def test_a_page_is_read_from_sql_waiting_oldest_first_then_newest_printed(db: Database) -> None:
    file_bundles(db, 3)
    with db.write() as session:
        for job in session.exec(select(PrintJob).where(PrintJob.document == "notice")).all():
            job.status = "done"
            session.add(job)
    first = print_job_page(db, page=0, page_size=4)
    assert [(row.receipt_no[-6:], row.document, row.waiting) for row in first.rows] == [
        ("0001-K", "receipt", True), ("0002-K", "receipt", True), ("0003-K", "receipt", True),
        ("0003-K", "notice", False)]
    last = print_job_page(db, page=7, page_size=4)  # past the end: the last page
    assert (last.page, last.page_count, last.total, last.waiting) == (1, 2, 6, 3)
    assert [(row.receipt_no[-6:], row.document) for row in last.rows] == [("0002-K", "notice"), ("0001-K", "notice")]
    assert last.rows[0].created_at.tzinfo is not None


# -- print now, preview, reprint, verify -----------------------------------------------------------
async def test_print_now_prints_the_waiting_receipt_once_the_paper_is_back(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    runtime = with_printers(office_runtime, thermal("창구1", printer.address, role="both"))
    [(_bundle, receipt_no)] = file_bundles(runtime.db, 1)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()
        await pilot.press("f6")
        await settle(pilot)
        printer.status = dict(OK_STATUS)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrintersScreen)
        assert "2건을 출력했습니다. 아직 대기 중인 작업: 0건." in notifications(app)
        assert "대기 0건" in text_of(screen, "#jobs-heading")
        assert printer_states(screen) == {"창구1": "준비됨"}
    assert read_codes(decode_raster(bytes(printer.received)))["CODE128"][0] == receipt_no
    assert {event.clerk_username for event in audit(runtime.db, "print.done")} == {"lee"}


async def test_preview_shows_the_receipt_and_tab_switches_to_the_notice(office_runtime: Runtime) -> None:
    [(_bundle, receipt_no)] = file_bundles(office_runtime.db, 1)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await open_printers(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PreviewScreen)
        receipt = text_of(app.screen, "#preview-text")
        assert "출생신고 접수증" in receipt and receipt_no in receipt
        assert "260301-4******" in receipt and "[바코드]" in receipt
        assert "접수증 미리보기" in text_of(app.screen, "#preview-title")
        await pilot.press("tab")
        await settle(pilot)
        assert "행복출산 원스톱서비스 안내" in text_of(app.screen, "#preview-text")
        assert "안내문 미리보기" in text_of(app.screen, "#preview-title")
        app.switch_language("en")
        await settle(pilot)
        assert "Preview of the Notice" in text_of(app.screen, "#preview-title")
        await pilot.press("escape")
        assert isinstance(app.screen, PrintersScreen)
        assert "Print jobs: 2 waiting" in text_of(app.screen, "#jobs-heading")


async def test_reprint_queues_a_new_job_marked_reprint_and_audits_it(
    office_runtime: Runtime, make_printer: Callable[..., FakeEscposPrinter]
) -> None:
    runtime = with_printers(office_runtime, thermal("창구1", make_printer().address, role="both"))
    [(bundle_id, receipt_no)] = file_bundles(runtime.db, 1)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        await app.workers.wait_for_complete()  # both papers printed
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrintersScreen)
        receipt_row = next(i for i in range(2) if cell(screen, "#job-table", i, 1) == "접수증")
        screen.query_one("#job-table", DataTable).move_cursor(row=receipt_row)
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # the clerk changes their mind: nothing is queued
        await settle(pilot)
        assert len(jobs(runtime.db)) == 2 and "대기 0건" in text_of(screen, "#jobs-heading")
        await pilot.press("f8")
        await pilot.press("y")  # only y says yes
        await settle(pilot)
        assert [cell(screen, "#job-table", 0, column) for column in (0, 1, 2)] == [receipt_no, "접수증(재발행)", "대기"]
    original = next(job for job in jobs(runtime.db) if job.document == "receipt" and job.reprint_of is None)
    reprint = next(job for job in jobs(runtime.db) if job.reprint_of is not None)
    assert (reprint.bundle_id, reprint.document, reprint.reprint_of) == (bundle_id, "receipt", original.id)
    [event] = audit(runtime.db, "print.reprint")
    assert event.clerk_username == "lee" and event.details["receipt_no"] == receipt_no


async def test_qr_check_from_the_command_palette_proves_a_signed_code_and_rejects_a_changed_byte(office_runtime: Runtime) -> None:
    signer = PayloadSigner(load_signing_key(office_runtime.settings.keys_directory(), create=True),
                           office_runtime.settings.verify_base_url)
    payload = signer.sign("3650052-T1-261121-0001-K", "3650052", "notice-birth", FIXED_NOW)  # the office's own code
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_beside_the_spool(pilot)
        home = app.screen
        command = next(c for c in app.get_system_commands(home) if c.title == "QR 코드 진위 확인")  # Ctrl+P
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, VerifyScreen)
        app.screen.query_one("#payload", Input).value = payload
        await pilot.press("enter")
        await settle(pilot)
        result = app.screen.query_one("#verify-result", Static)
        assert "3650052-T1-261121-0001-K" in str(result.content) and result.has_class("-valid")
        forged = payload[:-60] + ("A" if payload[-60] != "A" else "B") + payload[-59:]
        app.screen.query_one("#payload", Input).value = forged
        await pilot.press("enter")
        await settle(pilot)
        assert result.has_class("-invalid") and "서명 후 내용이 바뀌었습니다" in str(result.content)
        await pilot.press("f2")  # ready for the next code
        assert app.screen.query_one("#payload", Input).value == "" and not result.display
        await pilot.press("escape")
        assert app.screen is home
