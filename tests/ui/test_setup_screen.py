"""The set-up screen shows every problem of the form at once, beside its field, on the first Ctrl+S."""

from __future__ import annotations

from sqlmodel import select
from ui_helpers import PASSWORD, make_app, type_text

from counter.office.clerks import needs_setup
from counter.office.runtime import Runtime
from models import Office
from screens.home import HomeScreen
from screens.setup import SetupScreen


def _error(screen: SetupScreen, field: str) -> str:
    return str(screen.query_one(f"#field-{field} .field-error").content)  # type: ignore[attr-defined]


async def _fill(pilot, values: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    for text in values:
        await type_text(pilot, text)
        await pilot.press("tab")


async def test_every_problem_shows_at_once_and_the_first_field_gets_the_focus(ui_runtime: Runtime) -> None:
    app = make_app(ui_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        # A 3-digit office code, no office name, a 5-character password (typed twice).
        await _fill(pilot, ("365", "", "", "boss", "이수진", "abcde", "abcde"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "7자리" in _error(screen, "office_code")
        assert "이름" in _error(screen, "office_name")
        assert "8자" in _error(screen, "password")
        assert [_error(screen, f) for f in ("office_phone", "username", "display_name", "password_again")] == [
            "", "", "", ""]  # no phone is allowed: the papers then print none
        assert app.focused is not None and app.focused.id == "office_code"
        assert needs_setup(ui_runtime.db)

        # Mend the code only: the other problems stay, the focus moves to the next one.
        await pilot.press("end")  # the focus selected the field's text; keep it and go on typing
        await type_text(pilot, "0052")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _error(screen, "office_code") == "" and _error(screen, "office_name") != ""
        assert app.focused is not None and app.focused.id == "office_name"

        await type_text(pilot, "역삼1동 주민센터")
        for field in ("password", "password_again"):
            screen.query_one(f"#{field}").value = PASSWORD  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with ui_runtime.db.session() as session:
        assert session.exec(select(Office)).one().code == "3650052"


async def test_mismatched_repeat_is_shown_with_the_other_problems(ui_runtime: Runtime) -> None:
    app = make_app(ui_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = app.screen
        await _fill(pilot, ("3650052", "역삼1동", "3423-5392", "Bad Name", "", PASSWORD, "other words"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        flagged = [f for f in ("office_code", "office_name", "office_phone", "username", "display_name", "password",
                               "password_again") if _error(screen, f)]  # type: ignore[arg-type]
        assert flagged == ["office_phone", "username", "display_name", "password_again"]
        assert "02-3423-5392" in _error(screen, "office_phone")  # type: ignore[arg-type]
        assert app.focused is not None and app.focused.id == "office_phone"


async def test_the_office_phone_typed_at_set_up_is_kept_for_the_papers(ui_runtime: Runtime) -> None:
    app = make_app(ui_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await _fill(pilot, ("3650052", "역삼1동 주민센터", "02 3423 5392", "boss", "이수진", PASSWORD, PASSWORD))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with ui_runtime.db.session() as session:
        assert session.exec(select(Office)).one().phone == "02-3423-5392"
