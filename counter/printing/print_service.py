"""From database rows to printable documents: what the spool prints, the preview shows and a
reprint enqueues.

Every word comes from the rows in the language current when the paper is built, whatever language
the bundle was filed in: names and catalogue wording from `LinkedRequest.payload` (both languages),
the notice's lines from `Bundle.details.notice_expectations` (codes, `counter.texts`), the office's
name and phone from its row.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from counter.base.config import PrinterSettings, Settings
from counter.base.errors import NotFoundError, ValidationError
from counter.base.i18n import _, format_date
from counter.base.stored_text import as_bilingual
from counter.catalogue.wording import PERIOD_NOTES
from counter.printing.signing import PayloadSigner, VerifiedPayload
from counter.rules.event_time import UNKNOWN, event_time_text
from counter.store.audit import Actor, record_event
from counter.store.db import Database
from counter.texts.renderers import NOTICE_LINES
from models import (
    BirthReport,
    Bundle,
    Clerk,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    Office,
    Person,
    PrintJob,
    RequestPayload,
)
from printers.builders import build_notice, build_receipt
from printers.data import (
    REPORT_KINDS,
    FiledRequestLine,
    NoticeData,
    PersonLine,
    ReceiptData,
)
from printers.document import Document
from printers.errors import NoPrinter, PrintError
from printers.fonts import FontSet
from printers.rendering import Rendering

if TYPE_CHECKING:
    from counter.printing.spool import SpoolOutcome

DOCUMENTS = ("receipt", "notice")
UNPRINTED_ROLES = ("certifier",)
"""People the papers do not name: those who vouched for a death are on the certificate handed in, not the receipt."""
ROLE_ORDER = ("child", "deceased", "subject", "spouse", "mother", "father", "applicant", "reporter", "proxy")


def request_name(request: LinkedRequest) -> str:
    """The service or item's name in the current language (its code when the payload has none)."""
    names = request.payload.service_name
    return as_bilingual(names.model_dump()) if names is not None else request.service_code


def agency_name(request: LinkedRequest) -> str:
    """The agency's name in the current language (the stored name when the payload has none)."""
    names = request.payload.agency_name
    return as_bilingual(names.model_dump()) if names is not None else request.agency_name


def request_note(payload: RequestPayload) -> str:
    """The request's extra line: the catalogue's words for the benefit, the voucher's last day, how
    the result comes (a stored `note` as it is, in the current language)."""
    if payload.note is not None:
        return as_bilingual(payload.note.model_dump())
    parts = []
    if payload.amount_words is not None:
        parts.append(as_bilingual(payload.amount_words.model_dump()))
    if payload.usable_until is not None:
        parts.append(_("usable until {date}").format(date=format_date(payload.usable_until)))
    if payload.result_delivery is not None:
        parts.append(as_bilingual(payload.result_delivery.model_dump()))
    return " · ".join(parts)


def _request_line(request: LinkedRequest) -> FiledRequestLine:
    period = request.payload.amount_period
    return FiledRequestLine(
        service=request_name(request),
        agency=agency_name(request),
        amount_won=request.amount_won,
        amount_note=_(PERIOD_NOTES[period]) if period in PERIOD_NOTES else "",
        delivery=request.delivery_channel,
        due_date=request.due_date,
        local_department=request.local_department,
        note=request_note(request.payload),
    )


def notice_lines(bundle: Bundle) -> tuple[str, ...]:
    """The lines the bundle's notice prints under its items, in the current language."""
    return tuple(NOTICE_LINES.render(line) for line in bundle.details.notice_expectations)


def receipt_data(session: Session, bundle: Bundle, *, reprint: bool = False) -> ReceiptData:
    """Everything the papers print about `bundle`, read from its rows (RRNs only in masked form)."""
    if bundle.kind not in REPORT_KINDS:
        raise ValidationError(_("Unknown report kind {kind}").format(kind=bundle.kind), field="kind")
    office = session.get(Office, bundle.office_id)
    clerk = session.get(Clerk, bundle.clerk_id)
    people = session.exec(select(Person).where(Person.bundle_id == bundle.id, col(Person.role).not_in(UNPRINTED_ROLES))
                          .order_by(col(Person.created_at))).all()
    people = sorted(people, key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else len(ROLE_ORDER))
    requests = session.exec(
        select(LinkedRequest).where(LinkedRequest.bundle_id == bundle.id).order_by(col(LinkedRequest.created_at))
    ).all()
    requests = sorted(requests, key=lambda r: r.payload.position if r.payload.position is not None else 10_000)
    data: dict[str, Any] = {}
    if bundle.kind == "birth":
        birth = session.exec(select(BirthReport).where(BirthReport.bundle_id == bundle.id)).first()
        if birth is not None:
            data = {"event_date": birth.birth_date, "report_deadline": birth.deadline, "fine_won": birth.fine_won,
                    "event_time": event_time_text(birth.birth_time)}
    elif bundle.kind == "death":
        death = session.exec(select(DeathReport).where(DeathReport.bundle_id == bundle.id)).first()
        if death is not None:  # a death's time is 미상 when not known, and on reports filed before it was asked
            data = {"event_date": death.death_date, "event_time": event_time_text(death.death_time or UNKNOWN),
                    "report_deadline": death.deadline, "fine_won": death.fine_won}
        heir = session.exec(select(HeirApplication).where(HeirApplication.bundle_id == bundle.id)).first()
        if heir is not None:
            data["application_deadline"] = heir.deadline
    return ReceiptData(
        kind=bundle.kind,
        receipt_no=bundle.receipt_no,
        office_name=office.name if office else "",
        office_code=office.code if office else "",
        filed_at=bundle.filed_at,
        clerk_name=clerk.display_name if clerk else "",
        people=tuple(PersonLine(p.role, p.name, p.rrn_masked) for p in people),
        requests=tuple(_request_line(r) for r in requests),
        office_phone=(office.phone or "") if office else "",
        reprint=reprint,
        **data,
    )


