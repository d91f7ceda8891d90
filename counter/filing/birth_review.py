"""Check a birth declaration against the rules and work out everything the filing will record.

`review_birth` is pure (catalogue and `today` passed in): it reports every problem at once, each
named by its field, or returns a `BirthReview` with the cleaned names, parsed registration numbers,
the form's fields (time and place of birth, 본 and 등록기준지, what proves the birth: `birth_form`),
report deadline and fine, reporter qualification, birth order, and a decision for every catalogue
service. The wizard calls it as the clerk types; the filing service calls it again before writing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from counter.base.i18n import _
from counter.catalogue import (
    Catalogue,
    HouseholdFacts,
    ServiceDecision,
    evaluate_services,
)
from counter.filing.birth_declaration import (
    BirthDeclaration,
    ChildDeclaration,
    DeclinedService,
    HouseholdDeclaration,
    ParentDeclaration,
    ReporterDeclaration,
    SiblingDeclaration,
)
from counter.filing.birth_form import (
    BirthMoment,
    ParentForm,
    check_address,
    check_attachments,
    check_child_form,
    check_moment,
    check_name,
    check_parent,
    check_place,
    child_place_apart,
    child_registration_base,
)
from counter.filing.core import PersonEntry, Warning
from counter.filing.declarations import (
    ContactDeclaration,
    DeclarationError,
    ProblemList,
    parse_partial,
    parse_section,
    problems_from_pydantic,
)
from counter.rules.areas import Area
from counter.rules.birth import (
    BirthOrder,
    ReporterDecision,
    Sibling,
    birth_order,
    birth_report_deadline,
    reporter_qualification,
    sibling_problems,
    unusual_parent_age,
)
from counter.rules.birth_attachments import BirthProofDecision
from counter.rules.event_time import EventTime
from counter.rules.fines import Fine, late_report_fine
from counter.rules.form_places import EventPlace
from counter.rules.rrn import check_rrn_against_birth_date, parse_rrn
from counter.rules.sms import check_mobile_number
from counter.rules.text import clean_reason, clean_text

PLACE_MAX_LENGTH = 100  # the death review's free-text place of death (death_review imports it)
PERSON_NAME_MAX_LENGTH = 50
REASON_MAX_LENGTH = 200
DUPLICATE_REASON_MAX_LENGTH = 500
PARENT_ROLES = ("mother", "father")


@dataclass(frozen=True)
class BirthReview:
    """A declaration that passed every check, with everything the filing records and shows."""

    declaration: BirthDeclaration
    today: date
    birth_date: date
    """The date of birth the form records (the day after the declared one for a birth at 자정)."""
    birth_time: EventTime
    place: EventPlace
    registration_base: Area
    """The child's 등록기준지."""
    registration_base_from: str
    """`father`, `mother` or `other`."""
    proof: BirthProofDecision
    """What proves the birth, and what the clerk does (accepted: a refusal is a problem)."""
    reporter_address: str
    child: PersonEntry
    mother: PersonEntry
    father: PersonEntry | None
    reporter_role: str
    """`mother` or `father` when a parent reports, otherwise `reporter`."""
    reporter_person: PersonEntry | None
    """The reporter when not a parent."""
    reporter: ReporterDecision
    deadline: date
    fine: Fine
    order: BirthOrder
    facts: HouseholdFacts
    decisions: tuple[ServiceDecision, ...]
    declined: dict[str, str]
    """Eligible services the family does not want: code -> reason."""
    warnings: tuple[Warning, ...]
    sms_phone: str | None
    duplicate_reason: str

    @property
    def chosen(self) -> tuple[ServiceDecision, ...]:
        """The services to apply for: eligible and not declined, in catalogue order."""
        return tuple(d for d in self.decisions if d.eligible and d.code not in self.declined)

    @property
    def days_late(self) -> int:
        """Days past the report deadline (0 when in time)."""
        return self.fine.days_late


def _section(raw: Mapping[str, Any], name: str) -> Any:
    return raw.get(name) if isinstance(raw, Mapping) else None


