"""Printing commands: `printers list|test NAME`, `print-spool [--once]`, `verify PAYLOAD`,
`signing-key export|trust FILE --office CODE|trusted`. Exit 0 when all went well, 1 with a message
on stderr otherwise."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from counter.base.errors import NotFoundError
from counter.base.i18n import _
from counter.cli.context import CliContext

if TYPE_CHECKING:
    from counter.printing.signing import TrustedKey


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the printing commands."""
    printers = subparsers.add_parser("printers", help="configured printers").add_subparsers(
        dest="printers_command", required=True
    )
    listing = printers.add_parser("list", help="list the printers in the settings and the font in use")
    listing.add_argument("--status", action="store_true", help="also ask each printer whether it is ready")
    listing.set_defaults(handler=printers_list)
    test = printers.add_parser("test", help="print a test page (Hangul, barcode, QR) on one printer")
    test.add_argument("name", help="printer name from the settings")
    test.set_defaults(handler=printers_test)

    spool = subparsers.add_parser("print-spool", help="print pending receipts and notices (a service)")
    spool.add_argument("--once", action="store_true", help="one pass over the pending jobs (all tried now), then exit")
    spool.set_defaults(handler=print_spool)

    verify = subparsers.add_parser("verify", help="check a QR code from a receipt or notice, offline")
    verify.add_argument("payload", help="the scanned QR text")
    verify.add_argument("--public-key", type=Path, action="append", default=[],
                        help="an office's public key (PEM) to trust besides this office's own and keys/trusted")
    verify.add_argument("--office", action="append", default=[], metavar="CODE",
                        help="office code the --public-key keys may sign for (default: the file's Offices line)")
    verify.set_defaults(handler=verify_qr)

    key = subparsers.add_parser("signing-key", help="the office's QR signing key").add_subparsers(
        dest="signing_key_command", required=True
    )
    key.add_parser("export", help="print the public key (PEM) for whoever verifies this office's papers").set_defaults(
        handler=signing_key_export
    )
    trust = key.add_parser("trust", help="trust another office's public key for its office code(s) only")
    trust.add_argument("file", type=Path, help="the public key (PEM) the other office exported, or a file in keys/trusted")
    trust.add_argument("--office", action="append", required=True, metavar="CODE",
                       help="7-digit office code the key may sign for (repeat for several; replaces earlier codes)")
    trust.add_argument("--name", help="file name in keys/trusted for a new key (default: its key id)")
    trust.set_defaults(handler=signing_key_trust)
    key.add_parser("trusted", help="list the keys that verify QR codes and the offices each may sign for").set_defaults(
        handler=signing_key_trusted
    )


def _find_printer(context: CliContext, name: str):  # type: ignore[no-untyped-def]
    for printer in context.settings.printers:
        if printer.name == name:
            return printer
    names = ", ".join(p.name for p in context.settings.printers) or _("none")
    raise NotFoundError(_("No printer named {name} in the settings (configured: {names}).").format(name=name, names=names))


def printers_list(args: argparse.Namespace, context: CliContext) -> int:
    """One line per printer; with --status, whether it is ready now."""
    from counter.base import locations
    from printers.errors import PrintError
    from printers.fonts import find_korean_fonts
    from printers.transports import make_transport

    settings = context.settings
    fonts = find_korean_fonts(settings.font_path)
    print(_("Font: {path} ({source})").format(path=fonts.regular.path, source=fonts.source), file=context.out)
    if not settings.printers:
        print(_("No printer is configured (see docs/printing.md)."), file=context.out)
        return 0
    failures = 0
    for printer in settings.printers:
        line = f"{printer.name}\t{printer.kind}\t{printer.address or '-'}\t{printer.role}\t{printer.width_dots}/{printer.dpi}dpi"
        if args.status:
            try:
                with make_transport(printer, locations.print_out_dir()) as transport:
                    transport.check()
                line += "\t" + _("ready")
            except PrintError as error:
                failures += 1
                line += "\t" + error.message
        print(line, file=context.out)
    return 1 if failures else 0


def printers_test(args: argparse.Namespace, context: CliContext) -> int:
    """Print the test page on one printer."""
    from counter.base import locations
    from counter.rules.text import check_identifier
    from models import utcnow
    from printers.builders import build_test_page
    from printers.fonts import find_korean_fonts
    from printers.rendering import Rendering
    from printers.transports import make_transport

    printer = _find_printer(context, check_identifier(args.name, field="name"))
    page = build_test_page(printer.name, printer.width_dots, printer.dpi, utcnow())
    rendering = Rendering(page, find_korean_fonts(context.settings.font_path), printer.width_dots, printer.dpi)
    with make_transport(printer, locations.print_out_dir()) as transport:
        note = transport.print(rendering, "test-page")
    print(_("Test page sent to {name}: {note}").format(name=printer.name, note=note), file=context.out)
    return 0


