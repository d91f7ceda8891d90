"""The heir's asset inquiry (안심상속) within a death declaration: who applies for whom, whether the
Civil Act lets them (`counter.rules.heirs`), the application deadline, and the items chosen with their
delivery channels and expected result dates. Pure: `today`, the catalogue and the identity function
are passed in; every problem is recorded under its field (`inquiry.heir`, `inquiry.items[2].channel`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.catalogue import Catalogue, InquiryItem
from counter.filing.birth_review import PERSON_NAME_MAX_LENGTH
from counter.filing.core import PersonEntry
from counter.filing.death_declaration import InquiryDeclaration, InquiryItemChoice
from counter.filing.death_family import RelativeRow, build_family
from counter.filing.declarations import ProblemList
from counter.rules.calendar import is_working_day
from counter.rules.death import InquiryDeadline, check_inquiry_open, inquiry_deadline
from counter.rules.heir_eligibility import HeirBasis, HeirDecision, heir_eligibility
from counter.rules.heirs import Relation
from counter.rules.inquiry_applicant import InquiryApplicant, PrincipalDetails, Representation
from counter.rules.rrn import Rrn, parse_rrn
from counter.rules.text import clean_text
from printers.builders.common import delivery_label

# Where a rule's applicant fields live in the declaration.
_RULE_FIELDS = {"applicant.principal": "inquiry.principal", "applicant.heir": "inquiry.heir",
                "applicant.representation": "inquiry.representation", "family": "inquiry.family"}
_REFUSAL_FIELDS = {HeirBasis.DOCUMENT_MISSING: "inquiry.documents", HeirBasis.IN_PERSON_ONLY: "inquiry.representation"}


@dataclass(frozen=True)
class ChosenItem:
    """An inquiry item applied for: how its result comes and when to expect it."""

    item: InquiryItem
    channel: str
    due_date: date
    position: int


@dataclass(frozen=True)
class InquiryReview:
    """A checked asset inquiry: who applies for whom, the decision, the deadline and the items."""

    applicant: PersonEntry
    """The person entitled (the heir, or the estate administrator)."""
    proxy: PersonEntry | None
    """The person at the counter acting for them (guardian, parent, proxy), if any."""
    heir_relation: Relation | None
    decision: HeirDecision
    deadline: InquiryDeadline
    items: tuple[ChosenItem, ...]


def plain_identity(digits: str) -> str:
    """Key of a person in the heir rules: the same registration number, the same person."""
    return f"rrn:{digits}"


def result_due_date(filed_on: date, processing_days: int) -> date:
    """When an item's result is due: its processing days counted in working days, the filing day
    included (민원 처리에 관한 법률 시행령 제19조②: 토요일·공휴일 불산입, 첫날 산입)."""
    day, counted = filed_on, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= processing_days:
                return day
        day += timedelta(days=1)


def checked_text(problems: ProblemList, value: str, field: str, max_length: int, required: bool = False,
                 numbers_allowed: bool = False) -> str:
    """`value` cleaned (clean_text), or "" after recording the problem."""
    return problems.attempt(lambda: clean_text(value, field=field, max_length=max_length, required=required,
                                               numbers_allowed=numbers_allowed)) or ""


def checked_rrn(problems: ProblemList, value: str | None, field: str, required: bool = False) -> Rrn | None:
    """The parsed registration number, or None (a problem recorded when wrong, or missing and required)."""
    if not value:
        if required:
            problems.add(field, _("This field is required."))
        return None
    return problems.attempt(lambda: parse_rrn(value, field=field))


def offered_items(catalogue: Catalogue, today: date) -> tuple[InquiryItem, ...]:
    """The catalogue's inquiry items that the service offers on `today`."""
    return tuple(item for item in catalogue.inquiry_items if item.since <= today)


def _choose_items(choices: list[InquiryItemChoice] | None, catalogue: Catalogue, today: date,
                  problems: ProblemList) -> tuple[ChosenItem, ...]:
    offered = offered_items(catalogue, today)
    order = {item.code: position for position, item in enumerate(offered, start=1)}
    if choices is None:
        choices = [InquiryItemChoice(code=item.code) for item in offered]
    if not choices:
        problems.add("inquiry.items", _("Choose at least one inquiry item, or leave out the inquiry."))
    chosen: dict[str, ChosenItem] = {}
    for index, choice in enumerate(choices):
        item = next((entry for entry in offered if entry.code == choice.code), None)
        if item is None:
            problems.add(f"inquiry.items[{index}].code",
                         _("The catalogue has no inquiry item '{code}'.").format(code=choice.code))
            continue
        if item.code in chosen:
            problems.add(f"inquiry.items[{index}].code", _("This item is chosen twice."))
            continue
        channel = choice.channel or item.default_channel
        if channel not in item.channels:
            problems.add(f"inquiry.items[{index}].channel", _("{item}: the result comes only by {channels}.").format(
                item=item.name, channels=", ".join(delivery_label(c) for c in item.channels)))
            continue
        chosen[item.code] = ChosenItem(item, channel, result_due_date(today, item.processing_days), order[item.code])
    return tuple(sorted(chosen.values(), key=lambda entry: entry.position))


