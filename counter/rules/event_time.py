"""The time of a birth or a death as the report forms write it: 24-hour, hours and minutes.

가족관계의 등록 등에 관한 법률 제44조②3호 (출생의 연월일시) and 제84조②2호 (사망의 연월일시): the
report gives the time. The forms' own notes: 출생일시 "24시각제로 기재 (예: 오후 2시 30분 → 14시 30분)"
(the 출생신고서 notes, also on municipal guides, e.g. shinan.go.kr 출생신고 안내); 사망일시 "사망시각은
24시각제를 기준으로 하여 사망시각이 오후 10시인 때에는 22시로, 오후 12시인 때에는 익일 0시로 기재",
and "연월일을 '미상'으로 기재한 신고서는 수리할 수 없다" (the Supreme Court's 사망신고 기재 요령,
reproduced by hwasun.go.kr 사망신고 안내 and funeral-home guides).

The convention this module applies:
- hours 0-23; 24시 does not exist on the form: midnight is 0시 (of the next day when it ends a day);
- 정오 is 12시; 자정 is the midnight that ends the given day, written 0시 of the next day
  (`EventTime.next_day`), as the guidance writes 오후 12시;
- "오전 12시" and "오후 12시" with no minutes are refused as ambiguous: the guidance reads 오후 12시 as
  midnight, everyday Korean (and every phone) as noon, so the clerk must say 정오, 자정 or the 24-hour time;
- with minutes, 오전 12시 N분 is 0시 N분 and 오후 12시 N분 is 12시 N분 (the only reading in use);
- a death time may be 미상 (제29조: what is not known is stated as such); a birth time may not, and a
  death date may not (the guidance above: the report is then refused).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta

from counter.base.errors import ValidationError
from counter.base.i18n import _, current_language
from counter.rules.text import clean_text

TIME_MAX_LENGTH = 30
UNKNOWN_TEXT = "미상"  # what the form writes for a time not known (제29조)

# Compared after NFKC, case folding and removing spaces.
_UNKNOWN_WORDS = frozenset({"미상", "불상", "모름", "알수없음", "unknown"})
_NOON_WORDS = frozenset({"정오", "noon"})
_MIDNIGHT_WORDS = frozenset({"자정", "midnight"})
_HALVES = {"오전": "am", "오후": "pm", "am": "am", "pm": "pm"}  # keys without dots (a.m. -> am)

# ASCII digits only: `\d` would also take other scripts' digits, which int() reads.
_HALF = r"오전|오후|a\.?m\.?|p\.?m\.?"
_CLOCK = re.compile(
    rf"""^(?:(?P<before>{_HALF})\s*)?
    (?:(?P<colon_h>[0-9]{{1,2}})\s*:\s*(?P<colon_m>[0-9]{{2}})
      |(?P<compact>[0-9]{{3,4}})
      |(?P<h>[0-9]{{1,2}})\s*시(?:\s*(?:(?P<m>[0-9]{{1,2}})\s*분|(?P<half_hour>반)|정각))?)
    (?:\s*(?P<after>{_HALF}))?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class EventTime:
    """A time of birth or death to the minute, or unknown (`clock` None: the form writes 미상)."""

    clock: time | None
    next_day: bool = False
    """Typed as the midnight that ends the given day (자정): the form writes 0시 of the next day."""

    def __post_init__(self) -> None:
        if self.next_day and self.clock != time(0, 0):
            raise ValueError("only midnight moves to the next day")

    @property
    def known(self) -> bool:
        """False when the time is given as unknown (미상)."""
        return self.clock is not None

    def recorded_date(self, day: date) -> date:
        """The date the form writes with this time, for an event on `day` (the next day after 자정)."""
        return day + timedelta(days=1) if self.next_day else day

    @property
    def form_text(self) -> str:
        """The time as the form writes it: `14시 30분`, `0시 5분`, or `미상`."""
        return format_event_time(self)


UNKNOWN = EventTime(None)


def format_event_time(value: EventTime | time) -> str:
    """`value` as the forms write it, 24-hour to the minute: 14:30 -> `14시 30분`, 00:05 -> `0시 5분`;
    an unknown time -> `미상`."""
    clock = value.clock if isinstance(value, EventTime) else value
    if clock is None:
        return UNKNOWN_TEXT
    return f"{clock.hour}시 {clock.minute}분"


def event_time_text(value: EventTime | time | None) -> str:
    """`value` for a paper or a screen in the current language: in Korean as the form writes it
    (`14시 30분`, `미상`), in English `14:30`, `unknown`; empty for None (a time not recorded, as on
    reports filed before it was)."""
    if value is None:
        return ""
    clock = value.clock if isinstance(value, EventTime) else value
    if clock is None:
        return _("unknown")  # the form's 미상
    return format_event_time(clock) if current_language() == "ko" else f"{clock:%H:%M}"


def _compact(text: str) -> str:
    return "".join(text.split())


def is_unknown_word(text: str) -> bool:
    """True when `text` says "not known" (미상, 불상, 모름, unknown): for a date or time field."""
    return _compact(unicodedata.normalize("NFKC", text)).casefold() in _UNKNOWN_WORDS


def _refuse(message: str, field: str) -> ValidationError:
    return ValidationError(message, field=field, code="event_time")


