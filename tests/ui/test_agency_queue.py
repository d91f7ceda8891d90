"""The agency queue (F4), walked by keys: the in-app dispatcher sends filed requests to a real loopback
agency and the list shows them; filters, order and pages; retry now, a local department's result, a
cancellation with its reason, and a bundle's requests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from printing_ui_helpers import notifications, until
from sqlmodel import col, select
from textual.widgets import DataTable, Input, Static
from ui_helpers import make_app, type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agencies"))  # the agency tests' real server
from agency_filings import file_deaths
from agency_server import Agency, running_agency

from counter.base.config import AgencySettings
from counter.base.session import SignedInClerk
from counter.office.clerks import add_clerk, setup_office
from counter.office.runtime import Runtime
from models import AuditEvent, LinkedRequest, OutgoingMessage
from screens.bundle import BundleScreen
from screens.worklist import AgencyQueueScreen
from screens.worklist_dialogs import CancelRequestScreen, ChoiceScreen, LocalResultScreen

SIZE = (140, 40)
PASSWORD = "correct horse"


@pytest.fixture
def office(ui_runtime: Runtime) -> tuple[Runtime, SignedInClerk]:
    """Supervisor `boss` and clerk `lee` of office 3650052."""
    ui_runtime.keyring(create=True)
    boss = setup_office(ui_runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(ui_runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    return ui_runtime, boss


@pytest.fixture
def agency() -> Iterator[Agency]:
    with running_agency(Agency()) as serving:
        yield serving


def sending_to(runtime: Runtime, url: str, **entry: object) -> Runtime:
    settings = runtime.settings.model_copy(update={
        "agencies": [AgencySettings(code="*", channel="http", url=url, timeout_seconds=1, **entry)],  # type: ignore[arg-type]
        "dispatch_interval_seconds": 0.2})
    return Runtime(settings=settings, db=runtime.db, device="T1")


def requests(runtime: Runtime) -> list[LinkedRequest]:
    with runtime.db.session() as session:
        return list(session.exec(select(LinkedRequest).order_by(col(LinkedRequest.created_at))).all())


def table_rows(screen: AgencyQueueScreen) -> list[list[str]]:
    table = screen.query_one("#request-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).content)


async def sign_in(pilot) -> None:  # type: ignore[no-untyped-def]
    """Sign in as `lee` by keys, waiting for every worker but the ones that run as long as the app."""
    await type_text(pilot, "lee")
    await pilot.press("enter")
    await type_text(pilot, PASSWORD)
    await pilot.press("enter")
    app = pilot.app
    others = [w for w in app.workers if w.group not in ("agencies", "spool")]
    if others:  # an empty list would mean every worker, the one that runs as long as the app included
        await app.workers.wait_for_complete(others)
    await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")


async def open_queue(pilot) -> AgencyQueueScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(pilot.app.screen, AgencyQueueScreen) and pilot.app.screen.page is not None)
    return pilot.app.screen  # type: ignore[no-any-return]


async def choose(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """In a choice box: arrows down to the option showing `label`, then Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, ChoiceScreen)
    labels = [text for _value, text in screen.choices]
    target = labels.index(label)
    await pilot.press("home", *["down"] * target, "enter")
    await pilot.pause()


async def reloaded(pilot, screen: AgencyQueueScreen) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: screen.page is not None and screen.counts is not None)


