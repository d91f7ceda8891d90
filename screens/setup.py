"""First set-up: the office and its first supervisor (shown while no clerk exists)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from screens.forms import clear_errors, show_problems
from screens.tasks import run_service
from screens.translated import Translated
from screens.widgets.field import FormField
from screens.widgets.footer import KeysFooter

FIELDS = (
    ("office_code", N_("Office code"), False),
    ("office_name", N_("Office name"), False),
    ("office_phone", N_("Office phone"), False),
    ("username", N_("User name"), False),
    ("display_name", N_("Full name"), False),
    ("password", N_("Password"), True),
    ("password_again", N_("Password again"), True),
)


class SetupScreen(Translated, Screen[None]):
    """Create the office and the first supervisor, then sign in as them."""

    BINDINGS = [Binding("ctrl+s", "submit", N_("Set up"), id="setup.submit")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="form", classes="form"):
            yield Static(id="intro", classes="intro")
            for field_id, label, password in FIELDS:
                yield FormField(_(label), field_id=field_id, password=password, max_length=100)
            yield Button(_("Set up"), id="submit", variant="primary")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#office_code").focus()

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _("Counter - first set-up")
        self.query_one("#intro", Static).update(
            _("No clerk exists yet. Enter this office and its first supervisor. The supervisor can add clerks "
              "later (counter clerk add).")
        )
        for field_id, label, _password in FIELDS:
            self.query_one(f"#field-{field_id}", FormField).set_label(_(label))
        self.query_one("#submit", Button).label = _("Set up")

    def on_input_submitted(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()

    def action_submit(self) -> None:
        """Check the whole form (every problem beside its field at once), then set up in a worker."""
        from counter.office.setup_checks import setup_problems

        values = {f.field_id: f.value for f in self.query(FormField)}
        if show_problems(self, setup_problems(**values)):
            return
        clear_errors(self)
        app = self.app

        def call() -> SignedInClerk:
            from counter.office.clerks import setup_office

            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            runtime.keyring(create=True)
            return setup_office(
                runtime.db, office_code=values["office_code"], office_name=values["office_name"],
                username=values["username"], display_name=values["display_name"],
                password=values["password"], device=runtime.device, office_phone=values["office_phone"],
            )

        run_service(self, call, self.app.signed_in, group="setup")  # type: ignore[attr-defined]
