"""Run a blocking service call in a thread worker and hand its result back to the UI thread.

Domain errors appear beside their field; anything unexpected is logged and shown as a short
message. A traceback never reaches the clerk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen
from textual.worker import Worker

from counter.cli.context import log_crash
from counter.errors import CounterError
from counter.i18n import _
from screens.forms import show_error

T = TypeVar("T")


def run_service(
    screen: Screen,
    call: Callable[[], T],
    on_done: Callable[[T], object],
    *,
    error_field: str | None = None,
    on_error: Callable[[CounterError], object] | None = None,
    group: str = "service",
) -> Worker[None]:
    """Run `call()` off the UI thread; then `on_done(result)` or show the error on `screen`."""
    app = screen.app

    def job() -> None:
        try:
            result = call()
        except CounterError as exc:
            app.call_from_thread(on_error or (lambda e: show_error(screen, e, error_field)), exc)
            return
        except Exception:  # noqa: BLE001 - the clerk gets a message, the log gets the traceback
            where = log_crash()
            app.call_from_thread(
                screen.notify, _("Internal error; details were written to {path}").format(path=where),
                severity="error", timeout=15,
            )
            return
        app.call_from_thread(on_done, result)

    return screen.run_worker(job, thread=True, exclusive=True, group=group, exit_on_error=False)
