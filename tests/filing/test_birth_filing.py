"""Filing a birth bundle: one transaction, every row, idempotent retries, the duplicate guard, and
bad input that is refused with the field named and nothing stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from counter.base.config import Settings
from counter.base.session import SignedInClerk
from counter.catalogue import CatalogueError, load_catalogue
from counter.filing.birth import DuplicateBirthError, file_birth
from counter.filing.declarations import DeclarationError
from counter.office.clerks import edit_office, setup_office
from counter.office.runtime import Runtime
from counter.printing.print_service import document_for_job
from models import (
    AuditEvent,
    Bilingual,
    BirthReport,
    Bundle,
    DeclinedService,
    LinkedRequest,
    OutgoingMessage,
    Person,
    PrintJob,
)

TODAY = date(2026, 11, 21)
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
TABLES = (Bundle, Person, BirthReport, LinkedRequest, PrintJob, OutgoingMessage)


def rrn(birth: str, digit: int, serial: str = "12345") -> str:
    """A registration number with a correct (pre-2020) check digit: `rrn("900315", 2)`."""
    body = f"{birth}{digit}{serial}"
    check = (11 - sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11) % 10
    return f"{birth}-{digit}{serial}{check}"


MOTHER_RRN = rrn("900315", 2)
FATHER_RRN = rrn("880720", 1)


def declaration(**changes: Any) -> dict[str, Any]:
    """A third child born 2026-11-03 at 14:30 in a hospital to a married Korean couple, reported by the
    mother with the doctor's birth certificate, SMS wanted."""
    base: dict[str, Any] = {
        "child": {"surname": "김", "given_name": "하늘", "clan_seat": "김해", "clan_seat_hanja": "金海",
                  "birth_date": "2026-11-03", "birth_time": "14:30", "sex": "F",
                  "birth_place": {"kind": "medical_institution", "address": "서울특별시 강남구 역삼로 123"}},
        "mother": {"surname": "이", "given_name": "수진", "clan_seat": "전주", "registration_base": "서울특별시 강남구",
                   "rrn": MOTHER_RRN},
        "father": {"surname": "김", "given_name": "민준", "clan_seat": "김해", "clan_seat_hanja": "金海",
                   "registration_base": "부산광역시 해운대구", "rrn": FATHER_RRN},
        "reporter": {"relation": "mother", "address": "서울특별시 강남구 테헤란로 212"},
        "attachments": {"presented": ["medical_certificate"]},
        "household": {"siblings": [{"birth_date": "2019-05-01", "name": "김하나"},
                                   {"birth_date": "2022-08-09", "name": "김두리"}],
                      "parent_resident_years": 3},
        "contact": {"phone": "010-1234-5678", "sms": True},
    }
    for path, value in changes.items():
        node = base
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return copy.deepcopy(base)


DELETE = object()


def seed_runtime(runtime: Runtime) -> Runtime:
    return Runtime(settings=runtime.settings.model_copy(update={"catalogue_set": "seed-district"}),
                   db=runtime.db, device=runtime.device, _keyring=runtime.keyring())


def count_rows(runtime: Runtime) -> dict[str, int]:
    with runtime.db.session() as session:
        return {table.__tablename__: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[attr-defined]
                for table in TABLES}


# --- the whole bundle in one transaction ---------------------------------------------------------


