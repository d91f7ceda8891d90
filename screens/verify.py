"""Check a QR code from a receipt or notice, offline: what it proves, or why it is not valid."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from counter.base.errors import CounterError
from counter.base.i18n import N_, _
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter

MAX_PAYLOAD = 1000  # a real payload is about 200 characters; anything longer is not one of ours


class VerifyScreen(Translated, Screen[None]):
    """Scan (the scanner types and presses Enter) or paste a QR text; Enter checks it."""

    CSS_PATH = "verify.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="verify.close"),
        Binding("f2", "clear", N_("Clear"), id="verify.clear"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="verify-form", classes="form"):
            yield Static(id="verify-intro", classes="intro")
            yield FormField(_("QR code text"), field_id="payload", max_length=MAX_PAYLOAD)
            yield Static(id="verify-result")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self._show("", "")
        self.query_one("#payload", Input).focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Verify a QR code")
        self.query_one("#verify-intro", Static).update(
            _("Scan the QR code on a receipt or notice, or paste its text, and press Enter. "
              "The check works offline with this office's key and the trusted keys."))
        self.query_one("#field-payload", FormField).set_label(_("QR code text"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        payload, app = event.value.strip(), self.app
        event.input.value = ""  # the next scan starts empty; the result stays shown
        if not payload:
            return

        def call() -> list[str]:
            from dataclasses import replace

            from counter.printing.print_queue import document_kind_label
            from counter.printing.print_service import verified_lines
            from counter.printing.signing import verify_payload
            from counter.printing.trusted_keys import verification_keys

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            # Each key proves only its own offices' papers: the reason says which key and office.
            proof = verify_payload(payload, verification_keys(runtime.settings.keys_directory(), runtime.db))
            # The clerk reads `출생신고 접수증`, never the signed code `RECEIPT-BIRTH`.
            return verified_lines(replace(proof, document=document_kind_label(proof.document)))

        self._show(_("Checking..."), "")
        run_service(self, call, self._valid, on_error=self._invalid, group="verify")

    def _valid(self, lines: list[str]) -> None:
        self._show("\n".join(lines), "-valid")

    def _invalid(self, error: CounterError) -> None:
        self._show(error.message, "-invalid")

    def _show(self, text: str, state: str) -> None:
        result = self.query_one("#verify-result", Static)
        result.update(Text(text))
        result.display = bool(text)
        result.set_class(state == "-valid", "-valid")
        result.set_class(state == "-invalid", "-invalid")

    def action_clear(self) -> None:
        """Empty the field for the next code."""
        self.query_one("#payload", Input).value = ""
        self._show("", "")
        self.query_one("#payload", Input).focus()

    def action_close(self) -> None:
        """Back to where the clerk came from."""
        self.app.pop_screen()
