"""Agency queue (F4): every request of this office to an agency, filtered, ordered and paged from SQL
(`counter.agencies.worklist`: keyset pages, never everything loaded), with the in-app dispatcher's
progress; keys retry a request now, record a local department's result, cancel one, open its bundle."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from counter.agencies.lifecycle import RequestStatus
from counter.agencies.worklist import Page, RequestFilter, RequestRow
from counter.base.i18n import N_, _, current_language
from counter.base.session import SignedInClerk
from screens.agency_worker import AgencyWorkReported, AgencyWorkStatus
from screens.request_table import (
    add_request_columns,
    request_cells,
    request_detail,
    short_status,
)
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.footer import KeysFooter
from screens.worklist_dialogs import CancelRequestScreen, ChoiceScreen, LocalResultScreen

PAGE_SIZE = 50
REFRESH_SECONDS = 10.0
AGES = (0, 1, 3, 7, 30)


def age_label(days: int) -> str:
    """`전체` or `7일 이상`."""
    return _("All") if days == 0 else _("{days}+ days").format(days=days)


@dataclass(frozen=True)
class Filters:
    """What the clerk chose to see."""

    status: str | None = None
    agency: str | None = None
    agency_name: str | None = None
    age_days: int = 0
    overdue: bool = False
    newest_first: bool = False

    def query(self, office: str, now: datetime) -> RequestFilter:
        """The SQL filter for the clerk's office at `now` (Korean time)."""
        return RequestFilter(status=self.status, agency=self.agency, office=office,
                             overdue_on=now.date() if self.overdue else None,
                             filed_before=now - timedelta(days=self.age_days) if self.age_days else None,
                             newest_first=self.newest_first)

    def describe(self) -> str:
        """The filter line."""
        return _("Status: {status} · Agency: {agency} · Filed: {age} · Overdue only: {overdue} · Order: {order}").format(
            status=short_status(self.status) if self.status else _("All"), agency=self.agency_name or _("All"),
            age=age_label(self.age_days), overdue=_("Yes") if self.overdue else _("No"),
            order=_("Newest first") if self.newest_first else _("Oldest first"))


def work_line(status: AgencyWorkStatus | None) -> str:
    """The in-app dispatcher's line: what it sent since the app started, or why it does not run here."""
    if status is None:
        return _("This counter sends nothing itself: the dispatch service sends the requests (see the operations guide).")
    figures = _("sent {sent} · to retry {retry} · not delivered {failed} · rejected {rejected} · messages {messages}").format(
        **{name: status.figure(name) for name in ("sent", "retry", "failed", "rejected", "messages")})
    if status.running:
        return _("Dispatcher: sending... {figures}").format(figures=figures)
    when = status.at.strftime("%H:%M:%S") if status.at else "-"
    line = _("Dispatcher: last round {time} · {figures}").format(time=when, figures=figures)
    if status.unrouted:
        line += " · " + _("{count} due with no channel configured").format(count=status.unrouted)
    if status.error:
        line += " · " + _("the last round stopped early; it is tried again")
    return line


