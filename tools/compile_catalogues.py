"""Compile every `counter/locale/*/LC_MESSAGES/*.po` to `.mo` (run after editing a catalogue).

`--check` exits 1 if a `.mo` is missing or translates differently from its `.po` (headers such as
dates are not compared).
"""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "counter" / "locale"


def compiled(po_path: Path) -> bytes:
    """The `.mo` bytes for one `.po` file."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def messages(mo_bytes: bytes) -> dict[object, str] | None:
    """What a compiled catalogue translates, without its header; None when the bytes are not a catalogue."""
    try:
        catalogue = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    except (OSError, UnicodeDecodeError):  # damaged (an edit that treated it as text): compiled afresh
        return None
    return {key: value for key, value in catalogue._catalog.items() if key != ""}  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if check:
            if not mo.exists() or messages(mo.read_bytes()) != messages(data):
                stale.append(str(mo))
        elif not mo.exists() or messages(mo.read_bytes()) != messages(data):
            mo.write_bytes(data)  # rewrite only real changes, so unrelated catalogues stay untouched
    for path in stale:
        print(f"stale: {path}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
