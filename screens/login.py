"""Sign-in screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from screens.forms import clear_errors
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter


class LoginScreen(Translated, Screen[None]):
    """User name and password; failures count towards the account lock."""

    BINDINGS = [
        Binding("ctrl+s", "submit", N_("Sign in"), id="login.submit"),
        Binding("f12", "app.toggle_language", N_("English"), id="login.language"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="form", classes="form"):
            yield Static(id="office", classes="intro")
            yield FormField(_("User name"), field_id="username", max_length=64)
            yield FormField(_("Password"), field_id="password", password=True, max_length=200)
            yield Button(_("Sign in"), id="submit", variant="primary")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#username").focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Counter - sign in")
        self.query_one("#office", Static).update(_("Sign in with your clerk account."))
        self.query_one("#field-username", FormField).set_label(_("User name"))
        self.query_one("#field-password", FormField).set_label(_("Password"))
        self.query_one("#submit", Button).label = _("Sign in")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "password":
            self.action_submit()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()

    def action_submit(self) -> None:
        clear_errors(self)
        username = self.query_one("#field-username", FormField).value
        password_field = self.query_one("#field-password", FormField)
        password = password_field.value
        app = self.app

        def call() -> SignedInClerk:
            from counter.office.clerks import authenticate

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return authenticate(runtime.db, username, password, runtime.settings, runtime.device)

        password_field.input.value = ""
        run_service(self, call, self.app.signed_in, error_field="password", group="login")  # type: ignore[attr-defined]
