"""Every JSON column has a typed model: a value of the wrong shape is refused when written, and a stored
value of the wrong shape is reported, naming its column, when read, so no paper is printed from it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from counter.base.errors import StoredDataError
from counter.office.clerks import setup_office
from counter.printing.print_service import document_for_job, preview_text
from counter.store.db import Database
from models import (
    Bundle,
    BundleDetails,
    LinkedRequest,
    PrintJob,
    RequestPayload,
    StoredText,
)
from models.shapes import TypedJson

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def _bundle(db: Database, **details: Any) -> uuid.UUID:
    """A birth bundle with a pending receipt job; `details` as given (a dict is checked on the flush)."""
    clerk = setup_office(db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                         display_name="이수진", password="correct horse", device="T1")
    with db.write() as session:
        bundle = Bundle(kind="birth", receipt_no=f"3650052-T1-261121-{uuid.uuid4().int % 10_000:04d}-X",
                        idempotency_key=uuid.uuid4(), office_id=clerk.office_id, device="T1", clerk_id=clerk.clerk_id,
                        catalogue_set="national", details=details.get("details", BundleDetails()))
        session.add(bundle)
        session.flush()
        session.add(PrintJob(bundle_id=bundle.id, document="receipt", role="receipt"))
        return bundle.id


def _store_raw(db: Database, table: str, column: str, value: Any, row_id: uuid.UUID) -> None:
    """Write `value` into the column behind the models' back (as a bad import or a hand edit would)."""
    raw = sa.table(table, sa.column("id", sa.Uuid()), sa.column(column, sa.JSON()))
    with db.write() as session:
        session.execute(sa.update(raw).where(raw.c.id == row_id).values({column: value}))


def test_no_json_column_is_left_untyped() -> None:
    import models  # noqa: F401  (every table registered)

    plain = [f"{table.name}.{column.name}" for table in SQLModel.metadata.sorted_tables for column in table.columns
             if isinstance(column.type, sa.JSON) and not isinstance(column.type, TypedJson)]
    typed = sorted(f"{table.name}.{column.name}" for table in SQLModel.metadata.sorted_tables
                   for column in table.columns if isinstance(column.type, TypedJson))
    assert plain == []
    assert typed == ["audit_event.details", "birth_report.details", "bundle.details", "death_report.details",
                     "heir_application.details", "linked_request.payload", "linked_request.reason", "person.details"]


@pytest.mark.parametrize(("details", "problem"), [
    ({"fine_won": "a lot"}, "fine_won"),
    ({"office_phone": "02-3423-5392"}, "office_phone"),  # a key no model names
    ({"warnings": [{"code": "late_report", "message": "신고기간이 지나 신고함"}]}, "warnings.0.message"),
    ({"warnings": [{"code": "Late Report"}]}, "warnings.0.code"),
])
def test_a_value_of_the_wrong_shape_is_refused_when_written(db: Database, details: dict[str, Any],
                                                            problem: str) -> None:
    with pytest.raises(StoredDataError) as refused:
        _bundle(db, details=details)
    assert refused.value.column == "bundle.details" and problem in refused.value.message
    with db.session() as session:
        assert session.exec(select(Bundle)).first() is None


def test_an_audit_detail_nested_too_deep_is_refused(db: Database) -> None:
    from counter.store.audit import Actor, record_event

    clerk = setup_office(db, office_code="3650052", office_name="역삼1동", username="boss", display_name="이수진",
                         password="correct horse", device="T1")
    with pytest.raises(StoredDataError) as refused, db.write() as session:
        record_event(session, "test.event", Actor(clerk.clerk_id, "boss", "3650052", "T1"),
                     details={"deep": {"deeper": {"deepest": 1}}})
    assert refused.value.column == "audit_event.details"


@pytest.mark.parametrize(("table", "column", "value"), [
    ("bundle", "details", {"fine_won": "a lot"}),
    ("bundle", "details", {"notice_expectations": ["결과는 7~20일 뒤에 도착합니다."]}),
])
def test_a_stored_value_of_the_wrong_shape_is_reported_and_no_paper_is_made(
        db: Database, table: str, column: str, value: Any) -> None:
    bundle_id = _bundle(db)
    _store_raw(db, table, column, value, bundle_id)
    with pytest.raises(StoredDataError) as reported, db.session() as session:
        session.get(Bundle, bundle_id)
    assert reported.value.column == f"{table}.{column}" and "시스템 관리자" in reported.value.message
    with pytest.raises(StoredDataError), db.session() as session:
        job = session.exec(select(PrintJob)).one()
        document_for_job(session, job, issued_at=NOW)
    with pytest.raises(StoredDataError):
        preview_text(db, bundle_id, "receipt", NOW)


def test_a_request_row_of_the_wrong_shape_is_reported_when_its_paper_is_made(db: Database) -> None:
    bundle_id = _bundle(db)
    with db.write() as session:
        request = LinkedRequest(bundle_id=bundle_id, service_code="child-allowance", agency_code="MOHW",
                                agency_name="보건복지부", amount_won=100_000,
                                reason=StoredText(code="eligible", params={"won": 100_000, "period": "month"}),
                                payload=RequestPayload(position=1))
        session.add(request)
    _store_raw(db, "linked_request", "payload", {"position": 1, "amount_note": "월"}, request.id)
    with pytest.raises(StoredDataError) as reported:
        preview_text(db, bundle_id, "notice", NOW)
    assert reported.value.column == "linked_request.payload" and "amount_note" in reported.value.message


def test_a_stored_text_with_a_code_no_renderer_knows_is_reported_not_printed_blank(db: Database) -> None:
    from counter.texts.renderers import NOTICE_LINES

    bundle_id = _bundle(db, details=BundleDetails(notice_expectations=(StoredText(code="no_such_line"),)))
    with db.write() as session:
        bundle = session.get(Bundle, bundle_id)
        assert bundle is not None
        bundle.kind = "death"
    with pytest.raises(StoredDataError) as reported:
        preview_text(db, bundle_id, "notice", NOW)
    assert "no_such_line" in reported.value.message
    with pytest.raises(StoredDataError):
        NOTICE_LINES.make("results_within", low=7)  # a parameter missing: refused when written
    legacy = StoredText(code="results_within", legacy="조회 결과는 7~20일 뒤에 도착합니다.")
    assert NOTICE_LINES.render(legacy) == "조회 결과는 7~20일 뒤에 도착합니다."  # text from before codes, as written
