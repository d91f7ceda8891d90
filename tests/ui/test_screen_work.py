"""What a clerk's key costs the screen, counted rather than timed (a busy machine cannot fail these):
a choice shows the fields that apply without walking every widget of the screen, and the footer
mounts only the keys that change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import textual.css.query
from test_birth_wizard import settle
from test_palette_and_steps import field, signed_in
from ui_helpers import make_app

from counter.runtime import Runtime
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

