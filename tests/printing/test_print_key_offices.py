"""Each QR key proves only the offices it is bound to: office A's key never vouches for a paper naming
office B, and a key trusted before bindings existed vouches for none until an operator binds it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter.base.config import load_settings
from counter.base.errors import KeyFileError, ValidationError
from counter.cli import main
from counter.office.clerks import setup_office
from counter.office.runtime import open_runtime
from counter.printing.signing import (
    KEY_NOT_FOR_OFFICE,
    KEY_UNBOUND,
    PayloadSigner,
    SignatureInvalid,
    TrustedKey,
    export_public_key,
    load_signing_key,
    verify_payload,
)
from counter.printing.trusted_keys import (
    read_trusted_file,
    trust_key,
    trusted_key_files,
    verification_keys,
)

ROOT = Path(__file__).resolve().parents[2]
ISSUED = datetime(2026, 3, 16, 1, 42, tzinfo=UTC)
YEOKSAM, SINSA = "3220052", "3220053"  # two community centres of one district
GANGNAM_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))  # deterministic: its id is hex digits


def sign(key: Ed25519PrivateKey, office: str, receipt_no: str = "R-1") -> str:
    return PayloadSigner(key, "https://counter.invalid/v").sign(receipt_no, office, "notice-death", ISSUED)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- verify_payload ---------------------------------------------------------------------------
def test_office_a_key_signing_a_paper_that_names_office_b_is_refused() -> None:
    trusted = [TrustedKey(GANGNAM_KEY.public_key(), frozenset({YEOKSAM}), "yeoksam.pem")]
    with pytest.raises(SignatureInvalid) as refused:
        verify_payload(sign(GANGNAM_KEY, SINSA), trusted)
    assert refused.value.code == KEY_NOT_FOR_OFFICE
    assert f"기관 {YEOKSAM}의 서류에만 서명할 수 있는데 기관 {SINSA}의 서류에 서명되었습니다" in refused.value.message
    assert verify_payload(sign(GANGNAM_KEY, YEOKSAM), trusted).office_code == YEOKSAM


def test_a_key_bound_to_several_offices_proves_each_of_them() -> None:
    trusted = [TrustedKey(GANGNAM_KEY.public_key(), frozenset({YEOKSAM, SINSA}), "district.pem")]
    assert [verify_payload(sign(GANGNAM_KEY, office), trusted).office_code for office in (YEOKSAM, SINSA)] == [
        YEOKSAM, SINSA]
    with pytest.raises(SignatureInvalid, match="3220054"):
        verify_payload(sign(GANGNAM_KEY, "3220054"), trusted)


def test_an_unbound_key_proves_nothing_and_says_to_ask_the_operator() -> None:
    trusted = [TrustedKey(GANGNAM_KEY.public_key(), frozenset(), "old.pem")]
    with pytest.raises(SignatureInvalid) as refused:
        verify_payload(sign(GANGNAM_KEY, YEOKSAM), trusted)
    assert refused.value.code == KEY_UNBOUND and refused.value.source == "old.pem"
    assert "어느 기관에도 연결되어 있지 않아" in refused.value.message and "관리자에게" in refused.value.message


def test_a_changed_office_code_is_an_altered_paper_not_a_binding_question() -> None:
    trusted = [TrustedKey(GANGNAM_KEY.public_key(), frozenset({YEOKSAM, SINSA}), "district.pem")]
    forged = sign(GANGNAM_KEY, YEOKSAM).replace(f".{YEOKSAM}.", f".{SINSA}.")
    with pytest.raises(SignatureInvalid) as refused:
        verify_payload(forged, trusted)
    assert refused.value.code == "altered"


# -- the trusted key files --------------------------------------------------------------------
def test_trusting_a_key_records_its_offices_in_a_file_openssl_still_reads(tmp_path: Path) -> None:
    exported = tmp_path / "gangnam.pem"
    exported.write_text("# 키 ID from the export\n" + export_public_key(GANGNAM_KEY), encoding="utf-8")
    result = trust_key(tmp_path / "keys", exported, [SINSA, YEOKSAM, SINSA])
    [path] = result.paths
    assert path == tmp_path / "keys" / "trusted" / f"{result.kid}.pem" and not result.rebound
    assert f"Offices: {YEOKSAM} {SINSA}\n" in path.read_text(encoding="ascii")
    assert read_trusted_file(path).offices == {YEOKSAM, SINSA}
    check = subprocess.run(["openssl", "pkey", "-pubin", "-in", str(path), "-noout"], check=False, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_trusting_a_legacy_file_binds_it_in_place(tmp_path: Path) -> None:
    legacy = tmp_path / "trusted" / "gangnam.pem"
    legacy.parent.mkdir()
    legacy.write_text(export_public_key(GANGNAM_KEY), encoding="ascii")
    assert [key.offices for key in trusted_key_files(tmp_path)] == [frozenset()]
    result = trust_key(tmp_path, legacy, [SINSA])
    assert result.rebound and result.paths == (legacy,)
    assert [(Path(key.source).name, key.offices) for key in trusted_key_files(tmp_path)] == [("gangnam.pem", {SINSA})]
    again = trust_key(tmp_path, tmp_path / "trusted" / "gangnam.pem", [YEOKSAM])  # the codes replace, not add
    assert again.offices == (YEOKSAM,) and read_trusted_file(legacy).offices == {YEOKSAM}


@pytest.mark.parametrize(("offices", "match"), [
    ([], "하나 이상"),
    (["322005"], "7자리"),
])
def test_trusting_without_a_valid_office_code_is_refused(tmp_path: Path, offices: list[str], match: str) -> None:
    (tmp_path / "k.pem").write_text(export_public_key(GANGNAM_KEY), encoding="ascii")
    with pytest.raises(ValidationError, match=match):
        trust_key(tmp_path / "keys", tmp_path / "k.pem", offices)
    assert not (tmp_path / "keys" / "trusted").exists()


def test_a_new_key_never_replaces_another_under_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "a.pem").write_text(export_public_key(GANGNAM_KEY), encoding="ascii")
    (tmp_path / "b.pem").write_text(export_public_key(Ed25519PrivateKey.generate()), encoding="ascii")
    trust_key(tmp_path / "keys", tmp_path / "a.pem", [YEOKSAM], name="gangnam")
    with pytest.raises(ValidationError, match="이미 다른 키가 있습니다"):
        trust_key(tmp_path / "keys", tmp_path / "b.pem", [SINSA], name="gangnam")
    assert read_trusted_file(tmp_path / "keys" / "trusted" / "gangnam.pem").offices == {YEOKSAM}


@pytest.mark.parametrize("line", ["Offices: 32200", f"Offices: {YEOKSAM}\nOffices: {SINSA}"])
def test_a_malformed_offices_line_is_named_not_guessed(tmp_path: Path, line: str) -> None:
    (tmp_path / "trusted").mkdir()
    (tmp_path / "trusted" / "x.pem").write_text(f"{line}\n{export_public_key(GANGNAM_KEY)}", encoding="ascii")
    with pytest.raises(KeyFileError, match=r"x\.pem"):
        trusted_key_files(tmp_path)


# -- the counter's own key, bound to the offices of its database (both database legs) ----------
@pytest.fixture
def office_config(tmp_path: Path, database_url: str) -> Path:
    """A counter set up for 역삼1동 (3220052) with its signing key."""
    config = tmp_path / "c.toml"
    config.write_text(f'device = "T1"\ndatabase_url = {json.dumps(database_url)}\n', encoding="utf-8")
    runtime = open_runtime(load_settings(config))
    runtime.keyring(create=True)
    setup_office(runtime.db, office_code=YEOKSAM, office_name="역삼1동 주민센터", username="boss",
                 display_name="이수진", password="correct horse", device="T1")
    load_signing_key(runtime.settings.keys_directory(), create=True)
    runtime.db.dispose()
    return config


def own_key(config: Path) -> Ed25519PrivateKey:
    return load_signing_key(load_settings(config).keys_directory())


def test_own_key_proves_its_office_and_no_other(office_config: Path) -> None:
    runtime = open_runtime(load_settings(office_config))
    keys = verification_keys(runtime.settings.keys_directory(), runtime.db)
    runtime.db.dispose()
    assert [key.offices for key in keys] == [frozenset({YEOKSAM})]
    assert verify_payload(sign(own_key(office_config), YEOKSAM), keys).office_code == YEOKSAM
    with pytest.raises(SignatureInvalid) as refused:
        verify_payload(sign(own_key(office_config), SINSA), keys)
    assert refused.value.code == KEY_NOT_FOR_OFFICE


def test_cli_refuses_own_key_on_another_offices_paper(office_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--config", str(office_config), "verify", sign(own_key(office_config), YEOKSAM))
    assert code == 0 and f"기관 코드: {YEOKSAM}" in out
    code, out, err = run(capsys, "--config", str(office_config), "verify", sign(own_key(office_config), SINSA))
    assert code == 1 and out == ""
    assert "유효하지 않은 QR 코드입니다: 키(" in err and f"기관 {SINSA}의 서류에 서명되었습니다" in err


def test_cli_refuses_a_legacy_unbound_key_and_says_how_to_bind_it(
    office_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trusted = load_settings(office_config).keys_directory() / "trusted"
    trusted.mkdir()
    (trusted / "gangnam.pem").write_text(export_public_key(GANGNAM_KEY), encoding="ascii")  # as docs said before
    payload = sign(GANGNAM_KEY, SINSA)
    code, out, err = run(capsys, "--config", str(office_config), "verify", payload)
    assert code == 1 and out == "" and "어느 기관에도 연결되어 있지 않아" in err
    assert f"연결 방법: counter signing-key trust {trusted / 'gangnam.pem'} --office 기관코드" in err
    code, out, err = run(capsys, "--config", str(office_config), "signing-key", "trusted")
    assert code == 1 and f"{YEOKSAM}\t" in out and "(기관 없음)" in out and "counter signing-key trust" in err
    code, out, _err = run(capsys, "--config", str(office_config), "signing-key", "trust", str(trusted / "gangnam.pem"),
                          "--office", SINSA)
    assert code == 0 and f"이제 기관 {SINSA}의 서류만 확인합니다" in out
    code, out, _err = run(capsys, "--config", str(office_config), "verify", payload)
    assert code == 0 and f"기관 코드: {SINSA}" in out
    assert run(capsys, "--config", str(office_config), "signing-key", "trusted")[0] == 0


def test_a_key_trusted_by_the_cli_survives_a_restart(office_config: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "gangnam.pem"
    exported.write_text(export_public_key(GANGNAM_KEY), encoding="ascii")
    code, out, _err = run(capsys, "--config", str(office_config), "signing-key", "trust", str(exported),
                          "--office", SINSA, "--name", "gangnam")
    assert code == 0 and "gangnam.pem" in out
    for office, expected in ((SINSA, 0), (YEOKSAM, 1)):  # a new process reads the binding from disk
        checked = subprocess.run([sys.executable, "-m", "counter", "--config", str(office_config), "verify",
                                  sign(GANGNAM_KEY, office)], check=False, capture_output=True,
                                 text=True, cwd=ROOT, timeout=120)
        assert checked.returncode == expected, checked.stderr
    assert "Traceback" not in checked.stderr and f"기관 {SINSA}의 서류에만 서명할 수 있는데" in checked.stderr


def test_cli_public_key_is_bound_by_office_or_its_own_offices_line(
    office_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / "gangnam.pem"
    given.write_text(export_public_key(GANGNAM_KEY), encoding="ascii")
    payload = sign(GANGNAM_KEY, SINSA)
    base = ("--config", str(office_config), "verify", payload, "--public-key", str(given))
    assert run(capsys, *base)[0] == 1  # no binding: proves nothing
    assert run(capsys, *base, "--office", YEOKSAM)[0] == 1
    assert run(capsys, *base, "--office", SINSA)[0] == 0
    given.write_text(f"Offices: {SINSA}\n" + export_public_key(GANGNAM_KEY), encoding="ascii")
    assert run(capsys, *base)[0] == 0
