"""Decide, for one household, every service of a catalogue: eligible or not, how much, and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from counter.catalogue.facts import FactValue, HouseholdFacts
from counter.catalogue.model import AmountCase, Catalogue, Service
from counter.catalogue.rules import evaluate, explain
from counter.i18n import _
from counter.rules.birth import retroactivity_warning, voucher_usable_until
from counter.rules.calendar import add_months

_MONEY = {
    "once": lambda amount: _("{amount} won").format(amount=amount),
    "month": lambda amount: _("{amount} won a month").format(amount=amount),
    "year": lambda amount: _("{amount} won a year").format(amount=amount),
}


@dataclass(frozen=True)
class ServiceDecision:
    """The outcome for one service; texts are in the language current when it was decided."""

    code: str
    name: str
    eligible: bool
    amount_won: int | None
    amount_period: str | None
    """`once`, `month` or `year` when `amount_won` is set."""
    amount_text: str
    reason: str
    agency_code: str
    agency_name: str
    deadline: date | None
    """Last day to apply, when the service has an application period."""
    warnings: tuple[str, ...] = ()
    usable_until: date | None = None
    """For a voucher: the last day it may be used."""

    @property
    def agency(self) -> str:
        """The agency's name in the current language (alias of `agency_name`)."""
        return self.agency_name


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
    parts = []
    if case.won is not None:
        parts.append(_MONEY[case.period](f"{case.won:,}"))
    if case.text is not None:
        parts.append(case.text.text)
    return " · ".join(parts)


def _first_case(service: Service, values: dict[str, FactValue]) -> AmountCase | None:
    return next((case for case in service.amounts if evaluate(case.rule, values)), None)


def evaluate_service(service: Service, facts: HouseholdFacts, today: date) -> ServiceDecision:
    """The decision for one service (see `evaluate_services`)."""
    values = facts.values(today)
    birth = facts.child_birth_date
    deadline = application_deadline(service, birth)
    usable_until = voucher_usable_until(birth, service.usable_months) if service.usable_months else None
    refused = ServiceDecision(
        code=service.code,
        name=service.name,
        eligible=False,
        amount_won=None,
        amount_period=None,
        amount_text="",
        reason="",
        agency_code=service.agency_code,
        agency_name=service.agency_name,
        deadline=deadline,
        usable_until=usable_until,
    )
    rule = service.eligibility.rule
    if not evaluate(rule, values):
        why = "; ".join(explain(rule, values, False)) or _("the catalogue rule excludes this household")
        reason = _("Not eligible: {why}").format(why=why)
        if service.eligibility.otherwise is not None:
            reason = _("{reason}. {note}").format(reason=reason, note=service.eligibility.otherwise.text)
        return replace(refused, reason=reason)
    if deadline is not None and today > deadline:
        reason = _("Not eligible: the application period ended on {date}.").format(date=deadline.isoformat())
        return replace(refused, reason=reason)

    warnings: list[str] = []
    case = _first_case(service, values)
    if case is None and service.amounts:
        warnings.append(_("No amount in the catalogue fits this household: check the amount table."))
    text = amount_text(case) if case is not None else ""
    if case is not None and case.label is not None:
        label = case.label.text
    elif service.eligibility.reason is not None:
        label = service.eligibility.reason.text
    else:
        label = "; ".join(explain(rule, values, True)) or _("Eligible")
    reason = _("{label}: {amount}").format(label=label, amount=text) if text else label
    if service.retroactive_days is not None:
        warning = retroactivity_warning(birth, today, service.retroactive_days)
        if warning is not None:
            warnings.append(warning)
    if usable_until is not None and today > usable_until:
        warnings.append(
            _("The voucher's period of use ended on {date}.").format(date=usable_until.isoformat())
        )
    return replace(
        refused,
        eligible=True,
        amount_won=case.won if case is not None else None,
        amount_period=case.period if case is not None and case.won is not None else None,
        amount_text=text,
        reason=reason,
        warnings=tuple(warnings),
    )


def evaluate_services(catalogue: Catalogue, facts: HouseholdFacts, today: date) -> list[ServiceDecision]:
    """One decision per catalogue service, in catalogue order: eligibility with the facts that decided
    it, the first matching amount case, the application deadline, and warnings (late for retroactive
    payment, voucher period over, no amount case matched)."""
    return [evaluate_service(service, facts, today) for service in catalogue.services]
