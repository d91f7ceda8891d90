"""What a clerk does to one request on the worklist: retry it now, record a local department's result,
or cancel it with a reason. Each is one write transaction, audited under the clerk.

- Retry now: a request that failed (its tries ran out) is queued again with a fresh allowance of tries;
  a queued one waiting out its backoff becomes due at once. Either is sent on the dispatcher's next run.
- Record a result: only for a request on this office's own worklist (routed to the `local` channel), once
  it is there (acknowledged or dispatched): the same rules and the same text message to the citizen as
  an imported result (`counter.agencies.results.apply_result`).
- Cancel: a request no agency has yet (queued or failed), or one on the local worklist. A request an
  outside agency already holds is cancelled through its bundle's correction (a cancellation request to
  the agency), not here: cancelling it only in this database would leave the agency working on it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from sqlalchemy import update
from sqlmodel import Session

from counter.agencies.dispatch import LOCAL, route
from counter.agencies.lifecycle import FINAL, RequestStatus, status_label, transition
from counter.agencies.results import RESULT_MAX_LENGTH, ResultLine, ResultRefused, apply_result
from counter.base.config import Settings
from counter.base.errors import CounterError, ValidationError
from counter.base.i18n import _
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from counter.rules.text import clean_reason
from counter.store.audit import record_event
from models import Bundle, LinkedRequest, utcnow

CANCEL_REASON_LENGTH = 200
MAX_AMOUNT_WON = 10**12


class ActionRefused(CounterError):
    """The request cannot take this action now (the message says why)."""


def routed_locally(settings: Settings, request: LinkedRequest) -> bool:
    """Whether the request goes to this office's own worklist (the `local` channel) under `settings`."""
    explicit = next((entry for entry in settings.agencies if entry.code == request.agency_code), None)
    star = next((entry for entry in settings.agencies if entry.code == "*"), None)
    entry = route(explicit, star, request.local_department)
    return entry is not None and (entry is LOCAL or entry.channel == "local")


def _own_request(session: Session, request_id: uuid.UUID, clerk: SignedInClerk) -> LinkedRequest:
    """The request, if it belongs to the clerk's office; ActionRefused otherwise."""
    # Locked for the transaction on PostgreSQL, so no dispatcher claims it meanwhile (SKIP LOCKED passes
    # it by); SQLite's writer lock already keeps them apart.
    request = session.get(LinkedRequest, request_id, with_for_update=True)
    bundle = session.get(Bundle, request.bundle_id) if request is not None else None
    if request is None or bundle is None or bundle.office_id != clerk.office_id:
        raise ActionRefused(_("This request is not on this office's worklist."))
    return request


def retry_now(runtime: Runtime, request_id: uuid.UUID, clerk: SignedInClerk) -> str:
    """Make the request due at once (a failed one queued again with a fresh allowance of tries); the
    status it now has. ActionRefused for a request that is sent, final, or held by a dispatcher now."""
    with runtime.db.write() as session:
        request = _own_request(session, request_id, clerk)
        now = utcnow()
        if request.status == RequestStatus.FAILED:
            transition(session, request, RequestStatus.QUEUED, reason="retry by a clerk", actor=clerk.actor,
                       details={"attempts_before": request.attempts}, attempts=0, next_attempt_at=now,
                       finished_at=None)
            return request.status
        if request.status != RequestStatus.QUEUED:
            raise ActionRefused(_("Only a request waiting to be sent or not delivered can be retried (it is {status}).")
                                .format(status=status_label(request.status)))
        if request.claimed_by is not None:
            raise ActionRefused(_("The dispatcher is sending this request right now."))
        result = session.execute(
            update(LinkedRequest).where(LinkedRequest.id == request.id, LinkedRequest.status == "queued",  # type: ignore[arg-type]
                                        LinkedRequest.claimed_by.is_(None))  # type: ignore[union-attr]
            .values(next_attempt_at=now, updated_at=now), execution_options={"synchronize_session": False})
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ActionRefused(_("The dispatcher is sending this request right now."))
        record_event(session, "request.retry_now", clerk.actor, entity_type="linked_request", entity_id=request.id,
                     details={"bundle_id": str(request.bundle_id), "agency": request.agency_code,
                              "was_due": request.next_attempt_at.isoformat()})
        return request.status


