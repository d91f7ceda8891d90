"""`counter` with no sub-command: open the Textual app (the only place Textual is imported).

The first screen shows before the database layer loads; the app opens the database in a worker.
What can be checked cheaply (the settings the first screen reads, key files of a set-up counter) is
checked here first, so those problems are a message on the command line; the whole settings are
validated in the app's start-up worker (see `counter.base.quick_settings`), a problem there closes the app
with the same message.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from counter.cli.context import CliContext

if TYPE_CHECKING:
    from counter.base.config import Settings


def run_app(args: argparse.Namespace, context: CliContext) -> int:
    """Run the app until the clerk quits."""
    from counter.base.i18n import set_language
    from counter.base.quick_settings import QuickSettings, read_quick_settings
    from counter.office.runtime import Runtime, probe_needs_setup
    from counter.store.keys import load_keyring

    settings: Settings | QuickSettings | None = read_quick_settings(args.config, lang=args.lang)
    if settings is None:  # not plainly valid: the whole check now, its message on the command line
        settings = context.settings
    set_language(settings.lang)
    runtime: Runtime | None = None
    setup = probe_needs_setup(settings)
    if setup is None:  # not the embedded SQLite file: open the database here, with CLI messages
        from counter.office.clerks import needs_setup

        runtime = context.runtime()
        settings = runtime.settings
        setup = needs_setup(runtime.db)
    if not setup:
        load_keyring(settings.keys_directory())  # a missing or corrupted key file stops here
    from screens.app import CounterApp

    app = CounterApp(settings, runtime=runtime)
    app.run()
    if app.settings_error is not None:  # found by the start-up worker: the same message as before the app
        raise app.settings_error
    return app.return_code or 0
