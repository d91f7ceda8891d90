"""The README's one-line `directory` printer works as written: in config.toml and in the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from printing_helpers import RECEIPT_NO, file_bundle

from counter.base import locations
from counter.base.config import load_settings
from counter.printing.spool import run_spool
from counter.store.db import Database
from printers.fonts import BUNDLED_REGULAR

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> tuple[str, str]:
    """The TOML line and the `COUNTER_PRINTERS` value the README shows."""
    section = README.read_text(encoding="utf-8").split("<!-- printer-example -->", 1)[1]
    toml = re.search(r"```toml\n(.+?)\n```", section, re.DOTALL)
    environment = re.search(r"COUNTER_PRINTERS='([^']+)'", section)
    assert toml is not None and environment is not None
    return toml.group(1), environment.group(1)


@pytest.mark.parametrize("where", ["config.toml", "environment"])
def test_the_readme_directory_printer_prints_both_papers_into_the_data_directory(
    where: str, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    line, value = readme_example()
    assert "\n" not in line  # one line, as promised
    if where == "config.toml":
        locations.config_file().parent.mkdir(parents=True, exist_ok=True)
        locations.config_file().write_text(f"{line}\n", encoding="utf-8")
    else:
        monkeypatch.setenv("COUNTER_PRINTERS", value)
    settings = load_settings(database_url=database_url, device="T1", font_path=BUNDLED_REGULAR)
    assert [(p.name, p.kind) for p in settings.printers] == [("보관함", "directory")]
    file_bundle(db)
    outcomes = run_spool(db, settings, once=True)
    assert [outcome.status for outcome in outcomes] == ["done", "done"]
    printed = sorted(path.name for path in locations.print_out_dir().glob("*.pdf"))
    assert [name.split("_")[:2] for name in printed] == [[RECEIPT_NO, "notice-birth"], [RECEIPT_NO, "receipt-birth"]]
