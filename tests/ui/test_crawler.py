"""The crawler: every screen reachable from home, every enabled button and footer key of each, and both
wizards walked through every step with the example declarations, by keys alone, in Korean and English,
at 120x35 and 80x24, on SQLite and PostgreSQL. After every action the app is alive, no traceback is on
screen, and a Korean screen shows no English.

Screens are found, not listed: from home the crawler presses each footer key and each capability key,
and each screen that opens is crawled in turn (its buttons, its footer keys) until nothing new opens.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from crawler_helpers import answer_lock, check, enabled_buttons, footer_keys, settle
from crawler_wizards import (
    birth_values,
    choose_items,
    death_values,
    decline_services,
    example,
    file_earlier_report,
    fill_step,
    household_rows,
    next_step,
    papers_and_home,
)
from ui_helpers import PASSWORD, make_app, type_text

from counter.base.i18n import current_language
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from screens.birth import BirthWizard
from screens.capabilities import CAPABILITIES
from screens.death import DeathWizard
from screens.home import HomeScreen
from screens.lock import LockScreen
from screens.login import LoginScreen
from screens.wizard.confirm import ConfirmScreen

QUIT = "ctrl+q"  # pressed once, last: it ends the app
Opener = Callable[[object], Awaitable[None]]


@pytest.fixture
def office(runtime: Runtime) -> Runtime:
    """A set-up office on the parametrized database: supervisor `boss`, clerk `lee`."""
    boss = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    return runtime


async def start(pilot, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The sign-in screen in `lang` (F12 switches), then home as the supervisor (who sees every key)."""
    await settle(pilot)
    if current_language() != lang:
        await pilot.press("f12")
        await settle(pilot)
    await check(pilot, "sign-in")
    for field, text in (("#username", "boss"), ("#password", PASSWORD)):  # fields may keep a failed try
        pilot.app.screen.query_one(field).focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await check(pilot, "home")