def record_local_result(runtime: Runtime, request_id: uuid.UUID, clerk: SignedInClerk, *,
                        outcome: Literal["completed", "rejected"], result: str, amount_won: int | None,
                        decided_on: date, today: date) -> None:
    """Record the department's decision on a request of this office's own worklist, and queue the
    citizen's text message where they get one. ActionRefused, or ValidationError naming the field
    (`result`, `amount_won`), when it cannot be recorded."""
    text = clean_reason(result, field="result", max_length=RESULT_MAX_LENGTH, required=True)
    if amount_won is not None and not 0 <= amount_won <= MAX_AMOUNT_WON:
        raise ValidationError(_("Enter an amount in won between 0 and {most}.").format(most=f"{MAX_AMOUNT_WON:,}"),
                              field="amount_won")
    line = ResultLine(idempotency_key=uuid.uuid4(), outcome=outcome, result=text, amount_won=amount_won,
                      decided_on=decided_on)
    with runtime.db.write() as session:
        request = _own_request(session, request_id, clerk)
        if not routed_locally(runtime.settings, request):
            raise ActionRefused(_("{agency} answers by itself: its result comes back from the agency.").format(
                agency=request.agency_name))
        try:
            apply_result(session, line.model_copy(update={"idempotency_key": request.idempotency_key}),
                         actor=clerk.actor, office_id=clerk.office_id, today=today, vault=runtime.vault)
        except ResultRefused as error:
            raise ActionRefused(error.message) from error


def cancel_request(runtime: Runtime, request_id: uuid.UUID, clerk: SignedInClerk, reason: str) -> None:
    """Cancel a request no outside agency holds yet, with the clerk's reason (required, audited).
    ActionRefused when it is final, held by a dispatcher now, or already at an outside agency."""
    text = clean_reason(reason, field="cancel_reason", max_length=CANCEL_REASON_LENGTH, required=True)
    with runtime.db.write() as session:
        request = _own_request(session, request_id, clerk)
        if request.status in FINAL:
            raise ActionRefused(_("The request is already {status}.").format(status=status_label(request.status)))
        at_agency = request.status in (RequestStatus.DISPATCHED, RequestStatus.ACKNOWLEDGED)
        if at_agency and not routed_locally(runtime.settings, request):
            raise ActionRefused(_("{agency} already has this request: cancel it through a correction of its bundle, "
                                  "which sends the agency a cancellation.").format(agency=request.agency_name))
        if request.claimed_by is not None:
            raise ActionRefused(_("The dispatcher is sending this request right now."))
        transition(session, request, RequestStatus.CANCELLED, reason=text, actor=clerk.actor,
                   details={"by": "worklist"})


def read_amount(text: str) -> int | None:
    """A typed amount in won (`150,000`, `150000원`; empty: none). ValidationError on `amount_won`."""
    digits = text.replace(",", "").replace("원", "").strip()
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit() or len(digits) > 13:
        raise ValidationError(_("Enter the amount in won as digits, e.g. 150,000."), field="amount_won")
    return int(digits)


def read_day(text: str) -> date:
    """A typed day (`2026-12-01`, `2026.12.01` or `20261201`). ValidationError on `decided_on`."""
    compact = text.strip().replace(".", "-").replace("/", "-")
    if compact.isdigit() and len(compact) == 8:
        compact = f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"
    try:
        return date.fromisoformat(compact)
    except ValueError:
        raise ValidationError(_("Enter the decision date as YYYY-MM-DD."), field="decided_on") from None
