"""The supervisor's daily list of what is due (`counter reminders --date D`), found in SQL.

Three kinds of reminder, from the filings the database holds:

- `past_due`: a request still open (`counter.agencies.lifecycle.OPEN`) whose result was due before D
  (`linked_request.due_date`: an inquiry item's processing days; birth benefits have none).
- `allowance_mark`: an allowance of a birth bundle (a catalogue service with `retroactive_days`, 60 in the
  shipped sets) whose mark - the last day to apply and still be paid from the birth month, the day of birth
  counted (보건복지부 아동수당·부모급여 사업안내; `counter.rules.birth.retroactive_until`) - is D or within
  the window. Either its request has not reached the agency (queued, dispatched to a file exchange, or
  failed: the office must get it there before the mark), or the family declined it at filing
  (`not_applied`: they can still apply in time).
- `inquiry_deadline`: a death whose 안심상속 deadline - 1 year from the last day of the month of death
  (사망자 등 재산조회 통합처리에 관한 기준, since 2022-07-29; 1 year from a declaration of disappearance since
  2025-06-23), moved to the next working day (`counter.rules.death.inquiry_deadline`) - is D or within the
  window. Either the death was reported without the inquiry and none was filed for it since (`not_applied`),
  or the inquiry was filed and some items have not reached their agency. An item an agency has received is
  in time however long the agency takes (a late result is `past_due`).

"Within the window" is `counter.rules.reminders.nearing`. Names are masked; no registration number is read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from counter.agencies.lifecycle import OPEN, RequestStatus, status_label
from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.catalogue import Catalogue
from counter.printing.print_service import agency_name, request_name
from counter.rules.birth import retroactive_until
from counter.rules.calendar import next_working_day
from counter.rules.death import inquiry_deadline
from counter.rules.reminders import (
    birth_dates_nearing_mark,
    days_left,
    death_dates_nearing_inquiry_deadline,
    declarations_nearing_inquiry_deadline,
    nearing,
    period_ends_nearing,
)
from counter.store.pii import mask_name
from models import BirthReport, Bundle, DeathReport, HeirApplication, LinkedRequest, Office, Person

NOT_RECEIVED = frozenset({RequestStatus.QUEUED, RequestStatus.DISPATCHED, RequestStatus.FAILED})
"""A request its agency has not confirmed receiving."""
NOT_APPLIED = "not_applied"
"""The state of a reminder without a request: a declined allowance, a death without the inquiry."""
CANCELLED = "cancelled"
SUBJECTS = ("child", "deceased")
INQUIRY_WHAT = N_("Combined asset inquiry (안심상속) application")
_IN_QUERY = 500


class ReminderKind(StrEnum):
    """What a reminder is about."""

    PAST_DUE = "past_due"
    ALLOWANCE_MARK = "allowance_mark"
    INQUIRY_DEADLINE = "inquiry_deadline"


KIND_ORDER = {kind: position for position, kind in enumerate(ReminderKind)}
KIND_LABELS = {
    ReminderKind.PAST_DUE: N_("result past due"),
    ReminderKind.ALLOWANCE_MARK: N_("last day to be paid from the birth month"),
    ReminderKind.INQUIRY_DEADLINE: N_("asset inquiry (안심상속) deadline"),
}
NOT_APPLIED_LABEL = N_("not applied for")


def kind_label(kind: str) -> str:
    """A reminder's kind in words."""
    return _(KIND_LABELS[ReminderKind(kind)])


def state_label(state: str) -> str:
    """A reminder's state in words: the request's status, or not applied for."""
    return _(NOT_APPLIED_LABEL) if state == NOT_APPLIED else status_label(state)


@dataclass(frozen=True)
class Windows:
    """How many days ahead a deadline counts as near."""

    allowance_days: int
    inquiry_days: int


