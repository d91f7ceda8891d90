"""The dispatcher and the message sender inside the app: one thread worker sends the due requests to
their agencies (`counter.agencies.dispatch`) and the due text messages to the gateway
(`counter.agencies.outbox`) every `dispatch_interval_seconds`, or at once when a clerk asks (retry now).

It runs only on a counter whose settings name agencies or a message gateway; several counters and the
`counter dispatch` service may run at once against one database (the queue's claims keep them apart).
Open screens receive `AgencyWorkReported` with the progress of a round and its end."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

from counter.base.clock import korea_now
from counter.office.runtime import Runtime

if TYPE_CHECKING:  # the dispatcher loads the database layer: only once the runtime is open
    from counter.agencies.dispatch import DispatchReport

log = logging.getLogger("counter.agencies.dispatch")


QUIET_TELL_SECONDS = 5.0
"""How often a worker whose rounds find nothing to send says so (the screen's "last round" time)."""
FIGURES = ("sent", "retry", "failed", "rejected", "messages")


@dataclass
class AgencyWorkStatus:
    """What the in-app worker is doing, or did, for the worklist's status line."""

    running: bool = False
    at: datetime | None = None
    """When the last round ended (Korean time)."""
    finished: dict[str, int] = field(default_factory=dict)
    """`FIGURES` of the rounds that ended since the app started."""
    current: dict[str, int] = field(default_factory=dict)
    """`FIGURES` of the round under way so far."""
    unrouted: int = 0
    """Due requests no channel serves, at the end of the last round."""
    error: str | None = None
    """Why the last round stopped early (a type of error: no personal data)."""
    rounds: int = 0

    def figure(self, name: str) -> int:
        """One of `FIGURES` since the app started, the round under way included."""
        return self.finished.get(name, 0) + self.current.get(name, 0)

    def end_round(self, at: datetime) -> None:
        """Add the round's figures to the finished ones."""
        for name, value in self.current.items():
            self.finished[name] = self.finished.get(name, 0) + value
        self.current, self.running, self.at = {}, False, at
        self.rounds += 1


class AgencyWorkReported(Message, bubble=False):
    """The worker's status changed (a batch sent, a round ended): posted to the app, which passes it to every
    screen on the stack (`CounterApp.on_agency_work_reported`)."""

    def __init__(self, status: AgencyWorkStatus) -> None:
        super().__init__()
        self.status = status


class AgencyWorker:
    """Runs the dispatcher and the message sender in one thread worker until `stop()` (the app ending)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.started = False
        self.status = AgencyWorkStatus()
        self._told_at = 0.0

    @staticmethod
    def wanted(runtime: Runtime) -> bool:
        """Whether this counter sends anything: agencies or a message gateway in its settings."""
        return bool(runtime.settings.agencies) or runtime.settings.message_gateway is not None

    def start(self, runtime: Runtime) -> None:
        """Start sending in the background, once, if this counter has somewhere to send."""
        if self.started or self.stopping.is_set() or not self.wanted(runtime):
            return
        self.started = True
        self.app.run_worker(lambda: self._run(runtime), thread=True, group="agencies", name="agency-worker",
                            exit_on_error=False)

    def send_now(self) -> None:
        """Start the next round at once (after a clerk's retry)."""
        self.wake.set()

    def stop(self) -> None:
        """Ask the worker to finish (it stops after the batch it is sending)."""
        self.stopping.set()
        self.wake.set()

    def _run(self, runtime: Runtime) -> None:
        from counter.agencies.dispatch import Dispatcher
        from counter.agencies.outbox import MessageSender
        from counter.work.service import keep_running

        dispatcher = Dispatcher(runtime) if runtime.settings.agencies else None
        sender = MessageSender(runtime) if runtime.settings.message_gateway is not None else None

        def one_round() -> None:
            self.status.running, self.status.error = True, None
            try:
                if dispatcher is not None:
                    report = dispatcher.run_once(progress=self._progress, stop=self.stopping)
                    self._progress(report, tell=False)
                    self.status.unrouted = report.unrouted
                    if report.sent or report.failed or report.rejected:
                        log.info("in-app dispatch: %s", report.as_dict())
                if sender is not None:
                    self.status.current["messages"] = sender.run_once(stop=self.stopping).sent
            except Exception as error:
                self.status.error = type(error).__name__
                raise
            finally:
                news = any(self.status.current.values()) or self.status.error is not None
                self.status.end_round(korea_now())
                if news or time.monotonic() - self._told_at >= QUIET_TELL_SECONDS:
                    self._tell()  # a round that did nothing is told now and then (the time on screen), not each time

        keep_running(one_round, self.stopping, runtime.settings.dispatch_interval_seconds, log, wake=self.wake)

    def _progress(self, report: DispatchReport, *, tell: bool = True) -> None:
        """In the worker thread: the round's figures so far (a report counts from its round's start)."""
        self.status.current.update(sent=report.sent, retry=report.retry, failed=report.failed,
                                   rejected=report.rejected)
        if tell and report.sent + report.retry + report.failed + report.rejected:
            self._tell()

    def _tell(self) -> None:
        """Let the app know (it passes the news to the open screens). A posted message, never a wait for the
        app: a round that ends while the app is closing must not block on a loop that no longer answers."""
        if not self.stopping.is_set():
            self._told_at = time.monotonic()
            self.app.post_message(AgencyWorkReported(self.status))  # thread-safe
