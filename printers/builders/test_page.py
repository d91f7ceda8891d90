"""The test page of `counter printers test NAME`: Hangul, a barcode and a QR code."""

from __future__ import annotations

from datetime import datetime

from counter.base.i18n import _, format_datetime
from printers.document import (
    Barcode,
    Document,
    Field,
    Paragraph,
    QRCode,
    Separator,
    Title,
)

TEST_BARCODE = "COUNTER-TEST-0001"
HANGUL_SAMPLE = "가나다라마바사 아자차카타파하 ㄱㄴㄷ 똠방각하 펲시콜라 0123456789 ₩"


def build_test_page(printer_name: str, width_dots: int, dpi: int, printed_at: datetime) -> Document:
    """A page that shows the font, the width, a Code128 barcode and a QR code print correctly."""
    blocks = (
        Title(_("Printer test page")),
        Separator(heavy=True),
        Field(_("Printer"), printer_name),
        Field(_("Width"), _("{dots} dots at {dpi} dpi").format(dots=width_dots, dpi=dpi)),
        Field(_("Printed at"), format_datetime(printed_at)),
        Separator(),
        Paragraph(HANGUL_SAMPLE),
        Paragraph(_("Bold text"), emphasis=True),
        Paragraph(_("Small print"), small=True),
        Paragraph(_("If the Korean text, the barcode and the QR code read well, this printer is ready."), small=True),
        Separator(heavy=True),
        Barcode(TEST_BARCODE),
        QRCode(f"COUNTER TEST {TEST_BARCODE}", _("Test QR code")),
    )
    return Document("test-page", TEST_BARCODE, blocks)
