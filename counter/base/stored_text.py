"""Texts kept as codes: one `Renderer` per kind of stored text turns a `StoredText` (code and
parameters) into words in the current language, when it is shown or printed.

`Renderer.make` builds the stored form and renders it once, so a code or a parameter the renderer
cannot use is refused when written, not found on the day a paper is reprinted. A stored text from
before codes (`legacy`) is shown as it was written.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from counter.base.errors import StoredDataError
from counter.base.i18n import _, current_language, format_date
from models import Bilingual, StoredText

Params = Mapping[str, Any]
Build = Callable[[Params], str]


class TextParamError(ValueError):
    """A parameter a text needs is missing or of the wrong kind."""


def jsonable(value: Any) -> Any:
    """A parameter in its stored form: dates as ISO text, enums as their value, wording as JSON."""
    if isinstance(value, StoredText | Bilingual):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if hasattr(value, "ko") and hasattr(value, "en"):  # the catalogue's own bilingual texts
        return {"ko": str(value.ko), "en": str(value.en)}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TextParamError(f"cannot store a {type(value).__name__} as a text parameter")


# --- Parameter formats -------------------------------------------------------------------------------


def as_date(value: Any) -> str:
    """An ISO date in the language's date style."""
    if not isinstance(value, str):
        raise TextParamError("a date is stored as ISO text")
    return format_date(date.fromisoformat(value))


def as_bilingual(value: Any) -> str:
    """The current language's half of `{"ko": ..., "en": ...}`."""
    if not isinstance(value, Mapping) or not {"ko", "en"} <= set(value):
        raise TextParamError("bilingual wording needs ko and en")
    return str(value["ko"] if current_language() == "ko" else value["en"])


def as_number(value: Any) -> str:
    """An integer with thousands separators."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TextParamError("a number is stored as an integer")
    return f"{value:,}"


def as_plain(value: Any) -> str:
    """A stored value shown as it is (a receipt number, a count)."""
    if isinstance(value, Mapping | list):
        raise TextParamError("a plain parameter is one value")
    return str(value)


def template(msgid: str, **formats: Callable[[Any], str]) -> Build:
    """A text whose parameters are the `{fields}` of `msgid` (marked with N_ where it is defined),
    each shown by its format (plain when none is given)."""
    fields = [name for _text, name, _spec, _conv in string.Formatter().parse(msgid) if name]

    def build(params: Params) -> str:
        values = {}
        for name in fields:
            if name not in params:
                raise TextParamError(f"parameter {name} is missing")
            values[name] = formats.get(name, as_plain)(params[name])
        return _(msgid).format(**values)

    return build


@dataclass(frozen=True)
class Renderer:
    """The words of one kind of stored text (warnings, request reasons, notice lines, record notes)."""

    kind: str
    """What the texts are, in words (marked with N_, shown in an error)."""
    texts: Mapping[str, Build]

    def render(self, stored: StoredText) -> str:
        """`stored` in the current language; StoredDataError for a code or parameters it cannot use."""
        if stored.legacy is not None:
            return stored.legacy
        build = self.texts.get(stored.code)
        if build is None:
            raise self._error(stored, _("unknown code"))
        try:
            return build(stored.params)
        except (TextParamError, KeyError, TypeError, ValueError) as error:
            raise self._error(stored, str(error)) from error

    def make(self, code: str, /, **params: Any) -> StoredText:
        """The stored form of text `code` with `params`, checked by rendering it once."""
        stored = StoredText(code=code, params=jsonable(params))
        self.render(stored)
        return stored

    def _error(self, stored: StoredText, problem: str) -> StoredDataError:
        return StoredDataError(
            _("A stored text ({kind}, code {code}) cannot be shown: {problem}. Tell the system administrator.")
            .format(kind=_(self.kind), code=stored.code, problem=problem), column=self.kind)


def nested(renderer: Renderer) -> Callable[[Any], str]:
    """A parameter that is itself a stored text of `renderer`'s kind."""
    def show(value: Any) -> str:
        return renderer.render(StoredText.model_validate(value))
    return show


def listing(show: Callable[[Any], str], separator: str = "; ") -> Callable[[Any], str]:
    """A list parameter, each item shown by `show`."""
    def show_all(value: Any) -> str:
        if not isinstance(value, list):
            raise TextParamError("a list parameter is stored as a list")
        return separator.join(show(item) for item in value)
    return show_all
