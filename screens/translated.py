"""Bindings whose descriptions follow the current language.

Textual copies a class's bindings into each node; `translate_bindings` rebuilds that copy with
descriptions and tooltips passed through `_()`, so a language switch re-labels every footer.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode

from counter.i18n import _
from screens.builtin_texts import described_active


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


def translate_bindings(node: DOMNode) -> None:
    """Re-label `node`'s bindings in the current language.

    The first call keeps the node's bindings as they are then (the class's msgids plus bindings
    Textual adds itself, such as the command palette's) as the source of every later translation.
    """
    source: BindingsMap | None = getattr(node, "_msgid_bindings", None)
    if source is None:
        source = node._bindings.copy()
        node._msgid_bindings = source  # type: ignore[attr-defined]
    fresh = BindingsMap()
    fresh.key_to_bindings = {
        key: [_translated(binding) for binding in bindings] for key, bindings in source.key_to_bindings.items()
    }
    node._bindings = fresh


class Translated:
    """Mixin for screens: translate bindings on creation and re-render texts on `retranslate()`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        translate_bindings(self)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        """Called after a language switch: re-label bindings; screens override to redo their texts."""
        translate_bindings(self)  # type: ignore[arg-type]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows, Textual's own keys included, in the current language."""
        return described_active(super().active_bindings)  # type: ignore[misc]
