"""Resident registration numbers (주민등록번호) and foreigner registration numbers (외국인등록번호).

Format YYMMDD-GXXXXXX (the hyphen is optional; 주민등록법 시행령 제7조④: 13 digits showing the date of
birth and sex). G gives the century and sex: 9/0 born 1800s; 1/2 born 1900s; 3/4 born 2000s;
foreigners 5/6 born 1900s, 7/8 born 2000s; odd = male, even = female. The old check digit (weights 2,3,4,5,6,7,8,9,2,3,4,5; check =
(11 - sum mod 11) mod 10, for foreigners (13 - sum mod 11) mod 10) no longer holds for numbers issued
since 2020-10-05, whose digits after G are random: a failed checksum is only a warning.
개인정보보호법 제24조의2: the number is shown masked (`mask_rrn`) and stored encrypted (not here).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _

_RRN_PATTERN = re.compile(r"^([0-9]{6})-?([0-9]{7})$")  # ASCII digits only
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

# G digit -> (century start, sex, foreigner)
_GENDER_DIGITS: dict[str, tuple[int, str, bool]] = {
    "9": (1800, "M", False),
    "0": (1800, "F", False),
    "1": (1900, "M", False),
    "2": (1900, "F", False),
    "3": (2000, "M", False),
    "4": (2000, "F", False),
    "5": (1900, "M", True),
    "6": (1900, "F", True),
    "7": (2000, "M", True),
    "8": (2000, "F", True),
}


@dataclass(frozen=True)
class Rrn:
    """A syntactically valid registration number with a real birth date."""

    digits: str
    """The 13 digits, without hyphen."""
    birth_date: date
    sex: str
    """'M' or 'F'."""
    foreigner: bool
    checksum_ok: bool
    """Whether the pre-2020-10-05 check digit holds (informational only)."""

    @property
    def formatted(self) -> str:
        """`YYMMDD-GXXXXXX`."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        """`YYMMDD-G******`, safe to show on screens and paper."""
        return mask_rrn(self)


def checksum_holds(digits: str, *, foreigner: bool = False) -> bool:
    """Whether the old check digit of the 13 `digits` is right."""
    total = sum(int(d) * w for d, w in zip(digits[:12], _WEIGHTS, strict=True))
    base = 13 if foreigner else 11
    return (base - total % 11) % 10 == int(digits[12])


def parse_rrn(text: str, *, field: str = "rrn") -> Rrn:
    """Parse `YYMMDD-GXXXXXX` or 13 digits; ValidationError if the form, G digit or date is wrong."""
    if not isinstance(text, str):
        raise ValidationError(_("Enter the registration number as YYMMDD-GXXXXXX."), field=field)
    # NFKC turns full-width digits and hyphens (an IME in full-width mode, text pasted from HWP) into
    # ASCII, so the same number always encrypts and hashes the same; other scripts' digits are refused.
    match = _RRN_PATTERN.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValidationError(_("Enter the registration number as YYMMDD-GXXXXXX (13 digits)."), field=field)
    digits = match.group(1) + match.group(2)
    gender_digit = digits[6]
    century, sex, foreigner = _GENDER_DIGITS[gender_digit]
    try:
        birth = date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits are not a real date of birth (YYMMDD)."), field=field
        ) from None
    return Rrn(
        digits=digits,
        birth_date=birth,
        sex=sex,
        foreigner=foreigner,
        checksum_ok=checksum_holds(digits, foreigner=foreigner),
    )


def check_rrn_against_birth_date(
    rrn: Rrn, birth_date: date, *, sex: str | None = None, field: str = "rrn"
) -> None:
    """ValidationError if the number's date or century digit contradicts `birth_date` (or `sex`)."""
    if rrn.birth_date != birth_date:
        if (rrn.birth_date.month, rrn.birth_date.day) == (birth_date.month, birth_date.day) and (
            rrn.birth_date.year % 100 == birth_date.year % 100
        ):
            raise ValidationError(
                _(
                    "The 7th digit gives a birth in the {rrn_century}s, but the date of birth is {birth}."
                ).format(rrn_century=rrn.birth_date.year // 100 * 100, birth=birth_date.isoformat()),
                field=field,
            )
        raise ValidationError(
            _("The registration number gives {rrn_date} as the date of birth, not {birth}.").format(
                rrn_date=rrn.birth_date.isoformat(), birth=birth_date.isoformat()
            ),
            field=field,
        )
    if sex is not None and sex != rrn.sex:
        raise ValidationError(
            _("The 7th digit of the registration number does not match the sex entered."), field=field
        )


CHECKSUM_WARNING = N_(
    "The last digit fails the old check-digit rule; numbers issued since 2020-10-05 do not "
    "follow it. Compare with the ID card."
)


def rrn_warnings(rrn: Rrn) -> list[str]:
    """Warnings worth showing the clerk (translated); never a reason to refuse the number."""
    return [] if rrn.checksum_ok else [_(CHECKSUM_WARNING)]


def mask_rrn(rrn: Rrn | str) -> str:
    """`901231-1******`: birth date and the G digit only. Accepts an `Rrn` or a raw 13-digit text."""
    digits = rrn.digits if isinstance(rrn, Rrn) else re.sub(r"\D", "", rrn)
    if len(digits) < 7:
        return "******-*******"
    return f"{digits[:6]}-{digits[6]}******"
