"""What filing a birth or a death bundle has in common.

Everything here runs inside the caller's `Database.write()` transaction, so a bundle is stored
whole or not at all (ARCHITECTURE: the database is the queue). Workers act on the queued rows
after the commit.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.base.session import SignedInClerk
from counter.filing.receipts import make_receipt_number, prefix
from counter.printing.print_service import agency_name, request_name
from counter.rules.fines import Fine
from counter.rules.rrn import Rrn
from counter.rules.sms import mask_phone
from counter.store.audit import record_event
from counter.store.pii import PersonalDataVault, mask_rrn
from counter.texts.renderers import RECORD_NOTES, REQUEST_REASONS, WARNINGS
from models import (
    Bundle,
    BundleDetails,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PersonDetails,
    PrintJob,
    RequestPayload,
    StoredText,
)
from models.shapes import checked


@dataclass(frozen=True)
class Warning:
    """Something the clerk should know that does not stop the filing: a code and its parameters
    (`counter.texts.renderers.WARNINGS`), said in the current language whenever it is shown."""

    text: StoredText

    @classmethod
    def of(cls, code: str, /, **params: Any) -> Warning:
        """The warning `code` with `params` (checked: an unknown code or parameter raises)."""
        return cls(WARNINGS.make(code, **params))

    @property
    def code(self) -> str:
        """What kind of warning it is (`late_report`, `parent_age`, ...)."""
        return self.text.code

    @property
    def message(self) -> str:
        """The warning in the current language."""
        return WARNINGS.render(self.text)


@dataclass(frozen=True)
class FiledRequest:
    """One queued request as reported back to the clerk or the script."""

    service_code: str
    name: str
    agency_code: str
    agency_name: str
    amount_won: int | None
    status: str
    reason: StoredText
    """Why it was filed (`counter.texts.renderers.REQUEST_REASONS`); `reason_text` says it."""
    delivery_channel: str | None = None
    due_date: date | None = None

    @property
    def reason_text(self) -> str:
        """Why it was filed, in the current language."""
        return REQUEST_REASONS.render(self.reason)


@dataclass(frozen=True)
class FilingResult:
    """What a filing produced (also what `counter file ...` prints as JSON)."""

    receipt_no: str
    bundle_id: uuid.UUID
    kind: str
    requests: tuple[FiledRequest, ...]
    warnings: tuple[Warning, ...]
    fine_won: int
    already_filed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "receipt_no": self.receipt_no,
            "bundle_id": str(self.bundle_id),
            "kind": self.kind,
            "already_filed": self.already_filed,
            "fine_won": self.fine_won,
            "requests": [
                {
                    "service_code": r.service_code,
                    "name": r.name,
                    "agency_code": r.agency_code,
                    "agency": r.agency_name,
                    "amount_won": r.amount_won,
                    "status": r.status,
                    "reason": r.reason_text,
                    "delivery_channel": r.delivery_channel,
                    "due_date": r.due_date.isoformat() if r.due_date else None,
                }
                for r in self.requests
            ],
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            **self.extra,
        }


def next_receipt_number(session: Session, clerk: SignedInClerk, day: date) -> str:
    """The next receipt number of this office and device for `day`, from its counter row.

    One upsert both takes the row lock (two processes of one device on PostgreSQL wait for each other;
    SQLite's BEGIN IMMEDIATE already serialises writers) and returns the number: no scan of the
    receipt numbers, and no limit of 9999 a day.
    """
    start = prefix(clerk.office_code, clerk.device, day)
    sequence = session.execute(
        text("INSERT INTO receipt_counter (prefix, last) VALUES (:prefix, 1) "
             "ON CONFLICT (prefix) DO UPDATE SET last = receipt_counter.last + 1 RETURNING last"),
        {"prefix": start},
    ).scalar_one()
    return make_receipt_number(clerk.office_code, clerk.device, day, sequence)


def declaration_fingerprint(raw: Mapping[str, Any]) -> str:
    """SHA-256 of a declaration without its idempotency key: a retry has the same one."""
    content = {k: v for k, v in raw.items() if k != "idempotency_key"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def replay_key(raw: Mapping[str, Any]) -> uuid.UUID | None:
    """The declaration's idempotency key, if it is a UUID (the review reports a malformed one)."""
    try:
        return uuid.UUID(str(raw["idempotency_key"]))
    except (KeyError, ValueError, TypeError):
        return None


def existing_bundle(session: Session, idempotency_key: uuid.UUID, *, kind: str | None = None,
                    fingerprint: str | None = None) -> Bundle | None:
    """The bundle already filed under `idempotency_key` (a retried submission), if any.

    ValidationError (code `idempotency_conflict`) when the key was used for another kind of bundle or
    another declaration: a script that reuses keys must not silently file nothing.
    """
    bundle = session.exec(select(Bundle).where(Bundle.idempotency_key == idempotency_key)).first()
    stored = bundle.details.fingerprint if bundle is not None else None
    if bundle is not None and ((kind is not None and bundle.kind != kind) or (
            fingerprint is not None and stored is not None and stored != fingerprint)):
        raise ValidationError(
            _("This idempotency key was already used for another filing (receipt {receipt}); use a new key.")
            .format(receipt=bundle.receipt_no), field="idempotency_key", code="idempotency_conflict")
    return bundle


def open_bundle(
    session: Session, *, kind: str, clerk: SignedInClerk, idempotency_key: uuid.UUID, catalogue_set: str,
    day: date, details: BundleDetails | None = None, duplicate_of: uuid.UUID | None = None,
    duplicate_reason: str | None = None, fingerprint: str | None = None,
) -> Bundle:
    """Create the bundle row with its receipt number (and the declaration's fingerprint, for replays)."""
    bundle = Bundle(
        kind=kind, receipt_no=next_receipt_number(session, clerk, day), idempotency_key=idempotency_key,
        office_id=clerk.office_id, device=clerk.device, clerk_id=clerk.clerk_id, catalogue_set=catalogue_set,
        duplicate_of=duplicate_of, duplicate_reason=duplicate_reason,
        details=(details or BundleDetails()).model_copy(update={"fingerprint": fingerprint} if fingerprint else {}),
    )
    session.add(bundle)
    session.flush()
    return bundle


@dataclass(frozen=True)
class PersonEntry:
    """A person as the filing stores them: cleaned name, parsed number, birth date and sex."""

    role: str
    name: str
    rrn: Rrn | None
    birth_date: date | None
    sex: str | None
    details: dict[str, Any]


def person_row(vault: PersonalDataVault, bundle: Bundle, entry: PersonEntry) -> Person:
    """The person's row; the RRN is stored only encrypted, hashed and masked."""
    person = Person(bundle_id=bundle.id, role=entry.role, name=entry.name, birth_date=entry.birth_date,
                    sex=entry.sex, details=checked(PersonDetails, "person.details", entry.details))
    if entry.rrn is not None:
        digits = entry.rrn.digits
        person.rrn_cipher = vault.encrypt(digits, "rrn")
        person.rrn_lookup = vault.lookup_hash(digits, "rrn")
        person.rrn_masked = mask_rrn(digits)
    return person


def add_people(session: Session, vault: PersonalDataVault, bundle: Bundle,
               *entries: PersonEntry | None) -> list[Person | None]:
    """The bundle's people, written in one flush (rows that refer to them come after); None stays None."""
    rows = [person_row(vault, bundle, entry) if entry is not None else None for entry in entries]
    session.add_all([row for row in rows if row is not None])
    session.flush()
    return rows


def queue_request(session: Session, bundle: Bundle, request: FiledRequest, *, local_department: bool = False,
                  payload: RequestPayload | None = None) -> LinkedRequest:
    """One request to an agency, queued for the dispatcher; its UUID is its idempotency key. The stored
    agency name is the agency's own (Korean) name whatever the clerk's language; papers and screens say
    it in theirs from the payload."""
    payload = payload or RequestPayload()
    row = LinkedRequest(
        bundle_id=bundle.id, service_code=request.service_code, agency_code=request.agency_code,
        agency_name=payload.agency_name.ko if payload.agency_name else request.agency_name,
        local_department=local_department,
        delivery_channel=request.delivery_channel, amount_won=request.amount_won, reason=request.reason,
        status=request.status, due_date=request.due_date, payload=payload,
    )
    row.idempotency_key = row.id
    session.add(row)
    return row


def fine_note(fine: Fine | None) -> StoredText | None:
    """The fine's tier as a record note (None for no fine)."""
    if fine is None:
        return None
    return RECORD_NOTES.make("fine", tier=fine.tier, amount=fine.amount_won, after_demand=fine.after_demand)


def queue_print_jobs(session: Session, bundle: Bundle, documents: tuple[tuple[str, str], ...]) -> list[PrintJob]:
    """Pending print jobs, one per `(document, role)`, for the spool to print after the commit."""
    jobs = []
    for document, role in documents:
        job = PrintJob(bundle_id=bundle.id, document=document, role=role)
        job.idempotency_key = job.id
        session.add(job)
        jobs.append(job)
    return jobs


def contact_fields(vault: PersonalDataVault, phone: str | None) -> tuple[str | None, str | None]:
    """`BundleDetails.contact_cipher` and `contact_masked`: the citizen's mobile number for later messages,
    encrypted (None, None without one)."""
    if not phone:
        return None, None
    return vault.encrypt(phone, "phone"), mask_phone(phone)


def queue_message(session: Session, vault: PersonalDataVault, bundle: Bundle, *, phone: str, template: str,
                  body: str) -> OutgoingMessage:
    """An SMS to the citizen, the number stored encrypted."""
    message = OutgoingMessage(bundle_id=bundle.id, recipient_cipher=vault.encrypt(phone, "phone"),
                              recipient_masked=mask_phone(phone), template=template, body=body)
    message.idempotency_key = message.id
    session.add(message)
    return message


def audit_filing(session: Session, clerk: SignedInClerk, bundle: Bundle, summary: dict[str, Any]) -> None:
    """The filing's audit event (no personal data in the details)."""
    record_event(session, f"{bundle.kind}.filed", clerk.actor, entity_type="bundle", entity_id=bundle.id,
                 details={"receipt_no": bundle.receipt_no, **summary})


def result_for_bundle(session: Session, bundle: Bundle, *, already_filed: bool = True) -> FilingResult:
    """Rebuild a bundle's filing result from its stored rows (a retried submission, a lookup)."""
    rows = session.exec(
        select(LinkedRequest).where(LinkedRequest.bundle_id == bundle.id).order_by(col(LinkedRequest.created_at))
    ).all()
    requests = tuple(
        FiledRequest(
            service_code=r.service_code, name=request_name(r), agency_code=r.agency_code,
            agency_name=agency_name(r), amount_won=r.amount_won, status=r.status, reason=r.reason,
            delivery_channel=r.delivery_channel, due_date=r.due_date,
        )
        for r in rows
    )
    warnings = tuple(Warning(text) for text in bundle.details.warnings)
    return FilingResult(bundle.receipt_no, bundle.id, bundle.kind, requests, warnings, bundle.details.fine_won,
                        already_filed=already_filed)

