"""Printing: a small document model, builders for receipts and notices, three renderers (1-bit
raster for ESC/POS thermal printers, A4 PDF for CUPS, plain text for the terminal preview) and
transports (ESC/POS over TCP/USB/serial/device file, CUPS, a directory).

Layering: `printers` never opens a database session and never imports Textual; it may use the
leaf modules `counter.base.i18n` and `counter.base.errors` for translated, typed errors.
"""

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
    visible_text,
)

__all__ = [
    "Banner",
    "Barcode",
    "Block",
    "Document",
    "Field",
    "Paragraph",
    "QRCode",
    "Separator",
    "Title",
    "visible_text",
]
