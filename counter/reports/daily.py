"""The daily or shift report: the window's bundles by kind, clerk and office, the late-report fines
they carry, their requests by status, agency and service, their papers not yet printed and their
messages not yet sent, and the handover (`counter.reports.handover`).

Every figure is counted by the database (GROUP BY), never by loading the rows. The window's figures
follow the bundles filed in it (with everything filed with them); the statuses are those at the time
of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from counter.agencies.lifecycle import RequestStatus
from counter.base.clock import korea_now
from counter.base.errors import NotFoundError
from counter.base.i18n import _
from counter.base.stored_text import as_bilingual
from counter.reports.handover import Handover, build_handover
from counter.reports.window import ReportWindow, Shift, report_window
from counter.store.db import Database
from models import (
    BirthReport,
    Bundle,
    Clerk,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    Office,
    OutgoingMessage,
    PrintJob,
)

BUNDLE_KINDS = ("birth", "death")


class UnknownOffice(NotFoundError):
    """No office has the code a report was asked for."""

    def __init__(self, code: str) -> None:
        super().__init__(_("No office has the code {code}.").format(code=code), field="office")


@dataclass
class Tally:
    """One clerk's or one office's bundles, and the fines they carry."""

    code: str
    """The clerk's user name or the office's code."""
    name: str
    by_kind: dict[str, int] = field(default_factory=dict)
    fines_won: int = 0
    late_reports: int = 0

    @property
    def total(self) -> int:
        """Every bundle, whatever its kind."""
        return sum(self.by_kind.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: code, name, one count per kind, total, fines."""
        kinds = {kind: self.by_kind.get(kind, 0) for kind in (*BUNDLE_KINDS, *sorted(self.by_kind))}
        return {"code": self.code, "name": self.name, **kinds, "total": self.total,
                "fines_won": self.fines_won, "late_reports": self.late_reports}


@dataclass(frozen=True)
class RequestGroup:
    """How many of the window's requests share a status, an agency and a service."""

    status: str
    agency_code: str
    service_code: str
    count: int


