"""Plain-text rendering for the terminal preview, measured in display cells (Hangul is two cells
wide), so columns line up in any terminal. Control characters were made visible by the document
model, so the preview cannot send escape sequences to the terminal either."""

from __future__ import annotations

from wcwidth import wcwidth

from counter.base.i18n import _
from printers.document import (
    Banner,
    Barcode,
    Document,
    Field,
    Paragraph,
    QRCode,
    Separator,
    Title,
)
from printers.layout import wrap

DEFAULT_COLUMNS = 42  # an 80 mm receipt in the printer's own 12x24 font
LABEL_COLUMNS = 12


def cell_width(text: str) -> int:
    """Display width of `text` in terminal cells (wide Hangul 2, combining marks 0)."""
    return sum(max(0, wcwidth(char)) for char in text)


def _pad(text: str, width: int, align: str) -> str:
    free = max(0, width - cell_width(text))
    if align == "center":
        return " " * (free // 2) + text
    if align == "right":
        return " " * free + text
    return text


def render_text(document: Document, columns: int = DEFAULT_COLUMNS) -> str:
    """The document as lines of at most `columns` cells, ending with a newline."""
    out: list[str] = []

    def wrapped(text: str, width: int) -> list[str]:
        return wrap(text, width, cell_width)

    for block in document.blocks:
        if isinstance(block, Title):
            out += [_pad(line, columns, "center") for line in wrapped(block.text, columns)]
        elif isinstance(block, Banner):
            out += [_pad(f"*** {line} ***", columns, "center") for line in wrapped(block.text, columns - 8)]
        elif isinstance(block, Paragraph):
            prefix = "  " * block.indent
            out += [_pad(prefix + line, columns, block.align) for line in wrapped(block.text, columns - len(prefix))]
        elif isinstance(block, Field):
            labels = wrapped(block.label, LABEL_COLUMNS)
            values = wrapped(block.value, columns - LABEL_COLUMNS - 1)
            for row in range(max(len(labels), len(values))):
                label = labels[row] if row < len(labels) else ""
                value = values[row] if row < len(values) else ""
                out.append((label + " " * (LABEL_COLUMNS - cell_width(label)) + " " + value).rstrip())
        elif isinstance(block, Separator):
            out.append(("=" if block.heavy else "-") * columns)
        elif isinstance(block, Barcode):
            out.append(_pad(_("[barcode] {data}").format(data=block.data), columns, "center"))
        elif isinstance(block, QRCode):
            mark = _("[QR]")
            out += wrapped(f"{mark} {block.caption}".strip(), columns)
            for line in block.lines:
                out += wrapped(line, columns)
    return "\n".join(line.rstrip() for line in out) + "\n"
