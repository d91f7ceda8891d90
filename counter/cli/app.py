"""`counter` with no sub-command: open the Textual app (the only place Textual is imported)."""

from __future__ import annotations

import argparse

from counter.cli.context import CliContext


def run_app(args: argparse.Namespace, context: CliContext) -> int:
    """Open the database (upgrading its schema), then run the app until the clerk quits."""
    from counter.clerks import needs_setup

    runtime = context.runtime()
    if not needs_setup(runtime.db):
        runtime.keyring()  # a missing or corrupted key file stops here, with a message
    from screens.app import CounterApp

    app = CounterApp(runtime)
    app.run()
    return app.return_code or 0
