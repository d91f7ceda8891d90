"""Who may apply for the heir's combined asset inquiry (안심상속; 사망자 등 재산조회 통합처리에 관한 기준):
the heirs of ranks 1-3 and the spouse, heirs by representation, heirs of a person declared missing, a
court-appointed estate administrator, and those acting for an heir (guardian, a minor's parent, proxy).

Heirs under the Civil Act (민법): 제1000조① ranks 1 lineal descendants, 2 lineal ascendants, 3 siblings
(4, collaterals to the 4th degree, cannot use the inquiry); ② the nearest degree of a rank inherits.
제1001조 대습상속: the descendants of a child or sibling who died first (or together, 제30조) or was
disqualified (제1004조) take that place; 제1003조② so does that person's spouse. 제1003조① the spouse
inherits with rank 1, failing it with rank 2, else alone. 제1042조 a renouncer never was an heir and
gives no representation; when the whole nearest degree renounces, the next degree inherits in its own
right (대법원 95다27769), unless the spouse inherits: the shares then accrue to the spouse alone
(제1043조; 대법원 2023. 3. 23.자 2020그42 전원합의체 결정). We apply that accrual to parents as well.
The application itself (`InquiryApplicant`, `Representation`, `Document`) is in `counter.rules.inquiry_applicant`;
who may apply for it, given the heirs, is `counter.rules.heir_eligibility`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _

NAME_MAX_LENGTH = 100


class Status(StrEnum):
    """A relative's position when the deceased died."""

    ALIVE = "alive"  # survived the deceased and did not renounce
    RENOUNCED = "renounced"  # 상속포기 accepted by the family court (민법 제1041조)
    PREDECEASED = "predeceased"  # died before the deceased, or with them (민법 제30조)
    DISQUALIFIED = "disqualified"  # 상속결격 (민법 제1004조)


class Relation(StrEnum):
    """A family member's relation to the deceased (derived from where they sit in `Family`)."""

    SPOUSE = "spouse"
    CHILD = "child"
    GRANDCHILD = "grandchild"  # any lineal descendant below the children
    CHILD_IN_LAW = "child_in_law"  # spouse of a descendant
    PARENT = "parent"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    NEPHEW_OR_NIECE = "nephew_or_niece"  # any descendant of a sibling
    SIBLING_IN_LAW = "sibling_in_law"  # spouse of a sibling or of a sibling's descendant


RELATION_LABELS: dict[Relation, str] = {
    Relation.SPOUSE: N_("spouse"),
    Relation.CHILD: N_("child"),
    Relation.GRANDCHILD: N_("grandchild"),
    Relation.CHILD_IN_LAW: N_("spouse of a child or grandchild"),
    Relation.PARENT: N_("parent"),
    Relation.GRANDPARENT: N_("grandparent"),
    Relation.SIBLING: N_("sibling"),
    Relation.NEPHEW_OR_NIECE: N_("nephew or niece"),
    Relation.SIBLING_IN_LAW: N_("spouse of a sibling, nephew or niece"),
}
RANK_LABELS: dict[int, str] = {1: N_("1st-rank"), 2: N_("2nd-rank"), 3: N_("3rd-rank")}
NOMINAL_RANK: dict[Relation, int] = {
    Relation.CHILD: 1, Relation.GRANDCHILD: 1, Relation.CHILD_IN_LAW: 1,
    Relation.PARENT: 2, Relation.GRANDPARENT: 2,
    Relation.SIBLING: 3, Relation.NEPHEW_OR_NIECE: 3, Relation.SIBLING_IN_LAW: 3,
}  # fmt: skip


@dataclass(frozen=True)
class Relative:
    """One member of the deceased's family; `key` identifies the person (same person, same key, e.g.
    the RRN lookup hash). `children` and `spouse` matter for a child or sibling (or their descendant)
    who died first or was disqualified; list only a spouse still married to them at the death
    (remarriage ends the in-law relation, 민법 제775조②)."""

    key: str
    status: Status = Status.ALIVE
    children: tuple[Relative, ...] = ()
    spouse: Relative | None = None


@dataclass(frozen=True)
class Family:
    """The deceased's relatives as far as inheritance goes (`spouse`: the legal spouse; `siblings`:
    full and half siblings alike)."""

    children: tuple[Relative, ...] = ()
    spouse: Relative | None = None
    parents: tuple[Relative, ...] = ()
    grandparents: tuple[Relative, ...] = ()
    siblings: tuple[Relative, ...] = ()
    deceased_key: str = "deceased"
    declared_missing: bool = False
    """Declared missing (실종선고, 민법 제28조): the same ranks, as of the deemed date of death."""


@dataclass(frozen=True)
class Heir:
    """A person who inherits, in which rank, and why."""

    key: str
    relation: Relation
    rank: int
    by_representation: bool
    by_renunciation: bool
    """An heir only because others renounced (not an heir had nobody renounced)."""


@dataclass(frozen=True)
class _Outcome:
    heirs: dict[str, tuple[int, bool]]  # key -> (rank, by representation)
    accrued_to_spouse: bool  # 민법 제1043조: the spouse inherits alone after renunciations


