"""The key footer, changed only where the keys it shows change.

Textual's `Footer` removes every key and mounts them all again whenever the screen's bindings are
refreshed, and moving the focus refreshes them: each Tab, each step of a wizard and each choice
re-mounted the whole footer (a third of the work of a wizard step). This footer compares what it would
show with what it shows: nothing happens when they are the same, and otherwise only the keys that
went are removed and the keys that came are mounted, in their place.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ShownKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool  # the command palette's key, on the right


class KeysFooter(Footer):
    """A `Footer` that mounts only the keys that change (see the module docstring)."""

    def __init__(self, *, show_command_palette: bool = False, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._keys: list[tuple[ShownKey, FooterKey]] = []
        """What is shown, and the key widget showing it (empty while Textual's own layout is used)."""
        self._updating = False
        self._again = False
        self._due = False

    def _wanted(self) -> list[ShownKey] | None:
        """The keys to show, in order; None when bindings are grouped (Textual's own layout is used)."""
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        if any(group[0][0].group is not None for group in by_action.values()):
            return None
        app = self.app
        wanted = [ShownKey(binding.key, app.get_key_display(binding), binding.description, binding.action,
                           enabled, tooltip, False) for binding, enabled, tooltip in
                  (group[0] for group in by_action.values())]
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            wanted.append(ShownKey(binding.key, app.get_key_display(binding), binding.description, binding.action,
                                   enabled, binding.tooltip or binding.description, True))
        return wanted

    def _make(self, shown: ShownKey) -> FooterKey:
        if shown.palette:
            return FooterKey(shown.key, shown.key_display, shown.description, shown.action,
                             classes="-command-palette", disabled=not shown.enabled, tooltip=shown.tooltip)
        key = FooterKey(shown.key, shown.key_display, shown.description, shown.action, disabled=not shown.enabled,
                        tooltip=shown.tooltip)
        return key.data_bind(compact=Footer.compact)

    def compose(self) -> ComposeResult:
        self._keys = []
        if not self._bindings_ready:
            return
        wanted = self._wanted()
        if wanted is None:
            yield from super().compose()
            return
        self.styles.grid_size_columns = sum(not shown.palette for shown in wanted)
        self._keys = [(shown, self._make(shown)) for shown in wanted]
        for _shown, key in self._keys:
            yield key

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._due:  # once for the signals of a frame
            self._due = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._due = False
        if self._updating:  # one update at a time; the newest bindings are read once it is done
            self._again = True
            return
        self._updating = True
        try:
            self._again = True
            while self._again and self.is_attached and not self._pruning:
                self._again = False
                await self._apply(self._wanted())
        finally:
            self._updating = False

    async def _apply(self, wanted: list[ShownKey] | None) -> None:
        shown_now = [shown for shown, _key in self._keys]
        if wanted is not None and wanted == shown_now:
            return
        if wanted is None or not self._keys or len(self.children) != len(self._keys):
            await self.recompose()
            return
        kept: list[tuple[ShownKey, FooterKey]] = []
        gone: list[FooterKey] = []
        position = 0
        for shown in wanted:  # the old keys still wanted, in order; the ones skipped over go
            if shown in shown_now[position:]:
                index = shown_now.index(shown, position)
                gone.extend(key for _shown, key in self._keys[position:index])
                kept.append(self._keys[index])
                position = index + 1
        gone.extend(key for _shown, key in self._keys[position:])
        keys: list[tuple[ShownKey, FooterKey]] = []
        following = iter(kept)
        before = next(following, None)
        async with self.batch():
            if gone:
                await self.remove_children(gone)
            for shown in wanted:
                if before is not None and before[0] == shown:
                    keys.append(before)
                    before = next(following, None)
                    continue
                key = self._make(shown)
                keys.append((shown, key))
                await (self.mount(key) if before is None else self.mount(key, before=before[1]))
            self.styles.grid_size_columns = sum(not shown.palette for shown in wanted)
            self._keys = keys
