"""Fictional sample data for previews, fixtures and the benchmark (no real person).

Amounts and agencies follow the national catalogue's wording at the time of writing; the real
lines always come from the catalogue through the filing service.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from counter.base.clock import KST
from counter.base.i18n import _
from printers.data import (
    FiledRequestLine,
    NoticeData,
    PersonLine,
    ReceiptData,
    ReportKind,
)

SAMPLE_FILED_AT = datetime(2026, 3, 16, 10, 42, tzinfo=KST)
SAMPLE_OFFICE = ("역삼1동 주민센터", "3220052")
SAMPLE_RECEIPT_NO = "3220052-K7-260316-0003-R"

BIRTH_REQUESTS = (
    FiledRequestLine("부모급여", "국민연금공단 · 강남구청", 1_000_000, "월", "sms", date(2026, 4, 25)),
    FiledRequestLine("아동수당", "강남구청 가족정책과", 100_000, "월", "sms", date(2026, 4, 25), True),
    FiledRequestLine("첫만남이용권", "사회보장정보원", 3_000_000, "", "sms", date(2026, 3, 30),
                     note="출생일부터 2년 안에 사용"),
    FiledRequestLine("출산양육지원금 (셋째)", "강남구청 가족정책과", 1_000_000, "", "post", date(2026, 4, 30), True),
    FiledRequestLine("다자녀 전기료 경감", "한국전력공사", None, "", "sms", date(2026, 4, 10)),
)

DEATH_REQUESTS = (
    FiledRequestLine("금융거래 조회", "금융감독원", None, "", "web", date(2026, 4, 5)),
    FiledRequestLine("국세 조회", "국세청", None, "", "web", date(2026, 4, 5)),
    FiledRequestLine("국민연금 가입 여부", "국민연금공단", None, "", "sms", date(2026, 4, 5)),
    FiledRequestLine("토지 소유 내역", "강남구청 부동산정보과", None, "", "post", date(2026, 3, 30), True),
    FiledRequestLine("자동차 소유 내역", "강남구청 교통행정과", None, "", "post", date(2026, 3, 30), True),
    FiledRequestLine("지방세 조회", "강남구청 세무1과", None, "", "sms", date(2026, 3, 30), True),
)

SAMPLE_PEOPLE: dict[ReportKind, tuple[PersonLine, ...]] = {
    "birth": (
        PersonLine("child", "김하늘", "260301-4******"),
        PersonLine("mother", "이서연", "930512-2******"),
        PersonLine("father", "김민준", "910203-1******"),
    ),
    "death": (
        PersonLine("deceased", "박영수", "400817-1******"),
        PersonLine("applicant", "박지훈", "720115-1******"),
    ),
    "name_change": (PersonLine("subject", "최예린", "980607-2******"),),
    "marriage": (PersonLine("spouse", "정도윤", "950101-1******"), PersonLine("spouse", "한지우", "960202-2******")),
    "divorce": (PersonLine("spouse", "오세훈", "850303-1******"), PersonLine("spouse", "윤가은", "870404-2******")),
}


def sample_receipt(kind: ReportKind = "birth", *, reprint: bool = False) -> ReceiptData:
    """A complete, fictional bundle of `kind` for previews and tests."""
    requests = {"birth": BIRTH_REQUESTS, "death": DEATH_REQUESTS}.get(kind, ())
    data = ReceiptData(
        kind=kind,
        receipt_no=SAMPLE_RECEIPT_NO,
        office_name=SAMPLE_OFFICE[0],
        office_code=SAMPLE_OFFICE[1],
        filed_at=SAMPLE_FILED_AT,
        clerk_name="민원주무관 장수민",
        people=SAMPLE_PEOPLE[kind],
        requests=requests,
        office_phone="02-3423-5392",
        reprint=reprint,
    )
    if kind == "birth":
        data = replace(data, event_date=date(2026, 3, 1), event_time="14시 30분", report_deadline=date(2026, 4, 1))
    elif kind == "death":
        data = replace(data, event_date=date(2026, 3, 10), report_deadline=date(2026, 4, 10),
                       event_time=_("{hour}:{minute:02d}").format(hour=14, minute=30),  # the form's 14시 30분
                       application_deadline=date(2027, 3, 31))
    return data


def sample_notice(kind: ReportKind = "birth", verification_url: str | None = None) -> NoticeData:
    """A notice for `sample_receipt(kind)`, issued at filing time."""
    expectations = ("조회 결과는 항목별로 7~20일 뒤에 도착합니다.",) if kind == "death" else ()
    return NoticeData(sample_receipt(kind), SAMPLE_FILED_AT, verification_url, expectations)
