"""The document model every renderer understands: a title, text, label/value fields, separators,
a Code128 barcode and a QR code, in order.

Text given to a block is made *visible* on construction: control characters (ESC/POS commands,
terminal escapes, NUL...) become printable `<1B>`-style tokens, so a name typed with control bytes
is only ever drawn, never sent to a printer or a terminal as a command.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from counter.base.errors import ValidationError
from counter.base.i18n import _

Align = Literal["left", "center", "right"]

# Whitespace controls read as a space; every other control/format/unassigned character as its code.
_SPACE_LIKE = {"\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def visible_text(text: str) -> str:
    """`text` with every control or invisible character replaced by a visible token.

    `"김\\x1b@철수"` -> `"김<1B>@철수"`; tabs, line breaks and other spaces become plain spaces.
    """
    out: list[str] = []
    for char in text:
        if char in _SPACE_LIKE or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            out.append(f"<{ord(char):02X}>")
        else:
            out.append(char)
    return "".join(out)


def _clean(instance: object, *names: str) -> None:
    for name in names:
        object.__setattr__(instance, name, visible_text(getattr(instance, name)))


@dataclass(frozen=True)
class Title:
    """The document's heading, large and centred."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Banner:
    """A short inverted band that must not be missed (e.g. 재발행 on a reprint)."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Paragraph:
    """Running text, wrapped to the width; `emphasis` is bold, `small` is the fine print, `indent`
    shifts it right by that many steps."""

    text: str
    emphasis: bool = False
    small: bool = False
    align: Align = "left"
    indent: int = 0

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Field:
    """A label and its value side by side; a long value wraps under itself."""

    label: str
    value: str
    emphasis: bool = False

    def __post_init__(self) -> None:
        _clean(self, "label", "value")


@dataclass(frozen=True)
class Separator:
    """A horizontal rule; `heavy` is a thick one between sections."""

    heavy: bool = False


@dataclass(frozen=True)
class Barcode:
    """A Code128 barcode of `data` (printable ASCII), with the text printed under it."""

    data: str

    def __post_init__(self) -> None:
        if not self.data or not all(" " <= char <= "~" for char in self.data):
            raise ValidationError(
                _("A barcode can only carry printable ASCII characters: {data!r}").format(data=self.data),
                field="barcode",
            )


@dataclass(frozen=True)
class QRCode:
    """A QR code (error correction M, 4-module quiet zone) with a caption and short `lines`
    (issue time, phone) beside it.

    `data` None is a placeholder (an unsigned preview): renderers draw a frame and the caption.
    """

    data: str | None
    caption: str = ""
    lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _clean(self, "caption")
        object.__setattr__(self, "lines", tuple(visible_text(line) for line in self.lines))


Block = Title | Banner | Paragraph | Field | Separator | Barcode | QRCode


@dataclass(frozen=True)
class Document:
    """One printable document: what it is (`kind`, e.g. `receipt-birth`), its receipt number and
    its blocks in reading order."""

    kind: str
    receipt_no: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    reprint: bool = False

    def texts(self) -> Iterator[str]:
        """Every string a renderer draws with the font (for glyph checks)."""
        for block in self.blocks:
            if isinstance(block, (Title, Banner, Paragraph)):
                yield block.text
            elif isinstance(block, Field):
                yield block.label
                yield block.value
            elif isinstance(block, Barcode):
                yield block.data
            elif isinstance(block, QRCode):
                yield block.caption
                yield from block.lines

    def barcodes(self) -> list[str]:
        """The data of every barcode, in order."""
        return [block.data for block in self.blocks if isinstance(block, Barcode)]

    def qr_payloads(self) -> list[str]:
        """The data of every (non-placeholder) QR code, in order."""
        return [block.data for block in self.blocks if isinstance(block, QRCode) and block.data]
