"""One document rendered for one printer, each format made at most once and only when needed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property

from PIL import Image

from printers.document import Document
from printers.escpos import escpos_bytes
from printers.fonts import FontSet
from printers.pdf import render_pdf
from printers.raster import render_raster
from printers.text import render_text


@dataclass
class Rendering:
    """`document` for a printer `width_dots` wide at `dpi`, drawn with `fonts`."""

    document: Document
    fonts: FontSet
    width_dots: int = 576
    dpi: int = 203

    @cached_property
    def raster(self) -> Image.Image:
        """The 1-bit page for thermal printers."""
        return render_raster(self.document, self.fonts, self.width_dots, self.dpi)

    @cached_property
    def escpos(self) -> bytes:
        """The ESC/POS job: reset, `GS v 0` raster, feed, cut."""
        return escpos_bytes(self.raster)

    @cached_property
    def pdf(self) -> bytes:
        """The A4 PDF."""
        return render_pdf(self.document, self.fonts)

    @cached_property
    def text(self) -> str:
        """The plain-text preview."""
        return render_text(self.document)

    def png(self) -> bytes:
        """The raster page as PNG bytes."""
        buffer = io.BytesIO()
        self.raster.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
