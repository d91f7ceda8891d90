"""The report as paper (the printers' document model: A4 PDF or a 42-column receipt) and as CSV rows.

The paper says everything in the clerk's language; the CSV, like the JSON, keeps codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from counter.agencies.lifecycle import status_label
from counter.base.i18n import N_, _, format_date, format_datetime
from counter.printing.print_queue import document_label
from counter.reports.daily import BUNDLE_KINDS, DailyReport, Tally
from counter.reports.handover import HandoverItem
from counter.reports.window import Shift
from printers.builders.common import format_won, report_label
from printers.document import Block, Document, Field, Paragraph, Separator, Title
from printers.layout import wrap
from printers.text import DEFAULT_COLUMNS as RECEIPT_COLUMNS
from printers.text import cell_width, render_text

TITLES = {None: N_("Daily report"), Shift.DAY: N_("Day desk report"), Shift.NIGHT: N_("Night desk report")}
JOB_STATUS_LABELS = {"pending": N_("not printed"), "done": N_("printed")}
MESSAGE_STATUS_LABELS = {"pending": N_("not sent yet"), "sent": N_("sent"), "failed": N_("refused by the gateway")}
HANDOVER_LABELS = {
    "failed_requests": N_("Requests not delivered (tries ran out)"),
    "overdue_requests": N_("Requests past their due date"),
    "unprinted_jobs": N_("Receipts and notices not printed"),
    "unsent_messages": N_("Text messages not sent yet"),
    "failed_messages": N_("Text messages refused"),
    "drafts": N_("Unfinished drafts"),
}


def _count(number: int) -> str:
    return _("{count} cases").format(count=f"{number:,}")


def _section(title: str) -> list[Block]:
    return [Separator(heavy=True), Paragraph(title, emphasis=True)]


def _tally_line(tally: Tally) -> str:
    kinds = " · ".join(f"{report_label(kind)} {tally.by_kind.get(kind, 0)}"
                       for kind in (*BUNDLE_KINDS, *sorted(set(tally.by_kind) - set(BUNDLE_KINDS))))
    return _("{kinds} · total {total} · fines {fines}").format(kinds=kinds, total=tally.total,
                                                                 fines=format_won(tally.fines_won))


def _item_line(report: DailyReport, item: HandoverItem, what: str) -> str:
    if what == "request":
        agency, _slash, service = item.subject.partition("/")
        subject = f"{report.name_of('agency', agency)} {report.name_of('service', service)}"
        state = status_label(item.status)
    elif what == "job":
        subject, state = document_label(item.subject), _(JOB_STATUS_LABELS.get(item.status, item.status))
    else:
        subject, state = _("Text message to the citizen"), _(MESSAGE_STATUS_LABELS.get(item.status, item.status))
    due = _(", due {day}").format(day=format_date(item.due_date)) if item.due_date else ""
    return f"{item.receipt_no} · {subject} · {state}{due}"


def report_text(report: DailyReport, columns: int = RECEIPT_COLUMNS) -> str:
    """The report for the receipt printer: `columns` cells wide, each count right-aligned on its line."""
    lines: list[str] = []
    for block in report_document(report).blocks:
        if not isinstance(block, Field):
            lines.append(render_text(Document("report-daily", "", (block,)), columns).rstrip("\n"))
            continue
        if cell_width(block.value) > columns * 2 // 3:  # a long value goes under its label, to the right
            lines += wrap(block.label, columns, cell_width)
            lines += [" " * (columns - cell_width(line)) + line for line in wrap(block.value, columns, cell_width)]
            continue
        labels = wrap(block.label, max(columns - cell_width(block.value) - 1, columns // 2), cell_width)
        if cell_width(labels[-1]) + 1 + cell_width(block.value) > columns:
            labels.append("")
        last = labels.pop()
        lines += labels
        lines.append(last + " " * (columns - cell_width(last) - cell_width(block.value)) + block.value)
    return "\n".join(lines) + "\n"


def report_document(report: DailyReport) -> Document:
    """The report as a printable document (for `render_pdf` or `render_text`)."""
    window = report.window
    blocks: list[Block] = [
        Title(_(TITLES[window.shift])),
        Field(_("Office"), f"{report.office_name} [{report.office}]" if report.office else _("Every office")),
        Field(_("Period"), f"{format_datetime(window.start)} - {format_datetime(window.end)}"),
        Field(_("Made at"), format_datetime(report.generated_at)),
    ]
    blocks += _section(_("Reports filed"))
    blocks += [Field(report_label(kind), _count(count)) for kind, count in report.bundles.items() if kind != "total"]
    blocks += [Field(_("Total"), _count(report.bundles["total"]), emphasis=True),
               Field(_("Asset inquiries (one-stop inheritance service)"), _count(report.heir_applications)),
               Field(_("Filed late"), _count(report.late_reports)),
               Field(_("Late-report fines"), format_won(report.fines_won), emphasis=True)]
    requests = report.requests
    blocks += _section(_("Requests to agencies"))
    blocks.append(Field(_("Total"), _count(requests["total"]), emphasis=True))
    blocks += [Field(status_label(status), _count(count)) for status, count in requests["by_status"].items() if count]
    if requests["by_agency"]:
        blocks.append(Paragraph(_("By agency"), emphasis=True))
        blocks += [Field(report.name_of("agency", code), _count(count)) for code, count in requests["by_agency"].items()]
    if requests["by_service"]:
        blocks.append(Paragraph(_("By service or item"), emphasis=True))
        blocks += [Field(report.name_of("service", code), _count(count))
                   for code, count in requests["by_service"].items()]
    blocks += _section(_("Papers and messages"))
    blocks += [Field(_("Receipts and notices not printed"), _count(report.unprinted_jobs)),
               Field(_("Text messages not sent"), _count(report.unsent_messages))]
    if report.clerks:
        blocks += _section(_("By clerk"))
        blocks += [Field(f"{tally.name} ({tally.code})", _tally_line(tally)) for tally in report.clerks]
    if report.offices and not report.office:
        blocks += _section(_("By office"))
        blocks += [Field(f"{tally.name} [{tally.code}]", _tally_line(tally)) for tally in report.offices]
    handover = report.handover
    blocks += _section(_("Handover: for the next shift"))
    blocks += [Field(_(HANDOVER_LABELS[name]), _count(count), emphasis=bool(count))
               for name, count in handover.counts().items()]
    for what, items in (("request", handover.requests), ("job", handover.print_jobs), ("message", handover.messages)):
        blocks += [Paragraph(_item_line(report, item, what), small=True, indent=1) for item in items]
    if not any(handover.counts().values()):
        blocks.append(Paragraph(_("Nothing is waiting for the next shift."), small=True))
    return Document(kind="report-daily", receipt_no=window.day.isoformat(), blocks=tuple(blocks))


def csv_rows(report: DailyReport) -> Iterator[tuple[str, str, object]]:
    """`(section, key, value)` rows: every number of the JSON, and the handover's items."""
    data = report.as_dict()
    for name in ("date", "shift", "office", "office_name", "from", "to", "generated_at"):
        yield name, "", data[name] if data[name] is not None else ""
    for kind, count in data["bundles"].items():
        yield "bundles", kind, count
    for name in ("heir_applications", "fines_won", "late_reports", "unprinted_jobs", "unsent_messages"):
        yield name, "", data[name]
    yield "requests", "total", data["requests"]["total"]
    for group in ("by_status", "by_agency", "by_service"):
        for key, count in data["requests"][group].items():
            yield f"requests.{group}", key, count
    for group in ("print_jobs_by_status", "messages_by_status"):
        for key, count in data[group].items():
            yield group, key, count
    for group in ("clerks", "offices"):
        for tally in data[group]:
            for metric, value in tally.items():
                if metric not in ("code", "name"):
                    yield f"{group}.{metric}", tally["code"], value
    for name, count in report.handover.counts().items():
        yield f"handover.{name}", "", count
    for what, items in (("requests", report.handover.requests), ("print_jobs", report.handover.print_jobs),
                        ("messages", report.handover.messages)):
        for item in items:
            yield f"handover.{what}", item.receipt_no, f"{item.subject} {item.status}"


def report_pdf(report: DailyReport, font_path: Path | None = None) -> bytes:
    """The report as an A4 PDF with the Korean font (`font_path`, or the one found on this machine)."""
    from printers.fonts import find_korean_fonts
    from printers.pdf import render_pdf

    return render_pdf(report_document(report), find_korean_fonts(font_path))
