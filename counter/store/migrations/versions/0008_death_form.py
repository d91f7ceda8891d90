"""death form: the time of death, the form's ten kinds of place, the proof presented, 본 and 등록기준지

The death report now carries the whole 사망신고서 (issue 10). `death_report.death_time` is new and
nullable: a time given as 미상 is NULL, and so is every report filed before, which never asked it (never
midnight: 0시 is a time). The six kinds of place stored before (`death_report.details.place_kind`) are
six of the form's ten boxes under the same codes, mapped one to one; anything else becomes `other`,
the old value kept as what the place was. `certificate` keeps its codes: diagnosis, postmortem, and
`other_proof` for the reports that did not say which document proved the death; new reports store the
document itself (heads_cert, acquaintances, public_office, burial_permit). New keys (`place_description`,
`proof_rule`; a person's `clan_seat`, `clan_seat_hanja`, `registration_base`, `registration_base_code`) have no
value on old rows. People of role `certifier` (those who vouch for a death, their numbers encrypted as
every RRN) are new rows.

The downgrade folds the four new kinds into `other` with what the place was written after the address,
stores every other proof as `other_proof`, removes the new keys and the certifiers, and drops the time.

Self-contained: no project code is imported, so the revision reads the same whatever the code becomes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
# The six kinds the death declaration offered before (주택, 의료기관, 사회복지시설, 공공시설, 도로, 기타)
# and the form's box each one is (사망신고서 양식, 사망장소 ①-⑩).
OLD_PLACE_KINDS = {"home": "home", "medical_institution": "medical_institution",
                   "welfare_facility": "welfare_facility", "public_facility": "public_facility", "road": "road",
                   "other": "other"}
NEW_PLACE_KINDS = ("commercial_facility", "industrial_site", "farm", "in_transit_to_hospital")
OLD_CERTIFICATES = ("diagnosis", "postmortem", "other_proof")
NEW_REPORT_KEYS = ("place_description", "proof_rule")
NEW_PERSON_KEYS = ("clan_seat", "clan_seat_hanja", "registration_base", "registration_base_code")

death_report = sa.table("death_report", sa.column("id", sa.Uuid()), sa.column("certificate", sa.String()),
                        sa.column("details", sa.JSON()))
person = sa.table("person", sa.column("id", sa.Uuid()), sa.column("role", sa.String()),
                  sa.column("details", sa.JSON()))


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


def _rewrite(connection: Connection, table: sa.TableClause, change: Callable[[sa.RowMapping], dict[str, Any] | None],
             *columns: str, read: tuple[str, ...] = ()) -> None:
    """Update `columns` of every row of `table` that `change` returns new values for (None: left alone);
    `change` also sees the `read` columns."""
    names = [name for name in columns if name != "id"]
    statement = sa.update(table).where(table.c.id == sa.bindparam("row_id")).values(
        {name: sa.bindparam(f"new_{name}") for name in names})
    for rows in _pages(connection, table, "id", *names, *read):
        changed = []
        for row in rows:
            values = change(row)
            if values is not None:
                changed.append({"row_id": row["id"], **{f"new_{name}": values.get(name, row[name]) for name in names}})
        if changed:
            connection.execute(statement, changed)


def _report_up(row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    kind = details.get("place_kind")
    if kind is None or kind in OLD_PLACE_KINDS.values():
        return None
    details["place_kind"] = OLD_PLACE_KINDS.get(kind, "other")
    if kind not in OLD_PLACE_KINDS:  # not a code the declaration offered (a hand edit): kept as words
        details["place_description"] = str(kind)
    return {"details": details}


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column('death_report', sa.Column('death_time', sa.Time(), nullable=True))
    _rewrite(connection, death_report, _report_up, "details")


def _report_down(row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    certificate = row["certificate"] if row["certificate"] in OLD_CERTIFICATES else "other_proof"
    described = details.pop("place_description", None)
    details.pop("proof_rule", None)
    if details.get("place_kind") in NEW_PLACE_KINDS:
        details["place_kind"] = "other"
    if described:
        details["place"] = f"{details.get('place') or ''} ({described})".strip()
    return {"details": details, "certificate": certificate}


def _person_down(row: sa.RowMapping) -> dict[str, Any] | None:
    details = dict(row["details"] or {})
    if row["role"] != "deceased" or not any(key in details for key in NEW_PERSON_KEYS):  # 0007 gave births theirs
        return None
    return {"details": {key: value for key, value in details.items() if key not in NEW_PERSON_KEYS}}


def downgrade() -> None:
    connection = op.get_bind()
    _rewrite(connection, death_report, _report_down, "details", "certificate")
    connection.execute(sa.delete(person).where(person.c.role == "certifier"))
    _rewrite(connection, person, _person_down, "details", read=("role",))
    # not a batch: on SQLite a batch would copy the table, which heir applications refer to
    op.drop_column('death_report', 'death_time')
