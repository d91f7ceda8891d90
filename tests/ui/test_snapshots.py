"""How the set-up, sign-in and home screens look at 100x30, in Korean.

Review every accepted SVG (snapshot_report.html): Hangul aligned, nothing cut.
"""

from __future__ import annotations

from textual.widgets import Input
from ui_helpers import make_app, sign_in

from counter.office.runtime import Runtime

SIZE = (100, 30)


async def _steady(pilot) -> None:  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_setup_screen_in_korean(snap_compare, ui_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(ui_runtime), terminal_size=SIZE, run_before=_steady)


def test_login_screen_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_steady)


def test_home_screen_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def signed_in(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await sign_in(pilot)
        await _steady(pilot)

    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=signed_in)
