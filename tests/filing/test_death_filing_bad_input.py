"""Bad input to a death filing: refused with the field named, nothing stored; the examples file cleanly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from death_filing_helpers import (
    DECEASED_RRN,
    MISSING,
    NATIONAL,
    NOTHING,
    SON,
    SON_RRN,
    SPOUSE_RRN,
    TODAY,
    death_declaration,
    rows_by_table,
)

from counter.base.session import SignedInClerk
from counter.filing.death import file_death
from counter.filing.death_review import review_death
from counter.filing.declarations import DeclarationError
from counter.office.runtime import Runtime

# --- bad input: refused with the field named, nothing stored ------------------------------------------

ESCAPE = "\x1b[2J\x1b[31m"
BAD_INPUT = [
    ("death before birth", {"death__death_date": "1939-05-01"}, "death.death_date"),
    ("death in the future", {"death__death_date": "2026-11-22"}, "death.death_date"),
    ("learning of the death before it happened", {"death__learned_on": "2026-11-09"}, "death.learned_on"),
    ("applicant who is the deceased", {"inquiry__applicant": {"name": "박영수", "rrn": DECEASED_RRN}},
     "inquiry.applicant.rrn"),
    ("proxy without the principal", {"inquiry__representation": "proxy",
                                     "inquiry__documents": ["power_of_attorney"]}, "inquiry.principal"),
    ("guardian without the ward", {"inquiry__representation": "adult_guardian"}, "inquiry.principal"),
    ("inquiry past its deadline", {"death__death_date": "2025-09-15"}, "inquiry"),
    ("reporter who may not report", {"reporter__qualification": "other"}, "reporter.qualification"),
    ("other proof without the reason", {"death__certificate": "public_office"}, "death.certificate_reason"),
    ("no certificate kind", {"death__certificate": "letter"}, "death.certificate"),
    ("the three kinds stored before the form's list", {"death__certificate": "other_proof"}, "death.certificate"),
    ("infant whose birth was never reported",
     {"deceased__rrn": None, "deceased__birth_date": "2026-10-01", "deceased__birth_reported": False},
     "deceased.birth_reported"),
    ("neither number nor birth date", {"deceased__rrn": None}, "deceased.birth_date"),
    ("number contradicting the birth date", {"deceased__birth_date": "1940-08-18"}, "deceased.rrn"),
    ("heir label that names nobody", {"inquiry__heir": "daughter"}, "inquiry.heir"),
    ("grandchild entered through nobody", {"inquiry__family__relatives": [
        SON, {"id": "g", "relation": "grandchild"}]}, "inquiry.family.relatives[1].through"),
    ("two spouses", {"inquiry__family__relatives": [SON, {"relation": "spouse"}, {"relation": "spouse"}]},
     "inquiry.family.relatives[2].relation"),
    ("channel the item does not offer", {"inquiry__items": [{"code": "vehicle", "channel": "sms"}]},
     "inquiry.items[0].channel"),
    ("unknown item", {"inquiry__items": [{"code": "lottery"}]}, "inquiry.items[0].code"),
    ("no item at all", {"inquiry__items": []}, "inquiry.items"),
    ("results by text without a number", {"notification": {"sms": False}}, "notification.phone"),
    ("results by post without an address", {"inquiry__items": [{"code": "land", "channel": "post"}],
                                            "notification__post_address": ""}, "notification.post_address"),
    ("not a mobile number", {"notification__phone": "02-123-4567"}, "notification.phone"),
    ("a retired 2G number", {"notification__phone": "016-234-5678"}, "notification.phone"),
    ("date written as a number", {"death__death_date": 20261110}, "death.death_date"),
    ("unknown field", {"deceased__nickname": "영수"}, "deceased.nickname"),
    ("report sections with a later inquiry", {"death_report_receipt_no": "3650052-T1-261121-0001-X"}, "deceased"),
    ("no reporter", {"reporter": MISSING}, "reporter"),
    *[(f"escape sequence in {path}", {path.replace(".", "__"): f"값{ESCAPE}"}, path) for path in (
        "deceased.name", "deceased.address", "death.place.address", "reporter.name", "reporter.relation",
        "notification.post_address")],
    ("bidi override in the applicant's name", {"inquiry__applicant": {"name": "김\u202e영희", "rrn": SPOUSE_RRN}},
     "inquiry.applicant.name"),
    ("control character in a relative's name", {"inquiry__family__relatives": [{**SON, "name": "박\x07지훈"}]},
     "inquiry.family.relatives[0].name"),
    ("escape in the certificate reason", {"death__certificate": "burial_permit",
                                          "death__certificate_reason": f"해외 사망{ESCAPE}"}, "death.certificate_reason"),
    ("escape in the principal's name", {"inquiry__representation": "proxy", "inquiry__documents": ["power_of_attorney"],
                                        "inquiry__principal": {"name": f"박{ESCAPE}", "rrn": SON_RRN}},
     "inquiry.principal.name"),
]


@pytest.mark.parametrize(("case", "changes", "field"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field(case: str, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(DeclarationError) as refused:
        review_death(death_declaration(**changes), NATIONAL, TODAY)
    assert field in [problem.field for problem in refused.value.problems], refused.value.as_json()
    assert all(problem.message for problem in refused.value.problems)


def test_no_bad_input_leaves_a_row_behind(runtime: Runtime, clerk: SignedInClerk) -> None:
    for case, changes, _field in BAD_INPUT:
        with pytest.raises(DeclarationError):
            file_death(runtime, clerk, death_declaration(**changes), today=TODAY)
        assert rows_by_table(runtime) == NOTHING, case


def test_the_inquiry_deadline_refusal_names_the_day_it_ended() -> None:
    with pytest.raises(DeclarationError) as refused:
        review_death(death_declaration(death__death_date="2025-09-15"), NATIONAL, TODAY)
    # One year from 2025-09-30 ends 2026-09-30 (a Wednesday).
    assert "2026. 9. 30." in next(p.message for p in refused.value.problems if p.field == "inquiry")


def test_every_problem_is_reported_at_once() -> None:
    data = death_declaration(death__death_date="2027-01-01", reporter__qualification="other",
                             notification__phone="123", deceased__name="")
    with pytest.raises(DeclarationError) as refused:
        review_death(data, NATIONAL, TODAY)
    fields = {problem.field for problem in refused.value.problems}
    assert {"death.death_date", "reporter.qualification", "notification.phone", "deceased.name"} <= fields


def test_examples_in_the_repository_file_cleanly(runtime: Runtime, clerk: SignedInClerk) -> None:
    folder = Path(__file__).resolve().parents[2] / "examples"

    def example(name: str) -> dict[str, Any]:
        return json.loads((folder / f"death-{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    assert sorted(p.name for p in folder.glob("death-*.json")) == [
        "death-inquiry-later.json", "death-report-acquaintances.json", "death-report-alone.json",
        "death-report-with-inquiry.json"]
    both = file_death(runtime, clerk, example("report-with-inquiry"), today=TODAY)
    assert [r.delivery_channel for r in both.requests] == ["web", "web", "sms", "post", "post", "sms"]
    alone = file_death(runtime, clerk, example("report-alone"), today=TODAY)
    assert alone.requests == () and alone.fine_won == 0 and alone.warnings == ()
    later = example("inquiry-later") | {"death_report_receipt_no": alone.receipt_no}
    inquiry = file_death(runtime, clerk, later, today=TODAY)
    assert inquiry.extra["inquiry"]["basis"] == "representation" and len(inquiry.requests) == 20
    assert both.warnings == () and inquiry.warnings == ()
    vouched = file_death(runtime, clerk, example("report-acquaintances"), today=TODAY)
    assert vouched.requests == () and vouched.fine_won == 0 and vouched.warnings == ()


def test_a_mobile_number_written_otherwise_is_kept_in_its_one_written_form() -> None:
    review = review_death(death_declaration(notification__phone="０１０ ２３４５ ６７８９"), NATIONAL, TODAY)
    assert review.sms_phone == "010-2345-6789"
