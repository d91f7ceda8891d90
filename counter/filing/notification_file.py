"""The notified-births file: JSON Lines, one notification per line (docs/notifications.md).

Every line is checked on its own and every problem is reported with its line number and field, so
the good lines of a file with a bad one are still imported. Text is refused when it holds control,
bidi or other hidden characters (`counter.rules.text`); the mother's registration number is read
with `counter.rules.rrn` and never appears in a message. Nothing here touches the database.

What a notification holds follows 가족관계의 등록 등에 관한 법률 제44조의3①: the mother's name and
registration number (a foreign mother's 외국인등록번호), the child's sex, the number of children born,
the date and time of birth, and the institution.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from counter.base.clock import KST
from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.event_time import parse_birth_time
from counter.rules.notification_deadlines import NOTIFICATION_START, SUBMISSION_DAYS, sent_late
from counter.rules.rrn import CHECKSUM_WARNING, Rrn, parse_rrn
from counter.rules.text import check_identifier, clean_text

T = TypeVar("T")

MAX_LINE_BYTES = 4096
MAX_BIRTHS = 9
FIELDS = ("notification_id", "institution_code", "institution_name", "mother_name", "mother_rrn", "birth_date",
          "birth_time", "sex", "birth_count", "birth_order", "sent_at")
_NOTIFICATION_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._/-]{0,39}$")
_INSTITUTION_CODE = re.compile(r"^[0-9A-Za-z]{1,20}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^[0-9]{2}:[0-9]{2}$")
_FIELD_NAME = re.compile(r"^[A-Za-z_]{1,40}$")


@dataclass(frozen=True)
class LineProblem:
    """A refused line (or a warning about an imported one): its number, the field and what to do."""

    line: int
    field: str
    message: str
    code: str | None = None

    def as_json(self) -> dict[str, Any]:
        """`{"line", "field", "message"}` (and `code` when set)."""
        data: dict[str, Any] = {"line": self.line, "field": self.field, "message": self.message}
        if self.code:
            data["code"] = self.code
        return data


@dataclass(frozen=True)
class NotificationRecord:
    """One valid line of the file."""

    line: int
    notification_id: str
    institution_code: str
    institution_name: str
    mother_name: str
    mother_rrn: Rrn
    birth_date: date
    birth_time: time
    sex: str
    birth_count: int
    birth_order: int
    sent_at: datetime

    @property
    def key(self) -> tuple[str, str]:
        """(institution code, notification id): a notification's identity."""
        return self.institution_code, self.notification_id


@dataclass(frozen=True)
class ParsedFile:
    """The valid records, the refused lines' problems and the warnings, by line."""

    records: tuple[NotificationRecord, ...]
    problems: tuple[LineProblem, ...]
    warnings: tuple[LineProblem, ...]
    lines: int
    """Lines holding a notification or an attempt at one (blank lines are not counted)."""
    sha256: str

    @property
    def refused_lines(self) -> tuple[int, ...]:
        """The numbers of the refused lines, in order."""
        return tuple(sorted({problem.line for problem in self.problems}))


def read_notification_file(path: str | Path) -> bytes:
    """The file's bytes, or ValidationError naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc),
                              field="file") from exc


class _Line:
    """Checks one line's fields, collecting every problem."""

    def __init__(self, number: int, data: dict[str, Any], today: date) -> None:
        self.number, self.data, self.today = number, data, today
        self.problems: list[LineProblem] = []
        self.warnings: list[LineProblem] = []

    def problem(self, field: str, message: str, code: str | None = None) -> None:
        self.problems.append(LineProblem(self.number, field, message, code))

    def check(self, field: str, convert: Callable[[Any], T]) -> T | None:
        """`convert(value)` of a required field, or None after recording what is wrong with it."""
        if field not in self.data or self.data[field] is None:
            self.problem(field, _("This field is required."), "missing")
            return None
        try:
            return convert(self.data[field])
        except ValidationError as error:
            self.problem(field, error.message, error.code)
            return None


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter text here."), field=field)
    return value


def _identifier(pattern: re.Pattern[str], message: str, field: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = check_identifier(_text(value, field), field=field)
        if not pattern.match(text):
            raise ValidationError(message, field=field, code="format")
        return text
    return convert


def _name(field: str) -> Callable[[Any], str]:
    return lambda value: clean_text(_text(value, field), field=field, max_length=100, required=True)


def _rrn(value: Any) -> Rrn:
    return parse_rrn(_text(value, "mother_rrn"), field="mother_rrn")


def _date(value: Any) -> date:
    text = check_identifier(_text(value, "birth_date"), field="birth_date")
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="birth_date", code="format") from None


def _time(value: Any) -> time:
    text = check_identifier(_text(value, "birth_time"), field="birth_time")
    if not _TIME.match(text):
        raise ValidationError(_("Enter the time as HH:MM on the 24-hour clock (00:00 to 23:59)."), field="birth_time",
                              code="format")
    clock = parse_birth_time(text, field="birth_time").clock  # 24:00, 25:10 and minute 60 refused there
    assert clock is not None  # a birth time is never unknown
    return clock


def _sex(value: Any) -> str:
    if value not in ("M", "F"):
        raise ValidationError(_("Enter M or F."), field="sex", code="format")
    return str(value)


def _count(field: str) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("Enter a whole number."), field=field, code="format")
        if not 1 <= value <= MAX_BIRTHS:
            raise ValidationError(_("Enter a number from 1 to {max}.").format(max=MAX_BIRTHS), field=field,
                                  code="range")
        return value
    return convert


