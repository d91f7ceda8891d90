"""Death bundle rules: the death report (가족관계의 등록 등에 관한 법률 제51조, 제84조, 제85조, 제122조)
and the heir's combined asset inquiry (안심상속 원스톱서비스; 사망자 등 재산조회 통합처리에 관한 기준,
행정안전부 예규): its deadline. Who applies is in `counter.rules.inquiry_applicant`; whether that applicant is
entitled (the Civil Act's heirs) is decided in `counter.rules.heirs`.

Pure functions of their arguments; every check that depends on the date takes `today` or `filed_on`.
"""

from __future__ import annotations

import calendar as _gregorian
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _, format_date
from counter.rules.calendar import (
    add_months,
    days_late,
    next_working_day,
    period_end,
    report_deadline,
)
from counter.rules.fines import Fine, late_report_fine

DEATH_REPORT_MONTHS = 1  # 가족관계등록법 제84조①

# 안심상속 application period: 6 months from the last day of the month of death until 2022-07-28, one
# year since 2022-07-29; for a person declared missing, one year from the declaration since 2025-06-23
# (before, the period ran from the deemed date of death, 민법 제28조).
INQUIRY_ONE_YEAR_SINCE = date(2022, 7, 29)
INQUIRY_MISSING_FROM_DECLARATION_SINCE = date(2025, 6, 23)


# --- Dates ---------------------------------------------------------------------------------------


def check_death_dates(*, death_date: date, learned_on: date, today: date, birth_date: date | None = None) -> None:
    """ValidationError naming the field if a death report's dates contradict each other: a death in the
    future or before the birth, or learning of the death before it happened or after today."""
    if death_date > today:
        raise ValidationError(_("The date of death is in the future."), field="death_date")
    if birth_date is not None and death_date < birth_date:
        message = _("The date of death is before the date of birth ({birth}).")
        raise ValidationError(message.format(birth=format_date(birth_date)), field="death_date")
    if learned_on < death_date:
        message = _("The reporter cannot have learned of the death before it happened ({death}).")
        raise ValidationError(message.format(death=format_date(death_date)), field="learned_on")
    if learned_on > today:
        message = _("The day the reporter learned of the death is in the future.")
        raise ValidationError(message, field="learned_on")


# --- Deadline and fine (제84조①, 제122조) ------------------------------------------------------------


@dataclass(frozen=True)
class DeathReportTiming:
    """The death report's deadline and, when filed late, the fine due."""

    deadline: date
    days_late: int
    fine: Fine | None
    """None when filed in time, or when no one had the duty to report (제122조 fines only the obliged)."""

    @property
    def fine_won(self) -> int:
        """The fine in won (0 when none is due)."""
        return self.fine.amount_won if self.fine is not None else 0


def death_report_deadline(learned_on: date) -> date:
    """Last day to report a death: one month from the day the reporter learned of it (제84조①), that
    day counted (제37조①), rolled to the next working day (민법 제161조)."""
    return report_deadline(learned_on, DEATH_REPORT_MONTHS)


def death_report_timing(
    learned_on: date, filed_on: date, *, someone_obliged: bool = True, after_demand: bool = False
) -> DeathReportTiming:
    """Deadline, lateness and fine of a death report filed on `filed_on`.

    The fine (가족관계등록법 제122조, tiers in `counter.rules.fines`) falls on the person obliged to
    report, a cohabiting relative (제85조①). `someone_obliged` is False when the deceased had no
    cohabiting relative: then only those who *may* report (제85조②) exist and no fine is due.
    """
    deadline = death_report_deadline(learned_on)
    late = days_late(deadline, filed_on)
    if late == 0 or not someone_obliged:
        return DeathReportTiming(deadline=deadline, days_late=late, fine=None)
    fine = late_report_fine(deadline, filed_on, after_demand=after_demand)
    return DeathReportTiming(deadline=deadline, days_late=late, fine=fine)


# --- Who reports (제85조) ------------------------------------------------------------------------


class DeathReporter(StrEnum):
    """The reporter's qualification under 가족관계등록법 제85조 (stored as `reporter_qualification`)."""

    COHABITING_RELATIVE = "cohabiting_relative"  # 제85조①: must report
    RELATIVE = "relative"  # 제85조②: a relative not living with the deceased
    COHABITANT = "cohabitant"  # 제85조②: 동거자
    PLACE_MANAGER = "place_manager"  # 제85조②: 사망장소를 관리하는 사람 (hospital, care home...)
    DONG_HEAD = "dong_head"  # 제85조②: 사망장소의 동장
    TONG_RI_HEAD = "tong_ri_head"  # 제85조②: 사망장소의 통장·이장
    OTHER = "other"


