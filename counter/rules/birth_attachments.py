"""What proves a birth to the clerk, and what the clerk does with what was presented.

가족관계의 등록 등에 관한 법률 (text in force from 2026-10-02, law.go.kr via legalize-kr/legalize-kr
kr/가족관계의등록등에관한법률/법률.md):
- 제44조④ 본문: the report carries the birth certificate (출생증명서) made by the doctor or midwife;
  단서, instead of it: 1호 a document proving the birth made by a person who directly attended the
  delivery (분만에 직접 관여한 자), with material proving that the mother gave birth attached (모의
  출산사실을 증명할 수 있는 자료 등을 첨부); 2호 a document of a Korean or foreign competent authority
  proving the birth; 3호 a 119 rescue/emergency activity log (「119구조ㆍ구급에 관한 법률」 제22조)
  proving that the mother gave birth (added by the amendment of 2023-07-18);
- 제44조의2①: when none of these can be attached, the family court confirms the birth (출생확인) and
  the birth is reported within one month of receiving the confirmation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.rules.text import clean_reason

MATERIAL_MAX_LENGTH = 200


class BirthProof(StrEnum):
    """A document presented to prove the birth."""

    MEDICAL_CERTIFICATE = "medical_certificate"  # 출생증명서 by the doctor or midwife, 제44조④ 본문
    ATTENDANT_STATEMENT = "attendant_statement"  # by the person who attended the delivery, 제44조④1호
    AUTHORITY_DOCUMENT = "authority_document"  # of a Korean or foreign competent authority, 제44조④2호
    EMERGENCY_LOG = "emergency_log"  # 119 구조·구급활동상황일지, 제44조④3호
    COURT_CONFIRMATION = "court_confirmation"  # 가정법원의 출생확인서, 제44조의2①


BIRTH_PROOF_LABELS: dict[BirthProof, str] = {
    BirthProof.MEDICAL_CERTIFICATE: N_("birth certificate by the doctor or midwife"),
    BirthProof.ATTENDANT_STATEMENT: N_("statement by the person who attended the delivery"),
    BirthProof.AUTHORITY_DOCUMENT: N_("document of a Korean or foreign authority proving the birth"),
    BirthProof.EMERGENCY_LOG: N_("119 rescue and emergency activity log"),
    BirthProof.COURT_CONFIRMATION: N_("family court's confirmation of the birth"),
}

# The strongest document decides; the statement counts only with its material.
_PRECEDENCE = (BirthProof.MEDICAL_CERTIFICATE, BirthProof.AUTHORITY_DOCUMENT, BirthProof.EMERGENCY_LOG,
               BirthProof.COURT_CONFIRMATION, BirthProof.ATTENDANT_STATEMENT)


class BirthProofAction(StrEnum):
    """What the clerk does with the report."""

    ACCEPT = "accept"
    ACCEPT_NOTING_MATERIAL = "accept_noting_material"  # the statement's supporting material is recorded
    REFUSE_FAMILY_COURT = "refuse_family_court"  # not accepted: the family court must confirm the birth first


BIRTH_PROOF_RULES = {
    "medical_certificate": N_("Birth certificate by the doctor or midwife: accept the report (가족관계등록법 제44조④)."),
    "attendant_statement": N_("Statement by the person who attended the delivery, with material proving the mother "
                              "gave birth ({material}): accept the report and note the material (가족관계등록법 "
                              "제44조④1호)."),
    "authority_document": N_("Document of a Korean or foreign authority proving the birth: accept the report "
                             "(가족관계등록법 제44조④2호)."),
    "emergency_log": N_("119 rescue and emergency activity log showing the mother gave birth: accept the report "
                        "(가족관계등록법 제44조④3호)."),
    "court_confirmation": N_("Family court's confirmation of the birth: accept the report; it is due within one "
                             "month of receiving the confirmation (가족관계등록법 제44조의2①)."),
    "statement_without_material": N_("A statement by the person who attended the delivery needs material proving the "
                                     "mother gave birth, such as her medical records (가족관계등록법 제44조④1호). "
                                     "Without it or another document the report cannot be accepted: the family court "
                                     "must first confirm the birth (제44조의2①)."),
    "no_proof": N_("No birth certificate and no document in its place: the report cannot be accepted. The family "
                   "court must first confirm the birth; the report is then due within one month of receiving the "
                   "confirmation (가족관계등록법 제44조의2①)."),
}


@dataclass(frozen=True)
class BirthProofDecision:
    """What the clerk does with the documents presented; `rule` is a key of `BIRTH_PROOF_RULES`."""

    action: BirthProofAction
    rule: str
    proof: BirthProof | None = None
    """The document the report rests on (None when refused)."""
    material: str = ""
    """The statement's supporting material, as recorded (cleaned)."""
    field: str = ""
    """For a refusal: the field to complete."""

    @property
    def accepted(self) -> bool:
        """True when the report can be accepted with these documents."""
        return self.action is not BirthProofAction.REFUSE_FAMILY_COURT

    @property
    def message(self) -> str:
        """The rule applied, in the current language."""
        return _(BIRTH_PROOF_RULES[self.rule]).format(material=self.material)


def birth_proof_decision(presented: Iterable[BirthProof | str], *, supporting_material: str = "",
                         field: str = "attachments") -> BirthProofDecision:
    """What the clerk does with the documents `presented` for a birth report (가족관계등록법 제44조④,
    제44조의2①).

    The strongest document decides: a birth certificate by the doctor or midwife, else an authority's
    document, a 119 activity log, the family court's confirmation; a statement by the person who
    attended the delivery counts only with `supporting_material` (what proves the mother gave birth:
    it is recorded). Without any of these the report is refused and the family is directed to the
    family court (제44조의2①). Unknown document codes count as nothing; the material text is refused
    with a hidden character or a registration or phone number in it (`clean_reason`).
    """
    kinds: set[BirthProof] = set()
    for item in presented:
        try:
            kinds.add(BirthProof(item))
        except ValueError:
            continue
    material = clean_reason(supporting_material, field=f"{field}.material", max_length=MATERIAL_MAX_LENGTH)
    for proof in _PRECEDENCE:
        if proof not in kinds:
            continue
        if proof is BirthProof.ATTENDANT_STATEMENT:
            if not material:
                return BirthProofDecision(BirthProofAction.REFUSE_FAMILY_COURT, "statement_without_material",
                                          field=f"{field}.material")
            return BirthProofDecision(BirthProofAction.ACCEPT_NOTING_MATERIAL, "attendant_statement", proof,
                                      material=material)
        return BirthProofDecision(BirthProofAction.ACCEPT, proof.value, proof)
    return BirthProofDecision(BirthProofAction.REFUSE_FAMILY_COURT, "no_proof", field=field)


def check_birth_proof(presented: Iterable[BirthProof | str], *, supporting_material: str = "",
                      field: str = "attachments") -> BirthProofDecision:
    """`birth_proof_decision`, raising ValidationError (its message, field and rule as code) when the
    report cannot be accepted."""
    decision = birth_proof_decision(presented, supporting_material=supporting_material, field=field)
    if not decision.accepted:
        raise ValidationError(decision.message, field=decision.field, code=decision.rule)
    return decision
