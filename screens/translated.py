"""Bindings whose descriptions follow the current language, and that work in 한글 mode.

Textual copies a class's bindings into each node; `translate_bindings` rebuilds that copy with
descriptions and tooltips passed through `_()`, so a language switch re-labels every footer. It also
adds, for every binding on a single Latin letter, the same binding on that key's 두벌식 jamo: with the
keyboard in 한글 mode the `y` key arrives as `ㅛ`. Ctrl combinations need nothing: the terminal sends
the same control byte (`ctrl+y` is 0x19) whatever the input method.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode

from counter.base.i18n import _
from screens.builtin_texts import described_active
from screens.crash import Guarded
from screens.styled import StyledOnce

# The standard Korean layout (KS X 5002, 두벌식): the jamo each Latin key types in 한글 mode.
JAMO = dict(zip("qwertyuiopasdfghjklzxcvbnm", "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ", strict=True))
JAMO.update(zip("QWERTOP", "ㅃㅉㄸㄲㅆㅒㅖ", strict=True))  # shifted keys with a jamo of their own


def hangul_key(key: str) -> str | None:
    """The jamo the same physical key types in 한글 mode, for a single Latin letter key.

    A capital without a jamo of its own (Shift+A types ㅁ, as `a` does) maps to the plain jamo.
    """
    if len(key) != 1:
        return None
    return JAMO.get(key) or JAMO.get(key.lower())


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


def _with_hangul_aliases(key_to_bindings: dict[str, list[Binding]]) -> dict[str, list[Binding]]:
    """Every single-letter binding also on its jamo, hidden from the footer (same id: help lists it once).

    A jamo bound on its own keeps its binding; a lower-case letter wins over a capital on a shared jamo.
    """
    result = dict(key_to_bindings)
    for key in sorted(key_to_bindings, key=str.isupper):
        jamo = hangul_key(key)
        if jamo is not None and jamo not in result:
            result[jamo] = [replace(binding, key=jamo, show=False, key_display=None)
                            for binding in key_to_bindings[key]]
    return result


def translate_bindings(node: DOMNode) -> None:
    """Re-label `node`'s bindings in the current language (and give letter keys their 한글-mode jamo).

    The first call keeps the node's bindings as they are then (the class's msgids plus bindings
    Textual adds itself, such as the command palette's) as the source of every later translation.
    """
    source: BindingsMap | None = getattr(node, "_msgid_bindings", None)
    if source is None:
        source = node._bindings.copy()
        node._msgid_bindings = source  # type: ignore[attr-defined]
    fresh = BindingsMap()
    fresh.key_to_bindings = _with_hangul_aliases({
        key: [_translated(binding) for binding in bindings] for key, bindings in source.key_to_bindings.items()
    })
    node._bindings = fresh


class Translated(StyledOnce, Guarded):
    """Mixin for screens: translate bindings on creation and re-render texts on `retranslate()`.

    It also guards the screen (see `screens.crash`): an error in any of its handlers is reported and
    the screen goes on working; and a screen first shown is styled once (see `screens.styled`).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)  # type: ignore[arg-type]

    def retranslate(self) -> None:
        """Called after a language switch: re-label bindings; screens override to redo their texts."""
        translate_bindings(self)  # type: ignore[arg-type]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows, Textual's own keys included, in the current language."""
        return described_active(super().active_bindings)  # type: ignore[misc]