def test_third_child_gets_one_million_won_grant_and_the_three_utility_discounts(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(seed_runtime(runtime), clerk, declaration(), today=TODAY)
    requests = {r.service_code: r for r in result.requests}
    assert requests["birth-support-grant"].amount_won == 1_000_000
    assert requests["birth-support-grant"].reason_text == "셋째 아이: 1,000,000원"
    assert {"multi-child-city-gas", "multi-child-electricity", "multi-child-district-heating"} <= set(requests)
    assert result.fine_won == 0 and result.warnings == ()
    with runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        assert (bundle.status, bundle.kind, bundle.receipt_no) == ("filed", "birth", result.receipt_no)
        rows = session.exec(select(LinkedRequest).where(LinkedRequest.bundle_id == bundle.id)).all()
        assert {r.service_code for r in rows} == set(requests)
        assert all(r.status == "queued" and r.idempotency_key == r.id for r in rows)
        grant = next(r for r in rows if r.service_code == "birth-support-grant")
        assert (grant.agency_code, grant.amount_won, grant.local_department) == ("DISTRICT", 1_000_000, True)
        assert grant.payload.service_name == Bilingual(ko="출산양육지원금", en="Childbirth support grant")


def test_first_child_under_the_national_set_gets_the_two_million_won_voucher(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(household={}), today=TODAY)
    voucher = next(r for r in result.requests if r.service_code == "first-meeting-voucher")
    assert (voucher.amount_won, voucher.reason_text) == (2_000_000, "첫째 아이: 2,000,000원")
    assert "multi-child-electricity" not in {r.service_code for r in result.requests}


def test_people_are_stored_with_encrypted_numbers_and_the_report_with_its_deadline(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(), today=TODAY)
    with runtime.db.session() as session:
        people = {p.role: p for p in session.exec(select(Person)).all()}
        report = session.exec(select(BirthReport)).one()
    assert set(people) == {"child", "mother", "father"}
    mother = people["mother"]
    assert mother.name == "이수진" and mother.rrn_masked == "900315-2******"
    assert mother.rrn_cipher and MOTHER_RRN.replace("-", "") not in mother.rrn_cipher
    assert runtime.vault.decrypt(mother.rrn_cipher, "rrn") == MOTHER_RRN.replace("-", "")
    assert people["child"].name == "김하늘" and people["child"].rrn_cipher is None
    assert report.reporter_id == mother.id and report.reporter_qualification == "mother"
    assert (report.deadline, report.days_late, report.fine_won) == (date(2026, 12, 2), 0, 0)
    assert result.extra == {"report_deadline": "2026-12-02", "days_late": 0}


def test_print_jobs_and_the_sms_are_queued_and_the_papers_can_be_built_from_the_rows(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(), today=TODAY)
    with runtime.db.session() as session:
        jobs = session.exec(select(PrintJob)).all()
        assert sorted((j.document, j.role, j.status) for j in jobs) == [
            ("notice", "notice", "pending"), ("receipt", "receipt", "pending")]
        message = session.exec(select(OutgoingMessage)).one()
        assert message.recipient_masked == "010-****-5678" and "5678" not in message.recipient_cipher
        assert result.receipt_no in message.body
        texts = {job.document: "\n".join(str(block) for block in document_for_job(session, job).blocks)
                 for job in jobs}
    assert "부모급여" in texts["notice"] and "김하늘" in texts["receipt"]
    assert "900315-2******" in texts["receipt"] and MOTHER_RRN not in texts["receipt"]


def test_the_receipt_and_the_notice_print_the_office_phone(runtime: Runtime) -> None:
    clerk = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                         display_name="이수진", password="correct horse", device="T1", office_phone="02-3423-5392")
    result = file_birth(runtime, clerk, declaration(), today=TODAY)

    def papers() -> dict[str, str]:
        with runtime.db.session() as session:
            jobs = session.exec(select(PrintJob).where(PrintJob.bundle_id == result.bundle_id)).all()
            return {job.document: "\n".join(document_for_job(session, job).texts()) for job in jobs}

    assert all("문의 02-3423-5392" in text for text in papers().values())
    edit_office(runtime.db, actor=clerk.actor, phone="02-3423-5300")  # the office's number now, on a reprint
    assert all("문의 02-3423-5300" in text and "5392" not in text for text in papers().values())


