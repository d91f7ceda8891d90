"""The lock: an opaque screen over the whole terminal (the work underneath kept, none of it drawn)
until the clerk's password. It shows only the office, the clerk, when it locked and the password field."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from counter.base.errors import AuthError, CounterError
from counter.base.i18n import N_, _, format_datetime
from counter.base.session import SignedInClerk
from screens.forms import show_error
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter


class LockScreen(Translated, ModalScreen[bool]):
    """Dismissed with True once the signed-in clerk's password is given again.

    Dismissed with False ("sign out") when the clerk chooses to leave or the account locks; an open
    wizard's draft was saved when the screen locked and is offered again at the clerk's next visit.
    """

    BINDINGS = [Binding("ctrl+o", "sign_out", N_("Sign out"), id="lock.sign_out")]

    def __init__(self, clerk: SignedInClerk, *, locked_at: datetime | None = None) -> None:
        super().__init__()
        self.clerk = clerk
        self.locked_at = locked_at

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(id="lock-title", classes="step-title")
            yield Static(id="lock-message")
            yield FormField(_("Password"), field_id="unlock_password", password=True, max_length=200)
            yield Static(id="lock-sign-out", classes="hint")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self._make_opaque()
        self.retranslate()
        self.query_one("#unlock_password").focus()

    def _make_opaque(self) -> None:
        """An opaque background (inline, over any translucent stylesheet rule): a locked counter shows
        nothing of the screens beneath, not even at the edges."""
        background = Color.parse(self.app.get_css_variables().get("background", "black"))
        self.styles.background = background.with_alpha(1.0)

    def retranslate(self) -> None:
        super().retranslate()
        clerk = self.clerk
        self.query_one("#lock-title", Static).update(_("Screen locked"))
        lines = [
            _("{office} [{code}]").format(office=clerk.office_name, code=clerk.office_code),
            _("{name} ({user}): enter your password to go on; your work is kept.").format(
                name=clerk.display_name, user=clerk.username),
        ]
        if self.locked_at is not None:
            lines.insert(1, _("Locked at {time}").format(time=format_datetime(self.locked_at)))
        self.query_one("#lock-message", Static).update("\n".join(lines))
        self.query_one("#lock-sign-out", Static).update(
            _("Ctrl+O: sign out. A draft in progress is saved and offered when you open the same form again "
              "after signing in."))
        self.query_one("#field-unlock_password", FormField).set_label(_("Password"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        password = event.value
        event.input.value = ""
        app = self.app

        def call() -> SignedInClerk:
            from counter.office.clerks import authenticate

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return authenticate(runtime.db, self.clerk.username, password, runtime.settings, runtime.device)

        def failed(error: CounterError) -> None:
            show_error(self, error, "unlock_password")
            if isinstance(error, AuthError) and error.code == "locked":
                self.dismiss(False)

        run_service(self, call, lambda _clerk: self.dismiss(True), on_error=failed, group="unlock")

    def action_sign_out(self) -> None:
        """Sign out: the saved draft stays for the clerk's next sign-in (nothing is discarded)."""
        self.dismiss(False)
