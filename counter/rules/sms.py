"""Text messages to citizens: Korean mobile numbers, and a body's size as Korean carriers count it.

Mobile numbers: only 010 with 8 more digits. The 2G prefixes 011/016/017/018/019 are no longer in
service: SK Telecom stopped 01X numbers on 3G/LTE on 2021-07-01 (outgoing) and 2021-10-01 (incoming)
and handed its 2G numbers back on 2022-08-01; LG U+ closed 2G in June 2021 and its conversion period
ended on 2023-06-29 (한국경제 2022-08-01 "011·017 역사 속으로 사라진다…SKT 2G 일괄 해지";
전자신문 2022-08-01 "SK텔레콤, 2G 서비스 번호까지 정부에 완전 반납"). A 01X number is therefore refused
with a message asking for the 010 number. The 010 exchanges 0000-1999 are not assigned today (쿠키뉴스
2017-09-21, "010 뒤 네 자리 국번 0000부터 1999까지는 사용할 수 없도록"), but they are accepted: they are
the reserve against 010 exhaustion, and a typo there costs only an undelivered message.

Size: an SMS body is counted in EUC-KR bytes (KS X 1001: Hangul and other double-byte characters 2,
ASCII 1); up to 90 bytes is one short message (SMS), longer up to 2,000 bytes a long message (LMS)
(NAVER Cloud SENS SMS API v2: `content` "SMS: 최대 90byte, LMS/MMS: 최대 2000byte"; the carriers'
rule of Hangul 2 bytes and ASCII 1 in 머니투데이 2011-10-31 on iOS 5's SMS). Characters outside KS X 1001
but in CP949, the 8,822 further Hangul syllables (똠, 햏, 쀍), are counted as CP949 counts them, 2 bytes:
gateways take UTF-8 and convert to the Korean code page, where they are 2-byte codes (청기와랩 2014-10-01
"한글, EUC-KR vs UTF-8": EUC-KR cannot say 쀍, CP949 can), and refusing a whole message for one rare
syllable in an agency's reason would leave the citizen without it; an old handset may show them as ■
(서울경제 "휴대폰에 왜 '햏' 표현 안될까?"). Characters CP949 cannot encode at all (emoji, old Hangul jamo,
₩ U+20A9, en dash) have no byte count in a Korean SMS and are refused, as are control characters
other than the line break.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.rules.text import check_identifier, forbidden_character

MOBILE_PREFIX = "010"
MOBILE_DIGITS = 11
RETIRED_PREFIXES = ("011", "016", "017", "018", "019")
SMS_MAX_BYTES = 90
"""A short message (단문, SMS): at most 90 EUC-KR bytes."""
LMS_MAX_BYTES = 2000
"""A long message (장문, LMS): at most 2,000 EUC-KR bytes; a longer body is refused."""

MessageKind = Literal["sms", "lms"]

_ALLOWED = re.compile(r"^[0-9 -]+$")  # after NFKC: full-width digits and hyphen are ASCII by then
# 010, exchange and line number, each group optionally parted by one hyphen and/or spaces
_GROUPS = re.compile(r"^(010)(?: *- *| +)?(\d{4})(?: *- *| +)?(\d{4})$")
_EXAMPLE = "010-1234-5678"


@dataclass(frozen=True)
class MobileNumber:
    """A valid Korean mobile number (`check_mobile_number` makes one)."""

    digits: str
    """The 11 digits, `01012345678`, as a gateway takes them."""

    def __post_init__(self) -> None:
        if not (len(self.digits) == MOBILE_DIGITS and self.digits.isascii() and self.digits.isdigit()
                and self.digits.startswith(MOBILE_PREFIX)):
            raise ValueError("not the 11 digits of a 010 number")

    @property
    def formatted(self) -> str:
        """`010-1234-5678`, the one written form."""
        return f"{self.digits[:3]}-{self.digits[3:7]}-{self.digits[7:]}"

    @property
    def masked(self) -> str:
        """`010-****-5678`, safe for screens, paper and logs."""
        return mask_phone(self.digits)

    def __str__(self) -> str:
        return self.formatted


def mask_phone(phone: str) -> str:
    """`010-1234-5678` -> `010-****-5678`: prefix and last 4 digits of any written number."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}-****-{digits[-4:]}"


