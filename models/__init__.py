"""Database tables of Counter (SQLModel). No behaviour beyond fields; no Textual.

Every primary key is a UUID so that rows created on an offline kiosk can be pushed to the central
PostgreSQL without collisions; every outward-facing row carries an idempotency key.
"""

from models.audit import AuditEvent
from models.base import utcnow
from models.bundles import (
    BirthReport,
    Bundle,
    DeathReport,
    HeirApplication,
    ReceiptCounter,
)
from models.details import (
    AuditDetails,
    BirthReportDetails,
    BundleDetails,
    DeathReportDetails,
    DeclinedService,
    HeirApplicationDetails,
    PersonDetails,
    RequestPayload,
)
from models.drafts import WizardDraft
from models.notifications import BirthNotification
from models.people import Clerk, Office, Person
from models.shapes import Bilingual, JsonShapeError, StoredText
from models.work import LinkedRequest, OutgoingMessage, PrintJob

__all__ = [
    "AuditDetails",
    "AuditEvent",
    "Bilingual",
    "BirthNotification",
    "BirthReport",
    "BirthReportDetails",
    "Bundle",
    "BundleDetails",
    "Clerk",
    "DeathReport",
    "DeathReportDetails",
    "DeclinedService",
    "HeirApplication",
    "HeirApplicationDetails",
    "JsonShapeError",
    "LinkedRequest",
    "Office",
    "OutgoingMessage",
    "Person",
    "PersonDetails",
    "PrintJob",
    "ReceiptCounter",
    "RequestPayload",
    "StoredText",
    "WizardDraft",
    "utcnow",
]
