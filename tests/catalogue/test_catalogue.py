"""The service catalogue: shipped sets, rule language, decisions with reasons, errors, override."""

from __future__ import annotations

from datetime import date

import pytest
from catalogue_helpers import decide

from counter.base.errors import NotFoundError
from counter.base.i18n import set_language
from counter.catalogue import (
    Catalogue,
    RuleSyntaxError,
    compile_rule,
    load_catalogue,
)
from counter.catalogue.rules import evaluate, explain


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return load_catalogue("seed-district", None)


@pytest.fixture(scope="module")
def national() -> Catalogue:
    return load_catalogue("national", None)


# --- shipped sets ------------------------------------------------------------------------------


def test_seed_district_has_the_seven_services_and_six_inquiry_items(seed: Catalogue) -> None:
    assert [s.code for s in seed.services] == [
        "home-childcare-allowance",
        "multi-child-city-gas",
        "multi-child-electricity",
        "multi-child-district-heating",
        "birth-support-grant",
        "happiness-card",
        "breastfeeding-clinic",
    ]
    assert [i.code for i in seed.inquiry_items] == [
        "financial",
        "national-tax",
        "national-pension",
        "land",
        "vehicle",
        "local-tax",
    ]
    assert all(item.since == date(2015, 6, 30) for item in seed.inquiry_items)


def test_national_set_has_todays_services_and_twenty_inquiry_items(national: Catalogue) -> None:
    codes = {s.code for s in national.services}
    assert {"parent-benefit", "child-allowance", "first-meeting-voucher", "home-childcare-allowance",
            "birth-household-electricity", "multi-child-electricity", "multi-child-city-gas",
            "multi-child-district-heating", "childbirth-benefit"} <= codes  # fmt: skip
    assert len(national.inquiry_items) == 20


@pytest.mark.parametrize("set_name", ["national", "seed-district"])
def test_local_departments_handle_land_vehicles_local_tax_and_buildings(set_name: str) -> None:
    catalogue = load_catalogue(set_name, None)
    local = {item.code for item in catalogue.inquiry_items if item.local_department}
    assert local == {"land", "vehicle", "local-tax", "building"} & {i.code for i in catalogue.inquiry_items}
    for item in catalogue.inquiry_items:
        assert item.default_channel in item.channels
        assert set(item.channels) <= {"sms", "post", "in_person", "web"}
        assert 1 <= item.processing_days <= 30


def test_lookup_by_code(seed: Catalogue) -> None:
    assert seed.service("birth-support-grant").agency_code == "DISTRICT"
    assert seed.inquiry_item("land").local_department is True
    with pytest.raises(NotFoundError):
        seed.service("no-such-service")
    with pytest.raises(NotFoundError):
        seed.inquiry_item("no-such-item")


def test_names_follow_the_current_language(seed: Catalogue) -> None:
    service = seed.service("birth-support-grant")
    assert service.name == "출산양육지원금"
    set_language("en")
    assert service.name == "Childbirth support grant"
    assert seed.inquiry_item("financial").agency_name == "Financial Supervisory Service"


# --- decisions (seed-district) -----------------------------------------------------------------


def test_third_child_gets_one_million_won_grant_and_the_three_utility_discounts(seed: Catalogue) -> None:
    decisions = decide(seed, birth_order=3, child_count=3, parent_resident_years=2)
    grant = decisions["birth-support-grant"]
    assert (grant.eligible, grant.amount_won) == (True, 1_000_000)
    assert grant.reason == "셋째 아이: 1,000,000원"
    for code in ("multi-child-city-gas", "multi-child-electricity", "multi-child-district-heating"):
        assert decisions[code].eligible, code
        assert "3자녀 이상" in decisions[code].reason


def test_third_child_reason_in_english(seed: Catalogue) -> None:
    set_language("en")
    grant = decide(seed, birth_order=3, child_count=3, parent_resident_years=2)["birth-support-grant"]
    assert grant.reason == "3rd child: 1,000,000 won"
    assert grant.agency_name == "District office (childcare support)"


@pytest.mark.parametrize(
    ("order", "amount"),
    [(2, 500_000), (3, 1_000_000), (4, 3_000_000), (7, 3_000_000)],
)
def test_childbirth_support_grant_by_birth_order(seed: Catalogue, order: int, amount: int) -> None:
    grant = decide(seed, birth_order=order, child_count=order, parent_resident_years=1)["birth-support-grant"]
    assert (grant.eligible, grant.amount_won) == (True, amount)


def test_grant_refused_for_a_parent_resident_under_a_year_names_the_fact(seed: Catalogue) -> None:
    grant = decide(seed, birth_order=2, child_count=2, parent_resident_years=0)["birth-support-grant"]
    assert not grant.eligible and grant.amount_won is None
    assert "부모의 관내 거주 기간: 0년 (기준: 1년 이상)" in grant.reason
    assert "출생 순위" not in grant.reason  # only the failed condition is named


def test_first_child_gets_no_grant_and_no_multi_child_discounts(seed: Catalogue) -> None:
    decisions = decide(seed, parent_resident_years=5)
    assert not decisions["birth-support-grant"].eligible
    assert "출생 순위: 1 (기준: 2 이상)" in decisions["birth-support-grant"].reason
    assert not decisions["multi-child-electricity"].eligible
    assert "가구의 자녀 수: 1명 (기준: 3명 이상)" in decisions["multi-child-electricity"].reason
    assert decisions["breastfeeding-clinic"].eligible


