"""Finding a Korean font, and refusing to print characters it cannot draw (no tofu boxes).

Search order: the configured file (`Settings.font_path`), fontconfig (`fc-match :lang=ko`), the
usual Windows, macOS and Linux locations, then the font shipped in this package (NanumSquare,
SIL OFL 1.1, `printers/fonts/OFL.txt`). Every candidate must really cover Hangul: fontconfig
happily answers DejaVu on a machine without Korean fonts.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from counter.base.i18n import _
from printers.errors import FontNotFound, MissingGlyphs

BUNDLED_DIR = Path(__file__).with_name("fonts")
BUNDLED_REGULAR = BUNDLED_DIR / "NanumSquareR.ttf"
BUNDLED_BOLD = BUNDLED_DIR / "NanumSquareB.ttf"
HANGUL_PROBE = "가한글힣"

# (regular, bold or None, collection index); Noto Sans CJK collections hold KR at index 1.
SYSTEM_CANDIDATES: tuple[tuple[str, str | None, int], ...] = (
    ("C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/malgunbd.ttf", 0),
    ("/System/Library/Fonts/AppleSDGothicNeo.ttc", None, 0),
    ("/Library/Fonts/NanumGothic.ttf", "/Library/Fonts/NanumGothicBold.ttf", 0),
    ("/System/Library/Fonts/Supplemental/AppleGothic.ttf", None, 0),
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf", 0),
    ("/usr/share/fonts/nanum/NanumGothic.ttf", "/usr/share/fonts/nanum/NanumGothicBold.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 1),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 1),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 1),
)


@dataclass(frozen=True)
class FontFile:
    """A font file and, for a collection (.ttc), the face index."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        """The file name, for messages."""
        return self.path.name


@dataclass(frozen=True)
class FontSet:
    """The regular face, the bold face (None: renderers embolden the regular one) and where the
    pair was found: `configured`, `fontconfig`, `system` or `bundled`."""

    regular: FontFile
    bold: FontFile | None
    source: str


@functools.lru_cache(maxsize=16)
def _codepoints(path: str, index: int, mtime: float) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def codepoints(font: FontFile) -> frozenset[int]:
    """Every code point the font maps to a glyph (cached per file)."""
    return _codepoints(str(font.path), font.index, font.path.stat().st_mtime)


def covers_hangul(font: FontFile) -> bool:
    """True when the file is readable and draws Hangul syllables."""
    try:
        points = codepoints(font)
    except Exception:  # noqa: BLE001 - any unreadable or foreign file is simply not a candidate
        return False
    return all(ord(char) in points for char in HANGUL_PROBE)


def missing_characters(font: FontFile, texts: Iterable[str]) -> list[str]:
    """The distinct characters of `texts` the font cannot draw (spaces excepted), in first-seen order."""
    points = codepoints(font)
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char != " " and ord(char) not in points:
                missing[char] = None
    return list(missing)


def check_glyphs(fonts: FontSet, texts: Iterable[str]) -> None:
    """Raise MissingGlyphs naming every character the regular (and bold) face cannot draw."""
    collected = list(texts)
    missing = missing_characters(fonts.regular, collected)
    if fonts.bold is not None:
        missing += [char for char in missing_characters(fonts.bold, collected) if char not in missing]
    if missing:
        raise MissingGlyphs(missing, fonts.regular.name)


def _bold_sibling(path: Path) -> Path | None:
    for old, new in (("Regular", "Bold"), ("R.ttf", "B.ttf"), (".ttf", "Bold.ttf"), (".ttf", "bd.ttf")):
        if old in path.name:
            candidate = path.with_name(path.name.replace(old, new))
            if candidate != path and candidate.exists():
                return candidate
    return None


def _with_bold(regular: FontFile, bold_path: Path | None, source: str) -> FontSet:
    bold = FontFile(bold_path, regular.index) if bold_path is not None else None
    if bold is not None and not covers_hangul(bold):
        bold = None
    return FontSet(regular, bold, source)


def _fc_match(pattern: str) -> FontFile | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        result = subprocess.run(
            [fc_match, "-f", "%{file}\n%{index}", pattern], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or not lines or not lines[0]:
        return None
    index = int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else 0
    return FontFile(Path(lines[0]), index)


def bundled_fonts() -> FontSet:
    """The NanumSquare pair shipped in this package."""
    return FontSet(FontFile(BUNDLED_REGULAR), FontFile(BUNDLED_BOLD), "bundled")


def find_korean_fonts(configured: Path | None = None, *, use_system: bool = True) -> FontSet:
    """The first usable Korean font pair in the search order (FontNotFound if none at all).

    A configured file that does not exist or lacks Hangul is an error, not silently skipped:
    the operator asked for it.
    """
    if configured is not None:
        font = FontFile(Path(configured).expanduser())
        if not covers_hangul(font):
            raise FontNotFound(_("configured font {path} is missing or has no Hangul").format(path=font.path))
        return _with_bold(font, _bold_sibling(font.path), "configured")
    if use_system:
        found = _fc_match(":lang=ko")
        if found is not None and covers_hangul(found):
            bold = _fc_match(":lang=ko:weight=bold")
            bold_path = bold.path if bold is not None and bold.path != found.path else _bold_sibling(found.path)
            return _with_bold(found, bold_path, "fontconfig")
        windows_fonts = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
        for regular, bold_name, index in SYSTEM_CANDIDATES:
            path, bold_path = Path(regular), Path(bold_name) if bold_name else None
            if regular.startswith("C:/Windows/Fonts/"):
                path = windows_fonts / path.name
                bold_path = windows_fonts / bold_path.name if bold_path else None
            candidate = FontFile(path, index)
            if path.exists() and covers_hangul(candidate):
                return _with_bold(candidate, bold_path if bold_path and bold_path.exists() else None, "system")
    bundled = bundled_fonts()
    if covers_hangul(bundled.regular):
        return bundled
    raise FontNotFound(_("no Korean font on this computer and the bundled font is missing"))