def _clock(hour: int, minute: int, half: str | None, field: str) -> time:
    """The 24-hour time of `hour`:`minute`, read on the 12-hour clock when `half` is am or pm."""
    if half is None:
        if hour == 24:
            raise _refuse(_("The form has no 24시: midnight is written 0시 of the next day (0:00, with the next "
                            "day's date)."), field)
        if hour > 23:
            raise _refuse(_("There is no hour {hour} on the 24-hour clock: write 0 to 23.").format(hour=hour), field)
    elif hour > 12:
        raise _refuse(_("With 오전 or 오후 the hour is 0 to 12; {hour} is already on the 24-hour clock: leave out "
                        "오전/오후.").format(hour=hour), field)
    if minute > 59:
        raise _refuse(_("There is no minute {minute}: write 0 to 59.").format(minute=minute), field)
    if half is not None and hour == 12 and minute == 0:
        # The guidance reads 오후 12시 as midnight (익일 0시); everyday usage reads it as noon.
        raise _refuse(_("오전 12시 and 오후 12시 are read both as noon and as midnight: write 12:00 or 정오 for noon, "
                        "and 자정 (or 0:00 with the next day's date) for midnight."), field)
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return time(hour, minute)


def parse_clock_time(text: str, *, field: str, required: bool = True) -> EventTime | None:
    """The time a clerk typed, or ValidationError naming `field`.

    Accepted: `14:30`, `1430`, `930`, `14시 30분`, `14시`, `14시 반`, `14시 정각`, `오후 2시 30분`,
    `오후 2:30`, `2:30 pm`, `오전 0시 5분`, `오전 12시 5분` (0:05), `정오` (12:00), `자정` (0:00 of the next
    day). Full-width digits and spaces are read as ASCII. Refused: 24시 and other hours past 23, minutes
    past 59, 오후 13시, 오전/오후 12시 without minutes (ambiguous), negative or otherwise malformed text,
    control or hidden characters; empty text when `required` (else None). 미상 is not a clock time here
    (`parse_death_time` accepts it).
    """
    cleaned = clean_text(text, field=field, max_length=TIME_MAX_LENGTH, numbers_allowed=True)
    if not cleaned:
        if required:
            raise _refuse(_("Enter the time (24-hour, for example 14:30 or 14시 30분)."), field)
        return None
    normal = " ".join(unicodedata.normalize("NFKC", cleaned).casefold().split())
    if _compact(normal) in _NOON_WORDS:
        return EventTime(time(12, 0))
    if _compact(normal) in _MIDNIGHT_WORDS:
        return EventTime(time(0, 0), next_day=True)
    match = _CLOCK.match(normal)
    if match is None or (match["before"] and match["after"]):
        raise _refuse(_("Not a time: write it as 14:30, 1430, 14시 30분 or 오후 2시 30분."), field)
    half_word = match["before"] or match["after"]
    half = _HALVES[half_word.replace(".", "")] if half_word else None
    if match["compact"]:
        digits = match["compact"]
        hour, minute = int(digits[:-2]), int(digits[-2:])
    elif match["colon_h"]:
        hour, minute = int(match["colon_h"]), int(match["colon_m"])
    else:
        hour = int(match["h"])
        minute = 30 if match["half_hour"] else int(match["m"] or 0)
    return EventTime(_clock(hour, minute, half, field))


def _cleaned(text: str, field: str) -> str:
    return clean_text(text, field=field, max_length=TIME_MAX_LENGTH, numbers_allowed=True)


def parse_birth_time(text: str, *, field: str = "child.birth_time") -> EventTime:
    """The time of birth (가족관계등록법 제44조②3호: 출생의 연월일시), as `parse_clock_time`; required,
    and never unknown: it is on the birth certificate."""
    cleaned = _cleaned(text, field)
    if not cleaned:
        raise _refuse(_("Enter the time of birth as the birth certificate gives it (24-hour, for example 14:30)."), field)
    if is_unknown_word(cleaned):
        raise _refuse(_("The birth report must give the time of birth (가족관계등록법 제44조②3호): take it from the "
                        "birth certificate."), field)
    parsed = parse_clock_time(cleaned, field=field)
    assert parsed is not None  # not empty
    return parsed


def parse_death_time(text: str, *, field: str = "death_time") -> EventTime:
    """The time of death (가족관계등록법 제84조②2호), as `parse_clock_time`, or `UNKNOWN` for 미상/모름:
    a body found dead may have no known time, and what is not known is stated as such (제29조). Empty
    text is refused: the form must say 미상 rather than stay blank."""
    cleaned = _cleaned(text, field)
    if not cleaned:
        raise _refuse(_("Enter the time of death, or 미상 when it is not known (가족관계등록법 제29조)."), field)
    if is_unknown_word(cleaned):
        return UNKNOWN
    parsed = parse_clock_time(cleaned, field=field)
    assert parsed is not None  # not empty
    return parsed


def check_death_date_given(death_date: date | None, *, field: str = "death_date") -> date:
    """The date of death, or ValidationError when it is not given: a report giving the date as 미상
    cannot be accepted (the Supreme Court's 사망신고 기재 요령; 가족관계등록법 제84조②2호 and 제29조
    단서: an essential item left out makes the report unacceptable). A screen maps 미상 to None with
    `is_unknown_word`."""
    if death_date is None:
        raise ValidationError(
            _("A death report needs the date of death: a report giving it as unknown (미상) cannot be accepted "
              "(가족관계등록법 제84조②, 제29조). Enter the date the death certificate or post-mortem report gives."),
            field=field, code="death_date_unknown")
    return death_date
