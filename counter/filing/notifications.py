"""Notified births (출생통보제): importing the institutions' file once, and the supervisor's lists.

`import_notifications` writes the valid lines of a parsed file in one transaction: a notification is
identified by its institution and the institution's id, so importing the same file again adds
nothing, and a line that repeats an id with other content is a conflict, never an overwrite. The run
is audited (counts, the file's SHA-256, the refused and conflicting lines; never personal data).
`overdue_notifications` gives what 제44조의4 asks of the office: the births whose reporting period
has passed (demand the report, 최고) and those still unreported after the demand (record ex officio);
`record_demand` and `close_notification` note what the office did.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import text, tuple_
from sqlmodel import Session, col, select

from counter.base.errors import NotFoundError, ValidationError
from counter.base.i18n import _
from counter.base.session import Actor
from counter.filing.notification_file import LineProblem, NotificationRecord, ParsedFile
from counter.office.clerks import _office_for
from counter.rules.notification_deadlines import (
    CLOSE_REASONS,
    CLOSED,
    DEMANDED,
    EARLIEST_OVERDUE_DAYS,
    NOTIFIED,
    OPEN_STATUSES,
    STATUS_TEXTS,
    Stage,
    stage_of,
)
from counter.store.audit import record_event
from models import BirthNotification, Bundle, utcnow

if TYPE_CHECKING:
    from counter.store.db import Database
    from counter.store.pii import PersonalDataVault

IMPORTED, ALREADY, CONFLICT = "imported", "already", "conflict"
AUDITED_LINES = 200  # line numbers listed in the audit event, per kind
_IMPORT_LOCK = 0x6E6F746966793031  # serialises imports on PostgreSQL (SQLite's BEGIN IMMEDIATE already does)
_KEY_BATCH = 400


@dataclass(frozen=True)
class LineOutcome:
    """What became of one valid line: imported, already there, or a conflict (the fields that differ)."""

    line: int
    institution_code: str
    notification_id: str
    result: str
    fields: tuple[str, ...] = ()
    earlier_line: int | None = None
    """The line of this file it repeats (None: it repeats an earlier import)."""

    @property
    def message(self) -> str:
        """What happened, in the current language."""
        if self.result == IMPORTED:
            return _("imported")
        where = (_("line {line} of this file").format(line=self.earlier_line) if self.earlier_line is not None
                 else _("an earlier import"))
        if self.result == ALREADY:
            return _("already there (as {where})").format(where=where)
        return _("conflict: the same notification id as {where} with other {fields}; nothing was changed").format(
            where=where, fields=", ".join(self.fields))

    def as_json(self) -> dict[str, Any]:
        """The outcome as the CLI prints it."""
        data: dict[str, Any] = {"line": self.line, "institution_code": self.institution_code,
                                "notification_id": self.notification_id, "message": self.message}
        if self.fields:
            data["fields"] = list(self.fields)
        if self.earlier_line is not None:
            data["earlier_line"] = self.earlier_line
        return data


@dataclass(frozen=True)
class ImportSummary:
    """One import run: every line's outcome, the refused lines' problems and the warnings."""

    run_id: uuid.UUID
    office_code: str
    file_sha256: str
    lines: int
    outcomes: tuple[LineOutcome, ...]
    refused: tuple[LineProblem, ...]
    warnings: tuple[LineProblem, ...]

    def lines_with(self, result: str) -> list[LineOutcome]:
        """The outcomes of one kind (imported, already, conflict)."""
        return [outcome for outcome in self.outcomes if outcome.result == result]

    @property
    def refused_lines(self) -> list[int]:
        """Numbers of the refused lines."""
        return sorted({problem.line for problem in self.refused})

    @property
    def clean(self) -> bool:
        """True when no line was refused and none conflicted."""
        return not self.refused and not self.lines_with(CONFLICT)

    def as_json(self) -> dict[str, Any]:
        """The summary and every line, for `--format json`."""
        return {
            "run_id": str(self.run_id), "office": self.office_code, "file_sha256": self.file_sha256,
            "lines": self.lines,
            "counts": {"imported": len(self.lines_with(IMPORTED)), "already": len(self.lines_with(ALREADY)),
                       "conflicts": len(self.lines_with(CONFLICT)), "refused": len(self.refused_lines)},
            "imported": [o.as_json() for o in self.lines_with(IMPORTED)],
            "already": [o.as_json() for o in self.lines_with(ALREADY)],
            "conflicts": [o.as_json() for o in self.lines_with(CONFLICT)],
            "refused": [problem.as_json() for problem in self.refused],
            "warnings": [problem.as_json() for problem in self.warnings],
        }


def _content(office_code: str, institution_name: str, mother_name: str, mother_lookup: str, birth_date: date,
             birth_time: time, sex: str, birth_count: int, birth_order: int) -> dict[str, object]:
    """What must agree for a line to be the notification already there (its sending time may differ: a resend)."""
    return {"office": office_code, "institution_name": institution_name, "mother_name": mother_name,
            "mother_rrn": mother_lookup, "birth_date": birth_date, "birth_time": birth_time, "sex": sex,
            "birth_count": birth_count, "birth_order": birth_order}


def _stored_content(row: BirthNotification) -> dict[str, object]:
    return _content(row.office_code, row.institution_name, row.mother_name, row.mother_rrn_lookup, row.birth_date,
                    row.birth_time, row.sex, row.birth_count, row.birth_order)


def _existing(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], BirthNotification]:
    found: dict[tuple[str, str], BirthNotification] = {}
    for start in range(0, len(keys), _KEY_BATCH):
        batch = keys[start:start + _KEY_BATCH]
        rows = session.exec(select(BirthNotification).where(tuple_(
            col(BirthNotification.institution_code), col(BirthNotification.institution_notification_id)).in_(batch)))
        found.update({(row.institution_code, row.institution_notification_id): row for row in rows})
    return found


def _new_row(record: NotificationRecord, office_code: str, vault: PersonalDataVault, lookup: str) -> BirthNotification:
    return BirthNotification(
        office_code=office_code, institution_code=record.institution_code,
        institution_notification_id=record.notification_id, institution_name=record.institution_name,
        mother_name=record.mother_name, mother_rrn_cipher=vault.encrypt(record.mother_rrn.digits, "rrn"),
        mother_rrn_lookup=lookup, mother_rrn_masked=record.mother_rrn.masked, birth_date=record.birth_date,
        birth_time=record.birth_time, sex=record.sex, birth_count=record.birth_count, birth_order=record.birth_order,
        sent_at=record.sent_at, status=NOTIFIED)


def import_notifications(db: Database, vault: PersonalDataVault, actor: Actor, parsed: ParsedFile, *,
                         office_code: str | None = None) -> ImportSummary:
    """Import the valid lines of `parsed` for the office (the only one, or `office_code`), in one
    transaction with its audit event; returns every line's outcome."""
    run_id = uuid.uuid4()
    with db.write() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})
        office = _office_for(session, office_code or actor.office_code)
        actor = replace(actor, office_code=office.code)
        known: dict[tuple[str, str], tuple[dict[str, object], int | None]] = {
            key: (_stored_content(row), None)
            for key, row in _existing(session, [record.key for record in parsed.records]).items()}
        outcomes: list[LineOutcome] = []
        for record in parsed.records:
            lookup = vault.lookup_hash(record.mother_rrn.digits, "rrn")
            content = _content(office.code, record.institution_name, record.mother_name, lookup, record.birth_date,
                               record.birth_time, record.sex, record.birth_count, record.birth_order)
            earlier = known.get(record.key)
            if earlier is None:
                session.add(_new_row(record, office.code, vault, lookup))
                known[record.key] = (content, record.line)
                outcomes.append(LineOutcome(record.line, *record.key, IMPORTED))
                continue
            differing = tuple(field for field, value in content.items() if earlier[0][field] != value)
            outcomes.append(LineOutcome(record.line, *record.key, CONFLICT if differing else ALREADY, differing,
                                        earlier[1]))
        summary = ImportSummary(run_id, office.code, parsed.sha256, parsed.lines, tuple(outcomes), parsed.problems,
                                parsed.warnings)
        session.flush()
        record_event(session, "notifications.imported", actor, entity_type="notification_import", entity_id=run_id,
                     details=_audit_details(summary))
    return summary


