"""One-line wizard fields: a label, the control, and the error beside it.

Every field is named by `path`, the field's path in the declaration (`child.birth_date`), so a
problem reported by the filing service lands beside the control that caused it. Fields are compact
(one row each) so a whole step fits a 100x30 terminal. A field builds its control when it is made, so
`control`, `value` and `set_value` work before it is mounted (a row added at run time is usable at once).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from counter.base.i18n import N_, _
from counter.rules.areas import complete_area_name

# Typed or pasted text never carries control characters, escape sequences, bidi overrides or zero-width
# characters: the terminal would act on them when the field is drawn (the filing refuses them too).
NO_CONTROL_CHARACTERS = "[^\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]*"


def widget_id(path: str) -> str:
    """A CSS id for a field path (`household.siblings[0].name` -> `f-household-siblings-0--name`)."""
    return "f-" + path.replace(".", "--").replace("[", "-").replace("]", "")


def first_control(container: Widget, visible: bool = True) -> Widget | None:
    """The first control in `container` the clerk can reach, as Tab would find it (hidden ones skipped).

    Textual's focus chain orders widgets by where they were last drawn, so a step just shown has no
    order until a frame later; a step lays its rows out top to bottom in the order of its widgets, so
    that order is the screen's, and the cursor goes into the step in the same frame as the step."""
    for child in container.displayed_children:
        if child._check_disabled():
            continue
        rule = child.styles.get_rule("visibility")
        shown = rule != "hidden" if rule else visible
        if shown and child.allow_focus():
            return child
        if child.is_container and child.allow_focus_children():
            found = first_control(child, shown)
            if found is not None:
                return found
    return None


class TickBox(Checkbox):
    """A checkbox whose state reads without colour: `[✔]` ticked, `[ ]` not (one cell each, any terminal)."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("✔" if self.value else " ", style), "]")


class WizardField(Horizontal):
    """Base of the wizard's fields: label (a msgid, translated when shown), control, error."""

    # Labels keep a fixed column; text inputs grow with the screen (an address stays in view at 120
    # columns) and still leave room for the message at 80. An open dropdown has a frame of its own.
    DEFAULT_CSS = """
    WizardField { height: auto; min-height: 1; margin: 0 0 0 0; }
    WizardField > .wf-label { width: 24; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    WizardField.-invalid > .wf-label { color: $error; }
    WizardField > .wf-error { width: 1fr; min-width: 26; padding: 0 0 0 1; color: $text-muted; }
    WizardField.-invalid > .wf-error { color: $error; }
    WizardField > Input { width: 1fr; min-width: 20; max-width: 64; }
    WizardField > Select { width: 1fr; min-width: 20; max-width: 32; }
    WizardField > Select > SelectOverlay.-textual-compact { border: round $accent !important; padding: 0 1;
                                                            background: $panel; }
    WizardField > Checkbox { width: auto; max-width: 70; border: none; padding: 0; height: 1; }
    WizardField > Checkbox:focus { border: none !important; }
    """

    def __init__(self, path: str, label: str, *, hint: str = "", label_args: dict[str, object] | None = None) -> None:
        super().__init__(id=widget_id(path), classes="wizard-field")
        self.path = path
        self.label_msgid = label
        self.label_args = label_args or {}
        self.hint_msgid = hint
        self._shown = _(hint) if hint else ""
        self.touched = False
        """Changed by the clerk, or shown with an error once: errors then follow every keystroke."""
        self._control: Widget | None = None
        self._error_label = Label(self._shown, classes="wf-error")

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="wf-label")
        yield self.control
        yield self._error_label

    @property
    def label_text(self) -> str:
        """The label in the current language."""
        return _(self.label_msgid).format(**self.label_args)

    def make_control(self) -> Widget:
        """The input widget (subclasses)."""
        raise NotImplementedError

    @property
    def control(self) -> Widget:
        """The focusable control (made on first use, so it exists before the field is mounted)."""
        if self._control is None:
            self._control = self.make_control()
        return self._control

    @property
    def initial(self) -> Any:
        """The value the field started with (an untouched field is not work to lose)."""
        raise NotImplementedError

    @property
    def value(self) -> Any:
        """The control's current value."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Put `value` into the control."""
        raise NotImplementedError

    def error(self, message: str | None) -> None:
        """Show `message` beside the control (or the hint when None)."""
        text = message or (_(self.hint_msgid) if self.hint_msgid else "")
        if text != self._shown:  # re-rendering on every keystroke would slow typing down
            self._shown = text
            self._error_label.update(text)
        self.set_class(bool(message), "-invalid")

    @property
    def has_error(self) -> bool:
        """True while an error is shown."""
        return self.has_class("-invalid")

    def retranslate(self) -> None:
        """Re-label after a language switch."""
        if self.is_mounted:
            self.query_one(".wf-label", Label).update(self.label_text)
        if not self.has_error:
            self.error(None)


