"""What a running Counter holds: settings, the migrated database, this device, the key ring."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from counter.config import Settings
from counter.db import Database
from counter.device import device_code
from counter.keys import KeyRing, create_keys, load_keyring
from counter.pii import PersonalDataVault


@dataclass
class Runtime:
    """Opened once per process by the CLI or the app; screens and commands use its services."""

    settings: Settings
    db: Database
    device: str
    _keyring: KeyRing | None = field(default=None, repr=False)

    def keyring(self, *, create: bool = False) -> KeyRing:
        """The key ring (KeyFileError if missing or corrupted); `create` only on first set-up."""
        if self._keyring is None:
            if create:
                create_keys(self.settings.keys_directory())
            self._keyring = load_keyring(self.settings.keys_directory())
        return self._keyring

    @cached_property
    def vault(self) -> PersonalDataVault:
        """Encryption and lookup hashing of personal data."""
        return PersonalDataVault(self.keyring())


def open_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    """Connect to the database, bring its schema up to date and name this device.

    Raises DatabaseError / ConfigError with a clear message (nothing changed) on failure.
    """
    from counter import schema

    db = Database(settings.database_url_or_default())
    db.check_connection()
    if migrate:
        schema.upgrade(db)
    return Runtime(settings=settings, db=db, device=device_code(settings))
