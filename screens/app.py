"""The Counter application: set-up or sign-in, the home screen, idle lock, help and language."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from counter.base.clock import korea_now
from counter.base.errors import ConfigError, CounterError, DatabaseError
from counter.base.i18n import N_, _, current_language, set_language
from counter.base.quick_settings import QuickSettings
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime, probe_needs_setup
from screens.agency_worker import AgencyWorker, AgencyWorkReported
from screens.builtin_texts import TextualTexts
from screens.capabilities import CAPABILITIES, capability
from screens.crash import Guarded, ReportingWorkers, handle_backstop, report_crash
from screens.scanner import ScanBuffer, scanned_character
from screens.spool_worker import PrintSpoolWorker
from screens.translated import Translated, translate_bindings
from screens.warm import WarmWizards

if TYPE_CHECKING:
    from counter.base.config import Settings


class CounterApp(Guarded, TextualTexts, App[None]):
    """One counter's desk; `runtime` holds the settings, the database and this device.

    An unexpected error never stops it (see `screens.crash`): it is logged, the clerk is told, and the
    screen with its work stays; `crashes` keeps them for tests.
    """

    CSS_PATH = "app.tcss"
    TITLE = "Counter"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="app.help"),
        Binding("ctrl+l", "lock", N_("Lock"), id="app.lock"),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
    ]

    def __init__(
        self,
        settings: Settings | QuickSettings,
        *,
        runtime: Runtime | None = None,
        idle_check_seconds: float = 1.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self._workers = ReportingWorkers(self)
        self.crashes: list[BaseException] = []
        self.settings = settings
        """The settings; until the start-up worker has validated them all, what the first screen reads."""
        self.settings_error: ConfigError | None = None
        """Settings found invalid after the first screen showed: the app closes and the command says why."""
        self.runtime: Runtime | None = runtime
        self.clock = clock or korea_now

        self.clerk: SignedInClerk | None = None
        self._runtime_ready = threading.Event()
        self._runtime_error: CounterError | None = None
        self._last_input = time.monotonic()
        self._idle_check_seconds = idle_check_seconds
        self.print_spool = PrintSpoolWorker(self)
        self.agency_worker = AgencyWorker(self)
        self.scanner = ScanBuffer()
        self.warm_wizards = WarmWizards(self)
        translate_bindings(self)

    # -- start ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        """Show the first screen at once; the database opens in a worker meanwhile."""
        self.set_keymap(self.settings.keymap)
        self.title = _("Counter")
        if self.runtime is not None:
            self._runtime_ready.set()
            self._show_first_screen(self._needs_setup_now())
            self.print_spool.start(self.runtime)
            self.agency_worker.start(self.runtime)
            self._purge_old_drafts(self.runtime)
            self.call_after_refresh(self.settle_heap)
        else:
            setup = probe_needs_setup(self.settings)
            self._show_first_screen(bool(setup))
            self.call_after_refresh(self._open_runtime_in_background)
        self.set_interval(self._idle_check_seconds, self._check_idle)

    def _needs_setup_now(self) -> bool:
        from counter.office.clerks import needs_setup

        assert self.runtime is not None
        return needs_setup(self.runtime.db)

    def _show_first_screen(self, setup: bool) -> None:
        from screens.login import LoginScreen
        from screens.setup import SetupScreen

        wanted = SetupScreen if setup else LoginScreen
        if isinstance(self.screen, wanted):
            return
        if len(self.screen_stack) > 1:
            self.switch_screen(wanted())
        else:
            self.push_screen(wanted())

    def _open_runtime_in_background(self) -> None:
        def job() -> None:
            from counter.office.clerks import needs_setup
            from counter.office.runtime import open_runtime

            try:
                settings = self.settings
                if isinstance(settings, QuickSettings):
                    try:
                        settings = settings.full()  # pydantic and the whole check, after the first screen
                    except ConfigError as exc:
                        self.settings_error = exc
                        raise
                runtime = open_runtime(settings)
                setup = needs_setup(runtime.db)
                if not setup:
                    runtime.keyring()
            except Exception as exc:  # noqa: BLE001 - shown as a message, logged if unexpected
                if not isinstance(exc, CounterError):
                    from counter.cli.context import log_crash

                    exc = DatabaseError(_("Internal error; details were written to {path}").format(path=log_crash()))
                self._runtime_error = exc
                self._runtime_ready.set()
                if self.settings_error is not None:
                    self.call_from_thread(self.exit, return_code=1)
                else:
                    self.call_from_thread(self._fatal, exc.message)
                return
            self.call_from_thread(self._runtime_opened, runtime, setup)

        self.run_worker(job, thread=True, group="runtime", exit_on_error=False)

    def _runtime_opened(self, runtime: Runtime, setup: bool) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self._runtime_ready.set()
        self.print_spool.start(runtime)
        self.agency_worker.start(runtime)
        self._purge_old_drafts(runtime)
        if self.clerk is None:
            self._show_first_screen(setup)
        self.call_after_refresh(self.settle_heap)

    def settle_heap(self) -> None:
        """Put what exists now out of the garbage collector's sight: start-up objects (modules, classes,
        the database engine) live as long as the app, and a full collection that scans them all takes
        0.1-0.2 s, in the middle of whatever key it falls on. Called when the app has started and once
        the screens are imported (`screens.home`); undone when the app ends (tests run many apps)."""
        gc.freeze()

    def on_agency_work_reported(self, message: AgencyWorkReported) -> None:
        """The in-app dispatcher's news, passed to the open screens (the agency queue shows it)."""
        for screen in self.screen_stack:
            screen.post_message(AgencyWorkReported(message.status))

    def on_unmount(self) -> None:
        self.print_spool.stop()
        self.agency_worker.stop()
        gc.unfreeze()

    def _fatal(self, message: str) -> None:
        from screens.fatal import FatalScreen

        self.switch_screen(FatalScreen(message))

    # -- unexpected errors (screens.crash) ---------------------------------------------------
    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: object) -> bool:
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as error:  # noqa: BLE001 - reported; the key counts as handled
            report_crash(self, error, f"action {type(namespace).__name__}.{action_name}")
            return True

    def _handle_exception(self, error: Exception) -> None:
        handle_backstop(self, error)  # instead of Textual's exit with a traceback on the terminal

    def wait_runtime(self, timeout: float = 120.0) -> Runtime:
        """The opened runtime; called from worker threads, waits while the database opens."""
        if not self._runtime_ready.wait(timeout):
            raise DatabaseError(_("The database did not open in time; check the database and try again."))
        if self._runtime_error is not None:
            raise self._runtime_error
        assert self.runtime is not None
        return self.runtime

    def signed_in(self, clerk: SignedInClerk) -> None:
        """A clerk signed in (or set up the office): open the home screen."""
        from screens.home import HomeScreen

        self.clerk = clerk
        self._last_input = time.monotonic()
        self.switch_screen(HomeScreen(clerk))

    def action_sign_out(self) -> None:
        """Sign out and return to the sign-in screen, discarding the screen stack."""
        from screens.login import LoginScreen

        if self.clerk is not None:
            self._save_drafts()  # kept (encrypted) and offered again at the clerk's next visit
            self._audit_session_event("logout", self.clerk)
        self.clerk = None
        self.warm_wizards.drop()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoginScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock":
            return self.clerk is not None and not self.is_locked
        if action == "sign_out":
            return self.clerk is not None
        if action == "command_palette":
            return not self.is_locked  # nothing may be opened above the lock
        return True

    def _audit_session_event(self, action: str, clerk: SignedInClerk) -> None:
        """Audit lock, unlock or sign-out in a worker: a busy database must never freeze or crash the
        counter (the lock itself is already on screen; a failed write is logged)."""
        runtime = self.runtime
        if runtime is None:
            return

        def write() -> None:
            from counter.cli.context import log_crash
            from counter.office.clerks import record_simple

            try:
                record_simple(runtime.db, action, clerk)
            except Exception:  # noqa: BLE001 - logged; the session state is already correct on screen
                log_crash(context={"where": f"audit {action}", "clerk": clerk.username})

        self.run_worker(write, thread=True, group="session-audit", exit_on_error=False)

    # -- idle lock -------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self._last_input = time.monotonic()
        if isinstance(event, events.Key) and not event.is_forwarded and self._scanned(event):  # first sight only
            event.stop()
            return  # the Enter that ended a scan opens the bundle, nothing else
        await super().on_event(event)

    def _scanned(self, event: events.Key) -> bool:
        """Watch the keys for a scanned receipt number (`screens.scanner`); True for the Enter that ends one."""
        from textual.screen import ModalScreen
        from textual.widgets import Input, TextArea

        if self.clerk is None or isinstance(self.screen, ModalScreen) or isinstance(self.focused, (Input, TextArea)):
            self.scanner.drop()  # a text field takes the keys itself; a dialog is answered by its own keys
            return False
        if event.key == "enter":
            text = self.scanner.finish(event.time)
            from counter.filing.receipts import RECEIPT_RE

            if text is None or not RECEIPT_RE.match(text):
                return False
            from screens.lookup import open_receipt

            open_receipt(self.screen, self.clerk, text)
            return True
        character = scanned_character(event.key, event.character)
        if character is None:
            self.scanner.drop()
        else:
            self.scanner.feed(character, event.time)
        return False

    def _check_idle(self) -> None:
        idle_limit = self.settings.idle_lock_minutes * 60
        if time.monotonic() - self._last_input >= idle_limit:
            self.action_lock()

    @property
    def is_locked(self) -> bool:
        """True while the lock screen covers the work."""
        from screens.lock import LockScreen

        return isinstance(self.screen, LockScreen)

    def action_lock(self) -> None:
        """Cover the screen until the clerk's password; the work underneath stays as it is."""
        from screens.lock import LockScreen

        if self.clerk is None or self.is_locked:
            return
        clerk = self.clerk

        def unlocked(ok: bool | None) -> None:
            self._last_input = time.monotonic()
            if ok:
                self._audit_session_event("screen.unlock", clerk)
            else:
                self.action_sign_out()

        self._save_drafts()
        self.push_screen(LockScreen(clerk, locked_at=self.clock()), unlocked)
        self._audit_session_event("screen.lock", clerk)

    def _save_drafts(self) -> None:
        """Save the draft of every wizard open (in workers), before a lock or a sign-out."""
        for screen in self.screen_stack:
            save = getattr(screen, "save_draft", None)
            if callable(save):
                save()

    def _purge_old_drafts(self, runtime: Runtime) -> None:
        """Delete drafts older than `draft_max_age_days`, in a worker (a failure is logged, never shown)."""

        def purge() -> None:
            from counter.cli.context import log_crash
            from counter.office.drafts import purge_drafts

            try:
                purge_drafts(runtime.db, runtime.settings.draft_max_age_days)
            except Exception:  # noqa: BLE001 - logged; old drafts are purged at the next start
                log_crash()

        self.run_worker(purge, thread=True, group="drafts", exit_on_error=False)

    # -- capabilities, help, language -------------------------------------------------------
    def open_capability(self, name: str) -> None:
        """Open a capability's screen, or say plainly that it is not built yet."""
        entry = capability(name)
        screen_class = entry.load_screen()
        if screen_class is None or self.clerk is None:
            self.notify(_("{name} is not available in this version of Counter yet.").format(name=_(entry.title)),
                        title=_(entry.title), timeout=6)
            return
        self.push_screen(self.warm_wizards.take(name, self.clerk) or screen_class(self.clerk))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.clerk is not None and not self.is_locked:
            for entry in CAPABILITIES:
                yield SystemCommand(_(entry.title), _(entry.summary),
                                    lambda name=entry.name: self.open_capability(name))
            from screens.verify import VerifyScreen

            yield SystemCommand(_("Verify a QR code"), _("Check what a receipt or notice QR code proves, offline"),
                                lambda: self.push_screen(VerifyScreen()))
            yield SystemCommand(_("Lock the screen"), _("Lock until your password is entered"), self.action_lock)
            yield SystemCommand(_("Sign out"), _("End this clerk's session"), self.action_sign_out)
        yield SystemCommand(_("Help"), _("Every key and what it does"), self.action_help)
        yield SystemCommand(_("한국어 / English"), _("Switch the language of the interface"),
                            self.action_toggle_language)
        yield SystemCommand(_("Quit"), _("Close Counter"), self.exit)

    def action_help(self) -> None:
        """Show every binding of the current screen and the app."""
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        """Switch between Korean and English everywhere, at once."""
        self.switch_language("en" if current_language() == "ko" else "ko")

    def switch_language(self, lang: str) -> None:
        """Set the language and re-label the app and every open screen."""
        set_language(lang)
        translate_bindings(self)
        self.title = _("Counter")
        for screen in self.screen_stack:
            if isinstance(screen, Translated):
                screen.retranslate()
        self.refresh_bindings()
