"""Bindings whose descriptions follow the current language.

Textual copies a class's bindings into each node; `translate_bindings` rebuilds that copy with
descriptions and tooltips passed through `_()`, so a language switch re-labels every footer.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from counter.i18n import _


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


def translate_bindings(node: DOMNode) -> None:
    """Re-label `node`'s bindings in the current language (from the class's msgids)."""
    merged = type(node)._merged_bindings
    if merged is None:
        return
    fresh = BindingsMap()
    fresh.key_to_bindings = {
        key: [_translated(binding) for binding in bindings] for key, bindings in merged.key_to_bindings.items()
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
