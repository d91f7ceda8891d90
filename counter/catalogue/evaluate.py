"""Decide, for one household, every service of a catalogue: eligible or not, how much, and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from counter.catalogue.facts import FactValue, HouseholdFacts
from counter.catalogue.model import AmountCase, Catalogue, Service
from counter.catalogue.rules import evaluate, explain_facts
from counter.catalogue.wording import SERVICE_REASONS, SERVICE_WARNINGS, amount_words
from counter.rules.birth import retroactive_until, voucher_usable_until
from counter.rules.calendar import add_months
from models import StoredText


@dataclass(frozen=True)
class ServiceDecision:
    """The outcome for one service. Names are in the language current when it was decided; `why` and
    `warning_texts` are codes (`counter.catalogue.wording`), said in the current language by `reason`
    and `warnings`."""

    code: str
    name: str
    eligible: bool
    amount_won: int | None
    amount_period: str | None
    """`once`, `month` or `year` when `amount_won` is set."""
    amount_text: str
    why: StoredText
    agency_code: str
    agency_name: str
    deadline: date | None
    """Last day to apply, when the service has an application period."""
    warning_texts: tuple[StoredText, ...] = ()
    usable_until: date | None = None
    """For a voucher: the last day it may be used."""

    @property
    def agency(self) -> str:
        """The agency's name in the current language (alias of `agency_name`)."""
        return self.agency_name

    @property
    def reason(self) -> str:
        """Why the service is granted or refused, in the current language."""
        return SERVICE_REASONS.render(self.why)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings, in the current language."""
        return tuple(SERVICE_WARNINGS.render(warning) for warning in self.warning_texts)


def application_deadline(service: Service, birth_date: date) -> date | None:
    """Last day to apply: `apply_within_days` counts the day of birth (출생일 포함); `apply_within_months`
    is a calendar-month period (민법 제157조·제160조). Benefit applications can be made online every day,
    so no working-day roll-over."""
    if service.apply_within_days is not None:
        return birth_date + timedelta(days=service.apply_within_days - 1)
    if service.apply_within_months is not None:
        return add_months(birth_date, service.apply_within_months)
    return None


def amount_text(case: AmountCase) -> str:
    """The amount in words: "1,000,000 won", "100,000 won a month", or the case's text."""
    words = {"ko": case.text.ko, "en": case.text.en} if case.text is not None else None
    return amount_words(case.won, case.period if case.won is not None else None, words)


def _first_case(service: Service, values: dict[str, FactValue]) -> AmountCase | None:
    return next((case for case in service.amounts if evaluate(case.rule, values)), None)


def evaluate_service(service: Service, facts: HouseholdFacts, today: date) -> ServiceDecision:
    """The decision for one service (see `evaluate_services`)."""
    values = facts.values(today)
    birth = facts.child_birth_date
    deadline = application_deadline(service, birth)
    usable_until = voucher_usable_until(birth, service.usable_months) if service.usable_months else None
    rule = service.eligibility.rule

    def refused(why: StoredText) -> ServiceDecision:
        return ServiceDecision(
            code=service.code, name=service.name, eligible=False, amount_won=None, amount_period=None,
            amount_text="", why=why, agency_code=service.agency_code, agency_name=service.agency_name,
            deadline=deadline, usable_until=usable_until,
        )

    if not evaluate(rule, values):
        return refused(SERVICE_REASONS.make("ineligible", facts=explain_facts(rule, values, False),
                                            otherwise=service.eligibility.otherwise))
    if deadline is not None and today > deadline:
        return refused(SERVICE_REASONS.make("period_ended", date=deadline))

    warnings: list[StoredText] = []
    case = _first_case(service, values)
    if case is None and service.amounts:
        warnings.append(SERVICE_WARNINGS.make("no_amount_case"))
    label = case.label if case is not None and case.label is not None else service.eligibility.reason
    won = case.won if case is not None else None
    period = case.period if case is not None and won is not None else None
    why = SERVICE_REASONS.make("eligible", label=label, facts=[] if label else explain_facts(rule, values, True),
                               won=won, period=period, words=case.text if case is not None else None)
    if service.retroactive_days is not None:
        last_day = retroactive_until(birth, service.retroactive_days)
        if today > last_day:
            warnings.append(SERVICE_WARNINGS.make("retroactivity", last_day=last_day, days=service.retroactive_days))
    if usable_until is not None and today > usable_until:
        warnings.append(SERVICE_WARNINGS.make("voucher_expired", date=usable_until))
    return replace(
        refused(why),
        eligible=True,
        amount_won=won,
        amount_period=period,
        amount_text=amount_text(case) if case is not None else "",
        warning_texts=tuple(warnings),
    )


def evaluate_services(catalogue: Catalogue, facts: HouseholdFacts, today: date) -> list[ServiceDecision]:
    """One decision per catalogue service, in catalogue order: eligibility with the facts that decided
    it, the first matching amount case, the application deadline, and warnings (late for retroactive
    payment, voucher period over, no amount case matched)."""
    return [evaluate_service(service, facts, today) for service in catalogue.services]
