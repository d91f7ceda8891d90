"""Bundles found by receipt number, registration number and name prefix among many, narrowed by kind,
days, clerk and office, and paged newest first with each bundle exactly once."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta

from lookup_filings import FATHER_RRN, file_births, file_deaths, mother_rrn
from sqlalchemy import update

from counter.base.session import SignedInClerk
from counter.lookup.query import NamePrefix, ReceiptKey, RrnKey, parse_query
from counter.lookup.search import BundleFilter, Page, search_bundles
from counter.office.clerks import add_clerk, authenticate
from counter.office.runtime import Runtime
from models import Bundle

CHILDREN = [("김", "하늘"), ("김", "하나"), ("이", "도윤"), ("박", "서준"), ("남궁", "민수"), ("최", "하늘")]


def _receipts(page: Page) -> list[str]:
    return [row.receipt_no for row in page.rows]


def _find(runtime: Runtime, query: str, **filters: object) -> list[str]:
    key = parse_query(query, runtime.vault)
    return _receipts(search_bundles(runtime.db, BundleFilter(key, **filters), limit=500))  # type: ignore[arg-type]


def test_each_key_finds_its_bundle_among_many(runtime: Runtime, clerk: SignedInClerk) -> None:
    births = file_births(runtime, clerk, CHILDREN)
    deaths = file_deaths(runtime, clerk, ["박영수", "김철수"])
    for receipt in (births[3], deaths[1]):
        assert _find(runtime, receipt) == [receipt]
    assert _find(runtime, births[2].lower()) == [births[2]]  # typed in lower case
    # The mother's number, with or without the hyphen or in full-width digits: her bundle only.
    third = mother_rrn(2)
    for written in (third, third.replace("-", ""), unicodedata.normalize("NFKC", third).translate(
            {ord(d): ord(d) + 0xFEE0 for d in "0123456789"})):
        assert isinstance(parse_query(written, runtime.vault), RrnKey)
        assert _find(runtime, written) == [births[2]]
    assert sorted(_find(runtime, FATHER_RRN)) == sorted(births)  # the father of every child
    assert _find(runtime, "9003152999990") == []  # nobody's number
    # A name prefix: the child's, the deceased's; from the start only; NFC whatever the keyboard sent.
    assert sorted(_find(runtime, "김하")) == sorted(births[:2])
    assert _find(runtime, "김하늘") == [births[0]]
    assert sorted(_find(runtime, "김철")) == [deaths[1]]
    assert _find(runtime, "남궁") == [births[4]]
    assert _find(runtime, "하늘") == []  # not from the start of any name
    assert sorted(_find(runtime, unicodedata.normalize("NFD", "김하"))) == sorted(births[:2])
    assert sorted(_find(runtime, "김")) == sorted([*births, deaths[1]])  # every child's father is 김민준
    assert sorted(_find(runtime, "박")) == sorted([births[3], *deaths])  # 박영수 and the reporter 박지훈 too


def test_a_page_shows_masked_names_and_requests_counted_by_status(runtime: Runtime, clerk: SignedInClerk) -> None:
    birth = file_births(runtime, clerk, [("김", "하늘")])[0]
    death = file_deaths(runtime, clerk, ["박영수"])[0]
    rows = {row.receipt_no: row for row in search_bundles(runtime.db, BundleFilter()).rows}
    assert dict(rows[birth].names)["child"] == "김*늘" and dict(rows[birth].names)["mother"] == "이*진"
    assert rows[birth].names[0] == ("child", "김*늘")  # the report's subject first
    assert rows[death].names[0] == ("deceased", "박*수")
    assert rows[death].requests == {"queued": 20} and rows[death].kind == "death"
    shown = rows[birth].as_dict()
    assert shown["office"] == "3650052" and shown["clerk"] == "boss" and shown["status"] == "filed"
    assert shown["filed_at"].endswith("+09:00")
    text = str([row.as_dict() for row in rows.values()])
    assert "하늘" not in text and "900315" not in text and "880720" not in text


def _file_on(runtime: Runtime, receipt: str, moment: datetime) -> None:
    with runtime.db.write() as session:
        session.execute(update(Bundle).where(Bundle.receipt_no == receipt).values(filed_at=moment))  # type: ignore[arg-type]


def test_days_kind_clerk_and_office_narrow_the_list(runtime: Runtime, clerk: SignedInClerk) -> None:
    births = file_births(runtime, clerk, CHILDREN[:3])
    deaths = file_deaths(runtime, clerk, ["박영수"])
    add_clerk(runtime.db, username="kim", display_name="김민지", role="clerk", password="another horse",
              actor=clerk.actor)
    other = authenticate(runtime.db, "kim", "another horse", runtime.settings, "T1")
    late = file_births(runtime, other, [("정", "우진")])
    # Korean days: 23:59 on 11-01 in Seoul is 14:59 UTC; 00:00 on 11-02 in Seoul is 15:00 UTC on 11-01.
    _file_on(runtime, births[0], datetime(2026, 11, 1, 14, 59, tzinfo=UTC))
    _file_on(runtime, births[1], datetime(2026, 11, 1, 15, 0, tzinfo=UTC))
    _file_on(runtime, births[2], datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    _file_on(runtime, deaths[0], datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    _file_on(runtime, late[0], datetime(2026, 11, 5, 9, 0, tzinfo=UTC))

    def listed(**filters: object) -> list[str]:
        return _receipts(search_bundles(runtime.db, BundleFilter(**filters), limit=500))  # type: ignore[arg-type]

    assert listed(filed_from=date(2026, 11, 1), filed_to=date(2026, 11, 1)) == [births[0]]
    assert listed(filed_from=date(2026, 11, 2), filed_to=date(2026, 11, 2)) == [deaths[0], births[1]]
    assert listed(filed_from=date(2026, 11, 3)) == [late[0], births[2]]
    assert listed(filed_to=date(2026, 11, 1)) == [births[0]]
    assert listed(kind="death") == deaths and listed(kind="birth", filed_to=date(2026, 11, 2)) == births[1::-1]
    assert listed(clerk="kim") == late and listed(clerk="nobody") == []
    assert len(listed(office="3650052")) == 5 and listed(office="0000000") == []
    assert listed(status="filed", kind="birth", clerk="boss") == [births[2], births[1], births[0]]
    assert listed(status="cancelled") == []
    assert _find(runtime, "김하", filed_from=date(2026, 11, 2)) == [births[1]]
    assert _find(runtime, mother_rrn(0), kind="death") == []


def test_pages_cover_every_bundle_once_newest_first(runtime: Runtime, clerk: SignedInClerk) -> None:
    births = file_births(runtime, clerk, [("김", f"하{given}") for given in "가나다라마바사아자차"])
    same_moment = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
    for receipt in births[3:7]:  # four filed in the same instant: the id breaks the tie
        _file_on(runtime, receipt, same_moment)
    for key in (None, parse_query("김하", runtime.vault), parse_query(FATHER_RRN, runtime.vault)):
        seen: list[str] = []
        after: tuple[datetime, uuid.UUID] | None = None
        for _page in range(20):
            page = search_bundles(runtime.db, BundleFilter(key), limit=3, after=after)
            seen += _receipts(page)
            assert len(page.rows) <= 3
            if page.after is None:
                break
            after = page.after
        assert sorted(seen) == sorted(births) and len(seen) == len(set(seen)) == 10
        moments = [row.filed_at for row in search_bundles(runtime.db, BundleFilter(key), limit=500).rows]
        assert moments == sorted(moments, reverse=True)
    assert search_bundles(runtime.db, BundleFilter(), limit=10).after is None  # exactly one full page


def test_an_empty_database_and_an_unmatched_query_give_an_empty_list(runtime: Runtime, clerk: SignedInClerk) -> None:
    assert search_bundles(runtime.db, BundleFilter()) == Page((), None)
    file_births(runtime, clerk, [("김", "하늘")])
    assert search_bundles(runtime.db, BundleFilter(NamePrefix("황보"))) == Page((), None)
    assert search_bundles(runtime.db, BundleFilter(ReceiptKey("3650052-T1-261121-0009-X"))).rows == ()
    old = datetime(2000, 1, 1, tzinfo=UTC)
    assert search_bundles(runtime.db, BundleFilter(), after=(old, uuid.uuid4())).rows == ()
    assert search_bundles(runtime.db, BundleFilter(filed_to=date(2000, 1, 1) + timedelta(days=1))).rows == ()
