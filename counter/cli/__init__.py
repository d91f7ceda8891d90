"""The `counter` command: with no sub-command it opens the app; the others are headless.

Each module in `COMMAND_MODULES` has `register(subparsers)`; handlers are
`handler(args, context) -> int` and import heavy modules inside themselves, so that
`counter --help` and the workers start fast and never import Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from counter.cli.context import CliContext, run_handler

COMMAND_MODULES = (
    "counter.cli.admin",
    "counter.cli.setup",
    "counter.cli.printing",
    "counter.cli.filing",
    "counter.cli.notifications",
    "counter.cli.agencies",
    "counter.cli.reminders",
    "counter.cli.reports",
    "counter.cli.lookup",
)

Handler = Callable[[argparse.Namespace, CliContext], int]


def _common_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--config", type=Path, help="settings file (TOML) instead of the default one")
    parser.add_argument("--lang", choices=("ko", "en"), help="language of the interface and messages")
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command module's sub-commands."""
    parser = _common_options(argparse.ArgumentParser(
        prog="counter",
        description="Counter: civil-registration desk (birth and death bundles, receipts, notices).",
    ))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def _app_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they name no command (the app opens), else None.

    Opening the app is the path a clerk waits on: it does not import every command module to build
    the full parser (anything else, `--help` or a mistake included, goes through the full parser)."""
    quick = _common_options(argparse.ArgumentParser(prog="counter", add_help=False, exit_on_error=False))
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:  # a bad value: the full parser says it, with the usage
        return None
    return None if rest else args


def _help_language(argv: Sequence[str] | None) -> None:
    """Say a command's help (`--help`, argument errors) in the language `--lang` asks, when it is given: the
    help is printed while the arguments are parsed, before the settings are read."""
    from counter.base.i18n import set_language

    quick = _common_options(argparse.ArgumentParser(prog="counter", add_help=False, exit_on_error=False))
    try:
        known, _rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return
    if known.lang:
        set_language(known.lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `counter` console command."""
    args = _app_arguments(argv)
    if args is None:
        _help_language(argv)
        args = build_parser().parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from counter.cli.app import run_app

        handler = run_app
    code = run_handler(handler, args)
    sys.stdout.flush()
    return code
