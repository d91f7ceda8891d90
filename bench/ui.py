"""Screen latency benchmark: what a clerk waits for, side by side with a bare Textual screen push.

One Counter app is driven by Pilot against a real SQLite database (migrated, an office set up, the
clerk signed in), as in the UI tests. Each round alternates the baseline and every measured action:

- bare push: a key pushes a plain screen (header, one input, footer); done when it is on screen,
  its input focused and drawn.
- open birth / open death: F2 / F3 from home until the wizard is on screen with its first field
  focused, every worker it started (the catalogue, the saved-draft look) finished, and the frame drawn.
  Each round starts from home as a clerk finds it (its workers done): the wizards are built ahead there
  (screens/warm.py), so this is the push of a built wizard, its first layout and frame.
- next step: PgDn with valid data on the first step until the second step shows, focused and drawn.
- palette keystroke: one typed character in the command palette until the matches are listed.
- legal basis: choosing the reporter in the death wizard until the rule line (제85조) shows it.

A measurement ends with the first frame the app draws once a condition the clerk would see holds
(never on a sleep), the screen is laid out with its focused control placed (a pushed screen focuses
its first control before its first layout) and no worker runs; if no frame follows, one is drawn then.
Figures are medians in ms (wall clock, and CPU time of the process: the work, whatever else the
machine runs) and the ratio of each median to the bare push's median. The wizards show their first
step first and compose the others in the following frames: `open_*_all_steps` runs until every
step is mounted (the goal applies to the first step on screen, ready for typing).

    python bench/ui.py [--rounds N]   # prints the JSON alone
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUNDS = 15
GOAL_MS = 100.0
NOW = datetime(2026, 11, 21, 10, 30)
PASSWORD = "correct horse"
DEADLINE_S = 10.0


def _office(directory: Path) -> Any:
    """A migrated SQLite database with an office set up; the runtime and its signed-in supervisor."""
    from counter.base.config import Settings
    from counter.office.clerks import authenticate, setup_office
    from counter.office.runtime import Runtime
    from counter.store import schema
    from counter.store.db import Database

    settings = Settings(database_url=f"sqlite:///{directory / 'counter.store.db'}", device="B1",
                        keys_dir=directory / "keys")
    db = Database(settings.database_url_or_default())
    schema.upgrade(db)
    runtime = Runtime(settings=settings, db=db, device="B1")
    runtime.keyring(create=True)
    setup_office(db, office_code="3650052", office_name="역삼1동", username="boss", display_name="이수진",
                 password=PASSWORD, device="B1")
    return runtime, authenticate(db, "boss", PASSWORD, settings, "B1")


def _apps() -> tuple[type, type]:
    """The benchmark's app (Counter with one extra key, F12, for the bare push) and the bare screen."""
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Input

    from screens.app import CounterApp

    class BareScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Input()
            yield Footer()

    class BenchApp(CounterApp):
        CSS_PATH = str(Path(sys.modules[CounterApp.__module__].__file__ or "").with_name("app.tcss"))
        BINDINGS: ClassVar[list[Any]] = [*CounterApp.BINDINGS, Binding("f12", "bare", "Bare", show=False)]

        def action_bare(self) -> None:
            self.push_screen(BareScreen())

    return BenchApp, BareScreen


def _laid_out(app: Any) -> bool:
    """The screen on top has been laid out with its focused widget placed (a pushed screen focuses its
    first control when composed, before its first layout: focus alone is not yet on screen)."""
    screen = app.screen
    return screen.focused is None or screen.focused in screen._compositor.widgets  # read only: no layout


async def _until(app: Any, done: Callable[[], bool]) -> tuple[float, float]:
    """Yield to the app until `done()` holds, the screen is laid out and no worker runs, and a frame is
    drawn in that state; the moment (`perf_counter`, `process_time`) of that frame.

    The moment is taken as the app draws the frame, not when the poll notices the state: the app goes
    on working between polls (a wizard composes its other steps), and that work is not the clerk's wait."""
    from textual.screen import Screen

    def ready() -> bool:
        return done() and _laid_out(app) and all(worker.is_finished for worker in app.workers)

    drawn: list[tuple[float, float]] = []
    draw = Screen._compositor_refresh

    def drawing(screen: Any) -> None:
        draw(screen)
        if not drawn and screen is app.screen and ready():
            drawn.append((time.perf_counter(), time.process_time()))

    limit = time.perf_counter() + DEADLINE_S
    Screen._compositor_refresh = drawing  # type: ignore[method-assign,assignment]
    try:
        while not drawn and not ready():
            if time.perf_counter() > limit:
                raise TimeoutError("the screen did not reach the expected state")
            await asyncio.sleep(0.002)  # a finer poll would itself take CPU from the app
        if not drawn:  # nothing was drawn since the state holds: draw now, as the refresh timer would
            app.screen._on_timer_update()
            drawn.append((time.perf_counter(), time.process_time()))
    finally:
        Screen._compositor_refresh = draw  # type: ignore[method-assign]
    return drawn[0]


