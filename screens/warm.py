"""Wizards built before they are asked for: F2/F3 then shows a wizard already composed.

Composing a wizard (its first step alone is some 60 widgets) takes 0.1-0.3 s of the app's time, more
than a clerk should wait after a key. While the home screen is shown, the app builds one wizard of each
kind for the signed-in clerk off screen (registered with the app, not on the screen stack), one after
the other, the app handling keys between; opening one pushes it as it is. A warm wizard is used once: a
new one is built when the home screen is back. Warm wizards belong to their clerk: a sign-out or another
clerk drops them. What depends on the moment a wizard is shown (the language, the saved draft to offer,
the catalogue for today's date) is done when it first shows (`WizardScreen.on_screen_resume`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screens.capabilities import CAPABILITIES

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from counter.base.session import SignedInClerk

WARM_KINDS = ("birth", "death")
"""The capabilities whose screens are built ahead (the wizards: the slow ones to compose)."""


class WarmWizards:
    """At most one unused wizard of each kind, built for one clerk (see the module docstring)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._clerk: SignedInClerk | None = None
        self._warm: dict[str, Screen[Any]] = {}
        self._building = False

    def prepare(self, clerk: SignedInClerk) -> None:
        """Build the missing wizards for `clerk` in a worker, one after the other (another clerk's are dropped)."""
        if self._clerk is not None and self._clerk != clerk:
            self.drop()
        self._clerk = clerk
        if not self._building and any(name not in self._warm for name in WARM_KINDS):
            self._building = True
            self.app.run_worker(self._build(clerk), group="warm-wizards", exit_on_error=False)

    async def _build(self, clerk: SignedInClerk) -> None:
        from textual.widget import AwaitMount

        try:
            for entry in CAPABILITIES:
                if entry.name not in WARM_KINDS or entry.name in self._warm:
                    continue
                screen_class = entry.load_screen()
                if screen_class is None or clerk != self._clerk or not self.app.is_running:
                    return
                screen = screen_class(clerk)
                self._warm[entry.name] = screen
                # Registered with the app, the screen composes and mounts as a pushed one would (Textual's
                # `push_screen` registers a screen the same way); it is laid out and drawn when pushed.
                await AwaitMount(screen, self.app._register(self.app, screen))
        finally:
            self._building = False

    def take(self, name: str, clerk: SignedInClerk) -> Screen[Any] | None:
        """The warm wizard `name` for `clerk` (no longer warm: it is about to be shown), or None."""
        if clerk != self._clerk:
            return None
        screen = self._warm.pop(name, None)
        if screen is not None and not screen.is_running:  # closed meanwhile (the app is closing)
            return None
        return screen

    def drop(self) -> None:
        """Remove every warm wizard (a sign-out: nothing of a clerk's session stays built)."""
        self._clerk = None
        warm, self._warm = self._warm, {}
        for screen in warm.values():
            if screen.is_running:
                screen.remove()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds built and waiting (for tests and the benchmark)."""
        return tuple(name for name, screen in self._warm.items() if screen.is_mounted)
