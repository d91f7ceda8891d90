"""The first screen's settings, read without pydantic, are the validated settings' own values; what is not
plainly valid is left to the full check at once; the first screen shows before pydantic is imported; a
problem the full check finds after it closes the app with the command-line message of before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter.base import locations
from counter.base.config import Settings, load_settings
from counter.base.quick_settings import FIELDS, read_quick_settings

ROOT = Path(__file__).resolve().parents[2]
QUICK = ("lang", "database_url", "keys_dir", "keymap", "idle_lock_minutes")


def test_the_quick_reader_knows_every_setting() -> None:
    assert set(Settings.model_fields) == FIELDS


def write_config(text: str) -> None:
    locations.config_dir().mkdir(parents=True, exist_ok=True)
    locations.config_file().write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("toml", "environment", "lang"), [
    ("", {}, None),
    ('lang = "en"\nidle_lock_minutes = 2\nkeys_dir = "/srv/keys"\n[keymap]\n"home.birth" = "f9"\n', {}, None),
    ('lang = "en"\nidle_lock_minutes = 2.5\n[[printers]]\nname = "front"\nkind = "directory"\n',
     {"COUNTER_IDLE_LOCK_MINUTES": "7", "COUNTER_DATABASE_URL": "sqlite:////tmp/x.db"}, "ko"),
    ("database_url = \"\"\n", {"counter_lang": "en", "COUNTER_KEYS_DIR": "/k"}, None),
])
def test_quick_settings_are_the_validated_ones(monkeypatch: pytest.MonkeyPatch, toml: str,
                                               environment: dict[str, str], lang: str | None) -> None:
    write_config(toml)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    quick = read_quick_settings(lang=lang)
    full = load_settings(lang=lang)
    assert quick is not None
    assert {name: getattr(quick, name) for name in QUICK} == {name: getattr(full, name) for name in QUICK}
    assert quick.database_url_or_default() == full.database_url_or_default()
    assert quick.keys_directory() == full.keys_directory()
    assert quick.full() == full


@pytest.mark.parametrize(("toml", "environment"), [
    ("unknown_setting = 1\n", {}),
    ('lang = "fr"\n', {}),
    ("idle_lock_minutes = -1\n", {}),
    ("idle_lock_minutes = true\n", {}),
    ("", {"COUNTER_IDLE_LOCK_MINUTES": "1e3"}),
    ("[keymap]\nx = 1\n", {}),
    ("", {"COUNTER_KEYMAP__HOME_BIRTH": "f9"}),
    ('keys_dir = ""\n', {}),
    ("database_url = 5\n", {}),
])
def test_what_is_not_plainly_valid_is_left_to_the_full_check(monkeypatch: pytest.MonkeyPatch, toml: str,
                                                              environment: dict[str, str]) -> None:
    write_config(toml)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert read_quick_settings() is None


CHILD = """
import sys
from screens.app import CounterApp
run = CounterApp.run
def first_screen(self):
    print("pydantic" in sys.modules, any(m in sys.modules for m in COMMANDS), flush=True)
    def then():
        try:
            self.wait_runtime()
        except Exception:
            return  # the app closes itself
        self.call_from_thread(self.exit)
    self.run_worker(then, thread=True)
CounterApp.on_ready = first_screen
CounterApp.run = lambda self, **kw: run(self, headless=True)
from counter.cli import COMMAND_MODULES as COMMANDS, main
sys.exit(main(sys.argv[1:]))
"""


def run_counter(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`counter` with no sub-command, headless: prints whether pydantic and whether any command module was
    loaded when the first screen was drawn, and closes once the database is open."""
    environment = {**os.environ, "COUNTER_HOME": str(home), "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    return subprocess.run([sys.executable, "-c", CHILD, *arguments], env=environment, capture_output=True, text=True, check=False,
                          timeout=120, cwd=ROOT)


def test_the_first_screen_shows_before_pydantic_and_the_command_modules_are_imported(counter_home: Path) -> None:
    result = run_counter(counter_home, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


@pytest.mark.parametrize("arguments", [["--lang", "fr"], ["--lang"], ["--config"], ["--colour"]])
def test_a_mistake_in_the_app_options_is_said_once_by_the_full_parser(
        arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from counter.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("error:") == 1 and error.startswith("usage: counter") and "COMMAND" in error


def test_a_setting_the_first_screen_does_not_read_is_still_refused_on_the_command_line(counter_home: Path) -> None:
    write_config('[[printers]]\nname = "front"\nkind = "carrier-pigeon"\n')
    result = run_counter(counter_home)
    assert result.returncode == 1
    assert "config.toml" in result.stderr and "printers" in result.stderr
