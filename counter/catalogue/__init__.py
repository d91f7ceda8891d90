"""The service catalogue as data: linked birth-bundle services and death-bundle inquiry items.

catalogue = load_catalogue(settings.catalogue_set, settings.catalogue_override_path)  # read once, kept
decisions = evaluate_services(catalogue, HouseholdFacts(...), today)
"""

from counter.catalogue.cache import forget_catalogues, load_catalogue
from counter.catalogue.evaluate import (
    ServiceDecision,
    application_deadline,
    evaluate_service,
    evaluate_services,
)
from counter.catalogue.facts import FACTS, HouseholdFacts
from counter.catalogue.loader import SHIPPED_SETS, shipped_path
from counter.catalogue.model import (
    CHANNELS,
    AmountCase,
    Bilingual,
    Catalogue,
    CatalogueError,
    Eligibility,
    InquiryItem,
    Service,
)
from counter.catalogue.rules import RuleSyntaxError, compile_rule

__all__ = [
    "CHANNELS",
    "FACTS",
    "SHIPPED_SETS",
    "AmountCase",
    "Bilingual",
    "Catalogue",
    "CatalogueError",
    "Eligibility",
    "HouseholdFacts",
    "InquiryItem",
    "RuleSyntaxError",
    "Service",
    "ServiceDecision",
    "application_deadline",
    "compile_rule",
    "evaluate_service",
    "evaluate_services",
    "forget_catalogues",
    "load_catalogue",
    "shipped_path",
]
