"""The checks of the set-up form and of a clerk's account, shared by the set-up screen, `counter
setup` and `counter clerk add`: every problem at once, by field, in the form's order.

A light module (no database, no hashing), so the screen can check as the clerk presses Ctrl+S.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.text import check_identifier

MIN_PASSWORD_LENGTH = 8
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
# 행정기관코드: the 7-digit code of the administrative body (행정표준코드); it opens every receipt number.
OFFICE_CODE_RE = re.compile(r"^[0-9]{7}$")
SETUP_FIELDS = ("office_code", "office_name", "office_phone", "username", "display_name", "password", "password_again")
# 전기통신번호관리세칙: Seoul 02 or an area code 031-064, then an exchange (3-4 digits, never starting
# with 0 or 1) and 4 digits; 070 internet telephony and the mobile prefixes, then 3-4 and 4 digits; or a
# nationwide representative number (15xx, 16xx, 18xx) and 4 digits.
_PHONE_NUMBERS = (
    re.compile(r"^(02|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4]))([2-9]\d{2,3})(\d{4})$"),
    re.compile(r"^(070|01[016789])(\d{3,4})(\d{4})$"),
    re.compile(r"^(1[568]\d{2})(\d{4})$"),
)


@dataclass(frozen=True)
class FieldProblem:
    """One problem of a form: the field it belongs to and what to do, already translated."""

    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        """`{"field": ..., "message": ...}`."""
        return {"field": self.field, "message": self.message}


class FormRejected(ValidationError):
    """A form with one or more problems; `problems` lists every one, in the form's order."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(first.message, field=first.field)

    def as_json(self) -> dict[str, Any]:
        """`{"errors": [{"field": ..., "message": ...}, ...]}`, as `counter file` prints them."""
        return {"errors": [problem.as_json() for problem in self.problems]}


def validate_username(username: str) -> str:
    """Lower-case letters, digits, dot, dash, underscore; 2-32 characters."""
    value = check_identifier(username, field="username").strip().lower()
    if not USERNAME_RE.match(value):
        raise ValidationError(
            _("A user name is 2-32 lower-case letters, digits, '.', '-' or '_'."), field="username"
        )
    return value


def validate_password(password: str) -> str:
    """At least 8 characters, no control characters (the same rule wherever a password is set)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("A password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH), field="password"
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in password):
        raise ValidationError(_("A password cannot contain control characters."), field="password")
    return password


def validate_display_name(name: str, field: str = "display_name") -> str:
    """A printable name of 1-50 characters."""
    value = unicodedata.normalize("NFC", name.strip())
    if not value or len(value) > 50 or any(unicodedata.category(c)[0] == "C" for c in value):
        raise ValidationError(_("Enter a name of 1-50 printable characters."), field=field)
    return value


def validate_office_code(code: str) -> str:
    """The office's 7-digit 행정기관코드 (e.g. 3650052)."""
    value = check_identifier(code, field="office_code").strip()
    if not OFFICE_CODE_RE.match(value):
        raise ValidationError(_("The office code is the 7-digit administrative agency code (e.g. 3650052)."),
                              field="office_code")
    return value


def validate_phone(phone: str, field: str = "office_phone") -> str | None:
    """An office phone number, written with hyphens (`02-3423-5392`, `1588-1234`); None when empty."""
    value = phone.strip()
    if not value:
        return None
    digits = re.sub(r"[ -]", "", value)
    found = next((match for pattern in _PHONE_NUMBERS if (match := pattern.match(digits))), None)
    if found is None or not re.fullmatch(r"[0-9 -]+", value):
        raise ValidationError(_("Enter the office's phone number with its area code, such as 02-3423-5392, or a "
                                "number such as 1588-1234."), field=field)
    return "-".join(found.groups())


@dataclass(frozen=True)
class SetupForm:
    """The set-up form, cleaned: what `setup_office` stores."""

    office_code: str
    office_name: str
    username: str
    display_name: str
    password: str
    office_phone: str | None = None


def setup_problems(*, office_code: str, office_name: str, username: str, display_name: str, password: str,
                   password_again: str | None = None, office_phone: str = "") -> list[FieldProblem]:
    """Every problem of the set-up form, in the form's order (empty when it may be stored).

    `password_again` is the repeated password; None where it was not asked (a direct call). The office
    phone may be left empty (the papers then print none).
    """
    checks: tuple[tuple[str, Callable[[], object]], ...] = (
        ("office_code", lambda: validate_office_code(office_code)),
        ("office_name", lambda: validate_display_name(office_name, "office_name")),
        ("office_phone", lambda: validate_phone(office_phone)),
        ("username", lambda: validate_username(username)),
        ("display_name", lambda: validate_display_name(display_name)),
        ("password", lambda: validate_password(password)),
    )
    problems = []
    for field, check in checks:
        try:
            check()
        except ValidationError as error:
            problems.append(FieldProblem(field, error.message))
    if password_again is not None and password_again != password:
        problems.append(FieldProblem("password_again", _("The two passwords differ.")))
    return problems


def check_setup(*, office_code: str, office_name: str, username: str, display_name: str, password: str,
                password_again: str | None = None, office_phone: str = "") -> SetupForm:
    """The cleaned form, or FormRejected naming every problem at once."""
    problems = setup_problems(office_code=office_code, office_name=office_name, username=username,
                              display_name=display_name, password=password, password_again=password_again,
                              office_phone=office_phone)
    if problems:
        raise FormRejected(problems)
    return SetupForm(validate_office_code(office_code), validate_display_name(office_name, "office_name"),
                     validate_username(username), validate_display_name(display_name), password,
                     validate_phone(office_phone))
