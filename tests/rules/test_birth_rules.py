"""Birth report rules (가족관계등록법 제44조·제46조) and benefit dates, as legal tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.errors import ValidationError
from counter.rules.birth import (
    Sibling,
    age_in_months,
    age_in_years,
    birth_order,
    birth_report_deadline,
    check_birth_date,
    check_parent_birth_date,
    month_anniversary,
    parent_age_warning,
    reporter_qualification,
    retroactive_until,
    retroactivity_warning,
    voucher_expired,
    voucher_usable_until,
)

TODAY = date(2025, 6, 2)


def test_born_on_31_january_must_be_reported_by_the_end_of_february() -> None:
    assert birth_report_deadline(date(2025, 1, 31)) == date(2025, 2, 28)


def test_deadline_on_a_saturday_moves_to_monday() -> None:
    assert birth_report_deadline(date(2025, 2, 16)) == date(2025, 3, 17)  # 15 March 2025 is a Saturday


def test_deadline_during_chuseok_moves_to_the_next_working_day() -> None:
    assert birth_report_deadline(date(2025, 9, 6)) == date(2025, 10, 10)


def test_birth_date_in_the_future_is_rejected() -> None:
    check_birth_date(TODAY, today=TODAY)
    with pytest.raises(ValidationError) as caught:
        check_birth_date(TODAY + timedelta(days=1), today=TODAY)
    assert caught.value.field == "child.birth_date"


@pytest.mark.parametrize(
    ("parent_born", "child_born", "ok"),
    [
        (date(1990, 5, 1), date(2025, 5, 1), True),
        (date(2015, 5, 1), date(2025, 5, 1), True),  # exactly 10
        (date(2015, 5, 2), date(2025, 5, 1), False),  # one day short of 10
        (date(2025, 5, 1), date(2025, 5, 1), False),  # born the same day
        (date(2026, 1, 1), date(2025, 5, 1), False),  # born after the child
        (date(1935, 5, 1), date(2025, 5, 1), True),  # exactly 90
        (date(1934, 5, 1), date(2025, 5, 1), False),  # 91
        (date(1905, 3, 1), date(2026, 11, 3), False),  # a 2005 mother typed with 2 reads as 1905
        (date(1890, 6, 11), date(2026, 11, 3), False),  # century digit 0: born in the 1800s
    ],
)
def test_parent_must_be_born_before_the_child_and_between_10_and_90(
    parent_born: date, child_born: date, ok: bool
) -> None:
    if ok:
        check_parent_birth_date(parent_born, child_born, field="mother.birth_date")
    else:
        with pytest.raises(ValidationError) as caught:
            check_parent_birth_date(parent_born, child_born, field="mother.birth_date")
        assert caught.value.field == "mother.birth_date"


@pytest.mark.parametrize(
    ("relation", "in_marriage", "reason", "allowed", "rank", "needs_reason"),
    [
        ("father", True, "", True, 1, False),
        ("mother", True, "", True, 1, False),
        ("mother", False, "", True, 1, False),
        ("father", False, "", True, 1, False),  # 제57조①: also acknowledges paternity
        ("cohabiting_relative", True, "", False, 2, True),
        ("cohabiting_relative", True, "부모 모두 장기 입원 중", True, 2, True),
        ("doctor", False, "", False, 3, True),
        ("midwife", False, "모가 의식불명", True, 3, True),
        ("birth_attendant", True, "부모 연락 두절", True, 3, True),
        ("public_official", True, "신고의무자 1개월 미신고, 아동 보호 필요", True, 4, True),
        ("neighbour", True, "친절해서", False, 0, False),
    ],
)
def test_who_may_report_a_birth(
    relation: str, in_marriage: bool, reason: str, allowed: bool, rank: int, needs_reason: bool
) -> None:
    decision = reporter_qualification(relation, in_marriage, reason)
    assert (decision.allowed, decision.rank, decision.needs_reason) == (allowed, rank, needs_reason)
    assert decision.message
    if allowed and needs_reason:
        assert decision.reason == reason


def test_father_of_a_child_outside_marriage_is_told_the_report_acknowledges_paternity() -> None:
    assert "제57조" in reporter_qualification("father", False).message


def test_reporter_reason_with_an_escape_sequence_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        reporter_qualification("doctor", True, "사유\x1b[2J")
    assert caught.value.field == "reporter.reason"


@pytest.mark.parametrize(
    ("siblings", "position", "order", "count", "multiple"),
    [
        ([], 1, 1, 1, False),
        ([Sibling(date(2020, 3, 1))], 1, 2, 2, False),
        ([Sibling(date(2020, 3, 1)), Sibling(date(2022, 7, 9))], 1, 3, 3, False),
        ([Sibling(date(2020, 3, 1)), Sibling(date(2021, 1, 1)), Sibling(date(2023, 1, 1))], 1, 4, 4, False),
        ([Sibling(date(2025, 5, 1))], 2, 2, 2, True),  # second-born twin
        ([Sibling(date(2025, 5, 1))], 1, 1, 2, True),  # first-born twin
        ([Sibling(date(2020, 3, 1)), Sibling(date(2025, 5, 1)), Sibling(date(2025, 5, 1))], 3, 4, 4, True),
        (
            [Sibling(date(2019, 1, 1), same_mother=False)],
            1,
            1,
            2,
            False,
        ),  # step-sibling: counted in household only
    ],
)
def test_birth_order_from_the_household(
    siblings: list[Sibling], position: int, order: int, count: int, multiple: bool
) -> None:
    result = birth_order(date(2025, 5, 1), siblings, today=TODAY, position_in_multiple_birth=position)
    assert (result.order, result.child_count, result.multiple_birth) == (order, count, multiple)


def test_late_report_counts_a_younger_sibling_in_the_household_only() -> None:
    result = birth_order(date(2023, 1, 5), [Sibling(date(2024, 8, 1), declared_older=False)], today=TODAY)
    assert (result.order, result.child_count, result.youngest_birth_date) == (1, 2, date(2024, 8, 1))


@pytest.mark.parametrize(
    ("siblings", "kwargs", "field"),
    [
        ([Sibling(date(2025, 7, 1))], {}, "household.siblings[0]"),  # born in the future
        (
            [Sibling(date(2020, 1, 1)), Sibling(date(2025, 5, 20), declared_older=True)],
            {},
            "household.siblings[1]",
        ),
        ([Sibling(date(2020, 1, 1), declared_older=False)], {}, "household.siblings[0]"),
        (
            [Sibling(date(2020, 1, 1), "김하나"), Sibling(date(2020, 1, 1), "김하나")],
            {},
            "household.siblings[1]",
        ),
        ([Sibling(date(2025, 5, 1), "김둘")], {"child_name": "김둘"}, "household.siblings[0]"),
        ([Sibling(date(2000, 1, 1))], {"mother_birth_date": date(1991, 6, 1)}, "household.siblings[0]"),
        ([Sibling(date(2020, 1, 1))], {"position_in_multiple_birth": 2}, "household.siblings"),
    ],
)
def test_contradicting_sibling_data_is_rejected(
    siblings: list[Sibling], kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        birth_order(date(2025, 5, 1), siblings, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_unnamed_siblings_born_the_same_day_are_twins_not_duplicates() -> None:
    result = birth_order(
        date(2025, 5, 1), [Sibling(date(2021, 1, 1)), Sibling(date(2021, 1, 1))], today=TODAY
    )
    assert result.order == 3


@pytest.mark.parametrize(
    ("applied", "warned"),
    [
        (date(2025, 1, 10), False),
        (date(2025, 3, 10), False),  # day 60 counting the birth day
        (date(2025, 3, 11), True),  # day 61
    ],
)
def test_allowance_is_retroactive_to_the_birth_month_only_within_60_days(applied: date, warned: bool) -> None:
    born = date(2025, 1, 10)
    assert retroactive_until(born, 60) == date(2025, 3, 10)
    warning = retroactivity_warning(born, applied, 60)
    assert (warning is not None) is warned
    if warning:
        assert "2025-03-10" in warning


@pytest.mark.parametrize(
    ("born", "until"),
    [
        (date(2024, 3, 10), date(2026, 3, 10)),
        (date(2024, 2, 29), date(2026, 2, 28)),
        (date(2025, 1, 31), date(2027, 1, 31)),
    ],
)
def test_birth_voucher_is_usable_for_two_years_from_the_birth(born: date, until: date) -> None:
    assert voucher_usable_until(born) == until
    assert not voucher_expired(born, until)
    assert voucher_expired(born, until + timedelta(days=1))


@pytest.mark.parametrize(
    ("born", "on", "months", "years"),
    [
        (date(2025, 1, 31), date(2025, 2, 27), 0, 0),
        (date(2025, 1, 31), date(2025, 2, 28), 0, 0),
        (date(2025, 1, 31), date(2025, 3, 1), 1, 0),
        (date(2025, 1, 15), date(2025, 2, 15), 1, 0),
        (date(2024, 2, 29), date(2025, 2, 28), 11, 0),
        (date(2024, 2, 29), date(2025, 3, 1), 12, 1),
        (date(2023, 6, 2), date(2025, 6, 2), 24, 2),
    ],
)
def test_ages_in_months_and_years(born: date, on: date, months: int, years: int) -> None:
    assert (age_in_months(born, on), age_in_years(born, on)) == (months, years)


@settings(max_examples=1000, deadline=None)
@given(
    child=st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 6, 1)),
    offsets=st.lists(st.integers(min_value=-3000, max_value=3000), max_size=6),
)
def test_birth_order_is_one_plus_the_older_siblings(child: date, offsets: list[int]) -> None:
    siblings = [Sibling(child + timedelta(days=o)) for o in offsets if child + timedelta(days=o) <= TODAY]
    result = birth_order(child, siblings, today=TODAY)
    assert result.order == 1 + sum(1 for s in siblings if s.birth_date < child)
    assert result.child_count == len(siblings) + 1
    assert result.youngest_birth_date == max([child, *(s.birth_date for s in siblings)])


@settings(max_examples=1000, deadline=None)
@given(
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
)
def test_age_in_months_is_the_largest_whole_month_count(born: date, days: int) -> None:
    on = born + timedelta(days=days)
    months = age_in_months(born, on)
    assert month_anniversary(born, months) <= on < month_anniversary(born, months + 1)
    assert age_in_years(born, on) == months // 12


@pytest.mark.parametrize(
    ("parent_born", "warned"),
    [
        (date(2012, 11, 3), False),  # 14 on the day
        (date(2012, 11, 4), True),  # 13
        (date(1966, 11, 3), False),  # 60
        (date(1965, 11, 2), True),  # 61
        (date(1990, 1, 1), False),
    ],
)
def test_parents_under_14_or_over_60_at_the_birth_are_warned_about(parent_born: date, warned: bool) -> None:
    warning = parent_age_warning(parent_born, date(2026, 11, 3))
    assert (warning is not None) == warned
    if warning:
        assert str(age_in_years(parent_born, date(2026, 11, 3))) in warning
