"""Help: the keys of the screen underneath and of the whole app, in the current language.

By default a clerk sees each key and what it does, grouped (this screen / everywhere); `a` shows the
advanced view: every key, Textual's own editing and scrolling keys too, with the binding ids a
supervisor uses to remap keys in the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from counter.base.i18n import N_, _
from screens.builtin_texts import describe, is_textual_binding
from screens.translated import Translated
from screens.widgets.footer import KeysFooter


@dataclass
class HelpRow:
    """One action: its keys (as shown), what it does, and its id for the keymap ("" for Textual's)."""

    keys: list[str]
    action: str
    ident: str


class HelpScreen(Translated, ModalScreen[None]):
    """Lists the keys: key and action, grouped; `a` adds Textual's keys and the binding ids."""

    BINDINGS = [
        Binding("escape,f1", "dismiss", N_("Close"), id="help.close"),
        Binding("a", "advanced", N_("Advanced: key ids"), id="help.advanced"),
    ]

    def __init__(self, underneath: Screen[Any]) -> None:
        super().__init__()
        self.underneath = underneath
        self.advanced = False

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="help-hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.show_keys()
        self.query_one(DataTable).focus()

    def retranslate(self) -> None:
        super().retranslate()
        if self.is_mounted:
            self.show_keys()

    def action_advanced(self) -> None:
        """Show or hide Textual's own keys and the binding ids."""
        self.advanced = not self.advanced
        self.show_keys()

    def show_keys(self) -> None:
        """Fill the table for the current view and language."""
        self.query_one("#help-title", Static).update(_("Keys"))
        self.query_one("#help-hint", Static).update(Text(
            _("Keys can be changed in the settings file: [keymap] id = \"key\".") if self.advanced
            else _("Press a to see every key with its id (for the settings file).")))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(_("Key"), _("Action"), *([_("Id")] if self.advanced else []))
        here: list[DOMNode] = [self.underneath, *self.underneath.query("*")]
        app: list[DOMNode] = [self.app]
        for title, nodes, everywhere in ((N_("This screen"), here, False), (N_("Everywhere"), app, True)):
            rows = self._rows(nodes, everywhere=everywhere)
            if not rows:
                continue
            table.add_row(Text(_(title), style="bold"), "", *([""] if self.advanced else []))
            for row in rows:
                cells = [" / ".join(row.keys), row.action]
                table.add_row(*cells, *([row.ident or "-"] if self.advanced else []))

    def _node_bindings(self, node: DOMNode) -> BindingsMap:
        bindings = node._bindings.copy()
        keymap = getattr(self.app, "_keymap", None)
        if keymap:
            bindings.apply_keymap(keymap)  # the keys as remapped in the settings file
        return bindings

    def _rows(self, nodes: list[DOMNode], *, everywhere: bool) -> list[HelpRow]:
        rows: dict[tuple[str, str], HelpRow] = {}
        if everywhere:  # Tab, Shift+Tab and copying work on every screen (Textual's screen keys)
            nodes = [*nodes, self.underneath]
        for node in nodes:
            for _key, binding in self._node_bindings(node):
                if not binding.description or binding.system or binding.key.startswith("super+"):
                    continue  # (super+: the Mac command key; no counter keyboard has one)
                textual = is_textual_binding(node, binding)
                screen_key = textual and isinstance(node, Screen)
                if textual and not self.advanced and not screen_key:
                    continue  # editing and scrolling keys of Textual's widgets: the advanced view
                if screen_key != (everywhere and node is self.underneath):
                    continue  # Textual's screen keys are listed once, under "everywhere"
                description = describe(binding.description)
                ident = binding.id or ""
                row = rows.setdefault((ident or binding.action, description), HelpRow([], description, ident))
                key = self.app.get_key_display(binding)
                if key not in row.keys:
                    row.keys.append(key)
        return list(rows.values())
