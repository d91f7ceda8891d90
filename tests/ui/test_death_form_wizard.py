"""The cells of the 사망신고서 the death wizard asks (issue 10), by keys: a place 기타 and what it was, a
certificate by acquaintances with its two signers (the reporter refused as one), a certificate by a head
with the head's role, the time of death (25:10 refused, 미상 taken), a 등록기준지 typed as a street address,
and a draft saved before the wizard asked the place's cells."""

from __future__ import annotations

from sqlmodel import select
from test_birth_wizard import choose, fill, settle
from test_death_wizard import (
    DECEASED,
    SIZE,
    SON_RRN,
    error_of,
    field,
    next_step,
    open_wizard,
    put,
)
from ui_helpers import make_app

from counter.office.runtime import Runtime
from models import DeathReport, Person
from screens.death.draft import DeathDraft
from screens.wizard.filed import FiledScreen

ELSEWHERE, HEADS, ACQUAINTANCES = 10, 3, 4  # downs in the form's lists of places and proofs
REASON = "의사의 진료나 검안 없이 장례를 치러 진단서와 검안서를 발급받을 수 없음"


async def reporter_son_then_file(pilot) -> None:  # type: ignore[no-untyped-def]
    """The son reports, without the inquiry; on to the review and Ctrl+S."""
    await put(pilot, reporter__qualification="cohabiting_relative", reporter__name="박지훈", reporter__rrn=SON_RRN,
              reporter__relation="아들", reporter__address="서울특별시 강남구 역삼로 1", inquiry__apply=False)
    await review_and_file(pilot)


async def review_and_file(pilot) -> None:  # type: ignore[no-untyped-def]
    """PgDn to the review, then Ctrl+S (a problem brings the wizard back to its step)."""
    for _ in range(8):
        if pilot.app.screen.step.id == "step-review":
            break
        await next_step(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_death_elsewhere_vouched_by_acquaintances_files_with_both_signers(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await put(pilot, **DECEASED)
        await next_step(pilot)
        assert not field(wizard, "death.place.description").display
        await fill(pilot, "2026-11-10", "23:40")
        await choose(pilot, ELSEWHERE)  # 기타: what the place was is asked now
        assert field(wizard, "death.place.description").display
        await fill(pilot, "강원특별자치도 정선군 정선읍 봉양리", "산속 임도 옆 농막")
        assert not field(wizard, "death.certifiers.0.name").display
        await choose(pilot, ACQUAINTANCES)
        assert not field(wizard, "death.certifiers.0.role").display  # acquaintances sign as such
        assert all(field(wizard, f"death.certifiers.{n}.{cell}").display for n in (0, 1) for cell in ("name", "rrn"))
        await fill(pilot, REASON, "최인우", "420303-1234560", "박지훈", SON_RRN)  # the son signs too: refused
        await next_step(pilot)
        await reporter_son_then_file(pilot)
        assert not isinstance(app.screen, FiledScreen)
        assert wizard.step.id == "step-death"
        assert "신고인" in error_of(wizard, "death.certifiers.1.name")
        await put(pilot, death__certifiers__1__name="한이웃", death__certifiers__1__rrn="480909-2234561")
        await review_and_file(pilot)
        assert isinstance(app.screen, FiledScreen), str(wizard.query_one("#wizard-message").content)
    with office_runtime.db.session() as session:
        report = session.exec(select(DeathReport)).one()
        signers = sorted(p.name for p in session.exec(select(Person)).all() if p.role == "certifier")
    assert report.certificate == "acquaintances" and report.details.place_kind == "other"
    assert report.details.place_description == "산속 임도 옆 농막" and str(report.death_time) == "23:40:00"
    assert signers == ["최인우", "한이웃"]


async def test_a_certificate_by_a_head_asks_the_heads_role_and_one_signer(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await put(pilot, **DECEASED)
        await next_step(pilot)
        await fill(pilot, "2026-11-10", "미상")  # not known: stated so (가족관계등록법 제29조)
        await choose(pilot, 1)  # 주택
        await fill(pilot, "서울특별시 강남구 역삼로 1")
        await choose(pilot, HEADS)
        assert field(wizard, "death.certifiers.0.role").display and not field(wizard, "death.certifiers.1.name").display
        await fill(pilot, REASON)
        await pilot.press("tab")  # the role is left unchosen
        await fill(pilot, "정통장", "550505-1234564")
        await next_step(pilot)
        await reporter_son_then_file(pilot)
        assert wizard.step.id == "step-death" and "통장" in error_of(wizard, "death.certifiers.0.role")
        field(wizard, "death.certifiers.0.role").control.focus()
        await choose(pilot, 2)  # 통장
        await review_and_file(pilot)
        assert isinstance(app.screen, FiledScreen), str(wizard.query_one("#wizard-message").content)
    with office_runtime.db.session() as session:
        report = session.exec(select(DeathReport)).one()
        (head,) = [p for p in session.exec(select(Person)).all() if p.role == "certifier"]
    assert report.death_time is None and report.certificate == "heads_cert"
    assert (head.name, head.details.qualification) == ("정통장", "tong_head")


async def test_bad_cells_are_refused_beside_their_fields(office_runtime: Runtime) -> None:
    app = make_app(office_runtime)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await put(pilot, **{**DECEASED, "deceased__registration_base": "서울특별시 강남구 역삼동 123"})
        await pilot.press("pagedown")
        await settle(pilot)
        assert wizard.step.id == "step-deceased"
        assert "동" in error_of(wizard, "deceased.registration_base")
        await put(pilot, deceased__registration_base="서울특별시 종로구", deceased__clan_seat="밀양 박씨")
        assert error_of(wizard, "deceased.clan_seat")
        await put(pilot, deceased__clan_seat="미상")
        await next_step(pilot)
        await put(pilot, death__death_date="2026-11-10", death__death_time="24:00")
        assert "24" in error_of(wizard, "death.death_time")
        await put(pilot, death__death_time="25:10")
        assert "25" in error_of(wizard, "death.death_time")


def test_a_draft_saved_before_the_place_cells_keeps_the_place() -> None:
    draft = DeathDraft.from_dict({"values": {"death.place": "한빛병원", "death.place_kind": "medical_institution"}})
    assert draft.values["death.place.address"] == "한빛병원"
    assert draft.to_declaration()["death"]["place"] == {"kind": "medical_institution", "address": "한빛병원",
                                                       "description": ""}
