"""Which services and which inquiry the catalogue reminds the citizen of (`remind_citizen`): the shipped
values, the office override, and the keys' errors named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.catalogue import CatalogueError, load_catalogue


def test_the_national_set_reminds_families_of_the_three_allowances_paid_from_the_birth_month() -> None:
    catalogue = load_catalogue("national", None)
    reminded = [service.code for service in catalogue.services if service.remind_citizen]
    assert reminded == ["parent-benefit", "child-allowance", "home-childcare-allowance"]
    assert all(service.retroactive_days == 60 for service in catalogue.services if service.remind_citizen)
    assert catalogue.remind_inquiry is True


def test_the_seed_district_reminds_of_its_one_allowance_and_of_the_inquiry() -> None:
    catalogue = load_catalogue("seed-district", None)
    assert [service.code for service in catalogue.services if service.remind_citizen] == ["home-childcare-allowance"]
    assert catalogue.remind_inquiry is True


def test_an_office_turns_a_reminder_and_the_inquiry_reminder_off(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "child-allowance"\nremind_citizen = false\n\n'
                        "[inquiry]\nremind_citizen = false\n", encoding="utf-8")
    catalogue = load_catalogue("national", override)
    assert [service.code for service in catalogue.services if service.remind_citizen] == [
        "parent-benefit", "home-childcare-allowance"]
    assert catalogue.remind_inquiry is False


def test_a_reminder_on_a_service_without_a_retroactive_mark_is_refused_with_its_line(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[[service]]\ncode = "first-meeting-voucher"\nremind_citizen = true\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("national", override)
    assert (caught.value.path, caught.value.line) == (override, 3)
    assert caught.value.key == "service[first-meeting-voucher].remind_citizen"
    assert "retroactive_days" in caught.value.problem


@pytest.mark.parametrize(("text", "problem"), [
    ('[inquiry]\nremind_citizen = "yes"\n', "true 또는 false"),
    ("[inquiry]\n# the one key\nremind_citizens = true\n", "remind_citizens"),
])
def test_a_bad_inquiry_table_is_refused_with_its_line(tmp_path: Path, text: str, problem: str) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("seed-district", override)
    assert caught.value.line == len(text.splitlines())
    assert problem in caught.value.problem and (caught.value.key or "").startswith("inquiry.")
