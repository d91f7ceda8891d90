"""The birth wizard by keys alone: filing a bundle, validation beside the field, back keeps data,
Esc asks first, the idle lock keeps the draft, unticking a service needs a reason, duplicates are shown
before filing, and a broken catalogue refuses to file."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from ui_helpers import FIXED_NOW, PASSWORD, make_app, sign_in, type_text

from counter.office.runtime import Runtime
from models import BirthReport, Bundle, LinkedRequest, OutgoingMessage, Person, PrintJob
from screens.birth import BirthWizard
from screens.home import HomeScreen
from screens.lock import LockScreen
from screens.wizard.confirm import ConfirmScreen
from screens.wizard.fields import WizardField, widget_id
from screens.wizard.filed import FiledScreen

SIZE = (100, 30)
MOTHER_RRN = "900315-2123451"
FATHER_RRN = "880720-1123457"
PLACE = "서울특별시 강남구 논현로 508"
ADDRESS = "서울특별시 강남구 테헤란로 12, 101동 1203호"


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_wizard(pilot, *, sign_in_by_keys: bool = False) -> BirthWizard:  # type: ignore[no-untyped-def]
    """Sign in (by keys, or straight through the sign-in service to save time) and press F2."""
    await pilot.pause()
    if sign_in_by_keys:
        await sign_in(pilot)
    else:
        from counter.office.clerks import authenticate

        runtime = pilot.app.runtime
        pilot.app.signed_in(authenticate(runtime.db, "lee", PASSWORD, runtime.settings, runtime.device))
        await pilot.pause()
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BirthWizard)
    return pilot.app.screen


async def fill(pilot, *values: str) -> None:  # type: ignore[no-untyped-def]
    """Type each value and press Enter (which moves to the next field)."""
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")


async def choose(pilot, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Open the focused choice, move down `downs` times past the prompt, pick it."""
    await pilot.press("enter", *(["down"] * downs), "enter")
    await pilot.pause()


async def child_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await fill(pilot, "김", "하늘", "2026-11-03", "14:30")
    await choose(pilot, 1)  # 여자
    await pilot.press("tab")
    await choose(pilot, 2)  # 병원
    await pilot.press("tab")
    await fill(pilot, PLACE)  # the description is asked for 기타 only: on to the 본
    await type_text(pilot, "김해")  # no Hanja; the registration base by the rule (the father's)
    await pilot.press("pagedown")
    await settle(pilot)


async def parents_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await fill(pilot, "이", "수진", "전주", "", MOTHER_RRN, "서울특별시 강남구")
    await pilot.press("tab")  # past "foreign national" (a foreign parent's fields show only when it is ticked)
    await fill(pilot, "김", "민준", "김해", "", FATHER_RRN)
    await type_text(pilot, "부산광역시 해운대구")
    await pilot.press("pagedown")
    await settle(pilot)


async def reporter_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await choose(pilot, 1)  # 모
    await pilot.press("tab")  # a parent reports: the other reporter's name, number and reason are hidden
    await fill(pilot, ADDRESS)
    await choose(pilot, 1)  # the birth certificate was presented
    await pilot.press("tab")  # the statement's material is asked for a statement only
    await fill(pilot, "010-1234-5678")
    await pilot.press("space")  # results by text message
    await pilot.press("pagedown")
    await settle(pilot)


async def household_step(pilot, siblings: tuple[str, ...] = ("2019-05-01", "2022-08-09")) -> None:  # type: ignore[no-untyped-def]
    await fill(pilot, "3")  # Enter moves on to "add a child"
    for number, birth_date in enumerate(siblings):
        if number:
            await pilot.press("enter", "tab")  # past the name and "same mother", back to "add a child"
        await pilot.press("enter")
        await settle(pilot)
        await fill(pilot, birth_date)
    await pilot.press("pagedown")
    await settle(pilot)


CHILD_FILLED = {
    "child.surname": "김", "child.given_name": "하늘", "child.birth_date": "2026-11-03", "child.birth_time": "14:30",
    "child.sex": "F", "child.birth_place.kind": "medical_institution", "child.birth_place.address": PLACE,
    "child.clan_seat": "김해",
}
"""The child step as `child_step` types it (for tests about what comes after)."""
FILLED = {
    **CHILD_FILLED,
    "mother.surname": "이", "mother.given_name": "수진", "mother.clan_seat": "전주", "mother.rrn": MOTHER_RRN,
    "mother.registration_base": "서울특별시 강남구",
    "father.surname": "김", "father.given_name": "민준", "father.clan_seat": "김해", "father.rrn": FATHER_RRN,
    "father.registration_base": "부산광역시 해운대구",
    "reporter.relation": "mother", "reporter.address": ADDRESS, "attachments.presented": "medical_certificate",
    "contact.phone": "010-1234-5678", "contact.sms": True, "household.parent_resident_years": "3",
}


