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
    from counter.runtime import probe_needs_setup
    from counter.keys import load_keyring

    settings = context.settings
    if probe_needs_setup(settings) is False:
        load_keyring(settings.keys_directory())  # a missing or corrupted key file stops here
    from screens.app import CounterApp

    app = CounterApp(settings)
    app.run()
    return app.return_code or 0
