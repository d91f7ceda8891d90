"""How the printers screen and the preview look at 100x30, in Korean.

The receipt printer's address is 127.0.0.1:9 (the discard port, closed on test machines), so it
refuses at once and its jobs wait with a fixed reason; notices print to the data directory.
Review every accepted SVG (snapshot_report.html): Hangul aligned, nothing cut, footer fits.
"""

from __future__ import annotations

from printing_ui_helpers import (
    file_bundles,
    folder,
    sign_in_beside_the_spool,
    thermal,
    until,
    with_printers,
)
from ui_helpers import make_app

from counter.office.runtime import Runtime
from screens.preview import PreviewScreen
from screens.printers import PrintersScreen

SIZE = (100, 30)


def _counter_with_waiting_receipts(office_runtime: Runtime):  # type: ignore[no-untyped-def]
    runtime = with_printers(office_runtime, thermal("창구1", "127.0.0.1:9"), folder("보관함"))
    file_bundles(runtime.db, 2)
    app = make_app(runtime)
    app.print_spool.max_cycles = 1
    return app


async def _printers_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await sign_in_beside_the_spool(pilot)
    await until(pilot, lambda: app.print_spool.started)
    await app.workers.wait_for_complete()  # one spool pass: receipts wait, notices print
    await pilot.press("f6")
    # On a loaded machine the screen may mount after the key returns: wait for what it shows, not
    # for workers that may not have started yet.
    await until(pilot, lambda: isinstance(app.screen, PrintersScreen) and app.screen.jobs is not None
                and None not in app.screen.statuses.values() and bool(app.screen.statuses), timeout=60)
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


def test_printers_screen_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    app = _counter_with_waiting_receipts(office_runtime)
    assert snap_compare(app, terminal_size=SIZE, run_before=_printers_screen)


def test_receipt_preview_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def preview(pilot) -> None:  # type: ignore[no-untyped-def]
        await _printers_screen(pilot)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PreviewScreen)

    app = _counter_with_waiting_receipts(office_runtime)
    assert snap_compare(app, terminal_size=SIZE, run_before=preview)
