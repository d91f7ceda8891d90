"""Every path Counter uses, in one place.

`COUNTER_HOME` relocates configuration and data together (tests, kiosks); otherwise the
platform's user config and data directories are used.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "counter"


def home_override() -> Path | None:
    """The `COUNTER_HOME` directory, if set."""
    value = os.environ.get("COUNTER_HOME")
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Directory of `config.toml` and the office's catalogue override."""
    home = home_override()
    if home is not None:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Directory of the SQLite database, key files and the print directory."""
    home = home_override()
    if home is not None:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Directory of caches that may be deleted at any time (e.g. python-escpos capabilities)."""
    home = home_override()
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The default settings file (TOML)."""
    return config_dir() / "config.toml"


def default_database_path() -> Path:
    """The embedded SQLite database file."""
    return data_dir() / "counter.store.db"


def keys_dir() -> Path:
    """Directory of key files (0700); key files themselves are 0600."""
    return data_dir() / "keys"


def catalogue_override_file() -> Path:
    """The office's catalogue override (TOML), merged over the shipped set."""
    return config_dir() / "catalogue.toml"


def print_out_dir() -> Path:
    """Default directory of the `directory` printer kind (PNG, PDF and ESC/POS bytes)."""
    return data_dir() / "printed"
