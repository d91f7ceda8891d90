"""CUPS queue state read whatever the locale: a paused queue holds the job here, saying so, and a
job counts as printed only with the job id CUPS gave it (a real cupsd with its own cups-pdf queue)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from printing_helpers import file_bundle
from sqlmodel import select

from counter.base.config import PrinterSettings, Settings
from counter.printing.print_queue import check_printer
from counter.printing.spool import run_spool
from counter.store.db import Database
from models import AuditEvent, PrintJob
from printers.fonts import BUNDLED_REGULAR

SETUP = Path(__file__).with_name("cups_setup.sh")
QUEUE = "CounterPaused"  # its own queue: pausing it never disturbs the other CUPS tests


def cups(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, "LC_ALL": "C"})


@pytest.fixture
def paused_queue() -> Iterator[str]:
    """A cups-pdf queue, created for the test and paused (`cupsdisable`) with a reason."""
    if shutil.which("cupsd") is None or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        pytest.skip("CUPS with cups-pdf is not installed (apt-get install -y cups printer-driver-cups-pdf)")
    if os.geteuid() != 0 and cups("lpstat", "-r").returncode != 0:
        pytest.skip("cupsd is not running and only root can start it here")
    result = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "COUNTER_TEST_CUPS_QUEUE": QUEUE})
    if result.returncode != 0:
        pytest.skip(f"cupsd cannot run here: {result.stderr.strip() or result.stdout.strip()}")
    cups("cancel", "-a", QUEUE)
    assert cups("cupsdisable", "-r", "Wartung", QUEUE).returncode == 0
    try:
        yield QUEUE
    finally:
        cups("cancel", "-a", QUEUE)
        cups("cupsenable", QUEUE)


def german(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith(("LC_", "LANG"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


def held_by_cups(queue: str) -> list[str]:
    return cups("lpstat", "-o", queue).stdout.splitlines()


def job_rows(db: Database) -> list[PrintJob]:
    with db.session() as session:
        return list(session.exec(select(PrintJob)).all())


def settings_with(database_url: str, tmp_path: Path, queue: str) -> Settings:
    office = PrinterSettings(name="민원실 A4", kind="cups", address=queue, role="both")
    return Settings(database_url=database_url, device="T1", keys_dir=tmp_path / "keys", font_path=BUNDLED_REGULAR,
                    printers=[office], spool_interval_seconds=0.05)


def test_a_paused_queue_under_a_german_locale_keeps_the_jobs_waiting_and_says_it_is_paused(
    paused_queue: str, db: Database, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    german(monkeypatch)
    assert "deaktiviert" in subprocess.run(["lpstat", "-p", paused_queue], capture_output=True, text=True,
                                           check=False).stdout  # what the spool used to read
    settings = settings_with(database_url, tmp_path, paused_queue)
    _bundle, receipt_id, notice_id = file_bundle(db)
    outcomes = run_spool(db, settings, once=True)
    assert [(o.job_id, o.status, o.reason) for o in outcomes] == [(receipt_id, "pending", "queue-paused")]
    assert all(job.status == "pending" for job in job_rows(db))
    assert held_by_cups(paused_queue) == []  # nothing was handed to CUPS to sit in a paused queue
    status = check_printer(settings.printers[0])
    assert (status.ready, status.reason) == (False, "queue-paused")
    assert "일시 중지" in status.message and "Wartung" in status.detail
    cups("cupsenable", paused_queue)  # the administrator resumes the queue
    outcomes = run_spool(db, settings, once=True)
    assert {o.job_id: o.status for o in outcomes} == {receipt_id: "done", notice_id: "done"}
    assert all(job.status == "done" for job in job_rows(db))


def test_a_job_sent_under_a_german_locale_is_recorded_with_the_job_id_cups_gave_it(
    paused_queue: str, db: Database, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cups("cupsenable", paused_queue)
    german(monkeypatch)
    settings = settings_with(database_url, tmp_path, paused_queue)
    file_bundle(db)
    run_spool(db, settings, once=True)
    with db.session() as session:
        notes = [event.details["note"] for event in session.exec(select(AuditEvent).where(AuditEvent.action == "print.done"))]
    assert len(notes) == 2 and all(note.startswith(f"CUPS 작업 {paused_queue}-") for note in notes)
