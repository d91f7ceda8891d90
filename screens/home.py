"""Home: who is signed in, where, the date and shift, and every capability on a visible key."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from counter.reports.window import DAY_SHIFT_HOURS
from screens.capabilities import CAPABILITIES, capability
from screens.translated import Translated
from screens.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from counter.printing.print_queue import StuckJobs

log = logging.getLogger("counter.ui")
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def shift_name(moment: datetime) -> str:
    """Day desk 09:00-18:00, otherwise the night desk."""
    return _("Day desk") if moment.hour in DAY_SHIFT_HOURS else _("Night desk")


def format_day(moment: datetime) -> str:
    """`2026년 11월 21일 (토)` in Korean, `2026-11-21 (Sat)` in English."""
    return _("{y}-{m:02d}-{d:02d} ({weekday})").format(
        y=moment.year, m=moment.month, d=moment.day, weekday=_(WEEKDAYS[moment.weekday()]))


def warm_up(app: object) -> None:
    """While the clerk reads the home screen: import every capability's screen and read the office
    catalogue, so the first wizard opened does not wait for either (errors show when it opens)."""
    from counter.catalogue import load_catalogue

    try:
        for entry in CAPABILITIES:
            entry.load_screen()
        settings = app.wait_runtime().settings  # type: ignore[attr-defined]
        load_catalogue(settings.catalogue_set, settings.catalogue_override_path())
    except Exception:  # noqa: BLE001, S110 - only a head start: the wizard loads and reports it itself
        pass


class HomeScreen(Translated, Screen[None]):
    """The clerk's desk."""

    BINDINGS = [
        # The list shows these keys; the footer keeps room for the session keys.
        *(Binding(c.key, f"open('{c.name}')", c.title, id=f"home.{c.name}", show=False) for c in CAPABILITIES),
        Binding("ctrl+o", "app.sign_out", N_("Sign out"), id="home.sign_out"),
        Binding("ctrl+u", "unlock_clerk", N_("Unlock clerk"), id="home.unlock_clerk"),
    ]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self._stuck: StuckJobs | None = None
        self._counting = self._count_again = False
        self._warm = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="whoami", classes="banner")
            yield Static(id="home-print-status")
            yield OptionList(id="capabilities")
            yield Static(id="home-hint", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one(OptionList).focus()
        self.refresh_print_status()
        app = self.app

        def warm() -> None:
            warm_up(app)
            app.call_from_thread(self._warmed_up)

        self.run_worker(warm, thread=True, group="warm-up", exit_on_error=False)

    def _warmed_up(self) -> None:
        self._warm = True
        app = self.app
        if not getattr(app, "_screens_settled", False):  # once: the screens' modules, just imported
            app._screens_settled = True  # type: ignore[attr-defined]
            app.settle_heap()  # type: ignore[attr-defined]
        self._prepare_wizards()

    def _prepare_wizards(self) -> None:
        """Have the wizards built while the clerk is here (`screens/warm.py`), once their modules
        are imported (in the warm-up thread: an import on the app's loop would stop the keys)."""
        if self._warm and self.is_current:
            self.app.warm_wizards.prepare(self.clerk)  # type: ignore[attr-defined]

    # -- the "print jobs stuck" line ---------------------------------------------------------------
    def refresh_print_status(self) -> None:
        """Count the print jobs that cannot print now (in a worker) and show why, or nothing. One
        count at a time: a burst of spool reports asks once more after it, never cancels it."""
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        app = self.app

        def count() -> None:
            from counter.printing.print_queue import stuck_jobs

            try:
                runtime = app.wait_runtime()  # type: ignore[attr-defined]
                stuck: StuckJobs | None = stuck_jobs(runtime.db, runtime.settings)
            except Exception:
                log.exception("counting the waiting print jobs failed")
                stuck = None
            app.call_from_thread(self._counted, stuck)

        self.run_worker(count, thread=True, group="home-print-status", exit_on_error=False)

    def _counted(self, stuck: StuckJobs | None) -> None:
        self._counting = False
        self._show_print_status(stuck)
        if self._count_again:
            self._count_again = False
            self.refresh_print_status()

    def _show_print_status(self, stuck: StuckJobs | None) -> None:
        self._stuck = stuck
        line = self.query_one("#home-print-status", Static)
        line.update(Text(stuck.message(capability("printers").key.upper()) if stuck else ""))
        line.display = bool(stuck and stuck.count)

    def on_screen_resume(self) -> None:
        self.refresh_print_status()
        self._prepare_wizards()

    def on_print_spool_reported(self) -> None:
        self.refresh_print_status()

    def retranslate(self) -> None:
        super().retranslate()
        now = self.app.clock()  # type: ignore[attr-defined]
        self.title = _("Counter")
        role = _("Supervisor") if self.clerk.is_supervisor else _("Clerk")
        self.query_one("#whoami", Static).update(
            _("{name} ({role}) · {office} [{code}] · device {device}\n{day} · {shift}").format(
                name=self.clerk.display_name, role=role, office=self.clerk.office_name,
                code=self.clerk.office_code, device=self.clerk.device, day=format_day(now), shift=shift_name(now)))
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for entry in CAPABILITIES:
            state = "" if entry.screen else "  " + _("(not available yet)")
            options.add_option(Option(
                f"[b]{entry.key.upper():>3}[/b]  {_(entry.title)}{state}\n      [dim]{_(entry.summary)}[/dim]",
                id=entry.name))
        options.highlighted = highlighted if highlighted is not None else 0
        if self._stuck is not None:
            self._show_print_status(self._stuck)
        self.query_one("#home-hint", Static).update(
            _("Press a function key or choose with the arrows and Enter. F1: help, Ctrl+P: commands."))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unlock_clerk":
            return self.clerk.is_supervisor
        return True

    def action_unlock_clerk(self) -> None:
        from screens.unlock_clerk import UnlockClerkScreen

        self.app.push_screen(UnlockClerkScreen(self.clerk))

    def action_open(self, name: str) -> None:
        self.app.open_capability(name)  # type: ignore[attr-defined]
