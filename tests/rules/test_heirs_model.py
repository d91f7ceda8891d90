"""`heirs_of` and `heir_eligibility` against a small reference model of the Civil Act, on random families.

The reference model works on a flat list of people, each with the path from the top of their line
(child, parent or sibling of the deceased) down to them, and states the rules as predicates on that
path, written from the statute independently of the recursive implementation:

- 민법 제1000조①② rank 1: at the nearest degree k where anyone takes a place, a descendant takes the
  place of the degree-k ancestor on their path when alive and every ancestor between is dead or
  disqualified (제1001조 대습상속); so does the spouse of such a dead one (제1003조②).
- 제1042조 renouncers never inherit and are never represented; if nobody takes a place at degree k but
  a renouncer was reached there, the spouse takes everything (제1043조, 2020그42), else degree k+1.
- rank 2: living parents, else living grandparents (a renunciation there also accrues to the
  spouse), with the spouse; the spouse alone without ascendants; rank 3: siblings as in rank 1 at
  degree 1 only, and only with no spouse.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from counter.base.i18n import set_language
from counter.rules.heir_eligibility import HeirBasis, heir_eligibility
from counter.rules.heirs import Family, Relative, Status, heirs_of
from counter.rules.inquiry_applicant import Document, InquiryApplicant, PrincipalDetails, Representation, Standing

DEAD = {Status.PREDECEASED, Status.DISQUALIFIED}
PRINCIPAL = PrincipalDetails(name="김상속", rrn="800101-1234567")
ALL_DOCUMENTS = frozenset(Document)
DOCUMENTS_FOR = {
    Representation.IN_PERSON: set(),
    Representation.ADULT_GUARDIAN: {Document.GUARDIANSHIP_REGISTRY},
    Representation.LIMITED_GUARDIAN: {Document.GUARDIAN_COURT_ORDER},
    Representation.MINOR_REPRESENTATIVE: set(),
    Representation.PROXY: {Document.POWER_OF_ATTORNEY},
}
RELATION_BASIS = {"descendant": HeirBasis.DESCENDANT, "ascendant": HeirBasis.ASCENDANT, "sibling": HeirBasis.SIBLING}
LINE_RANK = {"descendant": 1, "ascendant": 2, "sibling": 3}


@dataclass(frozen=True)
class Person:
    key: str
    line: str  # "descendant", "ascendant", "sibling" or "spouse" (of the deceased)
    status: Status
    depth: int  # degree within the line: child/parent/sibling 1, grandchild/grandparent/nephew 2...
    path: tuple[Person, ...]  # blood relatives above them in their line, top first (the partner too, for an in-law)
    in_law: bool = False


# --- Random families ----------------------------------------------------------------------------


@st.composite
def families(draw: st.DrawFn) -> tuple[Family, list[Person]]:
    numbers = itertools.count()
    people: list[Person] = []
    statuses = st.sampled_from(list(Status))

    def relative(line: str, depth: int, path: tuple[Person, ...], max_depth: int) -> Relative:
        key = f"{line[:3]}{next(numbers)}"
        me = Person(key, line, draw(statuses), depth, path)
        people.append(me)
        spouse = None
        if line != "ascendant" and draw(st.integers(0, 3)) == 0:
            in_law = Person(f"{key}-spouse", line, draw(statuses), depth, (*path, me), in_law=True)
            people.append(in_law)
            spouse = Relative(in_law.key, in_law.status)
        children: tuple[Relative, ...] = ()
        if depth < max_depth:
            count = draw(st.integers(0, 2))
            children = tuple(relative(line, depth + 1, (*path, me), max_depth) for _ in range(count))
        return Relative(key, me.status, children, spouse)

    spouse = None
    if draw(st.booleans()):
        husband = Person("husband", "spouse", draw(statuses), 0, ())
        people.append(husband)
        spouse = Relative(husband.key, husband.status)
    family = Family(
        spouse=spouse,
        children=tuple(relative("descendant", 1, (), 3) for _ in range(draw(st.integers(0, 3)))),
        parents=tuple(relative("ascendant", 1, (), 1) for _ in range(draw(st.integers(0, 2)))),
        grandparents=tuple(relative("ascendant", 2, (), 2) for _ in range(draw(st.integers(0, 2)))),
        siblings=tuple(relative("sibling", 1, (), 2) for _ in range(draw(st.integers(0, 3)))),
    )
    return family, people


@st.composite
def applications(draw: st.DrawFn) -> tuple[Family, list[Person], InquiryApplicant]:
    family, people = draw(families())
    documents = ALL_DOCUMENTS if draw(st.booleans()) else frozenset(draw(st.sets(st.sampled_from(list(Document)))))
    if draw(st.integers(0, 9)) == 0:
        representation = draw(st.sampled_from([Representation.IN_PERSON, Representation.PROXY]))
        principal = PRINCIPAL if representation is Representation.PROXY else None
        applicant = InquiryApplicant("agent", Standing.ESTATE_ADMINISTRATOR, representation, principal=principal, documents=documents)
        return family, people, applicant
    heir_key = draw(st.sampled_from([person.key for person in people] + ["stranger"]))
    representation = draw(st.sampled_from(list(Representation)))
    if representation is Representation.IN_PERSON:
        return family, people, InquiryApplicant(heir_key, documents=documents)
    principal = PRINCIPAL if representation is Representation.PROXY else None
    applicant = InquiryApplicant("agent", Standing.HEIR, representation, heir_key, principal, documents)
    return family, people, applicant


# --- The reference model -------------------------------------------------------------------------


def reference_heirs(people: list[Person], ignoring_renunciations: bool) -> tuple[dict[str, tuple[int, bool]], bool]:
    """key -> (rank, by representation), and whether renounced shares went to the spouse alone."""

    def status(person: Person) -> Status:
        if ignoring_renunciations and person.status is Status.RENOUNCED:
            return Status.ALIVE
        return person.status

    def reached_at(person: Person, degree: int) -> bool:
        """Everyone above `person` on the path, from the degree-`degree` ancestor down, died first or was disqualified."""
        return person.depth >= degree and all(status(above) in DEAD for above in person.path if above.depth >= degree)

    def takers(line: str, degree: int) -> tuple[dict[str, tuple[int, bool]], bool]:
        rank = LINE_RANK[line]
        found = {
            p.key: (rank, p.depth > degree or p.in_law)
            for p in people
            if p.line == line and status(p) is Status.ALIVE and reached_at(p, degree)
        }
        renounced = any(p.line == line and status(p) is Status.RENOUNCED and reached_at(p, degree) for p in people)
        return found, renounced

    spouse = next((p.key for p in people if p.line == "spouse" and status(p) is Status.ALIVE), None)
    for degree in range(1, 4):
        found, renounced = takers("descendant", degree)
        if found:
            return found | ({spouse: (1, False)} if spouse else {}), False
        if renounced and spouse:
            return {spouse: (1, False)}, True
    for degree in (1, 2):
        ascendants = [p for p in people if p.line == "ascendant" and p.depth == degree]
        alive = {p.key: (2, False) for p in ascendants if status(p) is Status.ALIVE}
        if alive:
            return alive | ({spouse: (2, False)} if spouse else {}), False
        if spouse and any(status(p) is Status.RENOUNCED for p in ascendants):
            return {spouse: (2, False)}, True
    if spouse:
        return {spouse: (2, False)}, False
    return takers("sibling", 1)[0], False


@dataclass(frozen=True)
class Expected:
    allowed: bool
    bases: frozenset[HeirBasis]
    rank: int | None


def reference_decision(people: list[Person], applicant: InquiryApplicant) -> Expected:
    present = applicant.documents
    needs = set(DOCUMENTS_FOR[applicant.representation])
    if applicant.standing is Standing.ESTATE_ADMINISTRATOR:
        needs.add(Document.ADMINISTRATOR_APPOINTMENT)
        allowed = needs <= present
        return Expected(allowed, frozenset({HeirBasis.ESTATE_ADMINISTRATOR if allowed else HeirBasis.DOCUMENT_MISSING}), None)
    key = applicant.heir_key or applicant.key
    heirs, _accrued = reference_heirs(people, ignoring_renunciations=False)
    person = next((p for p in people if p.key == key), None)
    if key not in heirs:
        if person is not None and person.status is Status.RENOUNCED:
            return Expected(False, frozenset({HeirBasis.RENOUNCED}), None)
        if person is not None and person.status is Status.DISQUALIFIED:
            return Expected(False, frozenset({HeirBasis.DISQUALIFIED}), None)
        if person is None or person.status is Status.PREDECEASED:
            return Expected(False, frozenset({HeirBasis.NOT_AN_HEIR}), None)
        return Expected(False, frozenset({HeirBasis.OUTRANKED, HeirBasis.NOT_AN_HEIR}), None)
    assert person is not None
    rank, by_representation = heirs[key]
    by_renunciation = key not in reference_heirs(people, ignoring_renunciations=True)[0]
    if by_renunciation and applicant.representation is Representation.PROXY:
        return Expected(False, frozenset({HeirBasis.IN_PERSON_ONLY}), rank)
    if by_renunciation:
        needs.add(Document.RENUNCIATION_DECISIONS)
    if not needs <= present:
        return Expected(False, frozenset({HeirBasis.DOCUMENT_MISSING}), rank)
    if by_representation:
        basis = HeirBasis.REPRESENTATION
    elif person.line == "spouse":
        basis = HeirBasis.SPOUSE
    else:
        basis = RELATION_BASIS[person.line]
    return Expected(True, frozenset({basis}), rank)


# --- Properties ----------------------------------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(families())
def test_heirs_match_the_reference_model(case: tuple[Family, list[Person]]) -> None:
    family, people = case
    expected, _accrued = reference_heirs(people, ignoring_renunciations=False)
    without = reference_heirs(people, ignoring_renunciations=True)[0]
    actual = {heir.key: (heir.rank, heir.by_representation, heir.by_renunciation) for heir in heirs_of(family)}
    assert actual == {key: (rank, rep, key not in without) for key, (rank, rep) in expected.items()}


@settings(max_examples=1000, deadline=None)
@given(applications())
def test_eligibility_matches_the_reference_model(case: tuple[Family, list[Person], InquiryApplicant]) -> None:
    set_language("en")
    family, people, applicant = case
    decision = heir_eligibility(family, applicant)
    expected = reference_decision(people, applicant)
    assert (decision.allowed, decision.rank) == (expected.allowed, expected.rank)
    assert decision.basis in expected.bases
    assert decision.reason
    if not decision.allowed:
        assert decision.needed


@settings(max_examples=1000, deadline=None)
@given(families())
def test_ranks_exclude_each_other(case: tuple[Family, list[Person]]) -> None:
    family, people = case
    heirs = heirs_of(family)
    ranks = {heir.rank for heir in heirs}
    assert len(ranks) <= 1, "heirs of one rank only (민법 제1000조①)"
    spouse_inherits = any(heir.key == "husband" for heir in heirs)
    if 3 in ranks:
        assert not spouse_inherits, "siblings inherit only without a spouse (민법 제1003조①)"
    for heir in heirs:
        person = next(p for p in people if p.key == heir.key)
        assert person.status is Status.ALIVE, "only someone alive who did not renounce inherits"
