"""Who may apply for the 안심상속 asset inquiry: legal cases of the Civil Act (민법 제1000조-제1004조,
제1042조-제1043조) and of the 사망자 등 재산조회 통합처리에 관한 기준."""

from __future__ import annotations

import pytest

from counter.base.errors import ValidationError
from counter.base.i18n import set_language
from counter.rules.heir_eligibility import HeirBasis, heir_eligibility
from counter.rules.heirs import Family, Relation, Relative, Status, family_members, heirs_of
from counter.rules.inquiry_applicant import Document, InquiryApplicant, PrincipalDetails, Representation, Standing

ALIVE, RENOUNCED, PREDECEASED, DISQUALIFIED = Status.ALIVE, Status.RENOUNCED, Status.PREDECEASED, Status.DISQUALIFIED
PROXY, ADULT, LIMITED, MINOR = (
    Representation.PROXY,
    Representation.ADULT_GUARDIAN,
    Representation.LIMITED_GUARDIAN,
    Representation.MINOR_REPRESENTATIVE,
)
POA, REGISTRY, COURT_ORDER, APPOINTMENT, RENUNCIATIONS = (
    Document.POWER_OF_ATTORNEY,
    Document.GUARDIANSHIP_REGISTRY,
    Document.GUARDIAN_COURT_ORDER,
    Document.ADMINISTRATOR_APPOINTMENT,
    Document.RENUNCIATION_DECISIONS,
)
PRINCIPAL = PrincipalDetails(name="김상속", rrn="800101-1234567")


def person(key: str, status: Status = ALIVE, *children: Relative, spouse: Relative | None = None) -> Relative:
    return Relative(key, status, tuple(children), spouse)


def in_person(key: str, *documents: Document) -> InquiryApplicant:
    return InquiryApplicant(key, documents=frozenset(documents))


def acting(representation: Representation, heir: str, *documents: Document) -> InquiryApplicant:
    principal = PRINCIPAL if representation is PROXY else None
    return InquiryApplicant("agent", representation=representation, heir_key=heir, principal=principal, documents=frozenset(documents))


# The families of the legal cases.
WIFE_AND_SON = Family(spouse=person("wife"), children=(person("son"),), parents=(person("mother"),), siblings=(person("brother"),))
SON_PREDECEASED = Family(
    children=(person("son", PREDECEASED, person("grandson"), spouse=person("daughter_in_law")), person("daughter")),
    siblings=(person("brother"),),
)
NO_DESCENDANTS = Family(spouse=person("wife"), parents=(person("father"), person("mother", PREDECEASED)), siblings=(person("sister"),))
CHILDREN_RENOUNCED = Family(
    children=(person("son", RENOUNCED, person("grandson")), person("daughter", RENOUNCED)),
    parents=(person("father"),),
)
CHILDREN_RENOUNCED_NO_GRANDCHILDREN = Family(
    children=(person("son", RENOUNCED), person("daughter", RENOUNCED)), parents=(person("father"),), siblings=(person("sister"),)
)
CHILDREN_RENOUNCED_WIFE_STAYS = Family(
    spouse=person("wife"), children=(person("son", RENOUNCED, person("grandson")),), parents=(person("father"),)
)
ONLY_SIBLINGS = Family(
    parents=(person("father", PREDECEASED),),
    siblings=(person("brother", PREDECEASED, person("nephew"), spouse=person("sister_in_law")), person("sister")),
)
ONLY_GRANDPARENTS = Family(parents=(person("father", PREDECEASED),), grandparents=(person("grandmother"),))