class AgencyQueueScreen(Translated, Screen[None]):
    """The office's requests to agencies, a page at a time; keys act on the selected request."""

    CSS_PATH = "worklist.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="queue.close"),
        Binding("f2", "choose_status", N_("Status"), id="queue.status"),
        Binding("f3", "choose_agency", N_("Agency"), id="queue.agency"),
        Binding("f4", "choose_age", N_("Age"), id="queue.age"),
        Binding("f6", "toggle_overdue", N_("Overdue only"), id="queue.overdue"),
        Binding("ctrl+r", "toggle_order", N_("Order"), id="queue.order", show=False),  # listed in help (F1)
        Binding("f5", "refresh", N_("Refresh"), id="queue.refresh", show=False),  # it refreshes by itself too
        Binding("f7", "retry", N_("Send again"), id="queue.retry"),
        Binding("f8", "record_result", N_("Record result"), id="queue.result"),
        Binding("f9", "cancel_request", N_("Cancel request"), id="queue.cancel"),
        Binding("pagedown", "page(1)", N_("Next page"), id="queue.next_page", priority=True, show=False),
        Binding("pageup", "page(-1)", N_("Previous page"), id="queue.previous_page", priority=True, show=False),
    ]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.filters = Filters()
        self.cursors: list[tuple[datetime, object] | None] = [None]
        """The cursor of each page shown so far (the first page has none): PgUp goes back one."""
        self.page: Page | None = None
        self.counts: dict[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="queue-body"):
            yield Static(id="queue-filters")
            yield Static(id="queue-counts", classes="section")
            yield DataTable(id="request-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="request-detail")
            yield Static(id="queue-work")
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#request-table", DataTable).focus()
        self.reload()
        self.set_interval(REFRESH_SECONDS, self.reload)

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Agency queue")
        add_request_columns(self.query_one("#request-table", DataTable))
        self._show_page(self.page)
        self._show_counts(self.counts)
        self._show_work(self._work_status())

    # -- showing -------------------------------------------------------------------------------
    def _work_status(self) -> AgencyWorkStatus | None:
        worker = getattr(self.app, "agency_worker", None)
        return worker.status if worker is not None and worker.started else None

    def _show_work(self, status: AgencyWorkStatus | None) -> None:
        self.query_one("#queue-work", Static).update(Text(work_line(status)))

    def _show_counts(self, counts: dict[str, int] | None) -> None:
        self.counts = counts
        self.query_one("#queue-filters", Static).update(Text(self.filters.describe()))
        if counts is None:
            text = _("Requests: loading...")
        else:
            parts = [f"{short_status(status)} {counts[status]:,}" for status in RequestStatus if counts.get(status)]
            listed = counts.get(self.filters.status, 0) if self.filters.status else sum(counts.values())
            text = _("Requests: {total} · {parts} · page {page} (PgUp/PgDn)").format(
                total=f"{listed:,}", parts=" · ".join(parts) or "-", page=len(self.cursors))
        self.query_one("#queue-counts", Static).update(Text(text))

    def _show_page(self, page: Page | None) -> None:
        table = self.query_one("#request-table", DataTable)
        selected = self.selected_request()
        cursor = table.cursor_row
        self.page = page
        table.clear()
        if page is not None:
            language = current_language()
            for row in page.rows:
                table.add_row(*request_cells(row, language), key=str(row.request_id))
            if selected is not None:
                cursor = next((i for i, row in enumerate(page.rows) if row.request_id == selected.request_id), cursor)
            if page.rows:
                table.move_cursor(row=min(cursor, len(page.rows) - 1), animate=False)
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        row = self.selected_request()
        if row is not None:
            text = request_detail(row)
        elif self.page is not None and not self.page.rows:
            text = _("No request matches the filters.") if self.filters != Filters() else _("No request yet.")
        else:
            text = ""
        self.query_one("#request-detail", Static).update(Text(text))

    def selected_request(self) -> RequestRow | None:
        """The request under the cursor, if any."""
        if self.page is None or not self.page.rows:
            return None
        index = self.query_one("#request-table", DataTable).cursor_row
        return self.page.rows[index] if 0 <= index < len(self.page.rows) else None

    @on(DataTable.RowHighlighted, "#request-table")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#request-table")
    def _chosen(self) -> None:
        row = self.selected_request()
        if row is not None and row.bundle_id is not None:
            from screens.bundle import BundleScreen

            self.app.push_screen(BundleScreen(self.clerk, row.bundle_id, row.receipt_no))

    def on_agency_work_reported(self, message: AgencyWorkReported) -> None:
        self._show_work(message.status)
        if not message.status.running:
            self.reload()

    # -- loading (in workers) ------------------------------------------------------------------
    def reload(self) -> None:
        """Read the current page and the counts again."""
        app, wanted, after = self.app, self.filters.query(self.clerk.office_code, self.app.clock()), self.cursors[-1]  # type: ignore[attr-defined]

        def page() -> Page:
            from counter.agencies.worklist import list_requests

            return list_requests(app.wait_runtime().db, wanted, limit=PAGE_SIZE, after=after)  # type: ignore[arg-type,attr-defined]

        def counts() -> dict[str, int]:
            from counter.agencies.worklist import count_by_status

            # Every status of the other filters: the heading shows where the listed ones stand among them.
            return count_by_status(app.wait_runtime().db, replace(wanted, status=None))  # type: ignore[attr-defined]

        run_service(self, page, self._show_page, group="queue-page")
        run_service(self, counts, self._show_counts, group="queue-counts")

    def _filters_changed(self, filters: Filters) -> None:
        self.filters, self.cursors, self.page = filters, [None], None
        self._show_page(None)
        self._show_counts(None)
        self.reload()

    # -- actions ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.selected_request()
        if action == "retry":
            return True if row is not None and row.status in ("queued", "failed") else None
        if action == "record_result":
            return True if row is not None and row.local_department and row.status in ("acknowledged", "dispatched") else None
        if action == "cancel_request":
            return True if row is not None and row.status in ("queued", "failed", "acknowledged", "dispatched") else None
        if action == "page":
            step = int(parameters[0])  # type: ignore[call-overload]
            if step > 0:
                return True if self.page is not None and self.page.after is not None else None
            return True if len(self.cursors) > 1 else None
        return True

    def action_page(self, step: int) -> None:
        """The next (1) or previous (-1) page."""
        if step > 0 and self.page is not None and self.page.after is not None:
            self.cursors.append(self.page.after)
        elif step < 0 and len(self.cursors) > 1:
            self.cursors.pop()
        else:
            return
        self.query_one("#request-table", DataTable).move_cursor(row=0, animate=False)
        self.page = None
        self.reload()

    def action_refresh(self) -> None:
        """Read the page again."""
        self.reload()

    def action_choose_status(self) -> None:
        """Choose which status to list."""
        choices = [("", _("All"))] + [(str(status), short_status(status)) for status in RequestStatus]
        self.app.push_screen(ChoiceScreen(_("Which requests?"), choices, self.filters.status or ""),
                             lambda value: None if value is None else self._filters_changed(
                                 replace(self.filters, status=value or None)))

    def action_choose_agency(self) -> None:
        """Choose the agency to list (from the agencies that have requests)."""
        app, office = self.app, self.clerk.office_code

        def call() -> list[tuple[str, str]]:
            from counter.agencies.worklist import agencies_in_use

            return agencies_in_use(app.wait_runtime().db, office)  # type: ignore[attr-defined]

        def show(agencies: list[tuple[str, str]]) -> None:
            names = dict(agencies)
            choices = [("", _("All"))] + [(code, name) for code, name in agencies]

            def chosen(value: str | None) -> None:
                if value is not None:
                    self._filters_changed(replace(self.filters, agency=value or None, agency_name=names.get(value)))

            self.app.push_screen(ChoiceScreen(_("Which agency?"), choices, self.filters.agency or ""), chosen)

        run_service(self, call, show, group="queue-agencies")

    def action_choose_age(self) -> None:
        """Choose how old the listed requests are at least."""
        choices = [(str(days), age_label(days)) for days in AGES]
        self.app.push_screen(ChoiceScreen(_("Filed how long ago?"), choices, str(self.filters.age_days)),
                             lambda value: None if value is None else self._filters_changed(
                                 replace(self.filters, age_days=int(value))))

    def action_toggle_overdue(self) -> None:
        """Only the open requests past their due date, or all again."""
        self._filters_changed(replace(self.filters, overdue=not self.filters.overdue))

    def action_toggle_order(self) -> None:
        """Oldest first or newest first."""
        self._filters_changed(replace(self.filters, newest_first=not self.filters.newest_first))

    def action_retry(self) -> None:
        """Send the selected request on the dispatcher's next round, which starts at once here."""
        row, app, clerk = self.selected_request(), self.app, self.clerk
        if row is None:
            return

        def call() -> str:
            from counter.agencies.request_actions import retry_now

            return retry_now(app.wait_runtime(), row.request_id, clerk)  # type: ignore[attr-defined]

        def done(_status: str) -> None:
            worker = getattr(self.app, "agency_worker", None)
            if worker is not None and worker.started:
                worker.send_now()
                told = _("Request {receipt} to {agency} is being sent again now.")
            else:
                told = _("Request {receipt} to {agency} is sent again on the dispatch service's next round.")
            self.notify(told.format(receipt=row.receipt_no, agency=row.agency_name), title=_("Retry now"))
            self.reload()

        run_service(self, call, done, on_error=self._refused, group="queue-action")

    def action_record_result(self) -> None:
        """Record the local department's decision on the selected request."""
        row = self.selected_request()
        if row is not None:
            self.app.push_screen(LocalResultScreen(row, self.clerk), self._after_dialog)

    def action_cancel_request(self) -> None:
        """Cancel the selected request, with a reason."""
        row = self.selected_request()
        if row is not None:
            self.app.push_screen(CancelRequestScreen(row, self.clerk), self._after_dialog)

    def _after_dialog(self, changed: bool | None) -> None:
        if changed:
            self.reload()

    def _refused(self, error: object) -> None:
        self.notify(getattr(error, "message", str(error)), severity="warning", timeout=10)
        self.reload()

    def action_close(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()