def test_no_sms_row_when_the_family_did_not_ask(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth(runtime, clerk, declaration(contact={"phone": "010-1234-5678", "sms": False}), today=TODAY)
    assert count_rows(runtime)["outgoing_message"] == 0


def test_the_filing_is_audited_without_personal_data(runtime: Runtime, clerk: SignedInClerk) -> None:
    result = file_birth(runtime, clerk, declaration(), today=TODAY)
    with runtime.db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "birth.filed")).one()
    assert event.clerk_username == "boss" and event.entity_id == str(result.bundle_id)
    flat = str(event.details)
    for secret in ("900315", "김하늘", "이수진", "010-1234"):
        assert secret not in flat
    assert event.details["receipt_no"] == result.receipt_no and "parent-benefit" in event.details["services"]


def test_a_declined_service_is_recorded_with_its_reason_and_not_queued(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = declaration(declined_services=[{"code": "child-allowance", "reason": "가족이 다음에 신청하기로 함"}])
    result = file_birth(runtime, clerk, data, today=TODAY)
    assert "child-allowance" not in {r.service_code for r in result.requests}
    with runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
    assert bundle.details.declined == (DeclinedService(code="child-allowance", reason="가족이 다음에 신청하기로 함"),)


def test_late_report_records_the_fine_and_days_late(runtime: Runtime, clerk: SignedInClerk) -> None:
    # Born 2026-09-01: the month ends 2026-09-30 (Wed); filed 2026-11-21 is 52 days and a month late.
    result = file_birth(runtime, clerk, declaration(child__birth_date="2026-09-01"), today=TODAY)
    assert result.fine_won == 30_000
    assert result.extra == {"report_deadline": "2026-09-30", "days_late": 52}
    assert [w.code for w in result.warnings] == ["late_report", "service", "service"]
    assert result.warnings[0].message == "신고기간(2026. 9. 30.)이 지나 신고함: 1개월 이상 3개월 미만 지연: 30,000원"
    # 81 days after the birth: the allowances are no longer paid from the birth month.
    assert [w.message.split(":")[0] for w in result.warnings[1:]] == ["부모급여", "아동수당"]


def test_lower_rank_reporter_needs_a_reason_and_it_is_recorded(runtime: Runtime, clerk: SignedInClerk) -> None:
    doctor = {"relation": "doctor", "name": "박의사", "address": "서울특별시 강남구 논현로 ○○"}
    with pytest.raises(DeclarationError) as refused:
        file_birth(runtime, clerk, declaration(reporter=doctor), today=TODAY)
    assert [p.field for p in refused.value.problems] == ["reporter.reason"]
    file_birth(runtime, clerk, declaration(reporter={**doctor, "reason": "산모 입원, 부 해외 체류"}), today=TODAY)
    with runtime.db.session() as session:
        report = session.exec(select(BirthReport)).one()
        reporter = session.get(Person, report.reporter_id)
    assert report.reporter_reason == "산모 입원, 부 해외 체류" and reporter is not None and reporter.role == "reporter"


# --- retries and duplicates --------------------------------------------------------------------


def test_a_retry_with_the_same_idempotency_key_returns_the_first_result_and_writes_nothing(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    key = str(uuid.uuid4())
    first = file_birth(runtime, clerk, declaration(idempotency_key=key), today=TODAY)
    rows = count_rows(runtime)
    again = file_birth(runtime, clerk, declaration(idempotency_key=key), today=TODAY)
    assert count_rows(runtime) == rows
    assert again.already_filed and not first.already_filed
    assert {k: v for k, v in again.as_json().items() if k != "already_filed"} == \
           {k: v for k, v in first.as_json().items() if k != "already_filed"}


def test_a_key_reused_for_another_declaration_is_refused_not_silently_replayed(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    from counter.base.errors import ValidationError

    key = str(uuid.uuid4())
    first = file_birth(runtime, clerk, declaration(idempotency_key=key), today=TODAY)
    rows = count_rows(runtime)
    other = declaration(idempotency_key=key)
    other["child"]["given_name"] = "바다"
    with pytest.raises(ValidationError) as caught:
        file_birth(runtime, clerk, other, today=TODAY)
    assert caught.value.code == "idempotency_conflict" and first.receipt_no in caught.value.message
    assert count_rows(runtime) == rows


def test_a_retry_is_answered_even_after_the_deadline_has_passed(runtime: Runtime, clerk: SignedInClerk) -> None:
    key = str(uuid.uuid4())
    first = file_birth(runtime, clerk, declaration(idempotency_key=key), today=TODAY)
    much_later = date(TODAY.year + 2, TODAY.month, 1)
    again = file_birth(runtime, clerk, declaration(idempotency_key=key), today=much_later)
    assert again.already_filed and again.receipt_no == first.receipt_no


def test_the_same_child_again_is_refused_until_a_reason_is_given_and_the_reason_is_audited(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    first = file_birth(runtime, clerk, declaration(), today=TODAY)
    rows = count_rows(runtime)
    with pytest.raises(DuplicateBirthError) as refused:
        file_birth(runtime, clerk, declaration(), today=TODAY)
    assert refused.value.field == "duplicate_reason" and first.receipt_no in refused.value.message
    assert [d.receipt_no for d in refused.value.duplicates] == [first.receipt_no]
    assert count_rows(runtime) == rows
    second = file_birth(runtime, clerk, declaration(), today=TODAY, duplicate_reason="첫 신고서의 출생지 오기 정정 요청")
    with runtime.db.session() as session:
        bundle = session.get(Bundle, second.bundle_id)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "birth.duplicate_filed")).one()
    assert bundle is not None and bundle.duplicate_of == first.bundle_id
    assert event.details["reason"] == "첫 신고서의 출생지 오기 정정 요청"
    assert event.details["duplicate_of"] == first.receipt_no


def test_a_different_mother_is_not_a_duplicate(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_birth(runtime, clerk, declaration(), today=TODAY)
    file_birth(runtime, clerk, declaration(mother__rrn=rrn("910101", 2)), today=TODAY)
    assert count_rows(runtime)["bundle"] == 2


# --- nothing partial -----------------------------------------------------------------------------


def _fail_audit_of_birth_filings(runtime: Runtime) -> None:
    with runtime.db.write() as session:
        if runtime.db.dialect == "sqlite":
            session.execute(text(
                "CREATE TRIGGER refuse_birth_audit BEFORE INSERT ON audit_event WHEN NEW.action = 'birth.filed' "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
        else:
            session.execute(text(
                "CREATE FUNCTION refuse_birth_audit() RETURNS trigger AS $$ BEGIN "
                "IF NEW.action = 'birth.filed' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"))
            session.execute(text("CREATE TRIGGER refuse_birth_audit BEFORE INSERT ON audit_event "
                                 "FOR EACH ROW EXECUTE FUNCTION refuse_birth_audit()"))


def test_when_the_last_step_fails_no_row_of_the_bundle_remains(runtime: Runtime, clerk: SignedInClerk) -> None:
    _fail_audit_of_birth_filings(runtime)
    with pytest.raises(Exception, match="disk full"):
        file_birth(runtime, clerk, declaration(), today=TODAY)
    assert count_rows(runtime) == {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


# --- bad input: refused with the field named, nothing stored --------------------------------------

BAD_INPUT = [
    ("birth date in the future", {"child__birth_date": "2026-11-22"}, "child.birth_date"),
    ("mother younger than 10", {"mother__rrn": rrn("170101", 4)}, "mother.rrn"),
    ("father born after the child", {"father__rrn": rrn("261201", 3)}, "father.rrn"),
    ("RRN date contradicts the birth date", {"child__rrn": rrn("261104", 4)}, "child.rrn"),
    ("RRN century digit contradicts the birth date", {"child__rrn": rrn("261103", 2)}, "child.rrn"),
    ("given name longer than 5 syllables", {"child__given_name": "하늘별빛구름"}, "child.given_name"),
    ("Latin letters in the name", {"child__given_name": "Haneul"}, "child.given_name"),
    ("digits in the surname", {"child__surname": "김1"}, "child.surname"),
    ("terminal escape in the birth place", {"child__birth_place__address": "역삼동\x1b[2J"}, "child.birth_place.address"),
    ("control character in a sibling name", {"household__siblings": [{"birth_date": "2019-05-01", "name": "김\x07"}]},
     "household.siblings[0].name"),
    ("sibling declared older but born later",
     {"household__siblings": [{"birth_date": "2026-11-10", "older": True}]}, "household.siblings[0]"),
    ("twin position without a twin", {"child__position_in_multiple_birth": 2}, "household.siblings"),
    ("foreigner number for a Korean parent", {"father__rrn": rrn("880720", 5)}, "father.rrn"),
    ("SMS without a number", {"contact": {"sms": True}}, "contact.phone"),
    ("not a mobile number", {"contact": {"phone": "02-123-4567", "sms": True}}, "contact.phone"),
    ("a retired 2G number", {"contact": {"phone": "011-234-5678", "sms": True}}, "contact.phone"),
    ("a mobile number a digit short", {"contact": {"phone": "010-1234-567", "sms": True}}, "contact.phone"),
    ("unknown declined service", {"declined_services": [{"code": "no-such", "reason": "x"}]},
     "declined_services[0].code"),
    ("declining without a reason", {"declined_services": [{"code": "child-allowance", "reason": " "}]},
     "declined_services[0].reason"),
    ("date written as a number", {"child__birth_date": 20261103}, "child.birth_date"),
    ("unknown field", {"child__nickname": "하니"}, "child.nickname"),
    ("no mother", {"mother": DELETE}, "mother"),
    ("father chosen as reporter but not entered", {"father": DELETE, "reporter": {"relation": "father"}},
     "reporter.relation"),
]


@pytest.mark.parametrize(("case", "changes", "field"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
        runtime: Runtime, clerk: SignedInClerk, case: str, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DeclarationError) as refused:
        file_birth(runtime, clerk, declaration(**changes), today=TODAY)
    assert field in [problem.field for problem in refused.value.problems], refused.value.as_json()
    assert all(problem.message for problem in refused.value.problems)
    assert count_rows(runtime) == {table.__tablename__: 0 for table in TABLES}  # type: ignore[attr-defined]


def test_every_problem_is_reported_at_once(runtime: Runtime, clerk: SignedInClerk) -> None:
    data = declaration(child__birth_date="2027-01-01", child__given_name="Haneul", mother__rrn="123",
                       reporter={"relation": "uncle"})
    with pytest.raises(DeclarationError) as refused:
        file_birth(runtime, clerk, data, today=TODAY)
    fields = [problem.field for problem in refused.value.problems]
    assert {"child.birth_date", "child.given_name", "mother.rrn", "reporter.relation"} <= set(fields)


def test_a_broken_catalogue_override_names_file_and_line_and_nothing_is_filed(
        runtime: Runtime, clerk: SignedInClerk, tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "parent-benefit"\n[service.eligibility]\nwhen = "child_age_months <"\n',
                        encoding="utf-8")
    broken = Runtime(settings=runtime.settings.model_copy(update={"catalogue_override": override}),
                     db=runtime.db, device="T1", _keyring=runtime.keyring())
    with pytest.raises(CatalogueError) as refused:
        file_birth(broken, clerk, declaration(), today=TODAY)
    assert refused.value.path == override and refused.value.line == 4
    assert str(override) in refused.value.message
    assert count_rows(runtime)["bundle"] == 0


def test_examples_in_the_repository_file_cleanly(runtime: Runtime, clerk: SignedInClerk) -> None:
    import json

    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("birth-*.json"))
    assert examples
    catalogue = load_catalogue("national", None)
    for path in examples:
        result = file_birth(runtime, clerk, json.loads(path.read_text(encoding="utf-8")), today=TODAY,
                            catalogue=catalogue)
        assert result.requests, path.name


def test_settings_choose_the_catalogue_set(runtime: Runtime, clerk: SignedInClerk) -> None:
    assert isinstance(runtime.settings, Settings)
    result = file_birth(seed_runtime(runtime), clerk, declaration(), today=TODAY)
    assert "breastfeeding-clinic" in {r.service_code for r in result.requests}
