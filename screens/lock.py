"""The idle lock: covers the screen (keeping the work underneath) until the clerk's password."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from counter.session import SignedInClerk
from counter.errors import AuthError, CounterError
from counter.i18n import N_, _
from screens.forms import show_error
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField


class LockScreen(Translated, ModalScreen[bool]):
    """Dismissed with True once the signed-in clerk's password is given again.

    Dismissed with False ("sign out") when the clerk chooses to leave or the account locks.
    """

    BINDINGS = [Binding("ctrl+o", "sign_out", N_("Sign out"), id="lock.sign_out")]

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(id="lock-message")
            yield FormField(_("Password"), field_id="unlock_password", password=True, max_length=200)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#unlock_password").focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.query_one("#lock-message", Static).update(
            _("Screen locked. {name} ({user}): enter your password to go on; your work is kept.").format(
                name=self.clerk.display_name, user=self.clerk.username))
        self.query_one("#field-unlock_password", FormField).set_label(_("Password"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        password = event.value
        event.input.value = ""
        app = self.app

        def call() -> SignedInClerk:
            from counter.clerks import authenticate

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return authenticate(runtime.db, self.clerk.username, password, runtime.settings, runtime.device)

        def failed(error: CounterError) -> None:
            show_error(self, error, "unlock_password")
            if isinstance(error, AuthError) and error.code == "locked":
                self.dismiss(False)

        run_service(self, call, lambda _clerk: self.dismiss(True), on_error=failed, group="unlock")

    def action_sign_out(self) -> None:
        self.dismiss(False)
