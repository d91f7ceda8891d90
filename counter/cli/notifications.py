"""Notified births (출생통보제): `notifications import FILE`, `notifications list`, `notifications demand`,
`notifications close`. The file format is in docs/notifications.md.

Exit status: 0 done (import: every line imported or already there); 2 rejected input (import: some
line refused or in conflict - the good lines were imported all the same; nothing is written when the
file cannot be read); 1 anything else (database, keys, settings). `--format json` prints JSON on
stdout, errors included.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from counter.base.errors import CounterError, ValidationError
from counter.base.i18n import _
from counter.cli.context import CliContext

if TYPE_CHECKING:
    from counter.base.session import Actor
    from counter.filing.notifications import ImportSummary, NotificationView

EXIT_REJECTED = 2
EXIT_FAILED = 1


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `notifications import|list|demand|close`."""
    commands = subparsers.add_parser("notifications", help="births notified by medical institutions (출생통보제)"
                                     ).add_subparsers(dest="notifications_command", required=True)
    load = commands.add_parser("import", help="import a notified-births file (JSON Lines); safe to run again")
    load.add_argument("file", help="the file (docs/notifications.md)")
    load.set_defaults(handler=import_file)
    listing = commands.add_parser("list", help="the office's notified births (mother's number masked)")
    listing.add_argument("--unreported", action="store_true", help="only births not reported yet")
    listing.add_argument("--overdue", action="store_true",
                         help="only those the office must act on: demand the report, or record the birth (제44조의4)")
    listing.set_defaults(handler=list_command)
    demand = commands.add_parser("demand", help="note that the report was demanded (최고, 제44조의4②)")
    _identify(demand)
    demand.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the demand (default: today)")
    demand.set_defaults(handler=demand_command)
    close = commands.add_parser("close", help="close an unreported notification (it leaves the lists)")
    _identify(close)
    close.add_argument("--reason", required=True,
                       choices=("reported_elsewhere", "recorded_ex_officio", "not_for_this_office"))
    close.set_defaults(handler=close_command)
    for command in (load, listing, demand, close):
        command.add_argument("--office", help="office code, where several offices share the database")
        command.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _identify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("institution", help="the institution's code, as in the file")
    parser.add_argument("notification", help="the institution's notification id, as in the file")


def _print_json(data: Any, out: IO[str]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=out)


def _actor(context: CliContext) -> Actor:
    from counter.base.session import Actor

    return Actor(None, "cli", None, context.runtime().device)


def _checked_office(args: argparse.Namespace) -> str | None:
    from counter.rules.text import check_identifier

    return check_identifier(args.office, field="office") if args.office else None


def _today() -> date:
    from counter.base import clock

    return clock.korea_now().date()  # the office's calendar day decides the periods


def _failed(error: CounterError, args: argparse.Namespace, context: CliContext) -> int:
    if args.format == "json":
        entry = {"field": error.field or "", "message": error.message}
        if error.code:
            entry["code"] = error.code
        _print_json({"errors": [entry]}, context.out)
    else:
        print(_("Error: {message}").format(message=error.message), file=context.err)
    return EXIT_REJECTED if isinstance(error, ValidationError) else EXIT_FAILED


def import_file(args: argparse.Namespace, context: CliContext) -> int:
    """Read, check and import the file; print what became of every line."""
    from counter.filing.notification_file import parse_notification_lines, read_notification_file
    from counter.filing.notifications import import_notifications

    try:
        office = _checked_office(args)
        content = read_notification_file(args.file)
        parsed = parse_notification_lines(content, today=_today())
        runtime = context.runtime()
        summary = import_notifications(runtime.db, runtime.vault, _actor(context), parsed, office_code=office)
    except CounterError as error:
        return _failed(error, args, context)
    if args.format == "json":
        _print_json(summary.as_json(), context.out)
    else:
        _print_summary(args.file, summary, context.out)
    return 0 if summary.clean else EXIT_REJECTED


