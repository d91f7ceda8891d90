"""Birth journeys typed key by key, in Korean, from the examples a clerk is handed: the second twin reported
late by the doctor with the first twin already in the household, and a child outside marriage reported by
the mother. Each ends with the rows the screen filed equal to those `counter file birth` files for the same
declaration, on both database legs."""

from __future__ import annotations

from pathlib import Path

import pytest
from birth_rows import bundle_rows
from crawler_wizards import example
from test_birth_journeys import Clerk, file_and_compare
from test_birth_wizard import SIZE, open_wizard, settle
from ui_helpers import make_app

from counter.office.runtime import Runtime
from screens.wizard.fields import widget_id


async def test_b_the_second_twin_is_filed_with_the_first_already_in_the_household(
        journey_office: Runtime, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    declaration = example("birth-second-twin-late-by-doctor")
    app = make_app(journey_office)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.fill("최", "도윤", "2026-09-01", "09:12")
        await clerk.choose(2)  # 남자
        await clerk.press("tab")
        await clerk.choose(2)  # 병원
        await clerk.press("tab")
        await clerk.fill("서울특별시 강남구 ○○산부인과", "경주", "慶州")
        await clerk.choose(1)  # the father's registration base, as the parents chose (the rule's default too)
        await clerk.press("tab", "tab")  # past "born to a married couple", ticked
        await clerk.fill("2")  # the second of the twins
        await clerk.next_step()
        # The first twin is entered on the household step: the order among twins is checked there, not here.
        assert wizard.step.id == "step-parents", wizard.all_problems()
        await clerk.fill("정", "유나", "동래", "東萊", "920611-2567894", "서울특별시 송파구")
        await clerk.press("tab")  # past "foreign national"
        await clerk.fill("최", "현우", "경주", "慶州", "910203-1678900")
        await clerk.type("경상북도 경주시")
        await clerk.next_step()
        assert wizard.step.id == "step-reporter", wizard.all_problems()
        await clerk.choose(4)  # 의사
        await clerk.press("tab")
        await clerk.fill("한지민")
        await clerk.press("enter")  # no registration number for the doctor
        await clerk.fill("부모 모두 장기 입원 중이며 동거 친족 없음", "서울특별시 강남구 ○○산부인과")
        await clerk.choose(1)  # 출생증명서
        await clerk.next_step()
        assert wizard.step.id == "step-household", wizard.all_problems()
        await clerk.fill("5")  # Enter lands on "add a child"
        await clerk.next_step()  # the first twin not listed yet: refused, saying why
        assert wizard.step.id == "step-household"
        assert "다태아 중 2번째" in str(wizard.query_one("#wizard-message").content)
        assert app.focused is wizard.query_one("#add-sibling")
        await clerk.press("enter")
        await settle(pilot)
        await clerk.fill("2026-09-01", "최서준")
        await clerk.next_step()
        assert wizard.step.id == "step-services", wizard.all_problems()
        await clerk.next_step()
        review = str(wizard.query_one("#review-summary").content)
        assert "둘째 (가구 자녀 2명)" in review and "과태료" in review
        await file_and_compare(pilot, clerk, declaration, database_url=database_url, tmp_path=tmp_path,
                               monkeypatch=monkeypatch)
    rows = bundle_rows(journey_office.db)
    [report] = rows["birth_report"]
    assert (report["details"]["birth_order"], report["details"]["multiple_birth"], report["reporter_qualification"]) \
        == (2, True, "doctor")
    assert report["fine_won"] > 0 and [p["role"] for p in rows["people"]].count("reporter") == 1


async def test_c_a_child_outside_marriage_is_filed_by_the_mother(
        journey_office: Runtime, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    declaration = example("birth-first-child-outside-marriage")
    app = make_app(journey_office)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        clerk = Clerk(pilot)
        await clerk.fill("박", "서윤", "2026-11-10", "정오")
        await clerk.choose(1)  # 여자
        await clerk.press("tab")
        await clerk.choose(2)  # 병원
        await clerk.press("tab")
        await clerk.fill("경기도 성남시 분당구 ○○병원", "밀양", "密陽")
        await clerk.press("tab")  # the registration base by the rule: the mother's, born outside marriage
        await clerk.press("space")  # untick "born to a married couple"
        await clerk.next_step()
        assert wizard.step.id == "step-parents", wizard.all_problems()
        await clerk.fill("박", "지혜", "밀양", "密陽", "950402-2456785")
        await clerk.type("경기도 성남시 분당구")  # no father recorded
        await clerk.next_step()
        assert wizard.step.id == "step-reporter", wizard.all_problems()
        await clerk.choose(1)  # 모
        assert "혼인 외" in str(wizard.query_one("#reporter-rule").content)
        await clerk.press("tab")
        await clerk.fill("경기도 성남시 분당구 ○○로 ○○")
        await clerk.choose(1)  # 출생증명서
        await clerk.press("tab")
        await clerk.fill("010-9876-5432")
        await clerk.press("space")  # results by text message
        await clerk.next_step()
        assert wizard.step.id == "step-household", wizard.all_problems()
        await clerk.fill("0")
        await clerk.next_step()
        assert wizard.step.id == "step-services", wizard.all_problems()
        await settle(pilot)
        [declined] = declaration["declined_services"]
        tick = wizard.query_one(f"#service-{declined['code']}").query_one(".service-tick")
        for _ in range(12):  # down the list to the service the mother does not want yet
            if app.focused is tick:
                break
            await clerk.press("tab")
        assert app.focused is tick
        await clerk.press("space")
        await clerk.press("tab")
        assert app.focused is wizard.query_one(f"#{widget_id('decline.' + declined['code'])}").control
        await clerk.type(declined["reason"])
        await clerk.next_step()
        assert wizard.step.id == "step-review", wizard.all_problems()
        review = str(wizard.query_one("#review-summary").content)
        assert "첫째" in review and "010-9876-5432" in review
        await file_and_compare(pilot, clerk, declaration, database_url=database_url, tmp_path=tmp_path,
                               monkeypatch=monkeypatch)
    rows = bundle_rows(journey_office.db)
    [report] = rows["birth_report"]
    assert report["details"]["in_marriage"] is False and report["reporter_qualification"] == "mother"
    assert sorted(p["role"] for p in rows["people"]) == ["child", "mother"]
    assert [m["template"] for m in rows["messages"]] == ["birth.filed"]
    assert declined["code"] not in [r["service_code"] for r in rows["requests"]]
