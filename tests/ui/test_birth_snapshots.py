"""How every step of the birth wizard looks at 100x30, in Korean, filled in as a clerk would, and the
busiest steps at 120x35 (inputs grow) and 80x24 (nothing overflows).

Review every accepted SVG: Hangul aligned, nothing cut, the footer fits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from test_birth_wizard import open_wizard, prefill, settle
from textual.widgets import Input
from ui_helpers import make_app, type_text

from counter.office.runtime import Runtime

SIZE = (100, 30)
WIDE = (120, 35)
SMALL = (80, 24)


async def _steady(pilot) -> None:  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def _prefilled(*keys: str, back: int = 0) -> Callable[[object], Awaitable[None]]:
    """The wizard filled in up to the services step, then `back` steps back (data kept) and `keys`."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await prefill(pilot)
        for _step in range(back):
            await pilot.press("pageup")
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await _steady(pilot)

    return run_before


async def _errors_on_the_child(pilot) -> None:  # type: ignore[no-untyped-def]
    await open_wizard(pilot)
    await type_text(pilot, "Kim")
    await pilot.press("enter")
    await type_text(pilot, "Haneul")
    await pilot.press("enter")
    await type_text(pilot, "2027-01-05")
    await pilot.press("enter")
    await pilot.press("pagedown")
    await _steady(pilot)


async def _another_reporter(pilot) -> None:  # type: ignore[no-untyped-def]
    await prefill(pilot)
    for _step in range(2):
        await pilot.press("pageup")
        await pilot.pause()
    await pilot.press("enter", "down", "down", "down", "enter")  # 의사: name, number and reason appear
    await _steady(pilot)


async def _dropdown_open(pilot) -> None:  # type: ignore[no-untyped-def]
    await prefill(pilot)
    for _step in range(2):
        await pilot.press("pageup")
        await pilot.pause()
    await pilot.press("enter")
    await _steady(pilot)


def test_birth_wizard_child_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_prefilled(back=4))


def test_birth_wizard_child_step_with_errors_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_errors_on_the_child)


def test_birth_wizard_parents_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_prefilled(back=3))


def test_birth_wizard_reporter_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_prefilled(back=2))


def test_birth_wizard_household_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_prefilled(back=1))


def test_birth_wizard_services_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_prefilled())


def test_birth_wizard_review_step_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE,
                        run_before=_prefilled("pagedown"))


def test_birth_wizard_filed_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_prefilled("pagedown", "ctrl+s"))


def test_birth_wizard_child_step_with_errors_at_80x24(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SMALL, run_before=_errors_on_the_child)


def test_birth_wizard_parents_step_at_80x24(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SMALL, run_before=_prefilled(back=3))


def test_birth_wizard_another_reporter_at_80x24(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SMALL, run_before=_another_reporter)


def test_birth_wizard_household_step_at_120x35(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=WIDE, run_before=_prefilled(back=1))


def test_birth_wizard_review_step_at_120x35(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=WIDE, run_before=_prefilled("pagedown"))


def test_birth_wizard_open_dropdown_has_a_frame(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_dropdown_open)


async def _foreign_mother(pilot) -> None:  # type: ignore[no-untyped-def]
    from test_birth_wizard import field

    wizard = await prefill(pilot)
    for _step in range(3):
        await pilot.press("pageup")
        await pilot.pause()
    for path, value in (("mother.foreign", True), ("mother.foreign_name", "Nguyen Thi Lan"),
                        ("mother.nationality", "베트남"), ("mother.birth_date", "1995-08-08")):
        field(wizard, path).set_value(value)
    await _steady(pilot)


async def _place_elsewhere_and_another_base(pilot) -> None:  # type: ignore[no-untyped-def]
    from test_birth_wizard import field

    wizard = await prefill(pilot)
    for _step in range(4):
        await pilot.press("pageup")
        await pilot.pause()
    for path, value in (("child.birth_place.kind", "other"), ("child.registration_base_from", "other")):
        field(wizard, path).set_value(value)
    await settle(pilot)
    await pilot.press("pagedown")  # the description and the base are empty: said beside them
    await _steady(pilot)


def test_birth_wizard_foreign_mother_in_korean(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=SIZE, run_before=_foreign_mother)


def test_birth_wizard_child_born_elsewhere_at_120x35(snap_compare, office_runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(office_runtime), terminal_size=WIDE, run_before=_place_elsewhere_and_another_base)
