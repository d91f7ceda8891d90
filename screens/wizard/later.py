"""Wizard steps composed after the first one shows (a mixin of `WizardScreen`).

Composing every step's widgets when a wizard opened made opening slow (half a second and more for
the death wizard): now only the first step is composed with the screen; the others are composed one
at a time right after it shows, and once all are mounted (`ready`), `steps_ready()` and what waited
in `when_ready()` run. Until then moving to another step and what a changed field does wait (the
values typed are kept), and a query for a widget at the top of a step not composed yet composes the
remaining steps at once, so a subclass can reach any step's widgets at any time.

`mounted(id)` finds a widget by its id through an index: a CSS query walks every widget of the screen
(the death wizard has about 400), which made showing the fields of a choice take a tenth of a second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.compose import compose
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from screens.wizard.base import WizardStep
    from screens.wizard.fields import WizardField


class StepsComposedLater:
    """Composes a wizard's steps after its first (see the module docstring)."""

    STEPS: tuple[WizardStep, ...]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._composed: set[str] = set()
        self._mounts: dict[str, Any] = {}
        self.ready = False
        """True once every step is composed and mounted."""
        self._when_ready: list[Callable[[], object]] = []
        self._changed_early: dict[WizardField, None] = {}
        self._by_id: dict[str, Widget] = {}

    def mounted(self, widget_id: str) -> Widget | None:
        """The widget with this id on this screen, None if there is none (nothing is composed for it)."""
        widget = self._by_id.get(widget_id)
        if widget is not None and widget.id == widget_id and self._holds(widget):
            return widget
        screen = cast("Screen[object]", self)
        self._by_id = {node.id: node for node in screen.walk_children(Widget) if node.id}
        return self._by_id.get(widget_id)

    def _holds(self, widget: Widget) -> bool:
        screen = cast("Screen[object]", self)
        node = widget.parent
        while node is not None and node is not screen:
            node = node.parent
        return node is not None and not widget._pruning

    def compose_now(self, step_id: str) -> Any:
        """Compose a step not composed yet; its `AwaitMount` (None if it was composed before)."""
        if step_id in self._composed:
            return None
        self._composed.add(step_id)
        pane = Screen.query_one(self, f"#{step_id}", VerticalScroll)
        self._mounts[step_id] = pane.mount_all(compose(pane, self.compose_step(step_id)))
        return self._mounts[step_id]

    async def _compose_later(self) -> None:
        """Compose the other steps one at a time (keys typed meanwhile are handled between), wait until
        they are mounted, then run what waited for that."""
        for step in self.STEPS:
            if self.is_attached and step.id not in self._composed:
                self.compose_now(step.id)
                await asyncio.sleep(0)
        for waiting in list(self._mounts.values()):  # also steps a query composed at once
            await waiting
        if not self.is_attached:
            return
        self.ready = True
        self.call_later(self._now_ready)  # after the changes queued meanwhile: a PgDn sees what was typed

    def _now_ready(self) -> None:
        self.steps_ready()
        if self._changed_early:  # before a PgDn that waited: it must see them
            self._apply_early_changes()
        waiting, self._when_ready = self._when_ready, []
        for callback in waiting:
            callback()

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run `callback` now if every step is mounted, else as soon as they are."""
        if self.ready:
            callback()
        else:
            self._when_ready.append(callback)

    def change_when_ready(self, field: WizardField) -> None:
        """Apply a field's change once every step is mounted (what it does may reach them)."""
        self._changed_early[field] = None

    def _apply_early_changes(self) -> None:
        for field in self._changed_early:
            field.touched = True
            self.store(field.path, field.value)
        self._changed_early.clear()
        self.refresh_errors()

    def steps_ready(self) -> None:
        """Hook: every step is composed and mounted (set up what spans steps)."""

    def query_one(self, selector: Any, expect_type: Any = None) -> Any:  # type: ignore[override]
        try:
            return super().query_one(selector, expect_type)
        except NoMatches:
            if len(self._composed) == len(self.STEPS):
                raise
        for step in self.STEPS:  # a widget at the top of a step not composed yet (`_compose_later` waits)
            self.compose_now(step.id)
        return super().query_one(selector, expect_type)

