"""Receipts (접수증): handed over at the counter the moment a bundle is filed."""

from __future__ import annotations

from datetime import datetime

from counter.base.i18n import _, format_date
from printers.builders.common import (
    event_blocks,
    format_won,
    header_blocks,
    people_blocks,
    proof_blocks,
    report_label,
    request_summary_blocks,
)
from printers.data import ReceiptData
from printers.document import Block, Document, Field, Paragraph, Separator


def _report_facts(data: ReceiptData) -> list[Block]:
    blocks = event_blocks(data)
    if data.report_deadline is not None:
        # 가족관계등록법 제44조① (birth), 제84조① (death): one month; the clerk shows the last day.
        blocks.append(Field(_("Reporting deadline"), format_date(data.report_deadline)))
    if data.fine_won > 0:
        # 가족관계등록법 제122조: late reports carry a fine, announced to the reporter.
        blocks.append(Field(_("Late-report fine"), format_won(data.fine_won), emphasis=True))
    return blocks


def build_birth_receipt(
    data: ReceiptData, verification_url: str | None = None, issued_at: datetime | None = None
) -> Document:
    """The birth receipt: the report, the people, every 행복출산 service filed with it, proof."""
    blocks = header_blocks(data, _("Birth report receipt"))
    blocks += [Separator(), *people_blocks(data.people), *_report_facts(data), Separator()]
    blocks.append(
        Paragraph(_("Filed together (Happy Birth one-stop): {count}").format(count=len(data.requests)), emphasis=True)
    )
    blocks += request_summary_blocks(data.requests)
    if not data.requests:
        blocks.append(Paragraph(_("No linked service was requested."), small=True))
    blocks += proof_blocks(data, verification_url, issued_at)
    return Document("receipt-birth", data.receipt_no, tuple(blocks), reprint=data.reprint)


def build_death_receipt(
    data: ReceiptData, verification_url: str | None = None, issued_at: datetime | None = None
) -> Document:
    """The death receipt: the report, the people, every 안심상속 item applied for, proof."""
    blocks = header_blocks(data, _("Death report receipt"))
    blocks += [Separator(), *people_blocks(data.people), *_report_facts(data), Separator()]
    blocks.append(
        Paragraph(_("Asset inquiry (Safe Inheritance one-stop): {count}").format(count=len(data.requests)), emphasis=True)
    )
    blocks += request_summary_blocks(data.requests)
    if not data.requests:
        blocks.append(Paragraph(_("No asset inquiry was applied for."), small=True))
    blocks += proof_blocks(data, verification_url, issued_at)
    return Document("receipt-death", data.receipt_no, tuple(blocks), reprint=data.reprint)


def build_report_receipt(
    data: ReceiptData, verification_url: str | None = None, issued_at: datetime | None = None
) -> Document:
    """A receipt for the other reports (name change, marriage, divorce)."""
    title = _("{report} receipt").format(report=report_label(data.kind))
    blocks = header_blocks(data, title)
    blocks += [Separator(), Field(_("Report"), report_label(data.kind)), *people_blocks(data.people)]
    blocks += _report_facts(data)
    if data.requests:
        blocks += [Separator(), *request_summary_blocks(data.requests)]
    blocks += proof_blocks(data, verification_url, issued_at)
    return Document(f"receipt-{data.kind}", data.receipt_no, tuple(blocks), reprint=data.reprint)


def build_receipt(
    data: ReceiptData, verification_url: str | None = None, issued_at: datetime | None = None
) -> Document:
    """The receipt for any report kind."""
    if data.kind == "birth":
        return build_birth_receipt(data, verification_url, issued_at)
    if data.kind == "death":
        return build_death_receipt(data, verification_url, issued_at)
    return build_report_receipt(data, verification_url, issued_at)
