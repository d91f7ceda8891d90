"""Free text from clerks, citizens and JSON files: normalised, and never carrying hidden characters.

Every free-text field of every bundle goes through `clean_text` before it is stored or printed, so no
control character, terminal escape sequence, bidirectional override or invisible format character can
reach the database, a receipt printer or a terminal.
"""

from __future__ import annotations

import re
import unicodedata

from counter.base.errors import ValidationError
from counter.base.i18n import _

# Cc control (C0, DEL, C1 incl. ESC/CSI), Cf format (bidi overrides, zero-width, BOM, soft hyphen),
# Cs surrogates, Co private use, Cn unassigned, Zl/Zp line and paragraph separators.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

# Invisible fillers that Unicode classes as letters (Lo) but that only hide text or spoof a blank.
INVISIBLE_LETTERS = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0"})


def forbidden_character(value: str) -> str | None:
    """The first hidden or control character in `value`, or None."""
    for char in value:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES or char in INVISIBLE_LETTERS:
            return char
    return None


def check_identifier(value: str, *, field: str) -> str:
    """`value` unchanged, or ValidationError naming `field` and the character's code point.

    The one check of every identifier: receipt numbers, catalogue codes, relatives' labels, registration
    numbers in declarations, and the codes and names the CLI takes. Refused: C0 and C1 controls, bidi
    overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E/200F, U+061C), zero-width and other
    format characters, private-use and unassigned code points, Hangul fillers. Such values are compared,
    looked up and echoed as given, so a hidden character would make two values look the same, or act on
    the terminal that shows the error.
    """
    if not isinstance(value, str):
        raise ValidationError(_("Enter text here."), field=field)
    bad = forbidden_character(value)  # the same characters free text may not hold
    if bad is not None:
        raise ValidationError(
            _("Remove the hidden or control character (U+{code}): codes and numbers hold only visible "
              "characters.").format(code=f"{ord(bad):04X}"), field=field, code="hidden_character")
    return value


def clean_text(value: str, *, field: str, max_length: int, required: bool = False,
               numbers_allowed: bool = False) -> str:
    """`value` NFC-normalised and stripped of surrounding spaces, or ValidationError naming `field`.

    Rejected: anything not a string; control characters (tabs and line breaks too), escape sequences,
    bidi overrides, zero-width and other format characters, private-use or unassigned code points,
    line/paragraph separators, Hangul filler; more than `max_length` characters (counted after NFC,
    so a Hangul syllable is one character); an empty value when `required`; a registration or mobile
    number written inside it, unless `numbers_allowed` (the phone field itself).
    """
    if not isinstance(value, str):
        raise ValidationError(_("Enter text here."), field=field)
    normalised = unicodedata.normalize("NFC", value)
    bad = forbidden_character(normalised)
    if bad is not None:
        raise ValidationError(
            _("Remove the hidden or control character (U+{code}) from this text.").format(
                code=f"{ord(bad):04X}"
            ),
            field=field, code="hidden_character",
        )
    cleaned = normalised.strip()
    if required and not cleaned:
        raise ValidationError(_("This field is required."), field=field, code="required")
    if len(cleaned) > max_length:
        raise ValidationError(
            _("Too long: {length} characters; at most {max} are allowed.").format(
                length=len(cleaned), max=max_length
            ),
            field=field, code="too_long",
        )
    if not numbers_allowed and _IDENTIFYING_NUMBER.search(unicodedata.normalize("NFKC", cleaned)):
        raise ValidationError(
            _("Do not write a registration or phone number here: it would be kept unencrypted."), field=field,
            code="identifying_number")
    return cleaned


# A registration number or a mobile number written inside free text would be stored (and audited) in
# clear: 개인정보보호법 제24조의2② allows RRNs only encrypted, in their own fields. The mobile pattern keeps
# the retired 01X prefixes: a number written in text is refused whatever its prefix.
_RRN_IN_TEXT = r"\d{6}\s*-?\s*\d{7}"
_RRN_NUMBER = re.compile(_RRN_IN_TEXT)
_IDENTIFYING_NUMBER = re.compile(_RRN_IN_TEXT + r"|01[016789]\s*-?\s*\d{3,4}\s*-?\s*\d{4}")


def contains_rrn(value: str) -> bool:
    """Whether `value` holds something shaped like a registration number (13 digits, `YYMMDD-GXXXXXX`, also
    in full-width digits or with spaces): the one detector for texts that leave in clear (messages)."""
    return _RRN_NUMBER.search(unicodedata.normalize("NFKC", value)) is not None


def clean_reason(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    """`clean_text` for free-text reasons, which are kept in rows and the audit trail: no registration
    or phone number may be written inside them."""
    text = clean_text(value, field=field, max_length=max_length, required=required, numbers_allowed=True)
    if _IDENTIFYING_NUMBER.search(unicodedata.normalize("NFKC", text)):
        raise ValidationError(
            _("Do not write a registration or phone number in a reason: it would be kept unencrypted."),
            field=field, code="identifying_number")
    return text


def escape_terminal(value: str, *, keep_lines: bool = False) -> str:
    """`value` with every hidden or control character shown as `\\u009b`, for echoing untrusted text
    (a code from a file, an argument) to a terminal or a log without letting it act. `keep_lines`
    leaves line breaks and tabs (a whole output stream). Inside a JSON string the escape means the
    same character, so JSON output stays valid and equal."""
    if value.isascii() and value.isprintable():  # no control character in it: nothing to escape
        return value
    return "".join(
        char if keep_lines and char in "\n\t" else
        f"\\u{ord(char):04x}" if unicodedata.category(char) in FORBIDDEN_CATEGORIES or char in INVISIBLE_LETTERS
        else char
        for char in value
    )


def redact_untrusted(value: str, *, max_length: int) -> str:
    """Text from outside (an agency's reply, a gateway's error) made safe to keep and show: hidden and
    control characters escaped, registration and phone numbers replaced by `***` (개인정보보호법
    제24조의2②: never kept in clear outside their own encrypted fields), cut to `max_length`."""
    text = _IDENTIFYING_NUMBER.sub("***", unicodedata.normalize("NFKC", value))
    return escape_terminal(text)[:max_length]


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP: CSV injection)."""


def spreadsheet_safe(value: object) -> object:
    """A CSV cell kept from being read as a formula: a text starting with `=`, `+`, `-`, `@`, a tab or a
    carriage return gets a leading `'`; anything else is returned as it is."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_LEADS) else value
