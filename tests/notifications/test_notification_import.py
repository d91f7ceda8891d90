"""Importing notified births: once per institution and notification id, a repeat with other content a
conflict (never an overwrite), the mother's number encrypted, the run audited. Both database legs."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from notification_helpers import MOTHER_RRN, OTHER_MOTHER_RRN, TODAY, jsonl, notification
from sqlmodel import col, select

from counter.base.errors import ValidationError
from counter.base.session import Actor, SignedInClerk
from counter.filing.notification_file import parse_notification_lines
from counter.filing.notifications import ALREADY, CONFLICT, IMPORTED, ImportSummary, import_notifications
from counter.office.runtime import Runtime
from counter.store.audit import verify_chains
from models import AuditEvent, BirthNotification, Office

CLI = Actor(None, "cli", None, "T1")
TWINS = [notification(notification_id="2026-090101", birth_date="2026-09-01", birth_time="08:10", sex="M",
                      birth_count=2, birth_order=1, sent_at="2026-09-02T10:00:00+09:00"),
         notification(notification_id="2026-090102", birth_date="2026-09-01", birth_time="08:14", sex="M",
                      birth_count=2, birth_order=2, sent_at="2026-09-02T10:00:00+09:00")]


def run(runtime: Runtime, *lines: dict[str, Any] | str, office: str | None = None) -> ImportSummary:
    parsed = parse_notification_lines(jsonl(*lines), today=TODAY)
    return import_notifications(runtime.db, runtime.vault, CLI, parsed, office_code=office)


def results(summary: ImportSummary) -> list[tuple[int, str]]:
    return [(outcome.line, outcome.result) for outcome in summary.outcomes]


def rows(runtime: Runtime) -> list[BirthNotification]:
    with runtime.db.session() as session:
        return list(session.exec(select(BirthNotification).order_by(col(BirthNotification.birth_date),
                                                                    col(BirthNotification.birth_order))).all())


def test_a_file_is_imported_with_the_mothers_number_encrypted(runtime: Runtime, clerk: SignedInClerk) -> None:
    summary = run(runtime, notification(), *TWINS)
    assert results(summary) == [(1, IMPORTED), (2, IMPORTED), (3, IMPORTED)] and summary.clean
    stored = rows(runtime)
    assert [(r.institution_notification_id, r.birth_order, r.birth_count, r.status, r.office_code) for r in stored] == [
        ("2026-090101", 1, 2, "notified", "3650052"), ("2026-090102", 2, 2, "notified", "3650052"),
        ("2026-110301", 1, 1, "notified", "3650052")]
    digits = MOTHER_RRN.replace("-", "")
    first = stored[2]
    assert runtime.vault.decrypt(first.mother_rrn_cipher, "rrn") == digits
    assert first.mother_rrn_lookup == runtime.vault.lookup_hash(digits, "rrn")
    assert first.mother_rrn_masked == "900315-2******"
    with runtime.db.session() as session:  # no column holds the number in clear, in any form
        raw = session.execute(sa.text("SELECT * FROM birth_notification")).all()
    flat = " ".join(str(value) for row in raw for value in row)
    assert digits not in flat and MOTHER_RRN not in flat and digits[6:] not in flat


def test_importing_the_same_file_again_adds_nothing_and_says_so(runtime: Runtime, clerk: SignedInClerk) -> None:
    run(runtime, notification(), *TWINS)
    again = run(runtime, notification(), *TWINS)
    assert results(again) == [(1, ALREADY), (2, ALREADY), (3, ALREADY)] and again.clean
    assert again.outcomes[0].message == "이미 있음(이전에 가져온 통보)"
    assert len(rows(runtime)) == 3


def test_a_resend_with_a_later_sending_time_is_the_same_notification(runtime: Runtime, clerk: SignedInClerk) -> None:
    run(runtime, notification())
    assert results(run(runtime, notification(sent_at="2026-11-05T09:00:00+09:00"))) == [(1, ALREADY)]


@pytest.mark.parametrize(("changes", "fields"), [
    ({"sex": "M"}, ["sex"]),
    ({"birth_time": "10:24", "birth_date": "2026-11-02"}, ["birth_date", "birth_time"]),
    ({"mother_rrn": OTHER_MOTHER_RRN}, ["mother_rrn"]),
    ({"birth_count": 2, "birth_order": 2}, ["birth_count", "birth_order"]),
])
def test_the_same_id_with_other_content_is_a_conflict_and_nothing_is_overwritten(
        runtime: Runtime, clerk: SignedInClerk, changes: dict[str, Any], fields: list[str]) -> None:
    run(runtime, notification())
    before = [r.model_dump() for r in rows(runtime)]
    summary = run(runtime, notification(**changes))
    assert results(summary) == [(1, CONFLICT)] and not summary.clean
    assert list(summary.outcomes[0].fields) == fields
    assert [r.model_dump() for r in rows(runtime)] == before


def test_a_line_repeating_an_earlier_line_of_the_same_file(runtime: Runtime, clerk: SignedInClerk) -> None:
    summary = run(runtime, notification(), notification(), notification(sex="M"))
    assert results(summary) == [(1, IMPORTED), (2, ALREADY), (3, CONFLICT)]
    assert [o.earlier_line for o in summary.outcomes] == [None, 1, 1]
    assert summary.outcomes[2].message.startswith("충돌: 이 파일의 1번째 줄")
    assert [r.sex for r in rows(runtime)] == ["F"]


def test_the_same_id_from_another_institution_is_another_notification(runtime: Runtime, clerk: SignedInClerk) -> None:
    summary = run(runtime, notification(), notification(institution_code="31045678", mother_rrn=OTHER_MOTHER_RRN))
    assert results(summary) == [(1, IMPORTED), (2, IMPORTED)]


def test_good_lines_are_imported_beside_refused_ones_and_the_run_is_audited(runtime: Runtime,
                                                                             clerk: SignedInClerk) -> None:
    summary = run(runtime, notification(), "{not json", notification(notification_id="3", birth_time="24:00"),
                  TWINS[0])
    assert results(summary) == [(1, IMPORTED), (4, IMPORTED)] and summary.refused_lines == [2, 3]
    again = run(runtime, notification(), "{not json", TWINS[0], notification(sex="M"))
    with runtime.db.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "notifications.imported")
                              .order_by(col(AuditEvent.seq))).all()
        reports = verify_chains(session, runtime.keyring().audit_key)
    assert [(e.chain, e.clerk_username, e.entity_id) for e in events] == [
        ("3650052/T1", "cli", str(summary.run_id)), ("3650052/T1", "cli", str(again.run_id))]
    assert {k: events[0].details[k] for k in ("lines", "imported", "already", "conflicts", "refused",
                                               "refused_lines", "conflict_lines")} == {
        "lines": 4, "imported": 2, "already": 0, "conflicts": 0, "refused": 2, "refused_lines": [2, 3],
        "conflict_lines": []}
    assert (events[1].details["already"], events[1].details["conflict_lines"]) == (2, [4])
    assert events[0].details["file_sha256"] == summary.file_sha256
    assert all(report.ok for report in reports)
    sealed = " ".join(str(e.details.root) for e in events)
    assert not re.search(r"\d{6}-?\d{7}", sealed) and "이수진" not in sealed  # no personal data in the audit


def test_a_file_with_nothing_good_is_still_audited(runtime: Runtime, clerk: SignedInClerk) -> None:
    summary = run(runtime, "[]", "{")
    assert summary.outcomes == () and summary.refused_lines == [1, 2]
    with runtime.db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "notifications.imported")).one()
    assert (event.details["imported"], event.details["refused"]) == (0, 2)


def test_where_several_offices_share_the_database_the_office_must_be_named(runtime: Runtime,
                                                                            clerk: SignedInClerk) -> None:
    with runtime.db.write() as session:
        session.add(Office(code="3650053", name="역삼2동 주민센터"))
    with pytest.raises(ValidationError) as caught:
        run(runtime, notification())
    assert caught.value.field == "office" and rows(runtime) == []
    assert results(run(runtime, notification(), office="3650053")) == [(1, IMPORTED)]
    assert rows(runtime)[0].office_code == "3650053"
    # the same notification imported by another office is not silently taken over
    summary = run(runtime, notification(), office="3650052")
    assert [(o.result, o.fields) for o in summary.outcomes] == [(CONFLICT, ("office",))]
