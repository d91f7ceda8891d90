"""Dispatch benchmark: requests per second from the queue to a loopback HTTP agency, side by side with the
raw rate of the same HTTP client posting the same documents to the same server in the same run.

Death bundles with every inquiry item are filed into a fresh SQLite database (20 requests each, 16 of
them to national agencies over HTTP, 4 to the local worklist). The agency is a threaded HTTP server on
127.0.0.1 in a child process (so it does not share the dispatcher's interpreter lock) that answers 201
with a reference. Rounds alternate: a full `counter dispatch` run over freshly queued requests (claim,
documents with decrypted RRNs, send, record with audit events), then the raw loop over as many
prebuilt documents. Goals (issue 11): >= 2,000 requests/s and >= 50% of the raw rate.
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
ROUNDS = 3
SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key", "")
        reply = json.dumps({"reference": "AG-" + key[:8]}).encode()
        self.send_response(201); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply))); self.end_headers(); self.wfile.write(reply)
    def log_message(self, *args): pass
server = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _queue(runtime: Any, clerk: Any, start: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "agencies"))
    from agency_filings import TODAY, death_with_inquiry  # type: ignore[import-not-found]

    from counter.filing.death import file_death

    for number in range(start, start + BUNDLES):
        file_death(runtime, clerk, death_with_inquiry(number), today=TODAY)


def bench_dispatch() -> dict[str, Any]:
    """Dispatcher vs raw HTTP, alternated; medians of requests per second."""
    import httpx

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
            settings = base.settings.model_copy(update={"agencies": [
                AgencySettings(code="*", channel="http", url=url, batch_size=200, timeout_seconds=1)]})
            runtime = Runtime(settings=settings, db=base.db, device=base.device)
            dispatched, raw = [], []
            client = httpx.Client()
            document = None
            for round_number in range(ROUNDS):
                _queue(runtime, clerk, round_number * BUNDLES)
                started = time.perf_counter()
                report = Dispatcher(runtime).run_once()
                seconds = time.perf_counter() - started
                count = report.sent
                dispatched.append(count / seconds)
                if document is None:
                    document = {"idempotency_key": "x", "receipt_no": "3650052-T1-261121-0001-H", "subject": [],
                                "parties": [], "payload": "x" * 600}
                started = time.perf_counter()
                for number in range(count):
                    response = client.post(url, json=document, headers={"Idempotency-Key": f"{number:08x}"})
                    response.json()
                raw.append(count / (time.perf_counter() - started))
            client.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    rate, raw_rate = statistics.median(dispatched), statistics.median(raw)
    return {"requests_per_bundle": 20, "requests_per_round": BUNDLES * 20, "rounds": ROUNDS,
            "dispatch_requests_per_s": round(rate), "raw_http_requests_per_s": round(raw_rate),
            "ratio_to_raw": round(rate / raw_rate, 3), "goal_requests_per_s": 2000, "goal_ratio": 0.5}




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