@dataclass(frozen=True)
class Reminder:
    """One line of the supervisor's list (no personal data but a masked name)."""

    kind: str
    state: str
    """The request's status, or `not_applied`."""
    receipt_no: str
    office: str
    agency: str | None
    what: str
    """The service or inquiry item (or the inquiry), in the current language."""
    service_code: str | None
    due: date
    days_left: int
    """Negative once the day has passed (a past-due result)."""
    subject: str
    """The child's or the deceased's name, masked."""
    request_id: uuid.UUID | None
    bundle_id: uuid.UUID
    message: str | None = None
    """What became of the citizen's text message (`counter.agencies.reminder_messages.MessageState`)."""
    remind_citizen: bool | None = field(default=None, repr=False)
    """For a `not_applied` reminder: whether the catalogue has the citizen reminded; None for the others."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, dates as ISO text."""
        return {"kind": self.kind, "state": self.state, "receipt_no": self.receipt_no, "office": self.office,
                "agency": self.agency, "what": self.what, "service_code": self.service_code,
                "due": self.due.isoformat(), "days_left": self.days_left, "subject": self.subject,
                "request_id": str(self.request_id) if self.request_id else None, "bundle_id": str(self.bundle_id),
                "message": self.message}


@dataclass(frozen=True)
class _Found:
    kind: ReminderKind
    state: str
    bundle: Bundle
    office: str
    due: date
    what: str
    agency: str | None
    service_code: str | None = None
    request: LinkedRequest | None = None
    remind_citizen: bool | None = None


def office_id(session: Session, office_code: str) -> uuid.UUID:
    """The office with `office_code`; ValidationError (field `office`) when there is none."""
    found = session.exec(select(Office.id).where(Office.code == office_code)).first()
    if found is None:
        raise ValidationError(_("No office has the code {code}.").format(code=office_code), field="office")
    return found


def _request_rows(session: Session, where: Iterable[Any], office: uuid.UUID | None,
                  report: type[BirthReport | HeirApplication] | None = None, *extra: Any) -> list[Any]:
    """(request, bundle, office code, *extra) of the requests matching `where`, joined to the bundle's `report`."""
    query = (select(LinkedRequest, Bundle, Office.code, *extra)
             .join(Bundle, col(Bundle.id) == col(LinkedRequest.bundle_id))
             .join(Office, col(Office.id) == col(Bundle.office_id)))
    if report is not None:
        query = query.join(report, col(report.bundle_id) == col(Bundle.id))
    query = query.where(*where)
    if office is not None:
        query = query.where(Bundle.office_id == office)
    return list(session.exec(query).all())


def _past_due(session: Session, today: date, office: uuid.UUID | None) -> list[_Found]:
    rows = _request_rows(session, [col(LinkedRequest.status).in_([str(s) for s in OPEN]),
                                   col(LinkedRequest.due_date) < today], office)
    return [_Found(ReminderKind.PAST_DUE, request.status, bundle, code, request.due_date, request_name(request),
                   agency_name(request), request.service_code, request)
            for request, bundle, code in rows if request.due_date is not None]


def _allowances(session: Session, catalogue: Catalogue, today: date, window: int,
                office: uuid.UUID | None) -> list[_Found]:
    services = {service.code: service for service in catalogue.services if service.retroactive_days}
    if not services:
        return []
    spans = [service.retroactive_days or 0 for service in services.values()]
    first, last = birth_dates_nearing_mark(today, window, (min(spans), max(spans)))
    found: list[_Found] = []
    undelivered = _request_rows(session, [col(LinkedRequest.service_code).in_(services),
                                          col(LinkedRequest.status).in_([str(s) for s in NOT_RECEIVED]),
                                          col(BirthReport.birth_date).between(first, last)], office,
                                BirthReport, BirthReport.birth_date)
    for request, bundle, code, born in undelivered:
        mark = retroactive_until(born, services[request.service_code].retroactive_days or 0)
        if nearing(mark, today, window):
            found.append(_Found(ReminderKind.ALLOWANCE_MARK, request.status, bundle, code, mark, request_name(request),
                                agency_name(request), request.service_code, request))
    query = (select(Bundle, col(Office.code), col(BirthReport.birth_date))
             .join(BirthReport, col(BirthReport.bundle_id) == col(Bundle.id))
             .join(Office, col(Office.id) == col(Bundle.office_id))
             .where(col(BirthReport.birth_date).between(first, last), Bundle.status != CANCELLED))
    if office is not None:
        query = query.where(Bundle.office_id == office)
    for bundle, code, born in session.exec(query).all():
        for declined in bundle.details.declined:  # the family's choice at filing, kept with the bundle
            service = services.get(declined.code)
            if service is None:
                continue
            mark = retroactive_until(born, service.retroactive_days or 0)
            if nearing(mark, today, window):
                found.append(_Found(ReminderKind.ALLOWANCE_MARK, NOT_APPLIED, bundle, code, mark, service.name,
                                    service.agency_name, service.code, remind_citizen=service.remind_citizen))
    return found


