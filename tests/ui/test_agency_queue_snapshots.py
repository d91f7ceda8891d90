"""How the agency queue and its dialogs look at 100x30, in Korean (review every accepted SVG: Hangul
aligned, nothing cut, the footer fits). One death bundle's 20 requests, filed at fixed moments."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from printing_ui_helpers import until
from sqlalchemy import update
from sqlmodel import col, select
from textual.widgets import Input
from ui_helpers import PASSWORD, make_app, type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agencies"))  # the agency tests' filings
from agency_filings import file_deaths

from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from models import LinkedRequest
from screens.worklist import AgencyQueueScreen

SIZE = (100, 30)
FILED_AT = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)


def _office_with_requests(ui_runtime: Runtime):  # type: ignore[no-untyped-def]
    ui_runtime.keyring(create=True)
    boss = setup_office(ui_runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(ui_runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    file_deaths(ui_runtime, boss, 1)
    with ui_runtime.db.write() as session:
        ids = session.exec(select(LinkedRequest.id).order_by(col(LinkedRequest.created_at), col(LinkedRequest.id))).all()
        for number, request_id in enumerate(ids):
            session.execute(update(LinkedRequest).where(LinkedRequest.id == request_id)  # type: ignore[arg-type]
                            .values(created_at=FILED_AT + timedelta(seconds=number), next_attempt_at=FILED_AT))
    return make_app(ui_runtime)


async def _queue(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await type_text(pilot, "lee")
    await pilot.press("enter")
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", timeout=30)
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(app.screen, AgencyQueueScreen) and app.screen.page is not None
                and app.screen.counts is not None, timeout=30)
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_agency_queue_in_korean(snap_compare, ui_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_office_with_requests(ui_runtime), terminal_size=SIZE, run_before=_queue)


def test_cancel_dialog_in_korean(snap_compare, ui_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def cancel(pilot) -> None:  # type: ignore[no-untyped-def]
        await _queue(pilot)
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("enter")  # no reason: said beside the field
        await pilot.app.workers.wait_for_complete()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False  # the cursor drawn steadily, whenever the picture is taken
        await pilot.pause()

    assert snap_compare(_office_with_requests(ui_runtime), terminal_size=SIZE, run_before=cancel)


def test_status_choice_in_korean(snap_compare, ui_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def choice(pilot) -> None:  # type: ignore[no-untyped-def]
        await _queue(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(_office_with_requests(ui_runtime), terminal_size=SIZE, run_before=choice)
