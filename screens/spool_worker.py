"""The print spool inside the app: a thread worker prints pending jobs while the app runs and tells
the clerk, in a notification, when a job has to wait (and why, and what to do) and when it printed
after waiting. Open screens receive a `PrintSpoolReported` message to refresh their lists."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

from counter.base.i18n import _
from counter.base.session import Actor
from counter.office.runtime import Runtime

if TYPE_CHECKING:  # the spool loads the database layer: only once the runtime is open
    from counter.printing.spool import SpoolOutcome

log = logging.getLogger("counter.printing.spool")


class PrintSpoolReported(Message):
    """A spool outcome, posted to every screen on the stack (the printers screen refreshes)."""

    def __init__(self, outcome: SpoolOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class PrintSpoolWorker:
    """Runs `counter.printing.spool.run_spool` in one thread worker until `stop()` (called when the app ends)."""

    def __init__(self, app: App[Any], *, max_cycles: int | None = None) -> None:
        self.app = app
        self.max_cycles = max_cycles  # tests bound the worker; the app runs it until it ends
        self.stopping = threading.Event()
        self.started = False
        self._runtime: Runtime | None = None
        self._waiting: dict[uuid.UUID, str] = {}  # job -> reason last told to the clerk (spool thread only)

    def start(self, runtime: Runtime) -> None:
        """Start printing in the background, once, if this counter has printers."""
        if self.started or not runtime.settings.printers or self.stopping.is_set():
            return
        self.started = True
        self._runtime = runtime
        self.app.run_worker(lambda: self._run(runtime), thread=True, group="spool", name="print-spool",
                            exit_on_error=False)

    def stop(self) -> None:
        """Ask the worker to finish (it stops within one spool interval or one print)."""
        self.stopping.set()

    def _run(self, runtime: Runtime) -> None:
        from counter.printing.spool import Spooler, run_spool

        actor = Actor(None, "print-spool", None, runtime.device)
        spooler = Spooler(runtime.db, runtime.settings, actor=actor)
        try:
            run_spool(runtime.db, runtime.settings, stop=self.stopping, max_cycles=self.max_cycles, spooler=spooler,
                      on_outcome=self._reported)
        except Exception:  # the app keeps working; `counter print-spool` can take over
            log.exception("the in-app print spool stopped")
            self._tell(self._notify, _("The print spool stopped; restart Counter to print again."), "", "error")

    def _reported(self, outcome: SpoolOutcome) -> None:
        """In the spool thread: decide what the clerk must hear, then hand it to the UI thread."""
        told = self._waiting.get(outcome.job_id)
        message = ""
        if outcome.status == "pending" and told != outcome.reason:
            self._waiting[outcome.job_id] = outcome.reason or ""
            message = self._waiting_message(outcome)
        elif outcome.status == "done" and told is not None:
            del self._waiting[outcome.job_id]
            message = self._printed_message(outcome)
        self._tell(self._deliver, outcome, message)

    def _label(self, job_id: uuid.UUID) -> tuple[str, str]:
        from counter.printing.print_queue import document_label, job_receipts

        assert self._runtime is not None
        receipt_no, document = job_receipts(self._runtime.db, [job_id]).get(job_id, ("-", ""))
        return receipt_no, document_label(document)

    def _waiting_message(self, outcome: SpoolOutcome) -> str:
        from printers.errors import reason_message

        receipt_no, document = self._label(outcome.job_id)
        first = _("The {document} for receipt {receipt} is waiting to print (printer {printer}).").format(
            document=document, receipt=receipt_no, printer=outcome.printer or "-")
        return f"{first}\n{reason_message(outcome.reason)}"

    def _printed_message(self, outcome: SpoolOutcome) -> str:
        receipt_no, document = self._label(outcome.job_id)
        return _("The {document} for receipt {receipt} has printed on {printer}.").format(
            document=document, receipt=receipt_no, printer=outcome.printer or "-")

    def _tell(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` on the UI thread (skipped once the app is closing)."""
        if self.stopping.is_set():
            return
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app closed meanwhile
            self.stopping.set()

    def _deliver(self, outcome: SpoolOutcome, message: str) -> None:
        """On the UI thread: notify (if there is news) and let open screens refresh."""
        if message:
            if outcome.status == "done":
                self._notify(message, _("Printed"), "information")
            else:
                self._notify(message, _("Print job waiting"), "warning")
        for screen in self.app.screen_stack:
            screen.post_message(PrintSpoolReported(outcome))

    def _notify(self, message: str, title: str, severity: str) -> None:
        self.app.notify(message, title=title, severity=severity, timeout=20 if severity != "information" else 8)  # type: ignore[arg-type]