async def _timed(app: Any, key: str, *states: Callable[[], bool]) -> list[tuple[float, float]]:
    """Milliseconds (wall clock, and CPU time of the whole process) from sending `key` to the app until
    each of `states` (later states of the same action, in turn) holds, idle and drawn. CPU time is the
    work done, whatever else runs on the machine.

    The key goes straight to the app's driver as a terminal key would (Pilot's `press` waits for CPU
    idleness with 20 ms sleeps, which would be part of the figure)."""
    from textual import events

    start, cpu = time.perf_counter(), time.process_time()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)
    figures = []
    for done in states:
        end, end_cpu = await _until(app, done)
        figures.append(((end - start) * 1000, (end_cpu - cpu) * 1000))
    return figures


async def _palette_keystroke(app: Any, text: str) -> tuple[float, float]:
    """Type one character into the open palette; done when its search has finished and the list
    shows the matches (or says there are none)."""
    from textual.command import CommandList, CommandPalette

    palette = app.screen
    manager = app.workers
    started: list[Any] = []
    add_worker = manager.add_worker

    def recording_add(worker: Any, **kwargs: Any) -> None:  # every worker the palette starts
        started.append(worker)
        add_worker(worker, **kwargs)

    def listed() -> bool:
        searches = [worker for worker in started if worker.group == CommandPalette._GATHER_COMMANDS_GROUP]
        return (bool(searches) and all(worker.is_finished for worker in searches)
                and palette.query_one(CommandList).option_count > 0)

    manager.add_worker = recording_add
    try:
        return (await _timed(app, text, listed))[0]
    finally:
        del manager.add_worker


def _focused_in(app: Any, screen_type: type) -> bool:
    screen = app.screen
    return isinstance(screen, screen_type) and screen.focused is not None


async def _back_home(pilot: Any) -> None:
    """Home again, with no saved draft left (each round opens an empty wizard, not the resume question).

    The drafts go first: back home, the app builds the next wizards ahead, and they look for drafts."""
    from counter.office.drafts import purge_drafts
    from screens.home import HomeScreen

    await pilot.pause()  # a draft save waits for the frame after a step
    await pilot.app.workers.wait_for_complete()
    purge_drafts(pilot.app.runtime.db, 0)
    while not isinstance(pilot.app.screen, HomeScreen):
        pilot.app.pop_screen()
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the wizards built ahead, as a clerk back home would find them


def _on_step(wizard: Any, index: int) -> bool:
    """The wizard shows step `index` with the cursor in it."""
    focused = wizard.focused
    return bool(wizard.step_index == index and focused is not None
                and wizard.query_one(f"#{wizard.step.id}") in focused.ancestors)


def _rule_changed(rule: Any, before: str, select: Any) -> bool:
    """The rule line shows another rule and the choice is closed."""
    return str(rule.content) not in (before, "") and not select.expanded


def _put(screen: Any, **values: object) -> None:
    """Set fields as a paste would (`child__surname` is `child.surname`)."""
    from screens.wizard.fields import WizardField, widget_id

    for name, value in values.items():
        screen.query_one(f"#{widget_id(name.replace('__', '.'))}", WizardField).set_value(value)


