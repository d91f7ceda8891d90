"""`counter lookup [QUERY]`: filed bundles found by receipt number, registration number or name prefix,
narrowed by kind, status, clerk, office and filing days; newest first, a page at a time, as JSON.
Exit 2 with the reason on stderr when the query or a filter is refused."""

from __future__ import annotations

import argparse
import json
from datetime import date

from counter.base.i18n import _
from counter.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `counter lookup`."""
    lookup = subparsers.add_parser("lookup", help="find filed bundles (receipt number, RRN or name prefix)")
    lookup.add_argument("query", nargs="?", default="",
                        help="a receipt number, a registration number or the start of a name (none: every bundle)")
    lookup.add_argument("--kind", help="birth or death")
    lookup.add_argument("--status", help="the bundle's status (filed)")
    lookup.add_argument("--clerk", metavar="USER", help="filed by this clerk")
    lookup.add_argument("--office", metavar="CODE", help="filed at this office")
    lookup.add_argument("--from", dest="filed_from", metavar="YYYY-MM-DD", help="filed on or after this day")
    lookup.add_argument("--to", dest="filed_to", metavar="YYYY-MM-DD", help="filed on or before this day")
    lookup.add_argument("--limit", type=int, default=50, help="bundles per page (at most 500)")
    lookup.add_argument("--after", metavar="CURSOR", help="the `next` cursor of the previous page")
    lookup.add_argument("--format", choices=("json",), default="json")
    lookup.set_defaults(handler=lookup_bundles)


def _day(text: str | None, option: str) -> date | None:
    from counter.base.errors import ValidationError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("{option}: not a day written as YYYY-MM-DD: {value}").format(
            option=option, value=text[:40]), field=option) from None


def lookup_bundles(args: argparse.Namespace, context: CliContext) -> int:
    """One page of bundles as JSON, with the next page's cursor (null on the last page)."""
    from dataclasses import replace

    from counter.base.errors import ValidationError
    from counter.cli.context import read_cursor
    from counter.lookup.query import parse_query
    from counter.lookup.search import BundleFilter, check_filter, search_bundles

    try:
        after = read_cursor(args.after)
    except ValueError:
        print(_("Not a cursor from this command: {cursor}").format(cursor=args.after[:80]), file=context.err)
        return 2
    try:
        wanted = BundleFilter(kind=args.kind, status=args.status, clerk=args.clerk, office=args.office,
                              filed_from=_day(args.filed_from, "--from"), filed_to=_day(args.filed_to, "--to"))
        check_filter(wanted)  # before the database is opened: a refused filter never waits on it
        runtime = context.runtime()
        key = parse_query(args.query, runtime.vault)
        page = search_bundles(runtime.db, replace(wanted, key=key), limit=args.limit, after=after)
    except ValidationError as error:
        print(_("Error: {message}").format(message=error.message), file=context.err)
        return 2
    cursor = f"{page.after[0].isoformat()}/{page.after[1]}" if page.after else None
    print(json.dumps({"bundles": [row.as_dict() for row in page.rows], "next": cursor}, ensure_ascii=False),
          file=context.out)
    return 0