async def test_the_in_app_dispatcher_sends_and_the_queue_shows_and_filters(office, agency: Agency) -> None:
    base, boss = office
    file_deaths(base, boss, 2)
    runtime = sending_to(base, agency.url)
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: len(agency.accepted) == 32)  # 16 national items of each bundle
        screen = await open_queue(pilot)
        await until(pilot, lambda: "마지막 실행" in text_of(screen, "#queue-work"))
        await reloaded(pilot, screen)
        assert "발송 40" in text_of(screen, "#queue-work")
        assert "요청 40건" in text_of(screen, "#queue-counts") and "기관 접수 40" in text_of(screen, "#queue-counts")
        rows = table_rows(screen)
        assert len(rows) == 40 and {row[1] for row in rows} == {"기관 접수"} and "(사망)" in text_of(screen, "#request-detail")
        # Status filter: nothing is waiting any more.
        await pilot.press("f2")
        await choose(pilot, "대기")
        await reloaded(pilot, screen)
        assert table_rows(screen) == [] and "조건에 맞는 요청이 없습니다" in text_of(screen, "#request-detail")
        assert "상태: 대기" in text_of(screen, "#queue-filters")
        await pilot.press("f2")
        await choose(pilot, "전체")
        # Agency filter: the agencies that have requests, each with its two requests.
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        chooser = pilot.app.screen
        assert isinstance(chooser, ChoiceScreen) and len(chooser.choices) == 21
        await pilot.press("down", "enter")
        await reloaded(pilot, screen)
        assert len(table_rows(screen)) == 2 and f"기관: {chooser.choices[1][1]}" in text_of(screen, "#queue-filters")
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await pilot.press("escape")  # the choice stays as it was
        await reloaded(pilot, screen)
        assert len(table_rows(screen)) == 2
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await choose(pilot, "전체")
        await reloaded(pilot, screen)
        # Age and overdue: filed today and due later, so neither lists anything.
        await pilot.press("f4")
        await choose(pilot, "7일 이상")
        await reloaded(pilot, screen)
        assert table_rows(screen) == [] and "접수 경과: 7일 이상" in text_of(screen, "#queue-filters")
        await pilot.press("f4")
        await choose(pilot, "전체")
        await pilot.press("f6")
        await reloaded(pilot, screen)
        assert table_rows(screen) == [] and "기한 경과만: 예" in text_of(screen, "#queue-filters")
        await pilot.press("f6")
        await reloaded(pilot, screen)
        assert len(table_rows(screen)) == 40
    assert sorted(agency.hits.values()) == [1] * 32  # each request reached the agency once


async def test_pages_and_order_and_a_bundles_requests(office) -> None:
    runtime, boss = office
    receipts = file_deaths(runtime, boss, 3)
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        screen = await open_queue(pilot)
        await reloaded(pilot, screen)
        assert "이 창구는 직접 발송하지 않습니다" in text_of(screen, "#queue-work")
        first = table_rows(screen)
        assert len(first) == 50 and first[0][0] == receipts[0] and "1쪽" in text_of(screen, "#queue-counts")
        await pilot.press("pagedown")
        await until(pilot, lambda: screen.page is not None and len(screen.page.rows) == 10)
        assert {row[0] for row in table_rows(screen)} == {receipts[2]} and "2쪽" in text_of(screen, "#queue-counts")
        await pilot.press("pagedown")  # the last page: nothing further
        await pilot.press("pageup")
        await until(pilot, lambda: screen.page is not None and len(screen.page.rows) == 50)
        assert table_rows(screen) == first
        await pilot.press("ctrl+r")
        await reloaded(pilot, screen)
        assert table_rows(screen)[0][0] == receipts[2] and "정렬: 최근 순" in text_of(screen, "#queue-filters")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, BundleScreen)
                    and pilot.app.screen.page is not None)
        bundle = pilot.app.screen
        assert isinstance(bundle, BundleScreen) and len(bundle.page.rows) == 20  # type: ignore[union-attr]
        assert receipts[2] in str(bundle.query_one("#bundle-title", Static).content)
        await pilot.press("down")
        assert "대기" in str(bundle.query_one("#bundle-detail", Static).content) or \
            "보내기" in str(bundle.query_one("#bundle-detail", Static).content)
        await pilot.press("f3")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "PreviewScreen")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HomeScreen"


