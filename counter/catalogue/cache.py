"""The office catalogue, read once and kept while its files are unchanged.

A wizard opens many times a day and files a bundle each time; the catalogue files change rarely (an
office edits its override). Parsing and validating them is what costs, not reading them: so
`load_catalogue` here reads the bytes of the shipped set file and of the override file on every call
and returns the catalogue built before from the same bytes. Nothing in a catalogue is translated when
it is read (names follow the current language, warnings are codes), so one copy serves both languages.
Any change to either file, however quick, reads and validates again. A file that does not load is never
kept: the error comes again on every call.
"""

from __future__ import annotations

import threading
from pathlib import Path

from counter.catalogue.loader import SHIPPED_SETS, shipped_path
from counter.catalogue.loader import load_catalogue as read_catalogue
from counter.catalogue.model import Catalogue

_KEPT = 4
_lock = threading.Lock()
_kept: dict[tuple[object, ...], Catalogue] = {}


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # missing or unreadable: the loader says so (or ignores a missing override)
        return None


def load_catalogue(set_name: str, override_path: Path | None = None) -> Catalogue:
    """The shipped set `set_name` with the office override merged over it (see `loader.load_catalogue`),
    read again only when one of the files changed. CatalogueError as the loader raises it."""
    if set_name not in SHIPPED_SETS:
        return read_catalogue(set_name, override_path)
    override = Path(override_path) if override_path is not None else None
    key = (set_name, _content(shipped_path(set_name)),
           str(override) if override else None, _content(override) if override else None)
    with _lock:
        kept = _kept.get(key)
    if kept is not None:
        return kept
    catalogue = read_catalogue(set_name, override_path)
    with _lock:
        if len(_kept) >= _KEPT:
            _kept.clear()
        _kept[key] = catalogue
    return catalogue


def forget_catalogues() -> None:
    """Drop every kept catalogue (the next call reads the files)."""
    with _lock:
        _kept.clear()
