"""Letter keys with the keyboard in 한글 mode: `y` arrives as `ㅛ` and must still answer yes."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer
from ui_helpers import make_app, sign_in

from counter.office.runtime import Runtime
from screens.home import HomeScreen
from screens.translated import JAMO, hangul_key, translate_bindings
from screens.wizard.confirm import ConfirmScreen


def test_every_latin_letter_has_its_dubeolsik_jamo() -> None:
    assert len(JAMO) == 26 + 7
    assert [hangul_key(k) for k in "ynqQPa"] == ["ㅛ", "ㅜ", "ㅂ", "ㅃ", "ㅖ", "ㅁ"]
    assert hangul_key("A") == "ㅁ"  # Shift+A types ㅁ in 한글 mode, as `a` does
    assert [hangul_key(k) for k in ("ctrl+y", "f1", "escape", "1", "ㅛ")] == [None] * 5


def test_the_terminal_names_a_jamo_key_by_itself_and_ctrl_keys_by_their_letter() -> None:
    keys = [e.key for e in XTermParser().feed("ㅛ\x19Y") if isinstance(e, events.Key)]
    assert keys == ["ㅛ", "ctrl+y", "Y"]  # ctrl+y is the same byte in any input mode: no alias needed


class _Letters(App[None]):
    BINDINGS = [Binding("q", "hit('q')", "Q", id="t.q"), Binding("Q", "hit('Q')", "Big Q", id="t.bigq"),
                Binding("ctrl+s", "hit('s')", "Save"), Binding("ㅁ", "hit('own')", "Own jamo"),
                Binding("a", "hit('a')", "A")]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []
        translate_bindings(self)

    def compose(self):  # type: ignore[no-untyped-def]
        yield Footer()

    def action_hit(self, what: str) -> None:
        self.hits.append(what)


async def test_jamo_aliases_act_like_their_letters_and_stay_out_of_the_footer() -> None:
    app = _Letters()
    async with app.run_test() as pilot:
        await pilot.press("ㅂ", "ㅃ", "ㅁ", "ctrl+s")
        await pilot.pause()
        assert app.hits == ["q", "Q", "own", "s"]  # a jamo bound on its own keeps its own binding
        shown = [key for key, active in app.screen.active_bindings.items() if active.binding.show]
        assert "ㅂ" not in shown and "ㅃ" not in shown and "q" in shown


async def _confirm(pilot, app, key: str) -> list[bool | None]:  # type: ignore[no-untyped-def]
    answers: list[bool | None] = []
    app.push_screen(ConfirmScreen("지울까요?"), answers.append)
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    return answers


async def test_confirm_answers_to_jamo_in_hangul_mode(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        assert await _confirm(pilot, app, "ㅛ") == [True]
        assert await _confirm(pilot, app, "ㅜ") == [False]
        assert await _confirm(pilot, app, "y") == [True]
        assert await _confirm(pilot, app, "escape") == [False]
        assert await _confirm(pilot, app, "enter") == []  # Enter never says yes to a discard or a reprint
        assert isinstance(app.screen, ConfirmScreen)
        assert any("y" in n.message and "Esc" in n.message for n in app._notifications)
        await pilot.press("ㅜ")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_discarding_a_wizard_draft_with_hangul_keys(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f2")  # the birth wizard
        await pilot.pause()
        wizard = app.screen
        typed_into = app.focused
        await pilot.press(*"김하늘")
        assert typed_into is not None and "김하늘" in getattr(typed_into, "value", "")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("ㅜ")  # no: keep the draft
        await pilot.pause()
        assert app.screen is wizard and "김하늘" in typed_into.value  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ㅛ")  # yes: discard
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
