"""Birth report rules (가족관계의 등록 등에 관한 법률) and the dates attached to linked benefits.

Pure functions of their arguments; every check that depends on the date takes `today`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _, format_date
from counter.rules.calendar import add_months, report_deadline
from counter.rules.text import clean_reason

BIRTH_REPORT_MONTHS = 1  # 가족관계등록법 제44조①
MIN_PARENT_AGE_YEARS = 10
MAX_PARENT_AGE_YEARS = 90  # older is a mistyped century digit (a 2005 birth typed with 2 reads as 1905)
PLAUSIBLE_PARENT_AGES = range(14, 61)  # outside: filed, with a warning to check the number and the papers
REASON_MAX_LENGTH = 200

Relation = Literal[
    "father", "mother", "cohabiting_relative", "doctor", "midwife", "birth_attendant", "public_official"
]
RELATIONS: tuple[str, ...] = (
    "father", "mother", "cohabiting_relative", "doctor", "midwife", "birth_attendant", "public_official",
)  # fmt: skip


def birth_report_deadline(birth_date: date) -> date:
    """Last day to report a birth: one month from the birth (제44조①), the day of birth counted
    (제37조①), rolled to the next working day (민법 제161조)."""
    return report_deadline(birth_date, BIRTH_REPORT_MONTHS)


def month_anniversary(born: date, months: int) -> date:
    """First day on which someone born on `born` has lived `months` whole months (민법 제158조: the day of
    birth counts; 제160조: the period ends the day before the corresponding day, or at the end of a
    month that has no such day). Born 15 Jan -> 1 month on 15 Feb; born 31 Jan -> 1 month on 1 Mar."""
    corresponding = add_months(born, months)
    if corresponding.day != born.day:  # no corresponding day: the period ended with that month
        return corresponding + timedelta(days=1)
    return corresponding


def age_in_months(born: date, on: date) -> int:
    """Completed months of age on `on` (0 in the first month, and before the birth)."""
    if on < born:
        return 0
    months = (on.year - born.year) * 12 + (on.month - born.month)
    while months > 0 and month_anniversary(born, months) > on:
        months -= 1
    return months


def age_in_years(born: date, on: date) -> int:
    """Completed years of age (만 나이) on `on`; born 29 February -> one year older on 1 March in common
    years. Negative before the birth."""
    if on < born:
        return -age_in_years(on, born) - 1
    return age_in_months(born, on) // 12


def check_birth_date(birth_date: date, *, today: date, field: str = "child.birth_date") -> None:
    """ValidationError if the child's birth date is in the future."""
    if birth_date > today:
        raise ValidationError(_("The date of birth is in the future."), field=field)


def check_parent_birth_date(
    parent_birth_date: date, child_birth_date: date, *, field: str = "parent.birth_date"
) -> None:
    """ValidationError if the parent was born after the child, or was under 10 or over 90 at the birth."""
    if parent_birth_date >= child_birth_date:
        raise ValidationError(_("The parent's date of birth is not before the child's."), field=field)
    age = age_in_years(parent_birth_date, child_birth_date)
    if age < MIN_PARENT_AGE_YEARS:
        raise ValidationError(
            _("The parent would have been under {age} at the birth: check both dates.").format(
                age=MIN_PARENT_AGE_YEARS
            ),
            field=field,
        )
    if age > MAX_PARENT_AGE_YEARS:
        raise ValidationError(
            _("The parent would have been {age} at the birth: check the registration number's 7th digit "
              "(the century) and the date of birth.").format(age=age),
            field=field,
        )


PARENT_AGE_WARNING = N_("The parent was {age} at the birth: check the registration number and the papers presented.")


def unusual_parent_age(parent_birth_date: date, child_birth_date: date) -> int | None:
    """The parent's age at the birth when possible but unusual (under 14 or over 60), else None."""
    age = age_in_years(parent_birth_date, child_birth_date)
    return None if age in PLAUSIBLE_PARENT_AGES else age


def parent_age_warning(parent_birth_date: date, child_birth_date: date) -> str | None:
    """A warning (translated) when a parent's age at the birth is possible but unusual."""
    age = unusual_parent_age(parent_birth_date, child_birth_date)
    return None if age is None else _(PARENT_AGE_WARNING).format(age=age)


