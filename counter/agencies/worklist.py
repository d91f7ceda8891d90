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

from sqlalchemy import and_, false, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

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
    filed_before: datetime | None = None
    """Only requests filed before this moment (the worklist's age filter: older than N days)."""
    bundle_id: uuid.UUID | None = None
    newest_first: bool = False
    """Order: oldest first (the default, the order they are worked through) or newest first."""



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
    bundle_id: uuid.UUID | None = None
    local_department: bool = False
    delivery_channel: str | None = None
    result_amount_won: int | None = None
    decided_on: date | None = None
    service_name_ko: str = ""
    service_name_en: str = ""
    """The catalogue's name of the service or inquiry item (the code when it has none)."""

    def service_name(self, language: str) -> str:
        """The service's name in `language` (`ko` or `en`)."""
        return (self.service_name_en if language == "en" else self.service_name_ko) or self.service_code

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


def _names(request: LinkedRequest) -> tuple[str, str]:
    name = request.payload.service_name
    return (name.ko, name.en) if name is not None else (request.service_code, request.service_code)


def _office_condition(session: Session, code: str | None) -> ColumnElement[bool] | None:
    """The condition for requests of the office `code`: none when the database holds that office alone
    (a counter's own SQLite file), so the queries keep to the request table's own indexes instead of
    reading every request's bundle; never true for an office that does not exist."""
    if code is None:
        return None
    offices = session.exec(select(Office.id, Office.code).limit(2)).all()
    if len(offices) == 1 and offices[0][1] == code:
        return None
    found = next((office_id for office_id, office_code in offices if office_code == code), None)
    if found is None and len(offices) > 1:
        found = session.exec(select(Office.id).where(Office.code == code)).first()
    return col(Bundle.office_id) == found if found is not None else false()


def _filtered(query: Any, wanted: RequestFilter, office: ColumnElement[bool] | None) -> Any:
    if wanted.status:
        query = query.where(LinkedRequest.status == wanted.status)
    if wanted.agency:
        query = query.where(LinkedRequest.agency_code == wanted.agency)
    if office is not None:
        query = query.where(LinkedRequest.bundle_id.in_(select(Bundle.id).where(office)))  # type: ignore[attr-defined]
    if wanted.overdue_on:
        query = query.where(col(LinkedRequest.status).in_([str(status) for status in OPEN]),
                            col(LinkedRequest.due_date) < wanted.overdue_on)
    if wanted.filed_before:
        query = query.where(col(LinkedRequest.created_at) < wanted.filed_before)
    if wanted.bundle_id:
        query = query.where(LinkedRequest.bundle_id == wanted.bundle_id)
    return query


def _joined(query: Any) -> Any:
    return (query.join(Bundle, col(Bundle.id) == col(LinkedRequest.bundle_id))
            .join(Office, col(Office.id) == col(Bundle.office_id)))


def list_requests(db: Database, wanted: RequestFilter, *, limit: int = 100,
                  after: tuple[datetime, uuid.UUID] | None = None) -> Page:
    """A page of requests matching `wanted` in its order (oldest first unless `newest_first`), after the
    cursor `after` (the last row of the page before)."""
    limit = max(1, min(limit, MAX_PAGE))
    created, row_id = col(LinkedRequest.created_at), col(LinkedRequest.id)
    keyset = None
    if after is not None:
        moment, last_id = after
        if wanted.newest_first:
            keyset = or_(created < moment, and_(created == moment, row_id < last_id))
        else:
            keyset = or_(created > moment, and_(created == moment, row_id > last_id))
    order = (created.desc(), row_id.desc()) if wanted.newest_first else (created, row_id)
    with db.session() as session:
        query = _filtered(_joined(select(LinkedRequest, Bundle.receipt_no, Bundle.kind, Office.code)), wanted,
                          _office_condition(session, wanted.office))
        if after is not None:
            query = query.where(keyset)
        found = session.exec(query.order_by(*order).limit(limit + 1)).all()
    rows = tuple(RequestRow(
        request.id, receipt_no, kind, office, request.agency_code, request.agency_name, request.service_code,
        request.status, request.attempts, request.due_date, request.created_at, request.next_attempt_at,
        request.sent_at, request.finished_at, request.agency_reference, request.last_error, request.result_text,
        request.bundle_id, request.local_department, request.delivery_channel, request.result_amount_won,
        request.decided_on, *_names(request))
        for request, receipt_no, kind, office in found[:limit])
    more = len(found) > limit
    return Page(rows, (rows[-1].created_at, rows[-1].request_id) if more and rows else None)


def count_by_status(db: Database, wanted: RequestFilter) -> dict[str, int]:
    """How many requests match `wanted`, by status (the worklist's heading)."""
    with db.session() as session:
        query = _filtered(select(LinkedRequest.status, func.count()), wanted, _office_condition(session, wanted.office))
        return {status: int(count) for status, count in session.exec(query.group_by(LinkedRequest.status)).all()}


def agencies_in_use(db: Database, office: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every agency that has requests (of `office`), by code: the agency filter's choices.
    The codes come from the agency index alone; then one row of each for its name."""
    with db.session() as session:
        codes = session.exec(_filtered(select(LinkedRequest.agency_code).distinct(), RequestFilter(),
                                       _office_condition(session, office)).order_by(LinkedRequest.agency_code)).all()
        return [(code, session.exec(select(LinkedRequest.agency_name).where(LinkedRequest.agency_code == code)
                                    .limit(1)).one()) for code in codes]
