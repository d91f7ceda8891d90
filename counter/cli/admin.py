"""Operator commands: `db upgrade|status`, `clerk add|unlock`, `audit verify`, `keys rotate`."""

from __future__ import annotations

import argparse
import getpass
import sys

from counter.cli.context import CliContext
from counter.errors import ValidationError
from counter.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the operator commands."""
    db = subparsers.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply the shipped schema revisions").set_defaults(handler=db_upgrade)
    db.add_parser("status", help="show the database and its schema revision").set_defaults(handler=db_status)

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
    audit.add_parser("verify", help="check the hash chain of every audit event").set_defaults(handler=audit_verify)

    keys = subparsers.add_parser("keys", help="encryption keys").add_subparsers(dest="keys_command", required=True)
    keys.add_parser("rotate", help="add a new RRN encryption key; old keys still decrypt").set_defaults(
        handler=keys_rotate
    )


def db_upgrade(args: argparse.Namespace, context: CliContext) -> int:
    """Apply the schema revisions (the runtime does it on open)."""
    from counter.migrations import SCHEMA_HEAD

    context.runtime()
    print(_("Database schema is at revision {rev}.").format(rev=SCHEMA_HEAD), file=context.out)
    return 0


def db_status(args: argparse.Namespace, context: CliContext) -> int:
    """Print the database URL (password hidden) and its revision, without upgrading."""
    from counter import schema
    from counter.db import Database, safe_url
    from counter.migrations import SCHEMA_HEAD

    db = Database(context.settings.database_url_or_default())
    db.check_connection()
    found = schema.current_revision(db) or "-"
    print(f"{safe_url(db.url)}\n" + _("revision {found} (this version ships {head})").format(
        found=found, head=SCHEMA_HEAD), file=context.out)
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
    from counter.audit import Actor
    from counter.clerks import add_clerk

    runtime = context.runtime()
    password = read_password(_("Password for {name}: ").format(name=args.name))
    actor = Actor(None, "cli", None, runtime.device)
    clerk = add_clerk(runtime.db, username=args.name, display_name=args.display_name or args.name,
                      role=args.role, password=password, actor=actor, office_code=args.office)
    print(_("Added {role} {name}.").format(role=clerk.role, name=clerk.username), file=context.out)
    return 0


def clerk_unlock(args: argparse.Namespace, context: CliContext) -> int:
    """Clear a locked account from the operator's shell."""
    from counter.audit import Actor
    from counter.clerks import unlock_clerk

    runtime = context.runtime()
    unlock_clerk(runtime.db, args.name, Actor(None, "cli", None, runtime.device))
    print(_("Unlocked {name}.").format(name=args.name), file=context.out)
    return 0


def audit_verify(args: argparse.Namespace, context: CliContext) -> int:
    """Check the chain; exit 1 naming the first bad event."""
    from counter.audit import verify_chain

    with context.database().session() as session:
        report = verify_chain(session)
    if report.ok:
        print(_("Audit chain intact: {n} events checked.").format(n=report.checked), file=context.out)
        return 0
    print(_("Audit chain BROKEN at event #{seq} ({id}): {problem}. {n} events before it are intact.").format(
        seq=report.bad_seq, id=report.bad_id, problem=report.problem, n=report.checked), file=context.err)
    return 1


def keys_rotate(args: argparse.Namespace, context: CliContext) -> int:
    """Append a new RRN key; re-encryption happens as rows are next written."""
    from counter.keys import rotate_rrn_key

    kid = rotate_rrn_key(context.settings.keys_directory())
    print(_("New encryption key {kid} is now current.").format(kid=kid), file=context.out)
    return 0
