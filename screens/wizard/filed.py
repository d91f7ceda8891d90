"""After filing: the receipt number, every request with its agency and amount, warnings, the fine."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from counter.base.i18n import N_, _, format_date
from counter.filing.core import FilingResult
from counter.filing.death_inquiry import renunciation_text
from screens.translated import Translated
from screens.widgets.footer import KeysFooter


def format_won(amount: int) -> str:
    """`1,000,000원` / `1,000,000 won`."""
    return _("{amount} won").format(amount=f"{amount:,}")


class Flow:
    """Pieces in a row joined by " · ", wrapped only between pieces (a name or a date is never split);
    continuation lines are indented by `indent` cells."""

    SEPARATOR = " · "

    def __init__(self, pieces: list[str], *, indent: int = 0) -> None:
        self.pieces = [piece for piece in pieces if piece]
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width, line, lines = options.max_width, Text(), []
        for piece in self.pieces:
            room = width - (self.indent if lines else 0)
            if line and line.cell_len + cell_len(self.SEPARATOR + piece) > room:
                lines.append(line)
                line = Text()
            line.append(f"{self.SEPARATOR if line else ''}{piece}")
        lines.append(line)
        yield lines[0]
        for more in lines[1:]:
            yield Padding(more, (0, 0, 0, self.indent))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(piece) for piece in self.pieces), default=0) + self.indent
        return Measurement(widest, cell_len(self.SEPARATOR.join(self.pieces)))


def result_text(result: FilingResult) -> str:
    """The filing's receipt number and what waits for the agencies, as console markup (user data escaped)."""
    return "\n".join([
        _("[b]Filed.[/b] Receipt no. [b]{receipt}[/b]").format(receipt=escape(result.receipt_no)),
        _("The receipt and the notice are waiting in the print queue."),
        "",
        # Requests wait in the outbox until the sync worker delivers them: never say they were sent.
        _("Requests filed and queued for the agencies: {count}").format(count=len(result.requests)),
    ])


def requests_list(result: FilingResult) -> Group:
    """One request per entry: its name, agency and why, never split inside a piece at any width."""
    return Group(*[Flow([f"{number}. {request.name}", request.agency_name, *request.reason_text.split(" · ")], indent=3)
                   for number, request in enumerate(result.requests, start=1)])


def notes_text(result: FilingResult) -> str:
    """The renunciation period (a death), the fine and the warnings, as console markup."""
    lines: list[str] = []
    if result.kind == "death":
        end = result.extra.get("renunciation_period_end")
        lines.append(_("[b]Renounce or limit[/b]  {text}").format(text=renunciation_text()))
        if end:  # its own line, so the date is never split
            lines.append(_("For an heir who learned of the death on the day it happened, the 3 months end on "
                           "{date}.").format(date=format_date(date.fromisoformat(end))))
        lines.append("")
    if result.fine_won:
        lines += [_("Late-report fine to announce: {amount}").format(amount=format_won(result.fine_won)), ""]
    if result.warnings:
        lines += [_("Warnings:")] + [f"  ⚠ {escape(w.message)}" for w in result.warnings]
    return "\n".join(lines).strip()


class FiledScreen(Translated, Screen[None]):
    """Shown in place of the wizard once the bundle is filed; F3/F4 preview the papers, Enter or Esc
    returns home."""

    DEFAULT_CSS = """
    FiledScreen #filed-result { padding: 1 2 0 2; height: auto; }
    FiledScreen #filed-requests { padding: 0 2 0 2; height: auto; }
    FiledScreen #filed-notes { padding: 1 2; height: auto; }
    """
    BINDINGS = [
        Binding("enter,escape", "close", N_("Done"), id="filed.close"),
        Binding("f3", "preview('receipt')", N_("Preview receipt"), id="filed.preview_receipt"),
        Binding("f4", "preview('notice')", N_("Preview notice"), id="filed.preview_notice"),
    ]

    def __init__(self, result: FilingResult, title: str) -> None:
        super().__init__()
        self.result = result
        self.title_msgid = title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="filed-result")
            yield Static(id="filed-requests")
            yield Static(id="filed-notes")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _(self.title_msgid)
        self.query_one("#filed-result", Static).update(result_text(self.result))
        self.query_one("#filed-requests", Static).update(requests_list(self.result))
        self.query_one("#filed-notes", Static).update(notes_text(self.result))

    def action_preview(self, document: str) -> None:
        """Show the receipt or the notice as it will print (before and after printing)."""
        from screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(self.result.bundle_id, document))

    def action_close(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()
