"""Operator commands: `db upgrade|status`, `office show|set`, `clerk add|unlock`, `audit verify`, `keys rotate`."""

from __future__ import annotations

import argparse
import getpass
import sys

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the operator commands."""
    db = subparsers.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply the shipped schema revisions").set_defaults(handler=db_upgrade)
    db.add_parser("status", help="show the database and its schema revision").set_defaults(handler=db_status)

    office = subparsers.add_parser("office", help="the office").add_subparsers(dest="office_command", required=True)
    office.add_parser("show", help="each office's code, name and phone").set_defaults(handler=office_show)
    edit = office.add_parser("set", help="change the office's name or phone (printed on receipts and notices)")
    edit.add_argument("--name", help="the office's name, as printed on the papers")
    edit.add_argument("--phone", help='the phone number citizens call (e.g. 02-3423-5392; "" removes it)')
    edit.add_argument("--office", help="office code, where several offices share the database")
    edit.set_defaults(handler=office_set)

    clerk = subparsers.add_parser("clerk", help="clerks").add_subparsers(dest="clerk_command", required=True)
    add = clerk.add_parser("add", help="add a clerk (password read from standard input)")
    add.add_argument("name", help="user name (lower-case letters, digits, . - _)")
    add.add_argument("--role", choices=("clerk", "supervisor"), default="clerk")
    add.add_argument("--display-name", help="name shown on screens and receipts (default: the user name)")
    add.add_argument("--office", help="office code, where several offices share the database")
    add.set_defaults(handler=clerk_add)
    unlock = clerk.add_parser("unlock", help="clear a locked account")
    unlock.add_argument("name")
    unlock.set_defaults(handler=clerk_unlock)

    audit = subparsers.add_parser("audit", help="audit trail").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="check every audit chain's seals (and that each reaches its noted head)")
    verify.add_argument("--head", action="append", default=[], metavar="[CHAIN@]SEQ:SEAL",
                        help="a head noted earlier with `counter audit head`; a chain cut before it is reported")
    verify.set_defaults(handler=audit_verify)
    head = audit.add_parser("head", help="print each chain's newest event (note or export it daily)")
    head.add_argument("--json", action="store_true", help="as JSON")
    head.set_defaults(handler=audit_head)

    keys = subparsers.add_parser("keys", help="encryption keys").add_subparsers(dest="keys_command", required=True)
    keys.add_parser("rotate", help="add a new RRN encryption key; old keys still decrypt").set_defaults(
        handler=keys_rotate
    )


def db_upgrade(args: argparse.Namespace, context: CliContext) -> int:
    """Apply the schema revisions (the runtime does it on open)."""
    from counter.store.migrations import SCHEMA_HEAD

    context.runtime()
    print(_("Database schema is at revision {rev}.").format(rev=SCHEMA_HEAD), file=context.out)
    return 0


def db_status(args: argparse.Namespace, context: CliContext) -> int:
    """Print the database URL (password hidden) and its revision, without upgrading."""
    from counter.store import schema
    from counter.store.db import Database, safe_url
    from counter.store.migrations import SCHEMA_HEAD

    db = Database(context.settings.database_url_or_default())
    db.check_connection()
    found = schema.current_revision(db) or "-"
    print(f"{safe_url(db.url)}\n" + _("revision {found} (this version ships {head})").format(
        found=found, head=SCHEMA_HEAD), file=context.out)
    return 0


def office_show(args: argparse.Namespace, context: CliContext) -> int:
    """One line per office: code, name, phone."""
    from sqlmodel import col, select

    from models import Office

    with context.runtime().db.session() as session:
        offices = session.exec(select(Office).order_by(col(Office.code))).all()
    for office in offices:
        print(f"{office.code}\t{office.name}\t{office.phone or '-'}", file=context.out)
    return 0


def office_set(args: argparse.Namespace, context: CliContext) -> int:
    """Change the office's name or phone; audited as a system action of this device."""
    from counter.office.clerks import edit_office
    from counter.store.audit import Actor

    runtime = context.runtime()
    office = edit_office(runtime.db, actor=Actor(None, "cli", None, runtime.device), office_code=args.office,
                         name=args.name, phone=args.phone)
    print(_("Office {code}: {name}, phone {phone}.").format(code=office.code, name=office.name,
                                                          phone=office.phone or "-"), file=context.out)
    return 0


