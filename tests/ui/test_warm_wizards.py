"""Wizards built ahead at the home screen (screens/warm.py): used once, for their clerk only, and what
depends on the moment they show (the language, today's catalogue, a saved draft) is right when they show."""

from __future__ import annotations

from datetime import datetime, timedelta

from test_birth_wizard import settle
from ui_helpers import PASSWORD, make_app, sign_in

from counter.office.clerks import authenticate
from counter.office.drafts import save_draft
from counter.office.runtime import Runtime
from screens.app import CounterApp
from screens.birth import BirthWizard
from screens.birth.draft import BirthDraft
from screens.death import DeathWizard
from screens.home import HomeScreen
from screens.wizard.drafts import ResumeDraftScreen

SIZE = (100, 30)


async def at_home(pilot, username: str = "lee") -> CounterApp:  # type: ignore[no-untyped-def]
    """Signed in by keys, with the home screen settled (its wizards built)."""
    await pilot.pause()
    await sign_in(pilot, username)
    await settle(pilot)
    await settle(pilot)
    app: CounterApp = pilot.app
    assert isinstance(app.screen, HomeScreen)
    return app


def saved_birth_draft(runtime: Runtime, username: str = "lee") -> BirthDraft:
    clerk = authenticate(runtime.db, username, PASSWORD, runtime.settings, "T1")
    draft = BirthDraft()
    draft.set("child.surname", "김")
    save_draft(runtime.db, runtime.vault, clerk, kind="birth", draft_id=draft.idempotency_key, step_index=0,
               data=draft.to_dict())
    return draft


async def test_f2_and_f3_show_the_wizards_built_at_home_and_new_ones_are_built_after(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        assert app.warm_wizards.kinds == ("birth", "death")
        warm_birth = app.warm_wizards._warm["birth"]
        assert warm_birth not in app.screen_stack and warm_birth.is_mounted
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is warm_birth and isinstance(app.screen, BirthWizard)
        assert app.screen.focused is not None and app.screen.focused.id is None  # the surname input
        assert app.screen.focused.parent.id == "f-child--surname"
        await pilot.press("escape")  # nothing typed: closes without asking
        await at_home_again(pilot)
        assert app.warm_wizards.kinds == ("death", "birth")
        assert app.warm_wizards._warm["birth"] is not warm_birth  # a wizard is used once
        assert not warm_birth.is_running
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, DeathWizard) and app.screen.focused is not None
        assert app.crashes == []


async def at_home_again(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)


async def test_signing_out_drops_the_wizards_built_for_that_clerk(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        built = list(app.warm_wizards._warm.values())
        assert len(built) == 2
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.warm_wizards.kinds == () and not any(screen.is_running for screen in built)
        await at_home(pilot, "boss")
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.clerk.username == "boss"  # type: ignore[attr-defined]


async def test_a_draft_saved_before_is_offered_when_the_built_wizard_shows(office_runtime: Runtime) -> None:
    saved_birth_draft(office_runtime)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        assert isinstance(app.screen, HomeScreen)  # found while built, not asked over the home screen
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftScreen)
        await pilot.press("ㅛ")  # y, in 한글 mode
        await settle(pilot)
        assert isinstance(app.screen, BirthWizard) and app.screen.draft.get("child.surname") == "김"


async def test_a_draft_deleted_after_the_wizard_was_built_is_not_offered(office_runtime: Runtime) -> None:
    draft = saved_birth_draft(office_runtime)
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        warm_birth = app.warm_wizards._warm["birth"]
        warm_birth.draft_keeper.discard(draft.idempotency_key)  # a delete of a birth draft, as Esc › y does
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is warm_birth  # looked again: nothing to offer


async def test_a_wizard_built_before_midnight_reads_the_catalogue_for_the_new_day(office_runtime: Runtime) -> None:
    now = [datetime(2026, 11, 21, 23, 59)]
    app = CounterApp(office_runtime.settings, runtime=office_runtime, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        warm_death = app.warm_wizards._warm["death"]
        assert warm_death.catalogue_day == now[0].date()
        now[0] += timedelta(minutes=2)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is warm_death and warm_death.catalogue_day == now[0].date()
        assert warm_death.catalogue.services or warm_death.catalogue.inquiry_items


async def test_a_wizard_built_in_korean_shows_in_english_after_a_switch(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await at_home(pilot)
        app.switch_language("en")
        try:
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, BirthWizard)
            label = app.screen.query_one("#f-child--surname .wf-label")
            assert str(label.render()) == "Surname"
        finally:
            app.switch_language("ko")
