"""The text messages a citizen gets, one template per event, in Korean or English.

`render_message(event, language, **params)` says the event in the citizen's language (Korean unless
they asked for English), whatever language the clerk's screen shows, and measures the body as carriers
do (`counter.rules.sms`). Korean bodies are written like a 주민센터's SMS, one line, the office in
brackets first, so a typical one fits a short message (90 bytes): `[역삼1동] 출생신고·연계신청 7건 접수:
3650052-T1-261121-0001-H. 문의 02-1234-5678` is 82 bytes. Longer values (a long reason, an agency's
outcome) make a long message (LMS) on purpose; English bodies, a third longer, usually are one.

Every parameter is checked before it is written into a body that is stored and sent in clear: no
registration number (개인정보보호법 제24조의2②: RRNs only encrypted; `rrn_in_message`), no mobile number
in free text, no control, bidi or other hidden character, nothing a text message cannot carry.

Events and their parameters (`office` is the sender's name in brackets; `office_phone` is optional
everywhere and adds "문의 <number>"):
- `filed`: `report` (`birth`, `death`, `inquiry`), `receipt`, `count` (linked requests or inquiry items).
- `result_ready`: `service`, `agency`, `outcome` (the result in words), optional `amount_won`.
- `rejected`: `service`, `agency`, `reason`.
- `reminder`: `what` (what is due), `due` (the last day, a date).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, cast

from counter.base.errors import ValidationError
from counter.base.i18n import LANGUAGES, _, format_date, in_language, ngettext
from counter.rules.sms import MessageKind, message_kind, sms_bytes
from counter.rules.text import check_identifier, clean_text, contains_rrn

MessageEvent = Literal["filed", "result_ready", "rejected", "reminder"]
MESSAGE_EVENTS: tuple[MessageEvent, ...] = ("filed", "result_ready", "rejected", "reminder")
REPORTS = ("birth", "death", "inquiry")
"""What a `filed` message reports: a birth bundle, a death report (with its inquiry items), an asset
inquiry alone."""

# Free-text parameters and their length in characters (a body must stay far below 2,000 bytes).
TEXT_LIMITS = {"office": 30, "service": 60, "agency": 60, "outcome": 300, "reason": 300, "what": 100}
RECEIPT_MAX_LENGTH = 40
MAX_COUNT = 9999
_COMMON = frozenset({"office"})
_OPTIONAL = frozenset({"office_phone"})
_REQUIRED: dict[str, frozenset[str]] = {
    "filed": _COMMON | {"report", "receipt", "count"},
    "result_ready": _COMMON | {"service", "agency", "outcome"},
    "rejected": _COMMON | {"service", "agency", "reason"},
    "reminder": _COMMON | {"what", "due"},
}
_EXTRA: dict[str, frozenset[str]] = {"result_ready": frozenset({"amount_won"})}
_RECEIPT = re.compile(r"^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")
# The office's own number as set up (02-3423-5392, 1588-1234, 0234235392): digits in 2-3 groups.
_OFFICE_PHONE = re.compile(r"^(?:\d{2,4}-)?\d{3,4}-\d{4}$|^\d{8,12}$")


OFFICE_SUFFIXES = ("행정복지센터", "주민센터")


def sender_name(office_name: str) -> str:
    """The office as a message's brackets name it: `역삼1동 주민센터` -> `역삼1동`."""
    for suffix in OFFICE_SUFFIXES:
        if office_name.endswith(suffix) and office_name[: -len(suffix)].strip():
            return office_name[: -len(suffix)].strip()
    return office_name


@dataclass(frozen=True)
class RenderedMessage:
    """A message body ready for the outbox, with its kind and size as carriers count it."""

    body: str
    kind: MessageKind
    """`sms` (at most 90 bytes) or `lms`."""
    bytes: int
    """EUC-KR bytes (`counter.rules.sms.sms_bytes`)."""


def render_message(event: str, language: str = "ko", **params: object) -> RenderedMessage:
    """The body of `event`'s message in `language` (`ko` or `en`: the citizen's, not the clerk's), or
    ValidationError naming the parameter that cannot go into a message (unknown or missing too)."""
    if event not in _REQUIRED:
        raise ValidationError(_("There is no message for the event '{event}'.").format(event=event),
                              field="event", code="unknown_event")
    if language not in LANGUAGES:
        raise ValidationError(_("Messages are written in Korean or English, not '{language}'.").format(
            language=language), field="language", code="language")
    checked = _checked_params(event, params)
    with in_language(language):
        parts = [f"[{checked['office']}]", _BODIES[event](checked)]
        if checked.get("office_phone"):
            parts.append(_("Questions: {phone}").format(phone=checked["office_phone"]))
        body = " ".join(parts)
    return RenderedMessage(body, message_kind(body), sms_bytes(body))


