"""Printing benchmark: sign, build and render a birth receipt (1-bit raster with Code128 and QR)
and encode its ESC/POS job. Goals: median <= 50 ms, job <= 64 KB.

    python bench/printing.py   # prints the JSON alone
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_MS = 50.0
GOAL_BYTES = 64 * 1024


def bench_printing(rounds: int = 30) -> dict[str, Any]:
    """Median and p95 time of one receipt from data to ESC/POS bytes, and the job's size."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from counter.printing.signing import PayloadSigner
    from printers.builders import build_receipt
    from printers.escpos import escpos_bytes
    from printers.fonts import bundled_fonts
    from printers.raster import render_raster
    from printers.samples import SAMPLE_FILED_AT, sample_receipt

    fonts = bundled_fonts()
    signer = PayloadSigner(Ed25519PrivateKey.generate(), "https://counter.invalid/v")
    data = sample_receipt("birth")

    def one_receipt() -> tuple[bytes, tuple[int, int]]:
        url = signer.sign(data.receipt_no, data.office_code, "receipt-birth", SAMPLE_FILED_AT)
        image = render_raster(build_receipt(data, url, SAMPLE_FILED_AT), fonts, 576, 203)
        return escpos_bytes(image), image.size

    job, size = one_receipt()  # warm-up: font files, python-escpos import
    timings = []
    for _round in range(rounds):
        started = time.perf_counter()
        job, size = one_receipt()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median = statistics.median(timings)
    return {
        "receipt_median_ms": round(median, 2),
        "receipt_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "escpos_bytes": len(job),
        "raster_dots": list(size),
        "rounds": rounds,
        "goal_ms": GOAL_MS,
        "goal_bytes": GOAL_BYTES,
        "meets_goals": median <= GOAL_MS and len(job) <= GOAL_BYTES,
    }


if __name__ == "__main__":
    print(json.dumps(bench_printing(), indent=2))
