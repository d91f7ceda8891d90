"""Helpers shared by form screens: show a domain error beside its field."""

from __future__ import annotations

from textual.screen import Screen

from counter.errors import CounterError
from screens.widgets.field import FormField


def show_error(screen: Screen, error: CounterError, fallback_field: str | None = None) -> None:
    """Put the error beside its field (focusing it) or, without a field, in a notification."""
    for form_field in screen.query(FormField):
        form_field.error(None)
    name = error.field or fallback_field
    if name:
        matches = screen.query(f"#field-{name}")
        if matches:
            form_field = matches.first(FormField)
            form_field.error(error.message)
            form_field.input.focus()
            return
    screen.notify(error.message, severity="error", timeout=8)


def clear_errors(screen: Screen) -> None:
    """Remove every field's error."""
    for form_field in screen.query(FormField):
        form_field.error(None)
