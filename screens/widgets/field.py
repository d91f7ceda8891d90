"""A labelled input with its error message beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class FormField(Horizontal):
    """Label, input and an error line; `error` shows or clears the message."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 0 0; }
    FormField > .field-label { width: 18; padding: 1 1 0 0; text-align: right; }
    FormField > Input { width: 36; }
    FormField > .field-error { width: 1fr; padding: 1 0 0 1; color: $error; }
    """

    def __init__(self, label: str, *, field_id: str, password: bool = False, placeholder: str = "",
                 max_length: int = 0, value: str = "") -> None:
        super().__init__(id=f"field-{field_id}")
        self.field_id = field_id
        self._label, self._password, self._placeholder = label, password, placeholder
        self._max_length, self._value = max_length, value

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield Input(value=self._value, placeholder=self._placeholder, password=self._password,
                    id=self.field_id, max_length=self._max_length)
        yield Label("", classes="field-error")

    @property
    def input(self) -> Input:
        """The input widget."""
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """The current text."""
        return self.input.value

    def set_label(self, label: str) -> None:
        """Change the label (after a language switch)."""
        self._label = label
        self.query_one(".field-label", Label).update(label)

    def error(self, message: str | None) -> None:
        """Show `message` beside the input, or clear it with None."""
        self.query_one(".field-error", Label).update(message or "")
        self.set_class(bool(message), "-invalid")
