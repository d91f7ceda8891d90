"""A birth filed with the whole 출생신고서: the time and place of birth, 본 and 등록기준지, what proved the
birth, and a foreign mother's foreigner registration number (encrypted, masked wherever shown), stored and
printed on the receipt and the notice. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import select as sql_select
from sqlmodel import SQLModel, select
from test_birth_filing import TODAY, declaration

from counter.base.i18n import in_language
from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.office.runtime import Runtime
from counter.printing.print_service import preview_text
from counter.texts.renderers import RECORD_NOTES
from models import AuditEvent, BirthReport, Bundle, Person

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ISSUED = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
FOREIGN_NO = "950808-6123454"
FULL_NUMBER = re.compile(r"\d{6}-?[1-8]\d{6}")


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def papers(runtime: Runtime, bundle_id: Any, language: str = "ko") -> dict[str, str]:
    with in_language(language):
        return {document: preview_text(runtime.db, bundle_id, document, ISSUED) for document in ("receipt", "notice")}


def every_stored_value(runtime: Runtime) -> str:
    """Every row of every table, as text (to look for a number stored in clear)."""
    with runtime.db.session() as session:
        return "\n".join(str(tuple(row)) for table in SQLModel.metadata.sorted_tables
                         for row in session.execute(sql_select(table)).all())


def test_the_form_is_stored_with_the_report_and_its_people(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(), today=TODAY)
    with runtime.db.session() as session:
        report = session.exec(select(BirthReport)).one()
        people = {p.role: p for p in session.exec(select(Person)).all()}
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "birth.filed")).one()
    assert (report.birth_date, report.birth_time, report.birth_place_kind) == (
        date(2026, 11, 3), time(14, 30), "medical_institution")
    details = report.details
    assert (details.birth_place_address, details.birth_place_description) == ("서울특별시 강남구 역삼로 123", None)
    assert (details.registration_base_from, details.proof) == ("father", "medical_certificate")
    assert details.proof_rule is not None and "제44조④" in RECORD_NOTES.render(details.proof_rule)
    child, mother, father = people["child"].details, people["mother"].details, people["father"].details
    assert (child.clan_seat, child.clan_seat_hanja, child.registration_base, child.registration_base_code) == (
        "김해", "金海", "부산광역시 해운대구", "26350")
    assert (mother.clan_seat, mother.registration_base, mother.address) == (
        "전주", "서울특별시 강남구", "서울특별시 강남구 테헤란로 212")
    assert (father.clan_seat, father.registration_base, father.address) == ("김해", "부산광역시 해운대구", None)
    assert (audit.details["birth_place_kind"], audit.details["proof"]) == ("medical_institution", "medical_certificate")
    assert result.extra == {"report_deadline": "2026-12-02", "days_late": 0}


def test_the_receipt_and_the_notice_print_the_time_of_birth_as_the_form_writes_it(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(child__birth_time="오후 2시 30분"), today=TODAY)
    korean = papers(runtime, result.bundle_id)
    for text in korean.values():
        assert re.search(r"출생시각\s+14시 30분", text) and re.search(r"출생일\s+2026\. 11\. 3\.", text), text
    english = papers(runtime, result.bundle_id, "en")
    assert all(re.search(r"Time of\s+14:30\s+birth", text) for text in english.values())  # the label wraps


def test_a_birth_at_midnight_is_recorded_as_0_hours_of_the_next_day(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(child__birth_time="자정"), today=TODAY)
    with runtime.db.session() as session:
        report = session.exec(select(BirthReport)).one()
        child = session.get(Person, report.child_id)
    assert (report.birth_date, report.birth_time, report.deadline) == (date(2026, 11, 4), time(0, 0), date(2026, 12, 3))
    assert child is not None and child.birth_date == date(2026, 11, 4)
    assert result.warnings[0].code == "midnight_birth"
    assert re.search(r"출생시각\s+0시 0분", papers(runtime, result.bundle_id)["receipt"])


def test_a_foreign_mothers_number_is_stored_encrypted_and_shown_masked(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, example("birth-foreign-mother-at-home"), today=TODAY)
    with runtime.db.session() as session:
        mother = session.exec(select(Person).where(Person.role == "mother")).one()
        report = session.exec(select(BirthReport)).one()
    assert mother.name == "Nguyen Thi Lan" and mother.birth_date == date(1995, 8, 8) and mother.sex == "F"
    assert (mother.details.foreign, mother.details.nationality, mother.details.clan_seat) == (True, "베트남", None)
    assert mother.rrn_masked == "950808-6******" and mother.rrn_cipher is not None
    assert runtime.vault.decrypt(mother.rrn_cipher, "rrn") == FOREIGN_NO.replace("-", "")
    assert mother.rrn_lookup == runtime.vault.lookup_hash(FOREIGN_NO.replace("-", ""), "rrn")
    assert (report.birth_time, report.birth_place_kind, report.details.proof) == (
        time(3, 40), "home", "attendant_statement")
    assert report.details.proof_rule is not None and report.details.proof_rule.params["material"].startswith("산모의")
    stored = every_stored_value(runtime)
    for clear in (FOREIGN_NO, FOREIGN_NO.replace("-", ""), "890130-1234565", "8901301234565"):
        assert clear not in stored
    for text in papers(runtime, result.bundle_id).values():
        assert "950808-6******" in text and not FULL_NUMBER.search(text)
        assert "출생시각" in text and "3시 40분" in text


def test_a_foreign_mother_without_a_number_is_filed_by_her_passport_date(runtime: Runtime, clerk: SignedInClerk) -> None:
    raw = example("birth-foreign-mother-at-home")
    del raw["mother"]["foreign_registration_no"], raw["idempotency_key"]
    result = file_birth(runtime, clerk, raw, today=TODAY)
    with runtime.db.session() as session:
        mother = session.exec(select(Person).where(Person.role == "mother")).one()
    assert (mother.rrn_cipher, mother.rrn_masked, mother.birth_date) == (None, None, date(1995, 8, 8))
    again = dict(raw, duplicate_reason="")
    from counter.filing.birth import DuplicateBirthError

    try:
        file_birth(runtime, clerk, again, today=TODAY)
    except DuplicateBirthError as duplicate:  # the same child of the same mother, known by her name and date
        assert duplicate.duplicates[0].receipt_no == result.receipt_no
    else:
        raise AssertionError("the same child was filed twice without a reason")


def test_every_example_files_with_its_form_on_both_legs(runtime: Runtime, clerk: SignedInClerk) -> None:
    for path in sorted(EXAMPLES.glob("birth-*.json")):
        result = file_birth(runtime, clerk, json.loads(path.read_text(encoding="utf-8")), today=TODAY)
        with runtime.db.session() as session:
            bundle = session.exec(select(Bundle).where(Bundle.id == result.bundle_id)).one()
            report = session.exec(select(BirthReport).where(BirthReport.bundle_id == bundle.id)).one()
        assert report.birth_time is not None and report.birth_place_kind and report.details.proof, path.name
        assert "출생시각" in papers(runtime, result.bundle_id)["receipt"], path.name
