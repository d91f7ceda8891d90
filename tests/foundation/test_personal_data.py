"""RRN encryption at rest, lookup hashes, masking and key files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import KeyFileError
from counter.rules.sms import mask_phone
from counter.store.keys import AUDIT_KEY_FILE, LOOKUP_KEY_FILE, RRN_KEYS_FILE, create_keys, load_keyring, rotate_rrn_key
from counter.store.pii import PersonalDataVault, mask_rrn


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    path = tmp_path / "keys"
    create_keys(path)
    return path


def test_key_files_are_private(keys_dir: Path) -> None:
    for name in (RRN_KEYS_FILE, LOOKUP_KEY_FILE):
        assert (keys_dir / name).stat().st_mode & 0o777 == 0o600


def test_rrn_round_trips_and_is_never_stored_in_clear(keys_dir: Path) -> None:
    vault = PersonalDataVault(load_keyring(keys_dir, env={}))
    token = vault.encrypt("9012311234567", "rrn")
    assert "9012311234567" not in token and "901231" not in token
    assert vault.decrypt(token, "rrn") == "9012311234567"
    assert vault.encrypt("9012311234567", "rrn") != token  # fresh nonce each time


def test_lookup_hash_matches_exactly_and_depends_on_the_key(keys_dir: Path, tmp_path: Path) -> None:
    vault = PersonalDataVault(load_keyring(keys_dir, env={}))
    assert vault.lookup_hash("9012311234567", "rrn") == vault.lookup_hash("9012311234567", "rrn")
    assert vault.lookup_hash("9012311234567", "rrn") != vault.lookup_hash("9012311234568", "rrn")
    other = tmp_path / "other"
    create_keys(other)
    assert PersonalDataVault(load_keyring(other, env={})).lookup_hash("9012311234567", "rrn") != vault.lookup_hash(
        "9012311234567", "rrn")


def test_rotation_keeps_old_ciphertexts_readable(keys_dir: Path) -> None:
    old_token = PersonalDataVault(load_keyring(keys_dir, env={})).encrypt("0101013000000", "rrn")
    assert rotate_rrn_key(keys_dir) == "k2"
    vault = PersonalDataVault(load_keyring(keys_dir, env={}))
    assert vault.decrypt(old_token, "rrn") == "0101013000000"
    assert vault.needs_reencryption(old_token)
    assert not vault.needs_reencryption(vault.encrypt("x", "rrn"))


def test_tampered_ciphertext_or_wrong_purpose_is_refused(keys_dir: Path) -> None:
    vault = PersonalDataVault(load_keyring(keys_dir, env={}))
    token = vault.encrypt("9012311234567", "rrn")
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with pytest.raises(KeyFileError):
        vault.decrypt(flipped, "rrn")
    with pytest.raises(KeyFileError):
        vault.decrypt(token, "phone")


def test_missing_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match=r"rrn\.keys"):
        load_keyring(tmp_path / "nowhere", env={})


@pytest.mark.parametrize("content", ["k1 not-base64!!\n", "k1 AAAA\n", "garbage\n", "\n"])
def test_corrupted_key_file_is_a_clear_error(keys_dir: Path, content: str) -> None:
    (keys_dir / RRN_KEYS_FILE).write_text(content)
    with pytest.raises(KeyFileError, match=r"rrn\.keys"):
        load_keyring(keys_dir, env={})


def test_key_file_readable_by_others_is_refused(keys_dir: Path) -> None:
    os.chmod(keys_dir / RRN_KEYS_FILE, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_keyring(keys_dir, env={})


def test_keys_may_come_from_the_environment(keys_dir: Path, tmp_path: Path) -> None:
    env = {
        "COUNTER_RRN_KEYS": (keys_dir / RRN_KEYS_FILE).read_text(),
        "COUNTER_LOOKUP_KEY": (keys_dir / LOOKUP_KEY_FILE).read_text(),
        "COUNTER_AUDIT_KEY": (keys_dir / AUDIT_KEY_FILE).read_text(),
    }
    ring = load_keyring(tmp_path / "empty", env=env)
    assert ring.current[0] == "k1"
    assert ring.audit_key == load_keyring(keys_dir).audit_key


@settings(max_examples=300)
@given(st.from_regex(r"\A\d{6}-?[1-8]\d{6}\Z"))
def test_masked_rrn_shows_only_birth_date_and_sex_digit(rrn: str) -> None:
    digits = rrn.replace("-", "")
    masked = mask_rrn(rrn)
    assert masked == f"{digits[:6]}-{digits[6]}******"


def test_phone_masking() -> None:
    assert mask_phone("010-1234-5678") == "010-****-5678"
