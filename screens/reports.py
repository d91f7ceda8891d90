"""Reports (F7): the office's day or shift report with the handover for the next shift, on screen
(`counter.reports`), a day back or forward, and saved as an A4 PDF to print."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.footer import KeysFooter

SCREEN_COLUMNS = 72
SHIFTS: tuple[str | None, ...] = (None, "day", "night")
SHIFT_LABELS = {None: N_("Whole day"), "day": N_("Day desk"), "night": N_("Night desk")}


class ReportsScreen(Translated, Screen[None]):
    """One report at a time: F2/F3 a day back or forward, F4 the whole day or a shift, F8 an A4 PDF."""

    DEFAULT_CSS = """
    ReportsScreen #report-heading { padding: 0 1; color: $text-muted; }
    ReportsScreen #report-scroll { padding: 0 2; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="reports.close"),
        Binding("f2", "day(-1)", N_("Day before"), id="reports.previous_day"),
        Binding("f3", "day(1)", N_("Day after"), id="reports.next_day"),
        Binding("f4", "shift", N_("Day / shift"), id="reports.shift"),
        Binding("f5", "refresh", N_("Refresh"), id="reports.refresh"),
        Binding("f8", "save_pdf", N_("Save PDF"), id="reports.pdf"),
    ]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.day: date | None = None
        self.shift: str | None = None
        self.text: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="report-heading")
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-text")
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.day = self.app.clock().date()  # type: ignore[attr-defined]
        self.retranslate()
        self.query_one("#report-scroll").focus()
        self.reload()

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Reports")
        self.query_one("#report-heading", Static).update(Text(_("{day} · {shift} · {office}").format(
            day=self.day.isoformat() if self.day else "-", shift=_(SHIFT_LABELS[self.shift]),
            office=self.clerk.office_name)))
        if self.text is not None:
            self.reload()  # the report is written in the current language

    def _build(self):  # type: ignore[no-untyped-def]
        app, day, office, shift = self.app, self.day, self.clerk.office_code, self.shift

        def call():  # type: ignore[no-untyped-def]
            from counter.reports.daily import build_daily_report
            from counter.reports.window import Shift

            assert day is not None
            return build_daily_report(app.wait_runtime().db, day, office_code=office,  # type: ignore[attr-defined]
                                      shift=Shift(shift) if shift else None)

        return call

    def reload(self) -> None:
        """Count again (the numbers are as the database stands now)."""
        build = self._build()

        def text() -> str:
            from counter.reports.layout import report_text

            return report_text(build(), SCREEN_COLUMNS)

        run_service(self, text, self._show, group="report")

    def _show(self, text: str) -> None:
        self.text = text
        self.query_one("#report-text", Static).update(Text(text))

    def action_day(self, step: int) -> None:
        """The report of the day before (-1) or after (1)."""
        assert self.day is not None
        self.day += timedelta(days=step)
        self.text = None
        self.query_one("#report-text", Static).update(_("Counting..."))
        self.retranslate()
        self.reload()

    def action_shift(self) -> None:
        """The whole day, the day desk or the night desk."""
        self.shift = SHIFTS[(SHIFTS.index(self.shift) + 1) % len(SHIFTS)]
        self.text = None
        self.retranslate()
        self.reload()

    def action_refresh(self) -> None:
        """Count again."""
        self.reload()

    def action_save_pdf(self) -> None:
        """Write the report as an A4 PDF in the data directory (to print on the office printer)."""
        build, app = self._build(), self.app
        name = f"report-{self.clerk.office_code}-{self.day}{'-' + self.shift if self.shift else ''}.pdf"

        def call() -> str:
            from counter.base import locations
            from counter.reports.layout import report_pdf

            path = locations.data_dir() / "reports" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(report_pdf(build(), app.wait_runtime().settings.font_path))  # type: ignore[attr-defined]
            return str(path)

        def done(path: str) -> None:
            self.notify(_("The report is saved as {path}: open it to print on an office printer.").format(path=path),
                        title=_("Save PDF"), timeout=12)

        run_service(self, call, done, group="report-pdf")

    def action_close(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()
