"""The app shell by keys: set-up, sign-in, lockout, idle lock, language switch, help, home."""

from __future__ import annotations

import contextlib

from sqlmodel import col, select
from ui_helpers import PASSWORD, make_app, sign_in, type_text

from counter.base.i18n import current_language
from counter.office.runtime import Runtime
from models import AuditEvent, Clerk, Office
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.lock import LockScreen
from screens.login import LoginScreen
from screens.setup import SetupScreen


def _actions(runtime: Runtime) -> list[str]:
    with runtime.db.session() as session:
        return [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.at), col(AuditEvent.seq))).all()]


async def test_first_start_sets_up_the_office_by_keys(ui_runtime: Runtime) -> None:
    app = make_app(ui_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        for text in ("3650052", "역삼1동 주민센터", "02-3423-5392", "boss", "이수진", PASSWORD, PASSWORD):
            await type_text(pilot, text)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.clerk is not None and app.clerk.is_supervisor
    with ui_runtime.db.session() as session:
        office = session.exec(select(Office)).one()
        assert (office.code, office.name, office.phone) == ("3650052", "역삼1동 주민센터", "02-3423-5392")
        assert session.exec(select(Clerk)).one().username == "boss"
    assert (ui_runtime.settings.keys_directory() / "rrn.keys").exists()


async def test_setup_with_mismatched_passwords_stays_with_the_error_beside_the_field(ui_runtime: Runtime) -> None:
    app = make_app(ui_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for text in ("3650052", "역삼1동", "", "boss", "이수진", PASSWORD, "different one"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.focused is not None and app.focused.id == "password_again"
        assert "비밀번호" in str(app.screen.query_one("#field-password_again .field-error").content)


async def test_clerk_signs_in_and_sees_home(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await sign_in(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = str(app.screen.query_one("#whoami").content)
        assert "이민호" in text and "역삼1동 주민센터" in text and "2026" in text
    assert _actions(office_runtime)[-1] == "login"


async def test_five_wrong_passwords_lock_the_account(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _attempt in range(5):
            await sign_in(pilot, "lee", "wrong password")
            app.screen.query_one("#username").value = ""  # type: ignore[attr-defined]
            app.screen.query_one("#username").focus()
        await sign_in(pilot, "lee", PASSWORD)
        assert isinstance(app.screen, LoginScreen)
        error = str(app.screen.query_one("#field-password .field-error").content)
        assert "잠" in error  # 잠겼습니다 / 잠금
    assert "account.locked" in _actions(office_runtime)


async def test_idle_clerk_is_locked_and_work_is_kept(office_runtime: Runtime) -> None:
    app = make_app(office_runtime, idle_check_seconds=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        app.settings.idle_lock_minutes = 0.002  # about 0.1 s
        for _tick in range(100):  # bounded wait: a loaded machine may take a while to tick
            if isinstance(app.screen, LockScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, LockScreen)
        app.settings.idle_lock_minutes = 5
        await type_text(pilot, "wrong password")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is home
    actions = _actions(office_runtime)
    assert "screen.lock" in actions and actions[-1] == "screen.unlock"


async def test_language_switches_to_english_and_back(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#field-username .field-label").content.strip() == "사용자 이름"  # type: ignore[attr-defined]
        await pilot.press("f12")
        await pilot.pause()
        assert current_language() == "en"
        assert "User name" in str(app.screen.query_one("#field-username .field-label").content)
        await sign_in(pilot)
        assert "Birth bundle" in str(app.screen.query_one("#capabilities").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        app.action_toggle_language()
        await pilot.pause()
        assert "출생" in str(app.screen.query_one("#capabilities").get_option_at_index(0).prompt)  # type: ignore[attr-defined]


async def test_help_lists_every_binding_with_its_id(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("a")  # the advanced view shows the ids
        table = app.screen.query_one("#help-table")
        ids = {table.get_row_at(i)[2] for i in range(table.row_count)}  # type: ignore[attr-defined]
        assert {"home.birth", "home.death", "home.queue", "app.help", "app.lock", "app.quit"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_every_home_key_opens_its_screen(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        for key, screen in (("f4", "AgencyQueueScreen"), ("f5", "LookupScreen"), ("f6", "PrintersScreen"),
                            ("f7", "ReportsScreen")):
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert type(app.screen).__name__ == screen
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert not any("아직" in str(n.message) for n in app._notifications)


async def test_keys_are_remappable_from_settings(office_runtime: Runtime) -> None:
    office_runtime.settings.keymap = {"app.help": "f10"}
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_supervisor_unlocks_a_locked_clerk_from_home(office_runtime: Runtime) -> None:
    from counter.base.errors import AuthError
    from counter.office.clerks import authenticate

    for _attempt in range(5):
        with contextlib.suppress(AuthError):
            authenticate(office_runtime.db, "lee", "bad password", office_runtime.settings, "T1")
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot, "boss")
        await pilot.press("ctrl+u")
        await pilot.pause()
        await type_text(pilot, "lee")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert authenticate(office_runtime.db, "lee", PASSWORD, office_runtime.settings, "T1").username == "lee"


async def test_clerk_cannot_open_the_unlock_screen(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot, "lee")
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_app_opens_the_database_in_the_background_and_signs_in(office_runtime: Runtime) -> None:
    from screens.app import CounterApp

    app = CounterApp(office_runtime.settings)  # no runtime given: the app opens it itself
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await sign_in(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.runtime is not None


async def test_database_from_a_newer_counter_shows_a_message_not_a_traceback(office_runtime: Runtime) -> None:
    from sqlalchemy import text

    from screens.app import CounterApp
    from screens.fatal import FatalScreen

    with office_runtime.db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    app = CounterApp(office_runtime.settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FatalScreen)
        assert "9999" in str(app.screen.query_one("#fatal-message").content)


async def test_ctrl_p_opens_the_command_palette_but_never_above_the_lock(office_runtime: Runtime) -> None:
    from textual.command import CommandPalette

    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_a_filing_that_finishes_behind_the_lock_waits_for_the_password(office_runtime: Runtime) -> None:
    import uuid

    from counter.filing.core import FilingResult
    from screens.birth import BirthWizard
    from screens.wizard.filed import FiledScreen

    app = make_app(office_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, BirthWizard)
        app.action_lock()
        await pilot.pause()
        result = FilingResult("3650052-T1-261121-0001-X", uuid.uuid4(), "birth", (), (), 0)
        wizard.show_filed(result, "Birth bundle filed")  # the filing worker answers while locked
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        for _tick in range(100):  # bounded: the unlock runs in a worker, then the result is shown
            if isinstance(app.screen, FiledScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, FiledScreen)