@dataclass(frozen=True)
class DailyReport:
    """The report of one window (a day or a shift) for one office or all of them."""

    window: ReportWindow
    office: str | None
    """The office's code (None: every office)."""
    office_name: str | None
    generated_at: datetime
    clerks: tuple[Tally, ...]
    offices: tuple[Tally, ...]
    heir_applications: int
    request_groups: tuple[RequestGroup, ...]
    print_jobs: dict[str, int]
    """The window's print jobs by status (`pending`, `done`)."""
    messages: dict[str, int]
    """The window's text messages by status (`pending`, `sent`, `failed`)."""
    handover: Handover
    names: dict[str, str] = field(default_factory=dict)
    """Agencies' and services' names in the current language (`agency:CODE`, `service:CODE`), for the
    printed report; the JSON keeps the codes."""

    def name_of(self, kind: str, code: str) -> str:
        """The name of agency or service `code` (`kind` `agency` or `service`), the code if unknown."""
        return self.names.get(f"{kind}:{code}", code)

    @property
    def bundles(self) -> dict[str, int]:
        """Bundles by kind (birth and death always present) and their `total`."""
        kinds = dict.fromkeys(BUNDLE_KINDS, 0)
        for office in self.offices:
            for kind, count in office.by_kind.items():
                kinds[kind] = kinds.get(kind, 0) + count
        return {**kinds, "total": sum(kinds.values())}

    @property
    def fines_won(self) -> int:
        """The late-report fines (과태료, 가족관계등록법 제121조, 제122조) of the window's reports."""
        return sum(office.fines_won for office in self.offices)

    @property
    def late_reports(self) -> int:
        """Reports filed after their deadline."""
        return sum(office.late_reports for office in self.offices)

    def requests_by(self, attribute: str) -> dict[str, int]:
        """The window's requests counted by `status`, `agency_code` or `service_code`."""
        counts: dict[str, int] = {}
        for group in self.request_groups:
            key = getattr(group, attribute)
            counts[key] = counts.get(key, 0) + group.count
        return dict(sorted(counts.items()))

    @property
    def requests(self) -> dict[str, Any]:
        """The requests' `total`, and counts `by_status` (every status present), `by_agency`, `by_service`."""
        by_status = {str(status): 0 for status in RequestStatus} | self.requests_by("status")
        return {"total": sum(group.count for group in self.request_groups), "by_status": by_status,
                "by_agency": self.requests_by("agency_code"), "by_service": self.requests_by("service_code")}

    @property
    def unprinted_jobs(self) -> int:
        """The window's receipts and notices not yet printed."""
        return self.print_jobs.get("pending", 0)

    @property
    def unsent_messages(self) -> int:
        """The window's text messages not sent (waiting, or refused for good)."""
        return sum(count for status, count in self.messages.items() if status != "sent")

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (codes, never translated words)."""
        return {
            "date": self.window.day.isoformat(), "shift": self.window.shift, "office": self.office,
            "office_name": self.office_name,
            "from": self.window.start.isoformat(), "to": self.window.end.isoformat(),
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "bundles": self.bundles, "heir_applications": self.heir_applications,
            "requests": self.requests, "fines_won": self.fines_won, "late_reports": self.late_reports,
            "unprinted_jobs": self.unprinted_jobs, "unsent_messages": self.unsent_messages,
            "print_jobs_by_status": dict(sorted(self.print_jobs.items())),
            "messages_by_status": dict(sorted(self.messages.items())),
            "clerks": [tally.as_dict() for tally in self.clerks],
            "offices": [tally.as_dict() for tally in self.offices],
            "handover": self.handover.as_dict(),
        }


def build_daily_report(db: Database, day: date, *, office_code: str | None = None, shift: Shift | None = None,
                       now: datetime | None = None) -> DailyReport:
    """The report of `day` (or its `shift`) for the office `office_code` (None: every office).

    Raises UnknownOffice for a code no office has. A day without filings is an empty report."""
    window = report_window(day, shift)
    with db.session() as session:
        office, office_name = None, None
        if office_code is not None:
            found = session.execute(select(col(Office.id), col(Office.name)).where(col(Office.code) == office_code)).first()
            if found is None:
                raise UnknownOffice(office_code)
            office, office_name = (found[0], office_code), found[1]

        def filed_in_window(query: Any) -> Any:
            query = query.where(col(Bundle.filed_at) >= window.start, col(Bundle.filed_at) < window.end)
            return query if office is None else query.where(col(Bundle.office_id) == office[0])

        clerks, offices = _bundle_tallies(session, filed_in_window)
        heirs = session.execute(filed_in_window(
            select(func.count(col(HeirApplication.id))).join(Bundle, col(Bundle.id) == col(HeirApplication.bundle_id))
        )).scalar_one()
        groups = session.execute(filed_in_window(
            select(col(LinkedRequest.status), col(LinkedRequest.agency_code), col(LinkedRequest.service_code),
                   func.count(col(LinkedRequest.id)))
            .join(Bundle, col(Bundle.id) == col(LinkedRequest.bundle_id))
            .group_by(col(LinkedRequest.status), col(LinkedRequest.agency_code), col(LinkedRequest.service_code))
        )).all()
        jobs = session.execute(filed_in_window(
            select(col(PrintJob.status), func.count(col(PrintJob.id)))
            .join(Bundle, col(Bundle.id) == col(PrintJob.bundle_id)).group_by(col(PrintJob.status))
        )).all()
        messages = session.execute(filed_in_window(
            select(col(OutgoingMessage.status), func.count(col(OutgoingMessage.id)))
            .join(Bundle, col(Bundle.id) == col(OutgoingMessage.bundle_id)).group_by(col(OutgoingMessage.status))
        )).all()
        handover = build_handover(session, window, office)
        names = _request_names(session, {service for _status, _agency, service, _count in groups}
                               | {item.subject.partition("/")[2] for item in handover.requests})
    return DailyReport(
        window=window, office=office_code, office_name=office_name, generated_at=now or korea_now(), clerks=clerks, offices=offices,
        heir_applications=int(heirs),
        request_groups=tuple(RequestGroup(status, agency, service, int(count))
                             for status, agency, service, count in groups),
        print_jobs={status: int(count) for status, count in jobs},
        messages={status: int(count) for status, count in messages},
        handover=handover, names=names,
    )


def _request_names(session: Session, services: set[str]) -> dict[str, str]:
    """The names of `services` and their agencies, from one request of each (their payload carries
    them in both languages)."""
    names: dict[str, str] = {}
    for service in sorted(services):
        found = session.execute(select(col(LinkedRequest.agency_code), col(LinkedRequest.payload))
                                .where(col(LinkedRequest.service_code) == service).limit(1)).first()
        if found is None:
            continue
        agency, payload = found
        if payload.service_name is not None:
            names[f"service:{service}"] = as_bilingual(payload.service_name.model_dump())
        if payload.agency_name is not None:
            names[f"agency:{agency}"] = as_bilingual(payload.agency_name.model_dump())
    return names


def _bundle_tallies(session: Session, filed_in_window: Any) -> tuple[tuple[Tally, ...], tuple[Tally, ...]]:
    """The window's bundles, fines and late reports per clerk and per office (one grouped query)."""
    fine = func.coalesce(col(BirthReport.fine_won), 0) + func.coalesce(col(DeathReport.fine_won), 0)
    days_late = func.coalesce(col(BirthReport.days_late), 0) + func.coalesce(col(DeathReport.days_late), 0)
    query = (select(col(Office.code), col(Office.name), col(Clerk.username), col(Clerk.display_name),
                    col(Bundle.kind), func.count(col(Bundle.id)), func.coalesce(func.sum(fine), 0),
                    func.coalesce(func.sum(case((days_late > 0, 1), else_=0)), 0))
             .select_from(Bundle)
             .join(Office, col(Office.id) == col(Bundle.office_id))
             .join(Clerk, col(Clerk.id) == col(Bundle.clerk_id))
             .outerjoin(BirthReport, col(BirthReport.bundle_id) == col(Bundle.id))
             .outerjoin(DeathReport, col(DeathReport.bundle_id) == col(Bundle.id))
             .group_by(col(Office.code), col(Office.name), col(Clerk.username), col(Clerk.display_name),
                       col(Bundle.kind)))
    clerks: dict[str, Tally] = {}
    offices: dict[str, Tally] = {}
    for office_code, office_name, username, clerk_name, kind, count, fines, late in session.execute(
            filed_in_window(query)).all():
        for tallies, code, name in ((clerks, username, clerk_name), (offices, office_code, office_name)):
            tally = tallies.setdefault(code, Tally(code, name))
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + int(count)
            tally.fines_won += int(fines)
            tally.late_reports += int(late)
    return tuple(clerks[code] for code in sorted(clerks)), tuple(offices[code] for code in sorted(offices))
