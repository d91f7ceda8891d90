"""Names as written in the family register (가족관계등록부).

가족관계의 등록 등에 관한 법률 제44조③: a child's name uses Hangul or the Hanja in common use; this
desk records the Hangul form. 가족관계등록예규 「이름의 기재문자와 관련된 가족관계등록사무」 (제정
제109호, 개정 제475호 등): the given name is at most 5 characters, the surname not counted; the limit
does not apply to a child of a Korean and a foreign parent registered with the foreign-style name from
the foreign parent's civil register (extended to both parents' cases by the Supreme Court on 2025-06-20).
Surnames are one syllable, or one of the known two-syllable (compound) surnames; a new two-syllable
surname (e.g. created on naturalisation, 창성) is accepted only when the clerk confirms it.

The 본 (clan seat) goes with the surname on the 출생신고서 (제44조②2호 성·본): in Hangul, with its
Hanja when the family gives it. A foreign parent has no 본: the form writes the nationality there.
"""

from __future__ import annotations

import re
import unicodedata

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.text import clean_text

GIVEN_NAME_MAX_SYLLABLES = 5  # 가족관계등록예규 (이름자 수 제한: 성 제외 5자 이내)
FOREIGN_STYLE_NAME_MAX = 30  # storage limit for a foreign-style given name (no statutory limit)
SURNAME_MAX_SYLLABLES = 2
FOREIGN_NAME_MAX = 60
CLAN_SEAT_MAX_SYLLABLES = 5  # the longest 본 in use has 3 syllables; 5 leaves room, as for given names
NATIONALITY_MAX = 40
# A parent of this nationality is not a foreign parent (compared after NFKC, case folding, no spaces).
_KOREA = frozenset({"대한민국", "한국", "korea", "republicofkorea", "southkorea", "kr", "kor"})

COMPOUND_SURNAMES = frozenset(
    {
        "강전", "남궁", "독고", "동방", "등정", "망절", "사공", "서문", "선우",
        "소봉", "어금", "장곡", "제갈", "황목", "황보",
    }
)  # fmt: skip

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# Latin letters (any accent), single spaces, hyphens and apostrophes between letters.
_FOREIGN_NAME = re.compile(r"^[^\W\d_]+(?:(?: |-|'|’)[^\W\d_]+)*$")


def is_hangul_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable (가-힣)."""
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _hangul_only(value: str, *, field: str) -> None:
    for char in value:
        if char.isspace():
            raise ValidationError(_("Remove the space: a name is written without spaces."), field=field)
        if not is_hangul_syllable(char):
            raise ValidationError(
                _(
                    "Use complete Hangul syllables only (no Latin letters, digits, symbols or lone "
                    "jamo): '{char}'."
                ).format(char=char),
                field=field,
            )


def validate_surname(surname: str, *, field: str = "surname", new_surname_confirmed: bool = False) -> str:
    """The surname (NFC), or ValidationError: 1 syllable, or a known compound surname, or a two-syllable
    surname the clerk confirmed (`new_surname_confirmed`)."""
    value = clean_text(surname, field=field, max_length=10, required=True)
    _hangul_only(value, field=field)
    if len(value) > SURNAME_MAX_SYLLABLES:
        raise ValidationError(
            _("A surname has one or two syllables; '{name}' has {count}.").format(
                name=value, count=len(value)
            ),
            field=field,
        )
    if len(value) == 2 and value not in COMPOUND_SURNAMES and not new_surname_confirmed:
        raise ValidationError(
            _(
                "'{name}' is not a known two-syllable surname. Check the parents' register, or confirm "
                "it as a new surname."
            ).format(name=value),
            field=field,
        )
    return value


def validate_given_name(given: str, *, field: str = "given_name", foreign_style: bool = False) -> str:
    """The given name (NFC), or ValidationError: Hangul syllables only, at most 5 (가족관계등록예규);
    `foreign_style` lifts the 5-syllable limit for a foreign-style name from a foreign parent's register."""
    value = clean_text(given, field=field, max_length=FOREIGN_STYLE_NAME_MAX, required=True)
    _hangul_only(value, field=field)
    if not foreign_style and len(value) > GIVEN_NAME_MAX_SYLLABLES:
        raise ValidationError(
            _(
                "A given name may have at most {max} syllables (the surname not counted); this one has "
                "{count}."
            ).format(max=GIVEN_NAME_MAX_SYLLABLES, count=len(value)),
            field=field,
        )
    return value


def validate_korean_name(
    surname: str,
    given: str,
    *,
    foreign_style: bool = False,
    new_surname_confirmed: bool = False,
    field_prefix: str = "",
) -> str:
    """The full name for the register (surname + given name, NFC, no space) or ValidationError naming
    `{field_prefix}surname` or `{field_prefix}given_name`."""
    family = validate_surname(
        surname, field=f"{field_prefix}surname", new_surname_confirmed=new_surname_confirmed
    )
    own = validate_given_name(given, field=f"{field_prefix}given_name", foreign_style=foreign_style)
    return family + own


def validate_foreign_name(name: str, *, field: str = "name", max_length: int = FOREIGN_NAME_MAX) -> str:
    """A foreign parent's name as in the passport: letters (accents allowed, no digits), single spaces,
    hyphens and apostrophes between letters; runs of spaces are collapsed. ValidationError otherwise."""
    value = clean_text(name, field=field, max_length=max_length * 2, required=True)
    value = re.sub(r" {2,}", " ", value)
    if len(value) > max_length:
        raise ValidationError(
            _("Too long: {length} characters; at most {max} are allowed.").format(
                length=len(value), max=max_length
            ),
            field=field,
        )
    if not _FOREIGN_NAME.match(value) or not all(_is_latin_or_separator(c) for c in value):
        raise ValidationError(
            _(
                "Write the name in Latin letters as in the passport; only spaces, hyphens and "
                "apostrophes may separate its parts."
            ),
            field=field,
        )
    return value


def _is_latin_or_separator(char: str) -> bool:
    if char in " -'’":
        return True
    return unicodedata.name(char, "").startswith("LATIN ")


def validate_nationality(text: str, *, field: str = "nationality") -> str:
    """A foreign parent's nationality as the passport or the foreigner registration card gives it
    (베트남, 중국, United States), or ValidationError naming `field`: letters with spaces, hyphens,
    dots, apostrophes or brackets between them; not Korea (that parent is not a foreign national)."""
    value = " ".join(clean_text(text, field=field, max_length=NATIONALITY_MAX, required=True).split())
    if not all(char.isalpha() or char in " -.'’()," for char in value) or not any(c.isalpha() for c in value):
        raise ValidationError(_("Write the country's name (for example 베트남 or Viet Nam), without digits or "
                                "symbols."), field=field)
    if "".join(unicodedata.normalize("NFKC", value).casefold().split()) in _KOREA:
        raise ValidationError(_("A parent of Korean nationality is not a foreign national: untick 'foreign national' "
                                "and enter the resident registration number."), field=field)
    return value
