"""How every step of the death wizard looks at 120x35, in Korean, filled in as a clerk would, plus an
ineligible heir's refusal and the filed result; the fullest steps again at 80x24.

Review every accepted SVG: Hangul aligned, nothing cut, no item split across lines, the footer fits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_death_wizard import DECEASED_RRN, SON_RRN, next_step, open_wizard, put, settle
from textual.widgets import Input
from ui_helpers import make_app

from counter.office.runtime import Runtime

SIZE = (120, 35)
SMALL = (80, 24)
Step = Callable[[object], Awaitable[None]]


async def _steady(pilot) -> None:  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def _run(*steps: Step) -> Callable[[object], Awaitable[None]]:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_wizard(pilot)
        for step in steps:
            await step(pilot)
        await _steady(pilot)

    return run_before


async def deceased(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, deceased__name="박영수", deceased__clan_seat="밀양", deceased__clan_seat_hanja="密陽",
              deceased__rrn=DECEASED_RRN, deceased__registration_base="서울특별시 종로구",
              deceased__address="서울특별시 강남구 역삼로 1 한빛아파트 101동 1203호")


async def death(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, death__death_date="2026-11-10", death__death_time="14:30",
              death__place__kind="medical_institution", death__place__address="서울특별시 강남구 언주로 211 (한빛병원)",
              death__certificate="diagnosis")


async def reporter(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, reporter__qualification="cohabiting_relative", reporter__name="박지훈", reporter__rrn=SON_RRN,
              reporter__relation="아들", reporter__address="서울특별시 강남구 역삼로 1 한빛아파트 101동 1203호")


async def applicant(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, inquiry__applicant__same_as_reporter=True)


async def family(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, inquiry__heir="child", family__spouse="alive", family__children_alive="1")


async def notification(pilot) -> None:  # type: ignore[no-untyped-def]
    await put(pilot, notification__phone="010-2345-6789", notification__sms=True)


def _then_next(*fills: Step) -> list[Step]:
    steps: list[Step] = []
    for fill in fills:
        steps += [fill, next_step]
    return steps


REPORT = _then_next(deceased, death, reporter)
INQUIRY = [*REPORT, *_then_next(applicant, family)]


def test_death_wizard_deceased_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_run(deceased))


def test_death_wizard_death_step_with_errors_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def wrong_dates(pilot) -> None:  # type: ignore[no-untyped-def]
        await put(pilot, death__death_date="2026-11-10", death__learned_on="2026-11-09", death__death_time="25:10")
        await pilot.press("pagedown")

    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_run(deceased, next_step, wrong_dates))


def test_death_wizard_death_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_run(deceased, next_step, death))


def test_death_wizard_reporter_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_run(*_then_next(deceased, death), reporter))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x35", "80x24"])
def test_death_wizard_applicant_step_in_korean(snap_compare, office_runtime: Runtime, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def proxy(pilot) -> None:  # type: ignore[no-untyped-def]
        await put(pilot, inquiry__applicant__same_as_reporter=False, inquiry__representation="proxy",
                  inquiry__applicant__name="최대리",
                  inquiry__applicant__rrn="850505-1234566", inquiry__principal__name="박지훈",
                  inquiry__principal__rrn=SON_RRN, inquiry__documents__power_of_attorney=True)

    assert snap_compare(make_app(office_runtime), terminal_size=size, run_before=_run(*REPORT, proxy))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x35", "80x24"])
def test_death_wizard_family_step_in_korean(snap_compare, office_runtime: Runtime, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=size,
                        run_before=_run(*REPORT, applicant, next_step, family))


def test_death_wizard_refuses_a_sibling_when_there_is_a_child_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    async def sister(pilot) -> None:  # type: ignore[no-untyped-def]
        await put(pilot, inquiry__applicant__same_as_reporter=False, inquiry__applicant__name="박영자",
                  inquiry__applicant__rrn="430101-2234560")

    async def sibling_with_a_child(pilot) -> None:  # type: ignore[no-untyped-def]
        await put(pilot, inquiry__heir="sibling", family__children_alive="1")
        await pilot.press("pagedown")

    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_run(*REPORT, sister, next_step, sibling_with_a_child))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x35", "80x24"])
def test_death_wizard_items_step_in_korean(snap_compare, office_runtime: Runtime, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=size, run_before=_run(*INQUIRY))


def test_death_wizard_notification_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_run(*INQUIRY, next_step, notification))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x35", "80x24"])
def test_death_wizard_review_step_in_korean(snap_compare, office_runtime: Runtime, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=size,
                        run_before=_run(*INQUIRY, next_step, notification, next_step))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x35", "80x24"])
def test_death_wizard_filed_in_korean(snap_compare, office_runtime: Runtime, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def file(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(office_runtime), terminal_size=size,
                        run_before=_run(*INQUIRY, next_step, notification, next_step, file))
