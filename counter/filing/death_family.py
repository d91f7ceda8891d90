"""From the flat list of relatives a clerk types (or a script sends) to the family tree that
`counter.rules.heirs` decides on.

A relative is one row: relation, status, name, and for a grandchild, nephew or niece or an in-law
the row `through` whom they are related (the child or sibling, or their descendant, whose child or
spouse they are). Each problem names its row: `inquiry.family.relatives[2].through`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counter.base.i18n import _
from counter.filing.declarations import ProblemList
from counter.rules.heirs import Family, Relation, Relative, Status

FIELD = "inquiry.family.relatives"
# Who may stand `through` whom: descendants and in-laws hang below a child or a sibling line.
THROUGH: dict[Relation, tuple[Relation, ...]] = {
    Relation.GRANDCHILD: (Relation.CHILD, Relation.GRANDCHILD),
    Relation.CHILD_IN_LAW: (Relation.CHILD, Relation.GRANDCHILD),
    Relation.NEPHEW_OR_NIECE: (Relation.SIBLING, Relation.NEPHEW_OR_NIECE),
    Relation.SIBLING_IN_LAW: (Relation.SIBLING, Relation.NEPHEW_OR_NIECE),
}
IN_LAWS = (Relation.CHILD_IN_LAW, Relation.SIBLING_IN_LAW)
# 민법 제1000조: one spouse, two parents, four grandparents at most.
MAXIMUM = {Relation.SPOUSE: 1, Relation.PARENT: 2, Relation.GRANDPARENT: 4}


@dataclass(frozen=True)
class RelativeRow:
    """One relative as entered: `through` is the `id` of another row, or empty."""

    id: str
    relation: Relation
    status: Status
    name: str = ""
    through: str = ""


def _through_index(rows: Sequence[RelativeRow], problems: ProblemList) -> dict[int, int]:
    """Row index -> index of the row it hangs below; problems for wrong or missing references."""
    by_id: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.id and row.id in by_id:
            problems.add(f"{FIELD}[{index}].id", _("Another relative already has this label."))
        elif row.id:
            by_id[row.id] = index
    parents: dict[int, int] = {}
    for index, row in enumerate(rows):
        allowed = THROUGH.get(row.relation)
        where = f"{FIELD}[{index}].through"
        if allowed is None:
            if row.through:
                problems.add(where, _("Only a grandchild, a nephew or niece, or the spouse of one is entered "
                                      "through another relative: leave this empty."))
            continue
        target = by_id.get(row.through) if row.through else None
        if target is None or target == index:
            problems.add(where, _("Name the child or sibling (or their descendant) through whom this person "
                                  "is related, by the label of that row."))
        elif rows[target].relation not in allowed:
            problems.add(where, _("This relation goes through a child or sibling line, not through the row "
                                  "labelled {label}.").format(label=row.through))
        else:
            parents[index] = target
    for relation, most in MAXIMUM.items():
        if sum(1 for row in rows if row.relation is relation) > most:
            index = [i for i, row in enumerate(rows) if row.relation is relation][most]
            problems.add(f"{FIELD}[{index}].relation",
                         _("At most {count} such relatives can be entered.").format(count=most))
    spouses: set[int] = set()
    for index, target in sorted(parents.items()):
        if rows[index].relation in IN_LAWS:
            if target in spouses:
                problems.add(f"{FIELD}[{index}].through", _("That relative already has a spouse entered."))
            spouses.add(target)
    return parents


def build_family(rows: Sequence[RelativeRow], keys: Sequence[str], *, deceased_key: str,
                 declared_missing: bool, problems: ProblemList) -> Family | None:
    """The `Family` of the rows (`keys[i]` identifies row i), or None after recording the problems."""
    before = len(problems.items)
    parents = _through_index(rows, problems)
    for index in parents:
        if not _reaches_top(index, parents):
            problems.add(f"{FIELD}[{index}].through", _("These relatives refer to each other in a circle."))
    if len(problems.items) > before:
        return None
    below: dict[int, list[int]] = {}
    for index, target in parents.items():
        below.setdefault(target, []).append(index)

    def relative(index: int) -> Relative:
        hanging = below.get(index, [])
        children = tuple(relative(i) for i in hanging if rows[i].relation not in IN_LAWS)
        spouse = next((relative(i) for i in hanging if rows[i].relation in IN_LAWS), None)
        return Relative(keys[index], rows[index].status, children, spouse)

    def top(relation: Relation) -> tuple[Relative, ...]:
        return tuple(relative(i) for i, row in enumerate(rows) if row.relation is relation)

    groups = {relation: top(relation) for relation in
              (Relation.CHILD, Relation.SPOUSE, Relation.PARENT, Relation.GRANDPARENT, Relation.SIBLING)}
    spouse = groups[Relation.SPOUSE]
    return Family(
        children=groups[Relation.CHILD], spouse=spouse[0] if spouse else None, parents=groups[Relation.PARENT],
        grandparents=groups[Relation.GRANDPARENT], siblings=groups[Relation.SIBLING], deceased_key=deceased_key,
        declared_missing=declared_missing,
    )


def _reaches_top(index: int, parents: dict[int, int]) -> bool:
    seen: set[int] = set()
    while index in parents:
        if index in seen:
            return False
        seen.add(index)
        index = parents[index]
    return True
