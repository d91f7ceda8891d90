"""1-bit raster rendering for thermal printers: the whole document drawn with a Korean font into
one image exactly the printer's width (python-escpos cannot print Hangul in text mode).

Text is drawn anti-aliased in greyscale and then thresholded (no dithering, which would grey the
glyph edges into noise); barcode modules and QR modules are whole printer dots.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from printers.codes import CODE128_QUIET_MODULES, code128_modules, qr_matrix
from printers.document import (
    Banner,
    Barcode,
    Block,
    Document,
    Field,
    Paragraph,
    QRCode,
    Separator,
    Title,
)
from printers.fonts import FontFile, FontSet, check_glyphs
from printers.layout import wrap

THRESHOLD = 128
_THRESHOLD_TABLE = [0] * THRESHOLD + [255] * (256 - THRESHOLD)
WHITE, BLACK = 255, 0
LINE_SPACING = 1.08
BARCODE_HEIGHT_MM = 8.0
QR_MODULE_MM = 0.4  # 3 dots at 180-203 dpi: phones read it at arm's length
Font = ImageFont.FreeTypeFont


def _mm(mm: float, dpi: int) -> int:
    return max(1, round(mm * dpi / 25.4))


@dataclass(frozen=True)
class RasterLayout:
    """Sizes in printer dots for one width and resolution."""

    width: int
    dpi: int

    @property
    def margin(self) -> int:
        return _mm(1.0, self.dpi)

    def points(self, pt: float) -> int:
        """A font size in points as dots."""
        return max(8, round(pt * self.dpi / 72))

    @property
    def body(self) -> int:
        return self.points(9)

    @property
    def small(self) -> int:
        return self.points(7.5)

    @property
    def title(self) -> int:
        return self.points(12)

    @property
    def gap(self) -> int:
        return _mm(0.8, self.dpi)


@functools.lru_cache(maxsize=32)
def _load_font(path: str, index: int, size: int) -> Font:
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


class _Writer:
    """Turns blocks into strips of greyscale image, top to bottom."""

    def __init__(self, layout: RasterLayout, fonts: FontSet) -> None:
        self.layout = layout
        self.fonts = fonts
        self.strips: list[Image.Image] = []

    def font(self, size: int, bold: bool) -> tuple[Font, int]:
        """The face at `size` and the stroke width that fakes bold when there is no bold face."""
        face: FontFile = self.fonts.bold if bold and self.fonts.bold else self.fonts.regular
        stroke = 1 if bold and self.fonts.bold is None else 0
        return _load_font(str(face.path), face.index, size), stroke

    def blank(self, height: int) -> Image.Image:
        """A white strip of `height` dots appended to the page."""
        strip = Image.new("L", (self.layout.width, max(1, height)), WHITE)
        self.strips.append(strip)
        return strip

    def lines(self, texts: list[str], font: Font, stroke: int, x: int, width: int, align: str) -> Image.Image:
        """A strip with `texts` one per line (not yet appended to the page)."""
        ascent, descent = font.getmetrics()
        line_height = round((ascent + descent) * LINE_SPACING)
        strip = Image.new("L", (self.layout.width, line_height * len(texts) + self.layout.gap // 2), WHITE)
        draw = ImageDraw.Draw(strip)
        for row, text in enumerate(texts):
            offset = 0
            if align != "left":
                free = width - font.getlength(text)
                offset = int(free // 2) if align == "center" else int(free)
            draw.text((x + offset, row * line_height), text, font=font, fill=BLACK, stroke_width=stroke, stroke_fill=BLACK)
        return strip

    def text_block(self, text: str, size: int, bold: bool, align: str = "left", indent: int = 0) -> None:
        font, stroke = self.font(size, bold)
        x = self.layout.margin + indent * size
        width = self.layout.width - x - self.layout.margin
        self.strips.append(self.lines(wrap(text, width, font.getlength), font, stroke, x, width, align))

    def field(self, block: Field) -> None:
        layout = self.layout
        font, stroke = self.font(layout.body, block.emphasis)
        label_font, _no_stroke = self.font(layout.body, False)
        inner = layout.width - 2 * layout.margin
        label_width = int(inner * 0.3)
        value_x = layout.margin + label_width + layout.margin
        value_width = layout.width - value_x - layout.margin
        labels = wrap(block.label, label_width, label_font.getlength)
        values = wrap(block.value, value_width, font.getlength)
        rows = max(len(labels), len(values))
        label_strip = self.lines(labels + [""] * (rows - len(labels)), label_font, 0, layout.margin, label_width, "left")
        value_strip = self.lines(values + [""] * (rows - len(values)), font, stroke, value_x, value_width, "left")
        # Same size and row count: both strips have the same height; lay the label column over.
        value_strip.paste(label_strip.crop((0, 0, value_x, label_strip.height)), (0, 0))
        self.strips.append(value_strip)

    def banner(self, text: str) -> None:
        font, stroke = self.font(self.layout.title, True)
        ascent, descent = font.getmetrics()
        pad = self.layout.gap
        strip = self.blank(ascent + descent + 2 * pad)
        draw = ImageDraw.Draw(strip)
        draw.rectangle((0, 0, self.layout.width - 1, strip.height - 1), fill=BLACK)
        x = (self.layout.width - font.getlength(text)) // 2
        draw.text((x, pad), text, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
        self.blank(self.layout.gap)

    def separator(self, heavy: bool) -> None:
        thickness = 4 if heavy else 2
        strip = self.blank(self.layout.gap * 2 + thickness)
        top = self.layout.gap
        ImageDraw.Draw(strip).rectangle(
            (self.layout.margin, top, self.layout.width - self.layout.margin - 1, top + thickness - 1), fill=BLACK
        )

    def barcode(self, data: str) -> None:
        modules = code128_modules(data)
        total = len(modules) + 2 * CODE128_QUIET_MODULES
        dot = max(1, self.layout.width // total)
        height = _mm(BARCODE_HEIGHT_MM, self.layout.dpi)
        row = bytes(BLACK if bit == "1" else WHITE for bit in modules for _dot in range(dot))
        bars = Image.frombytes("L", (len(row), 1), row).resize((len(row), height), Image.Resampling.NEAREST)
        strip = self.blank(height + self.layout.gap)
        strip.paste(bars, ((self.layout.width - bars.width) // 2, self.layout.gap))
        self.text_block(data, self.layout.small, False, "center")

    def qr(self, block: QRCode) -> None:
        """The QR code at the left with its caption beside it (below it if the code is too wide)."""
        layout = self.layout
        self.blank(layout.gap)
        dot = max(2, round(QR_MODULE_MM * layout.dpi / 25.4))
        if block.data is None:
            side = 33 * dot  # a version-4-sized frame: where the signed code will be
            code = Image.new("L", (side, side), WHITE)
            ImageDraw.Draw(code).rectangle((0, 0, side - 1, side - 1), outline=BLACK, width=2)
        else:
            matrix = qr_matrix(block.data)
            size = len(matrix)
            dot = max(1, min(dot, layout.width // size))
            cells = bytes(BLACK if dark else WHITE for row in matrix for dark in row)
            code = Image.frombytes("L", (size, size), cells).resize((size * dot, size * dot), Image.Resampling.NEAREST)
        font, _stroke = self.font(layout.small, False)
        caption_x = layout.margin + code.width + layout.margin
        caption_width = layout.width - caption_x - layout.margin
        texts = [block.caption, *block.lines] if block.caption else list(block.lines)
        if caption_width >= layout.width // 3:
            rows = [row for text in texts for row in wrap(text, caption_width, font.getlength)]
            caption = self.lines(rows, font, 0, caption_x, caption_width, "left")
            strip = self.blank(max(code.height, caption.height))
            strip.paste(code, (layout.margin, 0))
            caption_top = max(0, (code.height - caption.height) // 2)
            strip.paste(caption.crop((caption_x, 0, layout.width, caption.height)), (caption_x, caption_top))
            return
        strip = self.blank(code.height)
        strip.paste(code, ((layout.width - code.width) // 2, 0))
        for text in texts:
            self.text_block(text, layout.small, False, "center")

    def block(self, block: Block) -> None:
        layout = self.layout
        if isinstance(block, Title):
            self.text_block(block.text, layout.title, True, "center")
        elif isinstance(block, Banner):
            self.banner(block.text)
        elif isinstance(block, Paragraph):
            size = layout.small if block.small else layout.body
            self.text_block(block.text, size, block.emphasis, block.align, block.indent)
        elif isinstance(block, Field):
            self.field(block)
        elif isinstance(block, Separator):
            self.separator(block.heavy)
        elif isinstance(block, Barcode):
            self.barcode(block.data)
        else:
            self.qr(block)


def render_raster(document: Document, fonts: FontSet, width_dots: int = 576, dpi: int = 203) -> Image.Image:
    """The document as a 1-bit image `width_dots` wide (MissingGlyphs if the font lacks a character)."""
    check_glyphs(fonts, document.texts())
    writer = _Writer(RasterLayout(width_dots, dpi), fonts)
    for block in document.blocks:
        writer.block(block)
    writer.blank(_mm(1, dpi))  # the feed before the cut adds the rest
    height = sum(strip.height for strip in writer.strips)
    page = Image.new("L", (width_dots, height), WHITE)
    top = 0
    for strip in writer.strips:
        page.paste(strip, (0, top))
        top += strip.height
    return page.point(_THRESHOLD_TABLE, "1")
