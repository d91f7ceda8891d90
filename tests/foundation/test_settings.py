"""Settings: TOML file, environment over file, --config, COUNTER_HOME, bad files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from counter.base import locations
from counter.base.config import AgencySettings, PrinterSettings, Settings, load_settings
from counter.base.errors import ConfigError


def test_defaults_put_sqlite_in_the_data_dir(counter_home: Path) -> None:
    settings = load_settings()
    assert settings.lang == "ko"
    assert settings.idle_lock_minutes == 5
    assert settings.database_url_or_default() == f"sqlite:///{counter_home / 'data' / 'counter.store.db'}"


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
    with pytest.raises(ConfigError, match=r"missing\.toml"):
        load_settings(tmp_path / "missing.toml")


def _documented_fields(cls: type) -> set[str]:
    """Fields of `cls` that are followed by a docstring in the source."""
    import ast
    import inspect
    import textwrap

    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0].body  # type: ignore[attr-defined]
    documented = set()
    for node, following in itertools.pairwise(body):
        if isinstance(node, ast.AnnAssign) and isinstance(following, ast.Expr) and isinstance(
                following.value, ast.Constant) and isinstance(following.value.value, str):
            documented.add(node.target.id)  # type: ignore[union-attr]
    return documented


@pytest.mark.parametrize("cls", [Settings, PrinterSettings, AgencySettings])
def test_every_setting_has_a_docstring_and_an_operations_entry(cls: type) -> None:
    assert set(cls.model_fields) - _documented_fields(cls) == set()  # type: ignore[attr-defined]
    operations = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text(encoding="utf-8")
    printing = (Path(__file__).resolve().parents[2] / "docs" / "printing.md")
    documents = operations + (printing.read_text(encoding="utf-8") if printing.exists() else "")
    missing = [name for name in cls.model_fields if f"`{name}`" not in documents]  # type: ignore[attr-defined]
    assert missing == []
