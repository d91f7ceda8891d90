"""The requests to agencies as a list: filtered in SQL and paged by key (never everything loaded), for
`counter requests list` and the worklist screen.

Pages follow (created_at, id): the cursor is the last row's pair, so a page is an index range scan
however deep it is, and rows filed meanwhile never shift a page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import col, select

from counter.agencies.lifecycle import OPEN
from counter.store.db import Database
from models import Bundle, LinkedRequest, Office

MAX_PAGE = 1000


@dataclass(frozen=True)
class RequestFilter:
    """What the list holds: each given field narrows it."""

    status: str | None = None
    agency: str | None = None
    office: str | None = None
    overdue_on: date | None = None
    """Only requests still open whose due date is before this day."""


@dataclass(frozen=True)
class RequestRow:
    """One request as the list shows it (no personal data)."""

    request_id: uuid.UUID
    receipt_no: str
    kind: str
    office: str
    agency_code: str
    agency_name: str
    service_code: str
    status: str
    attempts: int
    due_date: date | None
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    finished_at: datetime | None
    agency_reference: str | None
    last_error: str | None
    result_text: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, dates as ISO text."""
        return {name: (value.isoformat() if isinstance(value, (date, datetime)) else
                       str(value) if isinstance(value, uuid.UUID) else value)
                for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class Page:
    """One page and the cursor of the next (None on the last page)."""

    rows: tuple[RequestRow, ...]
    after: tuple[datetime, uuid.UUID] | None


def list_requests(db: Database, wanted: RequestFilter, *, limit: int = 100,
                  after: tuple[datetime, uuid.UUID] | None = None) -> Page:
    """A page of requests matching `wanted`, oldest first, after the cursor `after`."""
    limit = max(1, min(limit, MAX_PAGE))
    query = (select(LinkedRequest, Bundle.receipt_no, Bundle.kind, Office.code)
             .join(Bundle, col(Bundle.id) == col(LinkedRequest.bundle_id))
             .join(Office, col(Office.id) == col(Bundle.office_id)))
    if wanted.status:
        query = query.where(LinkedRequest.status == wanted.status)
    if wanted.agency:
        query = query.where(LinkedRequest.agency_code == wanted.agency)
    if wanted.office:
        query = query.where(Office.code == wanted.office)
    if wanted.overdue_on:
        query = query.where(col(LinkedRequest.status).in_([str(status) for status in OPEN]),
                            col(LinkedRequest.due_date) < wanted.overdue_on)
    if after is not None:
        moment, last_id = after
        query = query.where(or_(col(LinkedRequest.created_at) > moment,
                                and_(col(LinkedRequest.created_at) == moment, col(LinkedRequest.id) > last_id)))
    query = query.order_by(col(LinkedRequest.created_at), col(LinkedRequest.id)).limit(limit + 1)
    with db.session() as session:
        found = session.exec(query).all()
    rows = tuple(RequestRow(
        request.id, receipt_no, kind, office, request.agency_code, request.agency_name, request.service_code,
        request.status, request.attempts, request.due_date, request.created_at, request.next_attempt_at,
        request.sent_at, request.finished_at, request.agency_reference, request.last_error, request.result_text)
        for request, receipt_no, kind, office in found[:limit])
    more = len(found) > limit
    return Page(rows, (rows[-1].created_at, rows[-1].request_id) if more and rows else None)
