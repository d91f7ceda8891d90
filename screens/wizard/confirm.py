"""A yes/no question in a small box: `y` answers yes, `n` / Esc answers no (in 한글 mode `ㅛ` / `ㅜ`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from counter.base.i18n import N_, _
from screens.translated import Translated
from screens.widgets.footer import KeysFooter


class ConfirmScreen(Translated, ModalScreen[bool]):
    """Dismissed with True (yes) or False (no); the question is already translated."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; background: $background 70%; }
    ConfirmScreen > #confirm-box { width: 70; height: auto; padding: 1 2; border: heavy $warning;
                                   background: $surface; }
    """
    BINDINGS = [
        # Only `y` says yes: a reflexive Enter must not discard a draft or print a second copy.
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
        Binding("enter", "remind", show=False, id="confirm.remind"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
        yield KeysFooter(show_command_palette=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    def action_remind(self) -> None:
        """Enter answers nothing here (a reflexive Enter must not discard or print): say which keys do."""
        self.notify(_("Press y to answer yes, or n or Esc to answer no."), timeout=4)
