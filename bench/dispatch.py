"""Dispatch benchmark: requests per second from the queue to a loopback HTTP agency, side by side with the
raw rate of the same HTTP client posting the same documents to the same server in the same run.

Death bundles with every inquiry item are filed into a fresh SQLite database (20 requests each: 16 to
national agencies over HTTP, 4 to the local worklist, which stay in the database). The agency is a
threaded HTTP/1.1 server on 127.0.0.1 in a child process (so it does not share either side's interpreter
lock) that reads each document and answers 201 with a reference. Rounds alternate:

- dispatch: a full `Dispatcher.run_once()` over freshly queued requests: claims under lease, documents
  with decrypted RRNs, each POSTed with its Idempotency-Key (`HttpChannel`: `concurrency` = 4
  connections kept open, one request in flight on each), answers recorded in one transaction a batch,
  every transition audited. `dispatch_requests_per_s` counts every request it sent (local ones too, as
  the queue does); `dispatch_http_requests_per_s` only those that went over HTTP, in the same time.
- raw: the same client with nothing else: an `HttpChannel` of the same settings POSTs the round's
  documents (rebuilt from the database beforehand, with their keys) `concurrency` at a time on the same
  kind of kept-open connections, and parses each reply as JSON; also one at a time on one connection.
  `raw_http_requests_per_s` is the faster of the two, and the ratios are taken against it.

Goals (issue 11): >= 2,000 requests/s and >= 50% of the raw rate. The machine's other load moves both
sides alike: compare the ratios, over several runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BUNDLES = 40
ROUNDS = 5
SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def do_POST(self):
        document = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        key = self.headers.get("Idempotency-Key", "")
        reply = json.dumps({"reference": "AG-" + key[:8], "receipt_no": document.get("receipt_no")}).encode()
        self.send_response(201); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply))); self.end_headers(); self.wfile.write(reply)
    def log_message(self, *args): pass
server = ThreadingHTTPServer(("127.0.0.1", 0), H)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _queue(runtime: Any, clerk: Any, start: int) -> list[Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "agencies"))
    from agency_filings import TODAY, death_with_inquiry  # type: ignore[import-not-found]

    from counter.filing.death import file_death

    return [file_death(runtime, clerk, death_with_inquiry(number), today=TODAY).bundle_id
            for number in range(start, start + BUNDLES)]


def _documents(runtime: Any, bundle_ids: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    """The round's HTTP requests' documents and keys, as the dispatcher made them (`request_document`)."""
    from sqlmodel import col, select

    from counter.agencies.payload import people_by_bundle, request_document
    from models import Bundle, LinkedRequest, Office

    with runtime.db.session() as session:
        rows = session.exec(select(LinkedRequest).where(col(LinkedRequest.bundle_id).in_(bundle_ids),
                                                        ~col(LinkedRequest.local_department))).all()
        bundles = {b.id: b for b in session.exec(select(Bundle).where(col(Bundle.id).in_(bundle_ids))).all()}
        offices = {o.id: o for o in session.exec(select(Office)).all()}
        people = people_by_bundle(session, bundle_ids)
    return [(str(r.idempotency_key), request_document(r, bundles[r.bundle_id], offices[bundles[r.bundle_id].office_id],
                                                      people[r.bundle_id], runtime.vault)) for r in rows]


def _raw(entry: Any, documents: list[tuple[str, dict[str, Any]]], concurrency: int) -> float:
    """Requests per second of an `HttpChannel` for `entry` POSTing `documents` and reading each reply's JSON,
    `concurrency` at a time (through the channel's own `map`, as its `send` does)."""
    from counter.agencies.channels import HttpChannel

    channel = HttpChannel(entry.model_copy(update={"concurrency": concurrency}))

    def post(item: tuple[str, dict[str, Any]]) -> None:
        reply = channel.post(item[1], item[0])
        assert reply.status == 201 and json.loads(reply.content)["reference"]

    try:
        channel.map(post, documents[:concurrency])  # connections opened, as the dispatcher's are
        started = time.perf_counter()
        channel.map(post, documents)
        return len(documents) / (time.perf_counter() - started)
    finally:
        channel.close()


def bench_dispatch() -> dict[str, Any]:
    """Dispatcher vs the same client alone, alternated; medians of requests per second."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_HOME"] = home
        from counter.agencies.dispatch import Dispatcher
        from counter.base.config import AgencySettings, load_settings
        from counter.office.clerks import setup_office
        from counter.office.runtime import Runtime, open_runtime

        server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            url = f"http://127.0.0.1:{server.stdout.readline().strip()}/requests"
            base = open_runtime(load_settings())
            base.keyring(create=True)
            clerk = setup_office(base.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                                 display_name="이수진", password="correct horse", device=base.device)
            entry = AgencySettings(code="*", channel="http", url=url, batch_size=200, concurrency=4, timeout_seconds=1)
            runtime = Runtime(settings=base.settings.model_copy(update={"agencies": [entry]}), db=base.db,
                              device=base.device)
            figures: dict[str, list[float]] = {"all": [], "http": [], "raw_parallel": [], "raw_serial": []}
            for round_number in range(ROUNDS + 1):  # the first warms both sides up (imports, statement caches)
                bundle_ids = _queue(runtime, clerk, round_number * BUNDLES)
                documents = _documents(runtime, bundle_ids)
                started = time.perf_counter()
                report = Dispatcher(runtime).run_once()
                seconds = time.perf_counter() - started
                assert report.sent == BUNDLES * 20 and report.by_agency and report.failed == report.retry == 0
                rates = {"all": report.sent / seconds, "http": len(documents) / seconds,
                         "raw_parallel": _raw(entry, documents, entry.concurrency), "raw_serial": _raw(entry, documents, 1)}
                for name, rate in rates.items():
                    if round_number:
                        figures[name].append(rate)
        finally:
            server.terminate()
            server.wait(timeout=10)
    median = {name: statistics.median(values) for name, values in figures.items()}
    raw = max(median["raw_parallel"], median["raw_serial"])
    return {"requests_per_round": BUNDLES * 20, "http_requests_per_round": BUNDLES * 16, "rounds": ROUNDS,
            "dispatch_requests_per_s": round(median["all"]), "dispatch_http_requests_per_s": round(median["http"]),
            "raw_http_requests_per_s": round(raw), "raw_parallel_requests_per_s": round(median["raw_parallel"]),
            "raw_serial_requests_per_s": round(median["raw_serial"]),
            "ratio_to_raw": round(median["all"] / raw, 3), "http_ratio_to_raw": round(median["http"] / raw, 3),
            "round_ratios": [round(a / max(p, s), 3) for a, p, s in
                             zip(figures["all"], figures["raw_parallel"], figures["raw_serial"], strict=True)],
            "goal_requests_per_s": 2000, "goal_ratio": 0.5}


WORKLIST_ROWS = 100_000
WORKLIST_BUNDLES = 5_000


def bench_worklist() -> dict[str, Any]:
    """The worklist's first page, a filter change and a deep page at 100,000 requests (bulk-inserted rows on
    SQLite), side by side with a primary-key fetch on the same table; medians of 9 (goal <= 100 ms a page)."""
    import uuid
    from datetime import UTC, datetime, timedelta

    import sqlalchemy as sa

    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_HOME"] = home
        from counter.agencies.worklist import RequestFilter, agencies_in_use, count_by_status, list_requests
        from counter.base.config import load_settings
        from counter.office.clerks import setup_office
        from counter.office.runtime import open_runtime
        from models import Bundle, LinkedRequest

        runtime = open_runtime(load_settings())
        runtime.keyring(create=True)
        clerk = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                             display_name="이수진", password="correct horse", device=runtime.device)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        bundles = [{"id": uuid.uuid4(), "kind": "death", "receipt_no": f"3650052-T1-260101-{n:05d}-X",
                    "idempotency_key": uuid.uuid4(), "status": "filed", "office_id": clerk.office_id, "device": "T1",
                    "clerk_id": clerk.clerk_id, "catalogue_set": "national", "details": {},
                    "filed_at": start + timedelta(minutes=n)} for n in range(WORKLIST_BUNDLES)]
        statuses = ("queued", "acknowledged", "completed", "rejected", "failed")
        per = WORKLIST_ROWS // WORKLIST_BUNDLES
        requests = [{"id": uuid.uuid4(), "bundle_id": bundles[n // per]["id"], "service_code": f"item-{n % per}",
                     "agency_code": f"AG{n % per:02d}", "agency_name": "기관", "local_department": False,
                     "reason": {"code": "eligible"}, "status": statuses[n % len(statuses)],
                     "idempotency_key": uuid.uuid4(), "payload": {}, "attempts": 0,
                     "next_attempt_at": start + timedelta(seconds=n), "created_at": start + timedelta(seconds=n)}
                    for n in range(WORKLIST_ROWS)]
        with runtime.db.write() as session:
            session.connection().execute(sa.insert(Bundle.__table__), bundles)  # type: ignore[attr-defined]
            session.connection().execute(sa.insert(LinkedRequest.__table__), requests)  # type: ignore[attr-defined]
        middle = requests[WORKLIST_ROWS // 2]

        def timed(run: Any) -> float:
            times = []
            for _ in range(9):
                begun = time.perf_counter()
                run()
                times.append((time.perf_counter() - begun) * 1000)
            return statistics.median(times)

        def by_key() -> None:
            with runtime.db.session() as session:
                session.get(LinkedRequest, middle["id"])

        figures = {
            "first_page_ms": timed(lambda: list_requests(runtime.db, RequestFilter(), limit=50)),
            "status_filter_ms": timed(lambda: list_requests(runtime.db, RequestFilter(status="failed"), limit=50)),
            "agency_filter_ms": timed(lambda: list_requests(runtime.db, RequestFilter(agency="AG07"), limit=50)),
            "deep_page_ms": timed(lambda: list_requests(runtime.db, RequestFilter(), limit=50,
                                                        after=(middle["created_at"], middle["id"]))),
            "primary_key_fetch_ms": timed(by_key),
            # What the agency queue screen asks (always for the clerk's office):
            "screen_first_page_ms": timed(lambda: list_requests(runtime.db, RequestFilter(office="3650052"), limit=50)),
            "screen_newest_first_ms": timed(lambda: list_requests(
                runtime.db, RequestFilter(office="3650052", newest_first=True), limit=50)),
            "screen_status_counts_ms": timed(lambda: count_by_status(runtime.db, RequestFilter(office="3650052"))),
            "screen_agency_choices_ms": timed(lambda: agencies_in_use(runtime.db, "3650052")),
        }
    return {"rows": WORKLIST_ROWS, **{name: round(value, 2) for name, value in figures.items()}, "goal_page_ms": 100}


if __name__ == "__main__":
    print(json.dumps({"dispatch": bench_dispatch(), "worklist": bench_worklist()}, indent=2))
