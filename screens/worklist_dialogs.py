"""The agency queue's small screens: a choice from a list (the filters), a local department's result and
a request's cancellation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from counter.agencies.worklist import RequestRow
from counter.base.i18n import N_, _, current_language
from counter.base.session import SignedInClerk
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter

DIALOG_CSS = """
{screen} { align: center middle; background: $background 70%; }
{screen} .dialog { width: 100; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
                   border: heavy $primary; background: $surface; }
{screen} .dialog-title { text-style: bold; padding: 0 0 1 0; }
{screen} .dialog > OptionList { height: auto; max-height: 12; }
{screen} .hint { color: $text-muted; padding: 1 0 0 0; }
"""
OUTCOMES = (("completed", N_("Completed: the citizen gets the result")), ("rejected", N_("Rejected: with the reason")))


def request_heading(row: RequestRow) -> str:
    """`2026-3650052-000123-K · 국세청 · 국세 체납·환급금`."""
    return f"{row.receipt_no} · {row.agency_name} · {row.service_name(current_language())}"


class ChoiceScreen(Translated, ModalScreen[str | None]):
    """One value from a short list: Enter chooses, Esc leaves the choice as it was (None)."""

    DEFAULT_CSS = DIALOG_CSS.replace("{screen}", "ChoiceScreen")
    BINDINGS = [Binding("escape", "dismiss_none", N_("Close"), id="choice.close")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.heading, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="dialog"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield OptionList(*(Option(Text(label), id=value or "-") for value, label in self.choices), id="choice-list")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next((i for i, (value, _label) in enumerate(self.choices) if value == self.current), 0)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_dismiss_none(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


class LocalResultScreen(Translated, ModalScreen[bool]):
    """The department's decision: completed or rejected, the result as the citizen is told it, an amount
    and the decision date; Enter in a field records it (True), Esc closes without (False)."""

    DEFAULT_CSS = DIALOG_CSS.replace("{screen}", "LocalResultScreen")
    BINDINGS = [Binding("escape", "close", N_("Close"), id="result.close")]

    def __init__(self, row: RequestRow, clerk: SignedInClerk) -> None:
        super().__init__()
        self.row, self.clerk = row, clerk

    def compose(self) -> ComposeResult:
        today = self.app.clock().date().isoformat()  # type: ignore[attr-defined]
        with Vertical(id="result-box", classes="dialog"):
            yield Static(id="result-title", classes="dialog-title")
            yield OptionList(*(Option(_(label), id=value) for value, label in OUTCOMES), id="result-outcome")
            yield FormField(_("Result"), field_id="result", max_length=1000)
            yield FormField(_("Amount (won)"), field_id="amount_won", max_length=20)
            yield FormField(_("Decided on"), field_id="decided_on", max_length=10, value=today)
            yield Static(id="result-hint", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        outcomes = self.query_one(OptionList)
        outcomes.highlighted = 0
        outcomes.focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#result-title", Static).update(
            Text(_("Record the result: {request}").format(request=request_heading(self.row))))
        for field_id, label in (("result", _("Result")), ("amount_won", _("Amount (won)")),
                                ("decided_on", _("Decided on"))):
            self.query_one(f"#field-{field_id}", FormField).set_label(label)
        self.query_one("#result-hint", Static).update(
            _("Choose the outcome with the arrows and Enter, write the result, then press Enter to record it. "
              "The citizen is sent the result when they asked for text messages."))

    def on_option_list_option_selected(self) -> None:
        self.query_one("#result", Input).focus()

    def on_input_submitted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted or 0
        outcome = OUTCOMES[highlighted][0]
        result, amount_text = self.query_one("#result", Input).value, self.query_one("#amount_won", Input).value
        day_text, row, clerk, app = self.query_one("#decided_on", Input).value, self.row, self.clerk, self.app
        today = app.clock().date()  # type: ignore[attr-defined]

        def call() -> None:
            from counter.agencies.request_actions import read_amount, read_day, record_local_result

            amount, decided_on = read_amount(amount_text), read_day(day_text)
            record_local_result(app.wait_runtime(), row.request_id, clerk, outcome=outcome,  # type: ignore[attr-defined,arg-type]
                                result=result, amount_won=amount, decided_on=decided_on, today=today)

        def done(_result: None) -> None:
            self.app.notify(_("The result of {receipt} ({agency}) is recorded.").format(
                receipt=row.receipt_no, agency=row.agency_name), title=_("Record result"))
            self.dismiss(True)

        run_service(self, call, done, group="local-result")

    def action_close(self) -> None:
        """Close without recording."""
        self.dismiss(False)


class CancelRequestScreen(Translated, ModalScreen[bool]):
    """A request cancelled with the clerk's reason (audited): Enter cancels it (True), Esc keeps it (False)."""

    DEFAULT_CSS = DIALOG_CSS.replace("{screen}", "CancelRequestScreen")
    BINDINGS = [Binding("escape", "close", N_("Close"), id="cancel.close")]

    def __init__(self, row: RequestRow, clerk: SignedInClerk) -> None:
        super().__init__()
        self.row, self.clerk = row, clerk

    def compose(self) -> ComposeResult:
        with Vertical(id="cancel-box", classes="dialog"):
            yield Static(id="cancel-title", classes="dialog-title")
            yield FormField(_("Reason"), field_id="cancel_reason", max_length=200)
            yield Static(id="cancel-hint", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#cancel_reason", Input).focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#cancel-title", Static).update(
            Text(_("Cancel the request: {request}").format(request=request_heading(self.row))))
        self.query_one("#field-cancel_reason", FormField).set_label(_("Reason"))
        self.query_one("#cancel-hint", Static).update(
            _("Write why (kept in the audit trail; no registration or phone numbers), then press Enter. "
              "Esc keeps the request."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason, row, clerk, app = event.value, self.row, self.clerk, self.app

        def call() -> None:
            from counter.agencies.request_actions import cancel_request

            cancel_request(app.wait_runtime(), row.request_id, clerk, reason)  # type: ignore[attr-defined]

        def done(_result: None) -> None:
            self.app.notify(_("Request {receipt} to {agency} is cancelled.").format(
                receipt=row.receipt_no, agency=row.agency_name), title=_("Cancel request"))
            self.dismiss(True)

        run_service(self, call, done, error_field="cancel_reason", group="cancel-request")

    def action_close(self) -> None:
        """Keep the request."""
        self.dismiss(False)
