"""A death with the 안심상속 inquiry typed key by key as a clerk does, counting every key that is not
data (Tab, Enter, PgDn, space, arrows, Ctrl+S): the widow reports, applies for herself, two children
survive, the standard items are kept. Goal of issue 8: at most 30 such keys (41 before); issue 10 asks the
rest of the 사망신고서 (본, its Hanja, 등록기준지, the time of death, the place's address): one Enter each,
and nothing more, so at most 35."""

from __future__ import annotations

from sqlmodel import select
from test_birth_wizard import settle
from test_death_wizard import DECEASED_RRN, open_wizard
from ui_helpers import make_app

from counter.office.runtime import Runtime
from models import DeathReport, HeirApplication, LinkedRequest, OutgoingMessage, Person
from screens.wizard.fields import WizardField, widget_id
from screens.wizard.filed import FiledScreen

WIDOW_RRN = "450302-2234563"
NAVIGATION = {"tab", "shift+tab", "enter", "pagedown", "pageup", "space", "up", "down", "left", "right", "ctrl+s"}
GOAL = 35


class Clerk:
    """Presses keys on the pilot, counting the navigation keys apart from the typed data."""

    def __init__(self, pilot) -> None:  # type: ignore[no-untyped-def]
        self.pilot = pilot
        self.navigation = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            assert key in NAVIGATION, key
            self.navigation += 1
            await self.pilot.press(key)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)

    async def enter(self, text: str) -> None:
        """Type a value and move on with Enter."""
        await self.type(text)
        await self.press("enter")

    async def choose(self, downs: int) -> None:
        """Open the focused choice, go down `downs` options, pick it (the wizard moves on)."""
        await self.press("enter", *["down"] * downs, "enter")

    async def next_step(self) -> None:
        await self.press("pagedown")
        await settle(self.pilot)


def focused_path(pilot) -> str:  # type: ignore[no-untyped-def]
    field = pilot.app.focused.parent
    return field.path if isinstance(field, WizardField) else repr(pilot.app.focused)


async def test_a_death_with_the_inquiry_takes_at_most_35_navigation_keys(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=(120, 35)) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.enter("박영수")
        await clerk.enter("밀양")
        await clerk.press("enter")  # no Hanja
        birth_date = wizard.query_one(f"#{widget_id('deceased.birth_date')}")
        assert birth_date.display  # asked only while there is no registration number (a foreigner without one)
        await clerk.enter(DECEASED_RRN)
        assert not birth_date.display  # the number gives it
        assert focused_path(pilot) == "deceased.registration_base"
        await clerk.enter("서울특별시 종")  # Enter takes the completion shown
        assert wizard.draft.text("deceased.registration_base") == "서울특별시 종로구"
        assert focused_path(pilot) == "deceased.address"
        await clerk.type("서울특별시 강남구 역삼로 1")
        await clerk.next_step()
        assert wizard.step.id == "step-death"
        await clerk.enter("2026-11-10")
        await clerk.enter("14:30")
        await clerk.choose(2)  # 의료기관
        assert focused_path(pilot) == "death.place.address"  # what the place was is asked for 기타 only
        await clerk.enter("서울특별시 강남구 언주로 211 (한빛병원)")
        assert focused_path(pilot) == "death.certificate"
        await clerk.choose(1)  # 사망진단서
        await clerk.next_step()
        assert wizard.step.id == "step-reporter"
        await clerk.choose(1)  # 동거하는 친족
        assert focused_path(pilot) == "reporter.name"
        await clerk.enter("김영희")
        await clerk.enter(WIDOW_RRN)
        await clerk.type("배우자")
        assert wizard.draft.text("reporter.address") == "서울특별시 강남구 역삼로 1"  # she lived with him
        await clerk.next_step()
        assert wizard.step.id == "step-applicant"  # a relative reports: she applies, nothing to type
        await clerk.next_step()
        assert wizard.step.id == "step-family"
        await clerk.choose(1)  # 배우자: the spouse is not asked about again
        assert focused_path(pilot) == "family.children_alive"
        await clerk.type("2")
        await clerk.next_step()
        assert wizard.step.id == "step-items"
        await clerk.next_step()  # the standard items
        assert wizard.step.id == "step-notification"
        await clerk.enter("010-2345-6789")
        await clerk.press("space")  # a text message when filed
        await clerk.next_step()
        assert wizard.step.id == "step-review"
        await clerk.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen), wizard.query_one("#wizard-message").content
    print(f"navigation keys: {clerk.navigation}")
    assert clerk.navigation <= GOAL
    with office_runtime.db.session() as session:
        report = session.exec(select(DeathReport)).one()
        application = session.exec(select(HeirApplication)).one()
        people = {p.role: p.name for p in session.exec(select(Person)).all()}
        assert report.certificate == "diagnosis" and report.details.place_kind == "medical_institution"
        assert str(report.death_time) == "14:30:00"
        assert application.basis == "spouse" and application.details.rank == 1
        assert people == {"deceased": "박영수", "reporter": "김영희", "applicant": "김영희"}
        assert len(session.exec(select(LinkedRequest)).all()) == 20
        assert session.exec(select(OutgoingMessage)).one().recipient_masked == "010-****-6789"
