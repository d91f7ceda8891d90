"""What the crawler checks after every action, and how it moves: the screen as text, English left on a
Korean screen, typing into a wizard field by its declaration path, and the way back home."""

from __future__ import annotations

import contextlib
import io
import re

from rich.console import Console
from textual.app import App
from textual.widgets import Button, Select
from ui_helpers import PASSWORD, type_text

from counter.base.i18n import current_language
from screens.builtin_texts import TEXTUAL_TEXTS
from screens.wizard.base import WizardScreen
from screens.wizard.fields import ChoiceField, FlagField, TextField, WizardField, widget_id

# Textual's English texts a clerk could meet: its key descriptions and the palette's and Ctrl+C's lines.
TEXTUAL_ENGLISH = sorted({*TEXTUAL_TEXTS, "Search for commands…", "No matches found", "Do you want to quit?",
                          "to quit the app", "Select"})
# Kept out of the "4+ Latin letters" check, each for a reason:
ALLOWED_PATTERNS = (
    r"YYYY-MM-DD",  # the date mask shown as a placeholder (the format to type)
    r"YYMMDD-GXXXXXX",  # the registration-number mask shown as a placeholder
    r"\b[a-z_]+(?:\.[a-z_]+)+\b",  # binding ids, shown only in the help's advanced view (for the settings file)
    r"\b[0-9A-F]{8}\b",  # signing key ids (hex)
)
ALLOWED_WORDS = {
    "English",  # the language switch names the other language in that language
    "keymap",  # the settings file's section name, in the help's advanced view
    "boss",  # the supervisor's user name: data the office chose, not interface text
}
KEY_CAPS = {"ctrl", "shift", "enter", "space", "home", "pgup", "pgdn", "delete", "backspace"}  # as on the keys


def screen_text(app: App[None]) -> str:
    """Everything on screen now (toasts and the screens underneath a modal included), as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True,
                      color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def english_on_screen(text: str) -> list[str]:
    """Textual's English built-ins, and any other run of 4+ Latin letters not allowed above."""
    found = [phrase for phrase in TEXTUAL_ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)]
    for pattern in ALLOWED_PATTERNS:
        text = re.sub(pattern, " ", text)
    found += [word for word in re.findall(r"[A-Za-z]{4,}", text)
              if word not in ALLOWED_WORDS and word.lower() not in KEY_CAPS]
    return sorted(set(found))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the app finish what a key started (workers, refreshes)."""
    from textual.worker import WorkerCancelled

    await pilot.pause()
    with contextlib.suppress(WorkerCancelled):  # an exclusive worker replaced by a newer one (leaving a screen cancels too)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def check(pilot, where: str) -> None:  # type: ignore[no-untyped-def]
    """After an action: the app runs, no traceback on screen, and no English on a Korean screen."""
    app = pilot.app
    assert app.is_running and app.return_code is None and app._exception is None, f"{where}: the app stopped"
    text = screen_text(app)
    assert "Traceback" not in text and "Error in " not in text, f"{where}: a traceback on screen\n{text}"
    if current_language() == "ko":
        english = english_on_screen(text)
        assert english == [], f"{where}: English on a Korean screen: {english}\n{text}"


def enabled_buttons(app: App[None]) -> list[str]:
    """The ids of the buttons a clerk can press on the current screen."""
    return [button.id for button in app.screen.query(Button)
            if button.id and not button.disabled and all(node.display for node in button.ancestors_with_self
                                                          if hasattr(node, "display"))]


def footer_keys(app: App[None], skip: frozenset[str]) -> list[str]:
    """The keys the footer of the current screen shows enabled (found, not listed: whatever the screen has)."""
    return [key for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.enabled and key not in skip]


def shown(widget) -> bool:  # type: ignore[no-untyped-def]
    """True when the widget and every container around it is displayed."""
    return all(node.display for node in widget.ancestors_with_self if hasattr(node, "display"))


def wizard_field(wizard: WizardScreen, path: str) -> WizardField:
    """The wizard's field for a declaration path."""
    return wizard.query_one(f"#{widget_id(path)}", WizardField)


async def put(pilot, wizard: WizardScreen, path: str, value: object) -> None:  # type: ignore[no-untyped-def]
    """Give the field at `path` its value by keys alone: type it, tick it, or pick it from the drop-down."""
    field = wizard_field(wizard, path)
    field.control.focus()
    await pilot.pause()
    if isinstance(field, TextField):
        await pilot.press("end", "ctrl+u")  # the field may hold a default ("0", "1")
        await type_exactly(pilot, str(value))
        expected: object = str(value)
    elif isinstance(field, FlagField):
        if field.value != bool(value):
            await pilot.press("space")
        expected = bool(value)
    elif isinstance(field, ChoiceField):
        await choose(pilot, field.control, [code for code, _label in field.choices].index(str(value)))
        expected = str(value)
    else:  # pragma: no cover - a new kind of field must be taught to the crawler
        raise TypeError(f"unknown field {path}")
    await pilot.pause()
    assert field.value == expected, f"{path}: {field.value!r} after typing {value!r}"


async def type_exactly(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` key by key; a symbol Pilot cannot name (`○`) is sent as the terminal sends it."""
    from textual import events
    from textual.keys import _character_to_key

    for character in text:
        if character.isalnum() or character.isascii():
            await pilot.press(character)
        else:
            pilot.app._driver.send_message(events.Key(_character_to_key(character), character))
            await pilot.pause()


async def choose(pilot, select: Select, index: int) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Open the drop-down with Enter, go to the first entry, move down to `index`, pick it with Enter."""
    await pilot.press("enter")
    await pilot.pause()
    blank = 1 if getattr(select, "_allow_blank", True) else 0
    await pilot.press("home", *(["down"] * (index + blank)), "enter")
    await pilot.pause()


async def answer_lock(pilot) -> None:  # type: ignore[no-untyped-def]
    """Type the password on the lock screen."""
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    await settle(pilot)
