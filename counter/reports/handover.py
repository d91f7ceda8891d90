"""The handover: what the next shift must pick up, as it stands when the report is made.

Work created before the window ends and still waiting on a person: requests whose tries ran out
(`failed`) or still open past their due date, receipts and notices not yet printed, text messages not
yet sent or refused by the gateway, and wizard drafts left unfinished at the office's counters. Counts
are full counts; the lists show the oldest `HANDOVER_LIMIT` of each kind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from counter.agencies.lifecycle import OPEN, RequestStatus
from counter.base.clock import KST
from counter.reports.window import ReportWindow
from models import Bundle, LinkedRequest, OutgoingMessage, PrintJob, WizardDraft

HANDOVER_LIMIT = 50
OPEN_STATUSES = sorted(str(status) for status in OPEN)
UNSENT_STATUSES = ("pending", "failed")


@dataclass(frozen=True)
class HandoverItem:
    """One piece of work to pick up: which bundle, what it is, where it stands (no personal data)."""

    receipt_no: str
    subject: str
    """The agency and service (`agency/service`), the document (`receipt`, `notice`) or the message
    template."""
    status: str
    created_at: datetime
    attempts: int
    due_date: date | None = None
    last_error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, dates as ISO text."""
        return {name: value.astimezone(KST).isoformat(timespec="seconds") if isinstance(value, datetime)
                else value.isoformat() if isinstance(value, date) else value
                for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class Handover:
    """What the next shift must pick up (counts, and the oldest items of each kind)."""

    failed_requests: int
    overdue_requests: int
    unprinted_jobs: int
    unsent_messages: int
    failed_messages: int
    drafts: int
    requests: tuple[HandoverItem, ...]
    print_jobs: tuple[HandoverItem, ...]
    messages: tuple[HandoverItem, ...]

    def counts(self) -> dict[str, int]:
        """The counts by name."""
        return {"failed_requests": self.failed_requests, "overdue_requests": self.overdue_requests,
                "unprinted_jobs": self.unprinted_jobs, "unsent_messages": self.unsent_messages,
                "failed_messages": self.failed_messages, "drafts": self.drafts}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the counts and the lists."""
        return {**self.counts(), "requests": [item.as_dict() for item in self.requests],
                "print_jobs": [item.as_dict() for item in self.print_jobs],
                "messages": [item.as_dict() for item in self.messages]}


def build_handover(session: Session, window: ReportWindow, office: tuple[uuid.UUID, str] | None) -> Handover:
    """The handover at the end of `window` for `office` (its id and code; None: every office)."""
    def of_office(query: Any) -> Any:
        return query if office is None else query.where(col(Bundle.office_id) == office[0])

    failed = col(LinkedRequest.status) == str(RequestStatus.FAILED)
    overdue = col(LinkedRequest.status).in_(OPEN_STATUSES) & (col(LinkedRequest.due_date) < window.overdue_on)
    needs_person = or_(failed, overdue)
    request_base = (select().select_from(LinkedRequest)
                    .join(Bundle, col(Bundle.id) == col(LinkedRequest.bundle_id))
                    .where(col(Bundle.filed_at) < window.end, needs_person))
    failed_count, overdue_count = session.execute(of_office(request_base.add_columns(
        func.coalesce(func.sum(case((failed, 1), else_=0)), 0),
        func.coalesce(func.sum(case((overdue, 1), else_=0)), 0)))).one()
    requests = session.execute(of_office(request_base.add_columns(LinkedRequest, col(Bundle.receipt_no)))
                               .order_by(col(LinkedRequest.created_at), col(LinkedRequest.id))
                               .limit(HANDOVER_LIMIT)).all()

    job_base = (select().select_from(PrintJob).join(Bundle, col(Bundle.id) == col(PrintJob.bundle_id))
                .where(col(PrintJob.status) == "pending", col(PrintJob.created_at) < window.end))
    unprinted = session.execute(of_office(job_base.add_columns(func.count(col(PrintJob.id))))).scalar_one()
    jobs = session.execute(of_office(job_base.add_columns(PrintJob, col(Bundle.receipt_no)))
                           .order_by(col(PrintJob.created_at), col(PrintJob.id)).limit(HANDOVER_LIMIT)).all()

    message_base = (select().select_from(OutgoingMessage)
                    .join(Bundle, col(Bundle.id) == col(OutgoingMessage.bundle_id))
                    .where(col(OutgoingMessage.status).in_(UNSENT_STATUSES),
                           col(OutgoingMessage.created_at) < window.end))
    by_status = {status: int(count) for status, count in session.execute(of_office(message_base.add_columns(
        col(OutgoingMessage.status), func.count(col(OutgoingMessage.id)))).group_by(col(OutgoingMessage.status))).all()}
    messages = session.execute(of_office(message_base.add_columns(OutgoingMessage, col(Bundle.receipt_no)))
                               .order_by(col(OutgoingMessage.created_at), col(OutgoingMessage.id))
                               .limit(HANDOVER_LIMIT)).all()

    drafts_query = select(func.count()).select_from(WizardDraft).where(col(WizardDraft.created_at) < window.end)
    if office is not None:
        drafts_query = drafts_query.where(col(WizardDraft.office_code) == office[1])
    drafts = session.execute(drafts_query).scalar_one()

    return Handover(
        failed_requests=int(failed_count), overdue_requests=int(overdue_count), unprinted_jobs=int(unprinted),
        unsent_messages=int(by_status.get("pending", 0)), failed_messages=int(by_status.get("failed", 0)),
        drafts=int(drafts),
        requests=tuple(HandoverItem(receipt_no, f"{request.agency_code}/{request.service_code}", request.status,
                                    request.created_at, request.attempts, request.due_date, request.last_error)
                       for request, receipt_no in requests),
        print_jobs=tuple(HandoverItem(receipt_no, job.document, job.status, job.created_at, job.attempts,
                                      None, job.last_error) for job, receipt_no in jobs),
        messages=tuple(HandoverItem(receipt_no, message.template, message.status, message.created_at,
                                    message.attempts, None, message.last_error) for message, receipt_no in messages),
    )