def _decide(section: InquiryDeclaration, reporter: PersonEntry | None, deceased_key: str, declared_missing: bool,
            identity: Callable[[str], str], problems: ProblemList
            ) -> tuple[PersonEntry, PersonEntry | None, Relation | None, HeirDecision] | None:
    """The applicant, the proxy, the heir's relation and the decision of `heir_eligibility`."""
    before = len(problems.items)
    representation = section.representation
    acting = representation is not Representation.IN_PERSON
    if section.applicant.same_as_reporter:
        if reporter is None:
            problems.add("inquiry.applicant.same_as_reporter", _("No reporter is part of this filing: enter the "
                                                                 "applicant's name and registration number."))
            return None
        if reporter.rrn is None:
            problems.add("reporter.rrn", _("The reporter also applies for the inquiry: enter the reporter's "
                                           "registration number."))
        name, rrn = reporter.name, reporter.rrn
    else:
        name = checked_text(problems, section.applicant.name, "inquiry.applicant.name", PERSON_NAME_MAX_LENGTH, required=True)
        rrn = checked_rrn(problems, section.applicant.rrn, "inquiry.applicant.rrn", required=True)
    principal, principal_rrn = section.principal, None
    if principal is not None and not acting:
        problems.add("inquiry.principal", _("Leave this out when the applicant applies in person."))
    elif principal is not None:
        checked_text(problems, principal.name, "inquiry.principal.name", PERSON_NAME_MAX_LENGTH, required=True)
        principal_rrn = checked_rrn(problems, principal.rrn, "inquiry.principal.rrn", required=True)
    elif acting and representation is not Representation.PROXY:  # a proxy's missing principal: the rule says it
        problems.add("inquiry.principal", _("Enter the name and registration number of the person the applicant "
                                            "acts for."))
    rows = [RelativeRow(r.id, r.relation, r.status, checked_text(problems, r.name, f"inquiry.family.relatives[{i}].name",
                                                          PERSON_NAME_MAX_LENGTH), r.through)
            for i, r in enumerate(section.family.relatives)]
    heir_index = None
    if section.standing == "heir":
        if not section.heir:
            problems.add("inquiry.heir", _("Choose the relative on whose right the application rests: the "
                                           "applicant, or the heir the applicant acts for."))
        else:
            heir_index = next((i for i, row in enumerate(rows) if row.id == section.heir), None)
            if heir_index is None:
                problems.add("inquiry.heir", _("No relative has the label {label}.").format(label=section.heir))
    if len(problems.items) > before or rrn is None:
        return None
    applicant_key = identity(rrn.digits)
    entitled_key = identity(principal_rrn.digits) if principal_rrn else f"relative:{heir_index}"
    for key, field in ((applicant_key, "inquiry.applicant.rrn"), (entitled_key, "inquiry.principal.rrn")):
        if key == deceased_key:
            problems.add(field, _("The applicant is the deceased: the inquiry is filed by an heir or for one."))
            return None
    heir_key = (entitled_key if acting else applicant_key) if heir_index is not None else None
    keys = [heir_key if i == heir_index and heir_key else f"relative:{i}" for i in range(len(rows))]
    family = build_family(rows, keys, deceased_key=deceased_key, declared_missing=declared_missing, problems=problems)
    if family is None:
        return None
    principal_details = PrincipalDetails(principal.name, principal.rrn) if principal is not None else None
    applicant = InquiryApplicant(applicant_key, section.standing, representation,
                                 heir_key=heir_key if acting else None, principal=principal_details,
                                 documents=frozenset(section.documents))
    try:
        decision = heir_eligibility(family, applicant)
    except ValidationError as error:
        field = error.field or "inquiry"
        problems.add(_RULE_FIELDS.get(field, field.replace("applicant.", "inquiry.", 1)), error.message, error.code)
        return None
    if not decision.allowed:
        text = decision.reason
        if decision.needed:
            text = _("{reason} What would allow it: {needed}").format(reason=text, needed="; ".join(decision.needed))
        problems.add(_REFUSAL_FIELDS.get(decision.basis, "inquiry.heir"), text, "ineligible")
    relation = rows[heir_index].relation if heir_index is not None else None
    details = {"standing": str(section.standing), "relation": str(relation) if relation else None}
    if acting and principal is not None and principal_rrn is not None:
        entitled = PersonEntry("applicant", principal.name.strip(), principal_rrn, principal_rrn.birth_date,
                               principal_rrn.sex, details)
        proxy = PersonEntry("proxy", name, rrn, rrn.birth_date, rrn.sex, {"representation": str(representation)})
        return entitled, proxy, relation, decision
    return PersonEntry("applicant", name, rrn, rrn.birth_date, rrn.sex, details), None, relation, decision


def check_inquiry(section: InquiryDeclaration, *, reporter: PersonEntry | None, deceased_key: str, death_date: date,
                   declared_missing_on: date | None, catalogue: Catalogue, today: date,
                   identity: Callable[[str], str], problems: ProblemList) -> InquiryReview | None:
    deadline = None
    try:
        deadline = inquiry_deadline(death_date, declared_missing_on=declared_missing_on)
    except ValidationError as error:  # the declaration date is part of the death section
        problems.add(f"death.{error.field}", error.message)
    if deadline is not None:  # 사망자 등 재산조회 통합처리에 관한 기준: 1 year from the month of death
        problems.attempt(lambda: check_inquiry_open(deadline, today, field="inquiry"))
    decided = _decide(section, reporter, deceased_key, declared_missing_on is not None, identity, problems)
    items = _choose_items(section.items, catalogue, today, problems)
    if decided is None or deadline is None:
        return None
    applicant, proxy, relation, decision = decided
    return InquiryReview(applicant, proxy, relation, decision, deadline, items)


def renunciation_text() -> str:
    """The 3-month period to renounce or accept with limits (상속포기·한정승인, 민법 제1019조①). It runs
    from the day each heir learned of the succession, so no single last day is everyone's."""
    return _("An heir may renounce or accept with limits at the family court within 3 months of the day "
             "they learned of the succession (민법 제1019조①).")