def _sent_at(value: Any) -> datetime:
    text = check_identifier(_text(value, "sent_at"), field="sent_at")
    try:
        if not _DATE.match(text[:10]) or len(text) < 16:
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Enter when it was sent as 2026-11-21T09:15:00+09:00."), field="sent_at",
                              code="format") from None
    if moment.tzinfo is None:
        raise ValidationError(_("Give the time zone of the sending time (+09:00 in Korea)."), field="sent_at",
                              code="format")
    return moment


def _check_line(number: int, data: dict[str, Any], today: date) -> tuple[NotificationRecord | None, _Line]:
    line = _Line(number, data, today)
    for key in data:
        if key not in FIELDS:
            shown = key if _FIELD_NAME.match(key) else "?"  # a key may hold anything, a number included
            line.problem(shown, _("Unknown field: remove it or check its spelling."), "unknown_field")
    notification_id = line.check("notification_id", _identifier(
        _NOTIFICATION_ID, _("A notification id is 1 to 40 letters, digits, '.', '_', '/' or '-'."), "notification_id"))
    institution_code = line.check("institution_code", _identifier(
        _INSTITUTION_CODE, _("An institution code is 1 to 20 letters or digits."), "institution_code"))
    institution_name = line.check("institution_name", _name("institution_name"))
    mother_name = line.check("mother_name", _name("mother_name"))
    rrn = line.check("mother_rrn", _rrn)
    born = line.check("birth_date", _date)
    clock = line.check("birth_time", _time)
    sex = line.check("sex", _sex)
    count = line.check("birth_count", _count("birth_count"))
    order = line.check("birth_order", _count("birth_order"))
    sent_at = line.check("sent_at", _sent_at)
    if count is not None and order is not None and order > count:
        line.problem("birth_order", _("The place in the multiple birth ({order}) is more than the number of children "
                                      "born ({count}).").format(order=order, count=count), "range")
    if born is not None:
        _check_dates(line, born, rrn, sent_at)
    if rrn is not None and not rrn.checksum_ok:
        line.warnings.append(LineProblem(number, "mother_rrn", _(CHECKSUM_WARNING), "rrn_checksum"))
    if line.problems:
        return None, line
    assert (notification_id is not None and institution_code is not None and institution_name is not None
            and mother_name is not None and rrn is not None and born is not None and clock is not None
            and sex is not None and count is not None and order is not None and sent_at is not None)
    return NotificationRecord(number, notification_id, institution_code, institution_name, mother_name, rrn, born, clock,
                              sex, count, order, sent_at), line


def _check_dates(line: _Line, born: date, rrn: Rrn | None, sent_at: datetime | None) -> None:
    if born > line.today:
        line.problem("birth_date", _("The date of birth is in the future."), "future")
    elif born < NOTIFICATION_START:
        # 부칙 <제19547호> 제2조: 제44조의3 applies to births from its entry into force
        line.problem("birth_date", _("Births are notified from 2024-07-19 (가족관계등록법 제44조의3, 부칙 제2조); "
                                     "this one is earlier."), "before_notifications")
    if rrn is not None and rrn.birth_date >= born:
        line.problem("mother_rrn", _("The mother's registration number gives a birth date on or after the child's."),
                     "mother_birth_date")
    if sent_at is None:
        return
    sent_on = sent_at.astimezone(KST).date()
    if sent_on < born or sent_on > line.today:
        line.problem("sent_at", _("It must have been sent between the birth and today."), "range")
    elif sent_late(born, sent_on):
        line.warnings.append(LineProblem(line.number, "sent_at", _(
            "Sent more than {days} days after the birth (가족관계등록법 제44조의3②).").format(days=SUBMISSION_DAYS),
            "sent_late"))


def _decode(number: int, raw: bytes) -> tuple[Any, LineProblem | None]:
    if len(raw) > MAX_LINE_BYTES:
        return None, LineProblem(number, "", _("The line is longer than {max} bytes.").format(max=MAX_LINE_BYTES),
                                 "too_long")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, LineProblem(number, "", _("The line is not UTF-8 text."), "encoding")
    repeated: list[str] = []
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, repeated))
    except json.JSONDecodeError as exc:  # its message quotes no part of the line
        return None, LineProblem(number, "", _("The line is not valid JSON: {detail}").format(
            detail=f"{exc.msg} (column {exc.colno})"), "json")
    except RecursionError:
        return None, LineProblem(number, "", _("The line is not valid JSON: {detail}").format(detail="nesting"), "json")
    if not isinstance(data, dict):
        return None, LineProblem(number, "", _("A line holds one notification: a JSON object ({...})."), "not_object")
    if repeated:
        field = repeated[0] if _FIELD_NAME.match(repeated[0]) else "?"
        return None, LineProblem(number, field, _("This field is given twice on the line."), "repeated_field")
    return data, None


def _object(pairs: list[tuple[str, Any]], repeated: list[str]) -> dict[str, Any]:
    """A JSON object, noting any key given twice (json would silently keep the last value)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            repeated.append(key)
        data[key] = value
    return data


def parse_notification_lines(content: bytes, *, today: date) -> ParsedFile:
    """Every line of a notified-births file checked; `today` is the office's day (no birth after it)."""
    records: list[NotificationRecord] = []
    problems: list[LineProblem] = []
    warnings: list[LineProblem] = []
    counted = 0
    body = content.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some exporters write first
    for number, raw in enumerate(body.splitlines(), start=1):
        if not raw.strip(b" \t\r"):
            continue
        counted += 1
        data, problem = _decode(number, raw)
        if problem is not None:
            problems.append(problem)
            continue
        record, line = _check_line(number, data, today)
        problems.extend(line.problems)
        warnings.extend(line.warnings)
        if record is not None:
            records.append(record)
    return ParsedFile(tuple(records), tuple(problems), tuple(warnings), counted, hashlib.sha256(content).hexdigest())
