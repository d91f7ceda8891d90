"""`counter printers list|test`, `print-spool --once`, `verify`, `signing-key export`: exit codes and
clear messages, never a traceback."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from printing_helpers import (
    PAPER_OUT_STATUS,
    FakeEscposPrinter,
    decode_raster,
    file_bundle,
    read_codes,
)

from counter.base.config import load_settings
from counter.cli import main
from counter.office.runtime import open_runtime


def write_config(path: Path, printers: list[dict[str, object]]) -> Path:
    lines = ['device = "T1"', f'font_path = "{Path("printers/fonts/NanumSquareR.ttf").resolve()}"']
    for printer in printers:
        lines.append("[[printers]]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in printer.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_printers_list_shows_each_printer_and_the_font(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "c.toml", [
        {"name": "창구1", "kind": "escpos-network", "address": "127.0.0.1:1", "role": "receipt"},
        {"name": "보관함", "kind": "directory", "address": str(tmp_path / "out"), "role": "notice"},
    ])
    code, out, _err = run(capsys, "--config", str(config), "printers", "list")
    assert code == 0 and "NanumSquareR.ttf (configured)" in out
    assert "창구1\tescpos-network\t127.0.0.1:1\treceipt" in out and "보관함\tdirectory" in out
    code, out, _err = run(capsys, "--config", str(config), "printers", "list", "--status")
    assert code == 1 and "준비됨" in out and "연결할 수 없습니다" in out


def test_printers_test_prints_hangul_a_barcode_and_a_qr(
    tmp_path: Path, fake_printer: FakeEscposPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "c.toml", [{"name": "창구1", "kind": "escpos-network", "address": fake_printer.address}])
    code, out, _err = run(capsys, "--config", str(config), "printers", "test", "창구1")
    assert code == 0 and "창구1에 시험 인쇄를 보냈습니다" in out
    time.sleep(0.3)
    codes = read_codes(decode_raster(bytes(fake_printer.received)))
    assert codes["CODE128"] == ["COUNTER-TEST-0001"] and codes["QRCODE"]


def test_printers_test_with_an_unknown_name_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "c.toml", [{"name": "창구1", "kind": "directory", "address": str(tmp_path)}])
    code, _out, err = run(capsys, "--config", str(config), "printers", "test", "없음")
    assert code == 1 and "설정에 없음 프린터가 없습니다" in err and "창구1" in err


def test_printers_test_on_a_paper_out_printer_says_what_to_do(
    tmp_path: Path, make_printer: Callable[..., FakeEscposPrinter], capsys: pytest.CaptureFixture[str]
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    config = write_config(tmp_path / "c.toml", [{"name": "창구1", "kind": "escpos-network", "address": printer.address}])
    code, _out, err = run(capsys, "--config", str(config), "printers", "test", "창구1")
    assert code == 1 and "새 용지를 넣어 주세요" in err


def test_print_spool_once_prints_the_filed_bundle(
    tmp_path: Path, fake_printer: FakeEscposPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "c.toml", [{"name": "창구1", "kind": "escpos-network", "address": fake_printer.address}])
    runtime = open_runtime(load_settings(config))
    runtime.keyring(create=True)  # an office that was set up: the spool seals its audit events
    file_bundle(runtime.db)
    code, out, _err = run(capsys, "--config", str(config), "print-spool", "--once")
    assert code == 0 and out.count("출력 완료") == 2


def test_print_spool_once_reports_waiting_jobs(
    tmp_path: Path, make_printer: Callable[..., FakeEscposPrinter], capsys: pytest.CaptureFixture[str]
) -> None:
    printer = make_printer(status=dict(PAPER_OUT_STATUS))
    config = write_config(tmp_path / "c.toml", [{"name": "창구1", "kind": "escpos-network", "address": printer.address}])
    runtime = open_runtime(load_settings(config))
    runtime.keyring(create=True)
    file_bundle(runtime.db)
    code, out, err = run(capsys, "--config", str(config), "print-spool", "--once")
    assert code == 1 and "대기" in out and "새 용지를 넣어 주세요" in out and "다시 시도합니다" in err
    asked = printer.connections
    code, out, err = run(capsys, "--config", str(config), "print-spool", "--once")  # tried now, not after the wait
    assert code == 1 and "새 용지를 넣어 주세요" in out and printer.connections == asked + 1


def test_verify_accepts_this_offices_qr_and_rejects_a_forged_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    config = write_config(tmp_path / "c.toml", [{"name": "보관함", "kind": "directory", "address": str(out_dir)}])
    runtime = open_runtime(load_settings(config))
    runtime.keyring(create=True)
    file_bundle(runtime.db)
    assert run(capsys, "--config", str(config), "print-spool", "--once")[0] == 0
    payload = read_codes(decode_raster(next(out_dir.glob("*receipt-birth*.escpos")).read_bytes()))["QRCODE"][0]
    code, out, _err = run(capsys, "--config", str(config), "verify", payload)
    assert code == 0 and "유효" in out and "접수번호: 3220052-T1-260316-0001-X" in out
    forged = payload.replace("3220052-T1-260316-0001-X", "3220052-T1-260316-0002-X")
    code, out, err = run(capsys, "--config", str(config), "verify", forged)
    assert code == 1 and "유효하지 않은 QR 코드" in err and out == ""


def test_exported_public_key_lets_another_counter_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "c.toml", [])
    code, out, _err = run(capsys, "--config", str(config), "signing-key", "export")
    assert code == 0 and "BEGIN PUBLIC KEY" in out and out.startswith("# 키 ID ")
    (tmp_path / "office.pem").write_text(out.split("\n", 1)[1], encoding="ascii")
    code, _out, err = run(capsys, "--config", str(config), "verify", "not-a-qr", "--public-key", str(tmp_path / "office.pem"))
    assert code == 1 and "이 시스템에서 발급한 코드가 아니거나" in err
