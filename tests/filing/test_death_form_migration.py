"""The migration that brings the death form (issue 10) to reports filed before it: rows written under the
previous schema keep their six kinds of place as the same boxes of the form's ten, their proof as it was
(`other_proof` still readable), and no time of death: NULL, printed 미상, never midnight. Going back
folds the new kinds and proofs into the old ones. Both database legs."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import sqlalchemy as sa
from death_filing_helpers import ACQUAINTANCES, MISSING, TODAY, death_declaration, registration_no
from sqlmodel import select

from counter.base.i18n import set_language
from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from counter.printing.print_service import preview_text
from counter.rules.death import CERTIFICATE_LABELS, DeathCertificate
from counter.store import schema
from counter.store.migrations import SCHEMA_HEAD
from models import DeathReport, Person

BEFORE = "0005"  # the schema before the death form, whatever revision number the form gets at merge
ISSUED = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
REASON = "의사의 진료나 검안 없이 장례를 치러 진단서와 검안서를 발급받을 수 없음"

death_t = sa.table("death_report", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                   sa.column("certificate", sa.String()), sa.column("details", sa.JSON()))
person_t = sa.table("person", sa.column("id", sa.Uuid()), sa.column("role", sa.String()),
                    sa.column("details", sa.JSON()))



def _migrate(runtime: Runtime, target: str) -> None:
    schema.migrate_to(runtime.db, target)


def _columns(runtime: Runtime) -> set[str]:
    with runtime.db.engine.connect() as connection:
        return {column["name"] for column in sa.inspect(connection).get_columns("death_report")}


def _raw_reports(runtime: Runtime) -> dict[str, sa.Row[Any]]:
    """Every death report as the database holds it, by the bundle's receipt number."""
    bundle_t = sa.table("bundle", sa.column("id", sa.Uuid()), sa.column("receipt_no", sa.String()))
    with runtime.db.session() as session:
        rows = session.execute(sa.select(bundle_t.c.receipt_no, death_t).join(
            death_t, death_t.c.bundle_id == bundle_t.c.id)).all()
    return {row.receipt_no: row for row in rows}


def _file_four(runtime: Runtime, clerk: SignedInClerk) -> list[str]:
    """A hospital death at 14:30; a farm death vouched by acquaintances; a death elsewhere proved by a burial
    permit; a death whose time is not known. Four people, so none repeats another."""
    declarations = [
        death_declaration(inquiry=MISSING),
        death_declaration(inquiry=MISSING, deceased__rrn=registration_no("410101", 1), death__death_time="5:10",
                          death__place={"kind": "farm", "address": "경기도 이천시 백사면 ○○리"},
                          death__certificate="acquaintances", death__certificate_reason=REASON,
                          death__certifiers=ACQUAINTANCES),
        death_declaration(inquiry=MISSING, deceased__rrn=registration_no("420202", 2), death__death_time="정오",
                          death__place={"kind": "other", "address": "부산광역시 중구 중앙동", "description": "여객선 안"},
                          death__certificate="burial_permit", death__certificate_reason=REASON),
        death_declaration(inquiry=MISSING, deceased__rrn=registration_no("430303", 1), death__death_time="미상"),
    ]
    return [file_death(runtime, clerk, declaration, today=TODAY).receipt_no for declaration in declarations]


