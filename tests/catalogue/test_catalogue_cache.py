"""The office catalogue is read once and kept while its files are unchanged; any change to the
override file (even one of the same size within the same clock tick) is read and validated again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from counter.base.i18n import set_language
from counter.catalogue import CatalogueError, forget_catalogues, load_catalogue, shipped_path

OVERRIDE = """
[[service]]
code = "birth-support-grant"
name_ko = "{name}"
"""


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    forget_catalogues()


def test_unchanged_files_give_the_catalogue_read_before(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(OVERRIDE.format(name="출산축하금"), encoding="utf-8")
    first = load_catalogue("seed-district", override)
    assert load_catalogue("seed-district", override) is first
    assert load_catalogue("seed-district", None) is not first  # another override is another catalogue


def test_a_changed_override_is_read_again_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(OVERRIDE.format(name="출산축하금"), encoding="utf-8")
    stat = override.stat()
    assert load_catalogue("seed-district", override).service("birth-support-grant").name == "출산축하금"
    override.write_text(OVERRIDE.format(name="출산장려금"), encoding="utf-8")
    os.utime(override, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same modification time
    assert override.stat().st_size == stat.st_size
    assert load_catalogue("seed-district", override).service("birth-support-grant").name == "출산장려금"


def test_a_removed_override_gives_the_shipped_set(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(OVERRIDE.format(name="출산축하금"), encoding="utf-8")
    assert load_catalogue("seed-district", override).sources == (shipped_path("seed-district"), override)
    override.unlink()
    assert load_catalogue("seed-district", override).sources == (shipped_path("seed-district"),)


def test_a_broken_override_fails_every_time_until_it_is_fixed(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "x"\nname_ko = "이름\n', encoding="utf-8")
    for _attempt in range(2):
        with pytest.raises(CatalogueError):
            load_catalogue("seed-district", override)
    override.write_text(OVERRIDE.format(name="출산축하금"), encoding="utf-8")
    assert load_catalogue("seed-district", override).service("birth-support-grant").name == "출산축하금"


def test_warnings_are_said_in_the_language_current_when_shown(tmp_path: Path) -> None:
    from counter.catalogue.wording import CATALOGUE_WARNINGS

    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "not-in-this-set"\ndisabled = true\n', encoding="utf-8")
    set_language("ko")
    (warning,) = load_catalogue("national", override).warnings
    korean = CATALOGUE_WARNINGS.render(warning)
    set_language("en")
    try:
        english = CATALOGUE_WARNINGS.render(warning)
    finally:
        set_language("ko")
    assert korean != english and "not-in-this-set" in english and "not-in-this-set" in korean