def _audit_details(summary: ImportSummary) -> dict[str, Any]:
    conflicts = [outcome.line for outcome in summary.lines_with(CONFLICT)]
    return {"file_sha256": summary.file_sha256, "office": summary.office_code, "lines": summary.lines,
            "imported": len(summary.lines_with(IMPORTED)), "already": len(summary.lines_with(ALREADY)),
            "conflicts": len(conflicts), "refused": len(summary.refused_lines),
            "refused_lines": summary.refused_lines[:AUDITED_LINES], "conflict_lines": conflicts[:AUDITED_LINES]}


@dataclass(frozen=True)
class NotificationView:
    """A notification as the lists show it: the mother's number masked, its stage on the day asked."""

    row: BirthNotification
    stage: Stage | None
    receipt_no: str | None

    def as_json(self) -> dict[str, Any]:
        """Every shown field (dates ISO, the time `HH:MM`); never the registration number in clear."""
        row = self.row
        return {
            "id": str(row.id), "office": row.office_code, "institution_code": row.institution_code,
            "notification_id": row.institution_notification_id, "institution_name": row.institution_name,
            "mother_name": row.mother_name, "mother_rrn": row.mother_rrn_masked,
            "birth_date": row.birth_date.isoformat(), "birth_time": f"{row.birth_time:%H:%M}", "sex": row.sex,
            "birth_count": row.birth_count, "birth_order": row.birth_order,
            "sent_at": row.sent_at.isoformat(), "status": row.status, "receipt_no": self.receipt_no,
            "differences": row.differences.split(",") if row.differences else [],
            "demanded_on": row.demanded_on.isoformat() if row.demanded_on else None,
            "closed_reason": row.closed_reason,
            "stage": self.stage.code if self.stage else None,
            "until": self.stage.until.isoformat() if self.stage else None,
            "overdue": bool(self.stage and self.stage.overdue),
        }


