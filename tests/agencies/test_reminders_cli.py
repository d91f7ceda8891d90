"""`counter reminders`: today by the office's calendar, a table in Korean, JSON and formula-safe CSV, masked
names and never a registration number, an empty day that is no error, exit 2 for input it refuses."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from agency_filings import TODAY, death_with_inquiry
from reminder_filings import MOTHER_RRN, deceased_rrn, file_birth_on, file_death_on, reminder_messages

from counter.base import clock
from counter.base.session import SignedInClerk
from counter.cli import main
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from models import Office

NOW = datetime(2026, 3, 7, 9, 0, tzinfo=clock.KST)
"""Three days before the 60th day of a child born on 2026-01-10."""
REGISTRATION_NUMBER = re.compile(r"\d{6}-?\d{7}")


@pytest.fixture
def cli(runtime: Runtime, clerk: SignedInClerk, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A child born 2026-01-10 (child allowance declined), a death without the inquiry whose deadline is near,
    and a death with the inquiry: the CLI on the test database, on 2026-03-07 office time. The registration
    numbers filed."""
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.settings.database_url_or_default())
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    monkeypatch.setattr(clock, "korea_now", lambda: NOW)
    file_birth_on(runtime, clerk, date(2026, 1, 10), declined=("child-allowance",))
    file_death_on(runtime, clerk, date(2025, 3, 2), number=1)  # last filing day 2026-03-31
    declaration = death_with_inquiry(2)
    file_death(runtime, clerk, declaration, today=TODAY)
    return [MOTHER_RRN, deceased_rrn(1), declaration["deceased"]["rrn"], declaration["reporter"]["rrn"]]


def run(capsys: pytest.CaptureFixture[str], filed: list[str], *args: str) -> tuple[int, str, str]:
    code = main(["reminders", *args])
    out, err = capsys.readouterr()
    for number in filed:
        assert number not in out + err and number.replace("-", "") not in out + err
    assert not REGISTRATION_NUMBER.search(out + err)
    return code, out, err


def test_the_table_lists_todays_reminders_in_korean_with_masked_names(
        cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, cli)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["구분", "접수번호", "관서", "기관"]
    assert [line.split()[0] for line in lines[1:-1]] == ["출생월", "출생월", "안심상속"]
    assert "아동수당" in lines[2] and "D-3" in lines[2] and "미신청" in lines[2] and "문자 발송 대기" in lines[2]
    assert "박*윤" in out and "박서윤" not in out and "최*자" in out and "최순자" not in out
    assert lines[-1] == "2026. 3. 7. 기준 3건; 문자 2건 발송 대기, 0건은 이미 보냄."


def test_json_and_csv_carry_the_same_rows(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, cli, "--format", "json", "--date", "2026-03-07", "--dry-run")
    assert code == 0
    report = json.loads(out)
    assert (report["date"], report["dry_run"], report["messages"]["would_queue"]) == ("2026-03-07", True, 2)
    rows = [(r["kind"], r["service_code"], r["state"], r["due"]) for r in report["reminders"]]
    assert rows == [("allowance_mark", "parent-benefit", "queued", "2026-03-10"),
                    ("allowance_mark", "child-allowance", "not_applied", "2026-03-10"),
                    ("inquiry_deadline", None, "not_applied", "2026-03-31")]
    code, out, _err = run(capsys, cli, "--format", "csv", "--dry-run")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["kind"], r["service_code"] or None, r["state"], r["due"]) for r in table] == rows
    assert [r["subject"] for r in table] == ["박*윤", "박*윤", "최*자"]


def test_csv_cells_are_never_read_as_formulas(cli: list[str], capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "child-allowance"\nname_ko = "=HYPERLINK(\\"x\\")+아동수당"\n',
                        encoding="utf-8")
    monkeypatch.setenv("COUNTER_CATALOGUE_OVERRIDE", str(override))
    code, out, _err = run(capsys, cli, "--format", "csv", "--dry-run")
    assert code == 0
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert "'=HYPERLINK(\"x\")+아동수당" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_running_twice_queues_each_message_once_and_a_dry_run_none(
        cli: list[str], runtime: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cli, "--dry-run")[0] == 0 and reminder_messages(runtime) == []
    assert run(capsys, cli)[0] == 0 and len(reminder_messages(runtime)) == 2
    code, out, _err = run(capsys, cli, "--format", "json")
    assert code == 0 and json.loads(out)["messages"]["queued_before"] == 2 and len(reminder_messages(runtime)) == 2


def test_an_empty_day_is_an_empty_list(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, cli, "--date", "2026-02-01")
    assert (code, out) == (0, "2026. 2. 1. 기준으로 기한이 다가온 건이 없습니다.\n")
    code, out, _err = run(capsys, cli, "--date", "2026-02-01", "--format", "json")
    assert code == 0 and json.loads(out)["reminders"] == []
    code, out, _err = run(capsys, cli, "--date", "2026-02-01", "--format", "csv")
    assert code == 0 and out.splitlines() == [
        "kind,state,receipt_no,office,agency,what,service_code,due,days_left,subject,request_id,bundle_id,message"]


def test_only_the_offices_own_bundles_with_office(cli: list[str], runtime: Runtime,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with runtime.db.write() as session:
        session.add(Office(code="1111051", name="청운효자동 주민센터"))
    code, out, _err = run(capsys, cli, "--office", "1111051", "--format", "json")
    assert code == 0 and json.loads(out)["reminders"] == []
    code, out, _err = run(capsys, cli, "--office", "3650052", "--format", "json")
    assert code == 0 and {r["office"] for r in json.loads(out)["reminders"]} == {"3650052"}


@pytest.mark.parametrize(("args", "said"), [
    (("--date", "2026-13-01"), "YYYY-MM-DD"),
    (("--date", "어제"), "YYYY-MM-DD"),
    (("--office", "9999999"), "9999999"),
    (("--inquiry-days", "-1"), "180"),
    (("--allowance-days", "61"), "60"),
])
def test_input_it_cannot_use_exits_2_with_the_reason(cli: list[str], capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], said: str) -> None:
    code, out, err = run(capsys, cli, *args)
    assert (code, out) == (2, "") and said in err and err.startswith("오류:")


def test_the_help_is_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--lang", "ko", "reminders", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "기준일(기본값: 오늘, 한국 시각)" in out and "목록만 보기" in out and "the day to run for" not in out


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_results_past_due_are_listed_without_a_registration_number(
        cli: list[str], capsys: pytest.CaptureFixture[str], output: str) -> None:
    code, out, _err = run(capsys, cli, "--date", "2026-12-20", "--format", output, "--dry-run")
    assert code == 0 and "박*수" in out and "박영수" not in out
    if output == "json":
        assert [r["kind"] for r in json.loads(out)["reminders"]].count("past_due") == 20
