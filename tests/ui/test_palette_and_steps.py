"""What makes the screens answer quickly keeps them correct: the command palette lists the matches
(or says there are none) as soon as its providers are done; the wizards show their first step and
compose the others just after, and nothing a clerk does meanwhile is lost or goes wrong."""

from __future__ import annotations

import asyncio

from test_birth_wizard import CHILD_FILLED, settle
from textual.command import CommandList
from ui_helpers import PASSWORD, make_app, type_text

from counter.office.clerks import authenticate
from counter.office.runtime import Runtime
from screens.birth import BirthWizard
from screens.death import DeathWizard
from screens.home import HomeScreen
from screens.palette import QuickCommandPalette
from screens.wizard.base import WizardScreen
from screens.wizard.fields import WizardField, widget_id

SIZE = (100, 30)


async def signed_in(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    runtime = pilot.app.runtime
    pilot.app.signed_in(authenticate(runtime.db, "lee", PASSWORD, runtime.settings, runtime.device))
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)


def prompts(palette: QuickCommandPalette) -> list[str]:
    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_palette_lists_matches_and_says_when_there_are_none(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, QuickCommandPalette)
        await type_text(pilot, "출생")
        await settle(pilot)
        assert any("출생" in prompt for prompt in prompts(palette))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BirthWizard)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "zzq")
        await settle(pilot)
        options = app.screen.query_one(CommandList)
        assert options.option_count == 1 and options.get_option_at_index(0).disabled  # "no matches"


async def open_without_waiting(pilot, wizard: type[WizardScreen]) -> WizardScreen:  # type: ignore[no-untyped-def]
    """Push the wizard and return as soon as its first step is mounted (the others still coming)."""
    screen = wizard(pilot.app.clerk)
    pilot.app.push_screen(screen)
    while not screen.is_mounted:
        await asyncio.sleep(0)
    assert not screen.ready
    return screen


def field(screen: WizardScreen, path: str) -> WizardField:
    return screen.query_one(f"#{widget_id(path)}", WizardField)


async def test_a_wizard_shows_its_first_step_then_composes_the_others(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        screen = await open_without_waiting(pilot, DeathWizard)
        assert screen.fields(screen.STEPS[0])
        assert not screen.fields(screen.STEPS[1])  # not composed yet
        await settle(pilot)
        assert screen.ready
        assert all(screen.fields(step) for step in screen.STEPS[:5])
        assert not screen.query_one("#f-inquiry--principal--name").display  # the modes were applied
        items = screen.query_one("#items")
        assert screen.step.id == "step-deceased" and items.children  # built before the step ever shows


async def test_keys_pressed_before_the_other_steps_are_composed_are_kept(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        screen = await open_without_waiting(pilot, BirthWizard)
        for path, value in CHILD_FILLED.items():
            field(screen, path).set_value(value)
        screen.action_next()  # PgDn before the other steps are mounted: moves once they are
        await settle(pilot)
        assert screen.step.id == "step-parents"
        assert screen.draft.get("child.given_name") == "하늘"
        assert screen.focused is not None and screen.query_one("#step-parents") in screen.focused.ancestors
        await type_text(pilot, "이")
        assert field(screen, "mother.surname").value == "이"


async def test_a_mode_changed_before_the_steps_are_composed_is_applied(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        screen = await open_without_waiting(pilot, DeathWizard)
        field(screen, "later.enabled").set_value(True)  # only the inquiry, against an earlier report
        await settle(pilot)
        assert screen.draft.later_inquiry
        assert not screen.query_one("#deceased-fields").display
        assert screen.query_one("#f-death_report_receipt_no").display
        assert screen.query_one("#step-death .later-note").display
