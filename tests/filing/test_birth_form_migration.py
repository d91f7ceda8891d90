"""Migration 0007: birth reports written under schema 0005 (no time of birth, the place as free text on the
child) get no time (NULL, never midnight) and no kind of place, and keep the place as typed, as its
address; the downgrade gives schema 0005 back the rows it can read. Both database legs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import select
from test_birth_filing import TODAY, declaration
from test_text_codes_migration import _migrate

from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.office.runtime import Runtime
from counter.printing.print_service import preview_text
from counter.store import schema
from counter.store.migrations import SCHEMA_HEAD
from counter.texts.renderers import WARNINGS
from models import BirthReport, Bundle, Person

ISSUED = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
PLACE = "서울특별시 강남구 역삼로 123"
SCHEMA_0005_REPORT_KEYS = {"reporter_rank", "reporter_rule", "in_marriage", "birth_order", "child_count",
                           "multiple_birth", "after_formal_demand", "fine_reason"}
SCHEMA_0005_PERSON_KEYS = {"surname", "given_name", "birth_place", "position_in_multiple_birth", "foreign",
                           "relation", "qualification", "address", "standing", "representation", "person_id"}

report_t = sa.table("birth_report", sa.column("id", sa.Uuid()), sa.column("child_id", sa.Uuid()),
                    sa.column("details", sa.JSON()))
person_t = sa.table("person", sa.column("id", sa.Uuid()), sa.column("role", sa.String()),
                    sa.column("details", sa.JSON()))
bundle_t = sa.table("bundle", sa.column("id", sa.Uuid()), sa.column("details", sa.JSON()))


def _rows(runtime: Runtime, table: sa.TableClause) -> list[Any]:
    with runtime.db.session() as session:
        return list(session.execute(sa.select(table)))


def test_reports_from_schema_0005_get_no_time_never_midnight_and_keep_their_place(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    hospital = file_birth(runtime, clerk, declaration(), today=TODAY)
    midnight = file_birth(runtime, clerk, declaration(
        child__given_name="바다", child__birth_time="자정",
        child__birth_place={"kind": "other", "address": "경부고속도로 서울요금소 부근", "description": "구급차 안"}),
        today=TODAY)
    blank = file_birth(runtime, clerk, declaration(child__given_name="가람", child__birth_time="9:00"), today=TODAY)
    _migrate(runtime, "0005")
    assert schema.current_revision(runtime.db) == "0005"
    with runtime.db.session() as session:
        columns = {column["name"] for column in sa.inspect(session.connection()).get_columns("birth_report")}
    assert not {"birth_time", "birth_place_kind"} & columns
    children = {row.id: row.details for row in _rows(runtime, person_t) if row.role == "child"}
    assert sorted(details["birth_place"] for details in children.values()) == sorted(
        [PLACE, PLACE, "경부고속도로 서울요금소 부근 · 구급차 안"])
    assert all(set(row.details) <= SCHEMA_0005_REPORT_KEYS for row in _rows(runtime, report_t))
    assert all(set(row.details) <= SCHEMA_0005_PERSON_KEYS for row in _rows(runtime, person_t))
    [warned] = [row.details for row in _rows(runtime, bundle_t) if row.id == midnight.bundle_id]
    assert warned["warnings"][0]["legacy"].startswith("자정에 출생")  # schema 0005 shows the words as stored
    [blank_child] = [person for person, details in children.items() if details["given_name"] == "가람"]
    with runtime.db.write() as session:  # a birth filed under schema 0005 with the place left empty
        session.execute(sa.update(person_t).where(person_t.c.id == blank_child).values(
            details={**children[blank_child], "birth_place": ""}))
    _migrate(runtime, "head")
    assert schema.current_revision(runtime.db) == SCHEMA_HEAD
    with runtime.db.session() as session:
        reports = {report.bundle_id: report for report in session.exec(select(BirthReport)).all()}
        people = session.exec(select(Person).where(Person.role == "child")).all()
        bundle = session.exec(select(Bundle).where(Bundle.id == midnight.bundle_id)).one()
    assert all(report.birth_time is None and report.birth_place_kind is None for report in reports.values())
    assert reports[hospital.bundle_id].details.birth_place_address == PLACE
    assert reports[midnight.bundle_id].details.birth_place_address == "경부고속도로 서울요금소 부근 · 구급차 안"
    assert reports[midnight.bundle_id].birth_date == date(2026, 11, 4)  # the recorded date stays
    assert reports[blank.bundle_id].details.birth_place_address is None
    assert all(person.details.clan_seat is None for person in people)  # what schema 0005 never held
    assert WARNINGS.render(bundle.details.warnings[0]).startswith("자정에 출생")
    receipt = preview_text(runtime.db, hospital.bundle_id, "receipt", ISSUED)
    assert re.search(r"출생일\s+2026\. 11\. 3\.", receipt)
    assert "출생시각" not in receipt and "0시" not in receipt  # no time printed: never midnight in its place


def test_the_upgrade_is_whole_on_a_database_of_schema_0005_with_no_births(runtime: Runtime) -> None:
    _migrate(runtime, "0005")
    _migrate(runtime, "head")
    with runtime.db.session() as session:
        columns = {column["name"] for column in sa.inspect(session.connection()).get_columns("birth_report")}
    assert {"birth_time", "birth_place_kind"} <= columns
