"""The settings the first screen needs, read without pydantic.

Importing pydantic and building the settings model took a quarter of the cold start, more than any
other part but Textual itself; the first screen needs five values. `read_quick_settings` reads them
from the same sources (the environment `COUNTER_*` over the TOML file over the defaults) and accepts
only what the model would accept unchanged: a file naming an unknown setting, or any of the five not
plainly valid, gives None and the command validates the whole settings at once, as before. The app
validates the whole settings (`QuickSettings.full()`) in its start-up worker, with the database; a
problem found there closes the app with the same command-line message.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter.base import locations
from counter.base.errors import ConfigError

if TYPE_CHECKING:
    from counter.base.config import Settings

FIELDS = frozenset((
    "lang", "database_url", "device", "idle_lock_minutes", "lockout_attempts", "lockout_minutes", "catalogue_set",
    "catalogue_override", "keys_dir", "printers", "font_path", "verify_base_url", "keymap", "spool_interval_seconds",
    "draft_max_age_days", "agencies", "dispatch_interval_seconds", "message_gateway", "reminder_allowance_days",
    "reminder_inquiry_days",
))
"""Every field of `counter.base.config.Settings` (a test keeps the two equal)."""
ENV_PREFIX = "counter_"
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class QuickSettings:
    """What the first screen reads; `full()` is the validated `Settings` from the same sources."""

    lang: str = "ko"
    database_url: str | None = None
    keys_dir: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    idle_lock_minutes: float = 5.0
    config_path: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    def database_url_or_default(self) -> str:
        """The configured database URL, or the embedded SQLite file (as `Settings` has it)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{locations.default_database_path()}"

    def keys_directory(self) -> Path:
        """Where key files live (as `Settings` has it)."""
        return self.keys_dir or locations.keys_dir()

    def full(self) -> Settings:
        """Every setting, validated (ConfigError names the file and the problem)."""
        from counter.base.config import load_settings

        return load_settings(self.config_path, **self.overrides)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML settings file; anything unreadable fails with a ConfigError naming the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _minutes(value: object) -> float | None:
    if isinstance(value, str):
        value = float(value) if _DECIMAL.fullmatch(value) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


def read_quick_settings(config_path: Path | None = None, **overrides: Any) -> QuickSettings | None:
    """The first screen's settings from the file (`config_path` or the default one), the environment and
    `overrides` (command-line options); None when one of them is not plainly valid (see the module)."""
    path = config_path or locations.config_file()
    data = read_toml(path) if config_path is not None or path.exists() else {}
    environment = {name.lower(): value for name, value in os.environ.items() if name.lower().startswith(ENV_PREFIX)}
    if not FIELDS.issuperset(data) or any(name.startswith(f"{ENV_PREFIX}keymap") for name in environment):
        return None
    given = {**data, **{name: environment[ENV_PREFIX + name] for name in FIELDS if ENV_PREFIX + name in environment}}
    given.update({name: value for name, value in overrides.items() if value is not None})
    lang = given.get("lang", "ko")
    database_url = given.get("database_url")
    keys_dir = given.get("keys_dir")
    keymap = given.get("keymap", {})
    minutes = _minutes(given.get("idle_lock_minutes", 5.0))
    if (lang not in ("ko", "en") or not isinstance(database_url, (str, type(None)))
            or not (keys_dir is None or (isinstance(keys_dir, str) and keys_dir))
            or not isinstance(keymap, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                        for k, v in keymap.items())
            or minutes is None):
        return None
    return QuickSettings(lang=lang, database_url=database_url, keys_dir=Path(keys_dir) if keys_dir else None,
                         keymap=dict(keymap), idle_lock_minutes=minutes, config_path=config_path,
                         overrides={name: value for name, value in overrides.items() if value is not None})
