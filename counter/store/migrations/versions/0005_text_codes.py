"""text codes: stored texts become codes and parameters; office phone; typed JSON columns

Warnings, request reasons, notice lines and the rules a report records were stored as sentences in
the filing clerk's language. They become codes rendered in the reader's language (`counter.texts`);
an old sentence that maps back to exactly one code is converted (`counter.texts.legacy`), any other is
kept as `legacy` text and shown as written. `linked_request.reason` becomes a JSON column; payload
keys that held a translated copy (`name`, `amount_text`, `amount_note`) are replaced by codes;
`office.phone` is new. The downgrade writes every code back as Korean text.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from counter.texts import legacy
from counter.texts.renderers import (
    NOTICE_LINES,
    RECORD_NOTES,
    REQUEST_REASONS,
    WARNINGS,
)

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
PERIOD_NOTES = {"month": {"ko": "월", "en": "monthly"}, "year": {"ko": "연", "en": "yearly"}}

bundle = sa.table("bundle", sa.column("id", sa.Uuid()), sa.column("details", sa.JSON()))
birth_report = sa.table("birth_report", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                        sa.column("deadline", sa.Date()), sa.column("fine_won", sa.Integer()),
                        sa.column("details", sa.JSON()))
death_report = sa.table("death_report", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                        sa.column("deadline", sa.Date()), sa.column("fine_won", sa.Integer()),
                        sa.column("death_date", sa.Date()), sa.column("reporter_qualification", sa.String()),
                        sa.column("details", sa.JSON()))
heir_application = sa.table("heir_application", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                            sa.column("death_report_id", sa.Uuid()), sa.column("details", sa.JSON()))
person = sa.table("person", sa.column("bundle_id", sa.Uuid()), sa.column("role", sa.String()),
                  sa.column("birth_date", sa.Date()))


def _requests(reason_type: sa.types.TypeEngine[Any], reason_column: str) -> sa.TableClause:
    return sa.table("linked_request", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                    sa.column("agency_name", sa.String()), sa.column("delivery_channel", sa.String()),
                    sa.column("due_date", sa.Date()), sa.column("payload", sa.JSON()),
                    sa.column(reason_column, reason_type))


def _pages(connection: Connection, table: sa.TableClause, *columns: str) -> Iterator[list[sa.RowMapping]]:
    """Every row of `table`, a page at a time, in id order (no cursor is held across the updates)."""
    last = None
    while True:
        query = sa.select(*(table.c[name] for name in columns)).order_by(table.c.id).limit(BATCH)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = list(connection.execute(query).mappings())
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def _rewrite(connection: Connection, table: sa.TableClause, column: str, change: Callable[[sa.RowMapping], Any],
             *columns: str) -> None:
    """Set `column` of every row to `change(row)` (rows it returns None for are left alone)."""
    statement = sa.update(table).where(table.c.id == sa.bindparam("row_id")).values({column: sa.bindparam("value")})
    for rows in _pages(connection, table, "id", *columns):
        changed = [{"row_id": row["id"], "value": value} for row in rows if (value := change(row)) is not None]
        if changed:
            connection.execute(statement, changed)


def _bilingual(value: Any) -> Any:
    return {"ko": value, "en": value} if isinstance(value, str) else value


def _payload_up(payload: dict[str, Any]) -> dict[str, Any]:
    payload = {key: value for key, value in (payload or {}).items() if key not in ("name", "amount_text")}
    note = payload.pop("amount_note", None)
    korean = note.get("ko") if isinstance(note, dict) else note
    period = next((code for code, words in PERIOD_NOTES.items() if words["ko"] == korean), None)
    if period is not None:
        payload["amount_period"] = period
    for key in ("service_name", "agency_name", "note"):
        if key in payload:
            payload[key] = _bilingual(payload[key])
    return payload


def _facts(connection: Connection, bundle_id: Any) -> legacy.BundleFacts:
    facts = legacy.BundleFacts()
    for role, born in connection.execute(sa.select(person.c.role, person.c.birth_date)
                                         .where(person.c.bundle_id == bundle_id)):
        facts.roles.append(role)
        if born is not None:
            facts.birth_dates.setdefault(role, born)
    birth = connection.execute(sa.select(birth_report.c.deadline, birth_report.c.fine_won)
                               .where(birth_report.c.bundle_id == bundle_id)).first()
    if birth is not None:
        facts.deadline, facts.fine_won = birth.deadline, birth.fine_won
    death = connection.execute(sa.select(death_report.c.deadline, death_report.c.fine_won, death_report.c.death_date,
                                         death_report.c.details).where(death_report.c.bundle_id == bundle_id)).first()
    if death is None:  # an inquiry filed later: the death report it belongs to
        death = connection.execute(
            sa.select(death_report.c.deadline, death_report.c.fine_won, death_report.c.death_date,
                      death_report.c.details)
            .join(heir_application, heir_application.c.death_report_id == death_report.c.id)
            .where(heir_application.c.bundle_id == bundle_id)).first()
    elif death.deadline is not None:
        facts.deadline, facts.fine_won = death.deadline, death.fine_won
    if death is not None:
        facts.death_date = death.death_date
        missing = (death.details or {}).get("declared_missing_on")
        facts.declared_missing_on = date.fromisoformat(missing) if missing else None
    requests = _requests(sa.String(), "reason")
    for (payload,) in connection.execute(sa.select(requests.c.payload).where(requests.c.bundle_id == bundle_id)):
        names = (payload or {}).get("service_name")
        if isinstance(names, dict):
            facts.service_names.append(names)
    return facts


def _bundle_up(connection: Connection, row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    if not (details.get("warnings") or details.get("notice_expectations") or "office_phone" in details):
        return None
    details.pop("office_phone", None)  # read by the receipt but never written: the office's phone now
    facts = _facts(connection, row["id"])
    details["warnings"] = [legacy.warning(old, facts) for old in details.get("warnings") or []]
    details["notice_expectations"] = [legacy.notice_line(old, facts) for old in details.get("notice_expectations") or []]
    return details


def _report_up(row: sa.RowMapping, reporter_rule: Callable[[Any], dict[str, Any]]) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    changed = False
    if isinstance(details.get("reporter_rule"), str):
        details["reporter_rule"], changed = reporter_rule(details["reporter_rule"]), True
    if isinstance(details.get("fine_reason"), str):
        details["fine_reason"], changed = legacy.fine_reason(details["fine_reason"], row["fine_won"]), True
    return details if changed else None


def _heir_up(row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    if isinstance(details.get("decision"), str):
        details["decision"] = legacy.heir_decision(details["decision"], details)
    details["documents_seen"] = [legacy.document_seen(label) for label in details.get("documents_seen") or []]
    return details


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_code', sa.JSON(), nullable=True))
    requests = _requests(sa.String(), "reason")
    coded = _requests(sa.JSON(), "reason_code")
    statement = sa.update(coded).where(coded.c.id == sa.bindparam("row_id")).values(
        reason_code=sa.bindparam("new_reason"), payload=sa.bindparam("new_payload"),
        agency_name=sa.bindparam("new_agency"))
    for rows in _pages(connection, requests, "id", "reason", "delivery_channel", "due_date", "payload",
                       "agency_name"):
        changes = []
        for row in rows:
            payload = _payload_up(row["payload"])
            agency = payload.get("agency_name")
            changes.append({
                "row_id": row["id"], "new_payload": payload,
                "new_reason": legacy.request_reason(row["reason"] or "", row["delivery_channel"], row["due_date"]),
                "new_agency": agency["ko"] if isinstance(agency, dict) else row["agency_name"]})
        connection.execute(statement, changes)
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.alter_column('reason_code', new_column_name='reason', existing_type=sa.JSON(), nullable=False)
    _rewrite(connection, bundle, "details", lambda row: _bundle_up(connection, row), "details")
    _rewrite(connection, birth_report, "details", lambda row: _report_up(row, legacy.birth_reporter_rule),
             "details", "fine_won")
    _rewrite(connection, death_report, "details", lambda row: _report_up(
        row, lambda text: legacy.death_reporter_rule(text, row["reporter_qualification"])),
        "details", "fine_won", "reporter_qualification")
    _rewrite(connection, heir_application, "details", _heir_up, "details")


def _korean(renderer: Any, value: Any) -> Any:
    return legacy.korean(renderer, value) if isinstance(value, dict) else value


def _payload_down(payload: dict[str, Any]) -> dict[str, Any]:
    payload = dict(payload or {})
    period = payload.get("amount_period")
    if period in PERIOD_NOTES:
        payload["amount_note"] = PERIOD_NOTES[period]
    if isinstance(payload.get("service_name"), dict):
        payload["name"] = payload["service_name"]["ko"]
    return payload


def downgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_text', sa.String(length=500), nullable=True))
    requests = _requests(sa.JSON(), "reason")
    texts = _requests(sa.String(), "reason_text")
    statement = sa.update(texts).where(texts.c.id == sa.bindparam("row_id")).values(
        reason_text=sa.bindparam("old_reason"), payload=sa.bindparam("old_payload"))
    for rows in _pages(connection, requests, "id", "reason", "payload"):
        connection.execute(statement, [
            {"row_id": row["id"], "old_reason": _korean(REQUEST_REASONS, row["reason"])[:500],
             "old_payload": _payload_down(row["payload"])} for row in rows])
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.alter_column('reason_text', new_column_name='reason', existing_type=sa.String(length=500),
                              nullable=False)

    def bundle_down(row: sa.RowMapping) -> dict[str, Any]:
        details = dict(row["details"] or {})
        details["warnings"] = [{"code": warning.get("code"), "message": _korean(WARNINGS, warning)}
                               for warning in details.get("warnings") or []]
        details["notice_expectations"] = [_korean(NOTICE_LINES, line) for line in details.get("notice_expectations") or []]
        return details

    def notes_down(row: sa.RowMapping) -> dict[str, Any]:
        details = dict(row["details"] or {})
        for key in ("reporter_rule", "fine_reason", "decision"):
            if key in details:
                details[key] = _korean(RECORD_NOTES, details[key])
        if "documents_seen" in details:
            details["documents_seen"] = [_korean(RECORD_NOTES, document) for document in details["documents_seen"]]
        return details

    _rewrite(connection, bundle, "details", bundle_down, "details")
    for table in (birth_report, death_report, heir_application):
        _rewrite(connection, table, "details", notes_down, "details")
    # not a batch: on SQLite a batch would copy the office table, which clerks and bundles refer to
    op.drop_column('office', 'phone')