# --- Who may report (제46조) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterDecision:
    """Whether `relation` may report this birth; rank 1 is the first duty (parents), higher is lower.

    `rule` names the rule applied (a key of `REPORTER_RULES`); `message` says it in the current language.
    """

    allowed: bool
    rank: int
    needs_reason: bool
    rule: str
    reason: str = ""
    """The recorded reason (cleaned) why a lower-rank reporter files instead of the parents."""

    @property
    def message(self) -> str:
        """The rule applied, in words."""
        return _(REPORTER_RULES[self.rule])


_RANKS: dict[str, int] = {
    "father": 1,
    "mother": 1,
    "cohabiting_relative": 2,  # 제46조③1호
    "doctor": 3,  # 제46조③2호
    "midwife": 3,
    "birth_attendant": 3,
    "public_official": 4,  # 제46조④: 검사 또는 지방자치단체의 장
}

REPORTER_RULES = {
    "not_qualified": N_("This person may not report a birth: only the parents, a cohabiting relative, the birth "
                        "attendant or a public official (제46조)."),
    "father_outside_marriage": N_("The father of a child born outside marriage may report; the report also "
                                  "acknowledges paternity (제57조①)."),
    "father_in_marriage": N_("The father of a child of a marriage reports the birth (제46조①)."),
    "mother_in_marriage": N_("The mother of a child of a marriage reports the birth (제46조①)."),
    "mother_outside_marriage": N_("The mother reports the birth of a child born outside marriage (제46조②)."),
    "reason_missing": N_("Record why the parents cannot report before this person may report (제46조③)."),
    "rank_2": N_("A cohabiting relative may report when the parents cannot (제46조③)."),
    "rank_3": N_("The doctor, midwife or other person who attended the birth may report when the parents and "
                 "cohabiting relatives cannot (제46조③)."),
    "rank_4": N_("A prosecutor or the head of the local government may report when those obliged have not "
                 "reported within a month and the child's welfare is at risk (제46조④)."),
}


def reporter_qualification(
    relation: str, child_in_marriage: bool, reason: str = "", *, field: str = "reporter.reason"
) -> ReporterDecision:
    """Who may report a birth (가족관계등록법 제46조).

    ① a child of a marriage: the father or the mother; ② a child outside marriage: the mother (a father
    who reports his child born outside marriage also acknowledges paternity, 제57조①); ③ otherwise, in
    order, a cohabiting relative, then the doctor/midwife/other person who attended the birth; ④ a
    prosecutor or head of local government. Anyone below rank 1 must have a recorded reason why the
    parents cannot report; without it the decision is not allowed.
    """
    if relation not in _RANKS:
        return ReporterDecision(allowed=False, rank=0, needs_reason=False, rule="not_qualified")
    rank = _RANKS[relation]
    if rank == 1:
        marriage = "in_marriage" if child_in_marriage else "outside_marriage"
        return ReporterDecision(allowed=True, rank=1, needs_reason=False, rule=f"{relation}_{marriage}")
    cleaned = clean_reason(reason, field=field, max_length=REASON_MAX_LENGTH)
    if not cleaned:
        return ReporterDecision(allowed=False, rank=rank, needs_reason=True, rule="reason_missing")
    return ReporterDecision(allowed=True, rank=rank, needs_reason=True, rule=f"rank_{rank}", reason=cleaned)


# --- Birth order ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sibling:
    """Another child of the household: birth date, optional name, and what the family declared."""

    birth_date: date
    name: str = ""
    same_mother: bool = True
    """Born to the reported child's mother (birth order counts the mother's children)."""
    declared_older: bool | None = None
    """What the family said: older than the child (True), younger (False), or not said (None)."""


@dataclass(frozen=True)
class BirthOrder:
    """This child's place among the mother's children, and the household's child count."""

    order: int
    """1 for a first child; twins count one after the other (the second-born twin is 2nd)."""
    child_count: int
    """Children in the household including this child."""
    multiple_birth: bool
    """A sibling of the same mother was born on the same day (twins, triplets...)."""
    youngest_birth_date: date