def _check_child(child: ChildDeclaration, failed: frozenset[str], moment: BirthMoment | None,
                 problems: ProblemList) -> PersonEntry:
    """Each of the child's fields that parsed is checked, whatever else failed."""
    name = check_name(child.surname, child.given_name, "child", problems,
                      foreign_style=bool(child.foreign_style_name),
                      new_surname_confirmed=bool(child.new_surname_confirmed))
    details: dict[str, Any] = {"surname": (child.surname or "").strip(), "given_name": (child.given_name or "").strip(),
                               "position_in_multiple_birth": child.position_in_multiple_birth,
                               **check_child_form(child, failed, problems)}
    rrn = None
    if child.rrn and "rrn" not in failed:
        rrn = problems.attempt(lambda: parse_rrn(child.rrn or "", field="child.rrn"))
        if rrn is not None and moment is not None and "sex" not in failed:
            parsed = rrn
            problems.attempt(lambda: check_rrn_against_birth_date(parsed, moment.date, sex=child.sex, field="child.rrn"))
    return PersonEntry("child", name or "", rrn, moment.date if moment else child.birth_date, child.sex, details)


def _parent(role: str, raw: Mapping[str, Any], child_birth: date | None, problems: ProblemList
            ) -> tuple[PersonEntry | None, ParentForm | None]:
    section, failed = parse_partial(ParentDeclaration, _section(raw, role), role, problems)
    if section is None:
        return None, None
    name, form = check_parent(role, section, failed, child_birth, problems)
    sex = form.rrn.sex if form.rrn else None
    return PersonEntry(role, name or "", form.rrn, form.birth_date, sex, dict(form.details)), form


def _check_reporter(raw: Mapping[str, Any], declaration_child: ChildDeclaration | None, has_father: bool,
                    problems: ProblemList) -> tuple[ReporterDecision | None, str, PersonEntry | None, str | None]:
    """Who reports, on what standing (제46조), and the reporter's address."""
    reporter, failed = parse_partial(ReporterDeclaration, _section(raw, "reporter"), "reporter", problems)
    if reporter is None:
        return None, "reporter", None, None
    address = None if "address" in failed else check_address(reporter.address, "reporter.address", problems)
    if "relation" in failed:  # what else is needed depends on who reports
        return None, "reporter", None, address
    relation = reporter.relation
    in_marriage = declaration_child.in_marriage if declaration_child is not None else True
    decision = problems.attempt(lambda: reporter_qualification(relation, in_marriage, reporter.reason or ""))
    if decision is not None and not decision.allowed:
        problems.add("reporter.reason" if decision.needs_reason else "reporter.relation", decision.message)
    if relation in PARENT_ROLES:
        if relation == "father" and not has_father:
            problems.add("reporter.relation", _("Enter the father's details on the parents step before choosing him "
                                                "as the reporter."))
        return decision, relation, None, address
    name = problems.attempt(lambda: clean_text(reporter.name or "", field="reporter.name",
                                               max_length=PERSON_NAME_MAX_LENGTH, required=True))
    rrn = None
    if reporter.rrn and "rrn" not in failed:
        rrn = problems.attempt(lambda: parse_rrn(reporter.rrn or "", field="reporter.rrn"))
    person = PersonEntry("reporter", name or "", rrn, rrn.birth_date if rrn else None, rrn.sex if rrn else None,
                         {"relation": relation, "address": address})
    return decision, "reporter", person, address


def _siblings(raw: Any, problems: ProblemList) -> tuple[HouseholdDeclaration | None, list[Sibling] | None]:
    """The household and its siblings; each sibling row is checked on its own (None: a row failed)."""
    rows = raw.get("siblings", []) if isinstance(raw, Mapping) else None
    by_row = isinstance(rows, list) and len(rows) <= HouseholdDeclaration.model_fields["siblings"].metadata[0].max_length
    if by_row:
        raw = {**raw, "siblings": []}
    household, _failed = parse_partial(HouseholdDeclaration, raw, "household", problems)
    if household is None or not by_row:
        return household, None
    siblings: list[Sibling] | None = []
    for index, row in enumerate(rows or []):
        where = f"household.siblings[{index}]"
        sibling, failed = parse_partial(SiblingDeclaration, row, where, problems)
        if sibling is None:
            siblings = None
            continue
        name = problems.attempt(partial(clean_text, sibling.name or "", field=f"{where}.name",
                                        max_length=PERSON_NAME_MAX_LENGTH)) or ""
        if failed & {"birth_date", "same_mother", "older"}:
            siblings = None
        elif siblings is not None:
            siblings.append(Sibling(sibling.birth_date, name, sibling.same_mother, sibling.older))
    return household, siblings


