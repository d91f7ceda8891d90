"""A4 PDF rendering for office printers (CUPS) and archives, with the Korean font embedded (subset)
so every viewer, `pdftotext` and the printer show Hangul, never boxes. Barcode and QR are vector
rectangles: sharp at any printer resolution."""

from __future__ import annotations

import logging

from fpdf import FPDF

from printers.codes import CODE128_QUIET_MODULES, code128_modules, qr_matrix
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
from printers.fonts import FontSet, check_glyphs
from printers.layout import wrap

PAGE_MARGIN_MM = 20.0
LABEL_WIDTH_MM = 42.0
BODY_PT, SMALL_PT, TITLE_PT = 10.5, 9.0, 17.0
LINE_FACTOR = 0.53  # mm of line height per point of font size (~1.5 line spacing)
BARCODE_MODULE_MM, BARCODE_HEIGHT_MM = 0.33, 12.0
QR_MODULE_MM = 0.6
FAMILY = "counter-korean"

# fontTools' subsetter warns on stderr about hinting tables it drops from system fonts; harmless.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class _PdfWriter:
    def __init__(self, fonts: FontSet, title: str) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
        pdf.add_font(FAMILY, "", str(fonts.regular.path), collection_font_number=fonts.regular.index)
        bold = fonts.bold or fonts.regular
        pdf.add_font(FAMILY, "B", str(bold.path), collection_font_number=bold.index)
        pdf.set_title(title)
        pdf.set_creator("Counter")
        pdf.add_page()
        self.pdf = pdf
        self.width = pdf.w - 2 * PAGE_MARGIN_MM

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.pdf.get_y() + height > self.pdf.h - PAGE_MARGIN_MM:
            self.pdf.add_page()

    def text(self, text: str, size: float, bold: bool = False, align: str = "L", x: float = 0.0) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", size)
        width = self.width - x
        height = size * LINE_FACTOR
        for line in wrap(text, width, pdf.get_string_width):
            self.room(height)
            pdf.set_x(PAGE_MARGIN_MM + x)
            pdf.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")

    def field(self, block: Field) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "", BODY_PT)
        labels = wrap(block.label, LABEL_WIDTH_MM - 2, pdf.get_string_width)
        pdf.set_font(FAMILY, "B" if block.emphasis else "", BODY_PT)
        values = wrap(block.value, self.width - LABEL_WIDTH_MM, pdf.get_string_width)
        height = BODY_PT * LINE_FACTOR
        for row in range(max(len(labels), len(values))):
            self.room(height)
            y = pdf.get_y()
            if row < len(labels):
                pdf.set_font(FAMILY, "", BODY_PT)
                pdf.set_xy(PAGE_MARGIN_MM, y)
                pdf.cell(LABEL_WIDTH_MM, height, labels[row])
            if row < len(values):
                pdf.set_font(FAMILY, "B" if block.emphasis else "", BODY_PT)
                pdf.set_xy(PAGE_MARGIN_MM + LABEL_WIDTH_MM, y)
                pdf.cell(self.width - LABEL_WIDTH_MM, height, values[row])
            pdf.set_xy(PAGE_MARGIN_MM, y + height)

    def separator(self, heavy: bool) -> None:
        pdf = self.pdf
        self.room(4)
        y = pdf.get_y() + 2
        pdf.set_line_width(0.6 if heavy else 0.2)
        pdf.line(PAGE_MARGIN_MM, y, PAGE_MARGIN_MM + self.width, y)
        pdf.set_y(y + 2)

    def banner(self, text: str) -> None:
        pdf = self.pdf
        height = TITLE_PT * LINE_FACTOR + 2
        self.room(height + 2)
        pdf.set_fill_color(0, 0, 0)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FAMILY, "B", TITLE_PT)
        pdf.cell(self.width, height, text, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(pdf.get_y() + 2)

    def barcode(self, data: str) -> None:
        pdf = self.pdf
        modules = code128_modules(data)
        total = (len(modules) + 2 * CODE128_QUIET_MODULES) * BARCODE_MODULE_MM
        self.room(BARCODE_HEIGHT_MM + 8)
        left = PAGE_MARGIN_MM + (self.width - total) / 2 + CODE128_QUIET_MODULES * BARCODE_MODULE_MM
        top = pdf.get_y() + 2
        pdf.set_fill_color(0, 0, 0)
        start = None
        for index, bit in enumerate(modules + "0"):
            if bit == "1" and start is None:
                start = index
            elif bit == "0" and start is not None:
                pdf.rect(left + start * BARCODE_MODULE_MM, top, (index - start) * BARCODE_MODULE_MM, BARCODE_HEIGHT_MM, style="F")
                start = None
        pdf.set_y(top + BARCODE_HEIGHT_MM + 1)
        self.text(data, SMALL_PT, align="C")

    def qr(self, block: QRCode) -> None:
        pdf = self.pdf
        matrix = qr_matrix(block.data) if block.data else None
        side = len(matrix) * QR_MODULE_MM if matrix else 25.0
        self.room(side + 4)
        top, left = pdf.get_y() + 2, PAGE_MARGIN_MM
        pdf.set_fill_color(0, 0, 0)
        if matrix is None:
            pdf.set_line_width(0.4)
            pdf.rect(left, top, side, side)
        else:
            for row_index, row in enumerate(matrix):
                start = None
                for col_index, dark in enumerate((*row, False)):
                    if dark and start is None:
                        start = col_index
                    elif not dark and start is not None:
                        pdf.rect(left + start * QR_MODULE_MM, top + row_index * QR_MODULE_MM,
                                 (col_index - start) * QR_MODULE_MM, QR_MODULE_MM, style="F")
                        start = None
        pdf.set_y(top + side / 2 - SMALL_PT * LINE_FACTOR)
        for text in (block.caption, *block.lines):
            self.text(text, SMALL_PT, x=side + 5)
        pdf.set_y(max(top + side + 2, pdf.get_y()))


def render_pdf(document: Document, fonts: FontSet) -> bytes:
    """The document as an A4 PDF (MissingGlyphs if the font lacks a character)."""
    check_glyphs(fonts, document.texts())
    title = next((block.text for block in document.blocks if isinstance(block, Title)), document.kind)
    writer = _PdfWriter(fonts, title)
    for block in document.blocks:
        if isinstance(block, Title):
            writer.text(block.text, TITLE_PT, bold=True, align="C")
        elif isinstance(block, Banner):
            writer.banner(block.text)
        elif isinstance(block, Paragraph):
            align = {"left": "L", "center": "C", "right": "R"}[block.align]
            size = SMALL_PT if block.small else BODY_PT
            writer.text(block.text, size, block.emphasis, align, x=block.indent * 5.0)
        elif isinstance(block, Field):
            writer.field(block)
        elif isinstance(block, Separator):
            writer.separator(block.heavy)
        elif isinstance(block, Barcode):
            writer.barcode(block.data)
        else:
            writer.qr(block)
    return bytes(writer.pdf.output())
