"""Every clerk-facing msgid has a Korean translation, and the compiled catalogues are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("counter", "screens", "printers")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in PACKAGES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    found.setdefault(msgid, f"{package}/{filename}:{lineno}")
    return found


def _korean() -> dict[str, str]:
    translated: dict[str, str] = {}
    for po in sorted((ROOT / "counter" / "locale" / "ko" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                msgids = message.id if isinstance(message.id, tuple) else (message.id,)  # plural: both forms
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                for msgid in msgids:
                    if msgid and text:
                        translated[msgid] = text
    return translated


def test_every_msgid_has_a_korean_translation() -> None:
    korean = _korean()
    missing = {msgid: where for msgid, where in _msgids().items() if msgid not in korean}
    assert missing == {}


def test_compiled_catalogues_match_their_sources() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "compile_catalogues.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
