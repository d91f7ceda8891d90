"""Nothing below screens/ imports Textual; headless commands never load it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "modules",
    [
        "counter, models, printers",
        "counter.cli, counter.office.clerks, counter.store.audit, counter.store.pii, counter.store.schema, counter.office.runtime",
    ],
)
def test_importing_core_packages_does_not_import_textual(modules: str) -> None:
    code = f"import sys; import {modules}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_cli_parser_loads_without_textual() -> None:
    code = "import sys; from counter.cli import build_parser; build_parser(); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip() == "False", result.stderr
