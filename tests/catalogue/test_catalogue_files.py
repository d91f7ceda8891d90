"""Catalogue files: syntax and rule errors named by file and line, the office override, bad facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from catalogue_helpers import decide

from counter.base.errors import CounterError, ValidationError
from counter.catalogue import (
    CatalogueError,
    HouseholdFacts,
    load_catalogue,
    shipped_path,
)

BORN = date(2025, 3, 3)
TODAY = date(2025, 3, 20)

# --- errors and the override file --------------------------------------------------------------

MINIMAL_SERVICE = """
[[service]]
code = "{code}"
name_ko = "시험 서비스"
name_en = "Test service"
agency_code = "TEST"
agency_name_ko = "시험 기관"
agency_name_en = "Test agency"
result_delivery_ko = "문자"
result_delivery_en = "SMS"

[service.eligibility]
when = "{rule}"

[[service.amount]]
when = "true"
won = 10000
"""


def test_catalogue_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "x"\nname_ko = "이름\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("seed-district", override)
    error = caught.value
    assert isinstance(error, CounterError)
    assert (error.path, error.line) == (override, 3)
    assert str(override) in error.message and "3번째 줄" in error.message
    assert "TOML" in error.problem


def test_catalogue_rule_error_names_the_file_line_service_and_problem(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(MINIMAL_SERVICE.format(code="bad-rule", rule="birth_ordr >= 2"), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("national", override)
    error = caught.value
    assert error.path == override
    assert error.key == "service[bad-rule].eligibility.when"
    assert error.line == 13
    assert "birth_ordr" in error.problem
    assert str(override) in error.message and "service[bad-rule]" in error.message


def test_rule_type_error_in_an_amount_case_names_the_case(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    text = (
        MINIMAL_SERVICE.format(code="typed", rule="true")
        + '\n[[service.amount]]\nwhen = "uses_daycare > 1"\nwon = 5\n'
    )
    override.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("national", override)
    assert caught.value.key == "service[typed].amount[1].when"
    assert caught.value.line == 20


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[[service]]\ncode = "p"\nname_ko = "가"\n', "service[p].name_en"),
        (
            '[[service]]\ncode = "multi-child-electricity"\nreward = 1\n',
            "service[multi-child-electricity].reward",
        ),
        ('[[inquiry_item]]\ncode = "land"\ndefault_channel = "fax"\n', "inquiry_item[land].default_channel"),
        ('[[inquiry_item]]\ncode = "land"\nsince = "2015-06-30"\n', "inquiry_item[land].since"),
        (
            '[[service]]\ncode = "breastfeeding-clinic"\nname_ko = "\\u001b[31m클리닉"\n',
            "service[breastfeeding-clinic].name_ko",
        ),
    ],
)
def test_field_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("seed-district", override)
    assert caught.value.path == override
    assert caught.value.key == key
    assert caught.value.line is not None


def test_unknown_set_is_a_catalogue_error() -> None:
    with pytest.raises(CatalogueError):
        load_catalogue("atlantis", None)


def test_override_replaces_fields_adds_services_and_disables_others(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(
        MINIMAL_SERVICE.format(code="district-baby-gift", rule="birth_order >= 1")
        + """
[[service]]
code = "birth-support-grant"
name_ko = "출산축하금"

[[service.amount]]
when = "birth_order >= 2"
won = 2000000
label_ko = "둘째 이상"
label_en = "2nd or later"

[[service]]
code = "breastfeeding-clinic"
disabled = true

[[service]]
code = "not-in-this-set"
disabled = true

[[inquiry_item]]
code = "land"
processing_days = 3
""",
        encoding="utf-8",
    )
    catalogue = load_catalogue("seed-district", override)
    codes = [s.code for s in catalogue.services]
    assert "breastfeeding-clinic" not in codes
    assert codes[-1] == "district-baby-gift"
    grant = catalogue.service("birth-support-grant")
    assert grant.name == "출산축하금"
    assert grant.names.en == "Childbirth support grant"
    assert catalogue.inquiry_item("land").processing_days == 3
    assert catalogue.sources == (shipped_path("seed-district"), override)
    assert [(w.code, w.params) for w in catalogue.warnings] == [("disables_unknown", {"code": "not-in-this-set"})]
    decision = decide(catalogue, birth_order=3, child_count=3, parent_resident_years=1)
    assert decision["birth-support-grant"].amount_won == 2_000_000
    assert decision["district-baby-gift"].amount_won == 10_000


def test_missing_override_file_is_ignored(tmp_path: Path) -> None:
    catalogue = load_catalogue("national", tmp_path / "absent.toml")
    assert catalogue.sources == (shipped_path("national"),)


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"birth_order": 0}, "household.birth_order"),
        ({"child_count": 0}, "household.child_count"),
        ({"parent_resident_years": -1}, "household.parent_resident_years"),
    ],
)
def test_impossible_household_facts_are_rejected(facts: dict[str, int], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        HouseholdFacts(**{"child_birth_date": BORN, "birth_order": 1, "child_count": 1, **facts})  # type: ignore[arg-type]
    assert caught.value.field == field
