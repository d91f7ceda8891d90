"""Reading a catalogue file: its TOML with syntax errors named by line, and the line of a key in it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from counter.base.i18n import _
from counter.catalogue.model import CatalogueError


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The file's data and text; CatalogueError when it cannot be read or is not TOML (with the line)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise CatalogueError(path, _("cannot read the file ({error})").format(error=error.strerror)) from None
    except UnicodeDecodeError:
        raise CatalogueError(path, _("the file is not UTF-8 text")) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", detail)
        line = int(found.group(1)) if found else None
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", detail)
        raise CatalogueError(
            path, _("TOML syntax error: {detail}").format(detail=detail), line=line
        ) from None


# Where an entry ends: the next entry, or the `[inquiry]` table.
_HEADER = re.compile(r"^\s*(?:\[\[\s*(?:service|inquiry_item)\s*\]\]|\[\s*inquiry\s*\])")


def locate(text: str, kind: str, code: str, path: list[str | int]) -> int | None:
    """Best-effort 1-based line of `path` inside the entry `code` of a TOML text."""
    lines = text.splitlines()
    code_pattern = re.compile(r"^\s*code\s*=\s*[\"']" + re.escape(code) + r"[\"']")
    code_line = next((i for i, line in enumerate(lines) if code_pattern.match(line)), None)
    if code_line is None:
        return None
    end = next((i for i in range(code_line + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    low, best, table = code_line, code_line, kind
    for position, segment in enumerate(path):
        if isinstance(segment, int):
            continue
        following = path[position + 1] if position + 1 < len(path) else None
        if isinstance(following, int):
            header = re.compile(rf"^\s*\[\[\s*{table}\.{segment}\s*\]\]")
            hits = [i for i in range(low, end) if header.match(lines[i])]
            if following < len(hits):
                low = best = hits[following]
                table = f"{table}.{segment}"
                continue
        header = re.compile(rf"^\s*\[\s*{table}\.{segment}\s*\]")
        hit = next((i for i in range(low, end) if header.match(lines[i])), None)
        if hit is not None:
            low = best = hit
            table = f"{table}.{segment}"
            continue
        key = re.compile(rf"^\s*{re.escape(segment)}\s*=")
        hit = next((i for i in range(low, end) if key.match(lines[i])), None)
        if hit is not None:
            best = hit
        break
    return best + 1


def table_key_line(text: str, table: str, key: str) -> int | None:
    """1-based line of `key` inside the top-level `[table]` of a TOML text (the header's line if the key is not
    found; None without the table)."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    wanted = re.compile(rf"^\s*{re.escape(key)}\s*=")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    return next((i for i in range(start, end) if wanted.match(lines[i])), start) + 1
