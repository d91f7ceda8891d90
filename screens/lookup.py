"""Lookup (F5): a receipt number typed (or scanned into the box) opens its bundle. A scan from any screen
goes the same way (`screens.scanner`)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from screens.scanner import scanned_character
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter


def typed_receipt(text: str) -> str:
    """What was typed as a receipt number: spaces dropped, letters upper case, jamo read as letters."""
    return "".join(scanned_character(char, char) or char for char in text.strip() if not char.isspace())


def open_receipt(screen: Screen[Any], clerk: SignedInClerk, receipt_no: str, *, field: str | None = None,
                 on_opened: Any = None) -> None:
    """Open the office's bundle `receipt_no` over `screen`; a wrong check character or a number this office
    did not file is said beside `field` (or in a notification)."""
    from counter.filing.bundle_summary import BundleSummary, receipt_problem

    problem = receipt_problem(receipt_no)
    if problem is not None:
        message = (_("{receipt} is not a receipt number: its check character is wrong. Scan it again or type it.")
                   if problem == "check" else _("{receipt} is not a receipt number (e.g. 3650052-K7-261121-0003-M)."))
        _tell(screen, ValidationError(message.format(receipt=receipt_no[:40]), field=field or "receipt_no"), field)
        return
    app = screen.app

    def call() -> BundleSummary:
        from counter.filing.bundle_summary import find_bundle

        found = find_bundle(app.wait_runtime().db, receipt_no, clerk.office_id)  # type: ignore[attr-defined]
        if found is None:
            raise ValidationError(_("No bundle of this office has the receipt number {receipt}.").format(
                receipt=receipt_no), field=field or "receipt_no")
        return found

    def found(summary: BundleSummary) -> None:
        from screens.bundle import BundleScreen

        if on_opened is not None:
            on_opened()
        app.push_screen(BundleScreen(clerk, summary.bundle_id, summary.receipt_no))

    run_service(screen, call, found, on_error=lambda error: _tell(screen, error, field), group="open-receipt")


def _tell(screen: Screen[Any], error: Any, field: str | None) -> None:
    from screens.forms import show_error

    if field is None:
        screen.notify(error.message, title=_("Receipt number"), severity="error", timeout=10)
    else:
        show_error(screen, error, field)


class LookupScreen(Translated, ModalScreen[None]):
    """A box for a receipt number; Enter opens its bundle, Esc closes."""

    DEFAULT_CSS = """
    LookupScreen { align: center middle; background: $background 70%; }
    LookupScreen #lookup-box { width: 90; height: auto; padding: 1 2; border: heavy $primary; background: $surface; }
    LookupScreen #lookup-title { text-style: bold; padding: 0 0 1 0; }
    LookupScreen .hint { color: $text-muted; padding: 1 0 0 0; }
    """
    BINDINGS = [Binding("escape", "dismiss", N_("Close"), id="lookup.close")]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup-box"):
            yield Static(id="lookup-title")
            yield FormField(_("Receipt no."), field_id="receipt_no", max_length=40)
            yield Static(id="lookup-hint", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#receipt_no", Input).focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#lookup-title", Static).update(_("Open a bundle by its receipt number"))
        self.query_one("#field-receipt_no", FormField).set_label(_("Receipt no."))
        self.query_one("#lookup-hint", Static).update(
            _("Type or scan the receipt number and press Enter. A receipt scanned on any screen opens its bundle too."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        open_receipt(self, self.clerk, typed_receipt(event.value), field="receipt_no",
                     on_opened=lambda: self.dismiss(None))