CASES = [
    # (id, family, applicant, allowed, basis, rank)
    ("sibling while the deceased has a child", WIFE_AND_SON, in_person("brother"), False, HeirBasis.OUTRANKED, None),
    ("spouse with children", WIFE_AND_SON, in_person("wife"), True, HeirBasis.SPOUSE, 1),
    ("child", WIFE_AND_SON, in_person("son"), True, HeirBasis.DESCENDANT, 1),
    ("parent while the deceased has a child", WIFE_AND_SON, in_person("mother"), False, HeirBasis.OUTRANKED, None),
    ("grandchild whose parent predeceased", SON_PREDECEASED, in_person("grandson"), True, HeirBasis.REPRESENTATION, 1),
    ("spouse of a predeceased child", SON_PREDECEASED, in_person("daughter_in_law"), True, HeirBasis.REPRESENTATION, 1),
    ("grandchild whose parent was disqualified",
     Family(children=(person("son", DISQUALIFIED, person("grandson")),)), in_person("grandson"), True, HeirBasis.REPRESENTATION, 1),
    ("grandchild whose parent is alive",
     Family(children=(person("son", ALIVE, person("grandson")),)), in_person("grandson"), False, HeirBasis.OUTRANKED, None),
    ("grandchild whose parent renounced while another child inherits",
     Family(children=(person("son", RENOUNCED, person("grandson")), person("daughter"))), in_person("grandson"), False, HeirBasis.OUTRANKED, None),
    ("child-in-law whose spouse is alive",
     Family(children=(person("son", spouse=person("daughter_in_law")),)), in_person("daughter_in_law"), False, HeirBasis.NOT_AN_HEIR, None),
    ("parent with no descendants", NO_DESCENDANTS, in_person("father"), True, HeirBasis.ASCENDANT, 2),
    ("spouse with a parent", NO_DESCENDANTS, in_person("wife"), True, HeirBasis.SPOUSE, 2),
    ("sibling while the spouse inherits", NO_DESCENDANTS, in_person("sister"), False, HeirBasis.OUTRANKED, None),
    ("spouse alone", Family(spouse=person("wife"), siblings=(person("sister"),)), in_person("wife"), True, HeirBasis.SPOUSE, 2),
    ("grandparent when no parent survives", ONLY_GRANDPARENTS, in_person("grandmother"), True, HeirBasis.ASCENDANT, 2),
    ("grandparent while a parent inherits",
     Family(parents=(person("father"),), grandparents=(person("grandmother"),)), in_person("grandmother"), False, HeirBasis.OUTRANKED, None),
    ("sibling with no rank 1, rank 2 or spouse", ONLY_SIBLINGS, in_person("sister"), True, HeirBasis.SIBLING, 3),
    ("nephew whose parent predeceased", ONLY_SIBLINGS, in_person("nephew"), True, HeirBasis.REPRESENTATION, 3),
    ("spouse of a predeceased sibling", ONLY_SIBLINGS, in_person("sister_in_law"), True, HeirBasis.REPRESENTATION, 3),
    ("nephew whose parent is alive",
     Family(siblings=(person("brother", ALIVE, person("nephew")),)), in_person("nephew"), False, HeirBasis.NOT_AN_HEIR, None),
    ("nephew after every sibling renounced (4th rank)",
     Family(siblings=(person("brother", RENOUNCED, person("nephew")),)), in_person("nephew"), False, HeirBasis.NOT_AN_HEIR, None),
    ("child who renounced", CHILDREN_RENOUNCED, in_person("son"), False, HeirBasis.RENOUNCED, None),
    ("disqualified child", Family(children=(person("son", DISQUALIFIED),)), in_person("son"), False, HeirBasis.DISQUALIFIED, None),
    ("grandchild after every child renounced, no spouse",
     CHILDREN_RENOUNCED, in_person("grandson", RENUNCIATIONS), True, HeirBasis.DESCENDANT, 1),
    ("parent while a grandchild inherits after the children renounced",
     CHILDREN_RENOUNCED, in_person("father"), False, HeirBasis.OUTRANKED, None),
    ("rank 2 after rank 1 renounced, in person with the court decisions",
     CHILDREN_RENOUNCED_NO_GRANDCHILDREN, in_person("father", RENUNCIATIONS), True, HeirBasis.ASCENDANT, 2),
    ("rank 2 after rank 1 renounced, without the court decisions",
     CHILDREN_RENOUNCED_NO_GRANDCHILDREN, in_person("father"), False, HeirBasis.DOCUMENT_MISSING, 2),
    ("rank 2 after rank 1 renounced, through a proxy",
     CHILDREN_RENOUNCED_NO_GRANDCHILDREN, acting(PROXY, "father", POA, RENUNCIATIONS), False, HeirBasis.IN_PERSON_ONLY, 2),
    ("rank 2 after rank 1 renounced, through an adult guardian",
     CHILDREN_RENOUNCED_NO_GRANDCHILDREN, acting(ADULT, "father", REGISTRY, RENUNCIATIONS), True, HeirBasis.ASCENDANT, 2),
    ("spouse alone after every child renounced (2020그42)",
     CHILDREN_RENOUNCED_WIFE_STAYS, in_person("wife"), True, HeirBasis.SPOUSE, 1),
    ("grandchild beside a spouse who did not renounce (2020그42)",
     CHILDREN_RENOUNCED_WIFE_STAYS, in_person("grandson", RENUNCIATIONS), False, HeirBasis.OUTRANKED, None),
    ("parent beside a spouse who did not renounce (2020그42)",
     CHILDREN_RENOUNCED_WIFE_STAYS, in_person("father", RENUNCIATIONS), False, HeirBasis.OUTRANKED, None),
    ("person outside the family", WIFE_AND_SON, in_person("neighbour"), False, HeirBasis.NOT_AN_HEIR, None),
    ("predeceased child named as the heir", SON_PREDECEASED, acting(ADULT, "son", REGISTRY), False, HeirBasis.NOT_AN_HEIR, None),
    # Those acting for an heir.
    ("adult guardian of a child", WIFE_AND_SON, acting(ADULT, "son", REGISTRY), True, HeirBasis.DESCENDANT, 1),
    ("adult guardian without the registration", WIFE_AND_SON, acting(ADULT, "son"), False, HeirBasis.DOCUMENT_MISSING, 1),
    ("limited guardian with a court order covering it", WIFE_AND_SON, acting(LIMITED, "son", COURT_ORDER), True, HeirBasis.DESCENDANT, 1),
    ("limited guardian without a court order", WIFE_AND_SON, acting(LIMITED, "son", REGISTRY), False, HeirBasis.DOCUMENT_MISSING, 1),
    ("parent of a minor heir", WIFE_AND_SON, acting(MINOR, "son"), True, HeirBasis.DESCENDANT, 1),
    ("proxy with a power of attorney", WIFE_AND_SON, acting(PROXY, "wife", POA), True, HeirBasis.SPOUSE, 1),
    ("proxy without a power of attorney", WIFE_AND_SON, acting(PROXY, "wife"), False, HeirBasis.DOCUMENT_MISSING, 1),
    ("proxy for a sibling who is outranked", WIFE_AND_SON, acting(PROXY, "brother", POA), False, HeirBasis.OUTRANKED, None),
    ("estate administrator", WIFE_AND_SON,
     InquiryApplicant("lawyer", standing=Standing.ESTATE_ADMINISTRATOR, documents=frozenset({APPOINTMENT})), True, HeirBasis.ESTATE_ADMINISTRATOR, None),
    ("estate administrator through a proxy", Family(),
     InquiryApplicant("clerk", Standing.ESTATE_ADMINISTRATOR, PROXY, principal=PRINCIPAL, documents=frozenset({APPOINTMENT, POA})),
     True, HeirBasis.ESTATE_ADMINISTRATOR, None),
    ("estate administrator without the appointment", Family(),
     InquiryApplicant("lawyer", standing=Standing.ESTATE_ADMINISTRATOR), False, HeirBasis.DOCUMENT_MISSING, None),
]  # fmt: skip


