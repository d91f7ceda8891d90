"""A locked counter draws nothing personal; wizard drafts survive a crash, a lock and a sign-out, and are
offered again (to the same clerk only), deleted when filed, discarded or declined."""

from __future__ import annotations

import io

from rich.console import Console
from sqlmodel import select
from test_birth_wizard import child_step, choose, fill, prefill, settle
from test_death_wizard import DECEASED_RRN, next_step
from ui_helpers import PASSWORD, make_app, sign_in, type_text

from counter.office.drafts import latest_draft
from counter.office.runtime import Runtime
from models import WizardDraft
from screens.birth import BirthWizard
from screens.death import DeathWizard
from screens.home import HomeScreen
from screens.lock import LockScreen
from screens.login import LoginScreen
from screens.wizard.drafts import ResumeDraftScreen
from screens.wizard.fields import WizardField, widget_id
from screens.wizard.filed import FiledScreen

SIZE = (100, 30)
MOTHER_RRN = "900315-2123451"
PERSONAL = ("황보", "서연", MOTHER_RRN, "900315", "2123451", "하늘")


def drawn_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every character the terminal shows now: the current screen composed with the screens it lets through
    (what `App.export_screenshot` renders, as plain text)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def field(screen: BirthWizard | DeathWizard, path: str) -> WizardField:
    return screen.query_one(f"#{widget_id(path)}", WizardField)


def drafts(runtime: Runtime) -> list[WizardDraft]:
    with runtime.db.session() as session:
        return list(session.exec(select(WizardDraft)).all())


async def open_birth(pilot):  # type: ignore[no-untyped-def]
    """Press F2: the birth wizard, or the question whether to continue a saved draft above it."""
    await pilot.press("f2")
    await settle(pilot)
    return pilot.app.screen


async def to_mother_with_personal_data(pilot) -> BirthWizard:  # type: ignore[no-untyped-def]
    """Sign in, open the birth wizard, type the child, PgDn, type the mother's name, 본 and full RRN."""
    await pilot.pause()
    await sign_in(pilot)
    wizard = await open_birth(pilot)
    await child_step(pilot)
    await fill(pilot, "황보", "서연", "창원", "", MOTHER_RRN)
    await type_text(pilot, "창원시")  # the registration base: the mother's part of the step is complete
    await pilot.pause()
    text = drawn_text(pilot.app)
    assert MOTHER_RRN in text and "서연" in text  # the check sees what is drawn
    return wizard


def assert_nothing_personal(app, runtime: Runtime) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, LockScreen)
    text = drawn_text(app)
    assert [secret for secret in PERSONAL if secret in text] == []
    assert "출생" not in text and "다음" not in text  # no header, footer or label of the wizard
    assert "이민호" in text and "역삼1동 주민센터" in text and "잠긴 시각" in text and "2026" in text
    assert app.screen.styles.background.a == 1 and app._background_screens[-1] is not app.screen


