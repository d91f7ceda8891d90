"""Bundles (one visit's filing) and the reports they contain."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import created_at, timestamp, uuid_pk
from models.details import (
    BirthReportDetails,
    BundleDetails,
    DeathReportDetails,
    HeirApplicationDetails,
)
from models.shapes import typed_json


class ReceiptCounter(SQLModel, table=True):
    """The last receipt sequence given out for one `OFFICE-DEVICE-YYMMDD-` prefix."""

    __tablename__ = "receipt_counter"

    prefix: str = Field(primary_key=True, max_length=32)
    last: int = Field(default=0)


class Bundle(SQLModel, table=True):
    """What one visit filed: a birth or death report and everything linked to it."""

    __tablename__ = "bundle"
    __table_args__ = (  # the lookup's pages, newest first, alone or within one kind, clerk or office
        Index("ix_bundle_filed", "filed_at", "id"),
        Index("ix_bundle_kind_filed", "kind", "filed_at", "id"),
        Index("ix_bundle_clerk_filed", "clerk_id", "filed_at", "id"),
        Index("ix_bundle_office_filed", "office_id", "filed_at", "id"),
    )

    id: uuid.UUID = uuid_pk()
    kind: str = Field(max_length=16, index=True)
    receipt_no: str = Field(max_length=32, unique=True, index=True)
    idempotency_key: uuid.UUID = Field(unique=True, index=True)
    status: str = Field(max_length=16, default="filed", index=True)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    device: str = Field(max_length=32)
    clerk_id: uuid.UUID = Field(foreign_key="clerk.id", index=True)
    catalogue_set: str = Field(max_length=32)
    duplicate_of: uuid.UUID | None = Field(default=None)
    duplicate_reason: str | None = Field(default=None, max_length=500)
    details: BundleDetails = typed_json(BundleDetails, "bundle.details")
    filed_at: datetime = created_at()
    synced_at: datetime | None = timestamp()


class BirthReport(SQLModel, table=True):
    """A birth report (가족관계등록법 제44조) within a bundle."""

    __tablename__ = "birth_report"

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID = Field(foreign_key="bundle.id", unique=True, index=True)
    child_id: uuid.UUID = Field(foreign_key="person.id")
    reporter_id: uuid.UUID = Field(foreign_key="person.id")
    birth_date: date = Field(index=True)
    birth_time: time | None = None
    """The time of birth (24-hour, to the minute); None for reports filed before it was recorded (schema
    0006), never midnight in its place."""
    birth_place_kind: str | None = Field(default=None, max_length=24)
    """The form's box (`counter.rules.form_places.BirthPlaceKind`); None before schema 0006."""
    child_key: str = Field(max_length=64, index=True)
    deadline: date
    days_late: int = Field(default=0)
    fine_won: int = Field(default=0)
    reporter_qualification: str = Field(max_length=32)
    reporter_reason: str | None = Field(default=None, max_length=500)
    details: BirthReportDetails = typed_json(BirthReportDetails, "birth_report.details")


class DeathReport(SQLModel, table=True):
    """A death report (가족관계등록법 제84조) within a bundle."""

    __tablename__ = "death_report"

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID = Field(foreign_key="bundle.id", unique=True, index=True)
    deceased_id: uuid.UUID = Field(foreign_key="person.id")
    reporter_id: uuid.UUID = Field(foreign_key="person.id")
    death_date: date = Field(index=True)
    """The date the form writes: the next day for a death at midnight ending a day (0시, 자정)."""
    death_time: time | None = Field(default=None)
    """The time of death to the minute (24-hour); None when unknown (미상), and on reports filed before
    schema 0006, which did not ask it."""
    learned_date: date
    certificate: str = Field(max_length=16)
    """What proves the death: a `counter.rules.death_attachments.DeathProof` code; `other_proof` on
    reports filed before schema 0006 (which did not say which document)."""
    deadline: date
    days_late: int = Field(default=0)
    fine_won: int = Field(default=0)
    reporter_qualification: str = Field(max_length=32)
    details: DeathReportDetails = typed_json(DeathReportDetails, "death_report.details")


class HeirApplication(SQLModel, table=True):
    """The heir's single asset-inquiry application (안심상속), filed with or after a death report."""

    __tablename__ = "heir_application"

    id: uuid.UUID = uuid_pk()
    bundle_id: uuid.UUID = Field(foreign_key="bundle.id", index=True)
    death_report_id: uuid.UUID = Field(foreign_key="death_report.id", index=True)
    applicant_id: uuid.UUID = Field(foreign_key="person.id")
    proxy_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")
    basis: str = Field(max_length=32)
    deadline: date
    details: HeirApplicationDetails = typed_json(HeirApplicationDetails, "heir_application.details")
    filed_at: datetime = created_at()
