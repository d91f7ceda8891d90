"""`counter file death --json PATH|-` and `counter schema death`: the same contract as births (JSON out;
exit 0 filed or already filed, 2 rejected with every field named and nothing written)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from counter.base.clock import KST
from counter.cli import main
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime
from models import Bundle, HeirApplication

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def cli(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    """An office with clerk `boss`; the CLI finds the test database and the password in the environment."""
    setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                 display_name="이수진", password="correct horse", device="T1")
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.db.url)
    monkeypatch.setenv("COUNTER_PASSWORD", "correct horse")
    return runtime


def example(name: str) -> dict[str, Any]:
    """An example declaration, its death moved to three days ago (the CLI files on the real calendar day)."""
    data: dict[str, Any] = json.loads((EXAMPLES / f"death-{name}.json").read_text(encoding="utf-8"))
    if "death" in data:
        data["death"].pop("learned_on", None)
        data["death"]["death_date"] = (datetime.now(KST).date() - timedelta(days=3)).isoformat()
    return data


def file_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, *extra: str) -> tuple[int, Any]:
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["file", "death", "--json", str(path), "--clerk", "boss", *extra])
    return code, json.loads(capsys.readouterr().out)


def bundles(runtime: Runtime) -> int:
    with runtime.db.session() as session:
        return session.exec(select(func.count()).select_from(Bundle)).one()


def test_schema_death_describes_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "death"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "counter:death-declaration"
    assert {"deceased", "death", "reporter", "inquiry", "notification", "death_report_receipt_no",
            "idempotency_key"} <= set(schema["properties"])
    inquiry = schema["$defs"]["InquiryDeclaration"]["properties"]
    assert "estate_administrator" in json.dumps(schema["$defs"]["Standing"])
    assert all(entry.get("description") for entry in inquiry.values())
    # the cells of the 사망신고서 (issue 10)
    death = schema["$defs"]["DeathDetailsDeclaration"]["properties"]
    assert {"death_date", "death_time", "place", "certificate", "certificate_reason", "certifiers"} <= set(death)
    assert "미상" in death["death_time"]["description"] and "null" in json.dumps(death["death_date"])
    assert schema["$defs"]["DeathPlaceDeclaration"]["properties"]["kind"]["enum"] == [
        "home", "medical_institution", "welfare_facility", "public_facility", "road", "commercial_facility",
        "industrial_site", "farm", "in_transit_to_hospital", "other"]
    assert set(schema["$defs"]["DeathProof"]["enum"]) == {"diagnosis", "postmortem", "heads_cert", "acquaintances",
                                                          "public_office", "burial_permit"}
    assert {"name", "rrn", "role"} == set(schema["$defs"]["CertifierDeclaration"]["properties"])
    assert {"clan_seat", "clan_seat_hanja", "registration_base", "address"} <= set(
        schema["$defs"]["DeceasedDeclaration"]["properties"])
    assert "address" in schema["$defs"]["DeathReporterDeclaration"]["properties"]


def test_a_death_bundle_is_filed_from_a_file_and_the_result_printed_as_json(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, result = file_json(tmp_path, capsys, example("report-with-inquiry"))
    assert code == 0, result
    assert result["kind"] == "death" and result["already_filed"] is False
    assert [r["service_code"] for r in result["requests"]] == [
        "financial", "national-tax", "national-pension", "land", "vehicle", "local-tax"]
    assert result["requests"][0]["delivery_channel"] == "web" and result["requests"][0]["agency"] == "금융감독원"
    assert result["inquiry"]["basis"] == "descendant" and result["days_late"] == 0 and result["fine_won"] == 0
    assert result["death_time"] == "14:30"
    assert bundles(cli) == 1


def test_a_death_vouched_for_by_acquaintances_is_filed_and_a_time_not_known_given_as_null(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, vouched = file_json(tmp_path, capsys, example("report-acquaintances"))
    assert code == 0, vouched
    assert vouched["death_time"] == "23:40" and "420303-1234560" not in json.dumps(vouched)
    code, alone = file_json(tmp_path, capsys, example("report-alone"))
    assert code == 0 and alone["death_time"] is None  # 미상


def test_a_date_of_death_given_as_unknown_exits_2_with_the_reason(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example("report-alone")
    data["death"]["death_date"] = "미상"
    data["death"]["death_time"] = "24:00"
    code, result = file_json(tmp_path, capsys, data)
    assert code == 2 and bundles(cli) == 0
    errors = {error["field"]: error for error in result["errors"]}
    assert errors["death.death_date"]["code"] == "death_date_unknown" and "수리할 수 없습니다" in errors[
        "death.death_date"]["message"]
    assert "24시" in errors["death.death_time"]["message"]


def test_the_same_submission_again_is_reported_as_already_filed(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, first = file_json(tmp_path, capsys, example("report-with-inquiry"))
    code, again = file_json(tmp_path, capsys, example("report-with-inquiry"))
    assert code == 0 and again["already_filed"] is True and again["receipt_no"] == first["receipt_no"]
    assert bundles(cli) == 1


def test_the_inquiry_is_filed_later_against_the_death_report(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = file_json(tmp_path, capsys, example("report-alone"))
    assert report["requests"] == [] and "inquiry" not in report
    later = example("inquiry-later") | {"death_report_receipt_no": report["receipt_no"]}
    code, result = file_json(tmp_path, capsys, later)
    assert code == 0, result
    assert result["death_report_receipt_no"] == report["receipt_no"]
    assert result["inquiry"]["basis"] == "representation"
    with cli.db.session() as session:
        assert session.exec(select(HeirApplication)).one().bundle_id != report["bundle_id"]


def test_rejected_input_exits_2_naming_every_field_and_writes_nothing(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example("report-with-inquiry")
    data["death"]["death_date"] = "2999-01-01"
    data["deceased"]["name"] = "박\x1b[2J영수"
    data["inquiry"]["heir"] = "nobody"
    code, result = file_json(tmp_path, capsys, data)
    assert code == 2
    fields = {error["field"] for error in result["errors"]}
    assert {"death.death_date", "deceased.name", "inquiry.heir"} <= fields
    assert all(error["message"] for error in result["errors"])
    assert bundles(cli) == 0


def test_an_ineligible_heir_is_refused_with_the_rule(cli: Runtime, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = example("report-with-inquiry")
    data["inquiry"] = {"heir": "brother", "applicant": {"name": "박영철", "rrn": "450101-1234568"},
                       "family": {"relatives": [{"id": "son", "relation": "child"},
                                                {"id": "brother", "relation": "sibling"}]}}
    code, result = file_json(tmp_path, capsys, data)
    assert code == 2
    (error,) = result["errors"]
    assert error["field"] == "inquiry.heir" and error["code"] == "ineligible" and "제1순위" in error["message"]
    assert bundles(cli) == 0


def test_a_second_report_for_the_same_person_lists_the_first_and_files_with_a_reason(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example("report-alone")
    _, first = file_json(tmp_path, capsys, data)
    data.pop("idempotency_key")
    code, refused = file_json(tmp_path, capsys, data)
    assert code == 2 and refused["errors"][0]["duplicates"][0]["receipt_no"] == first["receipt_no"]
    code, second = file_json(tmp_path, capsys, data, "--duplicate-reason", "사망일시 정정을 위한 재신고")
    assert code == 0 and second["receipt_no"] != first["receipt_no"]


def test_the_same_heir_asking_again_exits_2_naming_the_first_inquiry_and_files_with_a_reason(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = file_json(tmp_path, capsys, example("report-alone"))
    later = example("inquiry-later") | {"death_report_receipt_no": report["receipt_no"]}
    _, first = file_json(tmp_path, capsys, later)
    later.pop("idempotency_key")  # a new visit, not a retry
    code, refused = file_json(tmp_path, capsys, later)
    assert code == 2
    (error,) = refused["errors"]
    assert (error["field"], error["code"]) == ("duplicate_reason", "duplicate")
    assert [d["receipt_no"] for d in error["duplicates"]] == [first["receipt_no"]] and first["receipt_no"] in error["message"]
    code, checked = file_json(tmp_path, capsys, later, "--duplicate-reason", "주민번호 950412-1234569 재확인")
    assert code == 2 and checked["errors"][0]["field"] == "duplicate_reason"  # a reason is checked free text
    code, second = file_json(tmp_path, capsys, later, "--duplicate-reason", "결과 문자를 받지 못해 다시 신청")
    assert code == 0 and second["receipt_no"] not in (first["receipt_no"], report["receipt_no"])
    with cli.db.session() as session:
        assert len(session.exec(select(HeirApplication)).all()) == 2


@pytest.mark.parametrize(("text", "field"), [("{not json", "json"), ("[1, 2]", "")])
def test_input_that_is_not_a_declaration_exits_2(cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 text: str, field: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    assert main(["file", "death", "--json", str(path), "--clerk", "boss"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["field"] == field
    assert bundles(cli) == 0


def test_a_real_process_reads_the_declaration_from_stdin(cli: Runtime) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "counter", "file", "death", "--json", "-", "--clerk", "boss"],
        input=json.dumps(example("report-with-inquiry"), ensure_ascii=False), capture_output=True, text=True,
        env=dict(os.environ), timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["kind"] == "death" and "Traceback" not in result.stderr
    assert bundles(cli) == 1
