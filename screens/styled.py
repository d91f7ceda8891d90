"""A screen shown for the first time is styled once, not twice.

Textual styles every widget as it is mounted, then styles the whole screen again when the screen
becomes active (`ScreenResume`), to catch what changed while it was not on top. A screen shown right
after its widgets were mounted has nothing to catch up on: that second pass over every widget was
about a third of the work of opening a wizard. It is skipped when the theme and the stylesheets that
could style the screen itself are those it was styled with (its widgets are styled after it: a
widget's default CSS is scoped to it; a screen's own `CSS_PATH`, read when it is first pushed, means a
restyle as before); a screen that comes back later is restyled as Textual does.
"""

from __future__ import annotations

from typing import Any

from textual import events


def _stylesheet_state(app: Any) -> tuple[int, int]:
    """Changes with the theme or the CSS variables (`refresh_css`) and with every stylesheet added that
    could style the screen: a widget's default CSS is scoped to that widget, so it cannot."""
    return app._css_update_count, sum(not source.scope for source in app.stylesheet.source.values())


class StyledOnce:
    """Mixin for screens (before `Screen` in the bases): no restyle when first shown (see the module)."""

    _styled_with: tuple[int, int] | None = None

    def _post_register(self, app: Any) -> None:
        super()._post_register(app)  # type: ignore[misc]
        self._styled_with = _stylesheet_state(app)  # its own default CSS added, the screen is styled next

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before `Screen._on_screen_resume` (Textual calls each class's handler, subclass first).
        styled_with, self._styled_with = self._styled_with, None
        if styled_with is not None and styled_with == _stylesheet_state(self.app):  # type: ignore[attr-defined]
            event.refresh_styles = False