def test_happiness_card_needs_two_children_with_the_youngest_13_or_under(seed: Catalogue) -> None:
    assert decide(seed, birth_order=2, child_count=2)["happiness-card"].eligible
    assert not decide(seed)["happiness-card"].eligible


def test_home_childcare_allowance_not_for_daycare_users(seed: Catalogue) -> None:
    decisions = decide(seed, uses_daycare=True)
    assert not decisions["home-childcare-allowance"].eligible
    assert "어린이집·유치원 이용 중" in decisions["home-childcare-allowance"].reason
    allowance = decide(seed)["home-childcare-allowance"]
    assert (allowance.amount_won, allowance.amount_period) == (200_000, "month")


# --- decisions (national) ----------------------------------------------------------------------


def test_first_child_gets_a_two_million_won_birth_voucher(national: Catalogue) -> None:
    voucher = decide(national)["first-meeting-voucher"]
    assert (voucher.eligible, voucher.amount_won) == (True, 2_000_000)
    assert voucher.reason == "첫째 아이: 2,000,000원"
    assert voucher.deadline == date(2026, 3, 3)
    assert voucher.usable_until == date(2027, 3, 3)


def test_second_child_gets_a_three_million_won_birth_voucher(national: Catalogue) -> None:
    assert decide(national, birth_order=2, child_count=2)["first-meeting-voucher"].amount_won == 3_000_000


def test_voucher_application_after_a_year_is_refused_with_the_date(national: Catalogue) -> None:
    voucher = decide(national, today=date(2026, 3, 4))["first-meeting-voucher"]
    assert not voucher.eligible
    assert "2026-03-03" in voucher.reason


@pytest.mark.parametrize(
    ("today", "amount"),
    [
        (date(2025, 3, 20), 1_000_000),
        (date(2026, 3, 2), 1_000_000),
        (date(2026, 3, 3), 500_000),
        (date(2027, 3, 2), 500_000),
    ],
)
def test_parent_benefit_by_age(national: Catalogue, today: date, amount: int) -> None:
    benefit = decide(national, today=today)["parent-benefit"]
    assert (benefit.eligible, benefit.amount_won, benefit.amount_period) == (True, amount, "month")


def test_parent_benefit_ends_at_24_months_and_home_allowance_begins(national: Catalogue) -> None:
    decisions = decide(national, today=date(2027, 3, 3))
    assert not decisions["parent-benefit"].eligible
    assert decisions["home-childcare-allowance"].eligible


def test_allowance_applied_after_60_days_warns_it_is_not_retroactive(national: Catalogue) -> None:
    assert decide(national, today=date(2025, 5, 1))["child-allowance"].warnings == ()  # day 60
    late = decide(national, today=date(2025, 5, 2))["child-allowance"]
    assert late.eligible and len(late.warnings) == 1
    assert "2025-05-01" in late.warnings[0]


def test_electricity_discount_for_a_newborn_household_is_a_text_amount(national: Catalogue) -> None:
    discount = decide(national)["birth-household-electricity"]
    assert discount.eligible and discount.amount_won is None
    assert "30%" in discount.amount_text and "16,000원" in discount.amount_text


def test_childbirth_benefit_only_for_basic_livelihood_households(national: Catalogue) -> None:
    assert decide(national, basic_livelihood=True)["childbirth-benefit"].amount_won == 700_000
    refused = decide(national)["childbirth-benefit"]
    assert not refused.eligible and "기초생활수급 가구가 아님" in refused.reason


# --- the rule language -------------------------------------------------------------------------

FACTS = {
    "birth_order": 3, "child_count": 3, "child_age_months": 0, "youngest_age_years": 0,
    "parent_resident_years": 2, "uses_daycare": False, "basic_livelihood": False, "child_korean": True,
}  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "value"),
    [
        ("birth_order >= 2 and parent_resident_years >= 1", True),
        ("birth_order == 2 or child_count > 3", False),
        ("not uses_daycare", True),
        ("uses_daycare == false and (child_count >= 3 or basic_livelihood)", True),
        ("2 <= birth_order", True),
        ("true", True),
        ("not (child_korean and birth_order < 3)", True),
    ],
)
def test_rules_evaluate(rule: str, value: bool) -> None:
    assert evaluate(compile_rule(rule), FACTS) is value


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("birth_ordr >= 2", "birth_ordr"),
        ("birth_order", "birth_order"),
        ("uses_daycare >= 1", "'>='"),
        ("birth_order >= true", "'>='"),
        ("birth_order => 2", "'='"),
        ("birth_order = 2", "'='"),
        ("(birth_order >= 2", ""),
        ("birth_order >= 2 and", ""),
        ("__import__('os')", ""),
        ("", ""),
    ],
)
def test_bad_rules_are_refused(rule: str, problem: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        compile_rule(rule)
    assert problem in str(caught.value)


def test_explanation_under_not_shows_the_negated_requirement() -> None:
    node = compile_rule("not (birth_order >= 4)")
    assert explain(node, FACTS) == ["출생 순위: 3 (기준: 4 미만)"]
