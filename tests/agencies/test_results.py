"""Agencies' results imported from a file: each good line applied once, every bad one reported by its number
with the reason, and the same file imported again changes nothing. Both database legs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from agency_filings import file_deaths
from sqlmodel import select

from counter.agencies.dispatch import Dispatcher
from counter.agencies.lifecycle import RequestStatus, transition
from counter.agencies.results import import_results
from counter.base.config import AgencySettings
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from counter.store.audit import Actor
from models import AuditEvent, Bundle, LinkedRequest, Office

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 10)
ACTOR = Actor(None, "results-import", None, "T1")


def sent_requests(runtime: Runtime, clerk: SignedInClerk, bundles: int = 1) -> list[LinkedRequest]:
    """Bundles filed and their requests acknowledged (every agency on the local worklist, for speed)."""
    file_deaths(runtime, clerk, bundles)
    settings = runtime.settings.model_copy(update={"agencies": [AgencySettings(code="*", channel="local")]})
    Dispatcher(Runtime(settings=settings, db=runtime.db, device="T1")).run_once()
    with runtime.db.session() as session:
        return sorted(session.exec(select(LinkedRequest)).all(), key=lambda r: str(r.idempotency_key))


def line(request: LinkedRequest, **changes: object) -> str:
    data: dict[str, object] = {"idempotency_key": str(request.idempotency_key), "outcome": "completed",
                               "result": "예금 2건, 잔액 합계 1,250,000원", "decided_on": "2026-12-01"}
    data.update(changes)
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_lines_apply_once_and_bad_ones_are_reported_by_number(runtime: Runtime, clerk: SignedInClerk,
                                                                    tmp_path: Path) -> None:
    rows = sent_requests(runtime, clerk)
    with runtime.db.write() as session:
        cancelled = session.get(LinkedRequest, rows[5].id)
        assert cancelled is not None
        transition(session, cancelled, RequestStatus.CANCELLED, reason="bundle cancelled", actor=ACTOR)
    path = write(tmp_path / "results.jsonl", [
        line(rows[0], amount_won=1250000),                                  # 1 completed
        line(rows[1], outcome="rejected", result="조회 대상 계좌 없음"),      # 2 rejected
        line(rows[2]),                                                      # 3 completed
        line(rows[2]),                                                      # 4 the same again: unchanged
        line(rows[3], outcome="approved"),                                  # 5 not an outcome
        line(rows[3], colour="blue"),                                       # 6 an unknown key
        '{"idempotency_key": "' + str(rows[3].idempotency_key),             # 7 cut off: not JSON
        line(rows[3], idempotency_key=str(uuid.uuid4())),                   # 8 no such request
        line(rows[5]),                                                      # 9 cancelled
        line(rows[3], result="상속인 800101-1234567 확인"),                  # 10 a registration number
        line(rows[3], decided_on="2027-01-01"),                            # 11 in the future
        line(rows[2], outcome="rejected", result="없음"),                    # 12 decided otherwise already
        "",                                                                 # 13 blank: skipped
        line(rows[4], result="잔액\u202e 0원"),                              # 14 a bidi override
        "x" * 70_000,                                                       # 15 too long
        "[" * 30_000 + "]" * 30_000,                                        # 16 nested too deep to read
    ])
    report = import_results(runtime, path, actor=ACTOR, office_code=None, today=TODAY)
    assert (report.applied, report.unchanged) == (3, 1)
    assert [number for number, _reason in report.problems] == [5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16]
    reasons = dict(report.problems)
    assert "outcome" in reasons[5] and "colour" in reasons[6] and "JSON" in reasons[7]
    assert "취소" in reasons[9] and "주민등록번호" in reasons[10] and "미래" in reasons[11]
    with runtime.db.session() as session:
        done = {r.id: r for r in session.exec(select(LinkedRequest)).all()}
    assert (done[rows[0].id].status, done[rows[0].id].result_amount_won) == ("completed", 1250000)
    assert (done[rows[1].id].status, done[rows[1].id].result_text) == ("rejected", "조회 대상 계좌 없음")
    assert done[rows[2].id].decided_on == date(2026, 12, 1) and done[rows[3].id].status == "acknowledged"
    again = import_results(runtime, path, actor=ACTOR, office_code=None, today=TODAY)
    assert (again.applied, again.unchanged) == (0, 4) and again.problems == report.problems
    with runtime.db.session() as session:
        events = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert events.count("request.completed") == 2 and events.count("request.rejected") == 1


def test_a_result_for_another_offices_request_is_refused(runtime: Runtime, clerk: SignedInClerk,
                                                        tmp_path: Path) -> None:
    rows = sent_requests(runtime, clerk)
    with runtime.db.write() as session:
        other = Office(code="1111051", name="청운효자동 주민센터")
        session.add(other)
        session.flush()
        session.execute(sa.update(Bundle).values(office_id=other.id))
    path = write(tmp_path / "results.jsonl", [line(rows[0])])
    report = import_results(runtime, path, actor=ACTOR, office_code="3650052", today=TODAY)
    assert report.applied == 0 and report.problems == [(1, "다른 관서의 요청입니다.")]
    assert import_results(runtime, path, actor=ACTOR, office_code="1111051", today=TODAY).applied == 1


def test_a_result_for_a_request_not_yet_sent_is_refused(runtime: Runtime, clerk: SignedInClerk,
                                                       tmp_path: Path) -> None:
    file_deaths(runtime, clerk, 1)
    with runtime.db.session() as session:
        queued = session.exec(select(LinkedRequest)).first()
    assert queued is not None
    report = import_results(runtime, write(tmp_path / "r.jsonl", [line(queued)]), actor=ACTOR, office_code=None,
                            today=TODAY)
    assert report.applied == 0 and len(report.problems) == 1


def test_the_results_command_exits_2_and_names_each_refused_line(runtime: Runtime, clerk: SignedInClerk,
                                                                 tmp_path: Path) -> None:
    rows = sent_requests(runtime, clerk)
    path = write(tmp_path / "results.jsonl", [line(rows[0], decided_on="2026-11-26"), "not json",
                                              line(rows[1], outcome="maybe")])
    env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(), "COUNTER_DEVICE": "T1"}
    done = subprocess.run([sys.executable, "-m", "counter", "results", "import", str(path), "--format", "json"],
                          check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout)["applied"] == 1
    assert [text.split(":")[0] for text in done.stderr.splitlines()] == ["2행", "3행"]


def test_a_result_by_text_message_is_queued_for_the_citizen_in_korean(runtime: Runtime, clerk: SignedInClerk,
                                                                      tmp_path: Path) -> None:
    from counter.base.i18n import set_language
    from models import OutgoingMessage

    set_language("en")  # the clerk's language: the citizen's message is Korean all the same
    rows = sent_requests(runtime, clerk)
    by_sms = [r for r in rows if r.delivery_channel == "sms"]
    other = [r for r in rows if r.delivery_channel != "sms"]
    assert by_sms and other
    lines = [line(r, amount_won=1250000) for r in by_sms[:-1]] + [line(by_sms[-1], outcome="rejected",
                                                                            result="조회 대상 없음")]
    lines += [line(r) for r in other]
    report = import_results(runtime, write(tmp_path / "results.jsonl", lines), actor=ACTOR, office_code=None,
                            today=TODAY)
    assert report.applied == len(rows) and report.problems == []
    with runtime.db.session() as session:
        messages = [m for m in session.exec(select(OutgoingMessage)).all() if m.template.startswith("request.")]
    assert sorted(m.template for m in messages) == sorted(
        ["request.completed"] * (len(by_sms) - 1) + ["request.rejected"])
    assert all(m.body.startswith("[역삼1동] ") and m.recipient_masked.startswith("010-") for m in messages)
    rejected = next(m for m in messages if m.template == "request.rejected")
    assert "조회 대상 없음" in rejected.body
    assert not any("400817" in m.body for m in messages)
