"""`counter reminders [--date D] [--office CODE] [--format table|json|csv] [--dry-run]`: the daily job that
lists what is due (results past due, allowances near their 60-day mark, deaths near the 안심상속 deadline)
and queues the citizens' text messages once (`counter.agencies.reminder_messages`).

Exit status: 0 done (an empty list too); 2 rejected input (a date not written YYYY-MM-DD, an office code no
office has); 1 anything else (database, keys, settings, catalogue), with a message on stderr.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from typing import IO, TYPE_CHECKING

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.cli.context import CliContext

if TYPE_CHECKING:
    from counter.agencies.reminder_messages import ReminderReport

EXIT_REJECTED = 2


ARGPARSE_WORDS = (N_("usage: "), N_("options"), N_("show this help message and exit"))
"""argparse's own words in a help text, said in the current language too."""


class TranslatedHelp(argparse.HelpFormatter):
    """Help texts said in the current language: Korean, or English with `counter --lang en reminders --help`."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _(action.help) if action.help else action.help

    def add_text(self, text: str | None) -> None:
        super().add_text(_(text) if text else text)

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(_(heading) if heading else heading)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `reminders`."""
    parser = subparsers.add_parser(
        "reminders", help=N_("the daily list of what is due, and the citizens' reminders"),
        description=N_("List requests past due, allowances near the last day to be paid from the birth month and "
                       "deaths near the asset inquiry (안심상속) deadline; queue the citizen's text message where "
                       "the catalogue says so (once, however often it runs)."),
        formatter_class=TranslatedHelp)
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=N_("the day to run for (default: today, Korean time)"))
    parser.add_argument("--office", metavar="CODE", help=N_("only this office's bundles"))
    parser.add_argument("--allowance-days", type=int, metavar="DAYS",
                        help=N_("days ahead an allowance's last day is listed (default: the setting)"))
    parser.add_argument("--inquiry-days", type=int, metavar="DAYS",
                        help=N_("days ahead the inquiry deadline is listed (default: the setting)"))
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table", help=N_("output format"))
    parser.add_argument("--dry-run", action="store_true", help=N_("list only: queue no text message"))
    parser.set_defaults(handler=reminders_command)


def _day(value: str | None) -> date:
    from counter.base.clock import korea_now
    from counter.rules.text import check_identifier

    if value is None:
        return korea_now().date()  # the office's calendar day decides every period
    try:
        return date.fromisoformat(check_identifier(value, field="date"))
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="date") from None


def _window(given: int | None, setting: str, context: CliContext) -> int:
    """The window given on the command line (checked like the setting), or the setting's."""
    from counter.base.config import Settings

    if given is None:
        return int(getattr(context.settings, setting))
    most = next(rule.le for rule in Settings.model_fields[setting].metadata if hasattr(rule, "le"))
    if not 0 <= given <= most:
        raise ValidationError(_("Enter a number of days from 0 to {most}.").format(most=most), field=setting)
    return given


def reminders_command(args: argparse.Namespace, context: CliContext) -> int:
    """Run the day's reminders and print the list."""
    from counter.agencies.reminder_messages import run_reminders
    from counter.agencies.reminders import Windows
    from counter.base.session import Actor
    from counter.rules.text import check_identifier

    try:
        today = _day(args.date)
        office = check_identifier(args.office, field="office") if args.office else None
        windows = Windows(_window(args.allowance_days, "reminder_allowance_days", context),
                          _window(args.inquiry_days, "reminder_inquiry_days", context))
        runtime = context.runtime()
        report = run_reminders(runtime, today, windows, office_code=office, dry_run=args.dry_run,
                               actor=Actor(None, "reminders", office, runtime.device))
    except ValidationError as error:
        print(_("Error: {message}").format(message=error.message), file=context.err)
        return EXIT_REJECTED
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), file=context.out)
    elif args.format == "csv":
        _print_csv(report, context.out)
    else:
        _print_table(report, context.out)
    return 0


def _print_csv(report: ReminderReport, out: IO[str]) -> None:
    import csv

    from counter.rules.text import spreadsheet_safe

    rows = [reminder.as_dict() for reminder in report.reminders]
    # "\n": the terminal-safe stream would show a carriage return as `\u000d`
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else _csv_fields(), lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)


def _csv_fields() -> list[str]:
    from counter.agencies.reminders import Reminder

    return [name for name in Reminder.__dataclass_fields__ if name != "remind_citizen"]


def _d_day(days: int) -> str:
    """`D-3`, `D-day`, `D+2` (two days past), as Korean offices write it."""
    return "D-day" if days == 0 else f"D-{days}" if days > 0 else f"D+{-days}"


def _print_table(report: ReminderReport, out: IO[str]) -> None:
    from counter.agencies.reminder_messages import MessageState, message_label
    from counter.agencies.reminders import kind_label, state_label
    from counter.base.i18n import format_date
    from printers.text import cell_width

    if not report.reminders:
        print(_("Nothing is due on {day}.").format(day=format_date(report.today)), file=out)
        return
    header = [_("Kind"), _("Receipt no."), _("Office"), _("Agency"), _("What"), _("Due"), "D", _("Name"), _("State"),
              _("Reminder message")]
    rows = [[kind_label(r.kind), r.receipt_no, r.office, r.agency or "-", r.what, format_date(r.due), _d_day(r.days_left),
             r.subject, state_label(r.state), message_label(r.message)] for r in report.reminders]
    widths = [max(cell_width(row[column]) for row in [header, *rows]) for column in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell + " " * (width - cell_width(cell)) for cell, width in zip(row, widths, strict=True))
              .rstrip(), file=out)
    counts = report.counts()
    if report.dry_run:
        summary = _("{count} due on {day}; dry run: {would} text message(s) would be queued.").format(
            count=len(rows), day=format_date(report.today), would=counts[MessageState.WOULD_QUEUE])
    else:
        summary = _("{count} due on {day}; {queued} text message(s) queued, {before} sent before.").format(
            count=len(rows), day=format_date(report.today), queued=counts[MessageState.QUEUED],
            before=counts[MessageState.QUEUED_BEFORE])
    print(summary, file=out)
