"""birth form: the time of birth and the kind of place as columns; the form's other fields in details

`birth_report.birth_time` (the time of birth, 24-hour) and `birth_report.birth_place_kind` (자택,
의료기관, 기타) are new. Reports filed before have neither: both stay NULL (an unknown time is never
written as midnight). The place as typed then (the child's `person.details.birth_place`, free text)
moves to `birth_report.details.birth_place_address`. The 본, 등록기준지 and nationality go in
`person.details`, what proved the birth in `birth_report.details` (new keys, written by new filings
only). The downgrade puts the place back on the child, removes the keys schema 0005 does not know, and
keeps a warning it cannot render as the Korean text it says.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 10:00:00
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from counter.texts import legacy
from counter.texts.renderers import WARNINGS

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
REPORT_KEYS = ("birth_place_address", "birth_place_description", "registration_base_from", "proof", "proof_rule")
PERSON_KEYS = ("clan_seat", "clan_seat_hanja", "registration_base", "registration_base_code", "nationality")
NEW_WARNINGS = ("midnight_birth",)

bundle = sa.table("bundle", sa.column("id", sa.Uuid()), sa.column("kind", sa.String()), sa.column("details", sa.JSON()))
birth_report = sa.table("birth_report", sa.column("id", sa.Uuid()), sa.column("child_id", sa.Uuid()),
                        sa.column("details", sa.JSON()))
person = sa.table("person", sa.column("id", sa.Uuid()), sa.column("details", sa.JSON()))


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


def _set(connection: Connection, table: sa.TableClause, changes: list[dict[str, Any]]) -> None:
    if changes:
        connection.execute(sa.update(table).where(table.c.id == sa.bindparam("row_id"))
                           .values(details=sa.bindparam("value")), changes)


def _rewrite(connection: Connection, table: sa.TableClause, change: Callable[[sa.RowMapping], Any]) -> None:
    """Set `details` of every row to `change(row)` (rows it returns None for are left alone)."""
    for rows in _pages(connection, table, "id", "details"):
        _set(connection, table, [{"row_id": row["id"], "value": value} for row in rows
                                 if (value := change(row)) is not None])


def _child_details(connection: Connection, child_ids: list[Any]) -> dict[Any, dict[str, Any]]:
    rows = connection.execute(sa.select(person.c.id, person.c.details).where(person.c.id.in_(child_ids)))
    return {row.id: dict(row.details or {}) for row in rows}


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table('birth_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('birth_place_kind', sa.String(length=24), nullable=True))
    # The place typed before: from the child to the report, as its address; its kind stays unknown (NULL).
    for rows in _pages(connection, birth_report, "id", "child_id", "details"):
        children = _child_details(connection, [row["child_id"] for row in rows])
        reports, people = [], []
        for row in rows:
            child = children.get(row["child_id"])
            if child is None or "birth_place" not in child:
                continue
            place = child.pop("birth_place")
            people.append({"row_id": row["child_id"], "value": child})
            if place:
                reports.append({"row_id": row["id"], "value": {**(row["details"] or {}), "birth_place_address": place}})
        _set(connection, person, people)
        _set(connection, birth_report, reports)


def _warnings_down(row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    warnings = details.get("warnings") or []
    if not any(isinstance(w, dict) and w.get("code") in NEW_WARNINGS and w.get("legacy") is None for w in warnings):
        return None
    details["warnings"] = [{**w, "legacy": legacy.korean(WARNINGS, w)}
                           if isinstance(w, dict) and w.get("code") in NEW_WARNINGS and w.get("legacy") is None else w
                           for w in warnings]
    return details


def _without(keys: Sequence[str]) -> Callable[[sa.RowMapping], dict[str, Any] | None]:
    def strip(row: sa.RowMapping) -> dict[str, Any] | None:
        details = row["details"] or {}
        if not any(key in details for key in keys):
            return None
        return {key: value for key, value in details.items() if key not in keys}
    return strip


def downgrade() -> None:
    connection = op.get_bind()
    for rows in _pages(connection, birth_report, "id", "child_id", "details"):
        children = _child_details(connection, [row["child_id"] for row in rows])
        people = []
        for row in rows:
            details, child = row["details"] or {}, children.get(row["child_id"])
            place = " · ".join(part for part in (details.get("birth_place_address"),
                                                 details.get("birth_place_description")) if part)
            if child is not None:
                people.append({"row_id": row["child_id"], "value": {**child, "birth_place": place}})
        _set(connection, person, people)
    _rewrite(connection, birth_report, _without(REPORT_KEYS))
    _rewrite(connection, person, _without(PERSON_KEYS))
    _rewrite(connection, bundle, _warnings_down)
    with op.batch_alter_table('birth_report', schema=None) as batch_op:
        batch_op.drop_column('birth_place_kind')
        batch_op.drop_column('birth_time')