def sibling_problems(
    child_birth_date: date,
    siblings: Sequence[Sibling],
    *,
    today: date,
    child_name: str = "",
    mother_birth_date: date | None = None,
    field: str = "household.siblings",
) -> list[ValidationError]:
    """Every contradiction in the sibling list (see `birth_order`), at most one per sibling, in list order."""
    problems: list[ValidationError] = []
    seen: set[tuple[str, date]] = set()
    for index, sibling in enumerate(siblings):
        where = f"{field}[{index}]"
        message = None
        name = sibling.name.strip()
        if sibling.birth_date > today:
            message = _("A sibling's date of birth is in the future.")
        elif sibling.declared_older is True and sibling.birth_date > child_birth_date:
            message = _("A sibling declared older was born after the child ({date}).").format(
                date=format_date(sibling.birth_date))
        elif sibling.declared_older is False and sibling.birth_date < child_birth_date:
            message = _("A sibling declared younger was born before the child ({date}).").format(
                date=format_date(sibling.birth_date))
        elif name and (name, sibling.birth_date) in seen:
            message = _("This sibling is listed twice.")
        elif name and name == child_name.strip() and sibling.birth_date == child_birth_date:
            message = _("The child being reported is listed as its own sibling.")
        elif (sibling.same_mother and mother_birth_date is not None
              and age_in_years(mother_birth_date, sibling.birth_date) < MIN_PARENT_AGE_YEARS):
            message = _("The mother would have been under {age} at this sibling's birth.").format(
                age=MIN_PARENT_AGE_YEARS)
        if name:
            seen.add((name, sibling.birth_date))
        if message is not None:
            problems.append(ValidationError(message, field=where))
    return problems


def birth_order(
    child_birth_date: date,
    siblings: Sequence[Sibling],
    *,
    today: date,
    child_name: str = "",
    mother_birth_date: date | None = None,
    position_in_multiple_birth: int = 1,
    field: str = "household.siblings",
) -> BirthOrder:
    """Birth order of the child among the mother's children, from the household's sibling list.

    The order is 1 + the same-mother siblings born earlier + (position among same-day siblings - 1).
    The sibling data contradicts itself (ValidationError, field `{field}[i]`) when: a sibling is born
    in the future; a sibling declared older is born after the child, or declared younger is born
    before; the same sibling (same name and date) is listed twice, or the child itself is listed; a
    same-mother sibling was born before the mother turned 10; the child's position among twins is
    higher than the number of same-day siblings + 1 (field `{field}`: the twin is missing from the list).
    """
    problems = sibling_problems(child_birth_date, siblings, today=today, child_name=child_name,
                                mother_birth_date=mother_birth_date, field=field)
    if problems:
        raise problems[0]
    same_mother = [s for s in siblings if s.same_mother]
    older = sum(1 for s in same_mother if s.birth_date < child_birth_date)
    same_day = sum(1 for s in same_mother if s.birth_date == child_birth_date)
    if not 1 <= position_in_multiple_birth <= same_day + 1:
        raise ValidationError(
            _(
                "The child is declared born {position} of a multiple birth, but {count} sibling(s) "
                "share the birth date."
            ).format(position=position_in_multiple_birth, count=same_day),
            # Named on the sibling list, entered after the child's position: the earlier step cannot fix it.
            field=field,
        )
    youngest = max([child_birth_date, *(s.birth_date for s in siblings)])
    return BirthOrder(
        order=older + position_in_multiple_birth,
        child_count=len(siblings) + 1,
        multiple_birth=same_day > 0,
        youngest_birth_date=youngest,
    )


# --- Allowance and voucher dates -----------------------------------------------------------------


def retroactive_until(birth_date: date, days: int) -> date:
    """Last day to apply and still be paid from the birth month: `days` days counting the day of
    birth (보건복지부 아동수당·부모급여 사업안내: 출생일 포함 60일 이내 신청 시 출생월부터 소급 지급)."""
    return birth_date + timedelta(days=days - 1)


RETROACTIVITY_WARNING = N_(
    "Applied after {last_day} ({days} days from the birth): the allowance is paid from the month of "
    "application, not from the birth month."
)


def retroactivity_warning(birth_date: date, applied_on: date, days: int = 60) -> str | None:
    """A translated warning when applying on `applied_on` is too late for payment from the birth month
    (the allowance then starts in the month of application); None when still in time."""
    last_day = retroactive_until(birth_date, days)
    if applied_on <= last_day:
        return None
    return _(RETROACTIVITY_WARNING).format(last_day=last_day.isoformat(), days=days)


def voucher_usable_until(birth_date: date, months: int = 24) -> date:
    """Last day the 첫만남이용권 birth voucher may be used: `months` after the birth (2 years under the
    보건복지부 첫만남이용권 사업안내 since 2024), counted like a civil-law period (민법 제157조·제160조:
    born 2024-03-10 -> usable to 2026-03-10; born 29 February -> 28 February). No working-day roll-over:
    the card works every day."""
    return add_months(birth_date, months)


def voucher_expired(birth_date: date, today: date, months: int = 24) -> bool:
    """True once the voucher's period of use has ended."""
    return today > voucher_usable_until(birth_date, months)
