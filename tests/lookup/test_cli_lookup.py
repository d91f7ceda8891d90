"""`counter lookup` for scripts: JSON pages, exit 2 with a message for refused input, no registration number
in what it prints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from lookup_filings import FATHER_RRN, file_births, file_deaths, mother_rrn

from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]


def _runner(runtime: Runtime) -> Callable[..., subprocess.CompletedProcess[str]]:
    env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(), "COUNTER_DEVICE": "T1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "counter", "lookup", *args], check=False, cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    return run


def test_lookup_prints_json_pages_without_registration_numbers(runtime: Runtime, clerk: SignedInClerk) -> None:
    births = file_births(runtime, clerk, [("김", "하늘"), ("김", "하나"), ("이", "도윤")])
    death = file_deaths(runtime, clerk, ["박영수"])[0]
    run = _runner(runtime)
    found = run(births[1], "--format", "json")
    assert found.returncode == 0, found.stderr
    listed = json.loads(found.stdout)
    assert listed["next"] is None and [row["receipt_no"] for row in listed["bundles"]] == [births[1]]
    row = listed["bundles"][0]
    assert row["kind"] == "birth" and row["status"] == "filed" and row["filed_at"].endswith("+09:00")
    assert {"role": "child", "name": "김*나"} in row["names"] and row["requests"]
    assert sum(row["requests"].values()) >= 1
    by_rrn = json.loads(run(mother_rrn(2)).stdout)
    assert [row["receipt_no"] for row in by_rrn["bundles"]] == [births[2]]
    first = json.loads(run("김하", "--limit", "1").stdout)
    second = json.loads(run("김하", "--limit", "1", "--after", first["next"]).stdout)
    assert {first["bundles"][0]["receipt_no"], second["bundles"][0]["receipt_no"]} == set(births[:2])
    assert second["next"] is None
    deaths = json.loads(run("--kind", "death", "--from", "2000-01-01", "--to", "2099-12-31").stdout)
    assert [row["receipt_no"] for row in deaths["bundles"]] == [death]
    assert deaths["bundles"][0]["requests"] == {"queued": 20}
    everything = run(FATHER_RRN).stdout + run().stdout + run("김").stdout
    assert not re.search(r"\d{6}-?\d{7}", everything) and "하늘" not in everything
    assert json.loads(run("황보").stdout) == {"bundles": [], "next": None}
    assert json.loads(run("%").stdout) == {"bundles": [], "next": None}


def test_refused_input_exits_2_with_the_reason(runtime: Runtime, clerk: SignedInClerk) -> None:
    receipt = file_births(runtime, clerk, [("김", "하늘")])[0]
    run = _runner(runtime)
    wrong = receipt[:-1] + ("A" if receipt[-1] != "A" else "B")
    refused = run(wrong)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "확인 문자" in refused.stderr and f"'{wrong[-1]}'" in refused.stderr
    pasted = run("김" * 10_000)
    assert pasted.returncode == 2 and "너무 깁니다" in pasted.stderr
    escaped = run("\x1b[2J김")
    assert escaped.returncode == 2 and "U+001B" in escaped.stderr and "\x1b" not in escaped.stderr
    for args, words in ((["--kind", "marriage"], "marriage"), (["--from", "2026-13-01"], "--from"),
                        (["--from", "2026-11-02", "--to", "2026-11-01"], "2026-11-02"),
                        (["--after", "yesterday/123"], "커서"), (["900315"], "주민등록번호")):
        result = run(*args)
        assert result.returncode == 2 and words in result.stderr and result.stdout == "", (args, result.stderr)
    full_rrn = mother_rrn(0)
    result = run(full_rrn[:-1] + "X")
    assert result.returncode == 2 and full_rrn[:-1] not in result.stdout
