"""Migration 0005: rows written with texts (schema 0004) become codes where one code says exactly that
text, in Korean or in English; any other text is kept and shown as written. Both database legs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from death_filing_helpers import death_declaration
from sqlmodel import select
from test_birth_filing import declaration

from counter.base.i18n import set_language
from counter.base.session import SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.death import file_death
from counter.office.runtime import Runtime
from counter.printing.print_service import preview_text
from counter.store import schema
from counter.store.migrations import SCHEMA_HEAD
from counter.texts.renderers import NOTICE_LINES, RECORD_NOTES, REQUEST_REASONS
from models import (
    BirthReport,
    Bundle,
    DeathReport,
    HeirApplication,
    LinkedRequest,
    StoredText,
)

LATE = date(2027, 1, 20)  # both reports late (a fine, warnings); the death's inquiry still open
ISSUED = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
HAND_EDITED = "안내문: 결과가 늦으면 주민센터로 문의하세요."

bundle_t = sa.table("bundle", sa.column("id", sa.Uuid()), sa.column("details", sa.JSON()))
request_t = sa.table("linked_request", sa.column("id", sa.Uuid()), sa.column("bundle_id", sa.Uuid()),
                     sa.column("reason", sa.String()), sa.column("payload", sa.JSON()))
death_t = sa.table("death_report", sa.column("id", sa.Uuid()), sa.column("details", sa.JSON()))



def _migrate(runtime: Runtime, target: str) -> None:
    schema.migrate_to(runtime.db, target)


def _coded(runtime: Runtime) -> dict[str, Any]:
    """Every stored text of the database, as codes."""
    with runtime.db.session() as session:
        return {
            "bundles": sorted((b.receipt_no, b.details.model_dump(mode="json"))
                              for b in session.exec(select(Bundle)).all()),
            "notes": sorted([(r.details.reporter_rule, r.details.fine_reason) for r in session.exec(select(BirthReport))],
                            key=str) + sorted([(r.details.reporter_rule, r.details.fine_reason)
                                               for r in session.exec(select(DeathReport))], key=str),
            "heirs": [(a.details.decision, a.details.documents_seen) for a in session.exec(select(HeirApplication))],
            "requests": sorted((r.service_code, r.reason.model_dump(mode="json"), r.agency_name)
                               for r in session.exec(select(LinkedRequest)).all()),
        }


def test_texts_written_before_codes_come_back_as_the_same_codes(runtime: Runtime, clerk: SignedInClerk) -> None:
    set_language("ko")
    file_birth(runtime, clerk, declaration(), today=LATE)
    file_death(runtime, clerk, death_declaration(), today=LATE)
    before = _coded(runtime)
    assert {"late_report", "service"} <= {w["code"] for _receipt, d in before["bundles"] for w in d["warnings"]}
    assert all(decision is not None and documents == () for decision, documents in before["heirs"])
    _migrate(runtime, "0004")
    with runtime.db.session() as session:
        old = {row.id: row for row in session.execute(sa.select(request_t))}
        details = [row.details for row in session.execute(sa.select(bundle_t))]
    # the shape schema 0004 wrote: sentences in the clerk's language (Korean here)
    assert all(isinstance(w["message"], str) and w["message"] for d in details for w in d["warnings"])
    assert any("지연" in w["message"] for d in details for w in d["warnings"])
    assert all(isinstance(row.reason, str) and row.reason for row in old.values())
    assert any(row.payload.get("amount_note") == {"ko": "월", "en": "monthly"} for row in old.values())
    _migrate(runtime, "head")
    assert schema.current_revision(runtime.db) == SCHEMA_HEAD
    after = _coded(runtime)
    assert after["bundles"] == before["bundles"] and after["notes"] == before["notes"]
    assert after["heirs"] == before["heirs"]
    death_reasons = [reason for _code, reason, _agency in after["requests"] if reason["legacy"] is None]
    assert len(death_reasons) == 20 and all(reason["code"] == "inquiry_delivery" for reason in death_reasons)
    # a linked service's reason quotes the catalogue of its day: kept, as the Korean it was written in
    for (code, reason, agency), (_same, then, _agency) in zip(after["requests"], before["requests"], strict=True):
        if then["code"] == "eligible":
            assert reason["legacy"] == REQUEST_REASONS.render(StoredText.model_validate(then)), code
        assert agency == _agency


def test_an_english_filing_and_a_hand_edited_line_after_the_upgrade(runtime: Runtime, clerk: SignedInClerk) -> None:
    set_language("en")
    death = file_death(runtime, clerk, death_declaration(), today=LATE)
    with runtime.db.session() as session:
        bundle = session.exec(select(Bundle).where(Bundle.receipt_no == death.receipt_no)).one()
        english_lines = [NOTICE_LINES.render(line) for line in bundle.details.notice_expectations]
        english_reasons = {r.id: REQUEST_REASONS.render(r.reason) for r in session.exec(select(LinkedRequest))}
        english_rule = RECORD_NOTES.render(session.exec(select(DeathReport)).one().details.reporter_rule)  # type: ignore[arg-type]
    set_language("ko")
    _migrate(runtime, "0004")
    with runtime.db.write() as session:  # what an English filing under schema 0004 left, and a hand edit
        details = session.execute(sa.select(bundle_t.c.details).where(bundle_t.c.id == bundle.id)).scalar_one()
        session.execute(sa.update(bundle_t).where(bundle_t.c.id == bundle.id).values(
            details={**details, "notice_expectations": [*english_lines, HAND_EDITED],
                     "office_phone": "02-3423-5392"}))
        for request_id, reason in english_reasons.items():
            session.execute(sa.update(request_t).where(request_t.c.id == request_id).values(reason=reason))
        report = session.execute(sa.select(death_t)).one()
        session.execute(sa.update(death_t).where(death_t.c.id == report.id).values(
            details={**report.details, "reporter_rule": english_rule}))
    _migrate(runtime, "head")
    with runtime.db.session() as session:
        details = session.exec(select(Bundle).where(Bundle.id == bundle.id)).one().details
        reasons = {r.reason.code for r in session.exec(select(LinkedRequest)).all()}
        rule = session.exec(select(DeathReport)).one().details.reporter_rule
    assert [line.code for line in details.notice_expectations] == ["renunciation_end", "results_within", "legacy"]
    assert details.notice_expectations[2].legacy == HAND_EDITED
    assert reasons == {"inquiry_delivery"}
    assert rule is not None and (rule.code, rule.params, rule.legacy) == (
        "death_reporter", {"rule": "must_report", "reporter": "cohabiting_relative"}, None)
    set_language("en")
    try:
        notice = " ".join(preview_text(runtime.db, bundle.id, "notice", ISSUED).split())
    finally:
        set_language("ko")
    assert "Results arrive item by item" in notice and HAND_EDITED in notice
    assert "조회 결과는" not in notice
