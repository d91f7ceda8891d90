"""A problem that stops work at start (database, keys): the message, what to do, and quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from counter.base.i18n import N_, _
from screens.translated import Translated
from screens.widgets.footer import KeysFooter


class FatalScreen(Translated, Screen[None]):
    """Shown instead of any work when Counter cannot start safely; nothing was changed."""

    BINDINGS = [Binding("ctrl+q,escape", "app.quit", N_("Quit"), id="fatal.quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="fatal-box"):
            yield Static(id="fatal-title")
            yield Static(self.message, id="fatal-message")
            yield Static(id="fatal-hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#fatal-title", Static).update(_("Counter cannot start"))
        self.query_one("#fatal-hint", Static).update(
            _("Nothing was changed. Tell the operator this message; Ctrl+Q quits."))