def read_password(prompt: str) -> str:
    """A password from the terminal (asked twice) or the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass(_("Again: ")) != first:
            raise ValidationError(_("The two passwords differ."), field="password")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise ValidationError(_("No password on standard input."), field="password")
    return line.rstrip("\r\n")


def clerk_add(args: argparse.Namespace, context: CliContext) -> int:
    """Add a clerk; audited as a system action of this device."""
    from counter.office.clerks import add_clerk
    from counter.office.setup_checks import validate_username
    from counter.rules.text import check_identifier
    from counter.store.audit import Actor

    validate_username(args.name)  # before the password is asked for
    if args.office:
        check_identifier(args.office, field="office")
    runtime = context.runtime()
    password = read_password(_("Password for {name}: ").format(name=args.name))
    actor = Actor(None, "cli", None, runtime.device)
    clerk = add_clerk(runtime.db, username=args.name, display_name=args.display_name or args.name,
                      role=args.role, password=password, actor=actor, office_code=args.office)
    print(_("Added {role} {name}.").format(role=clerk.role, name=clerk.username), file=context.out)
    return 0


def clerk_unlock(args: argparse.Namespace, context: CliContext) -> int:
    """Clear a locked account from the operator's shell."""
    from counter.office.clerks import unlock_clerk
    from counter.store.audit import Actor

    runtime = context.runtime()
    unlock_clerk(runtime.db, args.name, Actor(None, "cli", None, runtime.device))
    print(_("Unlocked {name}.").format(name=args.name), file=context.out)
    return 0


def audit_verify(args: argparse.Namespace, context: CliContext) -> int:
    """Check every chain; exit 1 naming the first bad event of each broken one, 2 on a malformed head."""
    from counter.rules.text import check_identifier, escape_terminal
    from counter.store.audit import ChainHead, device_chain, verify_chains

    runtime = context.runtime()
    key = runtime.keyring().audit_key
    with runtime.db.session() as session:
        own_chain = device_chain(session, runtime.device)
    for value in args.head:
        try:
            check_identifier(value, field="head")
        except ValidationError as error:
            print(error.message, file=context.err)
            return 2
    try:
        anchors = [ChainHead.parse(value, own_chain) for value in args.head]
    except ValueError as exc:
        print(_("Not a chain head: {value} (expected CHAIN@SEQ:SEAL as `counter audit head` prints it)").format(
            value=escape_terminal(str(exc))), file=context.err)
        return 2
    with runtime.db.session() as session:
        reports = verify_chains(session, key, anchors)
    broken = [report for report in reports if not report.ok]
    for report in broken:
        print(_("Audit chain {chain} BROKEN at event #{seq}: {problem}. {n} events before it are intact.").format(
            chain=report.chain, seq=report.bad_seq, problem=report.problem, n=report.checked), file=context.err)
    if broken:
        return 1
    print(_("Audit trail intact: {n} events in {chains} chains checked.").format(
        n=sum(report.checked for report in reports), chains=len(reports)), file=context.out)
    return 0


def audit_head(args: argparse.Namespace, context: CliContext) -> int:
    """Print `CHAIN@SEQ:SEAL` for each chain, the anchor for a later `audit verify --head`."""
    import json

    with context.database().session() as session:
        from counter.store.audit import chain_heads

        heads = chain_heads(session)
    if args.json:
        print(json.dumps([{"chain": h.chain, "seq": h.seq, "seal": h.seal} for h in heads]), file=context.out)
    else:
        for head in heads:
            print(head, file=context.out)
    return 0


def keys_rotate(args: argparse.Namespace, context: CliContext) -> int:
    """Append a new RRN key; re-encryption happens as rows are next written."""
    from counter.store.keys import rotate_rrn_key

    kid = rotate_rrn_key(context.settings.keys_directory())
    print(_("New encryption key {kid} is now current.").format(kid=kid), file=context.out)
    return 0
