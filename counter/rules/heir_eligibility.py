"""Who may apply for the 안심상속 inquiry, given the heirs (`counter.rules.heirs`) and the application:
an heir of ranks 1-3 or the spouse sharing their rank (민법 제1000조, 제1003조①), in person or through a
guardian, a minor's representative or a proxy with the documents each needs, or a court-appointed
estate administrator (제1053조). Refusals say why and who may apply instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.rules.heirs import (
    NAME_MAX_LENGTH,
    NOMINAL_RANK,
    RANK_LABELS,
    RELATION_LABELS,
    Family,
    Heir,
    Relation,
    Relative,
    Status,
    family_members,
    heirs_of,
    inheritance,
)
from counter.rules.inquiry_applicant import DOCUMENT_LABELS, Document, InquiryApplicant, Representation, Standing
from counter.rules.rrn import parse_rrn
from counter.rules.text import clean_text

# What a refusal says when the document is missing.
_MISSING_TEXTS: dict[Document, str] = {
    Document.POWER_OF_ATTORNEY: N_("A proxy must show a power of attorney from the person entitled."),
    Document.GUARDIANSHIP_REGISTRY: N_("An adult guardian must show the guardianship registration (민법 제938조①)."),
    Document.GUARDIAN_COURT_ORDER: N_("A limited guardian may apply only under a family-court order granting power of representation that covers the asset inquiry (민법 제959조의4)."),
    Document.ADMINISTRATOR_APPOINTMENT: N_("An estate administrator must show the family court's decision of appointment (민법 제1023조, 제1040조, 제1053조)."),
    Document.RENUNCIATION_DECISIONS: N_("An heir only because the higher-ranked heirs renounced must show the court decisions on those renunciations."),
}  # fmt: skip
# Per representation: the documents it needs and what an allowed decision says of it.
_REPRESENTATION_RULES: dict[Representation, tuple[tuple[Document, ...], str]] = {
    Representation.IN_PERSON: ((), ""),
    Representation.ADULT_GUARDIAN: ((Document.GUARDIANSHIP_REGISTRY,), N_("The adult guardian applies as the legal representative (민법 제938조①).")),
    Representation.LIMITED_GUARDIAN: ((Document.GUARDIAN_COURT_ORDER,), N_("The limited guardian applies under the court order granting that power (민법 제959조의4).")),
    Representation.MINOR_REPRESENTATIVE: ((), N_("The parent or guardian of the minor applies as the legal representative (민법 제911조, 제938조①).")),
    Representation.PROXY: ((Document.POWER_OF_ATTORNEY,), N_("The proxy applies with a power of attorney.")),
}  # fmt: skip


class HeirBasis(StrEnum):
    """The rule a decision rests on: the applicant's standing when allowed, else why refused."""

    DESCENDANT = "descendant"  # 민법 제1000조①1호
    SPOUSE = "spouse"  # 민법 제1003조①
    ASCENDANT = "ascendant"  # 민법 제1000조①2호
    SIBLING = "sibling"  # 민법 제1000조①3호
    REPRESENTATION = "representation"  # 민법 제1001조, 제1003조②
    ESTATE_ADMINISTRATOR = "estate_administrator"
    OUTRANKED = "outranked"  # a higher rank or a nearer degree inherits (제1000조, 제1043조)
    NOT_AN_HEIR = "not_an_heir"
    RENOUNCED = "renounced"  # 제1042조
    DISQUALIFIED = "disqualified"  # 제1004조
    IN_PERSON_ONLY = "in_person_only"
    DOCUMENT_MISSING = "document_missing"