def build_document(
    data: ReceiptData, document: str, *, signer: PayloadSigner | None, issued_at: datetime, expectations: tuple[str, ...] = ()
) -> Document:
    """The receipt or notice for `data`, its QR signed when a signer is given (unsigned preview otherwise)."""
    if document not in DOCUMENTS:
        raise ValidationError(_("Unknown document {document}").format(document=document), field="document")
    kind = f"{document}-{data.kind}"
    url = signer.sign(data.receipt_no, data.office_code, kind, issued_at) if signer is not None else None
    if document == "receipt":
        return build_receipt(data, url, issued_at)
    return build_notice(NoticeData(data, issued_at, url, expectations))


def document_for_job(
    session: Session, job: PrintJob, *, signer: PayloadSigner | None = None, issued_at: datetime | None = None
) -> Document:
    """The document a print job prints (a reprint is marked 재발행)."""
    if job.bundle_id is None:
        raise NotFoundError(_("Print job {job} belongs to no bundle.").format(job=job.id))
    bundle = session.get(Bundle, job.bundle_id)
    if bundle is None:
        raise NotFoundError(_("Bundle {bundle} does not exist.").format(bundle=job.bundle_id))
    data = receipt_data(session, bundle, reprint=job.reprint_of is not None)
    moment = issued_at or job.printed_at or job.created_at
    return build_document(data, job.document, signer=signer, issued_at=moment, expectations=notice_lines(bundle))


def printer_for_job(settings: Settings, job: PrintJob) -> PrinterSettings:
    """The job's named printer, else the first printer serving its role (NoPrinter if none)."""
    from counter.printing.print_queue import role_label, serving_printer

    printer = serving_printer(settings, job.role, job.printer)
    if printer is not None:
        return printer
    if job.printer:
        raise NoPrinter(_("printer {name} is not in the settings").format(name=job.printer))
    raise NoPrinter(_("no printer for {role}").format(role=role_label(job.role)))


def rendering_for(document: Document, printer: PrinterSettings, fonts: FontSet) -> Rendering:
    """The document rendered at the printer's width and resolution."""
    return Rendering(document, fonts, printer.width_dots, printer.dpi)


def preview_text(db: Database, bundle_id: uuid.UUID, document: str, issued_at: datetime) -> str:
    """The terminal preview of a bundle's receipt or notice (QR left unsigned)."""
    from printers.text import render_text

    with db.session() as session:
        bundle = session.get(Bundle, bundle_id)
        if bundle is None:
            raise NotFoundError(_("Bundle {bundle} does not exist.").format(bundle=bundle_id))
        data = receipt_data(session, bundle)
        return render_text(build_document(data, document, signer=None, issued_at=issued_at,
                                          expectations=notice_lines(bundle)))


def enqueue_reprint(db: Database, bundle_id: uuid.UUID, document: str, actor: Actor | None) -> PrintJob:
    """A new pending job reprinting the bundle's `document` (printed as 재발행), audited."""
    if document not in DOCUMENTS:
        raise ValidationError(_("Unknown document {document}").format(document=document), field="document")
    with db.write() as session:
        bundle = session.get(Bundle, bundle_id)
        if bundle is None:
            raise NotFoundError(_("Bundle {bundle} does not exist.").format(bundle=bundle_id))
        original = session.exec(
            select(PrintJob)
            .where(PrintJob.bundle_id == bundle_id, PrintJob.document == document)
            .order_by(col(PrintJob.created_at))
        ).first()
        if original is None:
            raise NotFoundError(
                _("Bundle {receipt} has no {document} to reprint.").format(receipt=bundle.receipt_no, document=document)
            )
        job = PrintJob(bundle_id=bundle_id, document=document, role=original.role, reprint_of=original.id)
        session.add(job)
        session.flush()
        record_event(
            session, "print.reprint", actor, entity_type="print_job", entity_id=job.id,
            details={"bundle_id": str(bundle_id), "receipt_no": bundle.receipt_no, "document": document,
                     "reprint_of": str(job.reprint_of)},
        )
        return job


def verified_lines(proof: VerifiedPayload) -> list[str]:
    """What a valid QR code proves, in words, for the CLI and the verify screen."""
    from counter.base.i18n import format_datetime

    return [
        _("VALID: this paper was issued and signed by the office."),
        _("Receipt no.: {receipt}").format(receipt=proof.receipt_no),
        _("Office code: {office}").format(office=proof.office_code),
        _("Document: {document}").format(document=proof.document),
        _("Issued at: {time}").format(time=format_datetime(proof.issued_at)),
        _("Signing key: {kid}").format(kid=proof.key_id),
    ]


def outcome_line(outcome: SpoolOutcome) -> str:
    """One line per spool outcome for the CLI log (the reason in words, saying what to do)."""
    from printers.errors import reason_message

    if outcome.status == "done":
        return _("printed: job {job} on {printer}").format(job=outcome.job_id, printer=outcome.printer)
    if outcome.status == "lost":
        return _("job {job}: another worker took it over while it printed").format(job=outcome.job_id)
    return _("waiting: job {job} on {printer}: {message} ({detail})").format(
        job=outcome.job_id, printer=outcome.printer or "-", message=reason_message(outcome.reason), detail=outcome.detail or ""
    )


def describe_failure(error: PrintError) -> tuple[str, str]:
    """The reason code and a detail short enough for the job row."""
    return error.reason, (error.detail or error.message)[:500]
