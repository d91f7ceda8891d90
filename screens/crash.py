"""Where every unexpected error of the app ends: the log, a Korean message, and the app still running.

Textual stops the whole app on an unhandled exception (`App._handle_exception`), and a message
handler that raises also ends the message loop of the widget or screen that ran it (it would stop
answering keys). So errors are caught where our code runs, before Textual sees them:

- `Guarded._dispatch_message` (the app and every `Translated` screen): event and message handlers,
  `call_later` / `call_after_refresh` / `call_next` callbacks and screen result callbacks;
- `CounterApp._dispatch_action`: every action, from a key binding, a link or the command palette;
- `CounterApp._handle_exception`, the backstop: workers started with `exit_on_error=True`, timer
  callbacks, rendering and anything raised in a widget of Textual's own;
- `ReportingWorkers`: workers started with `exit_on_error=False` that failed anyway (a worker that
  handles its own errors catches them inside its job, as `screens.tasks.run_service` does).

Each ends in `report_crash`: the traceback and its context go to `counter-errors.log`, the clerk
reads what happened and where the details are, and the screen with its draft stays as it was.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.screen import Screen
from textual.worker import Worker, WorkerFailed, WorkerState, active_worker
from textual.worker_manager import WorkerManager

from counter.base.i18n import _

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

REPEAT_SECONDS = 60.0  # the same error again within this time (a timer, say) is not reported again


def report_crash(app: App[Any], error: BaseException, where: str) -> None:
    """Log `error` with the screen and `where`, and tell the clerk in their language; never raises."""
    from counter.cli.context import log_crash

    try:
        screen = type(app.screen).__name__
    except Exception:  # noqa: BLE001 - no screen yet (or any more)
        screen = "-"
    signature = (type(error).__name__, str(error), where, screen)
    now = time.monotonic()
    last = getattr(app, "_last_crash", None)
    crashes: list[BaseException] | None = getattr(app, "crashes", None)
    if crashes is not None:
        crashes.append(error)
    if last is not None and last[0] == signature and now - last[1] < REPEAT_SECONDS:
        return
    app._last_crash = (signature, now)  # type: ignore[attr-defined]
    clerk = getattr(getattr(app, "clerk", None), "username", "-")
    path = log_crash(error, {"screen": screen, "where": where, "clerk": clerk})
    with contextlib.suppress(Exception):  # the app is closing; the log has it
        app.notify(
            _("An unexpected error stopped what you just did; the screen and your work are kept as they were. "
              "Details were written to {path}. If it happens again, tell the operator.").format(path=path),
            title=_("Internal error"), severity="error", timeout=20, markup=False,
        )


class Guarded:
    """Mixin for the app and screens: an error in a handler is reported instead of stopping the loop."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:  # noqa: BLE001 - the one place unexpected errors end
            app: App[Any] = self.app  # type: ignore[attr-defined]
            starting = app is cast(object, self) and isinstance(message, (events.Compose, events.Mount))
            if starting:  # the app itself could not start: nothing to keep
                stop_app(app, error, _where(app, message))
            else:
                report_crash(app, error, _where(self, message))


def _where(node: object, message: Message) -> str:
    name = f"{type(node).__name__}.{message.handler_name}"
    key = getattr(message, "key", None)
    return f"{name} (key {key})" if isinstance(key, str) else name


class ReportingWorkers(WorkerManager):
    """The app's worker manager: a worker that failed with `exit_on_error=False` is reported too."""

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        if worker.state == WorkerState.ERROR and not worker.exit_on_error and worker.error is not None:
            report_crash(self._app, worker.error, _worker_name(worker))


def _worker_name(worker: Worker[Any] | None) -> str:
    if worker is None:
        return "worker"
    return f"worker {worker.name or '-'} (group {worker.group}, on {type(worker.node).__name__})"


def stop_app(app: App[Any], error: BaseException, where: str) -> None:
    """Log `error` and end the app with a message (printed after the screen closes, never a traceback)."""
    from counter.cli.context import log_crash

    path = log_crash(error, {"where": where})
    app.exit(return_code=70, message=_("Counter stopped after an internal error; details were written to "
                                       "{path}").format(path=path))


def handle_backstop(app: App[Any], error: Exception) -> None:
    """What Textual would have stopped the app for: report it and go on, or stop when it cannot.

    The app cannot go on before it runs (settings, CSS) or when its own message loop ended; a screen whose
    loop ended (one of Textual's, not guarded) or whose widgets could not be composed is closed, so
    the screen underneath answers keys again.
    """
    if isinstance(error, WorkerFailed):
        report_crash(app, error.error, _worker_name(active_worker.get(None)))
        return
    function, owner = _origin(error)
    where = f"{type(owner).__name__}.{function}"
    if not app._running or (function in ("_process_messages_loop", "_pre_process") and owner is app):
        stop_app(app, error, where)  # starting (settings, CSS) or the app's own loop ended
    elif function == "_tick":
        report_crash(app, error, f"timer {getattr(owner, 'name', '-')}")
    else:
        report_crash(app, error, where)
        if function in ("_process_messages_loop", "_compose") and isinstance(owner, Screen):
            # A screen that cannot answer keys (or was never built) is closed; the one underneath is intact.
            app.call_later(_close_broken_screen, app, owner)


def _close_broken_screen(app: App[Any], screen: Screen[Any]) -> None:
    if screen is app.screen and len(app.screen_stack) > 1:
        app.pop_screen()


def _origin(error: BaseException) -> tuple[str, object]:
    """The function that caught `error` for Textual and its `self` (the first traceback frame)."""
    tb = error.__traceback__
    if tb is None:
        return "-", None
    frame = tb.tb_frame
    return frame.f_code.co_name, frame.f_locals.get("self")
