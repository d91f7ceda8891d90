"""Textual's own texts in the clerk's language: its key descriptions, the command palette, Ctrl+C.

Textual (8.2.8) describes its widgets' keys in English ("Focus Next", "Dismiss menu", "Page Up"...).
`TEXTUAL_TEXTS` maps each such text to a msgid of ours (catalogue `textual`); the screens' footers and
the help pass every binding through `describe()` when they draw, so a language switch re-labels
Textual's keys with ours. The msgids are our own words, not Textual's: Textual's "Home" must not pick
up a translation that means a house elsewhere in the catalogues.
"""

from __future__ import annotations

from dataclasses import replace

from rich.align import Align
from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.widgets.option_list import Option

from counter.base.i18n import N_, _
from screens.palette import QuickCommandPalette

# Textual's description -> our msgid. A test checks that every Textual binding is listed here.
TEXTUAL_TEXTS: dict[str, str] = {
    # every screen
    "Focus Next": N_("Next field"),
    "Focus Previous": N_("Previous field"),
    "Copy selected text": N_("Copy the selected text"),
    "Copy": N_("Copy the selected text"),
    "Cut selected text": N_("Cut the selected text"),
    "Cut": N_("Cut the selected text"),
    "Paste text from the clipboard": N_("Paste"),
    "Paste": N_("Paste"),
    "Quit": N_("Quit"),
    "Quit the app and return to the command prompt.": N_("Close Counter"),
    "palette": N_("palette"),
    "Open the command palette": N_("Open the list of commands"),
    # scrolling
    "Scroll Up": N_("Scroll up"),
    "Scroll Down": N_("Scroll down"),
    "Scroll Left": N_("Scroll left"),
    "Scroll Right": N_("Scroll right"),
    "Scroll Home": N_("Scroll to the top"),
    "Scroll End": N_("Scroll to the bottom"),
    "Page Up": N_("One screen up"),
    "Page Down": N_("One screen down"),
    "Page Left": N_("One screen left"),
    "Page Right": N_("One screen right"),
    "Page up": N_("One screen up"),
    "Page down": N_("One screen down"),
    # lists and tables
    "Up": N_("Move up"),
    "Down": N_("Move down"),
    "Cursor up": N_("Move up"),
    "Cursor down": N_("Move down"),
    "Cursor Up": N_("Move up"),
    "Cursor Down": N_("Move down"),
    "Cursor left": N_("Move left"),
    "Cursor right": N_("Move right"),
    "First": N_("First entry"),
    "Last": N_("Last entry"),
    "Top": N_("First row"),
    "Bottom": N_("Last row"),
    "Home": N_("First column"),
    "End": N_("Last column"),
    "Select": N_("Choose this entry"),
    "Toggle": N_("Tick or untick"),
    "Toggle option": N_("Tick or untick"),
    "Next option": N_("Next choice"),
    "Previous option": N_("Previous choice"),
    "Next tab": N_("Next tab"),
    "Previous tab": N_("Previous tab"),
    "Toggle collapsible": N_("Open or close this part"),
    "Expand or collapse all": N_("Open or close every part"),
    "Cursor to parent": N_("Up one level"),
    "Cursor to next ancestor": N_("Next entry one level up"),
    "Cursor to next sibling": N_("Next entry on this level"),
    "Cursor to previous sibling": N_("Previous entry on this level"),
    "Open link": N_("Open the link"),
    "Press button": N_("Press the button"),
    # drop-down choices
    "Show menu": N_("Open the choices"),
    "Dismiss menu": N_("Close the choices"),
    # the command palette
    "Exit the command palette": N_("Close the list of commands"),
    "Next command": N_("Next command"),
    "Previous command": N_("Previous command"),
    "Next page": N_("Next page"),
    "Previous page": N_("Previous page"),
    "Go to top": N_("First command"),
    "Go to bottom": N_("Last command"),
    # typing in a field
    "Submit": N_("Done with this field"),
    "Move cursor left": N_("Cursor left"),
    "Move cursor right or accept the completion suggestion": N_("Cursor right (or take the suggestion)"),
    "Move cursor right": N_("Cursor right"),
    "Move cursor left a word": N_("Cursor one word left"),
    "Move cursor right a word": N_("Cursor one word right"),
    "Move cursor left and select": N_("Select one character left"),
    "Move cursor right and select": N_("Select one character right"),
    "Move cursor left a word and select": N_("Select one word left"),
    "Move cursor right a word and select": N_("Select one word right"),
    "Go to start": N_("To the start"),
    "Go to end": N_("To the end"),
    "Select line start": N_("Select to the start"),
    "Select line end": N_("Select to the end"),
    "Select all": N_("Select everything"),
    "Delete character left": N_("Delete the character before"),
    "Delete character right": N_("Delete the character after"),
    "Delete left to start of word": N_("Delete the word before"),
    "Delete right to start of word": N_("Delete the word after"),
    "Delete all to the left": N_("Delete everything before"),
    "Delete all to the right": N_("Delete everything after"),
    # multi-line text
    "Cursor left select": N_("Select one character left"),
    "Cursor right select": N_("Select one character right"),
    "Cursor up select": N_("Select one line up"),
    "Cursor down select": N_("Select one line down"),
    "Cursor word left": N_("Cursor one word left"),
    "Cursor word right": N_("Cursor one word right"),
    "Cursor left word select": N_("Select one word left"),
    "Cursor right word select": N_("Select one word right"),
    "Cursor line start": N_("To the start of the line"),
    "Cursor line end": N_("To the end of the line"),
    "Cursor line start select": N_("Select to the start of the line"),
    "Cursor line end select": N_("Select to the end of the line"),
    "Cursor page up": N_("One screen up"),
    "Cursor page down": N_("One screen down"),
    "Select line": N_("Select the line"),
    "Delete line": N_("Delete the line"),
    "Delete to line start": N_("Delete to the start of the line"),
    "Delete to line end": N_("Delete to the end of the line"),
    "Undo": N_("Undo"),
    "Redo": N_("Redo"),
}
# Textual's texts that are not key descriptions (command palette, Ctrl+C), as our msgids.
SEARCH_PLACEHOLDER = N_("Type to search for a command…")
NO_MATCHES = N_("No command matches")


