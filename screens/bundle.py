"""One filed bundle, opened by a scanned or typed receipt number or from the agency queue: who is in it
(registration numbers masked), where each request stands, its papers and its messages. F3 shows the
receipt, F8 prints it again (marked reprint, audited)."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from counter.agencies.worklist import Page
from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from counter.filing.bundle_summary import BundleSummary
from screens.printers import short_time
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.footer import KeysFooter

MESSAGE_STATUS = {"pending": N_("waiting"), "sent": N_("sent"), "failed": N_("not sent")}


def summary_lines(summary: BundleSummary) -> str:
    """The bundle's heading, its people and its papers, in words."""
    from counter.printing.print_queue import document_label, status_label
    from printers.builders.common import report_label, role_label

    lines = [_("{report} · filed {time} · {office} · clerk {clerk} · device {device}").format(
        report=report_label(summary.kind), time=short_time(summary.filed_at), office=summary.office_name,
        clerk=summary.clerk_name, device=summary.device)]
    people = [f"{role_label(p.role)} {p.name}" + (f" ({p.rrn_masked})" if p.rrn_masked else "")
              for p in summary.people]
    lines.append(" · ".join(people))
    papers = [document_label(j.document) + (_(" (reprint)") if j.reprint else "") + f" {status_label(j.status)}"
              + (f" {short_time(j.printed_at)}" if j.printed_at else "") for j in summary.print_jobs]
    lines.append(_("Papers: {papers}").format(papers=" · ".join(papers) or "-"))
    messages = [f"{m.recipient_masked} {_(MESSAGE_STATUS.get(m.status, m.status))}" for m in summary.messages]
    lines.append(_("Text messages: {messages}").format(messages=" · ".join(messages) or "-"))
    if summary.fine_won:
        lines.append(_("Late-report fine: {amount} won").format(amount=f"{summary.fine_won:,}"))
    return "\n".join(lines)


class BundleScreen(Translated, ModalScreen[None]):
    """A bundle of the clerk's office and its requests; Esc closes."""

    DEFAULT_CSS = """
    BundleScreen { align: center middle; background: $background 70%; }
    BundleScreen #bundle-box { width: 100; max-width: 98%; height: auto; max-height: 95%; padding: 0 1;
                               border: heavy $primary; background: $surface; }
    BundleScreen #bundle-title { text-style: bold; }
    BundleScreen #bundle-summary { height: auto; padding: 0 0 1 0; }
    BundleScreen #bundle-requests { height: auto; max-height: 22; }
    BundleScreen #bundle-detail { height: auto; max-height: 5; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss", N_("Close"), id="bundle.close"),
                Binding("f3", "receipt", N_("Receipt"), id="bundle.receipt"),
                Binding("f8", "reprint", N_("Reprint"), id="bundle.reprint")]

    def __init__(self, clerk: SignedInClerk, bundle_id: uuid.UUID, receipt_no: str) -> None:
        super().__init__()
        self.clerk, self.bundle_id, self.receipt_no = clerk, bundle_id, receipt_no
        self.summary: BundleSummary | None = None
        self.page: Page | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="bundle-box"):
            yield Static(id="bundle-title")
            yield Static(id="bundle-summary")
            yield DataTable(id="bundle-requests", cursor_type="row", zebra_stripes=True)
            yield Static(id="bundle-detail")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the bundle and its requests again."""
        app, bundle_id, office_id = self.app, self.bundle_id, self.clerk.office_id

        def call() -> tuple[BundleSummary | None, Page]:
            from counter.agencies.worklist import MAX_PAGE, RequestFilter, list_requests
            from counter.filing.bundle_summary import bundle_summary

            db = app.wait_runtime().db  # type: ignore[attr-defined]
            return (bundle_summary(db, bundle_id, office_id),
                    list_requests(db, RequestFilter(bundle_id=bundle_id), limit=MAX_PAGE))

        run_service(self, call, self._loaded, group="bundle")

    def _loaded(self, loaded: tuple[BundleSummary | None, Page]) -> None:
        self.summary, self.page = loaded
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        from screens.request_table import add_request_columns, request_cells

        self.query_one("#bundle-title", Static).update(Text(_("Bundle {receipt}").format(receipt=self.receipt_no)))
        summary = summary_lines(self.summary) if self.summary is not None else _("Loading...")
        self.query_one("#bundle-summary", Static).update(Text(summary))
        table = self.query_one(DataTable)
        add_request_columns(table, receipt=False)
        if self.page is not None:
            from counter.base.i18n import current_language

            for row in self.page.rows:
                table.add_row(*request_cells(row, current_language(), receipt=False), key=str(row.request_id))
        self.on_data_table_row_highlighted()

    def on_data_table_row_highlighted(self) -> None:
        from screens.request_table import request_detail

        index = self.query_one(DataTable).cursor_row
        rows = self.page.rows if self.page is not None else ()
        if rows:
            text = request_detail(rows[index]) if 0 <= index < len(rows) else ""
        else:
            text = _("No request to an agency in this bundle.") if self.page is not None else ""
        self.query_one("#bundle-detail", Static).update(Text(text))

    def action_receipt(self) -> None:
        """The bundle's receipt as text."""
        from screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(self.bundle_id, "receipt"))

    def action_reprint(self) -> None:
        """After a yes, print the receipt again, marked REPRINT (audited)."""
        from counter.printing.print_queue import document_label
        from screens.wizard.confirm import ConfirmScreen

        if self.summary is None:
            return
        if any(job.document == "receipt" and job.status == "pending" for job in self.summary.print_jobs):
            # A waiting receipt prints when its printer is ready; a reprint now would print it twice.
            self.notify(_("The {document} for receipt {receipt} has not printed yet, so there is nothing to reprint.")
                        .format(document=document_label("receipt"), receipt=self.receipt_no),
                        title=_("Reprint"), severity="warning", timeout=10)
            return
        question = _("Print the {document} for receipt {receipt} again, marked REPRINT?").format(
            document=document_label("receipt"), receipt=self.receipt_no)
        app, bundle_id, actor = self.app, self.bundle_id, self.clerk.actor

        def reprint() -> None:
            from counter.printing.print_service import enqueue_reprint

            enqueue_reprint(app.wait_runtime().db, bundle_id, "receipt", actor)  # type: ignore[attr-defined]

        def done(_result: None) -> None:
            self.notify(_("The {document} for receipt {receipt} is queued again as a reprint.").format(
                document=document_label("receipt"), receipt=self.receipt_no), title=_("Reprint"))
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                run_service(self, reprint, done, group="bundle-reprint")

        self.app.push_screen(ConfirmScreen(question), answered)