async def test_retry_now_sends_a_request_whose_tries_ran_out(office, agency: Agency) -> None:
    base, boss = office
    file_deaths(base, boss, 1)
    agency.behaviour = lambda key, seen: "503"
    runtime = sending_to(base, agency.url, max_attempts=1)
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: sum(r.status == "failed" for r in requests(runtime)) == 16)
        agency.behaviour = lambda key, seen: "ok"
        screen = await open_queue(pilot)
        await pilot.press("f2")
        await choose(pilot, "전달 실패")
        await reloaded(pilot, screen)
        rows = table_rows(screen)
        assert len(rows) == 16 and "503" in text_of(screen, "#request-detail")
        target = screen.selected_request()
        assert target is not None
        await pilot.press("f7")
        await until(pilot, lambda: any(r.id == target.request_id and r.status == "acknowledged"
                                       for r in requests(runtime)))
        assert any("지금 다시 보냅니다" in note for note in notifications(pilot.app))
        await reloaded(pilot, screen)
        await until(pilot, lambda: len(table_rows(screen)) == 15)
    assert len(agency.accepted) == 1 and sum(r.status == "failed" for r in requests(runtime)) == 15


async def test_a_local_result_is_recorded_and_the_citizen_messaged(office) -> None:
    runtime, boss = office
    file_deaths(runtime, boss, 1)
    local = sending_to(runtime, "http://127.0.0.1:9/requests")  # outside agencies unreachable: only the local items
    async with make_app(local).run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: sum(r.status == "acknowledged" for r in requests(local)) == 4)
        screen = await open_queue(pilot)
        await pilot.press("f2")
        await choose(pilot, "기관 접수")
        await reloaded(pilot, screen)
        assert len(table_rows(screen)) == 4
        target = screen.selected_request()
        assert target is not None and target.local_department
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(pilot.app.screen, LocalResultScreen))
        await pilot.press("down", "enter")  # rejected
        await pilot.press("enter")  # nothing written: said beside the field
        await until(pilot, lambda: "-invalid" in pilot.app.screen.query_one("#field-result").classes)
        await pilot.press(*"대상 재산 없음")
        await pilot.press("tab", *"12,5x0")
        await pilot.press("enter")
        await until(pilot, lambda: "-invalid" in pilot.app.screen.query_one("#field-amount_won").classes)
        amount = pilot.app.screen.query_one("#amount_won", Input)
        amount.value = ""
        await pilot.press(*"0")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.screen is screen)
        done = next(r for r in requests(local) if r.id == target.request_id)
        assert (done.status, done.result_text, done.result_amount_won) == ("rejected", "대상 재산 없음", 0)
        await reloaded(pilot, screen)
        await until(pilot, lambda: len(table_rows(screen)) == 3)
        assert any("결과를 기록했습니다" in note for note in notifications(pilot.app))
    with local.db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "request.rejected")).one()
        assert event.clerk_username == "lee"
        wanted = done.delivery_channel in (None, "", "sms")
        sent = session.exec(select(OutgoingMessage).where(OutgoingMessage.template == "request.rejected")).all()
        assert len(sent) == (1 if wanted else 0)


async def test_a_request_is_cancelled_with_a_reason_and_never_without(office) -> None:
    runtime, boss = office
    file_deaths(runtime, boss, 1)
    async with make_app(runtime).run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        screen = await open_queue(pilot)
        await reloaded(pilot, screen)
        target = screen.selected_request()
        assert target is not None and target.status == "queued"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, CancelRequestScreen))
        await pilot.press("enter")
        await until(pilot, lambda: "-invalid" in pilot.app.screen.query_one("#field-cancel_reason").classes)
        await pilot.press(*"주민번호 400817-1000017 확인")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, CancelRequestScreen)
        pilot.app.screen.query_one("#cancel_reason", Input).value = ""
        await pilot.press(*"신청인이 철회함")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.screen is screen)
        await reloaded(pilot, screen)
        assert next(r for r in requests(runtime) if r.id == target.request_id).status == "cancelled"
        await until(pilot, lambda: table_rows(screen)[0][1] == "취소")
        # Esc keeps a request.
        await pilot.press("down", "f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, CancelRequestScreen))
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is screen)
    assert sum(r.status == "cancelled" for r in requests(runtime)) == 1
