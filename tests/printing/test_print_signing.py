"""Signed QR payloads: valid ones prove receipt, office and time; any changed byte is invalid."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import KeyFileError, ValidationError
from counter.printing.signing import (
    PayloadSigner,
    SignatureInvalid,
    TrustedKey,
    export_public_key,
    key_id,
    load_public_key,
    load_signing_key,
    verify_payload,
)
from counter.printing.trusted_keys import trusted_key_files, verification_keys
from counter.store.keys import SIGNING_KEY_FILE

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
SIGNER = PayloadSigner(KEY, "https://counter.invalid/v")
ISSUED = datetime(2026, 3, 16, 10, 42, tzinfo=timezone(timedelta(hours=9)))
PAYLOAD = SIGNER.sign("3220052-K7-260316-0003-R", "3220052", "notice-death", ISSUED)
PUBLIC = [TrustedKey(KEY.public_key(), frozenset({"3220052"}), "test")]


def test_valid_payload_proves_receipt_office_document_and_time() -> None:
    proof = verify_payload(PAYLOAD, PUBLIC)
    assert proof.receipt_no == "3220052-K7-260316-0003-R"
    assert proof.office_code == "3220052"
    assert proof.document == "NOTICE-DEATH"
    assert proof.issued_at == datetime(2026, 3, 16, 1, 42, tzinfo=UTC)
    assert proof.key_id == key_id(KEY.public_key()) and proof.base_url == "https://counter.invalid/v"


def test_payload_carries_nothing_personal_and_only_qr_friendly_characters() -> None:
    token = PAYLOAD.rsplit("/", 1)[1]
    assert all(char.isdigit() or char.isupper() or char in ".-" for char in token)
    assert "******" not in PAYLOAD and len(PAYLOAD) < 220


@given(st.data())
@settings(max_examples=1000, deadline=None)
def test_any_changed_byte_makes_the_payload_invalid(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(PAYLOAD) - 1))
    replacement = data.draw(st.characters(codec="ascii").filter(lambda char: char != PAYLOAD[position]))
    forged = PAYLOAD[:position] + replacement + PAYLOAD[position + 1 :]
    with pytest.raises(SignatureInvalid):
        verify_payload(forged, PUBLIC)


@given(st.integers(1, len(PAYLOAD) - 1))
@settings(max_examples=300, deadline=None)
def test_truncated_payload_is_invalid(length: int) -> None:
    with pytest.raises(SignatureInvalid):
        verify_payload(PAYLOAD[:length], PUBLIC)


@pytest.mark.parametrize("extra", [" ", "\n", ".", "A", "/x"])
def test_appended_bytes_make_the_payload_invalid(extra: str) -> None:
    with pytest.raises(SignatureInvalid):
        verify_payload(PAYLOAD + extra, PUBLIC)


def test_payload_signed_by_another_office_is_not_trusted() -> None:
    other = PayloadSigner(Ed25519PrivateKey.generate(), "https://counter.invalid/v")
    forged = other.sign("3220052-K7-260316-0003-R", "3220052", "notice-death", ISSUED)
    with pytest.raises(SignatureInvalid, match="신뢰하지 않는 키"):
        verify_payload(forged, PUBLIC)


def test_field_that_cannot_travel_in_a_qr_is_refused() -> None:
    with pytest.raises(ValidationError):
        SIGNER.sign("3220052.K7", "3220052", "receipt-birth", ISSUED)


def test_signing_key_is_created_once_owner_only_and_exportable(tmp_path: Path) -> None:
    keys_dir = tmp_path / "keys"
    with pytest.raises(KeyFileError):
        load_signing_key(keys_dir)
    created = load_signing_key(keys_dir, create=True)
    path = keys_dir / SIGNING_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_signing_key(keys_dir, create=True)
    assert key_id(again.public_key()) == key_id(created.public_key())
    exported = load_public_key(export_public_key(created), "export")
    assert key_id(exported) == key_id(created.public_key())
    payload = PayloadSigner(again, "https://x.invalid").sign("R-1", "3220052", "receipt-birth", ISSUED)
    assert verify_payload(payload, [TrustedKey(exported, frozenset({"3220052"}), "export")]).receipt_no == "R-1"


def test_signing_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    load_signing_key(tmp_path, create=True)
    os.chmod(tmp_path / SIGNING_KEY_FILE, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_signing_key(tmp_path)


def test_trusted_public_keys_of_other_offices_verify_their_papers(tmp_path: Path) -> None:
    other = Ed25519PrivateKey.generate()
    (tmp_path / "trusted").mkdir()
    (tmp_path / "trusted" / "gangnam.pem").write_text("Offices: 3220053\n" + export_public_key(other), encoding="ascii")
    payload = PayloadSigner(other, "https://counter.invalid/v").sign("R-2", "3220053", "receipt-death", ISSUED)
    assert [key.offices for key in trusted_key_files(tmp_path)] == [frozenset({"3220053"})]
    assert verify_payload(payload, verification_keys(tmp_path, None)).office_code == "3220053"
