"""Scripted filing: `counter file KIND --json PATH|- --clerk NAME` and `counter schema KIND`.

Each bundle kind plugs in with one line in `FILING_KINDS`: the module that files it (a function
`file_<kind>(runtime, clerk, declaration, *, today, duplicate_reason=None) -> FilingResult`) and the
function that gives its JSON Schema. Output is JSON on stdout. Exit status: 0 filed (or already
filed under the same idempotency key), 2 rejected input (every problem named by field, nothing
written), 1 anything else that stopped the filing (sign-in, catalogue, database).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from counter.base.errors import CounterError, ValidationError
from counter.base.i18n import _
from counter.cli.context import CliContext

EXIT_REJECTED = 2
EXIT_FAILED = 1


@dataclass(frozen=True)
class FilingKind:
    """Where a bundle kind's filing service and JSON Schema live (`module:function`)."""

    filer: str
    schema: str

    def load(self, which: str) -> Callable[..., Any]:
        """Import the filer or the schema function."""
        module_name, function = (self.filer if which == "filer" else self.schema).split(":")
        return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


FILING_KINDS: dict[str, FilingKind] = {
    "birth": FilingKind("counter.filing.birth:file_birth", "counter.filing.birth_declaration:birth_json_schema"),
    "death": FilingKind("counter.filing.death:file_death", "counter.filing.death_declaration:death_json_schema"),
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `file` and `schema`."""
    kinds = sorted(FILING_KINDS)
    filing = subparsers.add_parser("file", help="file a bundle from a JSON declaration (prints JSON)")
    filing.add_argument("kind", choices=kinds, help="which bundle")
    filing.add_argument("--json", dest="json_path", required=True, metavar="PATH|-",
                        help="the declaration file, or - for standard input")
    filing.add_argument("--clerk", required=True, help="the clerk filing it (password from COUNTER_PASSWORD or a prompt)")
    filing.add_argument("--duplicate-reason",
                        help="why to file again although the same person, or the same heir's inquiry, was already "
                             "filed (checked free text, audited)")
    filing.set_defaults(handler=file_bundle)
    schema = subparsers.add_parser("schema", help="print the JSON Schema of a declaration")
    schema.add_argument("kind", choices=kinds)
    schema.set_defaults(handler=print_schema)


def _print_json(data: Any, out: IO[str]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=out)


def print_schema(args: argparse.Namespace, context: CliContext) -> int:
    """Print the JSON Schema of the declaration for `args.kind`."""
    _print_json(FILING_KINDS[args.kind].load("schema")(), context.out)
    return 0


def _read_declaration(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(_("Cannot read {path}: {error}").format(path=path, error=exc), field="json") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The input is not valid JSON: {detail}").format(detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})"),
            field="json") from exc


def _password(username: str) -> str:
    password = os.environ.get("COUNTER_PASSWORD")
    if password is not None:
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(_("Password for {name}: ").format(name=username))
    raise ValidationError(_("Set COUNTER_PASSWORD, or run in a terminal to be asked for the password."),
                          field="clerk")


def _error_json(error: CounterError) -> dict[str, Any]:
    from counter.catalogue import CatalogueError
    from counter.filing.declarations import DeclarationError

    if isinstance(error, DeclarationError):
        return error.as_json()
    entry: dict[str, Any] = {"field": error.field or "", "message": error.message}
    if error.code:
        entry["code"] = error.code
    if isinstance(error, CatalogueError):
        entry.update(field="catalogue", file=str(error.path), line=error.line)
    duplicates = getattr(error, "duplicates", None)
    if duplicates:
        entry["duplicates"] = [{"receipt_no": d.receipt_no, "bundle_id": str(d.bundle_id),
                                "filed_at": d.filed_at.isoformat()} for d in duplicates]
    return {"errors": [entry]}


def file_bundle(args: argparse.Namespace, context: CliContext) -> int:
    """Sign in as `--clerk`, file the declaration, print the result (or the errors) as JSON."""
    from counter.base import clock
    from counter.office.clerks import authenticate
    from counter.rules.text import check_identifier

    kind = FILING_KINDS[args.kind]
    try:
        check_identifier(args.clerk, field="clerk")
        declaration = _read_declaration(args.json_path)
        password = _password(args.clerk)
        runtime = context.runtime()
        clerk = authenticate(runtime.db, args.clerk, password, runtime.settings, runtime.device)
        today = clock.korea_now().date()  # the office's calendar day decides deadlines and fines
        result = kind.load("filer")(runtime, clerk, declaration, today=today, duplicate_reason=args.duplicate_reason)
    except CounterError as error:
        _print_json(_error_json(error), context.out)
        return EXIT_REJECTED if isinstance(error, ValidationError) else EXIT_FAILED
    _print_json(result.as_json(), context.out)
    return 0