def describe(text: str) -> str:
    """A binding's description or tooltip in the current language (Textual's own through our msgids)."""
    return _(TEXTUAL_TEXTS.get(text, text)) if text else ""


def described(binding: Binding) -> Binding:
    """`binding` with its description and tooltip in the current language."""
    return replace(binding, description=describe(binding.description), tooltip=describe(binding.tooltip))


def described_active(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """A screen's active bindings (what the footer draws) in the current language."""
    return {key: entry._replace(binding=described(entry.binding), tooltip=describe(entry.tooltip))
            for key, entry in active.items()}


def is_textual_binding(node: DOMNode, binding: Binding) -> bool:
    """True when `binding` comes from one of Textual's own classes (not from a Counter screen or widget)."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("textual"):
            continue
        for entry in cls.__dict__.get("BINDINGS", ()):
            entry = entry if isinstance(entry, Binding) else Binding(*entry)
            if entry.action == binding.action:  # (descriptions may be translated already)
                return True
    return False


class CounterCommandPalette(QuickCommandPalette):
    """The quick command palette with its placeholder and its "no match" line in the clerk's language."""

    def __init__(self) -> None:
        super().__init__(placeholder=_(SEARCH_PLACEHOLDER), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version writes the English "No matches found"; the same, with our msgid.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_(NO_MATCHES), style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class TextualTexts:
    """Mixin for the app: Textual's command palette and its Ctrl+C hint in the clerk's language."""

    def action_command_palette(self) -> None:
        """Open the command palette (ours: translated)."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[attr-defined,arg-type]
            self.push_screen(CounterCommandPalette())  # type: ignore[attr-defined]

    def action_help_quit(self) -> None:
        """Ctrl+C with nothing selected: say which key quits (Textual says it in English)."""
        for entry in self.active_bindings.values():  # type: ignore[attr-defined]
            if entry.binding.action in ("quit", "app.quit"):
                self.notify(_("To close Counter press {key}.").format(  # type: ignore[attr-defined]
                    key=self.get_key_display(entry.binding)), title=_("Close Counter?"))  # type: ignore[attr-defined]
                return
