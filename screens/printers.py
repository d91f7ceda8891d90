"""Printers (F6): each printer's live status, the waiting and recent print jobs, printing now,
previews and reprints. Printers are asked in a worker and jobs come a page at a time from SQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from counter.base.config import PrinterSettings, Settings
from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from counter.printing.print_queue import (
    PrinterStatus,
    PrintJobPage,
    PrintJobRow,
    PrintNowSummary,
    document_label,
    reason_label,
    role_label,
    serving_printer,
    status_label,
)
from screens.spool_worker import PrintSpoolReported
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.footer import KeysFooter

JOBS_REFRESH_SECONDS = 10.0
JOB_ONLY_REASONS = {"missing-glyphs", "document-error", "no-printer"}  # say nothing about the printer
PRINTER_COLUMNS = (N_("Printer"), N_("Type"), N_("Address"), N_("Prints"), N_("Status"))
JOB_COLUMNS = (N_("Receipt no."), N_("Document"), N_("Status"), N_("Tries"), N_("Reason"), N_("Queued at"))


def short_time(moment: datetime) -> str:
    """`11-21 10:30` in Korean time, for a table cell."""
    from counter.base.clock import KST

    return f"{moment.astimezone(KST):%m-%d %H:%M}"


def status_cell(status: PrinterStatus | None) -> Text:
    """`확인 중`, `준비됨` or the short reason, coloured."""
    if status is None:
        return Text(_("Checking..."), style="italic")
    if status.ready:
        return Text(_("Ready"), style="bold green")
    return Text(reason_label(status.reason), style="bold red")


def job_cells(row: PrintJobRow, printer: PrinterSettings | None) -> tuple[Text, ...]:
    """The table cells of one job (user data as plain text, never markup); a waiting job no printer
    serves shows that as its reason."""
    document = document_label(row.document)
    if row.reprint:
        document = _("{document} (reprint)").format(document=document)
    style = "bold yellow" if row.waiting else "green"
    reason = "no-printer" if row.waiting and printer is None else row.reason
    return (Text(row.receipt_no), Text(document), Text(status_label(row.status), style=style),
            Text(str(row.attempts), justify="right"), Text(reason_label(reason), style="red"),
            Text(short_time(row.created_at)))


def no_printer_advice(row: PrintJobRow) -> str:
    """Why a job that no printer serves waits, and how a printer is added."""
    return _("No printer is set up for {documents} at this counter, so this job waits. Ask the administrator "
             "to add a printer entry to the settings (see the printing guide); it prints by itself afterwards.").format(
        documents=role_label(row.role))


def job_detail(row: PrintJobRow, printer: PrinterSettings | None) -> str:
    """What the selected job is waiting for and what to do, or where and when it printed; `printer`
    is the printer it goes to (None: no printer serves it)."""
    from printers.errors import reason_message

    if not row.waiting:
        printed = short_time(row.printed_at) if row.printed_at else "-"
        return _("Printed on {printer} at {time}.").format(printer=row.printer or "-", time=printed)
    if printer is None:
        return no_printer_advice(row)
    if row.behind:
        return "\n".join([
            _("Waiting behind an earlier job that {printer} could not print: {reason}").format(
                printer=printer.name, reason=reason_label(row.reason)),
            reason_message(row.reason)])
    if not row.reason:
        return _("Waiting for its turn: it prints on {printer} as soon as the printer is ready.").format(
            printer=printer.name)
    lines = [reason_message(row.reason)]
    lines.append(_("Tries so far: {attempts}. Detail: {detail}").format(attempts=row.attempts, detail=row.detail or "-"))
    return "\n".join(lines)


class PrintersScreen(Translated, Screen[None]):
    """Printer status on top, the print jobs below (waiting first); keys act on the selected job."""

    CSS_PATH = "printers.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="printers.close"),
        Binding("f3", "preview", N_("Preview"), id="printers.preview"),  # Enter on a row previews too
        Binding("f5", "refresh", N_("Refresh"), id="printers.refresh"),
        Binding("f7", "print_now", N_("Print now"), id="printers.print_now"),
        Binding("f8", "reprint", N_("Reprint"), id="printers.reprint"),
        Binding("f9", "verify", N_("Verify QR"), id="printers.verify"),
        Binding("pagedown", "page(1)", N_("Next page"), id="printers.next_page", priority=True, show=False),
        Binding("pageup", "page(-1)", N_("Previous page"), id="printers.previous_page", priority=True, show=False),
    ]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.page = 0
        self.jobs: PrintJobPage | None = None
        self.statuses: dict[str, PrinterStatus | None] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="printers-body"):
            yield Static(id="printers-heading", classes="section")
            yield DataTable(id="printer-table", cursor_type="none", show_cursor=False)
            yield Static(id="printer-advice")
            yield Static(id="jobs-heading", classes="section")
            yield DataTable(id="job-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="job-detail")
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#job-table", DataTable).focus()
        self.action_refresh()
        self.set_interval(JOBS_REFRESH_SECONDS, self.reload_jobs)

    def _settings(self) -> Settings:
        runtime = self.app.runtime  # type: ignore[attr-defined]
        return runtime.settings if runtime is not None else self.app.settings  # type: ignore[no-any-return,attr-defined]

    # -- texts -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Printers")
        for table_id, columns in (("#printer-table", PRINTER_COLUMNS), ("#job-table", JOB_COLUMNS)):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            table.add_columns(*(_(column) for column in columns))
        self._show_printers()
        self._show_jobs(self.jobs)

    def _show_printers(self) -> None:
        printers = self._settings().printers
        table = self.query_one("#printer-table", DataTable)
        table.clear()
        table.display = bool(printers)
        self.query_one("#printers-heading", Static).update(
            _("Printers at this counter: {count}").format(count=len(printers)))
        advice: list[str] = []
        for printer in printers:
            status = self.statuses.get(printer.name)
            table.add_row(Text(printer.name), Text(printer.kind), Text(printer.address or "-"),
                          Text(role_label(printer.role)), status_cell(status))
            if status is not None and not status.ready:
                advice.append(_("{printer}: {message}").format(printer=printer.name, message=status.message))
        if not printers:
            advice.append(_("No printer is set up at this counter. Ask the administrator to add one "
                            "(jobs wait until then)."))
        widget = self.query_one("#printer-advice", Static)
        widget.update(Text("\n".join(advice)))
        widget.display = bool(advice)

    def _show_jobs(self, jobs: PrintJobPage | None) -> None:
        table = self.query_one("#job-table", DataTable)
        selected = self.selected_job()
        cursor = table.cursor_row
        self.jobs = jobs
        table.clear()
        if jobs is None:
            self.query_one("#jobs-heading", Static).update(_("Print jobs: loading..."))
            self._show_detail()
            return
        self.page = jobs.page
        self.query_one("#jobs-heading", Static).update(
            _("Print jobs: {waiting} waiting, {total} in all · page {page}/{pages} (PgUp/PgDn)").format(
                waiting=jobs.waiting, total=jobs.total, page=jobs.page + 1, pages=jobs.page_count))
        for row in jobs.rows:
            table.add_row(*job_cells(row, self.printer_of(row)), key=str(row.job_id))
        if selected is not None:
            cursor = next((i for i, row in enumerate(jobs.rows) if row.job_id == selected.job_id), cursor)
        if jobs.rows:
            table.move_cursor(row=min(cursor, len(jobs.rows) - 1), animate=False)
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        row = self.selected_job()
        if row is None:
            text = _("No print job yet.") if self.jobs is not None and not self.jobs.rows else ""
        else:
            text = job_detail(row, self.printer_of(row))
        self.query_one("#job-detail", Static).update(Text(text))

    def printer_of(self, row: PrintJobRow) -> PrinterSettings | None:
        """The configured printer the job goes to, if any."""
        return serving_printer(self._settings(), row.role, row.printer)

    def selected_job(self) -> PrintJobRow | None:
        """The job under the cursor, if any."""
        if self.jobs is None or not self.jobs.rows:
            return None
        index = self.query_one("#job-table", DataTable).cursor_row
        return self.jobs.rows[index] if 0 <= index < len(self.jobs.rows) else None

    @on(DataTable.RowHighlighted, "#job-table")
    def _job_highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#job-table")
    def _job_chosen(self) -> None:
        self.action_preview()

    def on_print_spool_reported(self, message: PrintSpoolReported) -> None:
        """The spool printed or failed: its printer's state is news too, without asking it again."""
        outcome = message.outcome
        known = self.statuses.get(outcome.printer or "")
        if known is not None:
            if outcome.status == "done":
                self.statuses[known.name] = replace(known, ready=True, reason=None, detail="")
            elif outcome.status == "pending" and outcome.reason not in JOB_ONLY_REASONS:
                self.statuses[known.name] = replace(known, ready=False, reason=outcome.reason,
                                                    detail=outcome.detail or "")
            self._show_printers()
        self.reload_jobs()

    # -- work in workers -----------------------------------------------------------------------
    def reload_jobs(self) -> None:
        """Read the current page of jobs again."""
        app, page = self.app, self.page

        def call() -> PrintJobPage:
            from counter.printing.print_queue import print_job_page

            return print_job_page(app.wait_runtime().db, page)  # type: ignore[attr-defined]

        run_service(self, call, self._show_jobs, group="print-jobs")

    def check_printers(self) -> None:
        """Ask every printer at once (each answers within its timeout); rows update as answers come."""
        printers = list(self._settings().printers)
        self.statuses = {printer.name: None for printer in printers}
        self._show_printers()
        if not printers:
            return

        def job() -> None:
            from counter.printing.print_queue import check_printer

            with ThreadPoolExecutor(max_workers=min(8, len(printers))) as pool:
                for future in as_completed([pool.submit(check_printer, printer) for printer in printers]):
                    self.app.call_from_thread(self._printer_answered, future.result())

        self.run_worker(job, thread=True, exclusive=True, group="printer-status", exit_on_error=False)

    def _printer_answered(self, status: PrinterStatus) -> None:
        self.statuses[status.name] = status
        self._show_printers()

    # -- actions ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("preview", "reprint"):
            row = self.selected_job()
            return None if row is None or row.bundle_id is None else True
        if action == "page":
            if self.jobs is None:
                return None
            target = self.page + int(parameters[0])  # type: ignore[call-overload]
            return True if 0 <= target < self.jobs.page_count else None
        return True

    def action_refresh(self) -> None:
        """Ask the printers again and reload the jobs."""
        self.check_printers()
        self.reload_jobs()

    def action_page(self, step: int) -> None:
        """Show the next (1) or previous (-1) page of jobs."""
        if self.jobs is not None and 0 <= self.page + step < self.jobs.page_count:
            self.page += step
            self.reload_jobs()

    def action_print_now(self) -> None:
        """Try every waiting job now (after loading paper or closing the cover)."""
        app, actor = self.app, self.clerk.actor

        def call() -> PrintNowSummary:
            from counter.printing.print_queue import print_waiting_jobs_now

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return print_waiting_jobs_now(runtime.db, runtime.settings, actor)

        def done(summary: PrintNowSummary) -> None:
            self.notify(summary.message(), title=_("Print now"))
            self.action_refresh()

        self.notify(_("Printing the waiting jobs..."), timeout=3)
        run_service(self, call, done, group="print-now")

    def action_preview(self) -> None:
        """Show the selected job's document as text."""
        from screens.preview import PreviewScreen

        row = self.selected_job()
        if row is not None and row.bundle_id is not None:
            self.app.push_screen(PreviewScreen(row.bundle_id, row.document))

    def action_reprint(self) -> None:
        """After a yes, queue the selected job's document again, marked 재발행 (audited)."""
        from screens.wizard.confirm import ConfirmScreen

        row = self.selected_job()
        if row is None or row.bundle_id is None:
            return
        if row.waiting:
            # A waiting job prints when its printer is ready; a reprint then would print it twice.
            self._explain_no_reprint(row)
            return
        bundle_id, document = row.bundle_id, row.document
        question = _("Print the {document} for receipt {receipt} again, marked REPRINT?").format(
            document=document_label(document), receipt=row.receipt_no)

        def answered(yes: bool | None) -> None:
            if yes:
                self._reprint(bundle_id, document, row.receipt_no)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _explain_no_reprint(self, row: PrintJobRow) -> None:
        """Say why a waiting job is not reprinted, and what brings it out of the printer."""
        first = _("The {document} for receipt {receipt} has not printed yet, so there is nothing to reprint.").format(
            document=document_label(row.document), receipt=row.receipt_no)
        printer = self.printer_of(row)
        if printer is None:
            then = no_printer_advice(row)
        else:
            then = _("It prints on {printer} by itself once the printer is ready; after fixing the printer, "
                     "press F7 to print now.").format(printer=printer.name)
        self.notify(f"{first}\n{then}", title=_("Reprint"), severity="warning", timeout=12)

    def _reprint(self, bundle_id: uuid.UUID, document: str, receipt_no: str) -> None:
        app, actor = self.app, self.clerk.actor

        def call() -> None:
            from counter.printing.print_service import enqueue_reprint

            enqueue_reprint(app.wait_runtime().db, bundle_id, document, actor)  # type: ignore[attr-defined]

        def done(_result: None) -> None:
            self.notify(_("The {document} for receipt {receipt} is queued again as a reprint.").format(
                document=document_label(document), receipt=receipt_no), title=_("Reprint"))
            self.page = 0
            self.reload_jobs()

        run_service(self, call, done, group="reprint")

    def action_verify(self) -> None:
        """Check a QR code from a receipt or notice."""
        from screens.verify import VerifyScreen

        self.app.push_screen(VerifyScreen())

    def action_close(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()