def _print_summary(path: str, summary: ImportSummary, out: IO[str]) -> None:
    from counter.filing.notifications import ALREADY, CONFLICT, IMPORTED

    print(_("{file}: {lines} line(s): {imported} imported, {already} already there, {conflicts} in conflict, "
            "{refused} refused.").format(file=path, lines=summary.lines, imported=len(summary.lines_with(IMPORTED)),
                                         already=len(summary.lines_with(ALREADY)),
                                         conflicts=len(summary.lines_with(CONFLICT)),
                                         refused=len(summary.refused_lines)), file=out)
    entries = [(o.line, 0, o.message) for o in summary.outcomes if o.result != IMPORTED]
    entries += [(p.line, 1, f"{p.field}: {p.message}" if p.field else p.message) for p in summary.refused]
    entries += [(p.line, 2, _("warning: {field}: {message}").format(field=p.field, message=p.message))
                for p in summary.warnings]
    for line, _order, message in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        print(_("line {line}: {message}").format(line=line, message=message), file=out)


def _text_line(view: NotificationView) -> str:
    from counter.rules.notification_deadlines import STATUS_TEXTS

    row = view.row
    status = _(STATUS_TEXTS[row.status])
    if view.receipt_no:
        status += f" ({view.receipt_no})"
    stage = (_("{stage}, until {day}").format(stage=view.stage.text, day=view.stage.until.isoformat())
             if view.stage else "-")
    sex = {"M": _("male"), "F": _("female")}[row.sex]
    return "\t".join((f"{row.institution_code}/{row.institution_notification_id}", row.institution_name,
                      row.mother_name, row.mother_rrn_masked, f"{row.birth_date.isoformat()} {row.birth_time:%H:%M}",
                      f"{sex} {row.birth_order}/{row.birth_count}", status, stage))


def list_command(args: argparse.Namespace, context: CliContext) -> int:
    """One line (or JSON object) per notification; the mother's number masked."""
    from counter.filing.notifications import list_notifications

    try:
        office = _checked_office(args)
        with context.runtime().db.session() as session:
            views = list_notifications(session, _today(), office_code=office, unreported=args.unreported,
                                       overdue=args.overdue)
    except CounterError as error:
        return _failed(error, args, context)
    if args.format == "json":
        _print_json([view.as_json() for view in views], context.out)
    elif not views:
        print(_("No notification to show."), file=context.out)
    for view in views if args.format == "text" else ():
        print(_text_line(view), file=context.out)
    return 0


def _day(value: str | None) -> date:
    from counter.rules.text import check_identifier

    if value is None:
        return _today()
    try:
        return date.fromisoformat(check_identifier(value, field="on"))
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="on") from None


def _notification_ids(args: argparse.Namespace) -> tuple[str, str]:
    from counter.rules.text import check_identifier

    return (check_identifier(args.institution, field="institution"),
            check_identifier(args.notification, field="notification"))


def _report_change(view_json: dict[str, Any], message: str, args: argparse.Namespace, context: CliContext) -> int:
    if args.format == "json":
        _print_json(view_json, context.out)
    else:
        print(message, file=context.out)
    return 0


def demand_command(args: argparse.Namespace, context: CliContext) -> int:
    """Note the demand (최고) for one notification."""
    from counter.filing.notifications import NotificationView, record_demand
    from counter.rules.notification_deadlines import stage_of

    try:
        office, (institution, notification), on = _checked_office(args), _notification_ids(args), _day(args.on)
        row = record_demand(context.runtime().db, _actor(context), institution, notification, on=on, office_code=office)
    except CounterError as error:
        return _failed(error, args, context)
    view = NotificationView(row, stage_of(row.status, row.birth_date, row.demanded_on, _today()), None)
    assert view.stage is not None
    return _report_change(view.as_json(), _("Demand of {day} noted for {institution}/{id}; the report is due by {until}.").format(
        day=on.isoformat(), institution=institution, id=notification, until=view.stage.until.isoformat()), args, context)


def close_command(args: argparse.Namespace, context: CliContext) -> int:
    """Close one unreported notification, with its reason."""
    from counter.filing.notifications import NotificationView, close_notification

    try:
        office, (institution, notification) = _checked_office(args), _notification_ids(args)
        row = close_notification(context.runtime().db, _actor(context), institution, notification, reason=args.reason,
                                 office_code=office)
    except CounterError as error:
        return _failed(error, args, context)
    return _report_change(NotificationView(row, None, None).as_json(), _("Closed {institution}/{id}.").format(
        institution=institution, id=notification), args, context)
