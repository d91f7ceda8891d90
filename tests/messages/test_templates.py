"""Messages to citizens: one template per event, in the citizen's language, measured in EUC-KR bytes,
never carrying a registration number or a hidden character."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.base.i18n import current_language, set_language
from counter.messages import MESSAGE_EVENTS, RenderedMessage, render_message
from counter.rules.sms import SMS_MAX_BYTES, sms_bytes

RECEIPT = "3650052-T1-261121-0001-H"
OFFICE = {"office": "역삼1동", "office_phone": "02-1234-5678"}
PARAMS: dict[str, dict[str, Any]] = {
    "filed": {"report": "birth", "receipt": RECEIPT, "count": 7},
    "result_ready": {"service": "부모급여", "agency": "국민연금공단", "outcome": "지급 결정", "amount_won": 1_000_000},
    "rejected": {"service": "다둥이 행복카드", "agency": "강남구", "reason": "막내 나이 초과"},
    "reminder": {"what": "재산조회 신청", "due": date(2026, 11, 30)},
}
FREE_TEXT = {"filed": "receipt", "result_ready": "outcome", "rejected": "reason", "reminder": "what"}


def message(event: str, language: str = "ko", **changes: Any) -> RenderedMessage:
    return render_message(event, language, **{**OFFICE, **PARAMS[event], **changes})


KOREAN = [
    ("filed", {}, "[역삼1동] 출생신고·연계신청 7건 접수: 3650052-T1-261121-0001-H. 문의 02-1234-5678"),
    ("filed", {"report": "death", "count": 12},
     "[역삼1동] 사망신고·재산조회 12건 접수: 3650052-T1-261121-0001-H. 문의 02-1234-5678"),
    ("filed", {"report": "death", "count": 0}, "[역삼1동] 사망신고 접수: 3650052-T1-261121-0001-H. 문의 02-1234-5678"),
    ("filed", {"report": "inquiry", "count": 6}, "[역삼1동] 재산조회 6건 접수: 3650052-T1-261121-0001-H. 문의 02-1234-5678"),
    ("result_ready", {}, "[역삼1동] 부모급여(국민연금공단) 결과: 지급 결정, 1,000,000원. 문의 02-1234-5678"),
    ("result_ready", {"service": "국세", "agency": "국세청", "outcome": "체납액 없음.", "amount_won": None},
     "[역삼1동] 국세(국세청) 결과: 체납액 없음. 문의 02-1234-5678"),
    ("rejected", {}, "[역삼1동] 다둥이 행복카드(강남구) 신청 반려. 사유: 막내 나이 초과. 문의 02-1234-5678"),
    ("reminder", {}, "[역삼1동] 재산조회 신청 기한: 2026. 11. 30.까지. 문의 02-1234-5678"),
    ("reminder", {"office_phone": None}, "[역삼1동] 재산조회 신청 기한: 2026. 11. 30.까지."),
]


@pytest.mark.parametrize(("event", "changes", "body"), KOREAN)
def test_korean_bodies_read_like_a_community_centre_sms_and_fit_one(event: str, changes: dict[str, Any],
                                                                    body: str) -> None:
    rendered = message(event, **changes)
    assert rendered.body == body
    assert rendered.bytes == len(body.encode("euc-kr")) <= SMS_MAX_BYTES
    assert rendered.kind == "sms"


ENGLISH = [
    ("filed", {}, "[역삼1동] Birth report and 7 linked applications filed: 3650052-T1-261121-0001-H. "
                  "Questions: 02-1234-5678"),
    ("filed", {"report": "inquiry", "count": 1, "office_phone": None},
     "[역삼1동] Asset inquiry of 1 item filed: 3650052-T1-261121-0001-H."),
    ("filed", {"report": "birth", "count": 0}, "[역삼1동] Birth report filed: 3650052-T1-261121-0001-H. "
                                               "Questions: 02-1234-5678"),
    ("result_ready", {"service": "Parental benefit", "agency": "NPS", "outcome": "granted", "amount_won": 500_000},
     "[역삼1동] Parental benefit (NPS) result: granted, 500,000 won. Questions: 02-1234-5678"),
    ("rejected", {"service": "Multi-child card", "agency": "Gangnam-gu", "reason": "youngest child too old"},
     "[역삼1동] Multi-child card (Gangnam-gu) was not granted. Reason: youngest child too old. Questions: 02-1234-5678"),
    ("reminder", {"what": "the asset inquiry"},
     "[역삼1동] Reminder: the asset inquiry is due by 2026-11-30. Questions: 02-1234-5678"),
]


@pytest.mark.parametrize(("event", "changes", "body"), ENGLISH)
def test_english_bodies_say_the_same(event: str, changes: dict[str, Any], body: str) -> None:
    rendered = message(event, "en", **changes)
    assert rendered.body == body
    assert rendered.bytes == sms_bytes(body)
    assert rendered.kind == ("sms" if rendered.bytes <= SMS_MAX_BYTES else "lms")


def test_the_english_filing_message_is_a_long_message_on_purpose() -> None:
    rendered = message("filed", "en")
    assert (rendered.kind, rendered.bytes) == ("lms", 105)


def test_the_body_is_in_the_citizens_language_whatever_the_clerk_sees() -> None:
    set_language("en")
    try:
        assert message("filed").body.startswith("[역삼1동] 출생신고")
        assert current_language() == "en"
    finally:
        set_language("ko")
    assert message("filed", "en").body.startswith("[역삼1동] Birth report")
    assert current_language() == "ko"


@pytest.mark.parametrize("office", ["역삼1동", "대치2동", "개포4동", "일원본동", "압구정동", "세곡동", "청담동"])
@pytest.mark.parametrize("event", MESSAGE_EVENTS)
def test_every_korean_body_fits_one_sms_for_the_seed_districts_offices(office: str, event: str) -> None:
    assert message(event, office=office).kind == "sms"


def test_a_long_reason_makes_a_long_message_deliberately() -> None:
    reason = "신청일 기준 막내 자녀의 나이가 만 13세를 넘어 다둥이 행복카드 발급 대상이 아닙니다. 자녀 나이 확인 후 다시 신청하세요"
    rendered = message("rejected", reason=reason)
    assert rendered.kind == "lms"
    assert rendered.bytes == len(rendered.body.encode("euc-kr")) > SMS_MAX_BYTES
    assert reason in rendered.body


@pytest.mark.parametrize(("event", "param", "value"), [
    ("rejected", "reason", "주민번호 900101-1234567 불일치"),
    ("rejected", "reason", "9001011234567"),
    ("rejected", "reason", "９００１０１－１２３４５６７ 확인"),  # full-width
    ("rejected", "reason", "900101 - 1234567"),
    ("result_ready", "outcome", "고인 450101-1234567 명의 예금 있음"),
    ("result_ready", "service", "900101-2234567"),
    ("reminder", "what", "880808-1234567의 재산조회"),
    ("filed", "receipt", "9001011234567"),
    ("filed", "office", "역삼1동 900101-1234567"),
    ("filed", "office_phone", "900101-1234567"),
])
def test_a_registration_number_never_goes_into_a_message(event: str, param: str, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        message(event, **{param: value})
    assert (error.value.code, error.value.field) == ("rrn_in_message", param)


@pytest.mark.parametrize("value", ["\x1b[2J지급", "지급\x07", "지급\n결정", "\u202e정결 급지", "지\u200b급", "지급\x9b31m",
                                   "\u3164지급"])
@pytest.mark.parametrize("event", MESSAGE_EVENTS)
def test_control_and_hidden_characters_are_refused(event: str, value: str) -> None:
    param = FREE_TEXT[event]
    with pytest.raises(ValidationError) as error:
        message(event, **{param: value})
    assert (error.value.code, error.value.field) == ("hidden_character", param)


def test_a_mobile_number_in_free_text_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        message("rejected", reason="담당자 010-2345-6789로 연락")
    assert (error.value.code, error.value.field) == ("identifying_number", "reason")


def test_what_a_text_message_cannot_carry_is_refused_by_its_parameter() -> None:
    with pytest.raises(ValidationError) as error:
        message("result_ready", outcome="지급 결정 🎉")
    assert (error.value.code, error.value.field) == ("not_in_sms_charset", "outcome")


def test_a_rare_syllable_counts_two_bytes_and_is_sent() -> None:
    assert message("rejected", reason="똠방 햏").bytes == message("rejected", reason="가나 다").bytes


@pytest.mark.parametrize(("event", "changes", "field", "code"), [
    ("filed", {"count": True}, "count", "count"),
    ("filed", {"count": -1}, "count", "count"),
    ("filed", {"count": "7"}, "count", "count"),
    ("filed", {"count": 10_000}, "count", "count"),
    ("filed", {"report": "marriage"}, "report", "report"),
    ("filed", {"receipt": "3650052 T1"}, "receipt", "receipt"),
    ("filed", {"receipt": "A" * 41}, "receipt", "receipt"),
    ("filed", {"office_phone": "call us"}, "office_phone", "office_phone"),
    ("filed", {"office": ""}, "office", "required"),
    ("filed", {"office": "가" * 31}, "office", "too_long"),
    ("filed", {"office": 3650052}, "office", "not_text"),
    ("result_ready", {"amount_won": -5}, "amount_won", "amount"),
    ("result_ready", {"amount_won": 1.5}, "amount_won", "amount"),
    ("result_ready", {"outcome": " . "}, "outcome", "required"),
    ("reminder", {"due": "2026-11-30"}, "due", "due"),
    ("reminder", {"due": datetime(2026, 11, 30, 9, 0)}, "due", "due"),
    ("rejected", {"amount_won": 1000}, "amount_won", "unknown_param"),
    ("rejected", {"reason": None}, "reason", "missing_param"),
])
def test_wrong_parameters_are_refused_by_name(event: str, changes: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        message(event, **changes)
    assert (error.value.field, error.value.code) == (field, code)


def test_an_unknown_event_or_language_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        render_message("birthday", office="역삼1동")
    assert error.value.code == "unknown_event"
    with pytest.raises(ValidationError) as error:
        message("filed", "ja")
    assert error.value.code == "language"


def test_the_language_may_be_given_by_name() -> None:
    assert render_message("filed", language="en", **OFFICE, **PARAMS["filed"]).body == message("filed", "en").body


safe_text = st.text(alphabet=st.sampled_from("가나다라마바사아자차카타파하 역삼동 ABCabc()/,"), min_size=1, max_size=60)


@settings(max_examples=200)
@given(st.sampled_from(MESSAGE_EVENTS), st.sampled_from(["ko", "en"]), safe_text)
def test_any_body_is_measured_as_it_will_be_sent(event: str, language: str, text: str) -> None:
    try:
        rendered = message(event, language, **{FREE_TEXT[event]: text} if event != "filed" else {"office": text[:30]})
    except ValidationError as error:
        assert error.code == "required"  # a text of spaces only
        return
    assert rendered.bytes == sms_bytes(rendered.body)
    assert rendered.kind == ("sms" if rendered.bytes <= SMS_MAX_BYTES else "lms")


@settings(max_examples=200)
@given(st.sampled_from(MESSAGE_EVENTS), st.from_regex(r"\A[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9])-?[1-8][0-9]{6}\Z"),
       safe_text)
def test_a_registration_number_anywhere_in_free_text_is_always_refused(event: str, rrn: str, text: str) -> None:
    param = "office" if event == "filed" else FREE_TEXT[event]
    with pytest.raises(ValidationError) as error:
        message(event, **{param: f"{text[:8]} {rrn}"})
    assert error.value.code == "rrn_in_message"