async def test_ctrl_l_covers_the_whole_screen_and_shows_nothing_personal(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await to_mother_with_personal_data(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert_nothing_personal(app, office_runtime)
        await pilot.press("f1")  # help above the lock lets only the lock through
        await pilot.pause()
        assert [secret for secret in PERSONAL if secret in drawn_text(app)] == []


async def test_the_idle_lock_shows_nothing_personal_at_80_columns(office_runtime: Runtime) -> None:
    app = make_app(office_runtime, idle_check_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_mother_with_personal_data(pilot)
        app.settings.idle_lock_minutes = 0.002  # about 0.1 s
        for _tick in range(100):  # bounded wait: a loaded machine may take a while to tick
            if isinstance(app.screen, LockScreen):
                break
            await pilot.pause(0.05)
        app.settings.idle_lock_minutes = 5
        await pilot.pause()
        assert_nothing_personal(app, office_runtime)


async def test_a_crash_keeps_the_birth_draft_and_resuming_restores_every_field_and_the_step(
        office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await to_mother_with_personal_data(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert wizard.step.id == "step-reporter"
        await choose(pilot, 1)  # 모: typed after the last PgDn, so lost in the crash
        typed = dict(wizard.draft.values)
        key = wizard.draft.idempotency_key
        await app.workers.wait_for_complete()
    # the app ended without filing: as after a crash or a power cut
    rows = drafts(office_runtime)
    assert [(row.kind, row.step_index, row.id) for row in rows] == [("birth", 2, key)]

    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftScreen)
        assert "이어서 작성" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("y")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard) and wizard.step.id == "step-reporter"
        assert wizard.draft.idempotency_key == key
        for path in ("child.surname", "child.given_name", "child.birth_date", "child.sex", "mother.surname",
                     "mother.given_name", "mother.rrn"):
            assert field(wizard, path).value == typed[path], path
            assert wizard.draft.values[path] == typed[path]
        assert field(wizard, "reporter.relation").value == ""
        await pilot.press("pageup")
        await settle(pilot)
        assert wizard.step.id == "step-parents" and app.focused is not None
        assert field(wizard, "mother.rrn").value == MOTHER_RRN


async def test_siblings_come_back_with_a_resumed_draft(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await prefill(pilot)
        assert wizard.draft.sibling_count == 2
        await app.workers.wait_for_complete()
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard) and wizard.step.id == "step-services"
        assert wizard.draft.sibling_count == 2
        assert field(wizard, "household.siblings[1].birth_date").value == "2022-08-09"
        await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _tick in range(100):  # filing runs in a worker
            if isinstance(app.screen, FiledScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, FiledScreen)
        await app.workers.wait_for_complete()
    assert drafts(office_runtime) == []  # filed: the draft is gone


async def test_declining_to_resume_starts_empty_and_deletes_the_draft(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await open_birth(pilot)
        await child_step(pilot)
        await app.workers.wait_for_complete()
        assert len(drafts(office_runtime)) == 1
        app.pop_screen()  # left without filing or discarding, as a closed terminal would
        await pilot.pause()
        assert isinstance(await open_birth(pilot), ResumeDraftScreen)
        await pilot.press("n")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, BirthWizard) and wizard.step.id == "step-child"
        assert field(wizard, "child.given_name").value == "" and "child.given_name" not in wizard.draft.values
        assert drafts(office_runtime) == []


async def test_escape_keeps_the_saved_draft_for_later_and_discarding_the_wizard_deletes_it(
        office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await open_birth(pilot)
        await child_step(pilot)
        await app.workers.wait_for_complete()
        first = drafts(office_runtime)[0].id
        app.pop_screen()
        await pilot.pause()
        assert isinstance(await open_birth(pilot), ResumeDraftScreen)
        await pilot.press("escape")  # later: start empty, the saved draft stays
        await settle(pilot)
        assert isinstance(app.screen, BirthWizard) and [row.id for row in drafts(office_runtime)] == [first]
        await child_step(pilot)
        await app.workers.wait_for_complete()
        assert len(drafts(office_runtime)) == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard this wizard's draft: only its own
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [row.id for row in drafts(office_runtime)] == [first]


async def test_signing_out_from_the_lock_keeps_the_draft_for_the_same_clerk_only(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await to_mother_with_personal_data(pilot)
        key = wizard.draft.idempotency_key
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "로그아웃" in drawn_text(app) and "저장" in drawn_text(app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        stored = latest_draft(office_runtime.db, office_runtime.vault, wizard.clerk, "birth")
        assert stored is not None and stored.id == key and stored.data["values"]["mother.rrn"] == MOTHER_RRN
        await sign_in(pilot, "boss")  # another clerk is offered nothing
        assert isinstance(await open_birth(pilot), BirthWizard)
        app.action_sign_out()
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.step.id == "step-parents"  # type: ignore[attr-defined]
        assert field(app.screen, "mother.rrn").value == MOTHER_RRN  # type: ignore[arg-type]


async def test_a_death_draft_survives_a_crash(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, DeathWizard)
        # name, 본, no Hanja, number (no date of birth: the number gives it), 등록기준지, address
        await fill(pilot, "박영수", "밀양", "", DECEASED_RRN, "서울특별시 종로구", "역삼로 1")
        await next_step(pilot)
        await fill(pilot, "2026-11-10", "14:30")
        await next_step(pilot)  # refused (no certificate yet): the step stays, nothing new is saved
        assert wizard.step.id == "step-death"
        await app.workers.wait_for_complete()
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftScreen)
        await pilot.press("y")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, DeathWizard) and wizard.step.id == "step-death"
        assert field(wizard, "deceased.name").value == "박영수" and field(wizard, "deceased.rrn").value == DECEASED_RRN
        assert field(wizard, "deceased.address").value == "역삼로 1"
        assert field(wizard, "deceased.registration_base").value == "서울특별시 종로구"
        assert field(wizard, "death.death_date").value == ""  # typed after the last step change
        assert wizard.draft.items and all(choice.ticked for choice in wizard.draft.items.values())


async def test_old_drafts_are_purged_when_the_app_starts(office_runtime: Runtime) -> None:
    from datetime import timedelta

    from counter.office.clerks import authenticate
    from counter.office.drafts import save_draft
    from models import utcnow
    from screens.birth.draft import BirthDraft

    lee = authenticate(office_runtime.db, "lee", PASSWORD, office_runtime.settings, "T1")
    old, recent = BirthDraft(), BirthDraft()
    for draft, age in ((old, 8), (recent, 6)):
        save_draft(office_runtime.db, office_runtime.vault, lee, kind="birth", draft_id=draft.idempotency_key,
                   step_index=0, data=draft.to_dict(), now=utcnow() - timedelta(days=age))
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert [row.id for row in drafts(office_runtime)] == [recent.idempotency_key]
