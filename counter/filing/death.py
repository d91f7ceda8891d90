"""Filing a death bundle (사망신고 + 안심상속 원스톱) in one transaction.

`file_death` is the one filing service: the wizard and `counter file death` both call it with a
declaration. It checks the declaration (`review_death`), refuses a second death report for the same
person, or a second inquiry by the same heir about them, without a reason (`death_repeats`), and writes the bundle, its people (RRNs encrypted), the death report, the
heir's application, one queued request per chosen inquiry item, the receipt and 안심상속 notice print
jobs, the SMS the applicant asked for and the audit events - all in one `Database.write()`
transaction, so nothing partial is ever stored. The inquiry may also be filed later, alone, against a
death report filed here (`death_report_receipt_no`), while its deadline runs. A retry with the same
idempotency key returns the first filing's result and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from sqlmodel import Session, col, select

from counter.base.session import SignedInClerk
from counter.catalogue import Catalogue, load_catalogue
from counter.filing.core import (
    FiledRequest,
    FilingResult,
    Warning,
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
from counter.filing.death_declaration import DeathDeclaration
from counter.filing.death_inquiry import InquiryReview
from counter.filing.death_repeats import (
    audit_repeats,
    find_repeats,
    refuse_without_reason,
)
from counter.filing.death_review import (
    DeathReview,
    ExistingDeathReport,
    death_date_of,
    notice_expectations,
    review_death,
)
from counter.messages.templates import render_message, sender_name
from counter.rules.death import renunciation_period_end
from counter.store.audit import record_event
from counter.texts.renderers import RECORD_NOTES, REQUEST_REASONS
from models import (
    Bilingual,
    Bundle,
    BundleDetails,
    DeathReport,
    DeathReportDetails,
    HeirApplication,
    HeirApplicationDetails,
    Office,
    Person,
    PersonDetails,
    RequestPayload,
)
from models.details import DeathPlaceCode

if TYPE_CHECKING:
    from counter.office.runtime import Runtime
    from counter.store.pii import PersonalDataVault

KIND = "death"
# print_service builds `receipt` and `notice` documents; the bundle kind makes them the death papers.
PRINT_JOBS = (("receipt", "receipt"), ("notice", "notice"))
SMS_TEMPLATE = "death.filed"


def find_death_report(session: Session, receipt_no: str) -> ExistingDeathReport | None:
    """The death report filed under `receipt_no` (for an inquiry filed later), if any."""
    row = session.exec(
        select(DeathReport, Person).join(Bundle, col(Bundle.id) == col(DeathReport.bundle_id))
        .join(Person, col(Person.id) == col(DeathReport.deceased_id)).where(Bundle.receipt_no == receipt_no)
    ).first()
    if row is None:
        return None
    report, deceased = row
    return ExistingDeathReport(
        receipt_no=receipt_no, bundle_id=report.bundle_id, death_report_id=report.id, deceased_id=deceased.id,
        deceased_key=deceased.rrn_lookup or f"person:{deceased.id}", death_date=report.death_date,
        declared_missing_on=report.details.declared_missing_on,
    )


def _inquiries_already_filed(session: Session, death_report_id: uuid.UUID) -> list[str]:
    rows = session.exec(
        select(Bundle.receipt_no).join(HeirApplication, col(HeirApplication.bundle_id) == col(Bundle.id))
        .where(HeirApplication.death_report_id == death_report_id).order_by(col(Bundle.filed_at))
    ).all()
    return list(rows)


def _copy_deceased(session: Session, bundle: Bundle, original_id: uuid.UUID) -> Person:
    """The deceased of an earlier bundle named again on this one (the encrypted number copied as is)."""
    original = session.get(Person, original_id)
    assert original is not None
    person = Person(bundle_id=bundle.id, role="deceased", name=original.name, birth_date=original.birth_date,
                    sex=original.sex, rrn_cipher=original.rrn_cipher, rrn_lookup=original.rrn_lookup,
                    rrn_masked=original.rrn_masked, details=PersonDetails(person_id=str(original.id)))
    session.add(person)
    session.flush()
    return person


def _bilingual(text: Any) -> Bilingual | None:
    return Bilingual(ko=text.ko, en=text.en) if text is not None else None


def _extra(report: DeathReport | None, application: HeirApplication | None, receipt_of_report: str | None,
           death_date: date | None) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if death_date is not None:  # for an heir who learned of the death that day (민법 제1019조①)
        extra["renunciation_period_end"] = renunciation_period_end(death_date).isoformat()
    if report is not None:  # the time of death 24-hour, null when it is not known (미상)
        extra.update(report_deadline=report.deadline.isoformat(), days_late=report.days_late,
                     death_date=report.death_date.isoformat(),
                     death_time=report.death_time.strftime("%H:%M") if report.death_time else None)
    if application is not None:
        last_day = application.details.last_filing_day
        extra.update(inquiry={"basis": application.basis, "rank": application.details.rank,
                              "deadline": application.deadline.isoformat(),
                              "last_filing_day": last_day.isoformat() if last_day else None})
    if receipt_of_report:
        extra["death_report_receipt_no"] = receipt_of_report
    return extra


def _sms_body(session: Session, bundle: Bundle, review: DeathReview) -> str:
    """The filed message, in Korean (the citizen's language, not the clerk's)."""
    count = len(review.inquiry.items) if review.inquiry else 0
    office = session.get(Office, bundle.office_id)
    return render_message("filed", "ko", office=sender_name(office.name) if office else "",
                          report="death" if review.report is not None else "inquiry", receipt=bundle.receipt_no,
                          count=count, office_phone=office.phone if office else None).body


def _write_report(session: Session, vault: PersonalDataVault, bundle: Bundle, review: DeathReview
                  ) -> tuple[Person, DeathReport]:
    report = review.report
    declaration = review.declaration
    assert report is not None and declaration.death is not None and declaration.reporter is not None
    form = report.form
    deceased, reporter, *_certifiers = add_people(session, vault, bundle, report.deceased, report.reporter,
                                                   *form.certifiers)
    assert deceased is not None and reporter is not None
    death, proof = declaration.death, form.proof
    assert proof.proof is not None  # an accepted proof names its document
    row = DeathReport(
        bundle_id=bundle.id, deceased_id=deceased.id, reporter_id=reporter.id, death_date=report.death_date,
        death_time=form.death_time.clock, learned_date=report.learned_on, certificate=str(proof.proof),
        deadline=report.timing.deadline, days_late=report.timing.days_late, fine_won=report.timing.fine_won,
        reporter_qualification=str(report.reporter_decision.reporter),
        details=DeathReportDetails(
            place=form.place.address, place_kind=cast(DeathPlaceCode, form.place.kind.value),
            place_description=form.place.description or None, certificate_reason=proof.reason or None,
            proof_rule=RECORD_NOTES.make("death_proof", rule=proof.rule, proof=proof.proof, reason=proof.reason),
            reporter_obliged=report.reporter_decision.obliged,
            reporter_rule=RECORD_NOTES.make("death_reporter", rule=report.reporter_decision.rule,
                                            reporter=report.reporter_decision.reporter),
            had_cohabiting_relative=death.had_cohabiting_relative, after_formal_demand=declaration.after_formal_demand,
            declared_missing_on=death.declared_missing_on, fine_reason=fine_note(report.timing.fine)),
    )
    session.add(row)
    session.flush()
    return deceased, row


def _write_inquiry(session: Session, vault: PersonalDataVault, bundle: Bundle, inquiry: InquiryReview,
                   death_report_id: uuid.UUID, deceased: Person, representation: str) -> tuple[HeirApplication,
                                                                                               list[FiledRequest]]:
    applicant, proxy = add_people(session, vault, bundle, inquiry.applicant, inquiry.proxy)
    assert applicant is not None
    decision = inquiry.decision
    application = HeirApplication(
        bundle_id=bundle.id, death_report_id=death_report_id, applicant_id=applicant.id,
        proxy_id=proxy.id if proxy else None, basis=str(decision.basis), deadline=inquiry.deadline.ends_on,
        details=HeirApplicationDetails(
            rank=decision.rank, relation=str(inquiry.heir_relation) if inquiry.heir_relation else None,
            representation=representation,
            decision=RECORD_NOTES.make("heir_standing", **asdict(decision.standing)) if decision.standing else None,
            documents_seen=tuple(RECORD_NOTES.make("document", document=document) for document in decision.documents),
            last_filing_day=inquiry.deadline.last_filing_day, deadline_rule=str(inquiry.deadline.rule)),
    )
    session.add(application)
    session.flush()
    requests = []
    for chosen in inquiry.items:
        item = chosen.item
        reason = REQUEST_REASONS.make("inquiry_delivery", channel=chosen.channel, date=chosen.due_date)
        request = FiledRequest(service_code=item.code, name=item.name, agency_code=item.agency_code,
                               agency_name=item.agency_name, amount_won=None, status="queued", reason=reason,
                               delivery_channel=chosen.channel, due_date=chosen.due_date)
        payload = RequestPayload(
            service_name=_bilingual(item.names), agency_name=_bilingual(item.agency_names), position=chosen.position,
            note=_bilingual(item.note), processing_days=item.processing_days,
            heir_application_id=str(application.id), deceased_person_id=str(deceased.id),
            applicant_person_id=str(applicant.id), reply_to_person_id=str((proxy or applicant).id),
        )
        queue_request(session, bundle, request, local_department=item.local_department, payload=payload)
        requests.append(request)
    return application, requests


def _replayed(session: Session, bundle: Bundle) -> FilingResult:
    """The result of a bundle filed before under the same idempotency key, rebuilt from its rows."""
    report = session.exec(select(DeathReport).where(DeathReport.bundle_id == bundle.id)).first()
    application = session.exec(select(HeirApplication).where(HeirApplication.bundle_id == bundle.id)).first()
    earlier = bundle.details.death_report_receipt_no
    death = report or (session.get(DeathReport, application.death_report_id) if application else None)
    return replace(result_for_bundle(session, bundle),
                   extra=_extra(report, application, earlier, death.death_date if death else None))


def _write_bundle(session: Session, vault: PersonalDataVault, clerk: SignedInClerk, catalogue: Catalogue,
                  review: DeathReview, key: uuid.UUID, fingerprint: str | None) -> FilingResult:
    existing = existing_bundle(session, key, kind=KIND, fingerprint=fingerprint)
    if existing is not None:
        return _replayed(session, existing)
    warnings = list(review.warnings)
    repeats = find_repeats(session, vault, review)
    refuse_without_reason(repeats, review.duplicate_reason)
    repeated = repeats.first
    if review.existing is not None:
        earlier = _inquiries_already_filed(session, review.existing.death_report_id)
        if earlier:
            warnings.append(_earlier_inquiry_warning(earlier))
    fine_won = review.report.timing.fine_won if review.report else 0
    contact_cipher, contact_masked = contact_fields(vault, review.contact_phone)
    bundle = open_bundle(
        session, kind=KIND, clerk=clerk, idempotency_key=key, catalogue_set=catalogue.set_name, day=review.today,
        fingerprint=fingerprint, duplicate_of=repeated.bundle_id if repeated else None,
        duplicate_reason=review.duplicate_reason if repeated else None,
        details=BundleDetails(fine_won=fine_won, warnings=tuple(w.text for w in warnings),
                              notice_expectations=notice_expectations(review), inquiry_only=review.report is None,
                              death_report_receipt_no=review.existing.receipt_no if review.existing else None,
                              contact_cipher=contact_cipher, contact_masked=contact_masked),
    )
    if review.report is not None:
        deceased, report = _write_report(session, vault, bundle, review)
        death_report_id: uuid.UUID = report.id
    else:
        assert review.existing is not None
        deceased, report = _copy_deceased(session, bundle, review.existing.deceased_id), None
        death_report_id = review.existing.death_report_id
    application: HeirApplication | None = None
    requests: list[FiledRequest] = []
    declaration = review.declaration
    if review.inquiry is not None and declaration.inquiry is not None:
        application, requests = _write_inquiry(session, vault, bundle, review.inquiry, death_report_id, deceased,
                                               str(declaration.inquiry.representation))
    queue_print_jobs(session, bundle, PRINT_JOBS)
    if review.sms_phone:
        queue_message(session, vault, bundle, phone=review.sms_phone, template=SMS_TEMPLATE,
                      body=_sms_body(session, bundle, review))
    _audit(session, clerk, bundle, catalogue, review, report, application)
    audit_repeats(session, clerk, bundle, repeats, review.duplicate_reason)
    receipt_of_report = review.existing.receipt_no if review.existing else None
    return FilingResult(bundle.receipt_no, bundle.id, KIND, tuple(requests), tuple(warnings), fine_won,
                        extra=_extra(report, application, receipt_of_report, death_date_of(review)))


def _earlier_inquiry_warning(receipts: list[str]) -> Warning:
    return Warning.of("inquiry_already_filed", receipts=receipts)


def _audit(session: Session, clerk: SignedInClerk, bundle: Bundle, catalogue: Catalogue, review: DeathReview,
           report: DeathReport | None, application: HeirApplication | None) -> None:
    """The audit events: codes, counts and dates only, never a name or a number."""
    inquiry = review.inquiry
    summary: dict[str, Any] = {"catalogue_set": catalogue.set_name, "inquiry": inquiry is not None,
                               "inquiry_only": review.report is None, "sms": review.sms_phone is not None}
    if report is not None:
        summary.update(fine_won=report.fine_won, days_late=report.days_late, certificate=report.certificate,
                       reporter_qualification=report.reporter_qualification)
    if review.existing is not None:
        summary["death_report_receipt_no"] = review.existing.receipt_no
    if inquiry is not None:
        summary.update(items=[chosen.item.code for chosen in inquiry.items],
                       channels={chosen.item.code: chosen.channel for chosen in inquiry.items})
    audit_filing(session, clerk, bundle, summary)
    if application is not None and inquiry is not None:
        record_event(session, "death.inquiry_filed", clerk.actor, entity_type="heir_application",
                     entity_id=application.id,
                     details={"receipt_no": bundle.receipt_no, "basis": application.basis,
                              "rank": inquiry.decision.rank, "relation": application.details.relation,
                              "representation": application.details.representation,
                              "items": len(inquiry.items), "deadline": application.deadline.isoformat()})


def death_catalogue(runtime: Runtime) -> Catalogue:
    """The office's catalogue (the same setting as the birth services); CatalogueError names the file."""
    settings = runtime.settings
    return load_catalogue(settings.catalogue_set, settings.catalogue_override_path())


