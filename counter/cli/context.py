"""What every CLI handler receives, and the wrapper that turns errors into messages."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from counter.base import locations
from counter.base.errors import CounterError
from counter.base.i18n import _, set_language

if TYPE_CHECKING:
    from counter.base.config import Settings
    from counter.office.runtime import Runtime
    from counter.store.db import Database


class TerminalSafeWriter:
    """A text stream that shows control and bidi characters as `\\u009b` instead of passing them on:
    codes and names echoed from files and arguments can never act on the operator's terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from counter.rules.text import escape_terminal

        return self._stream.write(escape_terminal(text, keep_lines=True))

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()


def _stdout() -> IO[str]:
    return TerminalSafeWriter(sys.stdout)  # type: ignore[return-value]


def _stderr() -> IO[str]:
    return TerminalSafeWriter(sys.stderr)  # type: ignore[return-value]


@dataclass
class CliContext:
    """Settings, the lazily opened runtime, and the output streams."""

    args: argparse.Namespace
    out: IO[str] = field(default_factory=_stdout)
    err: IO[str] = field(default_factory=_stderr)
    _settings: Settings | None = None
    _runtime: Runtime | None = None

    @property
    def settings(self) -> Settings:
        """Settings from the file given by `--config`, the default file and the environment."""
        if self._settings is None:
            from counter.base.config import load_settings

            self._settings = load_settings(self.args.config, lang=self.args.lang)
            set_language(self._settings.lang)
        return self._settings

    def runtime(self) -> Runtime:
        """The runtime with a connected, migrated database."""
        if self._runtime is None:
            from counter.office.runtime import open_runtime

            self._runtime = open_runtime(self.settings)
        return self._runtime

    def database(self) -> Database:
        """The connected, migrated database."""
        return self.runtime().db


def read_cursor(text: str | None) -> tuple[datetime, uuid.UUID] | None:
    """A page cursor as the list commands print it (`<ISO time>/<uuid>`); None for none. ValueError when the
    text is not one."""
    if not text:
        return None
    moment, _slash, row_id = text.rpartition("/")
    return datetime.fromisoformat(moment), uuid.UUID(row_id)


_LOG_LOCK = threading.Lock()


def crash_log_path() -> Path:
    """The file unexpected errors are written to (`counter-errors.log` in the data directory)."""
    return locations.data_dir() / "counter-errors.log"


def log_crash(error: BaseException | None = None, context: Mapping[str, object] | None = None) -> str:
    """Append `error` (default: the exception being handled) with its context and traceback to the
    crash log; returns the log's path. Safe from any thread; the file is readable by its owner only
    (a traceback may quote what a clerk typed)."""
    import traceback
    from datetime import datetime

    if error is None:
        error = sys.exc_info()[1]
    lines = [f"=== {datetime.now().astimezone().isoformat(timespec='seconds')} unexpected error"]
    lines += [f"{name}: {value}" for name, value in (context or {}).items()]
    if error is not None:
        lines.append("".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip())
    path = crash_log_path()
    try:
        with _LOG_LOCK:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n\n")
    except OSError:
        return "(unwritable)"
    return str(path)


def run_handler(handler: Callable[[argparse.Namespace, CliContext], int], args: argparse.Namespace) -> int:
    """Run a command; a CounterError becomes a message, anything else a logged internal error."""
    if args.lang:
        set_language(args.lang)
    context = CliContext(args)
    try:
        return handler(args, context)
    except CounterError as exc:
        print(_("Error: {message}").format(message=exc.message), file=_stderr())
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`counter schema birth | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # noqa: BLE001 - the last guard: no traceback reaches a clerk
        where = log_crash(context={"command": getattr(args, "command", None) or "app"})
        print(_("Internal error; details were written to {path}").format(path=where), file=sys.stderr)
        return 70
