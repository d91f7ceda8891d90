"""A wizard: one screen, its steps in a `ContentSwitcher`, the draft in a dataclass.

Shared by the birth and death bundles. Fields are validated as typed (the message beside the field);
PgDn moves on only when the step has no problem (else focus goes to the first one); PgUp goes back
and keeps every value; Esc asks before discarding a draft (an untouched one just closes); Ctrl+S files
from the last step. The idle lock covers the screen without touching it, so the draft survives a lock;
the draft is also saved (encrypted) at each step change, on lock and on sign-out, and offered again
after a crash or sign-out.

A subclass gives `STEPS`, `compose_step()`, `store()` (put a field's value into the draft),
`step_problems()` (the filing service's checks, as field problems) and `submit()`.

Only the first step is composed when the wizard opens; the others just after (see `later.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, Header, Input, Select, Static

from counter.base.errors import CounterError
from counter.base.i18n import N_, _, current_language
from counter.catalogue import CatalogueError
from counter.filing.core import FilingResult
from counter.filing.declarations import DeclarationError, FieldProblem
from screens.translated import Translated
from screens.widgets.footer import KeysFooter
from screens.wizard.catalogue import OfficeCatalogue
from screens.wizard.confirm import ConfirmScreen
from screens.wizard.drafts import DraftKeeper
from screens.wizard.fields import StepButton, StepTitle, WizardField, first_control
from screens.wizard.filed import FiledScreen
from screens.wizard.later import StepsComposedLater


@dataclass(frozen=True)
class WizardStep:
    """One step: its id, its title (msgid), and the declaration fields it owns (path prefixes)."""

    id: str
    title: str
    prefixes: tuple[str, ...] = ()

    def owns(self, field: str) -> bool:
        """True when a problem at `field` belongs to this step."""
        return any(field == p or field.startswith((f"{p}.", f"{p}[")) for p in self.prefixes)


class WizardScreen(Translated, StepsComposedLater, OfficeCatalogue, Screen[None]):
    """Base of the bundle wizards (see the module docstring)."""

    DEFAULT_CSS = """
    WizardScreen #wizard-steps { height: 1; padding: 0 1; background: $boost; }
    WizardScreen ContentSwitcher { height: 1fr; }
    WizardScreen .wizard-step { height: 1fr; padding: 0 1; }
    WizardScreen .step-title { text-style: bold; padding: 1 0 0 0; color: $accent; }
    WizardScreen #wizard-message { height: auto; max-height: 3; padding: 0 1; color: $error; }
    """
    BINDINGS = [
        Binding("pageup", "back", N_("Back"), id="wizard.back", priority=True),
        Binding("pagedown", "next", N_("Next"), id="wizard.next", priority=True),
        Binding("ctrl+s", "submit", N_("File"), id="wizard.submit", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="wizard.cancel"),
    ]
    STEPS: tuple[WizardStep, ...] = ()
    TITLE_MSGID = N_("Wizard")

    def __init__(self) -> None:
        super().__init__()
        self.step_index = 0
        self._message = ""
        self.finished = False
        """Set once filed: Esc then closes without asking."""
        self._labelled_in = current_language()
        """The language the fields were composed in: relabelled only when it changes."""
        self._started = False
        self.shown = False
        """Set when the wizard first comes on screen (it may be built earlier: `screens/warm.py`)."""
        self._errors_due = False
        self._field_index: list[WizardField] | None = None

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="wizard-steps")
        with ContentSwitcher(initial=self.STEPS[0].id):
            for step in self.STEPS:
                with VerticalScroll(id=step.id, classes="wizard-step"):
                    if step is self.STEPS[0]:  # the others after the first frame (`_compose_later`)
                        self._composed.add(step.id)
                        yield from self.compose_step(step.id)
        yield Static(id="wizard-message")
        yield KeysFooter(show_command_palette=False)

    def compose_step(self, step_id: str) -> ComposeResult:
        """The widgets of one step (subclasses)."""
        raise NotImplementedError
        yield  # pragma: no cover

    def on_mount(self) -> None:
        if self._started:  # Textual also calls this directly when a subclass's on_mount calls super()
            return
        self._started = True
        self.retranslate()
        self.call_after_refresh(self._compose_later)  # also before the wizard is shown (`screens/warm.py`)
        self.load_catalogue()
        self.when_ready(self.offer_saved_draft)  # a restored draft fills fields of every step

    def first_shown(self) -> None:
        """First on screen (maybe built long before, `screens/warm.py`): what depends on the moment, now."""
        if self._labelled_in != current_language():
            self.retranslate()
        if (control := first_control(self.query_one(f"#{self.step.id}"))) is not None:
            self.set_focus(control, scroll_visible=False)  # now: the first frame shows the cursor in place
        self.catalogue_for_today()
        self.draft_keeper.shown()

    @property
    def step(self) -> WizardStep:
        """The step on screen."""
        return self.STEPS[self.step_index]

    def retranslate(self) -> None:
        super().retranslate()
        self.title = _(self.TITLE_MSGID)
        if self._labelled_in != current_language():  # fields are composed in the current language
            self._labelled_in = current_language()
            for widget in self.walk_children(Widget):
                if isinstance(widget, (WizardField, StepTitle, StepButton)):
                    widget.retranslate()
        self.show_step_bar()
        if self.is_mounted:
            self.step_shown(self.step)

    def show_step_bar(self) -> None:
        """`① 아이 › ② 부모 ...` with the current step highlighted."""
        parts = []
        for number, step in enumerate(self.STEPS, start=1):
            label = f"{chr(0x2460 + number - 1)} {_(step.title)}"
            parts.append(f"[reverse b] {label} [/]" if number - 1 == self.step_index else f" {label} ")
        self.query_one("#wizard-steps", Static).update("›".join(parts))

    # -- fields -----------------------------------------------------------------------------
    def fields(self, step: WizardStep | None = None) -> list[WizardField]:
        """The mounted fields, of one step or of all."""
        root = self if step is None else self.query_one(f"#{step.id}")
        return list(root.walk_children(WizardField))  # a walk, not a CSS query: called on every keystroke

    def field_for(self, problem_field: str) -> WizardField | None:
        """The field showing a problem at `problem_field` (the field itself, or the first inside it)."""
        candidates = self._field_index if self._field_index is not None else self.fields()
        for field in candidates:
            if field.path == problem_field:
                return field
        for field in candidates:
            if field.path.startswith((f"{problem_field}.", f"{problem_field}[")):
                return field
        return None

    def store(self, path: str, value: object) -> None:
        """Put a field's value into the draft (subclasses)."""
        raise NotImplementedError

    def step_problems(self, step: WizardStep) -> list[FieldProblem]:
        """The problems of the draft that belong to `step` (subclasses)."""
        raise NotImplementedError

    def step_owns(self, step: WizardStep, field: str) -> bool:
        """True when a problem at `field` is shown on `step` (by default the step owning the field's path)."""
        return step.owns(field)

    def _field_changed(self, control_parent: object) -> None:
        field = control_parent if isinstance(control_parent, WizardField) else None
        if field is None:
            return
        if not self.ready:  # what a change does may reach steps still mounting: after they are
            self.change_when_ready(field)
            return
        field.touched = True
        self.store(field.path, field.value)
        if not self._errors_due:  # once for every change already queued (a paste, fields mounting)
            self._errors_due = True
            self.call_later(self._refresh_errors_due)

    def _refresh_errors_due(self) -> None:
        self._errors_due = False
        self.refresh_errors()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._field_changed(event.input.parent)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._field_changed(event.checkbox.parent)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._field_changed(event.select.parent)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def refresh_errors(self, *, reveal: bool = False) -> list[FieldProblem]:
        """Show the current step's problems beside touched fields (all fields with `reveal`)."""
        problems = self.step_problems(self.step)
        shown: dict[WizardField, str] = {}
        loose: list[str] = []
        self._field_index = self.fields()
        here = set(self.fields(self.step))
        try:
            for problem in problems:
                field = self.field_for(problem.field)
                if field is None or field not in here:  # a check of this step about a field of another
                    loose.append(problem.message)
                elif field not in shown:
                    shown[field] = problem.message
        finally:
            self._field_index = None
        for field in self.fields(self.step):
            if reveal and field in shown:
                field.touched = True
            field.error(shown.get(field) if field.touched else None)
        message = "\n".join(loose) if reveal or not problems else ""
        if message != self._message:
            self._message = message
            self.query_one("#wizard-message", Static).update(message)
        return problems

    def focus_first_error(self) -> None:
        """Focus the first field of the step (in screen order) that shows an error and can be reached."""
        reachable = set(self.focus_chain)
        for field in self.fields(self.step):
            if field.has_error and field.control in reachable:
                field.control.focus()
                return

    def focus_first_field(self) -> None:
        """Focus the first control the clerk can reach on this step (hidden fields are skipped)."""
        container = self.query_one(f"#{self.step.id}")
        (first_control(container) or container).focus()

    # -- moving between steps ---------------------------------------------------------------------
    def show_step(self, index: int) -> None:
        """Switch to step `index` (0-based), once every step is mounted."""
        if not self.ready:
            self.when_ready(lambda: self.show_step(index))
            return
        self.step_index = index
        self.query_one(ContentSwitcher).current = self.step.id
        self._message = ""
        self.query_one("#wizard-message", Static).update("")
        self.show_step_bar()
        self.step_shown(self.step)
        self.refresh_bindings()
        self.focus_first_field()  # now, not after a frame: the step and its cursor are laid out and drawn once
        self.call_after_refresh(self.save_draft)  # after the step is drawn: its thread would slow that frame

    def step_shown(self, step: WizardStep) -> None:
        """Hook: a step came on screen (recompute what it shows)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.finished:
            return action == "cancel"
        if action == "back":
            return self.step_index > 0
        if action == "next":
            return self.step_index < len(self.STEPS) - 1
        if action == "submit":
            return self.step_index == len(self.STEPS) - 1
        return True

    def action_next(self) -> None:
        """Move on when this step has no problem; otherwise show them and focus the first."""
        if not self.ready:  # keys typed before the steps were mounted are in the draft first
            self.when_ready(self.action_next)
            return
        problems = self.refresh_errors(reveal=True)
        if problems:
            self.focus_first_error()
            return
        if self.step_index < len(self.STEPS) - 1:
            self.show_step(self.step_index + 1)

    def action_back(self) -> None:
        """Go back one step; every value stays."""
        if not self.ready:
            self.when_ready(self.action_back)
            return
        if self.step_index > 0:
            self.show_step(self.step_index - 1)

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        """Problems from the filing service: go to the first one's step and show them there."""
        problems = list(problems)
        for index, step in enumerate(self.STEPS):
            if any(self.step_owns(step, p.field) for p in problems):
                self.show_step(index)
                break
        self.refresh_errors(reveal=True)
        self.call_after_refresh(self.focus_first_error)

    def action_submit(self) -> None:
        """File the draft (subclasses)."""
        raise NotImplementedError

    # -- filing (shared by the bundle wizards) -----------------------------------------------------
    def can_file(self, problems: list[FieldProblem]) -> bool:
        """False, after saying why, while the catalogue cannot be used or the draft has problems."""
        if self.catalogue_error:
            self.notify(_("Nothing was filed: {error}").format(error=self.catalogue_error), severity="error",
                        timeout=15)
            return False
        if problems:
            self.show_problems(problems)
            return False
        return True

    def filing_refused(self, error: CounterError) -> None:
        """The filing service refused: each problem beside its field, or the message (a broken catalogue kept)."""
        if isinstance(error, DeclarationError):
            self.show_problems(error.problems)
            return
        if isinstance(error, CatalogueError):
            self.catalogue_error = error.message
        self.notify(error.message, severity="error", timeout=15)

    def show_filed(self, result: FilingResult, title: str) -> None:
        """Replace the wizard with the filing result (`title` is a msgid).

        If the screen locked (or another screen opened) while the filing ran, the result waits until
        the wizard is back on top: it must never replace the lock screen.
        """
        self.finished = True
        self.discard_draft()
        if self.app.screen is self:  # not `is_current`: that is also true beneath a modal
            self.app.switch_screen(FiledScreen(result, title))
        else:
            self._filed_waiting = (result, title)

    def on_screen_resume(self) -> None:
        if not self.shown:
            self.shown = True
            self.first_shown()
        waiting = getattr(self, "_filed_waiting", None)
        if waiting is not None:
            self._filed_waiting = None
            self.app.call_later(self.app.switch_screen, FiledScreen(*waiting))

    def has_work(self) -> bool:
        """True once any field differs from how it started: only then does Esc ask before closing."""
        return any(field.value != field.initial for field in self.fields())

    def action_cancel(self) -> None:
        """Close the wizard; ask before discarding a draft that is not filed (nothing typed: just close)."""
        if self.finished or not self.has_work():
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.discard_draft()
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(_("Discard this draft? Everything entered so far is lost.")), answered)

    # -- the saved draft (see screens/wizard/drafts.py) ------------------------------------------------
    @property
    def draft_keeper(self) -> DraftKeeper:
        """Saves this wizard's draft as the clerk works and offers a saved one when the wizard opens."""
        keeper = self.__dict__.get("_draft_keeper")
        if keeper is None:
            keeper = self.__dict__["_draft_keeper"] = DraftKeeper(self)
        return keeper

    def save_draft(self) -> None:
        """Save the draft and its step (encrypted) in a worker: on each step, on lock and on sign-out."""
        self.draft_keeper.save()

    def discard_draft(self) -> None:
        """Delete the saved draft: filed, or discarded with Esc."""
        self.draft_keeper.discard()

    def offer_saved_draft(self) -> None:
        """Offer to continue this clerk's saved draft of this kind, if there is one."""
        self.draft_keeper.offer()

    async def draft_rows_restored(self) -> None:
        """Hook: mount the rows a restored draft has (sibling rows...) before its values are put back."""
