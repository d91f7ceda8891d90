"""Translations: English msgids, Korean catalogues (gettext), Korean by default.

Every clerk-facing string goes through `_()`. Catalogues live in
`counter/locale/<lang>/LC_MESSAGES/<domain>.po`, one domain per area (shell, birth, death,
printing...), compiled to `.mo` by `python tools/compile_catalogues.py`; all domains of a language
are chained, so a msgid may live in any of them.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from counter.base.clock import KST

LOCALE_DIR = Path(__file__).parent.parent / "locale"
LANGUAGES = ("ko", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_this_thread = threading.local()  # `in_language`: one thread's own language, the others' untouched


@lru_cache(maxsize=len(LANGUAGES))
def load_translation(lang: str) -> gettext.NullTranslations:
    """All catalogues of `lang` chained into one translation (English is the identity)."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if lang == "en":
        return chain
    mo_files = sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.mo"))
    first: gettext.NullTranslations | None = None
    for mo in mo_files:
        with mo.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        if first is None:
            first = catalogue
        else:
            first.add_fallback(catalogue)
    return first or chain


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang` (`ko` or `en`)."""
    global _translation, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _translation = load_translation(lang)
    _language = lang


def current_language() -> str:
    """The language `_()` translates into (in this thread)."""
    return getattr(_this_thread, "language", None) or _language


def _active() -> gettext.NullTranslations:
    return getattr(_this_thread, "translation", None) or _translation


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate into `lang` in this thread only, until the block ends (other threads keep theirs):
    for texts that must be said in a given language whatever the clerk's screen shows."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    saved = getattr(_this_thread, "language", None), getattr(_this_thread, "translation", None)
    _this_thread.language, _this_thread.translation = lang, load_translation(lang)
    try:
        yield
    finally:
        _this_thread.language, _this_thread.translation = saved


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with a plural form chosen by `n`."""
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translate later with `_()`)."""
    return message


def format_date(day: date) -> str:
    """The one date format of every screen and paper: `2025. 3. 15.` in Korean, `2025-03-15` in English."""
    return _("{year}-{month:02d}-{day:02d}").format(year=day.year, month=day.month, day=day.day)


def format_datetime(moment: datetime) -> str:
    """Date and Korean time to the minute: `2025. 3. 15. 14:32`."""
    local = moment.astimezone(KST) if moment.tzinfo else moment.replace(tzinfo=KST)
    return f"{format_date(local.date())} {local:%H:%M}"


set_language("ko")


_KOREAN_UNITS = ("", "한", "두", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")
_KOREAN_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")


def korean_ordinal(n: int) -> str:
    """Native Korean ordinal: 1 -> 첫째, 2 -> 둘째, 11 -> 열한째, 20 -> 스무째; `{n}번째` from 100 on."""
    if not 1 <= n < 100:
        return f"{n}번째"
    if n == 1:
        return "첫째"
    if n == 2:
        return "둘째"
    if n == 20:
        return "스무째"
    tens, units = divmod(n, 10)
    return f"{_KOREAN_TENS[tens]}{_KOREAN_UNITS[units]}째"


def ordinal(n: int) -> str:
    """`n` as an ordinal in the current language: 첫째, 둘째... in Korean; 1st, 2nd... in English."""
    if current_language() == "ko":
        return korean_ordinal(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
