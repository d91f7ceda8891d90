"""The 본 (本, clan seat) as the family register and the report forms write it.

The register records each person's 본 beside the surname (가족관계의 등록 등에 관한 법률 제9조②2호:
성명·본·성별·출생연월일 및 주민등록번호); the forms ask it in Hangul, often with its Hanja
(사망신고서 ① 사망자 "본(한자)"; 출생신고서 ① 출생자 "본(한자)"). A 본 is the name of a place, written
without spaces (김해, 전주, 밀양); one newly founded on naturalisation (창설, 제96조) is named the same
way (태국, 독일). The Hanja, when given, writes the same name one character per syllable (김해 -> 金海).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.names import is_hangul_syllable
from counter.rules.text import clean_text

CLAN_MAX_SYLLABLES = 10  # storage limit: a place name; no statute limits it

# Unified CJK ideographs and their extensions (A, B-H); NFC has already turned compatibility ideographs
# (U+F900-FAFF, U+2F800-2FA1F) into these.
_HANJA_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x323AF))


def is_hanja(char: str) -> bool:
    """True for a CJK unified ideograph (any extension)."""
    return any(low <= ord(char) <= high for low, high in _HANJA_RANGES)


@dataclass(frozen=True)
class Clan:
    """A checked 본: the Hangul name and, when given, its Hanja (empty otherwise)."""

    hangul: str
    hanja: str = ""

    @property
    def form_text(self) -> str:
        """As the form writes it: `김해(金海)`, or `김해` without Hanja."""
        return f"{self.hangul}({self.hanja})" if self.hanja else self.hangul


def check_clan(hangul: str, hanja: str = "", *, field: str = "clan") -> Clan:
    """The 본 in Hangul (required) and optional Hanja, or ValidationError naming `field` or `{field}_hanja`.

    Hangul: complete syllables only, no spaces, at most `CLAN_MAX_SYLLABLES` (no 씨 or 본 after it).
    Hanja: CJK ideographs only, one per Hangul syllable. Text with control or hidden characters is
    refused (`clean_text`).
    """
    name = clean_text(hangul, field=field, max_length=CLAN_MAX_SYLLABLES * 2, required=True)
    written = clean_text(hanja, field=f"{field}_hanja", max_length=CLAN_MAX_SYLLABLES * 2)
    compact = "".join(name.split())
    if compact != name:
        raise ValidationError(_("Write the 본 without spaces (for example 김해)."), field=field, code="clan")
    bad = next((char for char in name if not is_hangul_syllable(char)), None)
    if bad is not None:
        raise ValidationError(_("Write the 본 in complete Hangul syllables (for example 김해); its Hanja goes in the "
                                "Hanja field: '{char}'.").format(char=bad), field=field, code="clan")
    if len(name) > CLAN_MAX_SYLLABLES:
        raise ValidationError(_("A 본 has at most {max} syllables.").format(max=CLAN_MAX_SYLLABLES), field=field,
                              code="clan")
    if name.endswith("씨") and len(name) > 1:
        raise ValidationError(_("Write only the 본, without 씨 (김해, not 김해김씨)."), field=field, code="clan")
    if not written:
        return Clan(name)
    ideographs = unicodedata.normalize("NFC", "".join(written.split()))
    bad = next((char for char in ideographs if not is_hanja(char)), None)
    if bad is not None:
        raise ValidationError(_("Write the 본's Hanja in Chinese characters only (for example 金海): '{char}'.").format(
            char=bad), field=f"{field}_hanja", code="clan_hanja")
    if len(ideographs) != len(name):
        raise ValidationError(
            _("The Hanja must write the 본 one character per syllable: {hangul} has {count}, the Hanja {written}.")
            .format(hangul=name, count=len(name), written=len(ideographs)), field=f"{field}_hanja", code="clan_hanja")
    return Clan(name, ideographs)
