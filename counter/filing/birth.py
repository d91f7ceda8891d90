"""Filing a birth bundle (출생신고 + 행복출산 원스톱) in one transaction.

`file_birth` is the one filing service: the wizard and `counter file birth` both call it with a
declaration. It checks the declaration (`review_birth`), refuses a duplicate child without a reason,
and writes the bundle, its people (RRNs encrypted), the birth report, one queued request per chosen
service, the receipt and notice print jobs, the SMS the family asked for and the audit events -
all in one `Database.write()` transaction, so nothing partial is ever stored. A retry with the same
idempotency key returns the first filing's result and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.base.session import SignedInClerk
from counter.catalogue import Catalogue, ServiceDecision, load_catalogue
from counter.catalogue.rules import evaluate
from counter.filing.birth_declaration import BirthDeclaration
from counter.filing.birth_review import BirthReview, review_birth
from counter.filing.core import (
    FiledRequest,
    FilingResult,
    add_people,
    audit_filing,
    contact_fields,
    declaration_fingerprint,
    existing_bundle,
    fine_note,
    open_bundle,
    queue_message,
    queue_print_jobs,
    queue_request,
    replay_key,
    result_for_bundle,
)
from counter.filing.notification_links import linked_notification, match_and_link
from counter.messages.templates import render_message, sender_name
from counter.store.audit import record_event
from counter.texts.renderers import RECORD_NOTES
from models import (
    Bilingual,
    BirthReport,
    BirthReportDetails,
    Bundle,
    BundleDetails,
    DeclinedService,
    Office,
    RequestPayload,
)

if TYPE_CHECKING:
    from counter.base.config import Settings
    from counter.office.runtime import Runtime
    from counter.store.db import Database
    from counter.store.pii import PersonalDataVault

KIND = "birth"
# printers' `document_for_job` builds documents named `receipt` and `notice`; the bundle kind picks birth.
PRINT_JOBS = (("receipt", "receipt"), ("notice", "notice"))
SMS_TEMPLATE = "birth.filed"
PERIODIC = ("month", "year")


@dataclass(frozen=True)
class DuplicateBirth:
    """A bundle already filed for the same child (name, birth date, mother)."""

    bundle_id: uuid.UUID
    receipt_no: str
    filed_at: datetime


class DuplicateBirthError(ValidationError):
    """The same child was already filed; file again only with a reason (audited)."""

    def __init__(self, duplicates: list[DuplicateBirth]) -> None:
        self.duplicates = duplicates
        receipts = ", ".join(d.receipt_no for d in duplicates)
        super().__init__(
            _("This child (same name, birth date and mother) was already filed under receipt {receipts}. Stop "
              "here, or give the reason for filing again.").format(receipts=receipts),
            field="duplicate_reason", code="duplicate",
        )


def birth_catalogue(settings: Settings) -> Catalogue:
    """The office's catalogue (shipped set + override); CatalogueError names the file and line."""
    return load_catalogue(settings.catalogue_set, settings.catalogue_override_path())


def child_key(vault: PersonalDataVault, review: BirthReview) -> str:
    """Keyed hash of (child's name, birth date, mother's number): finds the same child without storing it.
    A foreign mother without a foreigner registration number is named by her name and birth date."""
    mother = review.mother
    if mother.rrn is not None:
        identity = mother.rrn.digits
    else:
        assert mother.birth_date is not None  # required without a number
        identity = f"foreign:{mother.name}|{mother.birth_date.isoformat()}"
    text = f"{review.child.name}|{review.birth_date.isoformat()}|{identity}"
    return vault.lookup_hash(text, "birth-child")


def find_duplicate_births(session: Session, key: str) -> list[DuplicateBirth]:
    """Bundles already filed for the child with this `child_key`, oldest first."""
    rows = session.exec(
        select(Bundle).join(BirthReport, col(BirthReport.bundle_id) == col(Bundle.id))
        .where(BirthReport.child_key == key).order_by(col(Bundle.filed_at))
    ).all()
    return [DuplicateBirth(row.id, row.receipt_no, row.filed_at) for row in rows]


def check_duplicates(db: Database, vault: PersonalDataVault, review: BirthReview) -> list[DuplicateBirth]:
    """The duplicates of a reviewed declaration (the wizard shows them before filing)."""
    with db.session() as session:
        return find_duplicate_births(session, child_key(vault, review))


