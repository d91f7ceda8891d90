"""A4 PDF with the Korean font embedded, and a real CUPS queue (cups-pdf) that receives it."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from printing_helpers import PrinterEntry, read_codes

from counter.printing.signing import PayloadSigner, TrustedKey, verify_payload
from printers.builders import build_notice, build_receipt
from printers.errors import BadPrinterAddress, CupsError
from printers.fonts import FontSet
from printers.pdf import render_pdf
from printers.rendering import Rendering
from printers.samples import SAMPLE_FILED_AT, sample_notice, sample_receipt
from printers.transports import make_transport

SETUP = Path(__file__).with_name("cups_setup.sh")
QUEUE = "CounterPDF"
RECEIPT_NO = sample_receipt().receipt_no


def pdf_pages_as_images(pdf: Path, tmp_path: Path) -> list[Image.Image]:
    prefix = tmp_path / f"page-{uuid.uuid4().hex[:6]}"
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(prefix)], check=True, capture_output=True, timeout=60)
    return [Image.open(page) for page in sorted(tmp_path.glob(f"{prefix.name}*.png"))]


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


@needs_poppler
def test_pdf_text_is_real_hangul_that_pdftotext_reads(fonts: FontSet, tmp_path: Path) -> None:
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_pdf(build_notice(sample_notice("death")), fonts))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "안심상속 원스톱서비스 안내" in text and "박영수 (400817-1******)" in text
    fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NanumSquare" in fonts_used and " yes " in fonts_used  # embedded (subset)


@needs_poppler
def test_pdf_codes_read_back_with_zbar(fonts: FontSet, signer: PayloadSigner, office_trust: list[TrustedKey],
                                       tmp_path: Path) -> None:
    data = sample_receipt("birth")
    url = signer.sign(data.receipt_no, data.office_code, "receipt-birth", SAMPLE_FILED_AT)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_pdf(build_receipt(data, url, SAMPLE_FILED_AT), fonts))
    [page] = pdf_pages_as_images(pdf, tmp_path)
    codes = read_codes(page)
    assert codes["CODE128"] == [RECEIPT_NO]
    assert verify_payload(codes["QRCODE"][0], office_trust).document == "RECEIPT-BIRTH"


@needs_poppler
def test_a_long_notice_flows_onto_more_pages_without_losing_lines(fonts: FontSet, tmp_path: Path) -> None:
    notice = sample_notice("death")
    many = replace(notice.receipt, requests=notice.receipt.requests * 12)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_pdf(build_notice(replace(notice, receipt=many)), fonts))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(info.split("Pages:")[1].split()[0]) >= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("금융거래 조회") == 12


@pytest.fixture(scope="module")
def cups_queue() -> str:
    """The cups-pdf queue, set up by cups_setup.sh (skips only where cupsd cannot run here)."""
    if shutil.which("cupsd") is None or shutil.which("lp") is None:
        pytest.skip("CUPS is not installed (apt-get install -y cups printer-driver-cups-pdf)")
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        pytest.skip("the cups-pdf backend is not installed (apt-get install -y printer-driver-cups-pdf)")
    if os.geteuid() != 0 and subprocess.run(["lpstat", "-p", QUEUE], capture_output=True, check=False).returncode != 0:
        pytest.skip("cupsd is not running and only root can start it here")
    result = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        pytest.skip(f"cupsd cannot run here: {result.stderr.strip() or result.stdout.strip()}")
    return QUEUE


def cups_pdf_outputs() -> set[Path]:
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    found = set((home / "PDF").glob("*.pdf"))
    found |= set(Path("/var/spool/cups-pdf").glob("*/*.pdf"))
    return found


def test_receipt_reaches_a_real_cups_queue_and_reads_back(
    cups_queue: str, fonts: FontSet, signer: PayloadSigner, office_trust: list[TrustedKey], tmp_path: Path
) -> None:
    data = sample_receipt("birth")
    url = signer.sign(data.receipt_no, data.office_code, "receipt-birth", SAMPLE_FILED_AT)
    rendering = Rendering(build_receipt(data, url, SAMPLE_FILED_AT), fonts)
    job_key = uuid.uuid4().hex
    before = cups_pdf_outputs()
    with make_transport(PrinterEntry("사무실", "cups", cups_queue)) as transport:
        note = transport.print(rendering, job_key)
    assert note.startswith("CUPS 작업 CounterPDF-")
    deadline, arrived = time.monotonic() + 30, []
    while not arrived and time.monotonic() < deadline:
        arrived = [path for path in cups_pdf_outputs() - before if job_key[:8] in path.name]
        time.sleep(0.2)
    assert arrived, "cups-pdf wrote no PDF for the job"
    time.sleep(0.3)  # let cups-pdf finish writing
    codes = read_codes(pdf_pages_as_images(arrived[0], tmp_path)[0])
    assert codes["CODE128"] == [RECEIPT_NO]
    assert verify_payload(codes["QRCODE"][0], office_trust).receipt_no == RECEIPT_NO


def test_unknown_cups_queue_is_reported_not_lost(cups_queue: str, fonts: FontSet) -> None:
    with make_transport(PrinterEntry("없는 프린터", "cups", "NoSuchQueue")) as transport, pytest.raises(CupsError):
        transport.check()


def test_queue_name_with_spaces_is_a_bad_address() -> None:
    with pytest.raises(BadPrinterAddress):
        make_transport(PrinterEntry("x", "cups", "bad queue"))
