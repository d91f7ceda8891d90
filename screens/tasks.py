"""Run a blocking service call in a thread worker and hand its result back to the UI thread.

Domain errors appear beside their field; anything unexpected is logged and shown as a short
message. A traceback never reaches the clerk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen
from textual.worker import Worker

from counter.base.errors import CounterError
from screens.crash import report_crash
from screens.forms import show_error

T = TypeVar("T")


def run_service(
    screen: Screen[Any],
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
        except Exception as error:  # noqa: BLE001 - the one place unexpected errors end (screens.crash)
            app.call_from_thread(report_crash, app, error, f"service {group} on {type(screen).__name__}")
            return
        app.call_from_thread(on_done, result)

    return screen.run_worker(job, thread=True, exclusive=True, group=group, exit_on_error=False)
