"""A supervisor clears a clerk's locked account."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter


class UnlockClerkScreen(Translated, ModalScreen[None]):
    """Ask for the user name to unlock; the unlock is audited under the supervisor."""

    BINDINGS = [Binding("escape", "dismiss", N_("Close"), id="unlock.close")]

    def __init__(self, supervisor: SignedInClerk) -> None:
        super().__init__()
        self.supervisor = supervisor

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(id="unlock-title")
            yield FormField(_("User name"), field_id="unlock_username", max_length=64)
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#unlock_username").focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#unlock-title", Static).update(_("Unlock a clerk's account (supervisors only)"))
        self.query_one("#field-unlock_username", FormField).set_label(_("User name"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        username, supervisor, app = event.value, self.supervisor, self.app

        def call() -> str:
            from counter.office.clerks import unlock_clerk

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            unlock_clerk(runtime.db, username, supervisor.actor, by=supervisor)
            return username

        def done(name: str) -> None:
            self.app.notify(_("Unlocked {name}.").format(name=name))
            self.dismiss(None)

        run_service(self, call, done, error_field="unlock_username", group="unlock-clerk")
