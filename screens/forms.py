"""Helpers shared by form screens: show domain errors beside their fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from textual.screen import Screen

from counter.base.errors import CounterError
from screens.widgets.field import FormField


class Problem(Protocol):
    """What `show_problems` needs of a problem (`counter.office.setup_checks.FieldProblem` and the like)."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...


def show_problems(screen: Screen[Any], problems: Iterable[Problem]) -> bool:
    """Every problem beside its field at once; focus the first such field on the screen.

    Problems without a field on this screen become one notification. Returns True if any was shown.
    """
    problems = list(problems)
    fields = list(screen.query(FormField))
    messages = {p.field: p.message for p in reversed(problems)}  # the first problem of a field wins
    for form_field in fields:
        form_field.error(messages.pop(form_field.field_id, None))
    flagged = [form_field for form_field in fields if form_field.has_class("-invalid")]
    if flagged:
        flagged[0].input.focus()
    if messages:
        screen.notify("\n".join(p.message for p in problems if p.field in messages), severity="error", timeout=8)
    return bool(problems)


def show_error(screen: Screen[Any], error: CounterError, fallback_field: str | None = None) -> None:
    """Put the error beside its field (focusing it) or, without a field, in a notification.

    An error carrying `problems` (a whole form rejected) shows every one of them.
    """
    problems = getattr(error, "problems", None)
    if problems:
        show_problems(screen, problems)
        return
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


def clear_errors(screen: Screen[Any]) -> None:
    """Remove every field's error."""
    for form_field in screen.query(FormField):
        form_field.error(None)
