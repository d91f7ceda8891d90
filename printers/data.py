"""Plain data the builders turn into documents. The filing service (or `counter.printing.print_service`
reading the database) fills them; nothing here holds a clear RRN or talks to a database.

Times are timezone-aware; builders show them in Korean time (KST) whatever zone they carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

ReportKind = Literal["birth", "death", "name_change", "marriage", "divorce"]
REPORT_KINDS: tuple[ReportKind, ...] = ("birth", "death", "name_change", "marriage", "divorce")

DeliveryChannel = Literal["sms", "post", "in_person", "web", "email"]


@dataclass(frozen=True)
class PersonLine:
    """A person named on the paper.

    `role` is a code: `child`, `mother`, `father`, `deceased`, `reporter`, `applicant`, `proxy`,
    `spouse`, `subject` (anything else is printed as given). `rrn_masked` is already masked
    (`901231-1******`, see `counter.store.pii.mask_rrn`); None prints no number.
    """

    role: str
    name: str
    rrn_masked: str | None = None


@dataclass(frozen=True)
class FiledRequestLine:
    """One thing filed for the citizen: a linked benefit (birth) or an asset-inquiry item (death).

    - `service`: its display name as the catalogue spells it (`부모급여`, `금융거래 조회`).
    - `agency`: who handles it (`국민연금공단`, `금융감독원`, `○○구 세무과`).
    - `amount_won`: the amount as filed (per month or one-off, the catalogue's wording goes in
      `amount_note`, e.g. `월`); None when there is no amount.
    - `delivery`: how the result reaches the citizen (`sms`, `post`, `in_person`, `web`, `email`).
    - `due_date`: when to expect the result, or the last day to act (None if unknown).
    - `local_department`: handled by a department of this local government (land, local tax,
      vehicles), not an outside agency.
    - `note`: one short extra line (e.g. "60일 이내 신청: 출생월부터 소급").
    """

    service: str
    agency: str
    amount_won: int | None = None
    amount_note: str = ""
    delivery: str | None = None
    due_date: date | None = None
    local_department: bool = False
    note: str = ""


@dataclass(frozen=True)
class ReceiptData:
    """Everything a receipt or a notice prints about one filed bundle.

    - `kind`: the report (`birth`, `death`, `name_change`, `marriage`, `divorce`).
    - `receipt_no`: the bundle's receipt number (also the Code128 barcode).
    - `office_name`, `office_code`: the office that filed it.
    - `filed_at`: when the bundle was filed (aware datetime).
    - `clerk_name`: the clerk's display name.
    - `people`: the people named, RRNs masked.
    - `requests`: what was filed with the report, in catalogue order.
    - `event_date`: the birth or death date (None for other reports).
    - `event_time`: the time of the birth or death as the form writes it in the paper's language
      (`14시 30분`, or `미상` for a death whose time is not known); empty prints nothing.
    - `report_deadline`: the statutory last day to report (가족관계등록법 제44조①, 제84조①).
    - `fine_won`: the late-report fine (과태료) the clerk announced; 0 for none.
    - `application_deadline`: for a death, the last day to apply for the asset inquiry.
    - `office_phone`: where to ask; empty prints nothing.
    - `reprint`: True on a reprint (printed as 재발행).
    """

    kind: ReportKind
    receipt_no: str
    office_name: str
    office_code: str
    filed_at: datetime
    clerk_name: str
    people: tuple[PersonLine, ...] = ()
    requests: tuple[FiledRequestLine, ...] = ()
    event_date: date | None = None
    event_time: str = ""
    report_deadline: date | None = None
    fine_won: int = 0
    application_deadline: date | None = None
    office_phone: str = ""
    reprint: bool = False


@dataclass(frozen=True)
class NoticeData:
    """A follow-up notice: the bundle's data, when it is issued, and its signed QR.

    `verification_url` is the signed payload (`counter.printing.signing`), None in an unsigned preview.
    `expectations` are extra lines from the catalogue ("결과는 7~20일 뒤 문자로 안내됩니다").
    """

    receipt: ReceiptData
    issued_at: datetime
    verification_url: str | None = None
    expectations: tuple[str, ...] = field(default_factory=tuple)
