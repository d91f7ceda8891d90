"""Help: every key binding of the app and of the screen underneath, in the current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from counter.i18n import N_, _
from screens.translated import Translated


class HelpScreen(Translated, ModalScreen[None]):
    """Lists bindings: key, what it does, and its id (for remapping in the settings file)."""

    BINDINGS = [Binding("escape,f1", "dismiss", N_("Close"), id="help.close")]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(_("Keys"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("Keys can be changed in the settings file: [keymap] id = \"key\"."), id="help-hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"), _("Id"))
        seen: set[str] = set()
        for node in (self.underneath, *self.underneath.query("*"), self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    ident = binding.id or binding.action
                    if ident in seen or not binding.description:
                        continue
                    seen.add(ident)
                    key = self.app.get_key_display(binding)
                    table.add_row(key, binding.description, binding.id or "")
        table.focus()