def print_spool(args: argparse.Namespace, context: CliContext) -> int:
    """Run the spool until stopped (SIGTERM/Ctrl-C), or one pass with --once (every waiting job tried now,
    as the clerk's "print now" does)."""
    from counter.printing.print_service import outcome_line
    from counter.printing.spool import Spooler, make_waiting_jobs_due, run_spool
    from models import utcnow

    runtime = context.runtime()
    if args.once:
        make_waiting_jobs_due(runtime.db, utcnow())
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    spooler = Spooler(runtime.db, context.settings)
    outcomes = run_spool(
        runtime.db, context.settings, once=args.once, stop=stop, spooler=spooler,
        on_outcome=lambda outcome: print(outcome_line(outcome), file=context.out, flush=True),
    )
    waiting = [outcome for outcome in outcomes if outcome.status != "done"]
    if args.once and waiting:
        print(_("{count} job(s) are still waiting; they will be retried.").format(count=len(waiting)), file=context.err)
        return 1
    return 0


def verify_qr(args: argparse.Namespace, context: CliContext) -> int:
    """Check a QR payload against this office's key, the trusted keys and any given public keys."""
    from dataclasses import replace

    from counter.office.setup_checks import validate_office_code
    from counter.printing.print_service import verified_lines
    from counter.printing.signing import KEY_UNBOUND, SignatureInvalid, verify_payload
    from counter.printing.trusted_keys import binding_hint, read_trusted_file
    from counter.rules.text import check_identifier

    payload = check_identifier(args.payload.strip(), field="payload")  # a scanner's line end is not hidden
    keys = _verification_keys(context)
    offices = frozenset(validate_office_code(code) for code in args.office)
    for path in args.public_key:
        given = read_trusted_file(path)
        keys.append(replace(given, offices=offices) if offices else given)
    try:
        proof = verify_payload(payload, keys)
    except SignatureInvalid as error:
        if error.code != KEY_UNBOUND:
            raise
        print(_("Error: {message}").format(message=error.message), file=context.err)
        print(binding_hint(error.source), file=context.err)
        return 1
    for line in verified_lines(proof):
        print(line, file=context.out)
    return 0


def _verification_keys(context: CliContext) -> list[TrustedKey]:
    """This counter's own key (bound to the offices in its database) and the trusted key files."""
    from counter.printing.trusted_keys import has_signing_key, verification_keys

    keys_dir = context.settings.keys_directory()
    return verification_keys(keys_dir, context.runtime().db if has_signing_key(keys_dir) else None)


def signing_key_trust(args: argparse.Namespace, context: CliContext) -> int:
    """Trust a public key for the given office codes only (a key already trusted is re-bound)."""
    from counter.printing.trusted_keys import trust_key

    result = trust_key(context.settings.keys_directory(), args.file, args.office, args.name)
    message = (_("Key {kid} now verifies papers of office(s) {offices} only: {paths}") if result.rebound
               else _("Key {kid} is trusted for papers of office(s) {offices}: {paths}"))
    print(message.format(kid=result.kid, offices=" ".join(result.offices),
                         paths=", ".join(str(path) for path in result.paths)), file=context.out)
    return 0


def signing_key_trusted(args: argparse.Namespace, context: CliContext) -> int:
    """One line per key that verifies QR codes: key id, offices, file; unbound keys are named with
    what binds them (exit 1 while one is left unbound)."""
    from counter.printing.trusted_keys import binding_hint

    keys = _verification_keys(context)
    if not keys:
        print(_("No key verifies QR codes yet (see docs/printing.md)."), file=context.out)
        return 0
    unbound = 0
    for key in keys:
        offices = " ".join(sorted(key.offices)) or _("(no office)")
        print(f"{key.kid}\t{offices}\t{key.source}", file=context.out)
        if not key.offices:
            unbound += 1
            print(_("Key {kid} in {path} is bound to no office and verifies no paper.").format(
                kid=key.kid, path=key.source), binding_hint(key.source), file=context.err)
    return 1 if unbound else 0


def signing_key_export(args: argparse.Namespace, context: CliContext) -> int:
    """Print the office's public key (creating the key pair on first use)."""
    from counter.printing.signing import export_public_key, key_id, load_signing_key

    key = load_signing_key(context.settings.keys_directory(), create=True)
    print(_("# key id {kid}").format(kid=key_id(key.public_key())), file=context.out)
    print(export_public_key(key), end="", file=context.out)
    return 0