class TextField(WizardField):
    """A one-line text input."""

    def __init__(self, path: str, label: str, *, value: str = "", placeholder: str = "", max_length: int = 100,
                 hint: str = "", label_args: dict[str, object] | None = None) -> None:
        super().__init__(path, label, hint=hint, label_args=label_args)
        self._initial, self._placeholder, self._max_length = value, placeholder, max_length

    def make_control(self) -> Widget:
        return Input(value=self._initial, placeholder=self._placeholder, max_length=self._max_length, compact=True,
                     restrict=NO_CONTROL_CHARACTERS)

    @property
    def input(self) -> Input:
        """The text input."""
        control = self.control
        assert isinstance(control, Input)
        return control

    @property
    def initial(self) -> str:
        return self._initial

    @property
    def value(self) -> str:
        return self.input.value

    def set_value(self, value: Any) -> None:
        self.input.value = "" if value is None else str(value)


class AreaSuggester(Suggester):
    """Shows the 시·군·구 whose start is typed (`counter.rules.areas.complete_area_name`)."""

    def __init__(self) -> None:
        super().__init__(case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_area_name(value)


class AreaInput(Input):
    """A 시·군·구 typed by its start: the completion shows faded, and → or Enter takes it."""

    async def action_submit(self) -> None:
        completed = complete_area_name(self.value) if self.cursor_at_end else None
        if completed:  # only ever lengthens what was typed into a name `find_area` accepts
            self.value = completed
            self.cursor_position = len(completed)
        await super().action_submit()


class AreaField(TextField):
    """A 등록기준지 or other 시·군·구, typed with completion from the list of Korea's areas."""

    def __init__(self, path: str, label: str, *, hint: str = N_("시·군·구: type its start, Enter completes")) -> None:
        super().__init__(path, label, max_length=40, hint=hint)

    def make_control(self) -> Widget:
        return AreaInput(value=self._initial, placeholder=self._placeholder, max_length=self._max_length, compact=True,
                         restrict=NO_CONTROL_CHARACTERS, suggester=AreaSuggester())


class FlagField(WizardField):
    """A yes/no checkbox; the label is the checkbox's own text."""

    def __init__(self, path: str, label: str, *, value: bool = False, hint: str = "",
                 label_args: dict[str, object] | None = None) -> None:
        super().__init__(path, label, hint=hint, label_args=label_args)
        self._initial = value

    def compose(self) -> ComposeResult:
        yield Label("", classes="wf-label")
        yield self.control
        yield self._error_label

    def make_control(self) -> Widget:
        return TickBox(self.label_text, value=self._initial, compact=True)

    @property
    def checkbox(self) -> Checkbox:
        """The checkbox."""
        control = self.control
        assert isinstance(control, Checkbox)
        return control

    @property
    def initial(self) -> bool:
        return self._initial

    @property
    def value(self) -> bool:
        return self.checkbox.value

    def set_value(self, value: Any) -> None:
        self.checkbox.value = bool(value)

    def retranslate(self) -> None:
        self.checkbox.label = self.label_text
        if not self.has_error:
            self.error(None)


class ChoiceField(WizardField):
    """A choice from a fixed list: `choices` are `(value, msgid)` pairs."""

    def __init__(self, path: str, label: str, choices: tuple[tuple[str, str], ...], *, value: str = "",
                 hint: str = "", prompt: str = N_("Choose")) -> None:
        super().__init__(path, label, hint=hint)
        self.choices = choices
        self._initial = value
        self.prompt_msgid = prompt
        """What the dropdown shows while nothing is chosen (a msgid)."""

    def _options(self) -> list[tuple[str, str]]:
        return [(_(text), value) for value, text in self.choices]

    def make_control(self) -> Widget:
        select: Select[str] = Select(self._options(), prompt=_(self.prompt_msgid), compact=True,
                                     value=self._initial or Select.NULL)
        return select

    @property
    def select(self) -> Select[str]:
        """The dropdown."""
        control = self.control
        assert isinstance(control, Select)
        return control

    @property
    def initial(self) -> str:
        return self._initial

    @property
    def value(self) -> str:
        current = self.select.value
        return "" if current is Select.NULL else str(current)

    def set_value(self, value: Any) -> None:
        self.select.value = value or Select.NULL

    def retranslate(self) -> None:
        select = self.select
        current = select.value
        select.set_options(self._options())
        select.prompt = _(self.prompt_msgid)
        select.value = current
        super().retranslate()


class StepTitle(Static):
    """A heading inside a step, re-translated on a language switch."""

    def __init__(self, msgid: str, *, id: str | None = None) -> None:
        super().__init__(_(msgid), id=id, classes="step-title")
        self.msgid = msgid

    def retranslate(self) -> None:
        """Show the heading in the current language."""
        self.update(_(self.msgid))


class StepButton(Button):
    """A compact button inside a step, re-translated on a language switch."""

    def __init__(self, msgid: str, *, id: str) -> None:
        super().__init__(_(msgid), id=id, compact=True)
        self.msgid = msgid

    def retranslate(self) -> None:
        """Show the label in the current language."""
        self.label = _(self.msgid)
