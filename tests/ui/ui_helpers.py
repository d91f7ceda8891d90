"""Helpers for Pilot and snapshot tests."""

from __future__ import annotations

from datetime import datetime

from counter.office.runtime import Runtime
from screens.app import CounterApp

FIXED_NOW = datetime(2026, 11, 21, 10, 30)
PASSWORD = "correct horse"


def make_app(runtime: Runtime, **kwargs: object) -> CounterApp:
    """The app with a fixed clock, so the home screen shows the same date every run."""
    return CounterApp(runtime.settings, runtime=runtime, clock=lambda: FIXED_NOW, **kwargs)  # type: ignore[arg-type]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` key by key (Hangul included)."""
    await pilot.press(*text)


async def sign_in(pilot, username: str = "lee", password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the login screen by keys alone."""
    await type_text(pilot, username)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
