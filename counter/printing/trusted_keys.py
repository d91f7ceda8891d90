"""Which public keys prove which offices' QR codes: this office's own key and the trusted keys.

- This counter's own key (`signing.key`) proves the offices set up in its database: its spool
  signs the papers of exactly those offices, so the binding cannot drift from what it prints.
- Every other key is a PEM file in `keys/trusted/` whose `Offices:` line, written above the PEM
  block by `counter signing-key trust FILE --office CODE`, names the office codes it may sign for
  (RFC 7468 lets text stand before the block; `openssl` still reads the file):

      # Counter: this key proves papers of these offices only
      Offices: 3220053 3220054
      -----BEGIN PUBLIC KEY-----
      ...

- A file without an `Offices:` line (trusted before keys were bound to offices) proves nothing:
  one office's key must never vouch for another office's papers. `counter signing-key trusted`
  names it, and verifying a paper it signed says how to bind it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from counter.base.errors import KeyFileError, ValidationError
from counter.base.i18n import _
from counter.office.setup_checks import validate_office_code
from counter.printing.signing import TrustedKey, key_id, load_public_key, load_signing_key
from counter.store.db import Database
from counter.store.keys import SIGNING_KEY_FILE
from models import Office

TRUSTED_KEYS_DIR = "trusted"  # public keys (PEM) of other offices and retired keys of this one
OFFICES_LABEL = "offices"  # the `Offices:` line, in any case
_BEGIN = "-----BEGIN PUBLIC KEY-----"
_END = "-----END PUBLIC KEY-----"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class TrustResult:
    """What `trust_key` did: the key, the offices it now proves, the files written, and whether it
    was already trusted (its binding replaced) or is new."""

    kid: str
    offices: tuple[str, ...]
    paths: tuple[Path, ...]
    rebound: bool


def has_signing_key(keys_dir: Path) -> bool:
    """Whether this counter has its own signing key (it has printed or exported one)."""
    return (keys_dir / SIGNING_KEY_FILE).exists()


def office_codes(db: Database) -> frozenset[str]:
    """The codes of the offices set up in this database: what this counter's own key signs for."""
    with db.session() as session:
        return frozenset(session.exec(select(Office.code)).all())


def verification_keys(keys_dir: Path, db: Database | None) -> list[TrustedKey]:
    """This counter's own key bound to the offices in `db` (none without a database), then every
    trusted key file with its binding."""
    keys: list[TrustedKey] = []
    if has_signing_key(keys_dir):
        own = load_signing_key(keys_dir).public_key()
        keys.append(TrustedKey(own, office_codes(db) if db is not None else frozenset(),
                               str(keys_dir / SIGNING_KEY_FILE)))
    return keys + trusted_key_files(keys_dir)


def binding_hint(source: str) -> str:
    """What an operator does so the key read from `source`, bound to no office, proves its office's papers."""
    if Path(source).name == SIGNING_KEY_FILE:
        return _("This counter's own key verifies the offices set up in its database; set up the office first "
                 "(counter setup).")
    return _("To bind it: counter signing-key trust {path} --office OFFICE-CODE").format(path=source)


def trusted_key_files(keys_dir: Path) -> list[TrustedKey]:
    """Every `trusted/*.pem` with the offices its `Offices:` line names (none if it has no line)."""
    return [read_trusted_file(path) for path in sorted((keys_dir / TRUSTED_KEYS_DIR).glob("*.pem"))]


def read_trusted_file(path: Path) -> TrustedKey:
    """One trusted key file (KeyFileError naming it if it cannot be read or its binding is malformed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from exc
    offices, pem = parse_trusted_text(text, str(path))
    return TrustedKey(load_public_key(pem, str(path)), offices, str(path))


def parse_trusted_text(text: str, source: str) -> tuple[frozenset[str], str]:
    """The office codes of the `Offices:` line above the PEM block (empty without one), and the block."""
    begin, end = text.find(_BEGIN), text.find(_END)
    if begin < 0 or end < begin:
        return frozenset(), text  # load_public_key names the file as not a public key
    offices: frozenset[str] | None = None
    for line in text[:begin].splitlines():
        label, colon, value = line.partition(":")
        if not colon or label.strip().lower() != OFFICES_LABEL:
            continue  # a comment or other explanatory text
        if offices is not None:
            raise KeyFileError(_("{path} has more than one Offices line; keep one.").format(path=source))
        try:
            offices = frozenset(validate_office_code(code) for code in value.replace(",", " ").split())
        except ValidationError as exc:
            raise KeyFileError(_("{path}: the Offices line must list 7-digit office codes: {line}").format(
                path=source, line=line.strip())) from exc
    return offices or frozenset(), text[begin : end + len(_END)] + "\n"


def trusted_text(offices: Iterable[str], pem: str) -> str:
    """A trusted key file: the binding line above the PEM block."""
    return ("# Counter: this key proves papers of these offices only (counter signing-key trust)\n"
            f"Offices: {' '.join(sorted(offices))}\n{pem.strip()}\n")


def trust_key(keys_dir: Path, source: Path, offices: Iterable[str], name: str | None = None) -> TrustResult:
    """Trust the public key in `source` for exactly `offices` (7-digit codes, replacing any earlier
    binding). A key already trusted keeps its file(s), rewritten with the new binding (how a legacy
    unbound key is bound); a new one becomes `trusted/NAME.pem` (default: its key id)."""
    codes = tuple(sorted({validate_office_code(code) for code in offices}))
    if not codes:
        raise ValidationError(_("Give at least one office code (--office) the key may sign for."), field="office")
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(_("Cannot read {path}: {error}").format(path=source, error=exc)) from exc
    _offices_in_file, pem = parse_trusted_text(text, str(source))  # the codes given here replace them
    kid = key_id(load_public_key(pem, str(source)))
    existing = [Path(key.source) for key in trusted_key_files(keys_dir) if key.kid == kid]
    targets = existing or [_new_file(keys_dir, name or kid)]
    for path in targets:  # every copy of the key, so no stale binding adds its offices
        _write_atomically(path, trusted_text(codes, pem))
    return TrustResult(kid, codes, tuple(targets), rebound=bool(existing))


def _new_file(keys_dir: Path, name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise ValidationError(_("A key name is 1-40 letters, digits, - or _."), field="name")
    target = keys_dir / TRUSTED_KEYS_DIR / f"{name}.pem"
    if target.exists():
        raise ValidationError(_("{path} already holds another key; choose another --name.").format(path=target),
                              field="name")
    return target


def _write_atomically(path: Path, content: str) -> None:
    """Write `content` so a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    scratch = path.with_name(f".{path.name}.tmp")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(scratch, path)