def _bilingual(text: Any) -> Bilingual | None:
    return Bilingual(ko=text.ko, en=text.en) if text is not None else None


def _request_payload(decision: ServiceDecision, catalogue: Catalogue, review: BirthReview, position: int
                     ) -> RequestPayload:
    """What the papers print of the request, as data: names and words in both languages, dates, codes."""
    service = catalogue.service(decision.code)
    values = review.facts.values(review.today)
    case = next((c for c in service.amounts if evaluate(c.rule, values)), None)
    words = case.text if decision.amount_won is None and case is not None else None
    return RequestPayload(
        service_name=_bilingual(service.names), agency_name=_bilingual(service.agency_names), position=position,
        level=service.level, amount_period=decision.amount_period if decision.amount_period in PERIODIC else None,
        amount_words=_bilingual(words), usable_until=decision.usable_until,
        result_delivery=_bilingual(service.result_delivery),
        child_birth_date=review.birth_date, birth_order=review.order.order,
    )


def _extra(session: Session, report: BirthReview | BirthReport, bundle_id: uuid.UUID) -> dict[str, Any]:
    extra: dict[str, Any] = {"report_deadline": report.deadline.isoformat(), "days_late": report.days_late}
    notification = linked_notification(session, bundle_id)
    if notification is not None:  # 출생통보: the hospital's notification this report was linked to
        extra["notification"] = notification
    return extra


def _sms_body(session: Session, bundle: Bundle, count: int) -> str:
    """The filed message, in Korean (the citizen's language, not the clerk's)."""
    office = session.get(Office, bundle.office_id)
    return render_message("filed", "ko", office=sender_name(office.name) if office else "", report="birth",
                          receipt=bundle.receipt_no, count=count,
                          office_phone=office.phone if office else None).body


def _replayed(session: Session, existing: Bundle) -> FilingResult:
    report = session.exec(select(BirthReport).where(BirthReport.bundle_id == existing.id)).one()
    return replace(result_for_bundle(session, existing), extra=_extra(session, report, existing.id))


