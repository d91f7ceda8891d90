"""Bundles filed across two office days, two offices and both shifts, then moved along (requests sent,
failed, completed; papers printed; messages sent or refused), for the report tests; and the report's
figures computed independently, by Python over every row."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from counter.agencies.lifecycle import RequestStatus, transition
from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.death import file_death
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
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
    WizardDraft,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEOUL = ZoneInfo("Asia/Seoul")
DAY_ONE, DAY_TWO = date(2026, 11, 20), date(2026, 11, 21)
OPEN = {"queued", "dispatched", "acknowledged", "failed"}
CHILD_NAMES = ("하늘", "도윤", "서연", "지호", "하은", "민재", "서준", "지아")


@dataclass(frozen=True)
class Filing:
    """What to file: the kind, which example, by whom, and when (Korean time)."""

    kind: str
    example: str
    clerk: str
    filed_at: datetime


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` on `day`, Korean time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


FILINGS = (
    Filing("birth", "birth-third-child.json", "boss", at(DAY_ONE, 0, 0)),  # the very first instant of day one
    Filing("birth", "birth-second-twin-late-by-doctor.json", "boss", at(DAY_ONE, 10, 15)),  # late: fined
    Filing("death", "death-report-with-inquiry.json", "boss", at(DAY_ONE, 17, 59)),
    Filing("death", "death-report-with-inquiry.json", "kim", at(DAY_ONE, 18, 0)),  # the night desk's first
    Filing("birth", "birth-first-child-outside-marriage.json", "kim", at(DAY_TWO, 8, 59)),  # night desk of day one
    Filing("death", "death-report-alone.json", "boss", at(DAY_TWO, 9, 0)),
    Filing("birth", "birth-third-child.json", "kim", at(DAY_TWO, 23, 59)),
    Filing("death", "death-report-with-inquiry.json", "kim", at(DAY_TWO + timedelta(days=1), 0, 0)),  # day three
)


def setup_two_offices(runtime: Runtime) -> dict[str, SignedInClerk]:
    """Office 3650052 with supervisor `boss`, office 3650053 with clerk `kim`."""
    boss = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password="correct horse", device="T1")
    with runtime.db.write() as session:
        second = Office(code="3650053", name="역삼2동 주민센터")
        session.add(second)
    kim = add_clerk(runtime.db, username="kim", display_name="김민수", role="clerk", password="battery staple",
                    actor=boss.actor, office_code="3650053")
    clerk_kim = SignedInClerk(kim.id, kim.username, kim.display_name, kim.role, second.id, second.code,
                              second.name, "T1")
    return {"boss": boss, "kim": clerk_kim}


def _declaration(filing: Filing, number: int) -> dict[str, Any]:
    declaration: dict[str, Any] = json.loads((EXAMPLES / filing.example).read_text(encoding="utf-8"))
    declaration["idempotency_key"] = str(uuid.uuid4())
    if filing.kind == "birth":
        declaration["child"]["given_name"] = CHILD_NAMES[number % len(CHILD_NAMES)]
    else:
        body = f"400817{1}{number:05d}"
        check = (11 - sum(int(d) * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True))
                 % 11) % 10
        declaration["deceased"]["rrn"] = f"{body[:6]}-{body[6:]}{check}"
    return declaration


def file_everything(runtime: Runtime, clerks: dict[str, SignedInClerk]) -> list[str]:
    """File every `FILINGS` entry at its time; the receipt numbers in order."""
    receipts = []
    for number, filing in enumerate(FILINGS):
        file = file_birth if filing.kind == "birth" else file_death
        result = file(runtime, clerks[filing.clerk], _declaration(filing, number), today=filing.filed_at.date())
        with runtime.db.write() as session:  # the filing stamped the real time: put it on the day it stands for
            bundle = session.exec(select(Bundle).where(Bundle.id == result.bundle_id)).one()
            bundle.filed_at = filing.filed_at
            session.add(bundle)
            for table in (LinkedRequest, PrintJob, OutgoingMessage):
                for row in session.exec(select(table).where(table.bundle_id == result.bundle_id)).all():
                    row.created_at = filing.filed_at
                    session.add(row)
        receipts.append(result.receipt_no)
    return receipts


def move_work_along(db: Database) -> None:
    """Send, complete, reject and fail some requests (by the lifecycle), make some overdue, print some
    papers, send or refuse some messages, and leave a draft."""
    moves = (RequestStatus.DISPATCHED, RequestStatus.ACKNOWLEDGED, RequestStatus.REJECTED, RequestStatus.FAILED)
    with db.write() as session:
        requests = session.exec(select(LinkedRequest).order_by(LinkedRequest.service_code, LinkedRequest.id)).all()
        for index, request in enumerate(requests):
            if index % 7 == 6:
                continue
            wanted = moves[index % 4]
            if wanted is RequestStatus.ACKNOWLEDGED:
                transition(session, request, RequestStatus.ACKNOWLEDGED, reason="test", actor=None)
                if index % 3 == 0:
                    transition(session, request, RequestStatus.COMPLETED, reason="test", actor=None)
            else:
                transition(session, request, wanted, reason="test", actor=None)
            if index % 5 == 0:
                request.due_date = DAY_ONE - timedelta(days=index % 3)
                session.add(request)
        for index, job in enumerate(session.exec(select(PrintJob).order_by(PrintJob.id)).all()):
            if index % 3:
                job.status = "done"
                session.add(job)
        for index, message in enumerate(session.exec(select(OutgoingMessage).order_by(OutgoingMessage.id)).all()):
            message.status = ("sent", "failed", "pending")[index % 3]
            session.add(message)
        boss = session.exec(select(Clerk).where(Clerk.username == "boss")).one()
        session.add(WizardDraft(id=uuid.uuid4(), clerk_id=boss.id, office_code="3650052", device="T1", kind="birth",
                                payload_cipher="sealed", updated_at=at(DAY_ONE, 11), created_at=at(DAY_ONE, 11)))


def expected_report(db: Database, start: datetime, end: datetime, office: str | None) -> dict[str, Any]:
    """The report's figures for the window [start, end) and `office`, counted in Python over every row."""
    with db.session() as session:
        offices = {row.id: row for row in session.exec(select(Office)).all()}
        clerks = {row.id: row for row in session.exec(select(Clerk)).all()}
        bundles = {row.id: row for row in session.exec(select(Bundle)).all()
                   if office is None or offices[row.office_id].code == office}
        births = {row.bundle_id: row for row in session.exec(select(BirthReport)).all()}
        deaths = {row.bundle_id: row for row in session.exec(select(DeathReport)).all()}
        heirs = session.exec(select(HeirApplication)).all()
        requests = session.exec(select(LinkedRequest)).all()
        jobs = session.exec(select(PrintJob)).all()
        messages = session.exec(select(OutgoingMessage)).all()
        drafts = session.exec(select(WizardDraft)).all()
    in_window = {key for key, bundle in bundles.items() if start <= bundle.filed_at < end}
    before_end = {key for key, bundle in bundles.items() if bundle.filed_at < end}
    report_of = {**births, **deaths}
    kinds = Counter(bundles[key].kind for key in in_window)
    day_requests = [request for request in requests if request.bundle_id in in_window]
    last_day = (end - timedelta(microseconds=1)).astimezone(SEOUL).date()
    per_clerk: dict[str, Counter[str]] = {}
    per_office: dict[str, Counter[str]] = {}
    for key in in_window:
        bundle, report = bundles[key], report_of.get(key)
        for table, code in ((per_clerk, clerks[bundle.clerk_id].username), (per_office, offices[bundle.office_id].code)):
            tally = table.setdefault(code, Counter(birth=0, death=0, total=0, fines_won=0, late_reports=0))
            tally[bundle.kind] += 1
            tally["total"] += 1
            tally["fines_won"] += report.fine_won if report else 0
            tally["late_reports"] += 1 if report and report.days_late > 0 else 0
    overdue = [r for r in requests if r.bundle_id in before_end and r.status in OPEN and r.due_date is not None and r.due_date < last_day]
    return {
        "bundles": {"birth": kinds["birth"], "death": kinds["death"], "total": len(in_window)},
        "heir_applications": sum(1 for heir in heirs if heir.bundle_id in in_window),
        "requests": {
            "total": len(day_requests),
            "by_status": {status: sum(1 for r in day_requests if r.status == status) for status in RequestStatus},
            "by_agency": dict(sorted(Counter(r.agency_code for r in day_requests).items())),
            "by_service": dict(sorted(Counter(r.service_code for r in day_requests).items())),
        },
        "fines_won": sum(report_of[key].fine_won for key in in_window if key in report_of),
        "late_reports": sum(1 for key in in_window if key in report_of and report_of[key].days_late > 0),
        "unprinted_jobs": sum(1 for job in jobs if job.bundle_id in in_window and job.status == "pending"),
        "unsent_messages": sum(1 for m in messages if m.bundle_id in in_window and m.status != "sent"),
        "clerks": {code: dict(tally) for code, tally in per_clerk.items()},
        "offices": {code: dict(tally) for code, tally in per_office.items()},
        "handover": {
            "failed_requests": sum(1 for r in requests if r.bundle_id in before_end and r.status == "failed"),
            "overdue_requests": len(overdue),
            "unprinted_jobs": sum(1 for job in jobs if job.bundle_id in bundles and job.status == "pending"
                                  and job.created_at < end),
            "unsent_messages": sum(1 for m in messages if m.bundle_id in bundles and m.status == "pending"
                                   and m.created_at < end),
            "failed_messages": sum(1 for m in messages if m.bundle_id in bundles and m.status == "failed"
                                   and m.created_at < end),
            "drafts": sum(1 for d in drafts if (office is None or d.office_code == office) and d.created_at < end),
        },
    }
