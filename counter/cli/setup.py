"""`counter setup`: the set-up screen without a screen, for operators and kiosks.

The password comes from standard input (two lines: the password and its repeat) or, on a terminal,
from two prompts. The form is checked by the same function as the set-up screen
(`counter.office.setup_checks`). Exit status: 0 set up (a short confirmation on stdout); 2 rejected input,
every problem named by field as JSON on stdout (`{"errors": [{"field", "message"}]}`, as
`counter file` prints them; fields `office_code`, `office_name`, `office_phone`, `supervisor`,
`display_name`, `password`, `password_again`), nothing written; 1 the database is already set up, or cannot be used
(a message on stderr).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.cli.context import CliContext

EXIT_REJECTED = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `setup`."""
    setup = subparsers.add_parser(
        "setup", help="set up the office and its first supervisor without the screen "
                      "(password twice from standard input, or asked on a terminal)")
    setup.add_argument("--office-code", default="", help="the office's 7-digit administrative agency code (required)")
    setup.add_argument("--office-name", default="", help="the office's name, as printed on receipts (required)")
    setup.add_argument("--office-phone", default="",
                       help="the office's phone number, printed on receipts and notices (e.g. 02-3423-5392)")
    setup.add_argument("--supervisor", default="", help="user name of the first supervisor (required)")
    setup.add_argument("--display-name", help="the supervisor's name on screens and receipts (default: the user name)")
    setup.set_defaults(handler=setup_counter)


def _passwords() -> tuple[str, str | None]:
    """The password and its repeat: two prompts on a terminal, else two lines of standard input
    (a missing second line gives None)."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(_("Password: ")), getpass.getpass(_("Again: "))
    lines = sys.stdin.read().splitlines() if sys.stdin is not None else []
    first = lines[0] if lines else ""
    return first, lines[1] if len(lines) > 1 else None


def setup_counter(args: argparse.Namespace, context: CliContext) -> int:
    """Check the form, create the key files and the office with its first supervisor."""
    from counter.office.clerks import needs_setup, setup_office
    from counter.office.setup_checks import FieldProblem, FormRejected, setup_problems

    runtime = context.runtime()
    if not needs_setup(runtime.db):
        raise ValidationError(_("This counter is already set up; nothing was changed. Add clerks with "
                                "counter clerk add."), code="already_set_up")
    password, again = _passwords()
    display_name = args.display_name if args.display_name is not None else args.supervisor
    problems = setup_problems(office_code=args.office_code, office_name=args.office_name,
                              username=args.supervisor, display_name=display_name, password=password,
                              password_again=again if again is not None else password, office_phone=args.office_phone)
    if again is None:
        problems.append(FieldProblem("password_again", _("Give the password twice on standard input, one line each.")))
    try:
        if problems:
            raise FormRejected(problems)
        runtime.keyring(create=True)
        clerk = setup_office(runtime.db, office_code=args.office_code, office_name=args.office_name,
                             username=args.supervisor, display_name=display_name, password=password,
                             device=runtime.device, office_phone=args.office_phone)
    except FormRejected as rejected:
        errors = [{"field": _OPTION.get(p.field, p.field), "message": p.message} for p in rejected.problems]
        print(json.dumps({"errors": errors}, ensure_ascii=False, indent=2), file=context.out)
        return EXIT_REJECTED
    print(_("Set up office {code} ({name}); supervisor {user} can sign in now.").format(
        code=clerk.office_code, name=clerk.office_name, user=clerk.username), file=context.out)
    return 0


_OPTION = {"username": "supervisor"}  # the form's field names, where the command's option differs