async def back_home(pilot, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Back to the home screen by the clerk's keys: Esc, y to a question, the password, sign in again."""
    app = pilot.app
    for _attempt in range(12):
        screen = app.screen
        if isinstance(screen, HomeScreen):
            if current_language() != lang:
                app.switch_language(lang)
                await settle(pilot)
            return
        if isinstance(screen, LoginScreen):
            await start(pilot, lang)
            continue
        await leave(pilot, screen, discard=True)
    raise AssertionError(f"could not get back home from {app.screen!r}")


async def leave(pilot, screen, *, discard: bool) -> None:  # type: ignore[no-untyped-def]
    """Leave the screen on top by its keys: Esc; y or n to a question; the password on the lock."""
    if isinstance(screen, ConfirmScreen):
        await pilot.press("y" if discard else "n")
    elif isinstance(screen, LockScreen):
        await answer_lock(pilot)
    else:
        await pilot.press("escape")
    await settle(pilot)


async def return_to(pilot, target) -> bool:  # type: ignore[no-untyped-def]
    """Close what opened above `target` (keeping its work); False when `target` is gone."""
    app = pilot.app
    for _attempt in range(8):
        if app.screen is target:
            return True
        if target not in app.screen_stack:
            return False
        await leave(pilot, app.screen, discard=False)
    return False


def keys_opener(*keys: str) -> Opener:
    async def open_(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*keys)
        await settle(pilot)

    return open_


async def pressing_key(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await settle(pilot)


async def pressing_button(pilot, button_id: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(f"#{button_id}").focus()
    await pilot.press("enter")
    await settle(pilot)


def then(first: Opener, what: str, act: Callable[[object, str], Awaitable[None]]) -> Opener:
    async def open_(pilot) -> None:  # type: ignore[no-untyped-def]
        await first(pilot)
        await act(pilot, what)

    return open_


async def crawl(pilot, lang: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Open every screen reachable from home and press each of its buttons and footer keys; returns the
    screens seen (by class)."""
    home_keys = [entry.key for entry in CAPABILITIES] + ["f1", "ctrl+u", "ctrl+l", "ctrl+p"]
    queue: list[tuple[str, Opener]] = [("home", keys_opener())]
    queue += [(f"home › {key}", keys_opener(key)) for key in home_keys]
    seen: set[str] = {"HomeScreen", "LoginScreen"}
    crawled: set[str] = set()
    while queue:
        name, opener = queue.pop(0)
        await back_home(pilot, lang)
        await opener(pilot)
        await check(pilot, name)
        screen = pilot.app.screen
        kind = type(screen).__name__
        if kind not in seen:
            seen.add(kind)
        if kind in crawled:
            continue
        crawled.add(kind)
        actions = [(f"{name} › button #{b}", b, pressing_button) for b in enabled_buttons(pilot.app)]
        actions += [(f"{name} › {key}", key, pressing_key) for key in footer_keys(pilot.app, frozenset({QUIT}))]
        for action_name, what, act in actions:
            if not await return_to(pilot, screen):
                await back_home(pilot, lang)
                await opener(pilot)
                screen = pilot.app.screen
            await act(pilot, what)
            await check(pilot, action_name)
            reached = type(pilot.app.screen).__name__
            if reached not in seen and reached not in crawled:
                seen.add(reached)
                queue.append((action_name, then(opener, what, act)))
    return seen


CRAWLS = [  # English at 120x35 is walked by a wizard below (a full English crawl here adds time, not paths)
    pytest.param("ko", (120, 35), "sqlite", id="ko-120x35-sqlite"),
    pytest.param("ko", (80, 24), "sqlite", id="ko-80x24-sqlite"),
    pytest.param("en", (80, 24), "sqlite", id="en-80x24-sqlite"),
    pytest.param("ko", (120, 35), "postgresql", id="ko-120x35-postgresql", marks=pytest.mark.postgres),
]


@pytest.mark.parametrize(("lang", "size", "database_url"), CRAWLS, indirect=["database_url"])
async def test_every_screen_button_and_key_from_home(office: Runtime, lang: str, size: tuple[int, int]) -> None:
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await start(pilot, lang)
        seen = await crawl(pilot, lang)
        # No ConfirmScreen from a blank desk: an untouched wizard closes on Esc and a waiting job is not
        # reprinted; the wizard walks below and tests/ui/test_hangul_keys.py answer the discard question.
        assert {"BirthWizard", "DeathWizard", "PrintersScreen", "HelpScreen", "LockScreen", "CounterCommandPalette",
                "UnlockClerkScreen", "VerifyScreen", "LoginScreen"} <= seen
        await special_paths(pilot, lang)
        await pilot.press(QUIT)
        await pilot.pause()
    assert app.return_code == 0 and app._exception is None


async def special_paths(pilot, lang: str) -> None:  # type: ignore[no-untyped-def]
    """What the key crawl cannot reach alone: help's advanced view, a search with no match, unlocking
    with the password, and the language switch there and back."""
    await back_home(pilot, lang)
    await pilot.press("f1", "a")
    await settle(pilot)
    await check(pilot, "help, advanced view")
    await back_home(pilot, lang)
    await pilot.press("ctrl+p")
    await type_text(pilot, "ㅋㅋㅋ")
    await pilot.pause(0.8)  # the palette says "no match" after half a second
    await check(pilot, "command palette without a match")
    await back_home(pilot, lang)
    await pilot.press("ctrl+l")
    await settle(pilot)
    await answer_lock(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await check(pilot, "unlocked")
    for step in ("there", "back"):
        await pilot.press("ctrl+p")
        await type_text(pilot, "English")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert (current_language() == lang) == (step == "back")
        await check(pilot, f"language switched {step}")


BIRTH_WALKS = [  # each example once, one walk per database leg in Korean at 120x35, English and 80x24 in between
    pytest.param("birth-third-child", "ko", (120, 35), "sqlite", id="third-child-ko-120x35-sqlite"),
    pytest.param("birth-third-child", "ko", (120, 35), "postgresql", id="third-child-ko-120x35-postgresql",
                 marks=pytest.mark.postgres),
    pytest.param("birth-first-child-outside-marriage", "en", (120, 35), "sqlite",
                 id="outside-marriage-en-120x35-sqlite"),
    pytest.param("birth-second-twin-late-by-doctor", "ko", (80, 24), "sqlite", id="twin-ko-80x24-sqlite"),
]


@pytest.mark.parametrize(("name", "lang", "size", "database_url"), BIRTH_WALKS, indirect=["database_url"])
async def test_birth_wizard_walked_with_an_example(office: Runtime, name: str, lang: str,
                                                   size: tuple[int, int]) -> None:
    declaration = example(name)
    values = birth_values(declaration)
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await start(pilot, lang)
        await pilot.press("f2")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard)
        for step in wizard.STEPS:
            if step.id == "step-household":
                await household_rows(pilot, wizard, len(declaration["household"].get("siblings", [])), name)
            if step.id == "step-services":
                await decline_services(pilot, wizard, values, name)
            await fill_step(pilot, wizard, values, name)
            if step.id != "step-review":
                await next_step(pilot, wizard, name)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await papers_and_home(pilot, name)


DEATH_WALKS = [
    pytest.param("death-report-with-inquiry", "ko", (120, 35), "sqlite", id="with-inquiry-ko-120x35-sqlite"),
    pytest.param("death-report-with-inquiry", "ko", (120, 35), "postgresql", id="with-inquiry-ko-120x35-postgresql",
                 marks=pytest.mark.postgres),
    pytest.param("death-report-alone", "en", (80, 24), "sqlite", id="report-alone-en-80x24-sqlite"),
    pytest.param("death-inquiry-later", "ko", (80, 24), "sqlite", id="inquiry-later-ko-80x24-sqlite"),
]


@pytest.mark.parametrize(("name", "lang", "size", "database_url"), DEATH_WALKS, indirect=["database_url"])
async def test_death_wizard_walked_with_an_example(office: Runtime, name: str, lang: str,
                                                   size: tuple[int, int]) -> None:
    declaration = example(name)
    if "death_report_receipt_no" in declaration:  # the inquiry later needs the death report filed first
        declaration["death_report_receipt_no"] = file_earlier_report(office)
    values = death_values(declaration)
    app = make_app(office)
    async with app.run_test(size=size) as pilot:
        await start(pilot, lang)
        await pilot.press("f3")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, DeathWizard)
        for step in wizard.STEPS:
            if step.id == "step-items":
                await choose_items(pilot, wizard, declaration.get("inquiry", {}).get("items"), name)
            await fill_step(pilot, wizard, values, name)
            if step.id != "step-review":
                await next_step(pilot, wizard, name)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await papers_and_home(pilot, name)
