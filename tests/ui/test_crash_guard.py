"""An unexpected error in a handler, an action, a worker, a timer or a callback: logged with its
traceback, told to the clerk in Korean, and the screen (with what was typed) and the app go on."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Input
from ui_helpers import make_app, sign_in, type_text

from counter.office.runtime import Runtime
from screens.app import CounterApp
from screens.home import HomeScreen
from screens.translated import Translated


class Broken(RuntimeError):
    """The test's own failure; its text must reach the log and never the screen."""


class ExplodingScreen(Translated, Screen[None]):
    """A screen whose parts fail on demand; `i` counts key presses so a later key proves it is alive."""

    BINDINGS = [
        Binding("f5", "explode", "Explode"),
        Binding("f6", "thread_worker", "Worker"),
        Binding("f7", "timer", "Timer"),
        Binding("f8", "later", "Later"),
        Binding("f9", "count", "Count"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Input(id="draft")
        yield Button("boom", id="boom")

    def on_button_pressed(self) -> None:
        raise Broken("handler secret-950101")

    def action_explode(self) -> None:
        raise Broken("action secret-950101")

    @work(thread=True)
    def action_thread_worker(self) -> None:
        raise Broken("worker secret-950101")

    def action_timer(self) -> None:
        self.set_timer(0.01, self._fail, name="test-timer")

    def _fail(self) -> None:
        raise Broken("timer secret-950101")

    def action_later(self) -> None:
        self.call_later(self._fail)

    def action_count(self) -> None:
        self.count += 1


def _log(home: Path) -> str:
    path = home / "data" / "counter-errors.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


async def _open(pilot, app: CounterApp) -> ExplodingScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await sign_in(pilot)
    assert isinstance(app.screen, HomeScreen)
    screen = ExplodingScreen()
    await app.push_screen(screen)
    await pilot.pause()
    screen.query_one("#draft", Input).focus()
    await type_text(pilot, "김하늘")  # the clerk's unsaved work
    return screen


async def _assert_survived(pilot, app: CounterApp, screen: ExplodingScreen, home: Path, what: str) -> None:  # type: ignore[no-untyped-def]
    for _tick in range(50):  # workers and timers finish on their own time
        if app.crashes:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert [str(error) for error in app.crashes] == [f"{what} secret-950101"]
    log = _log(home)
    assert "Traceback (most recent call last)" in log and f"Broken: {what} secret-950101" in log
    assert "screen: ExplodingScreen" in log
    messages = [notification.message for notification in app._notifications]
    assert any("오류" in message and "counter-errors.log" in message for message in messages), messages
    shown = app.export_screenshot()
    assert "Traceback" not in shown and "secret-950101" not in shown and "Broken" not in shown
    # The same screen, its draft, and keys: all still there.
    assert app.screen is screen and app.is_running
    assert screen.query_one("#draft", Input).value == "김하늘"
    await pilot.press("f9")
    await type_text(pilot, "님")
    await pilot.pause()
    assert screen.count == 1
    assert screen.query_one("#draft", Input).value == "김하늘님"
    assert "김하늘님" in app.export_screenshot()  # and the screen still redraws


@pytest.mark.parametrize(("key", "what"), [("f5", "action"), ("f6", "worker"), ("f7", "timer"), ("f8", "action")])
async def test_an_error_is_logged_told_in_korean_and_the_work_goes_on(
        office_runtime: Runtime, counter_home: Path, expect_crashes: None, key: str, what: str) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press(key)
        if key == "f8":  # a call_later callback fails inside the screen's own message loop
            what = "timer"
        await _assert_survived(pilot, app, screen, counter_home, what)


async def test_a_failing_button_handler_keeps_the_screen_answering(office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _open(pilot, app)
        screen.query_one("#boom", Button).press()
        await _assert_survived(pilot, app, screen, counter_home, "handler")
        screen.query_one("#draft", Input).focus()


async def test_a_worker_that_suppresses_errors_is_still_reported(office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _open(pilot, app)

        def job() -> None:
            raise Broken("worker secret-950101")

        screen.run_worker(job, thread=True, exit_on_error=False)
        await _assert_survived(pilot, app, screen, counter_home, "worker")


async def test_the_same_error_again_is_not_told_twice(office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await _open(pilot, app)
        await pilot.press("f5", "f5", "f5")
        await pilot.pause()
        assert len(app.crashes) == 3
        assert _log(counter_home).count("Broken: action secret-950101") == 1
        assert sum("오류" in n.message for n in app._notifications) == 1


async def test_english_interface_tells_it_in_english(office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await _open(pilot, app)
        app.switch_language("en")
        await pilot.press("f5")
        await pilot.pause()
        assert any("unexpected error" in n.message for n in app._notifications)
        app.switch_language("ko")


class UnbuildableScreen(Translated, Screen[None]):
    """A screen that fails while building its widgets."""

    def compose(self) -> ComposeResult:
        raise Broken("compose secret-950101")


async def test_a_screen_that_cannot_be_built_closes_and_the_one_below_stays(
        office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _open(pilot, app)
        app.push_screen(UnbuildableScreen())
        for _tick in range(50):
            if app.crashes and app.screen is screen:
                break
            await pilot.pause(0.02)
        assert app.screen is screen and screen.query_one("#draft", Input).value == "김하늘"
        assert "Broken: compose secret-950101" in _log(counter_home)
        await pilot.press("f9")
        assert screen.count == 1


async def test_a_service_call_that_fails_unexpectedly_ends_in_the_same_place(
        office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    from screens.tasks import run_service

    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _open(pilot, app)

        def call() -> None:
            raise Broken("worker secret-950101")

        run_service(screen, call, lambda _result: None, group="test-service")
        await _assert_survived(pilot, app, screen, counter_home, "worker")
        assert "where: service test-service on ExplodingScreen" in _log(counter_home)


class _BrokenStart(CounterApp):
    CSS_PATH = str(Path(inspect.getfile(CounterApp)).with_name("app.tcss"))

    def on_mount(self) -> None:
        raise Broken("start secret-950101")


async def test_an_app_that_cannot_start_stops_with_a_message_not_a_traceback(
        office_runtime: Runtime, counter_home: Path, expect_crashes: None) -> None:
    app = _BrokenStart(office_runtime.settings, runtime=office_runtime)
    async with app.run_test(size=(120, 35)):
        pass  # the app ends by itself
    assert app.return_code == 70
    assert "Broken: start secret-950101" in _log(counter_home)
    assert not app.crashes  # stopped, not carried on half-started