def _check_declined(value: Any, catalogue: Catalogue, problems: ProblemList) -> dict[str, str]:
    if not isinstance(value, list):
        problems.add("declined_services", _("Enter a list ([...]) here."))
        return {}
    codes = {service.code for service in catalogue.services}
    result: dict[str, str] = {}
    for index, entry in enumerate(value):
        where = f"declined_services[{index}]"
        item = parse_section(DeclinedService, entry, where, problems)
        if item is None:
            continue
        if item.code not in codes:
            problems.add(f"{where}.code", _("The catalogue has no service '{code}'.").format(code=item.code))
        elif item.code in result:
            problems.add(f"{where}.code", _("This service is declined twice."))
        reason = problems.attempt(partial(clean_reason, item.reason, field=f"{where}.reason",
                                          max_length=REASON_MAX_LENGTH, required=True))
        if reason:
            result[item.code] = reason
    return result


def _check_phone(raw: Mapping[str, Any], problems: ProblemList) -> str | None:
    contact = parse_section(ContactDeclaration, _section(raw, "contact") or {}, "contact", problems)
    if contact is None:
        return None
    phone = problems.attempt(lambda: clean_text(contact.phone, field="contact.phone", max_length=20, numbers_allowed=True))
    if phone is None:
        return None
    mobile = problems.attempt(lambda: check_mobile_number(phone, field="contact.phone")) if phone else None
    if phone and mobile is None:
        return None
    if contact.sms and mobile is None:
        problems.add("contact.phone", _("Enter the mobile number the family wants the messages on."))
        return None
    return mobile.formatted if contact.sms and mobile is not None else None


def _warnings(people: list[PersonEntry], relation: str, in_marriage: bool, fine: Fine, deadline: date,
              chosen: list[ServiceDecision], catalogue: Catalogue) -> list[Warning]:
    found: list[Warning] = []
    if fine.amount_won:
        found.append(Warning.of("late_report", deadline=deadline, tier=fine.tier, amount=fine.amount_won,
                                after_demand=fine.after_demand))
    child_born = next((person.birth_date for person in people if person.role == "child"), None)
    for person in people:
        if person.role in ("mother", "father") and person.birth_date and child_born:
            age = unusual_parent_age(person.birth_date, child_born)
            if age is not None:
                found.append(Warning.of("parent_age", role=person.role, age=age))
        if person.rrn is not None and not person.rrn.checksum_ok:
            found.append(Warning.of("rrn_checksum", role=person.role))
    if relation == "father" and not in_marriage:  # 제57조①: the report also acknowledges paternity
        found.append(Warning.of("paternity"))
    for service in chosen:
        names = catalogue.service(service.code).names
        found += [Warning.of("service", service=names, warning=text) for text in service.warning_texts]
    found += [Warning.of("catalogue", warning=text) for text in catalogue.warnings]
    return found


