"""A request to an agency as a table row and in words: shared by the agency queue and the bundle screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from counter.agencies.lifecycle import RequestStatus
from counter.agencies.lifecycle import status_label as long_status
from counter.agencies.worklist import RequestRow
from counter.base.i18n import N_, _, current_language
from screens.printers import short_time

COLUMNS = ((N_("Receipt no."), None), (N_("Status"), 8), (N_("Agency"), 12), (N_("Service / item"), 16),
           (N_("Tries"), 4), (N_("Due"), 5), (N_("Filed at"), 11))
"""(heading, width): the receipt number whole (24-26 characters, by the device's id), the rest fixed, so the
table fits a 100-column terminal."""
SHORT_STATUS = {
    RequestStatus.QUEUED: N_("Waiting"), RequestStatus.DISPATCHED: N_("Sent"), RequestStatus.ACKNOWLEDGED: N_("Received"),
    RequestStatus.COMPLETED: N_("Completed"), RequestStatus.REJECTED: N_("Rejected"),
    RequestStatus.FAILED: N_("Not delivered"), RequestStatus.CANCELLED: N_("Cancelled")}
STATUS_STYLE = {RequestStatus.QUEUED: "yellow", RequestStatus.FAILED: "bold red", RequestStatus.REJECTED: "red",
                RequestStatus.COMPLETED: "green", RequestStatus.CANCELLED: "dim"}
KIND_LABELS = {"birth": N_("Birth"), "death": N_("Death")}


def short_status(status: str) -> str:
    """`대기`, `접수됨`... for a table cell (the code itself if unknown)."""
    try:
        return _(SHORT_STATUS[RequestStatus(status)])
    except (KeyError, ValueError):
        return status


def add_request_columns(table: DataTable[Text], *, receipt: bool = True) -> None:
    """The request table's headings, in the current language, at their widths (without the receipt number
    inside one bundle)."""
    table.clear(columns=True)
    for heading, width in COLUMNS[0 if receipt else 1:]:
        table.add_column(_(heading), width=width)


def _cell(text: str, style: str = "", justify: str = "left") -> Text:
    return Text(text, style=style, justify=justify, no_wrap=True, overflow="ellipsis")  # type: ignore[arg-type]


def request_cells(row: RequestRow, language: str, *, receipt: bool = True) -> tuple[Text, ...]:
    """The table cells of one request (catalogue and agency texts as plain text, never markup)."""
    style = STATUS_STYLE.get(row.status, "")  # type: ignore[call-overload]
    return (*([_cell(row.receipt_no)] if receipt else []), _cell(short_status(row.status), style), _cell(row.agency_name),
            _cell(row.service_name(language)), _cell(str(row.attempts), justify="right"),
            _cell(f"{row.due_date:%m-%d}" if row.due_date else "-"), _cell(short_time(row.created_at)))


def request_detail(row: RequestRow) -> str:
    """Where the selected request stands, in words."""
    kind = _(KIND_LABELS[row.kind]) if row.kind in KIND_LABELS else row.kind
    lines = [_("{receipt} ({kind}) · {agency} · {service} · {status}").format(
        receipt=row.receipt_no, kind=kind, agency=row.agency_name, service=row.service_name(current_language()),
        status=long_status(row.status))]
    if row.due_date:
        lines[0] += " · " + _("due {day}").format(day=row.due_date.isoformat())
    if row.status == RequestStatus.QUEUED:
        lines.append(_("Next try: {time}").format(time=short_time(row.next_attempt_at)))
    if row.last_error:
        lines.append(_("Last problem: {error}").format(error=row.last_error))
    if row.sent_at:
        lines.append(_("Sent: {time} · Agency's number: {reference}").format(
            time=short_time(row.sent_at), reference=row.agency_reference or "-"))
    if row.result_text:
        amount = f" · {row.result_amount_won:,}원" if row.result_amount_won is not None else ""
        lines.append(_("Result ({day}): {result}").format(day=row.decided_on or "-", result=row.result_text) + amount)
    return "\n".join(lines)