async def prefill(pilot, siblings: tuple[str, ...] = ("2019-05-01", "2022-08-09")) -> BirthWizard:  # type: ignore[no-untyped-def]
    """Open the wizard with the first four steps filled in (as the keyboard tests type them) and show
    the services step; for tests about what comes after."""
    wizard = await open_wizard(pilot)
    for birth_date in siblings:
        await wizard.add_sibling()
        field(wizard, f"household.siblings[{wizard.draft.sibling_count - 1}].birth_date").set_value(birth_date)
    for path, value in FILLED.items():
        field(wizard, path).set_value(value)
    await pilot.pause()
    for _step in range(4):
        await pilot.press("pagedown")
        await pilot.pause()
    await settle(pilot)
    assert wizard.step.id == "step-services", wizard.all_problems()
    return wizard


def field(screen: BirthWizard, path: str) -> WizardField:
    return screen.query_one(f"#{widget_id(path)}", WizardField)


def error_of(screen: BirthWizard, path: str) -> str:
    return str(field(screen, path).query_one(".wf-error").content)


async def test_a_clerk_files_a_birth_bundle_by_keys_alone(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot, sign_in_by_keys=True)
        await child_step(pilot)
        await parents_step(pilot)
        await reporter_step(pilot)
        await household_step(pilot)
        assert wizard.step.id == "step-services"
        rows = {row.decision.code: row for row in wizard.query("ServiceRow")}  # type: ignore[attr-defined]
        assert rows["multi-child-electricity"].decision.eligible
        assert not rows["childbirth-benefit"].decision.eligible
        assert rows["childbirth-benefit"].query_one("Checkbox").disabled
        await pilot.press("pagedown")
        await settle(pilot)
        summary = str(wizard.query_one("#review-summary").content)
        assert "김하늘" in summary and "첫만남이용권" in summary and "3,000,000원" in summary
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
        receipt = app.screen.result.receipt_no
        assert receipt in str(app.screen.query_one("#filed-result").content)
        await pilot.press("f3")  # the receipt as it will print, before the spool prints it
        await settle(pilot)
        from screens.preview import PreviewScreen

        assert isinstance(app.screen, PreviewScreen)
        assert receipt in str(app.screen.query_one("#preview-text").content)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    with office_runtime.db.session() as session:
        bundle = session.exec(select(Bundle)).one()
        assert bundle.receipt_no == receipt
        report = session.exec(select(BirthReport)).one()
        assert report.birth_date.isoformat() == "2026-11-03"
        people = {p.role: p.name for p in session.exec(select(Person)).all()}
        assert people == {"child": "김하늘", "mother": "이수진", "father": "김민준"}
        codes = {r.service_code for r in session.exec(select(LinkedRequest)).all()}
        assert {"parent-benefit", "first-meeting-voucher", "multi-child-city-gas"} <= codes
        assert len(session.exec(select(PrintJob)).all()) == 2
        assert session.exec(select(OutgoingMessage)).one().recipient_masked == "010-****-5678"


