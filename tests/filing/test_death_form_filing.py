"""Filing the whole 사망신고서 on both databases: the time (NULL when 미상, never midnight), the place and its
box, the proof and who vouched (their numbers encrypted like every RRN, on no paper), the 본 and
등록기준지; the receipt and the notice print the time as the form writes it and no number in clear."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from death_filing_helpers import (
    FRIEND_RRN,
    MISSING,
    NEIGHBOUR_RRN,
    SON_RRN,
    TODAY,
    death_declaration,
)
from sqlalchemy import text
from sqlmodel import select

from counter.base.i18n import in_language, set_language
from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.filing.death_review import review_death
from counter.office.runtime import Runtime
from counter.printing.print_service import document_for_job
from counter.texts.renderers import RECORD_NOTES
from models import AuditEvent, DeathReport, Person, PrintJob
from printers.document import Field
from printers.text import render_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"death-{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def papers(runtime: Runtime, receipt_no: str) -> dict[str, str]:
    """The receipt and the notice of the bundle filed under `receipt_no`: each field as `label: value`, then
    the paper as the printer gets it."""
    with runtime.db.session() as session:
        report = session.exec(select(DeathReport)).all()
        jobs = session.exec(select(PrintJob)).all()
        built = {}
        for job in jobs:
            document = document_for_job(session, job)
            if document.receipt_no == receipt_no:
                fields = [f"{block.label}: {block.value}" for block in document.blocks if isinstance(block, Field)]
                built[job.document] = "\n".join([*fields, render_text(document)])  # the fields, and the paper as printed
    assert report and set(built) == {"receipt", "notice"}
    return built


def stored_time(runtime: Runtime) -> list[Any]:
    """`death_report.death_time` as the database holds it (NULL is None)."""
    with runtime.db.session() as session:
        return [row[0] for row in session.execute(text("SELECT death_time FROM death_report"))]


def test_acquaintances_who_vouch_are_stored_encrypted_and_printed_nowhere(runtime: Runtime,
                                                                         clerk: SignedInClerk) -> None:
    set_language("ko")
    result = file_death(runtime, clerk, example("report-acquaintances"), today=TODAY)
    assert result.extra["death_time"] == "23:40" and result.extra["death_date"] == "2026-11-01"
    with runtime.db.session() as session:
        report = session.exec(select(DeathReport)).one()
        people = session.exec(select(Person).order_by(Person.name)).all()  # type: ignore[arg-type]
        events = [event.details.root for event in session.exec(select(AuditEvent)).all()]
    assert (report.certificate, report.death_time, report.death_date) == ("acquaintances", time(23, 40),
                                                                         date(2026, 11, 1))
    assert report.details.certificate_reason is not None and report.details.certificate_reason.startswith("의사의")
    assert (report.details.place_kind, report.details.place_description) == ("other", "산속 임도 옆 농막")
    assert report.details.proof_rule is not None and report.details.proof_rule.params["proof"] == "acquaintances"
    assert "인우인 2명 이상의 사망증명서" in RECORD_NOTES.render(report.details.proof_rule)
    certifiers = [person for person in people if person.role == "certifier"]
    assert [(p.name, p.rrn_masked, p.details.qualification) for p in certifiers] == [
        ("최인우", "420303-1******", "acquaintance"), ("한이웃", "480909-2******", "acquaintance")]
    for person, number in zip(certifiers, (FRIEND_RRN, NEIGHBOUR_RRN), strict=True):
        assert person.rrn_cipher and number.replace("-", "") not in person.rrn_cipher
        assert runtime.vault.decrypt(person.rrn_cipher, "rrn") == number.replace("-", "")
        assert person.rrn_lookup == runtime.vault.lookup_hash(number.replace("-", ""), "rrn")
        assert person.bundle_id == result.bundle_id
    printed = papers(runtime, result.receipt_no)
    for paper in printed.values():
        assert "최인우" not in paper and "한이웃" not in paper and "420303" not in paper
        assert "360101-2234565" not in paper and "360101-2******" in paper
        assert "사망시각: 23시 40분" in paper
    flat = json.dumps(events, ensure_ascii=False)
    for secret in ("최인우", "한이웃", "420303", "480909", "임도", "봉양리"):
        assert secret not in flat
    assert '"certificate": "acquaintances"' in flat


def test_a_time_not_known_is_stored_as_null_and_printed_as_the_form_says_it(runtime: Runtime,
                                                                          clerk: SignedInClerk) -> None:
    set_language("ko")
    result = file_death(runtime, clerk, death_declaration(inquiry=MISSING, death__death_time="미상"), today=TODAY)
    assert result.extra["death_time"] is None
    assert stored_time(runtime) == [None]  # NULL: not 00:00
    printed = papers(runtime, result.receipt_no)
    assert "사망시각: 미상" in printed["receipt"] and "사망시각: 미상" in printed["notice"]
    assert file_death(runtime, clerk, death_declaration(inquiry=MISSING, death__death_time="미상"), today=TODAY,
                      duplicate_reason="시각 확인 후 재신고").extra["death_time"] is None


def test_a_death_at_midnight_is_stored_at_0_oclock_of_the_next_day(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(inquiry=MISSING, death__death_time="자정"), today=TODAY)
    with runtime.db.session() as session:
        report = session.exec(select(DeathReport)).one()
    assert (report.death_date, report.death_time) == (date(2026, 11, 11), time(0, 0))
    assert stored_time(runtime) != [None] and result.extra["death_time"] == "00:00"
    assert "사망시각: 0시 0분" in papers(runtime, result.receipt_no)["receipt"]


def test_the_receipt_prints_the_time_in_the_language_of_the_paper(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(), today=TODAY)
    with in_language("ko"):
        korean = papers(runtime, result.receipt_no)
    with in_language("en"):
        english = papers(runtime, result.receipt_no)
    assert "사망일: 2026. 11. 10." in korean["receipt"] and "사망시각: 14시 30분" in korean["receipt"]
    assert "Time of death: 14:30" in english["receipt"] and "Time of death: 14:30" in english["notice"]
    for paper in (*korean.values(), *english.values()):
        assert SON_RRN not in paper and SON_RRN.replace("-", "") not in paper


def test_the_person_details_hold_the_register_entries_and_the_addresses(runtime: Runtime,
                                                                        clerk: SignedInClerk) -> None:
    file_death(runtime, clerk, example("report-alone"), today=TODAY)
    with runtime.db.session() as session:
        people = {person.role: person for person in session.exec(select(Person)).all()}
        report = session.exec(select(DeathReport)).one()
    assert people["deceased"].details.model_dump(exclude_none=True) == {
        "clan_seat": "경주", "registration_base": "경상북도 경주시", "registration_base_code": "47130",
        "address": "서울특별시 강남구 테헤란로 2"}
    assert people["reporter"].details.address == "서울특별시 강남구 개포로 10"
    assert (report.certificate, report.death_time, report.details.place_kind) == ("postmortem", None,
                                                                                  "welfare_facility")


@pytest.mark.parametrize("name", ["report-with-inquiry", "report-alone", "report-acquaintances"])
def test_each_example_report_fills_every_cell_of_the_form(name: str) -> None:
    from death_filing_helpers import NATIONAL

    declaration = example(name)
    review = review_death(declaration, NATIONAL, TODAY)
    assert review.report is not None
    deceased, death, reporter = declaration["deceased"], declaration["death"], declaration["reporter"]
    assert all(deceased.get(cell) for cell in ("name", "rrn", "clan_seat", "registration_base", "address"))
    assert all(death.get(cell) for cell in ("death_date", "death_time", "certificate"))
    assert death["place"].get("kind") and death["place"].get("address")
    assert all(reporter.get(cell) for cell in ("qualification", "name", "address"))