async def _measure(rounds: int) -> dict[str, list[tuple[float, float]]]:
    from textual.command import CommandInput, CommandPalette
    from textual.widgets import Select, Static

    from screens.birth import BirthWizard
    from screens.death import DeathWizard

    app_class, bare_class = _apps()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in (
        "bare_push", "open_birth", "open_birth_all_steps", "open_death", "open_death_all_steps", "next_step_birth",
        "next_step_death", "legal_basis_death", "palette_keystroke", "palette_keystroke_no_match")}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COUNTER_HOME"] = str(Path(tmp) / "home")
        runtime, clerk = _office(Path(tmp))
        app = app_class(runtime.settings, runtime=runtime, clock=lambda: NOW)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            app.signed_in(clerk)
            await pilot.pause()
            for round_number in range(rounds + 1):  # the first round warms up (imports, caches)
                sample: dict[str, tuple[float, float]] = {}
                sample["bare_push"], = await _timed(app, "f12", lambda: _focused_in(app, bare_class))
                await _back_home(pilot)

                sample["open_birth"], sample["open_birth_all_steps"] = await _timed(
                    app, "f2", lambda: _focused_in(app, BirthWizard), lambda: getattr(app.screen, "ready", True))
                birth = app.screen
                _put(birth, child__surname="김", child__given_name="하늘", child__birth_date="2026-11-03",
                     child__birth_time="14:30", child__sex="F", child__birth_place__kind="medical_institution",
                     child__birth_place__address="서울특별시 강남구 역삼동", child__clan_seat="김해")
                await pilot.pause()
                sample["next_step_birth"], = await _timed(app, "pagedown", partial(_on_step, birth, 1))
                await _back_home(pilot)

                sample["open_death"], sample["open_death_all_steps"] = await _timed(
                    app, "f3", lambda: _focused_in(app, DeathWizard), lambda: getattr(app.screen, "ready", True))
                death = app.screen
                _put(death, deceased__name="박영수", deceased__rrn="400817-1234561")
                await pilot.pause()
                sample["next_step_death"], = await _timed(app, "pagedown", partial(_on_step, death, 1))
                _put(death, death__death_date="2026-11-10", death__place="한빛병원", death__certificate="diagnosis")
                await pilot.pause()
                await pilot.press("pagedown")
                await _until(app, partial(_on_step, death, 2))
                rule = death.query_one("#reporter-rule", Static)
                select = death.query_one("#f-reporter--qualification Select", Select)
                downs = 1 + round_number % 2  # alternate two reporters, so the line changes every time
                select.focus()
                await pilot.press("enter", *(["down"] * downs))
                await pilot.pause()
                sample["legal_basis_death"], = await _timed(
                    app, "enter",
                    partial(_rule_changed, rule, str(rule.content), select))
                await _back_home(pilot)

                await pilot.press("ctrl+p")
                await _until(app, lambda: isinstance(app.screen, CommandPalette))
                await pilot.pause()
                for name, text in (("palette_keystroke", "출"), ("palette_keystroke_no_match", "x")):
                    sample[name] = await _palette_keystroke(app, text)
                    await pilot.press("backspace")
                    await _until(app, lambda: not app.screen.query_one(CommandInput).value)
                await pilot.press("escape")
                await _back_home(pilot)
                if round_number:
                    for name, value in sample.items():
                        times[name].append(value)
    return times


def bench_ui(rounds: int = ROUNDS) -> dict[str, Any]:
    """Medians (ms) of each clerk action and of the bare push in the same run, and their ratios."""
    os.environ.setdefault("TERM", "xterm-256color")
    times = asyncio.run(_measure(rounds))
    bare = statistics.median(wall for wall, _cpu in times["bare_push"])
    bare_cpu = statistics.median(cpu for _wall, cpu in times["bare_push"])
    result: dict[str, Any] = {"rounds": rounds, "bare_push_median_ms": round(bare, 1),
                              "bare_push_cpu_median_ms": round(bare_cpu, 1)}
    for name, values in times.items():
        if name == "bare_push":
            continue
        median = statistics.median(wall for wall, _cpu in values)
        cpu = statistics.median(cpu for _wall, cpu in values)
        result[f"{name}_median_ms"] = round(median, 1)
        result[f"{name}_max_ms"] = round(max(wall for wall, _cpu in values), 1)
        result[f"{name}_ratio_to_bare"] = round(median / bare, 2)
        result[f"{name}_cpu_median_ms"] = round(cpu, 1)
        result[f"{name}_cpu_ratio_to_bare"] = round(cpu / bare_cpu, 2)
    result["goal_ms"] = GOAL_MS
    result["meets_goals"] = all(result[f"{name}_median_ms"] <= GOAL_MS for name in times
                                if name != "bare_push" and not name.endswith("_all_steps"))
    return result


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    print(json.dumps(bench_ui(parser.parse_args().rounds), indent=2))