def review_for_filing(runtime: Runtime, declaration: Mapping[str, Any] | DeathDeclaration, *, today: date,
                      catalogue: Catalogue) -> DeathReview:
    """`review_death` with the earlier death report looked up and people keyed by their RRN hash."""
    raw = declaration.model_dump(mode="json") if isinstance(declaration, DeathDeclaration) else declaration
    existing = None
    receipt = raw.get("death_report_receipt_no") if isinstance(raw, Mapping) else None
    if isinstance(receipt, str) and receipt.strip():
        with runtime.db.session() as session:
            existing = find_death_report(session, receipt.strip().upper())  # copied by hand from paper
    vault = runtime.vault
    return review_death(raw, catalogue, today, existing=existing,
                        identity=lambda digits: vault.lookup_hash(digits, "rrn"))


def file_death(
    runtime: Runtime, clerk: SignedInClerk, declaration: Mapping[str, Any] | DeathDeclaration, *, today: date,
    catalogue: Catalogue | None = None, duplicate_reason: str | None = None,
) -> FilingResult:
    """File a death bundle (or an inquiry against an earlier death report) as `clerk`, in one transaction.

    Raises DeclarationError (every problem, by field; an ineligible heir under `inquiry.heir` with the
    rule and what would be needed; an inquiry past its deadline under `inquiry` with the day it ended),
    DuplicateDeathError (same person already reported dead) or RepeatInquiryError (same heir already
    applied about them) when no reason is given, or CatalogueError; nothing is written then. The same idempotency key returns the existing result with `already_filed` set.
    """
    raw: Any = declaration.model_dump(mode="json") if isinstance(declaration, DeathDeclaration) else declaration
    if duplicate_reason is not None and isinstance(raw, Mapping):
        raw = {**raw, "duplicate_reason": duplicate_reason}
    fingerprint = declaration_fingerprint(raw) if isinstance(raw, Mapping) else ""
    key = replay_key(raw) if isinstance(raw, Mapping) else None
    if key is not None:  # a retry returns what was filed, even after the inquiry deadline has passed
        with runtime.db.session() as session:
            existing = existing_bundle(session, key, kind=KIND, fingerprint=fingerprint)
            if existing is not None:
                return _replayed(session, existing)
    catalogue = catalogue or death_catalogue(runtime)
    review = review_for_filing(runtime, raw, today=today, catalogue=catalogue)
    key = review.declaration.idempotency_key or uuid.uuid4()
    with runtime.db.write() as session:
        return _write_bundle(session, runtime.vault, clerk, catalogue, review, key, fingerprint or None)