# Why an allowed applicant may apply: kept with the application as a code (`HeirStanding`).
STANDING_TEXTS = {
    "administrator": N_("A court-appointed estate administrator may apply (민법 제1023조, 제1040조, 제1053조)."),
    "representation": N_("The {relation} inherits by representation (대습상속, 민법 제1001조, 제1003조②) as a {rank} heir and may apply."),
    "spouse_accrued": N_("Every heir who would have inherited with the spouse renounced, so the spouse inherits alone (민법 제1043조) and may apply."),
    "spouse_alone": N_("With no lineal descendant or ascendant to inherit, the spouse inherits alone (민법 제1003조①) and may apply."),
    "spouse_joint": N_("The spouse inherits jointly with the {rank} heirs ({heirs}) (민법 제1003조①) and may apply."),
    "heir": N_("The {relation} is a {rank} heir (민법 제1000조, 제1003조) and may apply."),
}  # fmt: skip
MISSING_PERSON_TEXT = N_("Heir of a person declared missing (민법 제28조).")


@dataclass(frozen=True)
class HeirStanding:
    """What an allowed decision rests on, as codes: `standing` (a key of `STANDING_TEXTS`), the heir's
    relation and rank, the blood heirs a spouse inherits with, and how the applicant acts."""

    standing: str
    relation: str | None = None
    rank: int | None = None
    heirs: tuple[str, ...] = ()
    declared_missing: bool = False
    representation: str = Representation.IN_PERSON.value


def standing_text(note: HeirStanding) -> str:
    """An allowed decision in words (the current language)."""
    relation = _(RELATION_LABELS[Relation(note.relation)]) if note.relation else ""
    rank = _(RANK_LABELS[note.rank]) if note.rank else ""
    heirs = ", ".join(dict.fromkeys(_(RELATION_LABELS[Relation(heir)]) for heir in note.heirs))
    parts = [_(MISSING_PERSON_TEXT) if note.declared_missing and note.standing != "administrator" else ""]
    parts.append(_(STANDING_TEXTS[note.standing]).format(relation=relation, rank=rank, heirs=heirs))
    acting_text = _REPRESENTATION_RULES[Representation(note.representation)][1]
    parts.append(_(acting_text) if acting_text else "")
    return " ".join(filter(None, parts))


@dataclass(frozen=True)
class HeirDecision:
    """May this applicant file the inquiry? `needed`: the documents to see when allowed; when refused,
    what is missing or who may apply instead. All texts translated; an allowed decision also keeps
    its `standing` and the `documents` seen as codes."""

    allowed: bool
    basis: HeirBasis
    rank: int | None
    reason: str
    needed: list[str] = field(default_factory=list)
    standing: HeirStanding | None = None
    documents: tuple[Document, ...] = ()


_BASIS_BY_RANK = {1: HeirBasis.DESCENDANT, 2: HeirBasis.ASCENDANT, 3: HeirBasis.SIBLING}
_STATUS_REFUSALS: dict[Status, tuple[HeirBasis, str]] = {
    Status.RENOUNCED: (HeirBasis.RENOUNCED, N_("The {relation} renounced the inheritance and counts as never having been an heir (민법 제1042조).")),
    Status.DISQUALIFIED: (HeirBasis.DISQUALIFIED, N_("The {relation} is disqualified from inheriting (민법 제1004조).")),
    Status.PREDECEASED: (HeirBasis.NOT_AN_HEIR, N_("The {relation} died before the deceased; their descendants or spouse inherit in their place (민법 제1001조, 제1003조②).")),
}  # fmt: skip


def _labels(documents: Iterable[Document]) -> list[str]:
    return [_(DOCUMENT_LABELS[document]) for document in documents]


def _relations_text(heirs: Iterable[Heir]) -> str:
    return ", ".join(dict.fromkeys(_(RELATION_LABELS[heir.relation]) for heir in heirs))


def _heirs_text(heirs: tuple[Heir, ...]) -> str:
    """The heirs as a clerk reads them: the spouse is named beside the rank it shares, or as inheriting
    alone, never as a rank of its own (민법 제1003조①: the spouse inherits jointly with the lineal
    descendants, failing them with the lineal ascendants, and alone when there are neither)."""
    blood = [heir for heir in heirs if heir.relation is not Relation.SPOUSE]
    if not blood:
        return _("the spouse, who inherits alone")
    text = _("the {rank} heir ({heirs})").format(rank=_(RANK_LABELS[blood[0].rank]), heirs=_relations_text(blood))
    if len(blood) < len(heirs):
        text = _("{heirs} or the spouse inheriting jointly with them (민법 제1003조①)").format(heirs=text)
    return text


