"""Codes and names given to the CLI, in a declaration or as arguments, are refused when they hold a
control, bidi or other hidden character: the error names the field and the code point, and the
command exits as it does for other rejected input (issue 9 item 7, input side)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from counter.cli import main
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RAW = ("\u009b", "\u202e", "\u2066", "\u061c", "\x1b")


@pytest.fixture
def cli(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                 display_name="이수진", password="correct horse", device="T1")
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.settings.database_url_or_default())
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    monkeypatch.setenv("COUNTER_PASSWORD", "correct horse")
    monkeypatch.setenv("COUNTER_PRINTERS", '[{"name": "front", "kind": "directory"}]')
    return runtime


def raw_free(*streams: str) -> bool:
    return not any(char in stream for stream in streams for char in RAW)


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def with_item_code(raw: dict[str, Any]) -> None:
    raw["inquiry"]["items"][0]["code"] = "financial\u009b"


def with_relative_label(raw: dict[str, Any]) -> None:
    raw["inquiry"]["family"]["relatives"][1]["through"] = "son\u202e"


def with_receipt(raw: dict[str, Any]) -> None:
    raw["death_report_receipt_no"] = "3650052-T1-261121-0001-H\u2066"


def with_declined_code(raw: dict[str, Any]) -> None:
    raw["declined_services"] = [{"code": "parent\u061c-benefit", "reason": "다음 달에 신청"}]


@pytest.mark.parametrize(("name", "change", "field", "code_point"), [
    ("death-report-with-inquiry.json", with_item_code, "inquiry.items[0].code", "U+009B"),
    ("death-inquiry-later.json", with_relative_label, "inquiry.family.relatives[1].through", "U+202E"),
    ("death-inquiry-later.json", with_receipt, "death_report_receipt_no", "U+2066"),
    ("birth-third-child.json", with_declined_code, "declined_services[0].code", "U+061C"),
])
def test_a_hidden_character_in_a_declared_code_exits_2_naming_field_and_code_point(
        cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, change: Any, field: str,
        code_point: str) -> None:
    raw = example(name)
    change(raw)
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code = main(["file", name.split("-")[0], "--json", str(path), "--clerk", "boss"])
    captured = capsys.readouterr()
    assert code == 2 and raw_free(captured.out, captured.err)
    errors = [e for e in json.loads(captured.out)["errors"] if e["field"] == field]
    assert errors and errors[0]["code"] == "hidden_character" and code_point in errors[0]["message"]


def test_a_hidden_character_in_the_clerk_name_exits_2_with_a_json_error(
        cli: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["file", "death", "--json", str(EXAMPLES / "death-report-alone.json"), "--clerk", "bo\u202ess"])
    captured = capsys.readouterr()
    (error,) = json.loads(captured.out)["errors"]
    assert code == 2 and error["field"] == "clerk" and "U+202E" in error["message"]
    assert raw_free(captured.out, captured.err)


@pytest.mark.parametrize(("argv", "exit_code"), [
    (["clerk", "unlock", "bo\u202ess"], 1),
    (["clerk", "add", "le\u009be"], 1),
    (["clerk", "add", "lee", "--office", "3650052\u2066"], 1),
    (["printers", "test", "fr\u061cont"], 1),
    (["verify", "C1.\u202eabc"], 1),
    (["audit", "verify", "--head", "3650052/T1@1:\u009b00"], 2),
], ids=["unlock", "add", "add --office", "printers test", "verify", "audit verify --head"])
def test_a_hidden_character_in_an_argument_is_refused_naming_the_code_point(
        cli: Runtime, capsys: pytest.CaptureFixture[str], argv: list[str], exit_code: int) -> None:
    code = main(argv)
    captured = capsys.readouterr()
    hidden = next(char for arg in argv for char in arg if char in RAW)
    assert code == exit_code and f"U+{ord(hidden):04X}" in captured.err
    assert raw_free(captured.out, captured.err)
