"""What a death filing would repeat, refused unless the clerk gives a reason (which is audited).

Two repeats, as births refuse the same child twice:
- a second death report for the same person (the deceased's registration number);
- a second asset inquiry (안심상속) by the same heir about the same deceased, whether it came with a
  death report or later against one. The application is the applicant's own: each heir of rank 1-3
  (민법 제1000조, 제1003조) applies as 신청인, and each agency answers that applicant (or their proxy)
  (seed 004 §2-14: "조회 처리 후 신청인(대리 신청시 대리인)에게 각각 통지"). So the same heir asking
  again queues every agency request a second time, while another heir of the same deceased files their
  own application, which is no repeat. The heir is the person entitled: the applicant in person, or the
  principal a guardian, parent or proxy acts for (an estate administrator is their own applicant).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.base.session import SignedInClerk
from counter.filing.death_review import DeathReview
from counter.store.audit import record_event
from models import Bundle, DeathReport, HeirApplication, Person

if TYPE_CHECKING:
    from counter.office.runtime import Runtime
    from counter.store.pii import PersonalDataVault


@dataclass(frozen=True)
class EarlierFiling:
    """A bundle filed before that this filing would repeat."""

    bundle_id: uuid.UUID
    receipt_no: str
    filed_at: datetime


@dataclass(frozen=True)
class Repeats:
    """Death reports already filed for the same person, and inquiries already filed by the same heir
    about them, each oldest first."""

    death_reports: tuple[EarlierFiling, ...] = ()
    inquiries: tuple[EarlierFiling, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.death_reports or self.inquiries)

    @property
    def first(self) -> EarlierFiling | None:
        """The filing this one duplicates (the earlier death report before an earlier inquiry)."""
        return (self.death_reports or self.inquiries or (None,))[0]


class RepeatRefused(ValidationError):
    """A repeat filed without a reason; `duplicates` lists the earlier filings (the CLI prints them)."""

    def __init__(self, message: str, repeats: Repeats, duplicates: tuple[EarlierFiling, ...]) -> None:
        self.repeats = repeats
        self.duplicates = list(duplicates)
        super().__init__(message, field="duplicate_reason", code="duplicate")


class DuplicateDeathError(RepeatRefused):
    """A death report for this person was already filed; file again only with a reason (audited)."""

    def __init__(self, repeats: Repeats) -> None:
        receipts = ", ".join(d.receipt_no for d in repeats.death_reports)
        super().__init__(
            _("A death report for this person was already filed under receipt {receipts}. File the asset inquiry "
              "against that receipt, or give the reason for filing the report again.").format(receipts=receipts),
            repeats, repeats.death_reports)


class RepeatInquiryError(RepeatRefused):
    """This heir already applied for the asset inquiry about this person; again only with a reason."""

    def __init__(self, repeats: Repeats) -> None:
        receipts = ", ".join(d.receipt_no for d in repeats.inquiries)
        super().__init__(
            _("This heir already applied for the asset inquiry about this person under receipt {receipts}; every "
              "agency answers that application. Stop here, or give the reason for applying again.").format(
                receipts=receipts),
            repeats, repeats.inquiries)


def find_earlier_death_reports(session: Session, deceased_lookup: str) -> list[EarlierFiling]:
    """Death reports already filed for the person with this RRN lookup hash, oldest first."""
    rows = session.exec(
        select(Bundle).join(DeathReport, col(DeathReport.bundle_id) == col(Bundle.id))
        .join(Person, col(Person.id) == col(DeathReport.deceased_id))
        .where(Person.rrn_lookup == deceased_lookup).order_by(col(Bundle.filed_at))
    ).all()
    return [EarlierFiling(row.id, row.receipt_no, row.filed_at) for row in rows]


def find_earlier_inquiries(session: Session, *, heir_lookup: str, deceased_lookup: str | None,
                           death_report_id: uuid.UUID | None) -> list[EarlierFiling]:
    """Inquiries the heir with this RRN lookup hash already filed about the deceased (any death report of
    the same registration number, or the one death report named), oldest first."""
    deceased, heir = aliased(Person), aliased(Person)
    same_deceased = [condition for condition in (
        col(deceased.rrn_lookup) == deceased_lookup if deceased_lookup else None,
        col(DeathReport.id) == death_report_id if death_report_id else None) if condition is not None]
    if not same_deceased:
        return []
    rows = session.exec(
        select(Bundle).join(HeirApplication, col(HeirApplication.bundle_id) == col(Bundle.id))
        .join(DeathReport, col(DeathReport.id) == col(HeirApplication.death_report_id))
        .join(deceased, col(deceased.id) == col(DeathReport.deceased_id))
        .join(heir, col(heir.id) == col(HeirApplication.applicant_id))
        .where(col(heir.rrn_lookup) == heir_lookup, or_(*same_deceased)).order_by(col(Bundle.filed_at))
    ).all()
    return [EarlierFiling(row.id, row.receipt_no, row.filed_at) for row in rows]


def find_repeats(session: Session, vault: PersonalDataVault, review: DeathReview) -> Repeats:
    """What the reviewed declaration would file again."""
    deceased_lookup, death_report_id = None, None
    if review.report is not None and review.report.deceased.rrn is not None:
        deceased_lookup = vault.lookup_hash(review.report.deceased.rrn.digits, "rrn")
    elif review.existing is not None:
        original = session.get(Person, review.existing.deceased_id)
        deceased_lookup = original.rrn_lookup if original is not None else None
        death_report_id = review.existing.death_report_id
    reports = find_earlier_death_reports(session, deceased_lookup) if review.report and deceased_lookup else []
    inquiries: list[EarlierFiling] = []
    heir = review.inquiry.applicant if review.inquiry is not None else None
    if heir is not None and heir.rrn is not None:
        inquiries = find_earlier_inquiries(session, heir_lookup=vault.lookup_hash(heir.rrn.digits, "rrn"),
                                           deceased_lookup=deceased_lookup, death_report_id=death_report_id)
    return Repeats(tuple(reports), tuple(inquiries))


def check_repeats(runtime: Runtime, review: DeathReview) -> Repeats:
    """What the reviewed declaration would file again (the wizard shows it before filing)."""
    with runtime.db.session() as session:
        return find_repeats(session, runtime.vault, review)


def refuse_without_reason(repeats: Repeats, reason: str) -> None:
    """DuplicateDeathError or RepeatInquiryError when something is repeated and no reason is given."""
    if reason:
        return
    if repeats.death_reports:
        raise DuplicateDeathError(repeats)
    if repeats.inquiries:
        raise RepeatInquiryError(repeats)


def audit_repeats(session: Session, clerk: SignedInClerk, bundle: Bundle, repeats: Repeats, reason: str) -> None:
    """One audit event per kind of repeat, with the earlier receipt and the clerk's reason."""
    for action, earlier in (("death.duplicate_filed", repeats.death_reports),
                            ("death.inquiry_repeat_filed", repeats.inquiries)):
        if earlier:
            record_event(session, action, clerk.actor, entity_type="bundle", entity_id=bundle.id,
                         details={"receipt_no": bundle.receipt_no, "duplicate_of": earlier[0].receipt_no,
                                  "reason": reason})
