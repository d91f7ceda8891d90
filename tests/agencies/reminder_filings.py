"""Birth and death bundles filed on chosen days for the reminder tests, and the day's run."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from agency_filings import registration_no
from sqlmodel import select

from counter.agencies.reminder_messages import ReminderReport, run_reminders
from counter.agencies.reminders import Windows
from counter.base.session import SignedInClerk
from counter.catalogue import Catalogue
from counter.filing.birth import file_birth
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from counter.store.audit import Actor
from models import AuditEvent, OutgoingMessage

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MOTHER_RRN = "950402-2456785"
"""The mother of every birth filed here (the child is told apart by its given name)."""
GIVEN_NAMES = ("서윤", "하준", "지우", "도현", "예린")
WINDOWS = Windows(allowance_days=7, inquiry_days=30)
ACTOR = Actor(None, "reminders", None, "T1")


def birth(born: date, *, declined: tuple[str, ...] = (), sms: bool = True, number: int = 0) -> dict[str, Any]:
    """A first child born on `born` to an unmarried mother, the services in `declined` declined at filing."""
    declaration: dict[str, Any] = json.loads((EXAMPLES / "birth-first-child-outside-marriage.json").read_text("utf-8"))
    declaration["idempotency_key"] = str(uuid.uuid4())
    declaration["child"]["birth_date"] = born.isoformat()
    declaration["child"]["given_name"] = GIVEN_NAMES[number]
    declaration["declined_services"] = [{"code": code, "reason": "나중에 직접 신청"} for code in declined]
    if not sms:
        del declaration["contact"]
    return declaration


def file_birth_on(runtime: Runtime, clerk: SignedInClerk, born: date, *, filed: date | None = None,
                  **options: Any) -> str:
    """File `birth(born, **options)` on `filed` (five days after the birth by default); its receipt number."""
    return file_birth(runtime, clerk, birth(born, **options), today=filed or born + timedelta(days=5)).receipt_no


def death_alone(died: date, *, number: int = 0, sms: bool = True, declared_missing_on: date | None = None
                ) -> dict[str, Any]:
    """A death reported without the asset inquiry; the reporter asks for text messages unless not `sms`."""
    declaration: dict[str, Any] = json.loads((EXAMPLES / "death-report-alone.json").read_text("utf-8"))
    declaration["idempotency_key"] = str(uuid.uuid4())
    declaration["deceased"]["rrn"] = deceased_rrn(number)
    declaration["death"]["death_date"] = died.isoformat()
    declaration["death"]["learned_on"] = (declared_missing_on or died).isoformat()
    if declared_missing_on is not None:
        declaration["death"]["declared_missing_on"] = declared_missing_on.isoformat()
    if sms:
        declaration["notification"] = {"phone": "010-3456-7890", "sms": True}
    return declaration


def deceased_rrn(number: int) -> str:
    """The registration number of the deceased of `death_alone(..., number=number)`."""
    return registration_no("380205", 2, f"{number:05d}")


def file_death_on(runtime: Runtime, clerk: SignedInClerk, died: date, *, filed: date | None = None,
                  **options: Any) -> str:
    """File `death_alone(died, **options)` on `filed` (three days after by default); its receipt number."""
    declaration = death_alone(died, **options)
    return file_death(runtime, clerk, declaration, today=filed or date.fromisoformat(
        declaration["death"]["learned_on"]) + timedelta(days=3)).receipt_no


def remind(runtime: Runtime, day: date, *, dry_run: bool = False, catalogue: Catalogue | None = None,
           windows: Windows = WINDOWS) -> ReminderReport:
    """The run of `day`."""
    return run_reminders(runtime, day, windows, dry_run=dry_run, actor=ACTOR, catalogue=catalogue)


def reminder_messages(runtime: Runtime) -> list[OutgoingMessage]:
    """Every reminder message in the outbox."""
    with runtime.db.session() as session:
        return [m for m in session.exec(select(OutgoingMessage)).all() if m.template.startswith("reminder.")]


def reminder_events(runtime: Runtime) -> list[AuditEvent]:
    """The audit events of queued reminders."""
    with runtime.db.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "reminder.queued")).all())
