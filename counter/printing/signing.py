"""Signed QR payloads: a receipt or notice proves offline which office issued it, and when.

Payload (the whole QR text, documented in docs/printing.md):

    {verify_base_url}/CN1.{receipt_no}.{office_code}.{YYYYMMDDHHMM}Z.{document}.{key_id}.{signature}

- `CN1`: format version; `YYYYMMDDHHMM`Z: issue time in UTC to the minute; `document`: the
  document kind in capitals (`RECEIPT-BIRTH`, `NOTICE-DEATH`); `key_id`: the first 8 hex digits
  of SHA-256 of the office's raw Ed25519 public key.
- `signature`: Ed25519 over the ASCII bytes of everything before the last `.` (the URL prefix
  included), in unpadded RFC 4648 base32, so the token is all QR-alphanumeric characters.

Nothing personal is in it (개인정보보호법: no RRN, no name): a receipt number, an office code, a time.
The private key is `signing.key` (PEM, 0600) in the keys directory, like the RRN keys.

A key proves only the offices it is trusted for (`TrustedKey.offices`): a valid signature over a
payload naming another office is refused (`key-not-for-office`), and a key bound to no office
verifies nothing (`key-unbound`). Where the bindings live: counter/printing/trusted_keys.py.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from counter.base.errors import CounterError, KeyFileError, ValidationError
from counter.base.i18n import _
from counter.store.keys import SIGNING_KEY_FILE, read_secret, write_secret

VERSION = "CN1"
_FIELD = re.compile(r"^[0-9A-Za-z-]{1,40}$")
_TIME = re.compile(r"^\d{12}Z$")
_KEY_ID = re.compile(r"^[0-9A-F]{8}$")
_SIGNATURE = re.compile(r"^[A-Z2-7]{103}$")


# Why a payload is refused (`SignatureInvalid.code`).
MALFORMED = "malformed"
UNTRUSTED_KEY = "untrusted-key"
ALTERED = "altered"
KEY_NOT_FOR_OFFICE = "key-not-for-office"
KEY_UNBOUND = "key-unbound"


class SignatureInvalid(CounterError):
    """A QR payload that is malformed, truncated, altered, signed by an unknown key, or signed by a
    trusted key for an office it may not sign for; `code` says which, `source` names the key's file."""

    def __init__(self, message: str, *, code: str, source: str = "") -> None:
        super().__init__(message, field="payload", code=code)
        self.source = source


@dataclass(frozen=True)
class TrustedKey:
    """A public key and the office codes whose papers it may prove (empty: none, a legacy key)."""

    public_key: Ed25519PublicKey
    offices: frozenset[str]
    source: str  # the file it was read from, for messages

    @property
    def kid(self) -> str:
        """The key's short id, as carried in the payload."""
        return key_id(self.public_key)


@dataclass(frozen=True)
class VerifiedPayload:
    """What a valid QR payload proves."""

    receipt_no: str
    office_code: str
    issued_at: datetime
    document: str
    key_id: str
    base_url: str


