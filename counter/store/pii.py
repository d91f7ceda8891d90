"""Personal data at rest: AES-GCM encryption, keyed lookup hashes and masking.

개인정보보호법 제24조의2②: resident registration numbers must be stored encrypted. No column ever
holds a clear RRN: `encrypt` for storage, `lookup_hash` for exact-match search, `mask_*` for display.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from counter.base.errors import KeyFileError
from counter.base.i18n import _
from counter.store.keys import KeyRing

CIPHER_VERSION = "v1"
NONCE_BYTES = 12


class PersonalDataVault:
    """Encrypts, decrypts and hashes personal data with one key ring."""

    def __init__(self, keyring: KeyRing) -> None:
        self._keyring = keyring

    def encrypt(self, plaintext: str, purpose: str) -> str:
        """Encrypt `plaintext`; `purpose` (e.g. "rrn", "phone") is bound as associated data."""
        kid, key = self._keyring.current
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), purpose.encode())
        return f"{CIPHER_VERSION}:{kid}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, purpose: str) -> str:
        """Decrypt a token made by `encrypt` with any key of the ring."""
        try:
            version, kid, payload = token.split(":", 2)
            if version != CIPHER_VERSION:
                raise ValueError(version)
            raw = base64.b64decode(payload, validate=True)
            plain = AESGCM(self._keyring.rrn_key(kid)).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()
            )
        except (ValueError, binascii.Error, InvalidTag) as exc:
            raise KeyFileError(
                _("Stored personal data cannot be decrypted with the current keys.")
            ) from exc
        return plain.decode("utf-8")

    def needs_reencryption(self, token: str) -> bool:
        """True when `token` was sealed with an older key than the current one."""
        return token.split(":", 2)[1] != self._keyring.current[0]

    def lookup_hash(self, value: str, purpose: str) -> str:
        """Keyed hash (HMAC-SHA256, hex) for exact-match lookups without storing the value."""
        message = f"{purpose}:{value}".encode()
        return hmac.new(self._keyring.lookup_key, message, hashlib.sha256).hexdigest()


def rrn_digits(rrn: str) -> str:
    """The 13 digits of an RRN written with or without the hyphen."""
    return re.sub(r"\D", "", rrn)


def mask_rrn(rrn: str) -> str:
    """`9012311234567` -> `901231-1******` (birth date and sex digit only)."""
    digits = rrn_digits(rrn)
    return f"{digits[:6]}-{digits[6:7]}******"


def mask_name(name: str) -> str:
    """A name as lists show it: the first and last characters kept, the others starred (`홍길동` -> `홍*동`,
    `남궁민수` -> `남**수`); a name of two characters keeps the first (`이솔` -> `이*`), of one none. Spaces stay."""
    letters = [index for index, char in enumerate(name) if not char.isspace()]
    kept = set(letters[:1]) if len(letters) == 2 else {letters[0], letters[-1]} if len(letters) > 2 else set()
    return "".join(char if index in kept or char.isspace() else "*" for index, char in enumerate(name))
