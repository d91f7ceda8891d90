"""Decisions for a household, shared by the catalogue tests."""

from __future__ import annotations

from datetime import date

from counter.catalogue import (
    Catalogue,
    HouseholdFacts,
    ServiceDecision,
    evaluate_services,
)

BORN = date(2025, 3, 3)
TODAY = date(2025, 3, 20)


def decide(catalogue: Catalogue, today: date = TODAY, **facts: object) -> dict[str, ServiceDecision]:
    """Each service's decision for a child born on BORN with `facts` (first child by default)."""
    household = HouseholdFacts(**{"child_birth_date": BORN, "birth_order": 1, "child_count": 1, **facts})  # type: ignore[arg-type]
    return {decision.code: decision for decision in evaluate_services(catalogue, household, today)}
