"""`counter file birth --json PATH|-` and `counter schema birth`: JSON out, exit 2 with every field
named and nothing written, the same result as the wizard's service, audited under the clerk."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from test_birth_filing import TABLES, count_rows, declaration, rrn

from counter.cli import main
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime
from models import AuditEvent, Bundle

PASSWORD = "correct horse"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_runtime(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    """The test database set up with supervisor `boss`, reachable by the CLI through the environment."""
    setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                 display_name="이수진", password=PASSWORD, device="T1")
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.settings.database_url_or_default())
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    monkeypatch.setenv("COUNTER_PASSWORD", PASSWORD)
    return runtime


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_filing_from_a_file_prints_the_receipt_requests_warnings_and_fine(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, declaration()), "--clerk", "boss")
    assert code == 0
    assert out["kind"] == "birth" and out["fine_won"] == 0 and out["warnings"] == []
    voucher = next(r for r in out["requests"] if r["service_code"] == "first-meeting-voucher")
    assert voucher == {**voucher, "agency": "보건복지부", "amount_won": 3_000_000, "status": "queued",
                       "reason": "둘째 이상 아이: 3,000,000원"}
    with cli_runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "birth.filed")).one()
    assert (bundle.receipt_no, str(bundle.id)) == (out["receipt_no"], out["bundle_id"])
    assert event.clerk_username == "boss"


def test_filing_from_standard_input(cli_runtime: Runtime, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(declaration(), ensure_ascii=False)))
    code, out = run(capsys, "file", "birth", "--json", "-", "--clerk", "boss")
    assert code == 0 and out["receipt_no"]


def test_the_cli_gives_the_same_result_as_the_wizards_service(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from datetime import datetime

    from counter.base.clock import KST
    from counter.filing.birth import file_birth
    from counter.office.clerks import authenticate

    clerk = authenticate(cli_runtime.db, "boss", PASSWORD, cli_runtime.settings, "T1")
    direct = file_birth(cli_runtime, clerk, declaration(), today=datetime.now(KST).date()).as_json()
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, declaration(mother__rrn=rrn("910101", 2))),
                    "--clerk", "boss")
    assert code == 0
    assert out["requests"] == direct["requests"] and out["fine_won"] == direct["fine_won"]


def test_rejected_input_exits_2_naming_every_field_and_writes_nothing(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = declaration(child__birth_date="2999-01-01", child__given_name="Haneul1",
                       child__birth_place__address="\x1b]0;x\x07")
    before = count_rows(cli_runtime)
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, data), "--clerk", "boss")
    assert code == 2
    fields = {error["field"] for error in out["errors"]}
    assert {"child.birth_date", "child.given_name", "child.birth_place.address"} <= fields
    assert all(error["message"] for error in out["errors"])
    assert count_rows(cli_runtime) == before


def test_the_forms_problems_come_out_as_json_by_field_and_code(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = declaration(child__birth_time="24:00", child__birth_place__kind="car",
                       mother__registration_base="서울특별시 강남구 테헤란로 212", attachments={"presented": []},
                       father={"foreign": True, "foreign_name": "John Smith", "nationality": "미국",
                               "foreign_registration_no": rrn("890130", 1)})
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, data), "--clerk", "boss")
    assert code == 2
    errors = {error["field"]: error for error in out["errors"]}
    assert {field: errors[field].get("code") for field in (
        "child.birth_time", "child.birth_place.kind", "mother.registration_base", "attachments",
        "father.foreign_registration_no")} == {
        "child.birth_time": "event_time", "child.birth_place.kind": "place_kind",
        "mother.registration_base": "area_address", "attachments": "no_proof", "father.foreign_registration_no": None}
    assert "가정법원" in errors["attachments"]["message"]
    assert "890130-1" not in json.dumps(out, ensure_ascii=False)  # the number is not echoed
    assert count_rows(cli_runtime) == {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


def test_invalid_json_exits_2(cli_runtime: Runtime, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"child": '))
    code, out = run(capsys, "file", "birth", "--json", "-", "--clerk", "boss")
    assert code == 2 and out["errors"][0]["field"] == "json"
    assert count_rows(cli_runtime)["bundle"] == 0


def test_a_duplicate_exits_2_until_a_reason_is_given(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, declaration())
    first = run(capsys, "file", "birth", "--json", path, "--clerk", "boss")[1]
    code, out = run(capsys, "file", "birth", "--json", path, "--clerk", "boss")
    assert code == 2
    assert out["errors"][0]["code"] == "duplicate" and out["errors"][0]["field"] == "duplicate_reason"
    assert out["errors"][0]["duplicates"][0]["receipt_no"] == first["receipt_no"]
    code, out = run(capsys, "file", "birth", "--json", path, "--clerk", "boss", "--duplicate-reason", "정정 재접수")
    assert code == 0, out
    assert out["receipt_no"] != first["receipt_no"]


def test_a_retry_with_the_same_key_prints_the_first_result(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, declaration(idempotency_key="6f1c2a4e-3b7d-4c55-9a1e-2d8f0b9c7a31"))
    first = run(capsys, "file", "birth", "--json", path, "--clerk", "boss")[1]
    code, again = run(capsys, "file", "birth", "--json", path, "--clerk", "boss")
    assert code == 0 and again["already_filed"] and again["receipt_no"] == first["receipt_no"]
    assert count_rows(cli_runtime)["bundle"] == 1


def test_a_wrong_password_is_refused_and_nothing_is_filed(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_PASSWORD", "wrong password")
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, declaration()), "--clerk", "boss")
    assert code == 1 and out["errors"][0]["message"]
    assert count_rows(cli_runtime)["bundle"] == 0


def test_a_broken_catalogue_names_file_and_line(
        cli_runtime: Runtime, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "child-allowance"\n[service.eligibility]\nwhen = "age >= 1"\n',
                        encoding="utf-8")
    monkeypatch.setenv("COUNTER_CATALOGUE_OVERRIDE", str(override))
    code, out = run(capsys, "file", "birth", "--json", write(tmp_path, declaration()), "--clerk", "boss")
    assert code == 1
    error = out["errors"][0]
    assert (error["field"], error["file"], error["line"]) == ("catalogue", str(override), 4)
    assert count_rows(cli_runtime) == {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


def test_schema_names_every_section_and_forbids_unknown_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, schema = run(capsys, "schema", "birth")
    assert code == 0
    assert set(schema["required"]) == {"child", "mother", "reporter", "attachments"}
    assert schema["additionalProperties"] is False
    child = schema["$defs"]["ChildDeclaration"]
    assert child["properties"]["birth_date"]["format"] == "date"
    assert {"birth_time", "birth_place", "clan_seat"} <= set(child["required"])
    assert schema["$defs"]["BirthPlaceDeclaration"]["properties"]["kind"]["enum"] == ["home", "medical_institution",
                                                                                     "other"]
    assert schema["$defs"]["BirthAttachmentsDeclaration"]["properties"]["presented"]["items"]["enum"][0] == \
        "medical_certificate"
    parent = schema["$defs"]["ParentDeclaration"]["properties"]
    assert {"clan_seat", "registration_base", "nationality", "foreign_registration_no", "birth_date"} <= set(parent)
    assert schema["$defs"]["ReporterDeclaration"]["properties"]["relation"]["enum"][:2] == ["father", "mother"]


def test_every_example_validates_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from counter.filing.birth_declaration import BirthDeclaration

    examples = sorted((ROOT / "examples").glob("birth-*.json"))
    assert len(examples) >= 2
    for path in examples:
        BirthDeclaration.model_validate_json(path.read_text(encoding="utf-8"))


def test_the_installed_command_files_from_standard_input(cli_runtime: Runtime) -> None:
    result = subprocess.run([sys.executable, "-m", "counter", "file", "birth", "--json", "-", "--clerk", "boss"],
                            input=json.dumps(declaration(), ensure_ascii=False), capture_output=True, text=True,
                            timeout=120, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["receipt_no"].startswith("3650052-T1-")
