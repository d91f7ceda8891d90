"""`counter report`: the daily or shift report with its handover, as JSON, CSV, an A4 PDF or a
42-column text for the receipt printer. Exit 0 (a day without filings is an empty report), 2 for a
date that is not one or an office code no office has."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from counter.base.i18n import _
from counter.cli.context import CliContext
from counter.rules.text import spreadsheet_safe

if TYPE_CHECKING:
    from counter.reports.daily import DailyReport

FORMATS = ("json", "csv", "pdf", "text")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `counter report`."""
    report = subparsers.add_parser("report", help="the day's or a shift's report and the handover")
    report.add_argument("--date", metavar="YYYY-MM-DD", help="the office day (Korean time); today when left out")
    report.add_argument("--office", metavar="CODE", help="one office (every office when left out)")
    report.add_argument("--shift", choices=("day", "night"),
                        help="day desk 09:00-18:00, or the night desk from 18:00 to 09:00 the next morning")
    report.add_argument("--format", choices=FORMATS, default="json",
                        help="json, csv, pdf (A4) or text (42 columns, for the receipt printer)")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")
    report.set_defaults(handler=daily_report)


def daily_report(args: argparse.Namespace, context: CliContext) -> int:
    """Build the report and write it in the chosen format."""
    import json
    from datetime import date

    from counter.base.clock import korea_now
    from counter.reports.daily import UnknownOffice, build_daily_report
    from counter.reports.window import Shift

    try:
        day = date.fromisoformat(args.date) if args.date else korea_now().date()
    except ValueError:
        print(_("Not a date (YYYY-MM-DD): {value}").format(value=args.date), file=context.err)
        return 2
    if args.format == "pdf" and args.output is None and sys.stdout.isatty():
        print(_("A PDF is not for the terminal: give --output FILE or redirect the output."), file=context.err)
        return 2
    shift = Shift(args.shift) if args.shift else None
    try:
        report = build_daily_report(context.database(), day, office_code=args.office, shift=shift)
    except UnknownOffice as error:
        print(error.message, file=context.err)
        return 2
    if args.format == "pdf":
        return _write_bytes(context, args.output, _pdf(report, context))
    if args.format == "json":
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n"
    elif args.format == "csv":
        text = _csv(report)
    else:
        from counter.reports.layout import report_text

        text = report_text(report)
    if args.output is None:
        context.out.write(text)
        return 0
    return _write_bytes(context, args.output, text.encode("utf-8"))


def _csv(report: DailyReport) -> str:
    import csv
    import io

    from counter.reports.layout import csv_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    writer.writerows(tuple(spreadsheet_safe(cell) for cell in row) for row in csv_rows(report))
    return buffer.getvalue()


def _pdf(report: DailyReport, context: CliContext) -> bytes:
    from counter.reports.layout import report_pdf

    return report_pdf(report, context.settings.font_path)


def _write_bytes(context: CliContext, path: Path | None, data: bytes) -> int:
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        path.write_bytes(data)
    except OSError as error:
        print(_("Cannot write {path}: {error}").format(path=path, error=error.strerror), file=context.err)
        return 1
    return 0
