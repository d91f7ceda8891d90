"""The text of a snapshot SVG, row by row, so a snapshot that fails on a CI machine says what
changed in the failure output itself (the HTML report stays on that machine)."""

from __future__ import annotations

import difflib
import html
import pickle
import re

import pytest

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def svg_rows(svg: str) -> list[str]:
    """The screen's text rows in an SVG screenshot, top to bottom (trailing spaces dropped)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in _TEXT.findall(svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text)))
    return ["".join(text for _x, text in sorted(cells)).replace("\xa0", " ").rstrip() for _y, cells in sorted(rows.items())]


def snapshot_text_diff(item: pytest.Item) -> str | None:
    """A unified diff of expected against actual screen text for a failed snap_compare, or None
    when the test took no snapshot (or the texts are equal: then only colours or layout differ)."""
    from pytest_textual_snapshot import node_to_report_path

    path = node_to_report_path(item)
    if not path.exists():
        return None
    result, expected, actual = pickle.loads(path.read_bytes())[:3]
    if result:
        return None
    lines = list(difflib.unified_diff(svg_rows(expected), svg_rows(actual), "expected", "actual", lineterm="", n=1))
    return "\n".join(lines) if lines else "the screen text is the same; colours or positions differ"