def _checked_params(event: str, params: Mapping[str, object]) -> dict[str, object]:
    given = {name: value for name, value in params.items() if value is not None}
    required = _REQUIRED[event]
    allowed = required | _OPTIONAL | _EXTRA.get(event, frozenset())
    unknown, missing = sorted(set(given) - allowed), sorted(required - set(given))
    if unknown:
        raise ValidationError(_("A message of this kind has no '{name}'.").format(name=unknown[0]), field=unknown[0],
                              code="unknown_param")
    if missing:
        raise ValidationError(_("The message needs its '{name}'.").format(name=missing[0]), field=missing[0],
                              code="missing_param")
    return {name: _checked(name, value) for name, value in given.items()}


def _checked(name: str, value: object) -> object:
    if isinstance(value, str):
        _sendable(name, value)
    if name in TEXT_LIMITS:
        if not isinstance(value, str):
            raise ValidationError(_("Enter text here."), field=name, code="not_text")
        text = clean_text(value, field=name, max_length=TEXT_LIMITS[name], required=True).rstrip(" .")
        if not text:  # the template ends the sentence itself
            raise ValidationError(_("This field is required."), field=name, code="required")
        return text
    checker = _CHECKERS[name]
    return checker(name, value)


def _sendable(name: str, value: str) -> None:
    """Refuse what no parameter may carry: hidden characters, a registration number, a character a
    text message cannot hold."""
    check_identifier(value, field=name)
    if contains_rrn(value):
        # 개인정보보호법 제24조의2②: an RRN is kept only encrypted; a message body is stored and sent in clear
        raise ValidationError(_("A message must never carry a registration number: remove it."), field=name,
                              code="rrn_in_message")
    sms_bytes(value, field=name)


def _receipt(name: str, value: object) -> str:
    if not isinstance(value, str) or len(value) > RECEIPT_MAX_LENGTH or not _RECEIPT.match(value):
        raise ValidationError(_("This is not a receipt number."), field=name, code="receipt")
    return value


def _office_phone(name: str, value: object) -> str:
    phone = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""
    if not _OFFICE_PHONE.match(phone):
        raise ValidationError(_("The office's phone number should read like 02-1234-5678."), field=name,
                              code="office_phone")
    return phone


def _report(name: str, value: object) -> str:
    if value not in REPORTS:
        raise ValidationError(_("A filed message reports a birth, a death or an asset inquiry."), field=name,
                              code="report")
    return str(value)


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ValidationError(_("The number of requests must be a whole number from 0 to {max}.").format(
            max=MAX_COUNT), field=name, code="count")
    return value


def _amount(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(_("The amount must be a whole number of won, 0 or more."), field=name, code="amount")
    return value


def _due(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(_("The due date must be a date."), field=name, code="due")
    return value


_CHECKERS: dict[str, Callable[[str, object], object]] = {
    "receipt": _receipt, "office_phone": _office_phone, "report": _report, "count": _count,
    "amount_won": _amount, "due": _due,
}


def _filed_what(report: object, count: int) -> str:
    if report == "birth":
        return ngettext("Birth report and {count} linked application", "Birth report and {count} linked applications",
                        count).format(count=count) if count else _("Birth report")
    if report == "death":
        return ngettext("Death report and asset inquiry of {count} item", "Death report and asset inquiry of {count} items",
                        count).format(count=count) if count else _("Death report")
    return ngettext("Asset inquiry of {count} item", "Asset inquiry of {count} items",
                    count).format(count=count) if count else _("Asset inquiry")


def _filed(params: Mapping[str, object]) -> str:
    what = _filed_what(params["report"], cast(int, params["count"]))
    return _("{what} filed: {receipt}.").format(what=what, receipt=params["receipt"])


def _result_ready(params: Mapping[str, object]) -> str:
    amount = params.get("amount_won")
    if isinstance(amount, int):
        return _("{service} ({agency}) result: {outcome}, {amount} won.").format(
            amount=f"{amount:,}", **_texts(params, "service", "agency", "outcome"))
    return _("{service} ({agency}) result: {outcome}.").format(**_texts(params, "service", "agency", "outcome"))


def _rejected(params: Mapping[str, object]) -> str:
    return _("{service} ({agency}) was not granted. Reason: {reason}.").format(
        **_texts(params, "service", "agency", "reason"))


def _reminder(params: Mapping[str, object]) -> str:
    return _("Reminder: {what} is due by {due}.").format(what=params["what"], due=format_date(cast(date, params["due"])))


def _texts(params: Mapping[str, object], *names: str) -> dict[str, object]:
    return {name: params[name] for name in names}


_BODIES: dict[str, Callable[[Mapping[str, object]], str]] = {
    "filed": _filed, "result_ready": _result_ready, "rejected": _rejected, "reminder": _reminder,
}
