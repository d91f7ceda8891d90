"""Helpers for the printing screens' tests: a runtime with printers, filed bundles at fixed times,
and waiting for the app without waiting for the in-app spool (which may run on purpose)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from printing_helpers import file_bundle
from sqlalchemy import update
from sqlmodel import col
from textual.widgets import Input
from ui_helpers import PASSWORD

from counter.base.config import PrinterSettings
from counter.office.runtime import Runtime
from counter.store.db import Database
from models import Bundle, PrintJob
from printers.fonts import BUNDLED_REGULAR

FILED_AT = datetime(2026, 11, 21, 1, 5, tzinfo=UTC)  # 10:05 KST, before the app's fixed clock


def with_printers(runtime: Runtime, *printers: PrinterSettings, interval: float = 0.05) -> Runtime:
    """The same office and database, with these printers, the bundled font and a fast spool."""
    settings = runtime.settings.model_copy(update={
        "printers": list(printers), "font_path": BUNDLED_REGULAR, "spool_interval_seconds": interval})
    return Runtime(settings=settings, db=runtime.db, device=runtime.device)


def file_bundles(db: Database, count: int, *, at: datetime = FILED_AT) -> list[tuple[uuid.UUID, str]]:
    """`count` filed birth bundles (a receipt and a notice job each), one a minute from `at`; the
    notice is queued a second after its receipt."""
    filed = []
    for number in range(1, count + 1):
        receipt_no = f"3220052-T1-261121-{number:04d}-K"
        bundle_id, receipt_job, notice_job = file_bundle(db, receipt_no=receipt_no)
        moment = at + timedelta(minutes=number - 1)
        with db.write() as session:
            session.execute(update(Bundle).where(col(Bundle.id) == bundle_id).values(filed_at=moment))
            session.execute(update(PrintJob).where(col(PrintJob.id) == receipt_job).values(created_at=moment))
            session.execute(update(PrintJob).where(col(PrintJob.id) == notice_job)
                            .values(created_at=moment + timedelta(seconds=1)))
        filed.append((bundle_id, receipt_no))
    return filed


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for every worker but the spool, then for the screen to update."""
    app = pilot.app
    await app.workers.wait_for_complete([worker for worker in app.workers if worker.group != "spool"])
    await pilot.pause()


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (fails the test after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.05)


async def sign_in_beside_the_spool(pilot, username: str = "lee") -> None:  # type: ignore[no-untyped-def]
    """Sign in (fields filled as a paste would, then Ctrl+S) without waiting for the spool to end."""
    await pilot.pause()
    pilot.app.screen.query_one("#username", Input).value = username
    pilot.app.screen.query_one("#password", Input).value = PASSWORD
    await pilot.press("ctrl+s")
    await settle(pilot)


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of the notifications on screen now."""
    return [note.message for note in app._notifications]


def thermal(name: str, address: str, role: str = "receipt", timeout: float = 2.0) -> PrinterSettings:
    """An ESC/POS network printer entry."""
    return PrinterSettings(name=name, kind="escpos-network", address=address, role=role,  # type: ignore[arg-type]
                           timeout_seconds=timeout)


def folder(name: str = "보관함", role: str = "notice", address: str = "") -> PrinterSettings:
    """A directory printer entry (empty address: `printed/` in the data directory)."""
    return PrinterSettings(name=name, kind="directory", address=address, role=role)  # type: ignore[arg-type]