REPORTER_LABELS: dict[DeathReporter, str] = {
    DeathReporter.COHABITING_RELATIVE: N_("cohabiting relative"),
    DeathReporter.RELATIVE: N_("relative"),
    DeathReporter.COHABITANT: N_("person living with the deceased"),
    DeathReporter.PLACE_MANAGER: N_("manager of the place of death"),
    DeathReporter.DONG_HEAD: N_("head of the dong of the place of death"),
    DeathReporter.TONG_RI_HEAD: N_("tong or ri head of the place of death"),
    DeathReporter.OTHER: N_("other person"),
}


DEATH_REPORTER_RULES = {
    "must_report": N_("A cohabiting relative must report the death (가족관계등록법 제85조①)."),
    "may_report": N_("A {reporter} may report the death (가족관계등록법 제85조②); the duty lies with a cohabiting "
                     "relative."),
    "may_not_report": N_("This person may not report the death: only a relative, a person living with the "
                         "deceased, the manager of the place of death, or the dong, tong or ri head of that "
                         "place (가족관계등록법 제85조)."),
}


def death_reporter_rule_text(rule: str, reporter: str) -> str:
    """Rule `rule` of `DEATH_REPORTER_RULES` said of a reporter of qualification `reporter`."""
    return _(DEATH_REPORTER_RULES[rule]).format(reporter=_(REPORTER_LABELS[DeathReporter(reporter)]))


@dataclass(frozen=True)
class DeathReporterDecision:
    """Whether this person may report the death, and whether the law obliges them to; `rule` names the
    rule applied (a key of `DEATH_REPORTER_RULES`)."""

    allowed: bool
    obliged: bool
    reporter: DeathReporter
    rule: str

    @property
    def message(self) -> str:
        """The rule applied, in words."""
        return death_reporter_rule_text(self.rule, self.reporter)


def death_reporter_decision(reporter: DeathReporter | str) -> DeathReporterDecision:
    """Who must and who may report a death (가족관계등록법 제85조).

    ① a cohabiting relative must report; ② another relative, a person living with the deceased, the
    manager of the place of death, or the dong head or tong/ri head of that place may report. Anyone
    else may not (deaths found by officials are notified under 제87조-제90조, not reported).
    """
    try:
        qualification = DeathReporter(reporter)
    except ValueError:
        qualification = DeathReporter.OTHER
    if qualification is DeathReporter.COHABITING_RELATIVE:
        return DeathReporterDecision(True, True, qualification, "must_report")
    if qualification is DeathReporter.OTHER:
        return DeathReporterDecision(False, False, qualification, "may_not_report")
    return DeathReporterDecision(True, False, qualification, "may_report")


# --- Certificate (제84조①③) ---------------------------------------------------------------------


class DeathCertificate(StrEnum):
    """The proof of death in three kinds, as reports filed before schema 0008 stored it (`certificate`).

    Reports since record the document itself (`counter.rules.death_attachments.DeathProof`, whose
    `certificate` gives this kind); `other_proof` stays readable on the rows written before.
    """

    DIAGNOSIS = "diagnosis"  # 사망진단서
    POSTMORTEM = "postmortem"  # 사체검안서
    OTHER_PROOF = "other_proof"  # 사망의 사실을 증명할 만한 서면 (제84조③)


CERTIFICATE_LABELS: dict[DeathCertificate, str] = {
    DeathCertificate.DIAGNOSIS: N_("death certificate by the treating doctor"),
    DeathCertificate.POSTMORTEM: N_("post-mortem report"),
    DeathCertificate.OTHER_PROOF: N_("other document proving the death"),
}


# --- A child whose birth was never reported (제51조) ---------------------------------------------


@dataclass(frozen=True)
class CompanionBirthReport:
    """Whether the birth report must be filed together with the death report."""

    required: bool
    under_one_year: bool
    message: str


def companion_birth_report(*, birth_date: date, death_date: date, birth_reported: bool) -> CompanionBirthReport:
    """가족관계등록법 제51조: when a child dies before its birth was reported, the birth report is filed
    together with the death report. The article sets no age limit; `under_one_year` marks the usual
    case (an infant), which the wizard handles as a birth + death bundle."""
    under_one = death_date < add_months(birth_date, 12)
    if birth_reported:
        return CompanionBirthReport(False, under_one, "")
    message = _("The birth of the deceased was never reported: file the birth report together with the death report (가족관계등록법 제51조).")
    return CompanionBirthReport(True, under_one, message)


# --- 안심상속 application deadline ----------------------------------------------------------------


class InquiryDeadlineRule(StrEnum):
    """Which period of the 기준 applies."""

    ONE_YEAR_FROM_MONTH_END = "one_year_from_month_end"
    SIX_MONTHS_FROM_MONTH_END = "six_months_from_month_end"
    ONE_YEAR_FROM_DECLARATION = "one_year_from_declaration"


