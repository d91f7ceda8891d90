"""Filing a death bundle (사망신고 + 안심상속): one transaction, every row, the inquiry filed later
against the death report, idempotent retries, heirs refused with the rule, and bad input refused
with the field named and nothing stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from counter.catalogue import load_catalogue
from counter.clerks import setup_office
from counter.filing.death import DuplicateDeathError, file_death
from counter.filing.death_inquiry import result_due_date
from counter.filing.death_review import review_death
from counter.filing.declarations import DeclarationError
from counter.print_service import document_for_job
from counter.runtime import Runtime
from counter.session import SignedInClerk
from models import (
    AuditEvent,
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)

TODAY = date(2026, 11, 21)  # a Saturday: the night and weekend desks file too
TABLES = (Bundle, Person, DeathReport, HeirApplication, LinkedRequest, PrintJob, OutgoingMessage)
LOCAL_ITEMS = {"land", "vehicle", "local-tax", "building"}
NATIONAL = load_catalogue("national", None)


def registration_no(birth: str, digit: int, serial: str = "23456") -> str:
    """A registration number whose old check digit holds (no checksum warning)."""
    body = [int(c) for c in f"{birth}{digit}{serial}"]
    check = (11 - sum(d * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5))) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


DECEASED_RRN = registration_no("400817", 1)
SON_RRN = registration_no("720115", 1)
SPOUSE_RRN = registration_no("450302", 2)
MISSING = object()


def death_declaration(**changes: Any) -> dict[str, Any]:
    """박영수 died in hospital on 2026-11-10; his son, living with him, reports and applies for the inquiry."""
    base: dict[str, Any] = {
        "deceased": {"name": "박영수", "rrn": DECEASED_RRN, "address": "서울특별시 강남구 역삼로 1"},
        "death": {"death_date": "2026-11-10", "place": "서울특별시 강남구 ○○병원", "place_kind": "medical_institution",
                  "certificate": "diagnosis"},
        "reporter": {"qualification": "cohabiting_relative", "name": "박지훈", "rrn": SON_RRN, "relation": "아들"},
        "inquiry": {
            "heir": "son", "applicant": {"same_as_reporter": True},
            "family": {"relatives": [{"id": "son", "relation": "child", "name": "박지훈"},
                                     {"id": "wife", "relation": "spouse", "name": "김영희"}]},
        },
        "notification": {"phone": "010-2345-6789", "sms": True, "post_address": "서울특별시 강남구 역삼로 1"},
    }
    for path, value in changes.items():
        node = base
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        if value is MISSING:
            node.pop(last, None)
        else:
            node[last] = value
    return copy.deepcopy(base)


def relatives(*rows: dict[str, Any]) -> list[dict[str, Any]]:
    return list(rows)


@pytest.fixture
def clerk(runtime: Runtime) -> SignedInClerk:
    return setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password="correct horse", device="T1")


def rows_by_table(runtime: Runtime) -> dict[str, int]:
    with runtime.db.session() as session:
        return {table.__tablename__: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[attr-defined]
                for table in TABLES}


NOTHING = {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


# --- one visit, one transaction ------------------------------------------------------------------


def test_death_report_and_inquiry_queue_one_request_per_item_to_its_agency(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(), today=TODAY)
    assert result.kind == "death" and result.fine_won == 0 and len(result.requests) == 20
    assert result.extra["report_deadline"] == "2026-12-09" and result.extra["days_late"] == 0
    assert result.extra["inquiry"] == {"basis": "descendant", "rank": 1, "deadline": "2027-11-30",
                                       "last_filing_day": "2027-11-30"}
    with runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        rows = {r.service_code: r for r in session.exec(select(LinkedRequest)).all()}
        application = session.exec(select(HeirApplication)).one()
        report = session.exec(select(DeathReport)).one()
    assert bundle.kind == "death" and bundle.receipt_no == result.receipt_no
    assert all(r.status == "queued" and r.idempotency_key == r.id and r.bundle_id == bundle.id for r in rows.values())
    financial, land, vehicle = rows["financial"], rows["land"], rows["vehicle"]
    assert (financial.agency_code, financial.agency_name, financial.delivery_channel) == ("FSS", "금융감독원", "sms")
    assert financial.payload["name"] == "금융거래 (예금·대출·보험·증권 등)"
    assert financial.payload["service_name"]["en"].startswith("Financial accounts")
    assert financial.payload["heir_application_id"] == str(application.id)
    assert {code for code, r in rows.items() if r.local_department} == LOCAL_ITEMS
    # Processing days are working days, the filing day counted (민원처리법 시행령 제19조②).
    assert (financial.due_date, land.due_date) == (date(2026, 12, 18), date(2026, 12, 1))
    assert vehicle.delivery_channel == "in_person"  # the catalogue's default for vehicles
    assert application.death_report_id == report.id and application.basis == "descendant"
    assert application.details["rank"] == 1 and application.details["representation"] == "in_person"


def test_people_are_stored_with_encrypted_numbers_in_their_roles(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_death(runtime, clerk, death_declaration(), today=TODAY)
    with runtime.db.session() as session:
        people = {p.role: p for p in session.exec(select(Person)).all()}
        report = session.exec(select(DeathReport)).one()
        application = session.exec(select(HeirApplication)).one()
    assert set(people) == {"deceased", "reporter", "applicant"}
    deceased = people["deceased"]
    assert deceased.rrn_masked == "400817-1******" and deceased.birth_date == date(1940, 8, 17)
    assert deceased.rrn_cipher and DECEASED_RRN.replace("-", "") not in deceased.rrn_cipher
    assert runtime.vault.decrypt(deceased.rrn_cipher, "rrn") == DECEASED_RRN.replace("-", "")
    assert report.deceased_id == deceased.id and report.reporter_id == people["reporter"].id
    assert (report.certificate, report.reporter_qualification, report.learned_date) == (
        "diagnosis", "cohabiting_relative", date(2026, 11, 10))
    assert report.details["place"] == "서울특별시 강남구 ○○병원" and report.details["reporter_obliged"] is True
    assert application.applicant_id == people["applicant"].id and application.proxy_id is None
    assert people["applicant"].name == "박지훈" and people["applicant"].rrn_masked == "720115-1******"


def test_receipt_notice_and_sms_are_queued_and_the_papers_build_from_the_rows(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(), today=TODAY)
    with runtime.db.session() as session:
        jobs = session.exec(select(PrintJob)).all()
        assert sorted((j.document, j.role, j.status) for j in jobs) == [
            ("notice", "notice", "pending"), ("receipt", "receipt", "pending")]
        message = session.exec(select(OutgoingMessage)).one()
        papers = {job.document: "\n".join(str(block) for block in document_for_job(session, job).blocks)
                  for job in jobs}
    assert message.recipient_masked == "010-****-6789" and "6789" not in message.recipient_cipher
    assert result.receipt_no in message.body and "20" in message.body
    assert "박영수 (400817-1******)" in papers["receipt"] and DECEASED_RRN not in papers["receipt"]
    assert "금융감독원" in papers["notice"] and "2027. 11. 30." in papers["notice"]
    assert "조회 결과는 항목별로 7~20일(근무일 기준) 안에 도착합니다." in papers["notice"]


def test_no_text_message_is_queued_unless_asked_for(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_death(runtime, clerk, death_declaration(notification__sms=False), today=TODAY)
    assert rows_by_table(runtime)["outgoing_message"] == 0


def test_the_filing_is_audited_without_personal_data(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(), today=TODAY)
    with runtime.db.session() as session:
        events = {e.action: e for e in session.exec(select(AuditEvent)).all()}
    filed, inquiry = events["death.filed"], events["death.inquiry_filed"]
    assert filed.entity_id == str(result.bundle_id) and filed.details["receipt_no"] == result.receipt_no
    assert "financial" in filed.details["items"] and inquiry.details["basis"] == "descendant"
    flat = json.dumps([filed.details, inquiry.details], ensure_ascii=False)
    for secret in ("400817", "720115", "박영수", "박지훈", "김영희", "6789", "역삼로", "○○병원"):
        assert secret not in flat


def test_seed_district_set_files_the_six_items_of_2015(runtime: Runtime, clerk: SignedInClerk) -> None:
    seed = Runtime(settings=runtime.settings.model_copy(update={"catalogue_set": "seed-district"}),
                   db=runtime.db, device="T1", _keyring=runtime.keyring())
    result = file_death(seed, clerk, death_declaration(), today=TODAY)
    assert [r.service_code for r in result.requests] == [
        "financial", "national-tax", "national-pension", "land", "vehicle", "local-tax"]


def test_the_applicant_chooses_each_items_channel_where_the_catalogue_allows(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    items = [{"code": "land", "channel": "post"}, {"code": "financial", "channel": "web"}, {"code": "vehicle"}]
    result = file_death(runtime, clerk, death_declaration(inquiry__items=items), today=TODAY)
    assert [(r.service_code, r.delivery_channel) for r in result.requests] == [
        ("financial", "web"), ("land", "post"), ("vehicle", "in_person")]


@pytest.mark.parametrize(("filed_on", "days", "due"), [
    (date(2026, 11, 20), 7, date(2026, 11, 30)),  # Friday counts; weekend skipped
    (date(2026, 11, 21), 7, date(2026, 12, 1)),  # filed on a Saturday: counting starts Monday
    (date(2026, 12, 21), 7, date(2026, 12, 30)),  # Christmas is not counted
    (date(2026, 11, 23), 20, date(2026, 12, 18)),
])
def test_result_due_date_counts_working_days_with_the_filing_day(filed_on: date, days: int, due: date) -> None:
    assert result_due_date(filed_on, days) == due


# --- the death report alone, the inquiry later ----------------------------------------------------


def test_a_death_report_alone_tells_the_heirs_until_when_they_may_apply(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    assert result.requests == () and "inquiry" not in result.extra
    with runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        assert session.exec(select(HeirApplication)).first() is None
        notice = session.exec(select(PrintJob).where(PrintJob.document == "notice")).one()
        paper = "\n".join(str(block) for block in document_for_job(session, notice).blocks)
    assert bundle.details["notice_expectations"] == [
        "상속인은 2027. 11. 30.까지 전국 시·구청과 읍·면·동 주민센터 어디서나 안심상속 재산조회를 신청할 수 있습니다."]
    assert "2027. 11. 30.까지" in paper


def test_the_heir_files_the_inquiry_later_against_the_death_report(runtime: Runtime, clerk: SignedInClerk) -> None:
    report = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=date(2026, 11, 12))
    later: dict[str, Any] = {
        "death_report_receipt_no": report.receipt_no,
        "inquiry": {"heir": "wife", "applicant": {"name": "김영희", "rrn": SPOUSE_RRN},
                    "family": {"relatives": relatives({"id": "son", "relation": "child"},
                                                      {"id": "wife", "relation": "spouse"})},
                    "items": [{"code": "financial"}, {"code": "land", "channel": "post"}]},
        "notification": {"phone": "010-9876-5432", "post_address": "서울특별시 강남구 역삼로 1"},
    }
    result = file_death(runtime, clerk, later, today=TODAY)
    assert result.extra["death_report_receipt_no"] == report.receipt_no
    assert result.extra["inquiry"]["basis"] == "spouse" and "report_deadline" not in result.extra
    with runtime.db.session() as session:
        first = session.exec(select(DeathReport)).one()
        application = session.exec(select(HeirApplication)).one()
        people = session.exec(select(Person).where(Person.bundle_id == result.bundle_id)).all()
        bundle = session.get(Bundle, result.bundle_id)
        original = session.get(Person, first.deceased_id)
    assert application.death_report_id == first.id and application.bundle_id == result.bundle_id
    assert sorted(p.role for p in people) == ["applicant", "deceased"]
    copy_of_deceased = next(p for p in people if p.role == "deceased")
    assert original is not None and copy_of_deceased.rrn_lookup == original.rrn_lookup
    assert bundle is not None and bundle.details["inquiry_only"] is True
    assert rows_by_table(runtime)["death_report"] == 1


def test_a_later_inquiry_past_its_deadline_is_refused_with_the_day_it_ended(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    # Died 2025-10-01: one year from 2025-10-31 ends 2026-10-31, a Saturday, so the last day was 2026-11-02.
    late = death_declaration(death__death_date="2025-10-01", inquiry=MISSING)
    report = file_death(runtime, clerk, late, today=TODAY)
    assert report.fine_won > 0  # the report itself is still accepted, late (제122조)
    rows = rows_by_table(runtime)
    later = {"death_report_receipt_no": report.receipt_no, "inquiry": death_declaration()["inquiry"],
             "notification": {"phone": "010-2345-6789"}}
    later["inquiry"]["applicant"] = {"name": "박지훈", "rrn": SON_RRN}
    with pytest.raises(DeclarationError) as refused:
        file_death(runtime, clerk, later, today=TODAY)
    problem = refused.value.problems[0]
    assert problem.field == "inquiry" and "2026-11-02" in problem.message
    assert rows_by_table(runtime) == rows


def test_an_inquiry_against_an_unknown_receipt_is_refused(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = {"death_report_receipt_no": "3650052-T1-261121-0009-X", "inquiry": death_declaration()["inquiry"]}
    with pytest.raises(DeclarationError) as refused:
        file_death(runtime, clerk, data, today=TODAY)
    assert "death_report_receipt_no" in [p.field for p in refused.value.problems]


# --- who may apply: refused with the rule, the report may still be filed ----------------------------

SON = {"id": "son", "relation": "child", "name": "박지훈"}
HEIR_CASES = [
    # (case, relatives, heir, extra inquiry keys, allowed basis or refused field, words in the message)
    ("child in person", [SON], "son", {}, "descendant", ""),
    ("spouse with a child", [SON, {"id": "w", "relation": "spouse"}], "w", {}, "spouse", ""),
    ("grandchild whose parent died first", [{"id": "c", "relation": "child", "status": "predeceased"},
                                            {"id": "g", "relation": "grandchild", "through": "c"}], "g", {},
     "representation", ""),
    ("sibling while the deceased has a child", [SON, {"id": "b", "relation": "sibling"}], "b", {},
     "inquiry.heir", "1순위"),
    ("grandchild while the parent lives", [SON, {"id": "g", "relation": "grandchild", "through": "son"}], "g", {},
     "inquiry.heir", ""),
    ("parent when the only child renounced", [{"id": "c", "relation": "child", "status": "renounced"},
                                               {"id": "m", "relation": "parent"}], "m",
     {"documents": ["renunciation_decisions"]}, "ascendant", ""),
    ("parent by renunciation through a proxy", [{"id": "c", "relation": "child", "status": "renounced"},
                                                 {"id": "m", "relation": "parent"}], "m",
     {"representation": "proxy", "documents": ["power_of_attorney", "renunciation_decisions"],
      "principal": {"name": "박어머니", "rrn": registration_no("200101", 2)}}, "inquiry.representation", "본인"),
    ("proxy without the power of attorney", [SON], "son",
     {"representation": "proxy", "principal": {"name": "박지훈", "rrn": SON_RRN}}, "inquiry.documents", "위임장"),
    ("estate administrator with the court decision", [], "",
     {"standing": "estate_administrator", "documents": ["administrator_appointment"]}, "estate_administrator", ""),
]


@pytest.mark.parametrize(("case", "family", "heir", "extra", "outcome", "words"), HEIR_CASES,
                         ids=[c[0] for c in HEIR_CASES])
def test_who_may_apply_for_the_inquiry(case: str, family: list[dict[str, Any]], heir: str, extra: dict[str, Any],
                                       outcome: str, words: str) -> None:
    data = death_declaration(inquiry={"heir": heir, "applicant": {"name": "신청인", "rrn": registration_no("800101", 1)},
                                      "family": {"relatives": family}, **extra})
    if not outcome.startswith("inquiry."):
        review = review_death(data, NATIONAL, TODAY)
        assert review.inquiry is not None and review.inquiry.decision.basis == outcome
        return
    with pytest.raises(DeclarationError) as refused:
        review_death(data, NATIONAL, TODAY)
    problem = next(p for p in refused.value.problems if p.code == "ineligible")
    assert problem.field == outcome and words in problem.message


def test_an_ineligible_heir_files_nothing_but_the_death_report_alone_may_be_filed(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    sibling = {"heir": "b", "applicant": {"name": "박영자", "rrn": registration_no("430101", 2)},
               "family": {"relatives": [SON, {"id": "b", "relation": "sibling"}]}}
    with pytest.raises(DeclarationError):
        file_death(runtime, clerk, death_declaration(inquiry=sibling), today=TODAY)
    assert rows_by_table(runtime) == NOTHING
    alone = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    assert alone.requests == () and rows_by_table(runtime)["death_report"] == 1


def test_a_refused_sibling_is_told_which_higher_rank_heir_may_apply() -> None:
    inquiry = {"heir": "b", "applicant": {"name": "박영자", "rrn": registration_no("430101", 2)},
               "family": {"relatives": [SON, {"id": "b", "relation": "sibling"}]}}
    with pytest.raises(DeclarationError) as refused:
        review_death(death_declaration(inquiry=inquiry), NATIONAL, TODAY)
    message = refused.value.problems[0].message
    assert "형제자매는 제3순위 상속인" in message and "제1순위 상속인(자녀)" in message


def test_a_proxy_files_for_the_heir_and_results_go_to_the_proxy(runtime: Runtime, clerk: SignedInClerk) -> None:
    inquiry = {"heir": "son", "representation": "proxy", "documents": ["power_of_attorney"],
               "applicant": {"name": "최대리", "rrn": registration_no("850505", 1)},
               "principal": {"name": "박지훈", "rrn": SON_RRN}, "family": {"relatives": [SON]}}
    file_death(runtime, clerk, death_declaration(inquiry=inquiry), today=TODAY)
    with runtime.db.session() as session:
        application = session.exec(select(HeirApplication)).one()
        applicant = session.get(Person, application.applicant_id)
        proxy = session.get(Person, application.proxy_id)
        request = session.exec(select(LinkedRequest)).first()
    assert applicant is not None and proxy is not None and request is not None
    assert (applicant.role, applicant.name, proxy.role, proxy.name) == ("applicant", "박지훈", "proxy", "최대리")
    assert request.payload["reply_to_person_id"] == str(proxy.id)


# --- retries, duplicates, late reports ------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_first_result_and_writes_nothing(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    data = death_declaration(idempotency_key=str(uuid.uuid4()))
    first = file_death(runtime, clerk, data, today=TODAY)
    rows = rows_by_table(runtime)
    again = file_death(runtime, clerk, data, today=TODAY)
    assert again.already_filed and not first.already_filed and rows_by_table(runtime) == rows
    assert {k: v for k, v in again.as_json().items() if k != "already_filed"} == \
           {k: v for k, v in first.as_json().items() if k != "already_filed"}


def test_a_second_death_report_for_the_same_person_needs_a_reason(runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    rows = rows_by_table(runtime)
    with pytest.raises(DuplicateDeathError) as refused:
        file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY)
    assert refused.value.field == "duplicate_reason" and first.receipt_no in refused.value.message
    assert rows_by_table(runtime) == rows
    second = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=TODAY,
                        duplicate_reason="첫 신고서 사망장소 오기")
    with runtime.db.session() as session:
        bundle = session.get(Bundle, second.bundle_id)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "death.duplicate_filed")).one()
    assert bundle is not None and bundle.duplicate_of == first.bundle_id
    assert event.details["reason"] == "첫 신고서 사망장소 오기"


@pytest.mark.parametrize(("learned_on", "cohabiting", "qualification", "fine"), [
    ("2026-11-10", True, "cohabiting_relative", 0),  # within the month
    ("2026-09-01", True, "cohabiting_relative", 30_000),  # deadline 2026-09-30, 52 days late (제122조)
    ("2026-09-01", True, "place_manager", 30_000),  # the relative obliged to report still owes the fine
    ("2026-09-01", False, "place_manager", 0),  # no one had the duty (제85조②): no fine
])
def test_a_late_death_report_carries_the_fine_of_the_obliged_reporter(
        runtime: Runtime, clerk: SignedInClerk, learned_on: str, cohabiting: bool, qualification: str,
        fine: int) -> None:
    data = death_declaration(death__death_date="2026-09-01", death__learned_on=learned_on, inquiry=MISSING,
                             death__had_cohabiting_relative=cohabiting, reporter__qualification=qualification)
    result = file_death(runtime, clerk, data, today=TODAY)
    assert result.fine_won == fine
    assert ("late_report" in [w.code for w in result.warnings]) == bool(fine)


# --- nothing partial ----------------------------------------------------------------------------


def _refuse_audit_action(runtime: Runtime, action: str) -> None:
    """Make the database refuse the audit row of `action` (the last write of a filing)."""
    condition = f"NEW.action = '{action}'"
    statements = {
        "sqlite": [(f"CREATE TRIGGER no_audit BEFORE INSERT ON audit_event WHEN {condition} "
                   "BEGIN SELECT RAISE(ABORT, 'storage failed'); END")],
        "postgresql": [(f"CREATE FUNCTION no_audit() RETURNS trigger AS $$ BEGIN IF {condition} THEN "
                       "RAISE EXCEPTION 'storage failed'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"),
                       "CREATE TRIGGER no_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION no_audit()"],
    }
    with runtime.db.write() as session:
        for statement in statements[runtime.db.dialect]:
            session.execute(text(statement))


def test_when_the_last_write_fails_no_row_of_the_bundle_remains(runtime: Runtime, clerk: SignedInClerk) -> None:
    _refuse_audit_action(runtime, "death.inquiry_filed")
    with pytest.raises(Exception, match="storage failed"):
        file_death(runtime, clerk, death_declaration(), today=TODAY)
    assert rows_by_table(runtime) == NOTHING


# --- bad input: refused with the field named, nothing stored ------------------------------------------

ESCAPE = "\x1b[2J\x1b[31m"
BAD_INPUT = [
    ("death before birth", {"death__death_date": "1939-05-01"}, "death.death_date"),
    ("death in the future", {"death__death_date": "2026-11-22"}, "death.death_date"),
    ("learning of the death before it happened", {"death__learned_on": "2026-11-09"}, "death.learned_on"),
    ("applicant who is the deceased", {"inquiry__applicant": {"name": "박영수", "rrn": DECEASED_RRN}},
     "inquiry.applicant.rrn"),
    ("proxy without the principal", {"inquiry__representation": "proxy",
                                     "inquiry__documents": ["power_of_attorney"]}, "inquiry.principal"),
    ("guardian without the ward", {"inquiry__representation": "adult_guardian"}, "inquiry.principal"),
    ("inquiry past its deadline", {"death__death_date": "2025-09-15"}, "inquiry"),
    ("reporter who may not report", {"reporter__qualification": "other"}, "reporter.qualification"),
    ("other proof without the reason", {"death__certificate": "other_proof"}, "death.certificate_reason"),
    ("no certificate kind", {"death__certificate": "letter"}, "death.certificate"),
    ("infant whose birth was never reported",
     {"deceased__rrn": None, "deceased__birth_date": "2026-10-01", "deceased__birth_reported": False},
     "deceased.birth_reported"),
    ("neither number nor birth date", {"deceased__rrn": None}, "deceased.birth_date"),
    ("number contradicting the birth date", {"deceased__birth_date": "1940-08-18"}, "deceased.rrn"),
    ("heir label that names nobody", {"inquiry__heir": "daughter"}, "inquiry.heir"),
    ("grandchild entered through nobody", {"inquiry__family__relatives": [
        SON, {"id": "g", "relation": "grandchild"}]}, "inquiry.family.relatives[1].through"),
    ("two spouses", {"inquiry__family__relatives": [SON, {"relation": "spouse"}, {"relation": "spouse"}]},
     "inquiry.family.relatives[2].relation"),
    ("channel the item does not offer", {"inquiry__items": [{"code": "vehicle", "channel": "sms"}]},
     "inquiry.items[0].channel"),
    ("unknown item", {"inquiry__items": [{"code": "lottery"}]}, "inquiry.items[0].code"),
    ("no item at all", {"inquiry__items": []}, "inquiry.items"),
    ("results by text without a number", {"notification": {"sms": False}}, "notification.phone"),
    ("results by post without an address", {"inquiry__items": [{"code": "land", "channel": "post"}],
                                            "notification__post_address": ""}, "notification.post_address"),
    ("not a mobile number", {"notification__phone": "02-123-4567"}, "notification.phone"),
    ("date written as a number", {"death__death_date": 20261110}, "death.death_date"),
    ("unknown field", {"deceased__nickname": "영수"}, "deceased.nickname"),
    ("report sections with a later inquiry", {"death_report_receipt_no": "3650052-T1-261121-0001-X"}, "deceased"),
    ("no reporter", {"reporter": MISSING}, "reporter"),
    *[(f"escape sequence in {path}", {path.replace(".", "__"): f"값{ESCAPE}"}, path) for path in (
        "deceased.name", "deceased.address", "death.place", "reporter.name", "reporter.relation",
        "notification.post_address")],
    ("bidi override in the applicant's name", {"inquiry__applicant": {"name": "김\u202e영희", "rrn": SPOUSE_RRN}},
     "inquiry.applicant.name"),
    ("control character in a relative's name", {"inquiry__family__relatives": [{**SON, "name": "박\x07지훈"}]},
     "inquiry.family.relatives[0].name"),
    ("escape in the certificate reason", {"death__certificate": "other_proof",
                                          "death__certificate_reason": f"해외 사망{ESCAPE}"}, "death.certificate_reason"),
    ("escape in the principal's name", {"inquiry__representation": "proxy", "inquiry__documents": ["power_of_attorney"],
                                        "inquiry__principal": {"name": f"박{ESCAPE}", "rrn": SON_RRN}},
     "inquiry.principal.name"),
]


@pytest.mark.parametrize(("case", "changes", "field"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field(case: str, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DeclarationError) as refused:
        review_death(death_declaration(**changes), NATIONAL, TODAY)
    assert field in [problem.field for problem in refused.value.problems], refused.value.as_json()
    assert all(problem.message for problem in refused.value.problems)


def test_no_bad_input_leaves_a_row_behind(runtime: Runtime, clerk: SignedInClerk) -> None:
    for case, changes, _field in BAD_INPUT:
        with pytest.raises(DeclarationError):
            file_death(runtime, clerk, death_declaration(**changes), today=TODAY)
        assert rows_by_table(runtime) == NOTHING, case


def test_the_inquiry_deadline_refusal_names_the_day_it_ended() -> None:
    with pytest.raises(DeclarationError) as refused:
        review_death(death_declaration(death__death_date="2025-09-15"), NATIONAL, TODAY)
    # One year from 2025-09-30 ends 2026-09-30 (a Wednesday).
    assert "2026-09-30" in next(p.message for p in refused.value.problems if p.field == "inquiry")


def test_every_problem_is_reported_at_once() -> None:
    data = death_declaration(death__death_date="2027-01-01", reporter__qualification="other",
                             notification__phone="123", deceased__name="")
    with pytest.raises(DeclarationError) as refused:
        review_death(data, NATIONAL, TODAY)
    fields = {problem.field for problem in refused.value.problems}
    assert {"death.death_date", "reporter.qualification", "notification.phone", "deceased.name"} <= fields


def test_examples_in_the_repository_file_cleanly(runtime: Runtime, clerk: SignedInClerk) -> None:
    folder = Path(__file__).resolve().parents[2] / "examples"

    def example(name: str) -> dict[str, Any]:
        return json.loads((folder / f"death-{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    assert sorted(p.name for p in folder.glob("death-*.json")) == [
        "death-inquiry-later.json", "death-report-alone.json", "death-report-with-inquiry.json"]
    both = file_death(runtime, clerk, example("report-with-inquiry"), today=TODAY)
    assert [r.delivery_channel for r in both.requests] == ["web", "web", "sms", "post", "post", "sms"]
    alone = file_death(runtime, clerk, example("report-alone"), today=TODAY)
    assert alone.requests == () and alone.fine_won == 0 and alone.warnings == ()
    later = example("inquiry-later") | {"death_report_receipt_no": alone.receipt_no}
    inquiry = file_death(runtime, clerk, later, today=TODAY)
    assert inquiry.extra["inquiry"]["basis"] == "representation" and len(inquiry.requests) == 20
    assert both.warnings == () and inquiry.warnings == ()
