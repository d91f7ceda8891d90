"""`counter report` as the operator runs it (a subprocess): JSON equal to the service's report, CSV
that parses to the same numbers, a real A4 PDF with Korean text, a 42-column text, exit 2 for a bad
date or an unknown office."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_filings import DAY_ONE

from counter.office.runtime import Runtime
from counter.reports.daily import build_daily_report
from printers.text import cell_width

ROOT = Path(__file__).resolve().parents[2]


def counter(database_url: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `counter ARGS` against the test database."""
    env = {**os.environ, "COUNTER_DATABASE_URL": database_url, "COUNTER_DEVICE": "T1"}
    return subprocess.run([sys.executable, "-m", "counter", *args], capture_output=True, timeout=120, cwd=ROOT,
                          env=env, check=False)


def test_json_is_the_services_report(runtime: Runtime, filed: list[str], database_url: str) -> None:
    result = counter(database_url, "report", "--date", DAY_ONE.isoformat(), "--office", "3650052", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    printed = json.loads(result.stdout)
    expected = build_daily_report(runtime.db, DAY_ONE, office_code="3650052").as_dict()
    for moment in ("generated_at",):
        printed.pop(moment), expected.pop(moment)
    assert printed == expected
    assert {"date", "bundles", "requests", "fines_won", "unprinted_jobs"} <= set(printed)
    assert set(printed["bundles"]) >= {"birth", "death", "total"}
    assert set(printed["requests"]) >= {"total", "by_status", "by_agency"}


def test_csv_parses_to_the_same_numbers(runtime: Runtime, filed: list[str], database_url: str) -> None:
    result = counter(database_url, "report", "--date", DAY_ONE.isoformat(), "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    cells = {(row["section"], row["key"]): row["value"] for row in rows}
    report = build_daily_report(runtime.db, DAY_ONE).as_dict()
    assert cells[("date", "")] == DAY_ONE.isoformat()
    for kind in ("birth", "death", "total"):
        assert int(cells[("bundles", kind)]) == report["bundles"][kind]
    assert int(cells[("fines_won", "")]) == report["fines_won"]
    assert int(cells[("unprinted_jobs", "")]) == report["unprinted_jobs"]
    assert int(cells[("requests", "total")]) == report["requests"]["total"]
    for status, count in report["requests"]["by_status"].items():
        assert int(cells[("requests.by_status", status)]) == count
    for tally in report["clerks"]:
        assert int(cells[("clerks.total", tally["code"])]) == tally["total"]
    assert int(cells[("handover.failed_requests", "")]) == report["handover"]["failed_requests"]


def test_pdf_is_an_a4_pdf_in_korean(runtime: Runtime, filed: list[str], database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = counter(database_url, "report", "--date", DAY_ONE.isoformat(), "--office", "3650052",
                     "--format", "pdf", "--output", str(target))
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, timeout=60, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    assert "일일 보고" in text and "역삼1동 주민센터" in text and "출생신고" in text and "인계" in text
    assert filed[0] in text  # the first receipt's papers were left unprinted: handed over by number


def test_text_fits_the_receipt_printer(runtime: Runtime, filed: list[str], database_url: str) -> None:
    result = counter(database_url, "report", "--date", DAY_ONE.isoformat(), "--shift", "night", "--format", "text")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0].strip() == "야간 근무 보고"
    assert max(cell_width(line) for line in lines) <= 42


def test_a_day_without_filings_is_reported_not_refused(runtime: Runtime, database_url: str) -> None:
    result = counter(database_url, "report", "--date", "2026-01-02", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["bundles"] == {"birth": 0, "death": 0, "total": 0}


@pytest.mark.parametrize(("args", "said"), [
    (("--date", "2026-02-30"), "2026-02-30"),
    (("--date", "어제"), "어제"),
    (("--date", "2026-11-20", "--office", "9999999"), "9999999"),
])
def test_bad_input_exits_2_with_the_reason(runtime: Runtime, database_url: str, args: tuple[str, ...],
                                           said: str) -> None:
    result = counter(database_url, "report", *args)
    assert result.returncode == 2
    assert said in result.stderr.decode("utf-8") and result.stdout == b""
