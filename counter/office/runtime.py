"""What a running Counter holds: settings, the migrated database, this device, the key ring."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from counter.store.keys import KeyRing, create_audit_key, create_keys, load_keyring

if TYPE_CHECKING:
    from counter.base.config import Settings
    from counter.base.quick_settings import QuickSettings
    from counter.store.db import Database
    from counter.store.pii import PersonalDataVault


@dataclass
class Runtime:
    """Opened once per process by the CLI or the app; screens and commands use its services."""

    settings: Settings
    db: Database
    device: str
    _keyring: KeyRing | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.db.audit_key_loader = lambda: self.keyring().audit_key

    def keyring(self, *, create: bool = False) -> KeyRing:
        """The key ring (KeyFileError if missing or corrupted); `create` only on first set-up."""
        if self._keyring is None:
            keys_dir = self.settings.keys_directory()
            if create:
                create_keys(keys_dir)
            else:
                self._create_audit_key_if_new(keys_dir)
            self._keyring = load_keyring(keys_dir)
            self.db.audit_key = self._keyring.audit_key
        return self._keyring

    def _create_audit_key_if_new(self, keys_dir: Path) -> None:
        """An installation older than sealed audit chains gets its audit key once, before any seal."""
        from counter.store.audit import has_sealed_events
        from counter.store.keys import AUDIT_KEY_FILE

        if (keys_dir / AUDIT_KEY_FILE).exists():
            return
        with self.db.session() as session:
            if not has_sealed_events(session):
                create_audit_key(keys_dir)

    @cached_property
    def vault(self) -> PersonalDataVault:
        """Encryption and lookup hashing of personal data."""
        from counter.store.pii import PersonalDataVault

        return PersonalDataVault(self.keyring())


def open_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    """Connect to the database, bring its schema up to date and name this device.

    Raises DatabaseError / ConfigError with a clear message (nothing changed) on failure.
    """
    from counter.base.device import device_code
    from counter.store import schema
    from counter.store.db import Database

    db = Database(settings.database_url_or_default())
    db.check_connection()
    if migrate:
        schema.upgrade(db)
    return Runtime(settings=settings, db=db, device=device_code(settings))


def probe_needs_setup(settings: Settings | QuickSettings) -> bool | None:
    """Whether the embedded SQLite database still needs its first set-up, asked cheaply.

    Uses the standard library only, so the first screen can show before SQLAlchemy loads.
    None when it cannot tell cheaply (another database, an unreadable file): open the runtime.
    """
    import sqlite3

    url = settings.database_url_or_default()
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return True
    try:
        return connection.execute("SELECT 1 FROM clerk LIMIT 1").fetchone() is None
    except sqlite3.Error:
        return True
    finally:
        connection.close()
