"""What an agency receives for one request: one JSON document, the same on every channel.

The agency needs to know whom the request is about and who asks, with their registration numbers
(decrypted here, at the moment of sending, and never stored in clear or logged): the child and the
parents for a birth benefit (the benefits are the parents' to receive); the deceased and the
applicant, or the proxy at the counter, for an asset inquiry item (results return to the applicant
or the proxy). Nobody else in the bundle (a reporter who is not a parent, those who vouched for a
death) is sent: no more personal data than the request needs (개인정보 보호법 제3조①).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from counter.store.pii import PersonalDataVault
from models import Bundle, LinkedRequest, Office, Person

SUBJECT_ROLES = {"birth": ("child",), "death": ("deceased",)}
"""Whom a request is about, by bundle kind."""
PARTY_ROLES = {"birth": ("mother", "father"), "death": ("applicant", "proxy")}
"""Who asks (or receives the result), by bundle kind."""
PAYLOAD_VERSION = 1


def _person(person: Person, vault: PersonalDataVault) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": person.role, "name": person.name}
    if person.rrn_cipher:
        digits = vault.decrypt(person.rrn_cipher, "rrn")
        entry["rrn"] = f"{digits[:6]}-{digits[6:]}"
    if person.birth_date:
        entry["birth_date"] = person.birth_date.isoformat()
    return entry


def people_by_bundle(session: Session, bundle_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Person]]:
    """The people of each bundle, in the order they were filed."""
    found: dict[uuid.UUID, list[Person]] = {}
    rows = session.exec(select(Person).where(col(Person.bundle_id).in_(list(set(bundle_ids))))
                        .order_by(col(Person.created_at))).all()
    for person in rows:
        found.setdefault(person.bundle_id, []).append(person)
    return found


def _bundle_part(bundle: Bundle, office: Office, people: list[Person], vault: PersonalDataVault) -> dict[str, Any]:
    subjects = SUBJECT_ROLES.get(bundle.kind, ())
    parties = PARTY_ROLES.get(bundle.kind, ())
    return {
        "receipt_no": bundle.receipt_no,
        "kind": bundle.kind,
        "office": {"code": office.code, "name": office.name, "phone": office.phone or ""},
        "filed_at": bundle.filed_at.isoformat(),
        "subject": [_person(p, vault) for p in people if p.role in subjects],
        "parties": [_person(p, vault) for p in people if p.role in parties],
    }


def request_document(request: LinkedRequest, bundle: Bundle, office: Office, people: list[Person],
                     vault: PersonalDataVault, shared: dict[uuid.UUID, dict[str, Any]] | None = None
                     ) -> dict[str, Any]:
    """The JSON document sent to the agency for `request` (registration numbers in clear). `shared` keeps
    each bundle's part (its people with their numbers decrypted once) for the other requests of a batch:
    the caller drops it once the batch's documents are made."""
    part = shared.get(bundle.id) if shared is not None else None
    if part is None:
        part = _bundle_part(bundle, office, people, vault)
        if shared is not None:
            shared[bundle.id] = part
    return {
        "version": PAYLOAD_VERSION,
        "idempotency_key": str(request.idempotency_key),
        "receipt_no": part["receipt_no"],
        "kind": part["kind"],
        "office": part["office"],
        "filed_at": part["filed_at"],
        "agency_code": request.agency_code,
        "service_code": request.service_code,
        "delivery_channel": request.delivery_channel or "",
        "amount_won": request.amount_won,
        "due_date": request.due_date.isoformat() if request.due_date else None,
        "subject": part["subject"],
        "parties": part["parties"],
    }