def check_mobile_number(text: str, *, field: str = "phone") -> MobileNumber:
    """The mobile number written in `text`, or ValidationError naming `field` (with a `code`).

    Accepted: 010 and 8 digits, with a hyphen or spaces between the groups (`010-1234-5678`,
    `010 1234 5678`, `01012345678`), full-width digits and hyphen too (NFKC). Refused, each with its own
    code: an empty value (`mobile_required`), hidden or control characters (`hidden_character`), anything
    but digits, hyphens and spaces (`mobile_characters`: `+82`, dots, letters), a retired 01X number
    (`mobile_retired_prefix`), a number that is not a mobile one (`mobile_not_mobile`: 02-..., 070-...),
    a wrong count of digits (`mobile_length`) and digits grouped otherwise (`mobile_format`).
    """
    if not isinstance(text, str):
        raise ValidationError(_("Enter a mobile number such as 010-1234-5678."), field=field, code="mobile_required")
    check_identifier(text, field=field)
    normalised = unicodedata.normalize("NFKC", text).strip()
    if not normalised:
        raise ValidationError(_("Enter a mobile number such as 010-1234-5678."), field=field, code="mobile_required")
    if not _ALLOWED.match(normalised):
        raise ValidationError(
            _("Write the mobile number with digits only, hyphens or spaces between the groups, such as "
              "{example}.").format(example=_EXAMPLE), field=field, code="mobile_characters")
    digits = normalised.replace("-", "").replace(" ", "")
    if digits[:3] in RETIRED_PREFIXES:
        raise ValidationError(
            _("{prefix} numbers are no longer in service: ask for the number starting with 010.").format(
                prefix=digits[:3]), field=field, code="mobile_retired_prefix")
    if not digits.startswith(MOBILE_PREFIX):
        raise ValidationError(
            _("This is not a mobile number: text messages go only to a number starting with 010, such as "
              "{example}.").format(example=_EXAMPLE), field=field, code="mobile_not_mobile")
    if len(digits) != MOBILE_DIGITS:
        raise ValidationError(
            _("A mobile number is 010 and 8 more digits ({example}); {count} digits were entered.").format(
                example=_EXAMPLE, count=len(digits)), field=field, code="mobile_length")
    if not _GROUPS.match(normalised):
        raise ValidationError(
            _("Write the mobile number in groups of 3, 4 and 4 digits, such as {example}.").format(example=_EXAMPLE),
            field=field, code="mobile_format")
    return MobileNumber(digits)


def sms_bytes(text: str, *, field: str = "body") -> int:
    """The size of `text` in bytes as Korean carriers count a text message (EUC-KR: Hangul 2, ASCII 1;
    CP949's further Hangul syllables 2), or ValidationError naming `field` for a character that cannot
    be sent (`not_in_sms_charset`: emoji and the like) or a control character (`hidden_character`;
    a line break is allowed)."""
    bad = forbidden_character(text.replace("\n", ""))
    if bad is not None:
        raise ValidationError(
            _("Remove the hidden or control character (U+{code}) from this text.").format(code=f"{ord(bad):04X}"),
            field=field, code="hidden_character")
    try:
        return len(text.encode("cp949"))
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        raise ValidationError(
            _("A text message cannot carry the character '{char}' (U+{code}): write it another way.").format(
                char=char, code=f"{ord(char):04X}"), field=field, code="not_in_sms_charset") from exc


def message_kind(text: str, *, field: str = "body") -> MessageKind:
    """`sms` up to `SMS_MAX_BYTES`, `lms` up to `LMS_MAX_BYTES`; longer is ValidationError
    (`message_too_long`), as are the characters `sms_bytes` refuses."""
    size = sms_bytes(text, field=field)
    if size <= SMS_MAX_BYTES:
        return "sms"
    if size <= LMS_MAX_BYTES:
        return "lms"
    raise ValidationError(
        _("The message is {size} bytes; a long text message holds at most {max} bytes.").format(
            size=f"{size:,}", max=f"{LMS_MAX_BYTES:,}"), field=field, code="message_too_long")
