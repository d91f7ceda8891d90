"""A filed bundle as a clerk looks it up: who is in it (registration numbers masked), its print jobs and its
messages, read for the clerk's own office only (a receipt number from elsewhere finds nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from counter.filing.receipts import RECEIPT_RE, is_valid_receipt_number
from counter.store.db import Database
from models import Bundle, Clerk, Office, OutgoingMessage, Person, PrintJob


@dataclass(frozen=True)
class PersonLine:
    """One person named in the bundle."""

    role: str
    name: str
    rrn_masked: str | None


@dataclass(frozen=True)
class PrintLine:
    """One print job of the bundle."""

    document: str
    status: str
    reprint: bool
    attempts: int
    printer: str | None
    created_at: datetime
    printed_at: datetime | None


@dataclass(frozen=True)
class MessageLine:
    """One text message of the bundle (the number masked)."""

    template: str
    status: str
    recipient_masked: str
    created_at: datetime


@dataclass(frozen=True)
class BundleSummary:
    """What the bundle screen shows above its requests."""

    bundle_id: uuid.UUID
    receipt_no: str
    kind: str
    status: str
    filed_at: datetime
    office_code: str
    office_name: str
    clerk_name: str
    device: str
    fine_won: int
    people: tuple[PersonLine, ...]
    print_jobs: tuple[PrintLine, ...]
    messages: tuple[MessageLine, ...]


def receipt_problem(text: str) -> str | None:
    """None for a well-formed receipt number whose check character agrees; `format` when it is not one
    at all; `check` when only the check character disagrees (a misread or mistyped number)."""
    if not RECEIPT_RE.match(text):
        return "format"
    return None if is_valid_receipt_number(text) else "check"


def _summary(session: Session, bundle: Bundle) -> BundleSummary:
    office = session.get(Office, bundle.office_id)
    clerk = session.get(Clerk, bundle.clerk_id)
    people = session.exec(select(Person).where(Person.bundle_id == bundle.id).order_by(col(Person.created_at))).all()
    jobs = session.exec(select(PrintJob).where(PrintJob.bundle_id == bundle.id)
                        .order_by(col(PrintJob.created_at))).all()
    messages = session.exec(select(OutgoingMessage).where(OutgoingMessage.bundle_id == bundle.id)
                            .order_by(col(OutgoingMessage.created_at))).all()
    return BundleSummary(
        bundle.id, bundle.receipt_no, bundle.kind, bundle.status, bundle.filed_at,
        office.code if office else "", office.name if office else "", clerk.display_name if clerk else "",
        bundle.device, bundle.details.fine_won,
        tuple(PersonLine(p.role, p.name, p.rrn_masked) for p in people),
        tuple(PrintLine(j.document, j.status, j.reprint_of is not None, j.attempts, j.printer, j.created_at,
                        j.printed_at) for j in jobs),
        tuple(MessageLine(m.template, m.status, m.recipient_masked, m.created_at) for m in messages))


def find_bundle(db: Database, receipt_no: str, office_id: uuid.UUID) -> BundleSummary | None:
    """The office's bundle with this receipt number, or None."""
    with db.session() as session:
        bundle = session.exec(select(Bundle).where(Bundle.receipt_no == receipt_no,
                                                   Bundle.office_id == office_id)).first()
        return _summary(session, bundle) if bundle is not None else None


def bundle_summary(db: Database, bundle_id: uuid.UUID, office_id: uuid.UUID) -> BundleSummary | None:
    """The office's bundle `bundle_id`, or None."""
    with db.session() as session:
        bundle = session.get(Bundle, bundle_id)
        return _summary(session, bundle) if bundle is not None and bundle.office_id == office_id else None
