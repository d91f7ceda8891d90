"""`counter` with no sub-command: open the Textual app (the only place Textual is imported).

The first screen shows before the database layer loads; the app opens the database in a worker.
What can be checked cheaply (settings, key files of a set-up counter) is checked here first, so
those problems are a message on the command line.
"""

from __future__ import annotations

import argparse

from counter.cli.context import CliContext


def run_app(args: argparse.Namespace, context: CliContext) -> int:
    """Run the app until the clerk quits."""
    from counter.office.runtime import Runtime, probe_needs_setup
    from counter.store.keys import load_keyring

    settings = context.settings
    runtime: Runtime | None = None
    setup = probe_needs_setup(settings)
    if setup is None:  # not the embedded SQLite file: open the database here, with CLI messages
        from counter.office.clerks import needs_setup

        runtime = context.runtime()
        setup = needs_setup(runtime.db)
    if not setup:
        load_keyring(settings.keys_directory())  # a missing or corrupted key file stops here
    from screens.app import CounterApp

    app = CounterApp(settings, runtime=runtime)
    app.run()
    return app.return_code or 0
