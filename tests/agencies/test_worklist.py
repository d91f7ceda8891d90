"""The requests listed a page at a time by key, filtered in SQL; `counter requests list` for scripts."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from agency_filings import file_deaths

from counter.agencies.dispatch import Dispatcher
from counter.agencies.worklist import RequestFilter, list_requests
from counter.base.session import SignedInClerk
from counter.office.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]


def test_pages_cover_every_request_once_in_filing_order(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 3)
    Dispatcher(runtime).run_once()  # the local departments' items are acknowledged
    seen, after, pages = [], None, 0
    while True:
        page = list_requests(runtime.db, RequestFilter(), limit=25, after=after)
        seen += [row.request_id for row in page.rows]
        pages += 1
        if page.after is None:
            break
        after = page.after
    assert pages == 3 and len(seen) == len(set(seen)) == 60
    acknowledged = list_requests(runtime.db, RequestFilter(status="acknowledged"), limit=1000).rows
    assert len(acknowledged) == 12 and {row.status for row in acknowledged} == {"acknowledged"}
    fss = list_requests(runtime.db, RequestFilter(agency=acknowledged[0].agency_code), limit=1000).rows
    assert len(fss) == 3 and list_requests(runtime.db, RequestFilter(office="0000000")).rows == ()
    overdue = list_requests(runtime.db, RequestFilter(overdue_on=date(2099, 1, 1)), limit=1000).rows
    assert overdue and all(row.due_date is not None and row.status in ("queued", "acknowledged") for row in overdue)
    assert list_requests(runtime.db, RequestFilter(overdue_on=date(2000, 1, 1))).rows == ()


def test_the_requests_command_pages_as_json_and_csv(runtime: Runtime, clerk: SignedInClerk) -> None:
    file_deaths(runtime, clerk, 1)
    env = {**os.environ, "COUNTER_DATABASE_URL": runtime.settings.database_url_or_default(), "COUNTER_DEVICE": "T1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "counter", "requests", "list", *args], check=False, cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    first = json.loads(run("--limit", "15").stdout)
    second = json.loads(run("--limit", "15", "--after", first["next"]).stdout)
    assert len(first["requests"]) == 15 and len(second["requests"]) == 5 and second["next"] is None
    assert not {r["request_id"] for r in first["requests"]} & {r["request_id"] for r in second["requests"]}
    assert all("rrn" not in json.dumps(row) for row in first["requests"])
    table = run("--format", "csv", "--status", "queued")
    assert len(list(csv.DictReader(io.StringIO(table.stdout)))) == 20
    bad = run("--after", "yesterday/123")
    assert bad.returncode == 2 and "커서" in bad.stderr


def test_with_two_offices_each_lists_its_own_and_counts_its_own(runtime: Runtime, clerk: SignedInClerk) -> None:
    from counter.agencies.worklist import agencies_in_use, count_by_status
    from models import Office

    file_deaths(runtime, clerk, 2)
    with runtime.db.write() as session:
        session.add(Office(code="1111111", name="다른 주민센터"))
    ours = RequestFilter(office="3650052")
    assert len(list_requests(runtime.db, ours, limit=1000).rows) == 40
    assert count_by_status(runtime.db, ours) == {"queued": 40}
    assert len(agencies_in_use(runtime.db, "3650052")) == 20
    theirs = RequestFilter(office="1111111")
    assert list_requests(runtime.db, theirs).rows == () and count_by_status(runtime.db, theirs) == {}
    assert agencies_in_use(runtime.db, "1111111") == [] and agencies_in_use(runtime.db, "9999999") == []
    newest = list_requests(runtime.db, RequestFilter(office="3650052", newest_first=True), limit=30)
    rest = list_requests(runtime.db, RequestFilter(office="3650052", newest_first=True), limit=30, after=newest.after)
    listed = [row.created_at for row in newest.rows + rest.rows]
    assert len(listed) == 40 and listed == sorted(listed, reverse=True) and rest.after is None