def test_reports_written_before_the_form_keep_their_place_and_proof_and_have_no_time(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    set_language("ko")
    hospital, farm, ferry, unknown = _file_four(runtime, clerk)
    _migrate(runtime, BEFORE)
    assert "death_time" not in _columns(runtime)
    with runtime.db.write() as session:  # what the previous code wrote: the place as typed, six kinds, three proofs
        old = _raw_reports(runtime)
        for receipt, kind in ((hospital, "medical_institution"), (unknown, "road"), (ferry, "hospital")):
            row = old[receipt]
            details = {**row.details, "place": "서울특별시 강남구 ○○병원", "place_kind": kind}
            session.execute(sa.update(death_t).where(death_t.c.id == row.id).values(details=details))
        row = old[farm]
        session.execute(sa.update(death_t).where(death_t.c.id == row.id).values(
            certificate="other_proof", details={**row.details, "certificate_reason": "해외에서 사망"}))
    _migrate(runtime, "head")
    assert schema.current_revision(runtime.db) == SCHEMA_HEAD and "death_time" in _columns(runtime)
    with runtime.db.session() as session:
        assert [row[0] for row in session.execute(sa.text("SELECT death_time FROM death_report"))] == [None] * 4
        reports = {row.receipt_no: row for row in _raw_reports(runtime).values()}
        stored = {receipt: session.get(DeathReport, row.id) for receipt, row in reports.items()}
        for person in session.exec(select(Person)).all():  # every row reads under the new models
            assert person.details is not None
    kinds = {receipt: (report.details.place_kind, report.details.place_description)
             for receipt, report in stored.items() if report is not None}
    assert kinds == {hospital: ("medical_institution", None), unknown: ("road", None),
                     ferry: ("other", "hospital"),  # a code no declaration offered: kept as words
                     farm: ("other", None)}  # folded into 기타 by going back (see below)
    assert all(report is not None and report.death_time is None for report in stored.values())
    farm_report = stored[farm]
    assert farm_report is not None and farm_report.certificate == DeathCertificate.OTHER_PROOF
    assert farm_report.details.certificate_reason == "해외에서 사망"
    assert CERTIFICATE_LABELS[DeathCertificate(farm_report.certificate)]  # still said in words
    for receipt, report in stored.items():
        assert report is not None
        paper = " ".join(preview_text(runtime.db, report.bundle_id, "receipt", ISSUED).split())
        assert "사망시각 미상" in paper, receipt  # unknown: never 0시 0분
        assert "0시 0분" not in paper


def test_going_back_folds_the_new_boxes_and_proofs_into_the_old_ones(runtime: Runtime,
                                                                   clerk: SignedInClerk) -> None:
    hospital, farm, ferry, unknown = _file_four(runtime, clerk)
    with runtime.db.session() as session:
        assert len([p for p in session.exec(select(Person)).all() if p.role == "certifier"]) == 2
    _migrate(runtime, BEFORE)
    old = _raw_reports(runtime)
    assert {receipt: (row.certificate, row.details["place_kind"]) for receipt, row in old.items()} == {
        hospital: ("diagnosis", "medical_institution"), farm: ("other_proof", "other"),
        ferry: ("other_proof", "other"), unknown: ("diagnosis", "medical_institution")}
    assert old[ferry].details["place"] == "부산광역시 중구 중앙동 (여객선 안)"
    assert all("place_description" not in row.details and "proof_rule" not in row.details for row in old.values())
    with runtime.db.session() as session:
        people = session.execute(sa.select(person_t.c.role, person_t.c.details)).all()
    assert "certifier" not in {role for role, _details in people}
    assert all(not {"clan_seat", "clan_seat_hanja", "registration_base", "registration_base_code"} & set(details)
               for _role, details in people)
    _migrate(runtime, "head")  # and forward again: the same rows, the time now unknown
    with runtime.db.session() as session:
        again = {report.bundle_id: report for report in session.exec(select(DeathReport)).all()}
    assert all(report.death_time is None for report in again.values())
    assert time(14, 30) not in {report.death_time for report in again.values()}


def test_going_back_one_revision_leaves_the_births_own_clan_seat_and_registration_base(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    from test_birth_filing import TODAY as BIRTH_DAY
    from test_birth_filing import declaration as birth_declaration

    from counter.filing.birth import file_birth

    file_birth(runtime, clerk, birth_declaration(), today=BIRTH_DAY)
    file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    _migrate(runtime, "0007")  # the birth form's revision: only the death form's keys go
    with runtime.db.session() as session:
        details = {role: dict(found or {}) for role, found in session.execute(sa.select(person_t.c.role,
                                                                                         person_t.c.details)).all()}
    assert {"clan_seat", "registration_base", "registration_base_code"} <= set(details["child"])
    assert {"clan_seat", "registration_base"} <= set(details["mother"])
    assert not {"clan_seat", "clan_seat_hanja", "registration_base", "registration_base_code"} & set(details["deceased"])
    _migrate(runtime, "head")
