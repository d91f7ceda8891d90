"""Barcode and QR module patterns, shared by the raster and PDF renderers."""

from __future__ import annotations

import functools

CODE128_QUIET_MODULES = 10  # ISO/IEC 15417: at least 10 X on each side
QR_QUIET_MODULES = 4  # ISO/IEC 18004: 4 modules (python-escpos and many libraries default to 1)


@functools.lru_cache(maxsize=64)
def code128_modules(data: str) -> str:
    """The Code128 bars of `data` as a string of `1` (bar) and `0` (space), without quiet zones."""
    from barcode import Code128

    return str(Code128(data).build()[0])


@functools.lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of `data` (error correction M) with the 4-module quiet zone; True is dark."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_MODULES, box_size=1)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
