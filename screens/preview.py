"""The receipt or notice of a filed bundle as text, before or after printing."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from counter.base.i18n import N_, _
from counter.printing.print_queue import document_label
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.footer import KeysFooter

OTHER_DOCUMENT = {"receipt": "notice", "notice": "receipt"}


class PreviewScreen(Translated, ModalScreen[None]):
    """A modal showing what the bundle's receipt or notice says (the QR is shown as a mark; it is
    signed only when printed). Tab switches between the receipt and the notice; Esc closes.

    Open it from any screen once the bundle is filed, e.g. after filing::

        self.app.push_screen(PreviewScreen(result.bundle_id, "receipt"))

    `document` is `"receipt"` (접수증) or `"notice"` (후속절차 안내문).
    """

    CSS_PATH = "preview.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", N_("Close"), id="preview.close"),
        Binding("tab", "switch_document", N_("Receipt / notice"), id="preview.switch"),
    ]

    def __init__(self, bundle_id: uuid.UUID, document: str = "receipt") -> None:
        super().__init__()
        self.bundle_id = bundle_id
        self.document = document if document in OTHER_DOCUMENT else "receipt"

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-box"):
            yield Static(id="preview-title")
            with VerticalScroll(id="preview-scroll"):
                yield Static(id="preview-text")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#preview-scroll").focus()

    def retranslate(self) -> None:
        """Re-render: the document itself is written in the current language."""
        super().retranslate()
        self.query_one("#preview-title", Static).update(
            _("Preview of the {document} (nothing is printed here)").format(document=document_label(self.document)))
        self._load()

    def action_switch_document(self) -> None:
        """Show the other paper of the same bundle."""
        self.document = OTHER_DOCUMENT[self.document]
        self.retranslate()

    def _load(self) -> None:
        app, bundle_id, document = self.app, self.bundle_id, self.document
        issued_at = app.clock()  # type: ignore[attr-defined]

        def call() -> str:
            from counter.printing.print_service import preview_text

            return preview_text(app.wait_runtime().db, bundle_id, document, issued_at)  # type: ignore[attr-defined]

        def shown(text: str) -> None:
            self.query_one("#preview-text", Static).update(Text(text))
            self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)

        self.query_one("#preview-text", Static).update(_("Preparing the preview..."))
        run_service(self, call, shown, group="preview")
