"""What a lookup is asked for: one typed or pasted query told apart as a receipt number, a registration
number or the start of a name, refused with a clear message when it is none of them.

Untrusted text: it is measured before anything else is done with it, hidden and control characters
(escape sequences included) are refused, and a name prefix is only ever compared as a value (a range,
never LIKE), so `%` and `_` are characters like any other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.filing.receipts import RECEIPT_RE, check_character
from counter.rules.rrn import parse_rrn
from counter.rules.text import forbidden_character
from counter.store.pii import PersonalDataVault

MAX_QUERY_LENGTH = 64
_RRN_SHAPE = re.compile(r"^\d{6}-?\d{7}$")
_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class ReceiptKey:
    """A whole receipt number whose check character agrees."""

    receipt_no: str


@dataclass(frozen=True)
class RrnKey:
    """A registration number, kept only as its keyed lookup hash (the same one filing stores)."""

    lookup_hash: str


@dataclass(frozen=True)
class NamePrefix:
    """The start of a name, NFC-normalised as names are stored."""

    prefix: str

    @property
    def upper_bound(self) -> str:
        """The least string above every name that starts with the prefix: its last character's successor.
        Hidden and unassigned code points are refused, so the successor is never past U+10FFFF."""
        return self.prefix[:-1] + chr(ord(self.prefix[-1]) + 1)


LookupKey = ReceiptKey | RrnKey | NamePrefix


def parse_query(text: str, vault: PersonalDataVault, *, field: str = "query") -> LookupKey | None:
    """The key `text` asks for, None for an empty query (every bundle), or ValidationError naming `field`.

    A receipt number with a wrong check character is refused naming the character; 13 digits are a
    registration number (checked as filing checks it, then hashed: never compared in clear); anything
    else with a digit is refused; the rest is a name prefix of at most `MAX_QUERY_LENGTH` characters.
    """
    if not isinstance(text, str):
        raise ValidationError(_("Enter text here."), field=field)
    if len(text) > 4 * MAX_QUERY_LENGTH:  # a paste: refused before any work is done on it
        raise _too_long(len(text), field)
    value = unicodedata.normalize("NFC", text).strip()
    if len(value) > MAX_QUERY_LENGTH:
        raise _too_long(len(value), field)
    bad = forbidden_character(value)
    if bad is not None:
        raise ValidationError(
            _("Remove the hidden or control character (U+{code}) from the search.").format(code=f"{ord(bad):04X}"),
            field=field, code="hidden_character")
    if not value:
        return None
    # Full-width digits and letters (an IME in full-width mode) are the same number.
    compact = unicodedata.normalize("NFKC", value).upper()
    if RECEIPT_RE.match(compact):
        body, check = compact.rsplit("-", 1)
        if check_character(body) != check:
            raise ValidationError(
                _("The check character '{char}' of receipt number {number} does not match: look for a typing "
                  "mistake in the number.").format(char=check, number=compact), field=field, code="check_character")
        return ReceiptKey(compact)
    if _RRN_SHAPE.match(compact):
        digits = parse_rrn(compact, field=field).digits
        return RrnKey(vault.lookup_hash(digits, "rrn"))  # as filing hashes it (counter.filing.core.person_row)
    if _ANY_DIGIT.search(compact):
        raise ValidationError(
            _("Enter a whole receipt number (with its check character), a whole registration number, or the "
              "start of a name."), field=field, code="not_a_query")
    return NamePrefix(value)


def _too_long(length: int, field: str) -> ValidationError:
    return ValidationError(
        _("Too long for a search: {length} characters; at most {max} are allowed.").format(
            length=length, max=MAX_QUERY_LENGTH), field=field, code="too_long")