def _spouse_standing(heirs: tuple[Heir, ...]) -> tuple[str, int | None, tuple[str, ...]]:
    """Why the spouse may apply: jointly with rank 1 or 2, or alone (민법 제1003조①)."""
    blood = [heir for heir in heirs if heir.relation is not Relation.SPOUSE]
    if not blood:
        return "spouse_alone", None, ()
    return "spouse_joint", blood[0].rank, tuple(str(heir.relation) for heir in blood)


def _who_may_apply(heirs: tuple[Heir, ...]) -> list[str]:
    """Who may apply instead: the nearest-ranked heirs, or an estate administrator when none."""
    if not heirs:
        return [_("No heir of the 1st to 3rd rank can apply: a court-appointed estate administrator may (민법 제1053조).")]
    return [_("An application by {heirs}").format(heirs=_heirs_text(heirs))]


def _check_applicant(family: Family, applicant: InquiryApplicant) -> None:
    if family.deceased_key in (applicant.key, applicant.heir_key):
        message = _("The applicant is the deceased: the inquiry is filed by an heir or for one.")
        raise ValidationError(message, field="applicant")
    acting = applicant.representation is not Representation.IN_PERSON
    if applicant.standing is Standing.ESTATE_ADMINISTRATOR:
        if acting and applicant.representation is not Representation.PROXY:
            message = _("An estate administrator applies in person or through a proxy.")
            raise ValidationError(message, field="applicant.representation")
    elif acting and not applicant.heir_key:
        raise ValidationError(_("Name the heir for whom this person applies."), field="applicant.heir")
    elif not acting and applicant.heir_key not in (None, applicant.key):
        message = _("An heir applying in person applies for themselves; choose a guardian or proxy to apply for someone else.")
        raise ValidationError(message, field="applicant.heir")
    if applicant.representation is Representation.PROXY:
        if applicant.principal is None:
            message = _("Enter the name and registration number of the person the proxy acts for.")
            raise ValidationError(message, field="applicant.principal")
        name = applicant.principal.name
        clean_text(name, field="applicant.principal.name", max_length=NAME_MAX_LENGTH, required=True)
        parse_rrn(applicant.principal.rrn, field="applicant.principal.rrn")


def _refuse_non_heir(family: Family, entry: tuple[Relative, Relation] | None, heirs: tuple[Heir, ...]) -> HeirDecision:
    who = _who_may_apply(heirs)
    if entry is None:
        reason = _("The applicant is not an heir of the deceased of the 1st to 3rd rank (민법 제1000조, 제1003조).")
        return HeirDecision(False, HeirBasis.NOT_AN_HEIR, None, reason, who)
    person, relation = entry
    relation_text = _(RELATION_LABELS[relation])
    if person.status in _STATUS_REFUSALS:
        basis, message = _STATUS_REFUSALS[person.status]
        return HeirDecision(False, basis, None, _(message).format(relation=relation_text), who)
    nominal = NOMINAL_RANK.get(relation)
    if nominal in (1, 2) and inheritance(family).accrued_to_spouse:
        reason = _("Every heir who would have inherited with the spouse renounced, so their shares went to the spouse, who inherits alone (민법 제1043조; 대법원 2023. 3. 23.자 2020그42 전원합의체 결정).")
        return HeirDecision(False, HeirBasis.OUTRANKED, None, reason, who)
    if heirs and nominal is not None and heirs[0].rank < nominal:
        reason = _("A {relation} is a {rank} heir; an heir of a higher rank may apply instead: {heirs}.").format(
            relation=relation_text, rank=_(RANK_LABELS[nominal]), heirs=_heirs_text(heirs),
        )  # fmt: skip
        renounce = _("Or: {document}").format(document=_(DOCUMENT_LABELS[Document.RENUNCIATION_DECISIONS]))
        return HeirDecision(False, HeirBasis.OUTRANKED, None, reason, [*who, renounce])
    if relation in (Relation.CHILD_IN_LAW, Relation.SIBLING_IN_LAW, Relation.NEPHEW_OR_NIECE):
        reason = _("A {relation} inherits only in place of a child or sibling who died before the deceased or was disqualified (대습상속, 민법 제1001조, 제1003조②).")
        return HeirDecision(False, HeirBasis.NOT_AN_HEIR, None, reason.format(relation=relation_text), who)
    if heirs:
        reason = _("A {relation} inherits only when no nearer relative of the same rank inherits (민법 제1000조②).")
        return HeirDecision(False, HeirBasis.OUTRANKED, None, reason.format(relation=relation_text), who)
    reason = _("A {relation} is not an heir of the 1st to 3rd rank here (민법 제1000조).")
    return HeirDecision(False, HeirBasis.NOT_AN_HEIR, None, reason.format(relation=relation_text), who)


