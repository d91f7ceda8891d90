"""Filing a death bundle (사망신고 + 안심상속): one transaction, every row, the inquiry filed later
against the death report, idempotent retries, heirs refused with the rule, and bad input refused
with the field named and nothing stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import date, time
from typing import Any

import pytest
from death_filing_helpers import (
    DECEASED_RRN,
    LOCAL_ITEMS,
    MISSING,
    NATIONAL,
    NOTHING,
    PLACE_ADDRESS,
    SON,
    SON_RRN,
    SPOUSE_RRN,
    TODAY,
    death_declaration,
    registration_no,
    relatives,
    rows_by_table,
)
from sqlalchemy import text
from sqlmodel import select

from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.filing.death_inquiry import result_due_date
from counter.filing.death_repeats import DuplicateDeathError
from counter.filing.death_review import review_death
from counter.filing.declarations import DeclarationError
from counter.office.runtime import Runtime
from counter.printing.print_service import document_for_job
from counter.texts.renderers import NOTICE_LINES
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
    assert financial.payload.service_name is not None and financial.payload.service_name.ko == "금융거래 (예금·대출·보험·증권 등)"
    assert financial.payload.service_name.en.startswith("Financial accounts")
    assert financial.payload.heir_application_id == str(application.id)
    assert {code for code, r in rows.items() if r.local_department} == LOCAL_ITEMS
    # Processing days are working days, the filing day counted (민원처리법 시행령 제19조②).
    assert (financial.due_date, land.due_date) == (date(2026, 12, 18), date(2026, 12, 1))
    assert vehicle.delivery_channel == "in_person"  # the catalogue's default for vehicles
    assert application.death_report_id == report.id and application.basis == "descendant"
    assert application.details.rank == 1 and application.details.representation == "in_person"


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
    assert report.details.place == PLACE_ADDRESS and report.details.reporter_obliged is True
    assert (report.death_time, report.details.place_kind, report.details.place_description) == (
        time(14, 30), "medical_institution", None)
    assert report.details.proof_rule is not None and report.details.proof_rule.params == {
        "rule": "medical", "proof": "diagnosis", "reason": ""}
    assert deceased.details.model_dump(exclude_none=True) == {
        "clan_seat": "밀양", "clan_seat_hanja": "密陽", "registration_base": "서울특별시 종로구",
        "registration_base_code": "11110", "address": "서울특별시 강남구 역삼로 1"}
    assert people["reporter"].details.address == "서울특별시 강남구 역삼로 1"
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
    # 민법 제1019조①: the rule on every death notice, and the last day for an heir who knew on the day.
    assert "3개월 이내에 가정법원에 신고해야 합니다(민법 제1019조①)" in papers["notice"]
    assert "사망일에 안 상속인은 2027. 2. 10.까지입니다." in papers["notice"]
    assert result.extra["renunciation_period_end"] == "2027-02-10"


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
    flat = json.dumps([filed.details.root, inquiry.details.root], ensure_ascii=False)
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
    assert [(line.code, line.params) for line in bundle.details.notice_expectations] == [
        ("renunciation_end", {"date": "2027-02-10"}), ("inquiry_open_until", {"date": "2027-11-30"})]
    assert [NOTICE_LINES.render(line) for line in bundle.details.notice_expectations] == [
        "사망일에 안 상속인은 2027. 2. 10.까지입니다.",
        "상속인은 2027. 11. 30.까지 전국 시·구청과 읍·면·동 주민센터 어디서나 안심상속 재산조회를 신청할 수 있습니다."]
    assert "2027. 11. 30.까지" in paper


def test_the_heir_files_the_inquiry_later_against_the_death_report(runtime: Runtime, clerk: SignedInClerk) -> None:
    report = file_death(runtime, clerk, death_declaration(inquiry=MISSING), today=date(2026, 11, 12))
    later: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
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
    assert result.extra["renunciation_period_end"] == "2027-02-10"  # from the earlier report's death date
    assert file_death(runtime, clerk, later, today=TODAY).extra["renunciation_period_end"] == "2027-02-10"  # replayed
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
    assert bundle is not None and bundle.details.inquiry_only is True
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
    assert problem.field == "inquiry" and "2026. 11. 2." in problem.message
    assert rows_by_table(runtime) == rows


def test_an_inquiry_against_an_unknown_receipt_is_refused(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = {"death_report_receipt_no": "3650052-T1-261121-0009-X", "inquiry": death_declaration()["inquiry"]}
    with pytest.raises(DeclarationError) as refused:
        file_death(runtime, clerk, data, today=TODAY)
    assert "death_report_receipt_no" in [p.field for p in refused.value.problems]


# --- who may apply: refused with the rule, the report may still be filed ----------------------------

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
    assert request.payload.reply_to_person_id == str(proxy.id)


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