def key_id(public_key: Ed25519PublicKey) -> str:
    """Short id of a public key: 8 hex digits of SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8].upper()


def export_public_key(private_key: Ed25519PrivateKey) -> str:
    """The public half as PEM, to give to whoever verifies this office's papers."""
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_signing_key(keys_dir: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The office's private key; with `create`, made on first use (0600) if there is none yet.

    Creating is safe where the file is missing because nothing depends on a key that never existed;
    a lost key only means old papers verify with its exported public key (docs/printing.md).
    """
    path = keys_dir / SIGNING_KEY_FILE
    if create and not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        write_secret(path, pem.decode("ascii"))
        return key
    text = read_secret(path)
    try:
        loaded = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(_("Key file {path} is corrupted (not an Ed25519 key).").format(path=path)) from exc
    if not isinstance(loaded, Ed25519PrivateKey):
        raise KeyFileError(_("Key file {path} is corrupted (not an Ed25519 key).").format(path=path))
    return loaded


def load_public_key(pem: str, source: str) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM text (KeyFileError naming `source` otherwise)."""
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise KeyFileError(_("{path} is not an Ed25519 public key.").format(path=source)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(_("{path} is not an Ed25519 public key.").format(path=source))
    return key


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


class PayloadSigner:
    """Signs QR payloads with the office's private key."""

    def __init__(self, private_key: Ed25519PrivateKey, base_url: str) -> None:
        self._key = private_key
        self.base_url = base_url.rstrip("/")
        self.key_id = key_id(private_key.public_key())

    def sign(self, receipt_no: str, office_code: str, document: str, issued_at: datetime) -> str:
        """The QR text for one paper (ValidationError if a field holds characters outside [0-9A-Za-z-])."""
        document = document.upper().replace("_", "-")  # `receipt-name_change` -> `RECEIPT-NAME-CHANGE`
        for name, value in (("receipt_no", receipt_no), ("office_code", office_code), ("document", document)):
            if not _FIELD.fullmatch(value):
                raise ValidationError(
                    _("{field} cannot be carried in a QR code: {value!r}").format(field=name, value=value), field=name
                )
        moment = issued_at.astimezone(UTC) if issued_at.tzinfo else issued_at.replace(tzinfo=UTC)
        body = f"{self.base_url}/{VERSION}.{receipt_no}.{office_code}.{moment:%Y%m%d%H%M}Z.{document}.{self.key_id}"
        return f"{body}.{_b32(self._key.sign(body.encode('ascii')))}"


def _invalid(reason: str, code: str = MALFORMED, source: str = "") -> SignatureInvalid:
    return SignatureInvalid(_("This QR code is not valid: {reason}").format(reason=reason), code=code, source=source)


def verify_payload(payload: str, trusted: Iterable[TrustedKey]) -> VerifiedPayload:
    """Check a scanned QR text; raise SignatureInvalid unless every byte is as the office signed it
    and the key that signed it is trusted for the office the payload names."""
    text = payload
    start = text.rfind("/" + VERSION + ".")
    if start < 0 or not text.isascii():
        raise _invalid(_("it was not issued by Counter or is cut off"))
    parts = text[start + 1 :].split(".")
    if len(parts) != 7:
        raise _invalid(_("it is cut off or has extra parts"))
    _version, receipt_no, office_code, stamp, document, kid, signature = parts
    if not (_FIELD.fullmatch(receipt_no) and _FIELD.fullmatch(office_code) and _TIME.fullmatch(stamp)
            and _FIELD.fullmatch(document) and _KEY_ID.fullmatch(kid) and _SIGNATURE.fullmatch(signature)):
        raise _invalid(_("a part of it is malformed or cut off"))
    keys = [key for key in trusted if key.kid == kid]
    if not keys:
        raise _invalid(_("it was signed by key {kid}, which this computer does not trust").format(kid=kid), UNTRUSTED_KEY)
    try:
        raw_signature = _unb32(signature)
        if _b32(raw_signature) != signature:  # base32's spare bits must be zero: one text per signature
            raise ValueError(signature)
        issued_at = datetime.strptime(stamp, "%Y%m%d%H%MZ").replace(tzinfo=UTC)
    except (binascii.Error, ValueError) as exc:
        raise _invalid(_("a part of it is malformed or cut off")) from exc
    body = text[: text.rfind(".")].encode("ascii")
    signers = [key for key in keys if _signed(key.public_key, raw_signature, body)]
    if not signers:
        raise _invalid(_("its content was changed after signing"), ALTERED)
    if any(office_code in key.offices for key in signers):
        return VerifiedPayload(receipt_no, office_code, issued_at, document, kid, text[:start])
    raise _refused_for_office(kid, office_code, signers)


def _signed(public_key: Ed25519PublicKey, signature: bytes, body: bytes) -> bool:
    try:
        public_key.verify(signature, body)
    except InvalidSignature:
        return False
    return True


def _refused_for_office(kid: str, office_code: str, signers: list[TrustedKey]) -> SignatureInvalid:
    """A genuine signature by a key not trusted for `office_code`: one office's key never vouches for
    another office's papers; a key trusted before keys were bound to offices vouches for none."""
    offices = " ".join(sorted({office for key in signers for office in key.offices}))
    if not offices:
        return _invalid(_("key {kid} is trusted but bound to no office, so it proves no paper; "
                          "ask the operator to bind it to the office codes it signs for").format(kid=kid),
                        KEY_UNBOUND, signers[0].source)
    return _invalid(_("key {kid} may sign only for office {offices}, not for office {office}").format(
        kid=kid, offices=offices, office=office_code), KEY_NOT_FOR_OFFICE, signers[0].source)