def heir_eligibility(family: Family, applicant: InquiryApplicant) -> HeirDecision:
    """Whether `applicant` may file the 안심상속 inquiry for this family.

    ValidationError for contradictory input: the applicant (or the heir named) is the deceased; a
    guardian or proxy without the heir they act for; a proxy without the principal's name and valid
    registration number; a person listed twice. Otherwise a decision; a refusal names the rule and
    what would be needed (documents, or which heir may apply instead). An heir only because higher
    ranks renounced must apply in person, not by proxy: the 기준 says so of rank 2 after rank 1
    renounced; we apply it to every such heir, whose right rests on the same court decisions. A
    guardian or a minor's parent is a legal representative, not a proxy, and may apply for them.
    """
    members = family_members(family)
    _check_applicant(family, applicant)
    acting_documents = _REPRESENTATION_RULES[applicant.representation][0]
    acting = str(applicant.representation)
    if applicant.standing is Standing.ESTATE_ADMINISTRATOR:
        rank, basis = None, HeirBasis.ESTATE_ADMINISTRATOR
        required = [Document.ADMINISTRATOR_APPOINTMENT, *acting_documents]
        note = HeirStanding("administrator", representation=acting)
    else:
        heirs = heirs_of(family)
        principal_key = applicant.heir_key or applicant.key
        heir = next((h for h in heirs if h.key == principal_key), None)
        if heir is None:
            return _refuse_non_heir(family, members.get(principal_key), heirs)
        relation_text = _(RELATION_LABELS[heir.relation])
        if heir.by_renunciation and applicant.representation is Representation.PROXY:
            reason = _("The {relation} inherits only because the higher-ranked heirs renounced, and must then apply in person, not through a proxy (사망자 등 재산조회 통합처리에 관한 기준).")
            needed = [_("The {relation} in person").format(relation=relation_text), *_labels([Document.RENUNCIATION_DECISIONS])]
            return HeirDecision(False, HeirBasis.IN_PERSON_ONLY, heir.rank, reason.format(relation=relation_text), needed)
        rank = heir.rank
        shared_rank: int | None = rank
        shared: tuple[str, ...] = ()
        standing = "heir"
        if heir.by_representation:
            basis, standing = HeirBasis.REPRESENTATION, "representation"
        elif heir.relation is Relation.SPOUSE:
            basis = HeirBasis.SPOUSE
            if inheritance(family).accrued_to_spouse:
                standing = "spouse_accrued"
            else:
                standing, shared_rank, shared = _spouse_standing(heirs)
        else:
            basis = _BASIS_BY_RANK[rank]
        note = HeirStanding(standing, str(heir.relation), shared_rank, shared, family.declared_missing, acting)
        required = [*acting_documents]
        if heir.by_renunciation:
            required.append(Document.RENUNCIATION_DECISIONS)
    absent = [document for document in required if document not in applicant.documents]
    if absent:
        return HeirDecision(False, HeirBasis.DOCUMENT_MISSING, rank, _(_MISSING_TEXTS[absent[0]]), _labels(absent))
    return HeirDecision(True, basis, rank, standing_text(note), _labels(required), note, tuple(required))
