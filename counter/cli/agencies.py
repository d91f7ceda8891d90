"""Agency and message commands: `dispatch --once|--forever` and `messages send --once|--forever` (exit 0 when the run itself worked: requests left to
retry are normal; 1 with a message on stderr when it could not run) and `results import FILE` (exit 0
when every line was applied or already was, 2 when some lines were refused, each reported by number)."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import threading
from pathlib import Path

from counter.base.i18n import _
from counter.cli.context import CliContext


def _worker_options(parser: argparse.ArgumentParser) -> None:
    """`--once | --forever` and `--format` of a worker command."""
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="send everything due now, then exit")
    mode.add_argument("--forever", action="store_true", help="keep sending (a service; stops on SIGTERM)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="how --once reports")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the agency commands."""
    dispatch = subparsers.add_parser("dispatch", help="send queued requests to their agencies")
    _worker_options(dispatch)
    dispatch.set_defaults(handler=dispatch_requests)

    messages = subparsers.add_parser("messages", help="text messages to citizens").add_subparsers(
        dest="messages_command", required=True)
    send = messages.add_parser("send", help="send due messages through the SMS gateway")
    _worker_options(send)
    send.set_defaults(handler=send_messages)

    requests = subparsers.add_parser("requests", help="requests to agencies").add_subparsers(
        dest="requests_command", required=True)
    listing = requests.add_parser("list", help="list requests, oldest first, a page at a time")
    listing.add_argument("--status", help="queued, dispatched, acknowledged, completed, rejected, failed, cancelled")
    listing.add_argument("--agency", metavar="CODE")
    listing.add_argument("--office", metavar="CODE")
    listing.add_argument("--overdue", action="store_true", help="only open requests past their due date")
    listing.add_argument("--limit", type=int, default=100, help="rows per page (at most 1000)")
    listing.add_argument("--after", metavar="CURSOR", help="the `next` cursor of the previous page")
    listing.add_argument("--format", choices=("json", "csv"), default="json")
    listing.set_defaults(handler=list_requests)

    results = subparsers.add_parser("results", help="agencies' results").add_subparsers(
        dest="results_command", required=True)
    importing = results.add_parser("import", help="apply a JSON Lines file of results (safe to run again)")
    importing.add_argument("file", type=Path, help="one result per line (see docs/operations.md)")
    importing.add_argument("--office", metavar="CODE", help="refuse results for other offices' requests")
    importing.add_argument("--format", choices=("text", "json"), default="text")
    importing.set_defaults(handler=import_results)


def dispatch_requests(args: argparse.Namespace, context: CliContext) -> int:
    """Run the dispatcher once or until stopped, with progress on stderr."""
    from counter.agencies.dispatch import Dispatcher, DispatchReport

    dispatcher = Dispatcher(context.runtime())

    def progress(report: DispatchReport) -> None:
        print(_("sent {sent}, rejected {rejected}, to retry {retry}, failed {failed}").format(
            sent=report.sent, rejected=report.rejected, retry=report.retry, failed=report.failed),
            file=context.err, flush=True)

    if args.forever:
        with contextlib.suppress(KeyboardInterrupt):
            dispatcher.run_forever(_stop_on_sigterm(), progress=progress)
        return 0
    report = dispatcher.run_once(progress=progress)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False), file=context.out)
    else:
        print(_("Dispatched: {sent} sent, {rejected} rejected, {retry} to retry, {failed} failed, "
                "{unrouted} without a channel.").format(sent=report.sent, rejected=report.rejected,
                                                         retry=report.retry, failed=report.failed,
                                                         unrouted=report.unrouted), file=context.out)
    return 0


def _stop_on_sigterm() -> threading.Event:
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    return stop


def send_messages(args: argparse.Namespace, context: CliContext) -> int:
    """Send due messages once or until stopped."""
    from counter.agencies.outbox import MessageSender

    sender = MessageSender(context.runtime())
    if args.forever:
        with contextlib.suppress(KeyboardInterrupt):
            sender.run_forever(_stop_on_sigterm())
        return 0
    report = sender.run_once()
    if args.format == "json":
        print(json.dumps(report.as_dict()), file=context.out)
    else:
        print(_("Messages: {sent} sent, {failed} failed, {retry} to retry, {waiting} waiting for a gateway.").format(
            **report.as_dict()), file=context.out)
    return 0


def list_requests(args: argparse.Namespace, context: CliContext) -> int:
    """One page of requests as JSON (with the next page's cursor) or CSV (the cursor on stderr)."""
    import csv

    from counter.agencies import worklist
    from counter.base.clock import korea_now
    from counter.cli.context import read_cursor
    from counter.rules.text import spreadsheet_safe

    try:
        after = read_cursor(args.after)
    except ValueError:
        print(_("Not a cursor from this command: {cursor}").format(cursor=args.after[:80]), file=context.err)
        return 2
    wanted = worklist.RequestFilter(status=args.status, agency=args.agency, office=args.office,
                                    overdue_on=korea_now().date() if args.overdue else None)
    page = worklist.list_requests(context.runtime().db, wanted, limit=args.limit, after=after)
    cursor = f"{page.after[0].isoformat()}/{page.after[1]}" if page.after else None
    rows = [row.as_dict() for row in page.rows]
    if args.format == "json":
        print(json.dumps({"requests": rows, "next": cursor}, ensure_ascii=False), file=context.out)
        return 0
    writer = csv.DictWriter(context.out, fieldnames=list(worklist.RequestRow.__dataclass_fields__),
                            lineterminator="\n")  # the terminal-safe stream would show "\r" as `\u000d`
    writer.writeheader()
    writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)
    if cursor:
        print(_("More: --after {cursor}").format(cursor=cursor), file=context.err)
    return 0


def import_results(args: argparse.Namespace, context: CliContext) -> int:
    """Apply a results file; every refused line reported with its number and reason."""
    from counter.agencies import results
    from counter.base.clock import korea_now
    from counter.store.audit import Actor

    runtime = context.runtime()
    actor = Actor(None, "results-import", args.office, runtime.device)
    try:
        report = results.import_results(runtime, args.file, actor=actor, office_code=args.office,
                                        today=korea_now().date())
    except OSError as error:
        print(_("Cannot read {path}: {error}").format(path=args.file, error=error.strerror), file=context.err)
        return 1
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False), file=context.out)
    else:
        print(_("Results: {applied} applied, {unchanged} already recorded, {refused} refused.").format(
            applied=report.applied, unchanged=report.unchanged, refused=len(report.problems)), file=context.out)
    for number, reason in report.problems:
        print(_("line {number}: {reason}").format(number=number, reason=reason), file=context.err)
    return 2 if report.problems else 0