def _write_bundle(session: Session, vault: PersonalDataVault, clerk: SignedInClerk, catalogue: Catalogue,
                  review: BirthReview, key: uuid.UUID, fingerprint: str) -> FilingResult:
    existing = existing_bundle(session, key, kind=KIND, fingerprint=fingerprint)
    if existing is not None:
        return _replayed(session, existing)
    identity = child_key(vault, review)
    duplicates = find_duplicate_births(session, identity)
    if duplicates and not review.duplicate_reason:
        raise DuplicateBirthError(duplicates)
    chosen = review.chosen
    warnings = list(review.warnings)
    contact_cipher, contact_masked = contact_fields(vault, review.sms_phone)
    bundle = open_bundle(
        session, kind=KIND, clerk=clerk, idempotency_key=key, catalogue_set=catalogue.set_name, day=review.today,
        fingerprint=fingerprint,
        duplicate_of=duplicates[0].bundle_id if duplicates else None,
        duplicate_reason=review.duplicate_reason if duplicates else None,
        details=BundleDetails(fine_won=review.fine.amount_won, warnings=tuple(w.text for w in warnings),
                              declined=tuple(DeclinedService(code=code, reason=reason)
                                             for code, reason in review.declined.items()),
                              contact_cipher=contact_cipher, contact_masked=contact_masked),
    )
    parent_reports = {"mother": review.mother, "father": review.father}.get(review.reporter_role) is not None
    child, mother, father, other_reporter = add_people(
        session, vault, bundle, review.child, review.mother, review.father,
        None if parent_reports else review.reporter_person)
    reporter = {"mother": mother, "father": father}.get(review.reporter_role) or other_reporter
    assert child is not None and reporter is not None
    declaration = review.declaration
    proof = review.proof
    session.add(BirthReport(
        bundle_id=bundle.id, child_id=child.id, reporter_id=reporter.id, birth_date=review.birth_date,
        birth_time=review.birth_time.clock, birth_place_kind=review.place.kind.value,
        child_key=identity, deadline=review.deadline, days_late=review.days_late, fine_won=review.fine.amount_won,
        reporter_qualification=declaration.reporter.relation, reporter_reason=review.reporter.reason or None,
        details=BirthReportDetails(
            reporter_rank=review.reporter.rank, reporter_rule=RECORD_NOTES.make("birth_reporter", rule=review.reporter.rule),
            in_marriage=declaration.child.in_marriage, birth_order=review.order.order,
            child_count=review.order.child_count, multiple_birth=review.order.multiple_birth,
            after_formal_demand=declaration.after_formal_demand, fine_reason=fine_note(review.fine),
            birth_place_address=review.place.address, birth_place_description=review.place.description or None,
            registration_base_from=review.registration_base_from,
            proof=proof.proof.value if proof.proof else None,
            proof_rule=RECORD_NOTES.make("birth_proof", rule=proof.rule, material=proof.material)),
    ))
    requests = []
    for position, decision in enumerate(chosen, start=1):
        request = FiledRequest(service_code=decision.code, name=decision.name, agency_code=decision.agency_code,
                               agency_name=decision.agency_name, amount_won=decision.amount_won, status="queued",
                               reason=decision.why)
        queue_request(session, bundle, request, local_department=catalogue.service(decision.code).level == "local",
                      payload=_request_payload(decision, catalogue, review, position))
        requests.append(request)
    queue_print_jobs(session, bundle, PRINT_JOBS)
    if review.sms_phone:
        queue_message(session, vault, bundle, phone=review.sms_phone, template=SMS_TEMPLATE,
                      body=_sms_body(session, bundle, len(requests)))
    notified = None
    if review.mother.rrn is not None:  # a foreign mother without a number cannot be looked up
        # 가족관계등록법 제44조의3, 제44조의4①: a notified birth is checked against its report, and linked
        notified = match_and_link(
            session, vault, bundle_id=bundle.id, mother_rrn_digits=review.mother.rrn.digits,
            birth_date=review.birth_date, birth_time=review.birth_time.clock, sex=declaration.child.sex,
            birth_order=declaration.child.position_in_multiple_birth, actor=clerk.actor)
    audit_filing(session, clerk, bundle, {
        "catalogue_set": catalogue.set_name, "services": [d.code for d in chosen],
        "declined": sorted(review.declined), "fine_won": review.fine.amount_won, "days_late": review.days_late,
        "reporter_relation": declaration.reporter.relation, "reporter_rank": review.reporter.rank,
        "sms": review.sms_phone is not None, "birth_place_kind": review.place.kind.value,
        "proof": proof.proof.value if proof.proof else None,
        "notification": notified.kind if notified is not None else None,
        "notification_differences": [d.field for d in notified.differences] if notified is not None else [],
    })
    if duplicates:
        record_event(session, "birth.duplicate_filed", clerk.actor, entity_type="bundle", entity_id=bundle.id,
                     details={"receipt_no": bundle.receipt_no, "duplicate_of": duplicates[0].receipt_no,
                              "reason": review.duplicate_reason})
    return FilingResult(bundle.receipt_no, bundle.id, KIND, tuple(requests), tuple(warnings), review.fine.amount_won,
                        extra=_extra(session, review, bundle.id))


def file_birth(
    runtime: Runtime, clerk: SignedInClerk, declaration: Mapping[str, Any] | BirthDeclaration, *, today: date,
    catalogue: Catalogue | None = None, duplicate_reason: str | None = None,
) -> FilingResult:
    """File a birth bundle from `declaration` (a JSON-like mapping or a model) as `clerk`, in one transaction.

    Raises DeclarationError (every problem, by field), DuplicateBirthError (same child already filed,
    no reason given) or CatalogueError; nothing is written then. The same idempotency key returns the
    existing result with `already_filed` set.
    """
    raw = declaration.model_dump(mode="json") if isinstance(declaration, BirthDeclaration) else dict(declaration)
    if duplicate_reason is not None:
        raw["duplicate_reason"] = duplicate_reason
    fingerprint, key = declaration_fingerprint(raw), replay_key(raw)
    if key is not None:  # a retry returns what was filed, even after a deadline has passed since
        with runtime.db.session() as session:
            existing = existing_bundle(session, key, kind=KIND, fingerprint=fingerprint)
            if existing is not None:
                return _replayed(session, existing)
    catalogue = catalogue or birth_catalogue(runtime.settings)
    review = review_birth(raw, catalogue, today)
    key = review.declaration.idempotency_key or uuid.uuid4()
    vault = runtime.vault
    with runtime.db.write() as session:
        return _write_bundle(session, vault, clerk, catalogue, review, key, fingerprint)
