"""Wording shared by receipts and notices: labels, dates, money, the header and the proof blocks."""

from __future__ import annotations

from datetime import datetime

from counter.base.i18n import N_, _, format_date, format_datetime
from printers.data import FiledRequestLine, PersonLine, ReceiptData
from printers.document import (
    Banner,
    Barcode,
    Block,
    Field,
    Paragraph,
    QRCode,
    Separator,
    Title,
)

# Korea keeps no daylight saving time: a fixed offset is exact and needs no tz database.

ROLE_LABELS = {
    "child": N_("Child"),
    "mother": N_("Mother"),
    "father": N_("Father"),
    "deceased": N_("Deceased"),
    "reporter": N_("Reporter"),
    "applicant": N_("Applicant"),
    "proxy": N_("Proxy"),
    "spouse": N_("Spouse"),
    "subject": N_("Person concerned"),
}

DELIVERY_LABELS = {
    "sms": N_("text message"),
    "post": N_("post"),
    "in_person": N_("in person at the office"),
    "web": N_("agency web site"),
    "email": N_("e-mail"),
}

REPORT_LABELS = {
    "birth": N_("Birth report"),
    "death": N_("Death report"),
    "name_change": N_("Name change report"),
    "marriage": N_("Marriage report"),
    "divorce": N_("Divorce report"),
}


def role_label(role: str) -> str:
    """The printed label of a person's role code (unknown codes as given)."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def delivery_label(channel: str | None) -> str:
    """How a result is delivered, in words (unknown channels as given, None as empty)."""
    if not channel:
        return ""
    return _(DELIVERY_LABELS[channel]) if channel in DELIVERY_LABELS else channel


def report_label(kind: str) -> str:
    """`출생신고`, `사망신고`... for a report kind."""
    return _(REPORT_LABELS[kind]) if kind in REPORT_LABELS else kind


def format_won(amount: int) -> str:
    """`1000000` -> `1,000,000원`."""
    return _("{amount} won").format(amount=f"{amount:,}")


def header_blocks(data: ReceiptData, title: str) -> list[Block]:
    """Reprint band, title, office, receipt number, filing time and clerk."""
    blocks: list[Block] = []
    if data.reprint:
        blocks.append(Banner(_("REPRINT")))
    blocks += [
        Title(title),
        Paragraph(data.office_name, align="center"),
        Separator(heavy=True),
        Field(_("Receipt no."), data.receipt_no, emphasis=True),
        Field(_("Filed at"), format_datetime(data.filed_at)),
        Field(_("Clerk"), data.clerk_name),
    ]
    return blocks


def people_blocks(people: tuple[PersonLine, ...]) -> list[Block]:
    """One field per person: role, name and masked RRN."""
    blocks: list[Block] = []
    for person in people:
        value = person.name if not person.rrn_masked else f"{person.name} ({person.rrn_masked})"
        blocks.append(Field(role_label(person.role), value))
    return blocks


def event_blocks(data: ReceiptData) -> list[Block]:
    """The date of the birth or death and, when the report gives it, the time (가족관계등록법 제44조②3호,
    제84조②2호: 연월일시), as the form writes it."""
    blocks: list[Block] = []
    if data.event_date is not None:
        label = _("Date of birth") if data.kind == "birth" else _("Date of death")
        blocks.append(Field(label, format_date(data.event_date)))
    if data.event_time:
        label = _("Time of birth") if data.kind == "birth" else _("Time of death")
        blocks.append(Field(label, data.event_time))
    return blocks


def _amount(line: FiledRequestLine) -> str | None:
    if line.amount_won is None:
        return None
    return f"{line.amount_note} {format_won(line.amount_won)}".strip()


def request_summary_blocks(requests: tuple[FiledRequestLine, ...]) -> list[Block]:
    """One short line per request (receipts): number, service, agency and amount."""
    blocks: list[Block] = []
    for number, line in enumerate(requests, start=1):
        parts = [f"{number}. {line.service}", line.agency, _amount(line)]
        blocks.append(Paragraph(" · ".join(part for part in parts if part), small=True))
    return blocks


def request_blocks(requests: tuple[FiledRequestLine, ...], *, with_dates: bool) -> list[Block]:
    """Numbered request lines (notices): the service, then agency, amount, delivery and date."""
    blocks: list[Block] = []
    for number, line in enumerate(requests, start=1):
        blocks.append(Paragraph(f"{number}. {line.service}", emphasis=True))
        details = [line.agency + (_(" (this office)") if line.local_department else "")]
        amount = _amount(line)
        if amount:
            details.append(amount)
        if line.delivery:
            details.append(_("result by {channel}").format(channel=delivery_label(line.delivery)))
        if with_dates and line.due_date is not None:
            details.append(_("expected by {date}").format(date=format_date(line.due_date)))
        blocks.append(Paragraph(" · ".join(details), small=True, indent=1))
        if line.note:
            blocks.append(Paragraph(line.note, small=True, indent=1))
    return blocks


def proof_blocks(
    data: ReceiptData, verification_url: str | None, issued_at: datetime | None
) -> list[Block]:
    """The barcode of the receipt number and the signed QR with its caption."""
    blocks: list[Block] = [Separator(heavy=True), Barcode(data.receipt_no)]
    caption = _("Scan to check this paper was issued by the office (no personal data inside).")
    if verification_url is None:
        caption = _("The signed QR code is added when the paper is printed.")
    lines: list[str] = []
    if issued_at is not None:
        lines.append(_("Issued {time}").format(time=format_datetime(issued_at)))
    if data.office_phone:
        lines.append(_("Questions: {phone}").format(phone=data.office_phone))
    blocks.append(QRCode(verification_url, caption, tuple(lines)))
    return blocks
