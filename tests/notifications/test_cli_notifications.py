"""`counter notifications import|list|demand|close`: the summary by line, JSON with `--format json`,
exit 0 / 2 / 1 like the other commands, the mother's number never printed in clear."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from notification_helpers import jsonl, notification
from sqlmodel import select

from counter.base import clock
from counter.base.session import SignedInClerk
from counter.cli import main
from counter.filing.birth import file_birth
from counter.office.runtime import Runtime
from models import BirthNotification

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "birth-notifications.jsonl"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=clock.KST)
REGISTRATION_NUMBER = re.compile(r"\d{6}-?[0-9]\d{6}")


@pytest.fixture
def cli(runtime: Runtime, clerk: SignedInClerk, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    """The test database reachable by the CLI, on the office's day 2026-11-27."""
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.settings.database_url_or_default())
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    monkeypatch.setattr(clock, "korea_now", lambda: NOW)
    return runtime


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert not REGISTRATION_NUMBER.search(captured.out + captured.err), "a registration number was printed"
    return code, captured.out, captured.err


def as_json(out: str) -> Any:
    return json.loads(out)


def test_the_sample_file_imports_once_and_again_adds_nothing(cli: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "notifications", "import", str(SAMPLE))
    assert code == 0
    assert out.splitlines() == [f"{SAMPLE}: 5줄 중 5건 가져옴, 0건 이미 있음, 0건 충돌, 0줄 거부."]
    code, out, _err = run(capsys, "notifications", "import", str(SAMPLE), "--format", "json")
    assert code == 0
    summary = as_json(out)
    assert summary["counts"] == {"imported": 0, "already": 5, "conflicts": 0, "refused": 0}
    assert [item["line"] for item in summary["already"]] == [1, 2, 3, 4, 5]


def test_refused_and_conflicting_lines_are_reported_by_line_and_exit_2(
        cli: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notified.jsonl"
    path.write_bytes(jsonl(notification(), '{"notification_id": ', notification(notification_id="2", birth_time="24:00"),
                           notification(sex="M"), notification(notification_id="3", institution_name="병원\x1b[31m")))
    code, out, _err = run(capsys, "notifications", "import", str(path), "--format", "json")
    assert code == 2
    summary = as_json(out)
    assert summary["counts"] == {"imported": 1, "already": 0, "conflicts": 1, "refused": 3}
    assert [(p["line"], p["field"]) for p in summary["refused"]] == [(2, ""), (3, "birth_time"), (5, "institution_name")]
    assert (summary["conflicts"][0]["line"], summary["conflicts"][0]["fields"]) == (4, ["sex"])
    assert "\x1b" not in out
    code, out, _err = run(capsys, "notifications", "import", str(path))  # the good line stays imported once
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == f"{path}: 5줄 중 0건 가져옴, 1건 이미 있음, 1건 충돌, 3줄 거부."
    assert lines[2].startswith("2번째 줄: 줄이 올바른 JSON이 아닙니다")
    assert lines[3].startswith("3번째 줄: birth_time: ")
    with cli.db.session() as session:
        assert len(session.exec(select(BirthNotification)).all()) == 1


def test_an_unreadable_file_is_rejected_and_nothing_is_written(cli: Runtime, capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    code, out, _err = run(capsys, "notifications", "import", str(tmp_path / "missing.jsonl"), "--format", "json")
    assert code == 2 and as_json(out)["errors"][0]["field"] == "file"
    code, _out, err = run(capsys, "notifications", "import", str(tmp_path / "missing.jsonl"))
    assert code == 2 and err.startswith("오류: ")


def test_the_overdue_list_shows_what_to_do_with_the_number_masked(cli: Runtime, capsys: pytest.CaptureFixture[str]
                                                                  ) -> None:
    run(capsys, "notifications", "import", str(SAMPLE))
    code, out, _err = run(capsys, "notifications", "list", "--overdue", "--format", "json")
    assert code == 0
    listed = as_json(out)
    # born 2026-09-01 (twins) and 2026-10-05: their periods ended 09-30 and 11-04
    assert [(item["notification_id"], item["stage"], item["until"], item["mother_rrn"]) for item in listed] == [
        ("2026-090101", "demand_due", "2026-09-30", "920611-2******"),
        ("2026-090102", "demand_due", "2026-09-30", "920611-2******"),
        ("2026-100501", "demand_due", "2026-11-04", "930707-2******")]
    code, out, _err = run(capsys, "notifications", "list", "--overdue")
    assert out.splitlines()[2].split("\t") == [
        "11312345/2026-100501", "역삼○○산부인과", "한예린", "930707-2******", "2026-10-05 23:58", "남자 1/1",
        "통보됨, 미신고", "신고기간 경과: 7일 이내에 신고하도록 최고하세요(제44조의4②), 2026-11-04까지"]
    code, out, _err = run(capsys, "notifications", "list", "--unreported", "--format", "json")
    assert len(as_json(out)) == 5


def test_demand_and_close_from_the_command_line(cli: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "notifications", "import", str(SAMPLE))
    code, out, _err = run(capsys, "notifications", "demand", "11312345", "2026-100501")
    assert code == 0 and out.strip() == ("11312345/2026-100501에 대한 2026-11-27 최고를 기록했습니다. "
                                         "신고 기한은 2026-12-04입니다.")
    code, out, _err = run(capsys, "notifications", "demand", "11312345", "2026-110301", "--format", "json")
    assert code == 2 and as_json(out)["errors"][0]["code"] == "too_early"
    code, out, _err = run(capsys, "notifications", "close", "11354321", "2026-090101", "--reason", "reported_elsewhere",
                          "--format", "json")
    assert code == 0 and (as_json(out)["status"], as_json(out)["closed_reason"]) == ("closed", "reported_elsewhere")
    code, _out, err = run(capsys, "notifications", "close", "11354321", "nope\u202e", "--reason", "reported_elsewhere")
    assert code == 2 and "U+202E" in err
    code, out, _err = run(capsys, "notifications", "list", "--overdue", "--format", "json")
    assert [item["notification_id"] for item in as_json(out)] == ["2026-090102"]


def test_the_sample_births_match_their_example_reports(cli: Runtime, clerk: SignedInClerk,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Filing examples/birth-third-child.json links its notification: the list says so, with the receipt."""
    run(capsys, "notifications", "import", str(SAMPLE))
    declaration = json.loads((ROOT / "examples" / "birth-third-child.json").read_text(encoding="utf-8"))
    result = file_birth(cli, clerk, declaration, today=date(2026, 11, 27))
    assert result.extra["notification"]["kind"] == "exact"
    code, out, _err = run(capsys, "notifications", "list", "--format", "json")
    assert code == 0
    linked = next(item for item in as_json(out) if item["notification_id"] == "2026-110301")
    assert (linked["status"], linked["receipt_no"]) == ("matched", result.receipt_no)
    assert time.fromisoformat(linked["birth_time"]) == time(14, 30)
