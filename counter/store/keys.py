"""Key files kept outside the database: RRN encryption keys, the lookup (HMAC) key, the signing key.

Layout of the keys directory (0700, each file 0600):
- `rrn.keys`: one `KID BASE64KEY` line per AES-256-GCM key; the last line encrypts, every line
  decrypts (rotation appends a line, see docs/operations.md).
- `lookup.key`: the HMAC-SHA256 key for exact-match lookups (base64, one line; never rotated
  without rehashing every row).
- `audit.key`: the HMAC-SHA256 key that seals the audit chains (base64, one line; shared by the
  counters whose chains one operator verifies).
- `signing.key`: the office's Ed25519 private key (PEM) for notice QR codes.

`COUNTER_RRN_KEYS` / `COUNTER_LOOKUP_KEY` / `COUNTER_AUDIT_KEY` give the same contents by environment
instead of files.
Keys are created only when asked (`create=True`, on first set-up): a missing key never silently
becomes a new one, because that would make every stored RRN unreadable.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from counter.base.errors import KeyFileError
from counter.base.i18n import _

RRN_KEYS_FILE = "rrn.keys"
LOOKUP_KEY_FILE = "lookup.key"
AUDIT_KEY_FILE = "audit.key"
SIGNING_KEY_FILE = "signing.key"
KEY_BYTES = 32


@dataclass(frozen=True)
class KeyRing:
    """The RRN encryption keys by id (the last is current), the lookup key and the audit key."""

    rrn_keys: tuple[tuple[str, bytes], ...]
    lookup_key: bytes
    audit_key: bytes

    @property
    def current(self) -> tuple[str, bytes]:
        """The key id and key that new ciphertexts use."""
        return self.rrn_keys[-1]

    def rrn_key(self, kid: str) -> bytes:
        """The key with id `kid` (KeyFileError if it is not in the ring)."""
        for key_id, key in self.rrn_keys:
            if key_id == kid:
                return key
        raise KeyFileError(_("Encryption key {kid} is not in the key file.").format(kid=kid))


def write_secret(path: Path, content: str) -> None:
    """Write `content` to `path` readable by the owner only (0600), in a 0700 directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o600)


def read_secret(path: Path) -> str:
    """Read a key file, refusing one that others can read."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(
                _("Key file {path} can be read by other users; run: chmod 600 {path}").format(path=path)
            )
        return path.read_text(encoding="ascii")
    except FileNotFoundError as exc:
        raise KeyFileError(
            _("Key file {path} is missing. Restore it from the key backup (see the operations guide).").format(
                path=path
            )
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(_("Key file {path} cannot be read: {error}").format(path=path, error=exc)) from exc


def _decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFileError(_("Key file {path} is corrupted (not base64).").format(path=source)) from exc
    if len(key) != KEY_BYTES:
        raise KeyFileError(_("Key file {path} is corrupted (wrong key length).").format(path=source))
    return key


def parse_rrn_keys(text: str, source: str) -> tuple[tuple[str, bytes], ...]:
    """Parse `KID BASE64KEY` lines (or `;`-separated entries from the environment)."""
    entries = []
    for raw in text.replace(";", "\n").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise KeyFileError(_("Key file {path} is corrupted (bad line).").format(path=source))
        entries.append((parts[0], _decode_key(parts[1], source)))
    if not entries:
        raise KeyFileError(_("Key file {path} holds no key.").format(path=source))
    if len({kid for kid, _key in entries}) != len(entries):
        raise KeyFileError(_("Key file {path} is corrupted (repeated key id).").format(path=source))
    return tuple(entries)


def new_key_line(kid: str) -> str:
    """A fresh random key line for `rrn.keys`."""
    return f"{kid} {base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}\n"


def _new_secret() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n"


def create_keys(keys_dir: Path) -> None:
    """Create the RRN, lookup and audit key files if they do not exist (first set-up only)."""
    rrn_path = keys_dir / RRN_KEYS_FILE
    if not rrn_path.exists():
        write_secret(rrn_path, new_key_line("k1"))
    for name in (LOOKUP_KEY_FILE, AUDIT_KEY_FILE):
        if not (keys_dir / name).exists():
            write_secret(keys_dir / name, _new_secret())


def create_audit_key(keys_dir: Path, env: Mapping[str, str] | None = None) -> bool:
    """Create `audit.key` when neither it nor COUNTER_AUDIT_KEY exists; True if one was created.

    Only for a database that holds no sealed audit event yet (an installation older than the key):
    the caller checks that, since a new key would make existing seals unverifiable.
    """
    environ: Mapping[str, str] = os.environ if env is None else env
    path = keys_dir / AUDIT_KEY_FILE
    if environ.get("COUNTER_AUDIT_KEY") or path.exists():
        return False
    write_secret(path, _new_secret())
    return True


def load_keyring(keys_dir: Path, env: Mapping[str, str] | None = None) -> KeyRing:
    """Load the key ring from the environment or the key files (KeyFileError if unusable)."""
    environ: Mapping[str, str] = os.environ if env is None else env
    rrn_text = environ.get("COUNTER_RRN_KEYS")
    rrn_source = "COUNTER_RRN_KEYS"
    if not rrn_text:
        rrn_source = str(keys_dir / RRN_KEYS_FILE)
        rrn_text = read_secret(keys_dir / RRN_KEYS_FILE)
    return KeyRing(parse_rrn_keys(rrn_text, rrn_source),
                   _load_single_key(keys_dir, LOOKUP_KEY_FILE, "COUNTER_LOOKUP_KEY", environ),
                   _load_single_key(keys_dir, AUDIT_KEY_FILE, "COUNTER_AUDIT_KEY", environ))


def _load_single_key(keys_dir: Path, name: str, variable: str, env: Mapping[str, str]) -> bytes:
    text = env.get(variable)
    if text:
        return _decode_key(text, variable)
    return _decode_key(read_secret(keys_dir / name), str(keys_dir / name))


def rotate_rrn_key(keys_dir: Path) -> str:
    """Append a new current key to `rrn.keys`; returns its id. Old keys stay for decryption."""
    path = keys_dir / RRN_KEYS_FILE
    existing = parse_rrn_keys(read_secret(path), str(path))
    numbers = [int(kid[1:]) for kid, _key in existing if kid[1:].isdigit()]
    kid = f"k{max(numbers, default=0) + 1}"
    write_secret(path, read_secret(path).rstrip("\n") + "\n" + new_key_line(kid))
    return kid