@pytest.mark.parametrize(("family", "applicant", "allowed", "basis", "rank"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_heir_eligibility_legal_cases(
    family: Family, applicant: InquiryApplicant, allowed: bool, basis: HeirBasis, rank: int | None
) -> None:
    decision = heir_eligibility(family, applicant)
    assert (decision.allowed, decision.basis, decision.rank) == (allowed, basis, rank)
    assert decision.reason
    if not allowed:
        assert decision.needed, "a refusal says what would be needed"


def test_sibling_is_told_the_child_of_rank_one_may_apply() -> None:
    decision = heir_eligibility(WIFE_AND_SON, in_person("brother"))
    assert decision.reason == (
        "형제자매는 제3순위 상속인입니다. 선순위 상속인이 있으므로 그 상속인이 신청할 수 있습니다: "
        "제1순위 상속인(자녀) 또는 이와 공동상속하는 배우자(민법 제1003조①)."
    )
    assert decision.needed[0] == "제1순위 상속인(자녀) 또는 이와 공동상속하는 배우자(민법 제1003조①)의 신청"


def test_sibling_refusal_reads_in_english_too() -> None:
    set_language("en")
    decision = heir_eligibility(Family(children=(person("son"),), siblings=(person("sister"),)), in_person("sister"))
    assert decision.reason == "A sibling is a 3rd-rank heir; an heir of a higher rank may apply instead: the 1st-rank heir (child)."


def test_grandchild_by_representation_is_told_so() -> None:
    decision = heir_eligibility(SON_PREDECEASED, in_person("grandson"))
    assert "대습상속" in decision.reason and "제1001조" in decision.reason


def test_limited_guardian_without_court_order_is_told_which_order_is_needed() -> None:
    decision = heir_eligibility(WIFE_AND_SON, acting(LIMITED, "son"))
    assert "제959조의4" in decision.reason
    assert decision.needed == ["한정후견인에게 재산조회에 관한 대리권을 수여한 가정법원 심판서"]


def test_rank_two_by_renunciation_is_told_to_come_in_person() -> None:
    decision = heir_eligibility(CHILDREN_RENOUNCED_NO_GRANDCHILDREN, acting(PROXY, "father", POA, RENUNCIATIONS))
    assert "본인이 직접 방문하여 신청" in decision.reason
    assert decision.needed[0] == "부모 본인의 직접 방문 신청"


def test_parent_beside_spouse_after_children_renounced_is_told_the_spouse_inherits_alone() -> None:
    decision = heir_eligibility(CHILDREN_RENOUNCED_WIFE_STAYS, in_person("father"))
    assert "2020그42" in decision.reason
    assert decision.needed == ["단독 상속하는 배우자의 신청"]


def test_with_no_heir_at_all_the_estate_administrator_is_named() -> None:
    decision = heir_eligibility(Family(siblings=(person("brother", RENOUNCED),)), in_person("brother"))
    assert decision.basis is HeirBasis.RENOUNCED
    assert "상속재산관리인" in decision.needed[0]


def test_allowed_decision_lists_the_documents_to_see() -> None:
    decision = heir_eligibility(WIFE_AND_SON, acting(PROXY, "wife", POA))
    assert decision.needed == ["위임장(위임자 신분증 사본 첨부)"]
    assert "대리인" in decision.reason


def test_heir_of_a_person_declared_missing_is_told_so() -> None:
    family = Family(children=(person("son"),), declared_missing=True)
    decision = heir_eligibility(family, in_person("son"))
    assert (decision.allowed, decision.rank) == (True, 1)
    assert "실종선고" in decision.reason


# --- Rejected input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        (in_person("deceased"), "applicant"),
        (acting(ADULT, "deceased", REGISTRY), "applicant"),
        (InquiryApplicant("agent", representation=PROXY, heir_key="son", documents=frozenset({POA})), "applicant.principal"),
        (InquiryApplicant("agent", representation=PROXY, heir_key="son", principal=PrincipalDetails("", "800101-1234567")), "applicant.principal.name"),
        (InquiryApplicant("agent", representation=PROXY, heir_key="son", principal=PrincipalDetails("김\x1b[0m상속", "800101-1234567")), "applicant.principal.name"),
        (InquiryApplicant("agent", representation=PROXY, heir_key="son", principal=PrincipalDetails("김상속", "801301-1234567")), "applicant.principal.rrn"),
        (InquiryApplicant("agent", representation=ADULT), "applicant.heir"),
        (InquiryApplicant("wife", heir_key="son"), "applicant.heir"),
        (InquiryApplicant("lawyer", Standing.ESTATE_ADMINISTRATOR, ADULT), "applicant.representation"),
    ],
    ids=[
        "applicant is the deceased",
        "guardian for the deceased",
        "proxy without principal",
        "proxy with blank principal name",
        "principal name with an escape sequence",
        "principal with an impossible registration number",
        "guardian without the heir",
        "in person for someone else",
        "estate administrator through a guardian",
    ],
)
def test_contradictory_applicants_are_rejected_naming_the_field(applicant: InquiryApplicant, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        heir_eligibility(WIFE_AND_SON, applicant)
    assert error.value.field == field


@pytest.mark.parametrize(
    "family",
    [
        Family(children=(person("son"),), siblings=(person("son"),)),
        Family(children=(person("deceased"),)),
        Family(children=(person("son", PREDECEASED, spouse=person("wife")),), spouse=person("wife")),
    ],
    ids=["same key twice", "the deceased among the relatives", "spouse listed twice"],
)
def test_a_family_listing_one_person_twice_is_rejected(family: Family) -> None:
    with pytest.raises(ValidationError) as error:
        heirs_of(family)
    assert error.value.field == "family"


# --- The heirs themselves --------------------------------------------------------------------------


def test_heirs_of_a_family_with_representation_and_renunciation() -> None:
    family = Family(
        spouse=person("wife"),
        children=(
            person("son", PREDECEASED, person("grandson"), person("granddaughter", RENOUNCED), spouse=person("daughter_in_law")),
            person("daughter", RENOUNCED, person("grandchild_of_daughter")),
            person("youngest"),
        ),
        parents=(person("mother"),),
    )
    heirs = {(h.key, h.rank, h.by_representation, h.by_renunciation) for h in heirs_of(family)}
    assert heirs == {
        ("wife", 1, False, False),
        ("grandson", 1, True, False),
        ("daughter_in_law", 1, True, False),
        ("youngest", 1, False, False),
    }


def test_great_grandchild_represents_two_predeceased_generations() -> None:
    family = Family(children=(person("son", PREDECEASED, person("grandson", PREDECEASED, person("great_grandson"))),))
    (heir,) = heirs_of(family)
    assert (heir.key, heir.relation, heir.rank, heir.by_representation) == ("great_grandson", Relation.GRANDCHILD, 1, True)


def test_after_children_and_spouse_renounce_grandchildren_inherit_in_their_own_right() -> None:
    family = Family(spouse=person("wife", RENOUNCED), children=(person("son", RENOUNCED, person("grandson")),), parents=(person("father"),))
    (heir,) = heirs_of(family)
    assert (heir.key, heir.rank, heir.by_representation, heir.by_renunciation) == ("grandson", 1, False, True)


def test_relations_follow_the_place_in_the_family() -> None:
    members = family_members(ONLY_SIBLINGS)
    assert {key: relation for key, (_person, relation) in members.items()} == {
        "father": Relation.PARENT,
        "brother": Relation.SIBLING,
        "nephew": Relation.NEPHEW_OR_NIECE,
        "sister_in_law": Relation.SIBLING_IN_LAW,
        "sister": Relation.SIBLING,
    }


# 민법 제1003조①: the spouse inherits jointly with rank 1, failing it with rank 2, else alone. The spouse
# is never called "제2순위" on screen: that reads as if the spouse came after the parents.
@pytest.mark.parametrize(("family", "text"), [
    (Family(spouse=person("wife"), children=(person("son"), person("daughter"))),
     "배우자는 제1순위 상속인(자녀)과 공동상속하므로 신청할 수 있습니다(민법 제1003조①)."),
    (Family(spouse=person("wife"), parents=(person("father"),), siblings=(person("sister"),)),
     "배우자는 제2순위 상속인(부모)과 공동상속하므로 신청할 수 있습니다(민법 제1003조①)."),
    (Family(spouse=person("wife"), siblings=(person("sister"),)),
     "상속할 직계비속과 직계존속이 없어 배우자가 단독 상속하므로 신청할 수 있습니다(민법 제1003조①)."),
], ids=["with children", "with parents", "alone"])
def test_the_spouse_is_named_beside_the_rank_it_shares_or_as_inheriting_alone(family: Family, text: str) -> None:
    decision = heir_eligibility(family, in_person("wife"))
    assert decision.allowed and decision.basis is HeirBasis.SPOUSE
    assert decision.reason == text and "제2순위 상속인이므로" not in decision.reason


def test_a_sibling_is_told_the_spouse_inherits_alone() -> None:
    decision = heir_eligibility(Family(spouse=person("wife"), siblings=(person("sister"),)), in_person("sister"))
    assert not decision.allowed and decision.needed[0] == "단독 상속하는 배우자의 신청"
    assert "제2순위" not in decision.reason