async def test_moving_on_with_errors_focuses_the_first_and_shows_it_beside_the_field(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await fill(pilot, "김", "Haneul")
        assert "한글" in error_of(wizard, "child.given_name")  # validated as typed
        await pilot.press("pagedown")
        await pilot.pause()
        assert wizard.step.id == "step-child"
        assert app.focused is field(wizard, "child.given_name").control
        assert error_of(wizard, "child.birth_date") == "필수 입력 항목입니다."


async def test_back_keeps_every_value(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await child_step(pilot)
        await fill(pilot, "이", "수진")
        await pilot.press("pageup")
        await pilot.pause()
        assert wizard.step.id == "step-child"
        assert field(wizard, "child.given_name").value == "하늘"
        await pilot.press("pagedown")
        await pilot.pause()
        assert field(wizard, "mother.given_name").value == "수진"


async def test_escape_asks_before_discarding_the_draft(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await fill(pilot, "김")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is wizard and field(wizard, "child.surname").value == "김"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_idle_lock_keeps_the_draft(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await child_step(pilot)
        await fill(pilot, "이")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is wizard and wizard.step.id == "step-parents"
        assert field(wizard, "mother.surname").value == "이" and wizard.draft.get("child.given_name") == "하늘"


async def test_unticking_an_eligible_service_needs_a_reason(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await prefill(pilot, ())
        wizard.query_one("#service-child-allowance Checkbox").focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert wizard.step.id == "step-services"
        assert app.focused is field(wizard, "decline.child-allowance").control
        await type_text(pilot, "다음 달에 온라인으로 신청")
        await pilot.press("pagedown")
        await settle(pilot)
        assert wizard.step.id == "step-review"
        assert "다음 달에 온라인으로 신청" in str(wizard.query_one("#review-summary").content)
        await pilot.press("ctrl+s")
        await settle(pilot)
    with office_runtime.db.session() as session:
        codes = {r.service_code for r in session.exec(select(LinkedRequest)).all()}
    assert "child-allowance" not in codes and "parent-benefit" in codes


async def test_the_same_child_is_shown_before_filing_and_needs_a_reason(office_runtime: Runtime) -> None:
    from counter.filing.birth import file_birth
    from counter.office.clerks import authenticate

    clerk = authenticate(office_runtime.db, "boss", PASSWORD, office_runtime.settings, "T1")
    first = file_birth(office_runtime, clerk, {
        "child": {"surname": "김", "given_name": "하늘", "clan_seat": "김해", "birth_date": "2026-11-03",
                  "birth_time": "9:05", "sex": "F", "birth_place": {"kind": "home", "address": PLACE}},
        "mother": {"surname": "이", "given_name": "수진", "clan_seat": "전주", "registration_base": "강남구",
                   "rrn": MOTHER_RRN},
        "reporter": {"relation": "mother", "address": PLACE},
        "attachments": {"presented": ["medical_certificate"]}}, today=FIXED_NOW.date())
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await prefill(pilot, ())
        await pilot.press("pagedown")
        await settle(pilot)
        banner = str(wizard.query_one("#review-duplicates").content)
        assert first.receipt_no in banner
        assert app.focused is field(wizard, "duplicate_reason").control
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard and error_of(wizard, "duplicate_reason")
        await type_text(pilot, "첫 신고서 출생지 오기")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiledScreen)
    with office_runtime.db.session() as session:
        bundles = session.exec(select(Bundle).order_by(Bundle.filed_at)).all()
    assert len(bundles) == 2 and bundles[1].duplicate_of == first.bundle_id
    assert bundles[1].duplicate_reason == "첫 신고서 출생지 오기"


async def test_a_broken_catalogue_is_named_and_nothing_is_filed(office_runtime: Runtime, tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text("[[service]\ncode = 'x'\n", encoding="utf-8")
    runtime = Runtime(settings=office_runtime.settings.model_copy(update={"catalogue_override": override}),
                      db=office_runtime.db, device="T1", _keyring=office_runtime.keyring())
    app = make_app(runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert wizard.catalogue_error and str(override) in wizard.catalogue_error and "1" in wizard.catalogue_error
        for path, value in FILLED.items():
            field(wizard, path).set_value(value)
        await pilot.pause()
        for _step in range(4):
            await pilot.press("pagedown")
            await pilot.pause()
        assert wizard.step.id == "step-services", wizard.all_problems()
        assert str(override) in str(wizard.query_one("#services-summary").content)
        await pilot.press("pagedown")
        await pilot.pause()
        assert wizard.step.id == "step-services"
        wizard.action_submit()
        await settle(pilot)
        assert app.screen is wizard
    with office_runtime.db.session() as session:
        assert session.exec(select(Bundle)).first() is None


async def test_switching_to_english_relabels_the_wizard_and_keeps_the_draft(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await prefill(pilot, ())
        app.switch_language("en")
        await settle(pilot)
        try:
            assert "Services" in str(wizard.query_one("#wizard-steps").content)
            assert "Parent benefit" in str(wizard.query_one("#service-parent-benefit Checkbox").label)
            assert field(wizard, "child.surname").label_text == "Surname"
            assert wizard.draft.get("child.given_name") == "하늘"
        finally:
            app.switch_language("ko")
