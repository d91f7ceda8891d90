"""Late-report fine tiers (가족관계등록법 제122조, 과태료 부과기준; 제121조 after a demand)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.i18n import set_language
from counter.rules.fines import late_report_fine, months_late

DEADLINE = date(2025, 2, 28)


@pytest.mark.parametrize(
    ("filed", "amount", "days"),
    [
        (date(2025, 2, 10), 0, 0),
        (date(2025, 2, 28), 0, 0),
        (date(2025, 3, 1), 10_000, 1),
        (date(2025, 3, 6), 10_000, 6),
        (date(2025, 3, 7), 20_000, 7),
        (date(2025, 3, 27), 20_000, 27),
        (date(2025, 3, 28), 30_000, 28),
        (date(2025, 5, 27), 30_000, 88),
        (date(2025, 5, 28), 40_000, 89),
        (date(2025, 8, 27), 40_000, 180),
        (date(2025, 8, 28), 50_000, 181),
        (date(2030, 1, 1), 50_000, (date(2030, 1, 1) - DEADLINE).days),
    ],
)
def test_fine_tier_by_lateness(filed: date, amount: int, days: int) -> None:
    fine = late_report_fine(DEADLINE, filed)
    assert (fine.amount_won, fine.days_late) == (amount, days)


@pytest.mark.parametrize(
    ("filed", "amount"),
    [
        (date(2025, 3, 1), 20_000),
        (date(2025, 3, 7), 40_000),
        (date(2025, 3, 28), 60_000),
        (date(2025, 5, 28), 80_000),
        (date(2025, 8, 28), 100_000),
        (date(2025, 2, 27), 0),
    ],
)
def test_fine_after_a_formal_demand_is_doubled_up_to_100000_won(filed: date, amount: int) -> None:
    assert late_report_fine(DEADLINE, filed, after_demand=True).amount_won == amount


def test_one_month_late_is_counted_in_calendar_months_from_the_deadline() -> None:
    # Deadline 31 January: 28 February is one calendar month later (민법 제160조③), so 30,000 won.
    assert late_report_fine(date(2025, 1, 31), date(2025, 2, 27)).amount_won == 20_000
    assert late_report_fine(date(2025, 1, 31), date(2025, 2, 28)).amount_won == 30_000
    assert months_late(date(2025, 1, 31), date(2025, 7, 31)) == 6


def test_fine_reason_names_the_tier_in_korean_and_english() -> None:
    assert late_report_fine(DEADLINE, date(2025, 3, 10)).tier_reason == "7일 이상 1개월 미만 지연: 20,000원"
    set_language("en")
    assert (
        late_report_fine(DEADLINE, date(2025, 3, 10)).tier_reason
        == "7 days to under 1 month late: 20,000 won"
    )
    assert "no fine" in late_report_fine(DEADLINE, DEADLINE).tier_reason


@settings(max_examples=300, deadline=None)
@given(
    deadline=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    first=st.integers(min_value=0, max_value=800),
    extra=st.integers(min_value=0, max_value=800),
    demand=st.booleans(),
)
def test_a_later_filing_never_costs_less(deadline: date, first: int, extra: int, demand: bool) -> None:
    earlier = late_report_fine(deadline, deadline + timedelta(days=first), after_demand=demand)
    later = late_report_fine(deadline, deadline + timedelta(days=first + extra), after_demand=demand)
    assert earlier.amount_won <= later.amount_won
    allowed = {0, 10_000, 20_000, 30_000, 40_000, 50_000}
    if demand:
        allowed = {min(2 * a, 100_000) for a in allowed}
    assert later.amount_won in allowed
