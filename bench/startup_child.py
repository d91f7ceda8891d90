"""Child process of the start-up benchmark.

`python bench/startup_child.py bare|bare-framed|counter|counter-ready` starts an app headless and, once
its first screen has painted (or, for `counter-ready`, once Counter's database is also open), prints
`<wall-clock time> <peak RSS KiB>` and leaves at once. `bare` is a Textual app with one Input;
`bare-framed` the same with Textual's Header and Footer, as every Counter screen has. `counter` runs
exactly what the `counter` command runs (settings, key check, the app), from COUNTER_HOME.
"""

from __future__ import annotations

import os
import resource
import sys
import time


def report_and_leave() -> None:
    """Print the moment and the peak resident memory so far, then exit without cleanup."""
    sys.stdout.write(f"{time.time()} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\n")
    sys.stdout.flush()
    os._exit(0)


def run_bare(framed: bool) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            if framed:
                yield Header()
            yield Input()
            if framed:
                yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(report_and_leave)

    Bare().run(headless=True)


def run_counter(wait_ready: bool) -> None:
    from counter.cli import main
    from screens.app import CounterApp

    original_on_mount = CounterApp.on_mount

    def on_mount(self: CounterApp) -> None:
        original_on_mount(self)
        if wait_ready:
            self.run_worker(lambda: (self.wait_runtime(), report_and_leave()), thread=True)
        else:
            self.call_after_refresh(report_and_leave)

    CounterApp.on_mount = on_mount  # type: ignore[method-assign]
    original_run = CounterApp.run
    CounterApp.run = lambda self, **kw: original_run(self, headless=True)  # type: ignore[method-assign]
    main([])


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind.startswith("bare"):
        run_bare(framed=kind == "bare-framed")
    else:
        run_counter(kind == "counter-ready")
