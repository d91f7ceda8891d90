"""Death report rules (가족관계등록법 제51조, 제84조, 제85조, 제122조) and the 안심상속 application deadline."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from counter.base.errors import ValidationError
from counter.base.i18n import _, set_language
from counter.rules.death import (
    CERTIFICATE_LABELS,
    DeathCertificate,
    DeathReporter,
    InquiryDeadlineRule,
    check_death_dates,
    check_inquiry_open,
    companion_birth_report,
    death_report_deadline,
    death_report_timing,
    death_reporter_decision,
    inquiry_deadline,
    renunciation_period_end,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 5, 20)


# --- Dates ---------------------------------------------------------------------------------------


def test_consistent_dates_pass_including_learning_on_the_day_of_death() -> None:
    check_death_dates(death_date=date(2026, 5, 1), learned_on=date(2026, 5, 1), today=TODAY, birth_date=date(1950, 1, 1))
    check_death_dates(death_date=TODAY, learned_on=TODAY, today=TODAY)


@pytest.mark.parametrize(
    ("death", "learned", "birth", "field"),
    [
        (date(2026, 5, 21), date(2026, 5, 21), None, "death_date"),  # death in the future
        (date(1949, 12, 31), date(1950, 1, 2), date(1950, 1, 1), "death_date"),  # death before birth
        (date(2026, 5, 10), date(2026, 5, 9), None, "learned_on"),  # learned before the death
        (date(2026, 5, 10), date(2026, 5, 21), None, "learned_on"),  # learned in the future
    ],
)
def test_contradictory_dates_are_rejected_naming_the_field(
    death: date, learned: date, birth: date | None, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        check_death_dates(death_date=death, learned_on=learned, today=TODAY, birth_date=birth)
    assert error.value.field == field


# --- Deadline and fine ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learned", "deadline"),
    [
        (date(2026, 3, 2), date(2026, 4, 1)),  # one month counting the day of learning (제37조①)
        (date(2026, 1, 10), date(2026, 2, 9)),
        (date(2026, 1, 15), date(2026, 2, 19)),  # 15 Feb is a Sunday, 16-18 Feb 설날: next working day
        (date(2026, 1, 31), date(2026, 3, 3)),  # 28 Feb is a Saturday, 1 March 삼일절 (Sun) -> 2 March substitute holiday
    ],
)
def test_death_report_is_due_one_month_after_learning_of_the_death(learned: date, deadline: date) -> None:
    assert death_report_deadline(learned) == deadline


def test_deadline_runs_from_learning_of_the_death_not_from_the_death() -> None:
    timing = death_report_timing(date(2026, 3, 2), date(2026, 4, 1))
    assert (timing.deadline, timing.days_late, timing.fine, timing.fine_won) == (date(2026, 4, 1), 0, None, 0)


@pytest.mark.parametrize(
    ("filed", "days_late", "fine_won"),
    [
        (date(2026, 4, 6), 5, 10_000),
        (date(2026, 4, 20), 19, 20_000),
        (date(2026, 6, 15), 75, 30_000),
        (date(2026, 10, 5), 187, 50_000),
    ],
)
def test_late_death_report_is_fined_by_lateness(filed: date, days_late: int, fine_won: int) -> None:
    timing = death_report_timing(date(2026, 3, 2), filed)
    assert (timing.days_late, timing.fine_won) == (days_late, fine_won)


def test_fine_is_doubled_after_a_formal_demand() -> None:
    assert death_report_timing(date(2026, 3, 2), date(2026, 4, 6), after_demand=True).fine_won == 20_000


def test_no_fine_when_nobody_was_obliged_to_report() -> None:
    timing = death_report_timing(date(2026, 3, 2), date(2026, 10, 5), someone_obliged=False)
    assert (timing.days_late, timing.fine, timing.fine_won) == (187, None, 0)


# --- Who reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reporter", "allowed", "obliged"),
    [
        (DeathReporter.COHABITING_RELATIVE, True, True),
        (DeathReporter.RELATIVE, True, False),
        (DeathReporter.COHABITANT, True, False),
        (DeathReporter.PLACE_MANAGER, True, False),
        (DeathReporter.DONG_HEAD, True, False),
        (DeathReporter.TONG_RI_HEAD, True, False),
        (DeathReporter.OTHER, False, False),
        ("neighbour", False, False),
    ],
)
def test_who_must_and_who_may_report_a_death(reporter: str, allowed: bool, obliged: bool) -> None:
    decision = death_reporter_decision(reporter)
    assert (decision.allowed, decision.obliged) == (allowed, obliged)
    assert "제85조" in decision.message


def test_a_tong_head_is_told_the_duty_lies_with_a_cohabiting_relative() -> None:
    decision = death_reporter_decision("tong_ri_head")
    assert decision.message.startswith("사망장소의 통장 또는 이장도 사망신고를 할 수 있습니다")
    assert "동거하는 친족" in decision.message


# --- Certificate ---------------------------------------------------------------------------------


def test_the_three_kinds_old_reports_stored_keep_their_labels_and_every_proof_maps_to_one() -> None:
    # Reports filed before schema 0008 stored diagnosis, postmortem or other_proof; the form's proofs
    # (counter.rules.death_attachments, tested in test_form_attachments.py) name the document itself.
    from counter.rules.death_attachments import DeathProof

    set_language("ko")
    assert {_(CERTIFICATE_LABELS[kind]) for kind in DeathCertificate} == {
        "사망진단서", "사체검안서", "사망의 사실을 증명할 만한 서면"}
    assert {proof.certificate for proof in DeathProof} == set(DeathCertificate)
    assert [proof for proof in DeathProof if proof.certificate is not DeathCertificate.OTHER_PROOF] == [
        DeathProof.DIAGNOSIS, DeathProof.POSTMORTEM]


# --- Unreported birth (제51조) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "death", "reported", "required", "under_one"),
    [
        (date(2026, 3, 1), date(2026, 3, 20), False, True, True),  # infant never reported
        (date(2025, 3, 10), date(2026, 3, 9), False, True, True),  # the day before the first birthday
        (date(2025, 3, 10), date(2026, 3, 10), False, True, False),  # first birthday: the article has no age limit
        (date(2026, 3, 1), date(2026, 3, 20), True, False, True),  # birth already reported
    ],
)
def test_an_unreported_birth_is_filed_with_the_death_report(
    birth: date, death: date, reported: bool, required: bool, under_one: bool
) -> None:
    requirement = companion_birth_report(birth_date=birth, death_date=death, birth_reported=reported)
    assert (requirement.required, requirement.under_one_year) == (required, under_one)
    assert ("제51조" in requirement.message) == required


# --- 안심상속 application deadline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("death", "ends_on", "last_filing_day", "rule"),
    [
        (date(2026, 1, 15), date(2027, 1, 31), date(2027, 2, 1), "one_year_from_month_end"),  # 31 Jan 2027 is a Sunday
        (date(2025, 12, 31), date(2026, 12, 31), date(2026, 12, 31), "one_year_from_month_end"),
        (date(2027, 2, 10), date(2028, 2, 29), date(2028, 2, 29), "one_year_from_month_end"),  # leap year
        (date(2024, 2, 29), date(2025, 2, 28), date(2025, 2, 28), "one_year_from_month_end"),
        (date(2022, 7, 29), date(2023, 7, 31), date(2023, 7, 31), "one_year_from_month_end"),
        (date(2022, 1, 5), date(2023, 1, 31), date(2023, 1, 31), "one_year_from_month_end"),  # 6 months still ran on 2022-07-29
        (date(2021, 12, 20), date(2022, 6, 30), date(2022, 6, 30), "six_months_from_month_end"),  # expired before the change
    ],
)
def test_inquiry_deadline_is_one_year_from_the_last_day_of_the_month_of_death(
    death: date, ends_on: date, last_filing_day: date, rule: str
) -> None:
    deadline = inquiry_deadline(death)
    assert (deadline.ends_on, deadline.last_filing_day, deadline.rule) == (ends_on, last_filing_day, InquiryDeadlineRule(rule))


@pytest.mark.parametrize(
    ("deemed_death", "declared", "ends_on", "rule"),
    [
        (date(2019, 5, 1), date(2025, 8, 1), date(2026, 8, 1), "one_year_from_declaration"),
        (date(2019, 5, 1), date(2025, 6, 23), date(2026, 6, 23), "one_year_from_declaration"),
        (date(2024, 9, 15), date(2025, 3, 10), date(2026, 3, 10), "one_year_from_declaration"),  # old period still ran
        (date(2020, 1, 1), date(2025, 3, 10), date(2020, 7, 31), "six_months_from_month_end"),  # old period long over
    ],
)
def test_inquiry_deadline_for_a_person_declared_missing_runs_from_the_declaration(
    deemed_death: date, declared: date, ends_on: date, rule: str
) -> None:
    deadline = inquiry_deadline(deemed_death, declared_missing_on=declared)
    assert (deadline.ends_on, deadline.rule) == (ends_on, InquiryDeadlineRule(rule))


def test_missing_person_deadline_on_a_saturday_can_be_met_on_monday() -> None:
    deadline = inquiry_deadline(date(2019, 5, 1), declared_missing_on=date(2025, 8, 1))
    assert deadline.last_filing_day == date(2026, 8, 3)


def test_a_declaration_before_the_deemed_death_is_rejected() -> None:
    with pytest.raises(ValidationError) as error:
        inquiry_deadline(date(2025, 8, 1), declared_missing_on=date(2025, 7, 31))
    assert error.value.field == "declared_missing_on"


def test_inquiry_can_be_filed_up_to_the_last_filing_day() -> None:
    deadline = inquiry_deadline(date(2026, 1, 15))
    check_inquiry_open(deadline, date(2026, 1, 15))
    check_inquiry_open(deadline, date(2027, 2, 1))
    assert deadline.is_open(date(2027, 2, 1)) and not deadline.is_open(date(2027, 2, 2))


def test_inquiry_past_its_deadline_is_refused_with_the_date_it_ended() -> None:
    with pytest.raises(ValidationError) as error:
        check_inquiry_open(inquiry_deadline(date(2026, 1, 15)), date(2027, 2, 2))
    assert error.value.field == "inquiry_deadline"
    assert "2027. 2. 1." in error.value.message
    assert "금융감독원" in error.value.message


# --- Korean catalogue ----------------------------------------------------------------------------


def _catalogue() -> dict[str, str]:
    with (ROOT / "counter/locale/ko/LC_MESSAGES/death.po").open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id}


def test_every_clerk_facing_text_of_the_death_rules_has_a_korean_translation_with_the_same_fields() -> None:
    catalogue = _catalogue()
    for module in ("counter/rules/death.py", "counter/rules/heirs.py"):
        for _line, msgid, _comments, _context in extract_from_file(
            "python", ROOT / module, keywords={"_": None, "N_": None}
        ):
            assert catalogue.get(msgid), f"{module}: no Korean for {msgid!r}"
            assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", catalogue[msgid])), msgid


def test_english_and_korean_texts_are_chosen_at_call_time() -> None:
    set_language("en")
    assert death_reporter_decision("other").message.startswith("This person may not report the death")
    set_language("ko")
    assert death_reporter_decision("other").message.startswith("이 사람은 사망신고를 할 수 없습니다")


# 민법 제1019조①: 3 months from the day the heir learned; 제157조 the first day not counted; 제160조 by
# the calendar; 제161조 a Saturday or holiday end moves to the next working day.
@pytest.mark.parametrize(("learned", "last_day"), [
    (date(2026, 11, 10), date(2027, 2, 10)),  # a Wednesday
    (date(2026, 11, 30), date(2027, 3, 2)),  # ends 28 Feb (a Sunday) -> Monday 1 March is 삼일절 -> 2 March
    (date(2027, 1, 31), date(2027, 4, 30)),  # no 31 April: the month's last day
    (date(2026, 10, 31), date(2027, 2, 1)),  # 31 January 2027 is a Sunday -> Monday 1 February
], ids=["mid-month", "end of February, holidays", "month end", "Sunday"])
def test_renunciation_period_ends_three_months_after_the_heir_learned(learned: date, last_day: date) -> None:
    assert renunciation_period_end(learned) == last_day
