"""A linked request's life, as a state machine: every change of status is one of these transitions,
made in the caller's write transaction and audited with its reason; any other is refused.

    queued -> dispatched -> acknowledged -> completed | rejected
    queued -> acknowledged       (sent and acknowledged in one exchange: an HTTP agency's 2xx)
    dispatched -> completed | rejected   (an agency exchanging files answers with its result)
    queued | dispatched -> rejected      (the agency refused the request itself: 4xx)
    queued -> failed                     (its tries ran out: a person must look)
    failed -> queued                     (a person retries it)
    queued | dispatched | acknowledged | failed -> cancelled   (its bundle was cancelled)

Completed, rejected and cancelled are final.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from counter.base.errors import CounterError
from counter.base.i18n import N_, _
from counter.store.audit import Actor, NewEvent, record_event, record_events
from models import LinkedRequest, utcnow


class RequestStatus(StrEnum):
    """Where a request to an agency stands."""

    QUEUED = "queued"
    DISPATCHED = "dispatched"
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    REJECTED = "rejected"
    FAILED = "failed"
    CANCELLED = "cancelled"


Q, D, A, C, R, F, X = (RequestStatus.QUEUED, RequestStatus.DISPATCHED, RequestStatus.ACKNOWLEDGED,
                       RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.FAILED,
                       RequestStatus.CANCELLED)
TRANSITIONS: Mapping[RequestStatus, frozenset[RequestStatus]] = {
    Q: frozenset({D, A, R, F, X}),
    D: frozenset({A, C, R, X}),
    A: frozenset({C, R, X}),
    F: frozenset({Q, X}),
    C: frozenset(),
    R: frozenset(),
    X: frozenset(),
}
FINAL = frozenset(status for status, onward in TRANSITIONS.items() if not onward)
OPEN = frozenset(RequestStatus) - FINAL


STATUS_LABELS = {
    RequestStatus.QUEUED: N_("waiting to be sent"), RequestStatus.DISPATCHED: N_("sent to the agency"),
    RequestStatus.ACKNOWLEDGED: N_("received by the agency"), RequestStatus.COMPLETED: N_("completed by the agency"),
    RequestStatus.REJECTED: N_("rejected by the agency"), RequestStatus.FAILED: N_("not delivered: tries ran out"), RequestStatus.CANCELLED: N_("cancelled with its bundle"),
}


def status_label(status: str) -> str:
    """A request status in words (the code itself if unknown)."""
    try:
        return _(STATUS_LABELS[RequestStatus(status)])
    except ValueError:
        return status


class IllegalTransition(CounterError):
    """A status change the request's lifecycle does not allow."""

    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(_("A request that is {current} cannot become {wanted}.").format(
            current=status_label(current), wanted=status_label(wanted)))
        self.current, self.wanted = current, wanted


def allowed(current: str, wanted: str) -> bool:
    """Whether a request in `current` may become `wanted`."""
    try:
        return RequestStatus(wanted) in TRANSITIONS[RequestStatus(current)]
    except ValueError:
        return False


class ClaimLost(CounterError):
    """The worker's claim on a request ran out and another worker holds it now: nothing was changed."""


def transition(session: Session, request: LinkedRequest, wanted: RequestStatus, *, reason: str,
               actor: Actor | None, details: Mapping[str, Any] | None = None, worker: str | None = None,
               **values: Any) -> None:
    """Move `request` to `wanted` with `values` set, in the caller's transaction, audited as
    `request.<wanted>` with the reason; IllegalTransition when the lifecycle does not allow it. The row
    is changed only if its status is still the one read (else IllegalTransition) and, for a `worker`,
    only while that worker holds it (else ClaimLost); a worker's try is counted and its claim released."""
    current = request.status
    if not allowed(current, wanted):
        raise IllegalTransition(current, wanted)
    now = utcnow()
    if wanted in FINAL or wanted is RequestStatus.FAILED:
        values.setdefault("finished_at", now)
    where = [LinkedRequest.id == request.id, LinkedRequest.status == current]
    if worker is not None:
        where.append(LinkedRequest.claimed_by == worker)
        values.update(claimed_by=None, claimed_at=None, attempts=LinkedRequest.attempts + 1)
    result = session.execute(
        update(LinkedRequest).where(*where).values(status=str(wanted), updated_at=now, **values),  # type: ignore[arg-type]
        execution_options={"synchronize_session": False})
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if worker is not None:
            raise ClaimLost(_("Another worker holds this request now."))
        raise IllegalTransition(current, wanted)
    request.status = str(wanted)
    for name, value in values.items():
        if name != "attempts":
            setattr(request, name, value)
    record_event(session, f"request.{wanted}", actor, entity_type="linked_request", entity_id=request.id,
                 details={"bundle_id": str(request.bundle_id), "agency": request.agency_code, "from": current,
                          "reason": reason[:200], **(details or {})})


def held_rows(session: Session, ids: list[uuid.UUID], worker: str, status: RequestStatus) -> set[uuid.UUID]:
    """Which of `ids` are still in `status` and held by `worker`, locked for this transaction (FOR UPDATE on
    PostgreSQL; SQLite's writer lock holds the whole table)."""
    query = select(LinkedRequest.id).where(col(LinkedRequest.id).in_(ids), LinkedRequest.status == str(status),
                                           LinkedRequest.claimed_by == worker)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return set(session.exec(query).all())


Move = tuple[LinkedRequest, RequestStatus, str, dict[str, Any], dict[str, Any]]
"""(request, wanted status, reason, column values, audit details)."""


def transition_held(session: Session, moves: list[Move], *, actor: Actor | None) -> None:
    """Many transitions of a worker's requests in one go, in the caller's transaction: each a `Move`, every request still held (`held_rows`, same transaction) and in the status it was
    read in. Its try is counted and its claim released; each transition audited like `transition`."""
    now = utcnow()
    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for request, wanted, _reason, values, _details in moves:
        if not allowed(request.status, wanted):
            raise IllegalTransition(request.status, wanted)
        row = dict(values)
        if wanted in FINAL or wanted is RequestStatus.FAILED:
            row.setdefault("finished_at", now)
        groups.setdefault((str(wanted), tuple(sorted(row))), []).append(
            {"row_id": request.id, **{f"v_{name}": value for name, value in row.items()}})
    table = LinkedRequest.__table__  # type: ignore[attr-defined]  # Core executemany: a row of parameters each
    for (status, names), rows in groups.items():
        statement = (update(table).where(table.c.id == bindparam("row_id"))
                     .values(status=status, updated_at=now, claimed_by=None, claimed_at=None,
                             attempts=table.c.attempts + 1, **{name: bindparam(f"v_{name}") for name in names}))
        session.connection().execute(statement, rows)
    record_events(session, actor, [
        NewEvent(f"request.{wanted}", "linked_request", request.id,
                 {"bundle_id": str(request.bundle_id), "agency": request.agency_code, "from": request.status,
                  "reason": reason[:200], **details})
        for request, wanted, reason, _values, details in moves])
    for request, wanted, _reason, _values, _details in moves:
        request.status = str(wanted)