def _views(session: Session, rows: Iterable[BirthNotification], today: date) -> list[NotificationView]:
    rows = list(rows)
    bundles = {row.bundle_id for row in rows if row.bundle_id is not None}
    receipts = dict(session.exec(select(Bundle.id, Bundle.receipt_no).where(col(Bundle.id).in_(bundles))).all()
                    ) if bundles else {}
    return [NotificationView(row, stage_of(row.status, row.birth_date, row.demanded_on, today),
                             receipts.get(row.bundle_id) if row.bundle_id else None) for row in rows]


def list_notifications(session: Session, today: date, *, office_code: str | None = None, unreported: bool = False,
                       overdue: bool = False) -> list[NotificationView]:
    """The office's notifications (all offices' when None), oldest birth first: all of them, the
    unreported ones (`notified` or `demanded`), or only the overdue ones (see `overdue_notifications`)."""
    query = select(BirthNotification)
    if office_code:
        query = query.where(BirthNotification.office_code == office_code.upper())
    if unreported or overdue:
        query = query.where(col(BirthNotification.status).in_(OPEN_STATUSES))
    if overdue:  # no younger birth can be overdue; the exact day is the rule's (stage_of)
        query = query.where(BirthNotification.birth_date <= today - timedelta(days=EARLIEST_OVERDUE_DAYS))
    rows = session.exec(query.order_by(col(BirthNotification.birth_date), col(BirthNotification.birth_time),
                                       col(BirthNotification.institution_code),
                                       col(BirthNotification.institution_notification_id))).all()
    views = _views(session, rows, today)
    return [view for view in views if view.stage is not None and view.stage.overdue] if overdue else views


def overdue_notifications(session: Session, today: date, *, office_code: str | None = None) -> list[NotificationView]:
    """The supervisor's list on `today` (제44조의4): notified births whose reporting period is over
    (demand the report within 7 days, ②), and demanded ones whose demand ran out (record ex officio, ③)."""
    return list_notifications(session, today, office_code=office_code, overdue=True)


def _find(session: Session, institution_code: str, notification_id: str, office_code: str | None) -> BirthNotification:
    row = session.exec(select(BirthNotification).where(
        BirthNotification.institution_code == institution_code,
        BirthNotification.institution_notification_id == notification_id)).first()
    if row is None or (office_code and row.office_code != office_code.upper()):
        raise NotFoundError(_("No notification {institution}/{id} for this office.").format(
            institution=institution_code, id=notification_id))
    return row


def record_demand(db: Database, actor: Actor, institution_code: str, notification_id: str, *, on: date,
                  office_code: str | None = None) -> BirthNotification:
    """Note that the office demanded the report on `on` (최고, 제44조의4②): only once the reporting
    period is over and before a report or a closing; audited."""
    with db.write() as session:
        row = _find(session, institution_code, notification_id, office_code)
        if row.status != NOTIFIED:
            raise ValidationError(_("This notification is {status}: no demand is made.").format(status=_(STATUS_TEXTS[row.status])),
                                  field="status", code="notification_status")
        stage = stage_of(row.status, row.birth_date, None, on)
        assert stage is not None
        if not stage.overdue:
            raise ValidationError(_("The reporting period runs until {deadline}: a demand can be made from the next "
                                    "day (가족관계등록법 제44조의4②).").format(deadline=stage.until.isoformat()),
                                  field="on", code="too_early")
        row.status, row.demanded_on, row.updated_at = DEMANDED, on, utcnow()
        session.add(row)
        record_event(session, "notification.demanded", replace(actor, office_code=row.office_code),
                     entity_type="birth_notification", entity_id=row.id, details={"on": on.isoformat()})
        return row


def close_notification(db: Database, actor: Actor, institution_code: str, notification_id: str, *, reason: str,
                       office_code: str | None = None) -> BirthNotification:
    """Close an unreported notification for one of `CLOSE_REASONS` (it leaves the lists); audited."""
    if reason not in CLOSE_REASONS:
        raise ValidationError(_("Choose one of: {choices}.").format(choices=", ".join(CLOSE_REASONS)), field="reason")
    with db.write() as session:
        row = _find(session, institution_code, notification_id, office_code)
        if row.status not in OPEN_STATUSES:
            raise ValidationError(_("This notification is {status}: it cannot be closed.").format(status=_(STATUS_TEXTS[row.status])),
                                  field="status", code="notification_status")
        now: datetime = utcnow()
        row.status, row.closed_reason, row.closed_at, row.updated_at = CLOSED, reason, now, now
        session.add(row)
        record_event(session, "notification.closed", replace(actor, office_code=row.office_code),
                     entity_type="birth_notification", entity_id=row.id, details={"reason": reason})
        return row

