"""Settings: TOML file, environment over file, --config, COUNTER_HOME, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter import locations
from counter.config import Settings, load_settings
from counter.errors import ConfigError


def test_defaults_put_sqlite_in_the_data_dir(counter_home: Path) -> None:
    settings = load_settings()
    assert settings.lang == "ko"
    assert settings.idle_lock_minutes == 5
    assert settings.database_url_or_default() == f"sqlite:///{counter_home / 'data' / 'counter.db'}"


def test_counter_home_relocates_config_and_data(counter_home: Path) -> None:
    assert locations.config_file() == counter_home / "config" / "config.toml"
    assert locations.data_dir() == counter_home / "data"


def test_toml_file_is_read_and_environment_wins(counter_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locations.config_dir().mkdir(parents=True)
    locations.config_file().write_text(
        'lang = "en"\nidle_lock_minutes = 2\n[keymap]\n"home.birth" = "f9"\n'
        '[[printers]]\nname = "front"\nkind = "escpos-network"\naddress = "127.0.0.1:9100"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("COUNTER_IDLE_LOCK_MINUTES", "7")
    settings = load_settings()
    assert settings.lang == "en"
    assert settings.idle_lock_minutes == 7
    assert settings.keymap == {"home.birth": "f9"}
    assert settings.printers[0].width_dots == 576


def test_config_option_overrides_the_default_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('lang = "en"\ndevice = "K9"\n', encoding="utf-8")
    assert load_settings(path).device == "K9"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("lang = ", "kiosk.toml"),
        ('lang = "fr"\n', "lang"),
        ("unknown_setting = 1\n", "unknown_setting"),
        ("idle_lock_minutes = -1\n", "idle_lock_minutes"),
    ],
)
def test_bad_settings_file_names_the_file_and_problem(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "kiosk.toml" in caught.value.message and fragment in caught.value.message


def test_unreadable_settings_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing.toml"):
        load_settings(tmp_path / "missing.toml")


def test_every_setting_is_documented() -> None:
    undocumented = [name for name, field in Settings.model_fields.items() if not field.description]
    assert undocumented == []
