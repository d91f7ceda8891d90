"""What a clerk's key costs the screen, counted rather than timed (a busy machine cannot fail these):
a choice shows the fields that apply without walking every widget of the screen, and the footer
mounts only the keys that change, a step comes on screen with its cursor in one layout, and a screen
first shown is styled once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import textual.css.query
from test_birth_wizard import CHILD_FILLED, settle
from test_palette_and_steps import field, signed_in
from textual import events
from textual._compositor import Compositor
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from ui_helpers import make_app

from counter.office.runtime import Runtime
from screens.birth import BirthWizard
from screens.death import DeathWizard

SIZE = (100, 30)


@contextmanager
def selector_matches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count how many widgets CSS queries test against a selector while the block runs."""
    seen = [0]
    match = textual.css.query.match

    def counting(selector_set, node):  # type: ignore[no-untyped-def]
        seen[0] += 1
        return match(selector_set, node)

    monkeypatch.setattr(textual.css.query, "match", counting)
    try:
        yield seen
    finally:
        monkeypatch.setattr(textual.css.query, "match", match)


async def test_a_choice_shows_its_fields_without_walking_the_screen(office_runtime: Runtime,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, DeathWizard) and wizard.ready
        relation = field(wizard, "reporter.relation")
        with selector_matches(monkeypatch) as seen:
            for qualification, shown in (("dong_head", False), ("cohabiting_relative", True)):
                field(wizard, "reporter.qualification").set_value(qualification)
                await pilot.pause()
                assert relation.display is shown  # the fields that apply, as before
        # Each choice used to run some 25 queries over the ~400 widgets of the death wizard.
        assert seen[0] < 200, seen[0]


def footer_keys(screen: Screen[object]) -> list[FooterKey]:
    return list(screen.query_one(Footer).query(FooterKey))


def shown(keys: list[FooterKey]) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.has_class("-disabled")) for key in keys]


async def test_the_footer_mounts_only_the_keys_that_change(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard)
        first = footer_keys(wizard)
        await pilot.press("tab", "tab")  # the focus moves: the bindings are refreshed, the keys stay
        await settle(pilot)
        assert footer_keys(wizard) == first and all(key.is_attached for key in first)
        for path, value in CHILD_FILLED.items():
            field(wizard, path).set_value(value)
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert wizard.step.id == "step-parents"
        now = footer_keys(wizard)
        assert [key for key in now if key in first] == first  # kept, in their places; "Back" came before them
        assert len(now) == len(first) + 1 and now[0].key == "pageup"
        # What the footer shows is what Textual's own footer would show for these bindings.
        wizard.query_one(Footer).refresh(recompose=True)
        await settle(pilot)
        composed = footer_keys(wizard)
        assert not set(composed) & set(now) and shown(now) == shown(composed)


async def test_a_step_comes_with_its_cursor_in_one_layout(office_runtime: Runtime,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard)
        for path, value in CHILD_FILLED.items():
            field(wizard, path).set_value(value)
        await settle(pilot)
        parents = wizard.query_one("#step-parents")
        cursor_in_step: list[bool] = []
        reflow = Compositor.reflow

        def recording(compositor: Compositor, parent, size):  # type: ignore[no-untyped-def]
            if parent is wizard:
                cursor_in_step.append(wizard.focused is not None and parents in wizard.focused.ancestors)
            return reflow(compositor, parent, size)

        monkeypatch.setattr(Compositor, "reflow", recording)
        await pilot.press("pagedown")
        await settle(pilot)
        assert wizard.step.id == "step-parents" and wizard.focused is field(wizard, "mother.surname").control
        # Focus used to move a frame later: the step was laid out and drawn twice, first without the cursor.
        assert cursor_in_step and cursor_in_step[0], cursor_in_step


async def test_a_wizard_opened_is_styled_once(office_runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        restyled: list[DOMNode] = []
        update = DOMNode.update_node_styles

        def recording(node: DOMNode, animate: bool = True) -> None:
            restyled.append(node)
            update(node, animate)

        monkeypatch.setattr(DOMNode, "update_node_styles", recording)
        await pilot.press("f3")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, DeathWizard) and wizard.focused is not None
        # Its widgets were styled as they were mounted; Textual styled all of them again when it showed.
        assert wizard not in restyled
        monkeypatch.setattr(DOMNode, "update_node_styles", update)
        # A screen that comes back is restyled as Textual does; a stylesheet changed since it was mounted, too.
        resumed = events.ScreenResume()
        wizard._on_screen_resume(resumed)
        assert resumed.refresh_styles
        wizard._styled_with = (-1, 0)
        changed = events.ScreenResume()
        wizard._on_screen_resume(changed)
        assert changed.refresh_styles