def _inquiries(session: Session, catalogue: Catalogue, today: date, window: int,
               office: uuid.UUID | None) -> list[_Found]:
    found: list[_Found] = []
    first, last = period_ends_nearing(today, window)
    undelivered = _request_rows(session, [col(LinkedRequest.status).in_([str(s) for s in NOT_RECEIVED]),
                                          col(HeirApplication.deadline).between(first, last)], office,
                                HeirApplication, HeirApplication.deadline, HeirApplication.details)
    for request, bundle, code, ends_on, details in undelivered:
        last_day = details.last_filing_day or next_working_day(ends_on)
        if nearing(last_day, today, window):
            found.append(_Found(ReminderKind.INQUIRY_DEADLINE, request.status, bundle, code, last_day,
                                request_name(request), agency_name(request), request.service_code, request))
    deaths = death_dates_nearing_inquiry_deadline(today, window)
    declared = declarations_nearing_inquiry_deadline(today, window)
    declared_on = DeathReport.details["declared_missing_on"].as_string()  # type: ignore[index]
    query = (select(Bundle, col(Office.code), col(DeathReport.death_date), col(DeathReport.details))
             .join(DeathReport, col(DeathReport.bundle_id) == col(Bundle.id))
             .join(Office, col(Office.id) == col(Bundle.office_id))
             .where(or_(col(DeathReport.death_date).between(*deaths),
                        declared_on.between(declared[0].isoformat(), declared[1].isoformat())),
                    ~exists().where(col(HeirApplication.death_report_id) == col(DeathReport.id)),
                    Bundle.status != CANCELLED))
    if office is not None:
        query = query.where(Bundle.office_id == office)
    for bundle, code, died, details in session.exec(query).all():
        last_day = inquiry_deadline(died, declared_missing_on=details.declared_missing_on).last_filing_day
        if nearing(last_day, today, window):
            found.append(_Found(ReminderKind.INQUIRY_DEADLINE, NOT_APPLIED, bundle, code, last_day, _(INQUIRY_WHAT),
                                None, remind_citizen=catalogue.remind_inquiry))
    return found


def _subjects(session: Session, bundle_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each bundle's child or deceased, masked."""
    names: dict[uuid.UUID, str] = {}
    for start in range(0, len(bundle_ids), _IN_QUERY):
        rows = session.exec(select(Person.bundle_id, Person.name).where(
            col(Person.bundle_id).in_(bundle_ids[start:start + _IN_QUERY]), col(Person.role).in_(SUBJECTS))).all()
        names.update((bundle_id, mask_name(name)) for bundle_id, name in rows)
    return names


def find_reminders(session: Session, catalogue: Catalogue, today: date, windows: Windows, *,
                   office_code: str | None = None) -> list[Reminder]:
    """Everything due for `today`, soonest first; ValidationError for an unknown `office_code`."""
    office = office_id(session, office_code) if office_code is not None else None
    found = (_past_due(session, today, office)
             + _allowances(session, catalogue, today, windows.allowance_days, office)
             + _inquiries(session, catalogue, today, windows.inquiry_days, office))
    subjects = _subjects(session, sorted({entry.bundle.id for entry in found}))
    reminders = [Reminder(
        kind=str(entry.kind), state=entry.state, receipt_no=entry.bundle.receipt_no, office=entry.office,
        agency=entry.agency, what=entry.what, service_code=entry.service_code, due=entry.due,
        days_left=days_left(entry.due, today), subject=subjects.get(entry.bundle.id, ""),
        request_id=entry.request.id if entry.request else None, bundle_id=entry.bundle.id,
        remind_citizen=entry.remind_citizen) for entry in found]
    return sorted(reminders, key=lambda r: (r.due, KIND_ORDER[ReminderKind(r.kind)], r.receipt_no, r.what))