def review_birth(raw: Mapping[str, Any] | BirthDeclaration, catalogue: Catalogue, today: date) -> BirthReview:
    """Every check of a birth declaration; DeclarationError listing all problems, or the review."""
    if isinstance(raw, BirthDeclaration):
        raw = raw.model_dump(mode="json")
    problems = ProblemList()
    if not isinstance(raw, Mapping):
        problems.add("", _("The declaration must be a JSON object."))
        problems.raise_if_any()
    unknown = sorted(set(raw) - set(BirthDeclaration.model_fields))
    for key in unknown:
        problems.add(str(key), _("Unknown field: remove it or check its spelling."))
    raw_child, raw_place = child_place_apart(_section(raw, "child"))
    child_section, child_failed = parse_partial(ChildDeclaration, raw_child, "child", problems)
    moment = check_moment(child_section, child_failed, today, problems) if child_section else None
    place = check_place(raw_place, problems) if child_section else None
    child = _check_child(child_section, child_failed, moment, problems) if child_section else None
    child_birth = moment.date if moment else None
    people: dict[str, PersonEntry | None] = {"mother": None, "father": None}
    forms: dict[str, ParentForm | None] = {"mother": None}
    for role in PARENT_ROLES:
        if role == "father" and _section(raw, "father") is None:
            continue  # no father recorded
        people[role], forms[role] = _parent(role, raw, child_birth, problems)
    mother, father = people["mother"], people["father"]
    base_from, base = child_registration_base(child_section, child_failed, forms, problems) if child_section \
        else ("", None)
    if child is not None and base is not None:
        child.details.update(registration_base=base.name, registration_base_code=base.code)
    decision, reporter_role, reporter_person, reporter_address = _check_reporter(
        raw, child_section, _section(raw, "father") is not None, problems)
    reporting_parent = people.get(reporter_role)
    if reporting_parent is not None and reporter_address:
        reporting_parent.details["address"] = reporter_address
    proof = check_attachments(_section(raw, "attachments"), problems)
    household, siblings = _siblings(_section(raw, "household") or {}, problems)
    order = None
    if child_section is not None and child_birth is not None and siblings is not None \
            and "position_in_multiple_birth" not in child_failed:
        mother_birth = mother.birth_date if mother else None
        found = sibling_problems(child_birth, siblings, today=today, child_name=child.name if child else "",
                                 mother_birth_date=mother_birth)
        for problem in found:
            problems.add(problem.field or "household.siblings", problem.message, problem.code)
        if not found:
            order = problems.attempt(lambda: birth_order(
                child_birth, siblings, today=today, child_name=child.name if child else "",
                mother_birth_date=mother_birth, position_in_multiple_birth=child_section.position_in_multiple_birth))
    declined = _check_declined(raw.get("declined_services", []), catalogue, problems)
    sms_phone = _check_phone(raw, problems)
    duplicate_reason = problems.attempt(lambda: clean_reason(
        raw.get("duplicate_reason", ""), field="duplicate_reason", max_length=DUPLICATE_REASON_MAX_LENGTH)) or ""
    problems.raise_if_any()
    try:
        declaration = BirthDeclaration.model_validate(raw)
    except PydanticValidationError as error:  # top-level values the sections do not check
        raise DeclarationError(problems_from_pydantic(error)) from None
    assert child is not None and mother is not None and order is not None and household is not None
    assert moment is not None and place is not None and base is not None and proof is not None
    assert decision is not None and reporter_address is not None
    facts = HouseholdFacts(
        child_birth_date=moment.date, birth_order=order.order, child_count=order.child_count,
        parent_resident_years=declaration.household.parent_resident_years,
        uses_daycare=declaration.household.uses_daycare, basic_livelihood=declaration.household.basic_livelihood,
        # 국적법 제2조①1호: a child is Korean when the father or the mother is Korean at the birth.
        child_korean=not (declaration.mother.foreign and (declaration.father is None or declaration.father.foreign)),
        youngest_birth_date=order.youngest_birth_date,
    )
    decisions = tuple(evaluate_services(catalogue, facts, today))
    deadline = birth_report_deadline(moment.date)  # 가족관계등록법 제44조①
    fine = late_report_fine(deadline, today, after_demand=declaration.after_formal_demand)  # 제121조, 제122조
    chosen = [d for d in decisions if d.eligible and d.code not in declined]
    everyone = [p for p in (child, mother, father, reporter_person) if p is not None]
    warnings = _warnings(everyone, reporter_role, declaration.child.in_marriage, fine, deadline, chosen, catalogue)
    if moment.date != declaration.child.birth_date:
        warnings.insert(0, Warning.of("midnight_birth", date=moment.date))
    return BirthReview(
        declaration=declaration, today=today, birth_date=moment.date, birth_time=moment.time, place=place,
        registration_base=base, registration_base_from=base_from, proof=proof, reporter_address=reporter_address,
        child=child, mother=mother, father=father,
        reporter_role=reporter_role, reporter_person=reporter_person, reporter=decision, deadline=deadline,
        fine=fine, order=order, facts=facts, decisions=decisions, declined=declined, warnings=tuple(warnings),
        sms_phone=sms_phone, duplicate_reason=duplicate_reason,
    )
