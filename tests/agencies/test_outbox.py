"""The outbox: text messages reach a real (loopback) SMS gateway exactly once, through its failures; a gateway
that refuses a message fails it; a body no carrier takes is never sent; without a gateway messages wait.
Both database legs."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from agency_filings import file_deaths
from agency_server import Agency, running_agency
from sqlalchemy import update
from sqlmodel import select
from test_dispatch import misbehaving

from counter.agencies.outbox import MessageSender
from counter.base.config import AgencySettings
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime
from models import AuditEvent, OutgoingMessage, utcnow

ROOT = Path(__file__).resolve().parents[2]


def with_gateway(runtime: Runtime, **entry: object) -> Runtime:
    gateway = AgencySettings(code="sms", **entry)  # type: ignore[arg-type]
    settings = runtime.settings.model_copy(update={"message_gateway": gateway})
    return Runtime(settings=settings, db=runtime.db, device=runtime.device)


def messages(runtime: Runtime) -> list[OutgoingMessage]:
    with runtime.db.session() as session:
        return list(session.exec(select(OutgoingMessage)).all())


def test_every_message_reaches_a_flaky_gateway_once(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 12)  # each filing texts its receipt number
    start = utcnow()
    with running_agency(Agency(behaviour=misbehaving, slow=0.6)) as gateway:
        live = with_gateway(runtime, channel="http", url=gateway.url, timeout_seconds=0.3, batch_size=5)
        for number in range(4):
            MessageSender(live, clock=lambda number=number: start + timedelta(hours=number),
                          rng=random.Random(3)).run_once()
    rows = messages(runtime)
    assert len(rows) == 12 and {m.status for m in rows} == {"sent"}
    assert {str(m.idempotency_key) for m in rows} == set(gateway.accepted)
    document = gateway.accepted[str(rows[0].idempotency_key)]
    assert document["to"] == "010-2345-6789" and document["body"] == rows[0].body
    assert document["kind"] in ("sms", "lms") and document["bytes"] > 0
    with runtime.db.session() as session:
        assert sum(e.action == "message.sent" for e in session.exec(select(AuditEvent)).all()) == 12


def test_a_gateway_that_refuses_a_message_fails_it_and_a_bad_body_is_never_sent(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 2)
    first, second = messages(runtime)
    with runtime.db.write() as session:  # a character no Korean carrier takes
        session.execute(update(OutgoingMessage).where(OutgoingMessage.id == second.id)  # type: ignore[arg-type]
                        .values(body=second.body + " 🙂"))
    with running_agency(Agency(behaviour=lambda key, seen: "reject")) as gateway:
        report = MessageSender(with_gateway(runtime, channel="http", url=gateway.url)).run_once()
    assert (report.sent, report.failed) == (0, 2)
    assert set(gateway.hits) == {str(first.idempotency_key)}  # the bad body never left
    by_id = {m.id: m for m in messages(runtime)}
    assert by_id[first.id].status == "failed" and "400" in (by_id[first.id].last_error or "")
    assert by_id[second.id].status == "failed" and "body" in (by_id[second.id].last_error or "")


def test_without_a_gateway_messages_wait(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 2)
    report = MessageSender(runtime).run_once()
    assert (report.sent, report.waiting) == (0, 2) and {m.status for m in messages(runtime)} == {"pending"}


def test_a_directory_gateway_gets_whole_files(runtime: Runtime, clerk: SignedInClerk, tmp_path: Path) -> None:
    file_deaths(runtime, clerk, 3)
    outbox = tmp_path / "sms-out"
    MessageSender(with_gateway(runtime, channel="dir", directory=outbox)).run_once()
    lines = [json.loads(line) for path in outbox.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert len(lines) == 3 and {line["to"] for line in lines} == {"010-2345-6789"}
    assert {m.status for m in messages(runtime)} == {"sent"} and not list(outbox.glob(".*"))


def test_the_messages_command_reports_as_json(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    with running_agency(Agency()) as gateway:
        env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(),
               "COUNTER_DEVICE": "T1",
               "COUNTER_MESSAGE_GATEWAY": json.dumps({"code": "sms", "channel": "http", "url": gateway.url})}
        done = subprocess.run([sys.executable, "-m", "counter", "messages", "send", "--once", "--format", "json"],
                              check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"sent": 1, "failed": 0, "retry": 0, "lost": 0, "waiting": 0}
