"""Lookup (F5): a receipt number typed (or scanned into the box) opens its bundle; a registration number or
the start of a name lists the office's bundles that match (`counter.lookup`), newest first, and Enter opens
one. A scan from any screen opens a bundle the same way (`screens.scanner`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from counter.filing.receipts import RECEIPT_RE
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


RESULTS = 20
RESULT_COLUMNS = ((N_("Receipt no."), None), (N_("Kind"), 6), (N_("Filed at"), 11), (N_("Names"), 30),
                  (N_("Requests"), 14))


def result_cells(row: Any) -> tuple[Text, ...]:
    """One found bundle as table cells (masked names only)."""
    from screens.printers import short_time
    from screens.request_table import KIND_LABELS

    names = " · ".join(name for _role, name in row.names)
    waiting = sum(count for status, count in row.requests.items() if status in ("queued", "dispatched", "acknowledged"))
    requests = _("{open} open / {total}").format(open=waiting, total=sum(row.requests.values()))
    kind = _(KIND_LABELS[row.kind]) if row.kind in KIND_LABELS else row.kind
    return tuple(Text(text, no_wrap=True, overflow="ellipsis")
                 for text in (row.receipt_no, kind, short_time(row.filed_at), names, requests))


class LookupScreen(Translated, ModalScreen[None]):
    """A box for a receipt number, a registration number or a name; Enter opens or lists, Esc closes."""

    DEFAULT_CSS = """
    LookupScreen { align: center middle; background: $background 70%; }
    LookupScreen #lookup-box { width: 100; max-width: 98%; height: auto; max-height: 95%; padding: 1 2;
                               border: heavy $primary; background: $surface; }
    LookupScreen #lookup-title { text-style: bold; padding: 0 0 1 0; }
    LookupScreen #lookup-results { height: auto; max-height: 22; }
    LookupScreen .hint { color: $text-muted; padding: 1 0 0 0; }
    """
    BINDINGS = [Binding("escape", "dismiss", N_("Close"), id="lookup.close")]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.found: tuple[Any, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup-box"):
            yield Static(id="lookup-title")
            yield FormField(_("Search"), field_id="lookup_query", max_length=256)
            yield DataTable(id="lookup-results", cursor_type="row", zebra_stripes=True)
            yield Static(id="lookup-hint", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#lookup-results", DataTable).display = False
        self.query_one("#lookup_query", Input).focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#lookup-title", Static).update(_("Find a bundle of this office"))
        self.query_one("#field-lookup_query", FormField).set_label(_("Search"))
        self.query_one("#lookup-hint", Static).update(
            _("Type or scan a receipt number, or type a registration number or the start of a name, then press "
              "Enter. A receipt scanned on any screen opens its bundle too."))
        table = self.query_one("#lookup-results", DataTable)
        table.clear(columns=True)
        for heading, width in RESULT_COLUMNS:
            table.add_column(_(heading), width=width)
        for row in self.found:
            table.add_row(*result_cells(row), key=str(row.bundle_id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        receipt = typed_receipt(event.value)
        if RECEIPT_RE.match(receipt):
            open_receipt(self, self.clerk, receipt, field="lookup_query", on_opened=lambda: self.dismiss(None))
            return
        text, app, office = event.value, self.app, self.clerk.office_code

        def call() -> tuple[Any, ...]:
            from counter.lookup.query import parse_query
            from counter.lookup.search import BundleFilter, search_bundles

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            key = parse_query(text, runtime.vault, field="lookup_query")
            if key is None:
                from counter.base.errors import ValidationError

                raise ValidationError(_("Type what to look for."), field="lookup_query")
            return search_bundles(runtime.db, BundleFilter(key=key, office=office), limit=RESULTS).rows

        run_service(self, call, self._show, error_field="lookup_query", group="lookup")

    def _show(self, found: tuple[Any, ...]) -> None:
        from screens.forms import clear_errors

        clear_errors(self)
        self.found = found
        self.retranslate()
        table = self.query_one("#lookup-results", DataTable)
        table.display = bool(found)
        if found:
            table.focus()
        else:
            self.notify(_("No bundle of this office matches."), timeout=6)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.found[event.cursor_row]
        clerk = self.clerk
        self.dismiss(None)
        from screens.bundle import BundleScreen

        self.app.push_screen(BundleScreen(clerk, row.bundle_id, row.receipt_no))