@dataclass(frozen=True)
class InquiryDeadline:
    """When the combined asset inquiry can last be applied for.

    `ends_on` is the end of the period as the 기준 states it; `last_filing_day` is that day rolled to
    the next working day when it falls on a Saturday, Sunday or public holiday: the period is a
    benefit, not a restriction, so 행정기본법 제6조① applies 민법 제161조 (제6조②, which forbids the
    roll-over, covers only periods that restrict rights or impose duties).
    """

    ends_on: date
    last_filing_day: date
    rule: InquiryDeadlineRule

    def is_open(self, today: date) -> bool:
        """True while an application can still be filed on `today`."""
        return today <= self.last_filing_day


def _month_end(year: int, month: int) -> date:
    return date(year, month, _gregorian.monthrange(year, month)[1])


def _death_period(death_date: date) -> InquiryDeadline:
    """The period counted from the month of death (a declared-missing person: the deemed death).

    "N months from the last day of the month" excludes that day (민법 제157조) and so ends on the last
    day of the month N months later (민법 제160조): death 2026-01-15 -> 2027-01-31; death in
    February 2027 -> 2028-02-29. A period of 6 months still running on 2022-07-29 (deaths from
    January 2022) was extended to one year: a new, longer period applies to periods not yet expired
    (부진정소급), never revives an expired one.
    """
    month_index = death_date.year * 12 + death_date.month - 1
    old_year, old_month = divmod(month_index + 6, 12)
    old_end = _month_end(old_year, old_month + 1)
    old_last = next_working_day(old_end)
    if old_last < INQUIRY_ONE_YEAR_SINCE:
        return InquiryDeadline(old_end, old_last, InquiryDeadlineRule.SIX_MONTHS_FROM_MONTH_END)
    new_end = _month_end(death_date.year + 1, death_date.month)
    return InquiryDeadline(new_end, next_working_day(new_end), InquiryDeadlineRule.ONE_YEAR_FROM_MONTH_END)


def inquiry_deadline(death_date: date, *, declared_missing_on: date | None = None) -> InquiryDeadline:
    """Deadline of the 안심상속 application (사망자 등 재산조회 통합처리에 관한 기준).

    A death: one year from the last day of the month of death (6 months for periods that had expired
    before 2022-07-29). A person declared missing (`death_date` is then the deemed date of death,
    민법 제28조): one year from the declaration (2025-08-01 -> 2026-08-01) since 2025-06-23; a
    declaration made before that day kept the period counted from the deemed death, extended to one
    year from the declaration when that period was still running on 2025-06-23.
    """
    by_death = _death_period(death_date)
    if declared_missing_on is None:
        return by_death
    if declared_missing_on < death_date:
        message = _("The declaration of disappearance cannot be before the deemed date of death ({death}).")
        raise ValidationError(message.format(death=format_date(death_date)), field="declared_missing_on")
    end = add_months(declared_missing_on, 12)
    by_declaration = InquiryDeadline(end, next_working_day(end), InquiryDeadlineRule.ONE_YEAR_FROM_DECLARATION)
    if declared_missing_on >= INQUIRY_MISSING_FROM_DECLARATION_SINCE:
        return by_declaration
    if by_death.last_filing_day < INQUIRY_MISSING_FROM_DECLARATION_SINCE:
        return by_death
    return max(by_death, by_declaration, key=lambda deadline: deadline.last_filing_day)


def check_inquiry_open(deadline: InquiryDeadline, today: date, *, field: str = "inquiry_deadline") -> None:
    """ValidationError naming the day the application period ended, when `today` is past it."""
    if deadline.is_open(today):
        return
    message = _("The combined asset inquiry could be applied for until {date}; that period has ended. The heir can still ask each agency directly (for example 금융감독원 for financial assets).")
    raise ValidationError(message.format(date=format_date(deadline.last_filing_day)), field=field)


# --- Renouncing the inheritance or accepting it with limits (민법 제1019조①) -------------------------

RENUNCIATION_MONTHS = 3  # 민법 제1019조①


def renunciation_period_end(learned_on: date) -> date:
    """Last day for an heir who learned on `learned_on` that the succession opened to renounce it or
    accept it with limits (상속포기·한정승인): within 3 months (민법 제1019조①). The day learned is not
    counted (민법 제157조); the period ends the day before the corresponding day of its last month
    (제160조②③) and moves past a Saturday or public holiday (제161조). It runs from the day each heir
    learned, not from the death: computed from the death date it holds for an heir who knew that day."""
    return next_working_day(period_end(learned_on + timedelta(days=1), RENUNCIATION_MONTHS))
