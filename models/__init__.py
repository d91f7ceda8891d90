"""Database tables of Counter (SQLModel). No behaviour beyond fields; no Textual.

Every primary key is a UUID so that rows created on an offline kiosk can be pushed to the central
PostgreSQL without collisions; every outward-facing row carries an idempotency key.
"""

from models.audit import AuditEvent
from models.base import utcnow
from models.bundles import BirthReport, Bundle, DeathReport, HeirApplication, ReceiptCounter
from models.drafts import WizardDraft
from models.people import Clerk, Office, Person
from models.work import LinkedRequest, OutgoingMessage, PrintJob

__all__ = [
    "AuditEvent",
    "BirthReport",
    "Bundle",
    "Clerk",
    "DeathReport",
    "HeirApplication",
    "LinkedRequest",
    "Office",
    "OutgoingMessage",
    "Person",
    "PrintJob",
    "ReceiptCounter",
    "WizardDraft",
    "utcnow",
]
