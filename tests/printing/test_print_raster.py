"""The 1-bit raster: exact printer width, codes zbar reads back, whole-dot modules, snapshots.

Snapshots live in fixtures/*.png; regenerate with COUNTER_UPDATE_FIXTURES=1 and look at them.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageChops
from printing_helpers import read_codes

from counter.printing.signing import PayloadSigner, TrustedKey, verify_payload
from printers.builders import build_notice, build_receipt, build_test_page
from printers.codes import qr_matrix
from printers.data import PersonLine
from printers.document import Barcode, Document, Field
from printers.errors import FontNotFound, MissingGlyphs
from printers.fonts import FontFile, FontSet, find_korean_fonts
from printers.raster import render_raster
from printers.samples import SAMPLE_FILED_AT, sample_notice, sample_receipt

FIXTURES = Path(__file__).with_name("fixtures")
# Read at import: the suite's autouse fixture clears every COUNTER_* variable before each test.
UPDATE_FIXTURES = os.environ.get("COUNTER_UPDATE_FIXTURES") == "1"
# A fixed test key, so the signed QR (Ed25519 is deterministic) and the snapshots never change.
FIXTURE_SIGNER = PayloadSigner(Ed25519PrivateKey.from_private_bytes(bytes(range(32))), "https://counter.invalid/v")


def signed_receipt(kind: str = "birth", *, reprint: bool = False, signer: PayloadSigner = FIXTURE_SIGNER) -> Document:
    data = sample_receipt(kind, reprint=reprint)  # type: ignore[arg-type]
    url = signer.sign(data.receipt_no, data.office_code, f"receipt-{kind}", SAMPLE_FILED_AT)
    return build_receipt(data, url, SAMPLE_FILED_AT)


def signed_notice(kind: str) -> Document:
    notice = sample_notice(kind)  # type: ignore[arg-type]
    url = FIXTURE_SIGNER.sign(notice.receipt.receipt_no, notice.receipt.office_code, f"notice-{kind}", SAMPLE_FILED_AT)
    return build_notice(replace(notice, verification_url=url))


SNAPSHOTS = {
    "receipt-birth": lambda: signed_receipt("birth"),
    "receipt-birth-reprint": lambda: signed_receipt("birth", reprint=True),
    "receipt-death": lambda: signed_receipt("death"),
    "receipt-name_change": lambda: signed_receipt("name_change"),
    "notice-birth": lambda: signed_notice("birth"),
    "notice-death": lambda: signed_notice("death"),
    "notice-name_change": lambda: signed_notice("name_change"),
    "notice-marriage": lambda: signed_notice("marriage"),
    "notice-divorce": lambda: signed_notice("divorce"),
    "test-page": lambda: build_test_page("카운터-영수증", 576, 203, SAMPLE_FILED_AT),
}


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_document_matches_its_snapshot_pixel_for_pixel(name: str, fonts: FontSet, tmp_path: Path) -> None:
    image = render_raster(SNAPSHOTS[name](), fonts, 576, 203)
    fixture = FIXTURES / f"{name}.png"
    if UPDATE_FIXTURES:
        FIXTURES.mkdir(exist_ok=True)
        image.save(fixture, optimize=True)
    expected = Image.open(fixture).convert("1")
    assert image.size == expected.size, f"size {image.size} != {expected.size} ({name})"
    difference = ImageChops.logical_xor(image, expected)
    if difference.getbbox() is not None:
        image.save(tmp_path / f"{name}-actual.png")
        changed = sum(1 for pixel in difference.getdata() if pixel)
        pytest.fail(f"{name}: {changed} pixels differ in {difference.getbbox()}; actual in {tmp_path}")


@pytest.mark.parametrize(("width", "dpi"), [(576, 203), (512, 180), (384, 203)])
def test_receipt_is_one_bit_at_the_printer_width_and_reads_back(
    width: int, dpi: int, fonts: FontSet, office_key: Ed25519PrivateKey, office_trust: list[TrustedKey]
) -> None:
    signer = PayloadSigner(office_key, "https://counter.invalid/v")
    image = render_raster(signed_receipt(signer=signer), fonts, width, dpi)
    assert image.mode == "1" and image.width == width
    codes = read_codes(image)
    assert codes["CODE128"] == [sample_receipt().receipt_no]
    proof = verify_payload(codes["QRCODE"][0], office_trust)
    assert proof.receipt_no == sample_receipt().receipt_no and proof.document == "RECEIPT-BIRTH"


def _runs(row: list[int]) -> list[int]:
    runs, current, length = [], row[0], 0
    for pixel in row:
        if pixel == current:
            length += 1
        else:
            runs.append(length)
            current, length = pixel, 1
    runs.append(length)
    return runs


def test_barcode_modules_are_whole_printer_dots(fonts: FontSet) -> None:
    image = render_raster(Document("x", "R", (Barcode("3220052-K7-260316-0003-R"),)), fonts, 576, 203)
    middle = image.height // 3
    row = [0 if image.getpixel((x, middle)) == 0 else 1 for x in range(image.width)]
    first, last = row.index(0), len(row) - row[::-1].index(0)
    bars = _runs(row[first:last])
    narrowest = min(bars)
    assert narrowest == 2  # 576 dots hold 266 modules + quiet zones at 2 dots each
    assert all(run % narrowest == 0 and run // narrowest <= 4 for run in bars)
    assert first >= 10 * narrowest and len(row) - last >= 10 * narrowest  # quiet zones


def test_qr_uses_error_correction_m_and_a_four_module_quiet_zone() -> None:
    matrix = qr_matrix("https://counter.invalid/v/CN1.TEST")
    size = len(matrix)
    assert (size - 8 - 17) % 4 == 0  # 17 + 4 * version modules, plus 4 on each side
    border_cells = [matrix[r][c] for r in range(size) for c in range(size)
                    if r < 4 or c < 4 or r >= size - 4 or c >= size - 4]
    assert not any(border_cells)
    # Format information next to the top-left finder: EC level M is 00, masked with 10.
    assert (matrix[4 + 8][4 + 0], matrix[4 + 8][4 + 1]) == (True, False)


def test_a_character_the_font_lacks_is_named_instead_of_printed_as_a_box(fonts: FontSet) -> None:
    data = replace(sample_receipt("birth"), people=(PersonLine("child", "김😀하늘\U0002A6A5", None),))
    with pytest.raises(MissingGlyphs) as raised:
        render_raster(build_receipt(data), fonts)
    assert raised.value.characters == ["😀", "\U0002A6A5"]
    assert "U+1F600" in raised.value.detail and raised.value.reason == "missing-glyphs"


def test_overlong_value_wraps_inside_the_margins(fonts: FontSet) -> None:
    short = render_raster(Document("x", "R", (Field("성명", "김하늘"),)), fonts)
    long_value = "김하늘" * 40
    image = render_raster(Document("x", "R", (Field("성명", long_value),)), fonts)
    assert image.height > short.height * 4
    right_margin = image.crop((image.width - 6, 0, image.width, image.height))
    assert ImageChops.invert(right_margin.convert("L")).getbbox() is None  # no black dot in the margin


def test_configured_font_must_exist_and_cover_hangul(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound):
        find_korean_fonts(tmp_path / "missing.ttf")
    latin_only = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if latin_only.exists():
        with pytest.raises(FontNotFound):
            find_korean_fonts(latin_only)


def test_bundled_font_is_the_last_resort_and_covers_every_hangul_syllable() -> None:
    fonts = find_korean_fonts(use_system=False)
    assert fonts.source == "bundled" and fonts.bold is not None
    from printers.fonts import codepoints

    points = codepoints(fonts.regular)
    assert all(code in points for code in range(0xAC00, 0xD7A4))
    assert (fonts.regular.path.parent / "OFL.txt").exists()


def test_configured_font_wins_and_finds_its_bold_sibling() -> None:
    regular = FontFile(find_korean_fonts(use_system=False).regular.path)
    fonts = find_korean_fonts(regular.path)
    assert fonts.source == "configured" and fonts.bold is not None and fonts.bold.path.name == "NanumSquareB.ttf"
