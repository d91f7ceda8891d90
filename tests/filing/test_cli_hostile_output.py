"""Codes echoed by the CLI never reach the terminal raw: C1 controls and bidi overrides come out as
`\\u009b` (issue 9 item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter.cli import main
from counter.office.clerks import setup_office
from counter.office.runtime import Runtime

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HOSTILE = "x\u009b31m\u202eevil"
RAW = ("\u009b", "\u202e", "\x1b")


@pytest.fixture
def cli(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                 display_name="이수진", password="correct horse", device="T1")
    monkeypatch.setenv("COUNTER_DATABASE_URL", runtime.settings.database_url_or_default())
    monkeypatch.setenv("COUNTER_DEVICE", "T1")
    monkeypatch.setenv("COUNTER_PASSWORD", "correct horse")
    return runtime


@pytest.mark.parametrize(
    ("example", "change"),
    [
        ("birth-third-child.json", lambda raw: raw.update(declined_services=[{"code": HOSTILE, "reason": "원치 않음"}])),
        ("birth-third-child.json", lambda raw: raw.update({HOSTILE: 1})),
        ("death-inquiry-later.json", lambda raw: raw.update(death_report_receipt_no=HOSTILE)),
    ],
)
def test_a_hostile_code_in_a_declaration_is_echoed_escaped(cli: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          example: str, change) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    kind = example.split("-")[0]
    code = main(["file", kind, "--json", str(path), "--clerk", "boss"])
    captured = capsys.readouterr()
    assert code == 2
    for stream in (captured.out, captured.err):
        assert not any(char in stream for char in RAW)
    # Shown escaped where echoed (an unknown key), or refused by its code point (a code, input side).
    assert ("\\u009b" in captured.out and "\\u202e" in captured.out) or "U+009B" in captured.out
    json.loads(captured.out)  # still valid JSON, naming the same code


def test_a_hostile_argument_in_an_error_is_escaped(cli: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clerk", "unlock", HOSTILE]) != 0
    captured = capsys.readouterr()
    assert not any(char in captured.out + captured.err for char in RAW)
