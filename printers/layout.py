"""Line wrapping shared by the renderers: by words, and inside a word only when the word alone is
wider than the line (a long name or address is wrapped, never cut)."""

from __future__ import annotations

from collections.abc import Callable

Measure = Callable[[str], float]


def _break_word(word: str, max_width: float, measure: Measure) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and measure(current + char) > max_width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, max_width: float, measure: Measure) -> list[str]:
    """Split `text` into lines no wider than `max_width` as measured by `measure`.

    Every character of `text` except the spaces at a line break ends up in exactly one line, in
    order; an empty text is one empty line.
    """
    if max_width <= 0:
        raise ValueError("max_width must be positive")
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if measure(word) <= max_width:
            current = word
        else:
            pieces = _break_word(word, max_width, measure)
            lines.extend(pieces[:-1])
            current = pieces[-1] if pieces else ""
    lines.append(current)
    return lines
