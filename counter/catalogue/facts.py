"""The fixed set of household facts that catalogue rules may use, and how each is named to the clerk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.rules.birth import age_in_months, age_in_years

FactValue = int | bool


@dataclass(frozen=True)
class FactSpec:
    """One fact: its type, its label (msgid) and, for numbers, the unit it is shown in."""

    kind: type
    label: str
    unit: str | None = None
    """`months`, `years`, `children` or None (a plain number)."""
    when_true: str = ""
    when_false: str = ""


FACTS: dict[str, FactSpec] = {
    "birth_order": FactSpec(int, N_("Birth order")),
    "child_count": FactSpec(int, N_("Children in the household"), unit="children"),
    "child_age_months": FactSpec(int, N_("Child's age"), unit="months"),
    "youngest_age_years": FactSpec(int, N_("Youngest child's age"), unit="years"),
    "parent_resident_years": FactSpec(int, N_("Parent's residence in the district"), unit="years"),
    "uses_daycare": FactSpec(
        bool,
        N_("Uses daycare"),
        when_true=N_("the child attends a daycare centre or kindergarten"),
        when_false=N_("the child does not attend a daycare centre or kindergarten"),
    ),
    "basic_livelihood": FactSpec(
        bool,
        N_("Basic livelihood recipient"),
        when_true=N_("the household receives basic livelihood benefits"),
        when_false=N_("the household does not receive basic livelihood benefits"),
    ),
    "child_korean": FactSpec(
        bool,
        N_("Korean national"),
        when_true=N_("the child is a Korean national"),
        when_false=N_("the child is not a Korean national"),
    ),
}

_UNITS = {
    "months": N_("{n} months"),
    "years": N_("{n} years"),
    "children": N_("{n} children"),
}


def format_fact_number(name: str, number: int) -> str:
    """`number` in the unit of fact `name`, translated ("24 months" / "24개월")."""
    unit = FACTS[name].unit if name in FACTS else None
    if unit is None:
        return f"{number:,}"
    return _(_UNITS[unit]).format(n=f"{number:,}")


@dataclass(frozen=True)
class HouseholdFacts:
    """What the clerk recorded about the child and household; the rule facts derive from it."""

    child_birth_date: date
    birth_order: int
    child_count: int
    parent_resident_years: int = 0
    """Longest continuous residence of either parent in the district, in whole years, at the birth."""
    uses_daycare: bool = False
    basic_livelihood: bool = False
    child_korean: bool = True
    youngest_birth_date: date | None = None
    """Birth date of the household's youngest child if younger than this one (a late report)."""

    def __post_init__(self) -> None:
        if self.birth_order < 1:
            raise ValidationError(_("Birth order starts at 1."), field="household.birth_order")
        if self.child_count < 1:
            raise ValidationError(
                _("The household has at least the child being reported."), field="household.child_count"
            )
        if self.parent_resident_years < 0:
            raise ValidationError(
                _("Years of residence cannot be negative."), field="household.parent_resident_years"
            )

    def values(self, today: date) -> dict[str, FactValue]:
        """Every fact in `FACTS`, computed for `today`."""
        youngest = max(self.child_birth_date, self.youngest_birth_date or self.child_birth_date)
        return {
            "birth_order": self.birth_order,
            "child_count": self.child_count,
            "child_age_months": age_in_months(self.child_birth_date, today),
            "youngest_age_years": max(0, age_in_years(youngest, today)),
            "parent_resident_years": self.parent_resident_years,
            "uses_daycare": self.uses_daycare,
            "basic_livelihood": self.basic_livelihood,
            "child_korean": self.child_korean,
        }