def _members(family: Family) -> Iterator[tuple[Relative, Relation]]:
    def line(
        people: Iterable[Relative], own: Relation, below: Relation, in_law: Relation
    ) -> Iterator[tuple[Relative, Relation]]:
        for person in people:
            yield person, own
            if person.spouse is not None:
                yield person.spouse, in_law
            yield from line(person.children, below, below, in_law)

    if family.spouse is not None:
        yield family.spouse, Relation.SPOUSE
    yield from line(family.children, Relation.CHILD, Relation.GRANDCHILD, Relation.CHILD_IN_LAW)
    yield from ((parent, Relation.PARENT) for parent in family.parents)
    yield from ((grandparent, Relation.GRANDPARENT) for grandparent in family.grandparents)
    yield from line(family.siblings, Relation.SIBLING, Relation.NEPHEW_OR_NIECE, Relation.SIBLING_IN_LAW)


def family_members(family: Family) -> dict[str, tuple[Relative, Relation]]:
    """Every member by key with their relation; ValidationError if a person appears twice."""
    members: dict[str, tuple[Relative, Relation]] = {}
    for person, relation in _members(family):
        if person.key in members or person.key == family.deceased_key:
            raise ValidationError(_("The same person appears twice in the family."), field="family")
        members[person.key] = (person, relation)
    return members


def _status(person: Relative, ignoring_renunciations: bool) -> Status:
    renounced = person.status is Status.RENOUNCED
    return Status.ALIVE if renounced and ignoring_renunciations else person.status


def _take_places(
    people: Iterable[Relative], representing: bool, ignoring: bool
) -> tuple[list[tuple[Relative, bool]], bool]:
    """Who takes the places of `people`: each one alive; for one who died first or was disqualified,
    their descendants and spouse (민법 제1001조, 제1003조②). Also whether a renunciation was met (it
    gives no representation, 제1042조). `ignoring`: as if nobody had renounced."""
    takers: list[tuple[Relative, bool]] = []
    renounced = False
    for person in people:
        status = _status(person, ignoring)
        if status is Status.ALIVE:
            takers.append((person, representing))
        elif status is Status.RENOUNCED:
            renounced = True
        else:
            below, below_renounced = _take_places(person.children, True, ignoring)
            takers += below
            spouse_status = _status(person.spouse, ignoring) if person.spouse else None
            if person.spouse is not None and spouse_status is Status.ALIVE:
                takers.append((person.spouse, True))
            renounced |= below_renounced or spouse_status is Status.RENOUNCED
    return takers, renounced


def inheritance(family: Family, ignoring_renunciations: bool = False) -> _Outcome:
    """Who inherits, by rank and representation (renunciations ignored when asked: who would have)."""
    ignoring = ignoring_renunciations
    spouse = family.spouse
    if spouse is not None and _status(spouse, ignoring) is not Status.ALIVE:
        spouse = None
    # Rank 1: the nearest degree of descendants, with representation (제1000조①1호, ②, 제1001조).
    generation = family.children
    while generation:
        takers, renounced = _take_places(generation, False, ignoring)
        if takers:
            heirs = {person.key: (1, by_rep) for person, by_rep in takers}
            return _Outcome(heirs | ({spouse.key: (1, False)} if spouse else {}), False)
        if renounced and spouse is not None:  # 제1043조, 2020그42
            return _Outcome({spouse.key: (1, False)}, True)
        generation = tuple(child for person in generation for child in person.children)
    # Rank 2: the nearest degree of ascendants (제1000조①2호, ②) with the spouse, or the spouse alone.
    for ascendants in (family.parents, family.grandparents):
        statuses = [(person, _status(person, ignoring)) for person in ascendants]
        alive = {person.key: (2, False) for person, status in statuses if status is Status.ALIVE}
        if alive:
            return _Outcome(alive | ({spouse.key: (2, False)} if spouse else {}), False)
        if spouse is not None and any(status is Status.RENOUNCED for _p, status in statuses):
            return _Outcome({spouse.key: (2, False)}, True)
    if spouse is not None:  # 제1003조①
        return _Outcome({spouse.key: (2, False)}, False)
    # Rank 3: siblings, with representation (제1000조①3호, 제1001조).
    takers, _renounced = _take_places(family.siblings, False, ignoring)
    return _Outcome({person.key: (3, by_rep) for person, by_rep in takers}, False)


def heirs_of(family: Family) -> tuple[Heir, ...]:
    """Everyone who inherits from the deceased: heirs of one rank, the spouse joining rank 1 or 2 or
    alone (rank 2). ValidationError if the family lists a person twice."""
    members = family_members(family)
    heirs_had_nobody_renounced = inheritance(family, ignoring_renunciations=True).heirs
    return tuple(
        Heir(key, members[key][1], rank, by_rep, by_renunciation=key not in heirs_had_nobody_renounced)
        for key, (rank, by_rep) in inheritance(family).heirs.items()
    )
