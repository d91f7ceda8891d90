"""What proves a death to the clerk, and what the clerk does with what was presented.

가족관계의 등록 등에 관한 법률 (text in force from 2026-10-02, law.go.kr via legalize-kr/legalize-kr
kr/가족관계의등록등에관한법률/법률.md):
- 제84조①: the report carries a medical certificate of death (진단서) or a post-mortem report (검안서);
- 제84조③: when neither can be had for an unavoidable reason, a document proving the death that the
  대법원규칙 names, and the report states why neither certificate could be attached.
가족관계등록예규 「사망의 사실을 증명할 만한 서면」 (as amended by 제446호, in force 2015-02-01): such
documents are certificates by the 동(리)장 and 통장, or by two or more acquaintances (인우인); each
certificate gives the name, 등록기준지 and address of whoever signs it. The Supreme Court's 사망신고
guidance (reproduced by hwasun.go.kr 사망신고 안내 and funeral-home guides): those who certify must know
of the death, the reporter cannot vouch (신고인 자신은 인우보증인이 될 수 없다: a 동(리)장 or 통장 who
reports cannot also certify), and a public office's death certificate or a burial permit (관공서의
사망증명서 또는 매장인허증) also serves; when nothing can prove the death, the family court's declaration
of disappearance (실종선고, 민법 제27조) is reported instead (가족관계등록법 제92조).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.rules.death import DeathCertificate
from counter.rules.text import check_identifier, clean_reason, clean_text

REASON_MAX_LENGTH = 200
NAME_MAX_LENGTH = 60
MIN_ACQUAINTANCES = 2  # 인우인 2명 이상 (가족관계등록예규)


class DeathProof(StrEnum):
    """A document presented to prove the death (codes of at most 16 characters)."""

    DIAGNOSIS = "diagnosis"  # 사망진단서, 제84조①
    POSTMORTEM = "postmortem"  # 사체검안서, 제84조①
    HEADS_CERTIFICATE = "heads_cert"  # 동(리)장·통장의 사망증명서, 제84조③
    ACQUAINTANCES_CERTIFICATE = "acquaintances"  # 인우인 2명 이상의 사망증명서 (인우보증), 제84조③
    PUBLIC_OFFICE_CERTIFICATE = "public_office"  # 관공서의 사망증명서, 제84조③
    BURIAL_PERMIT = "burial_permit"  # 매장인허증, 제84조③

    @property
    def certificate(self) -> DeathCertificate:
        """The proof as the death report records it (`counter.rules.death.DeathCertificate`)."""
        if self is DeathProof.DIAGNOSIS:
            return DeathCertificate.DIAGNOSIS
        if self is DeathProof.POSTMORTEM:
            return DeathCertificate.POSTMORTEM
        return DeathCertificate.OTHER_PROOF


DEATH_PROOF_LABELS: dict[DeathProof, str] = {
    DeathProof.DIAGNOSIS: N_("death certificate by the treating doctor"),
    DeathProof.POSTMORTEM: N_("post-mortem report"),
    DeathProof.HEADS_CERTIFICATE: N_("certificate of death by the dong, ri or tong head"),
    DeathProof.ACQUAINTANCES_CERTIFICATE: N_("certificate of death by two or more acquaintances"),
    DeathProof.PUBLIC_OFFICE_CERTIFICATE: N_("death certificate of a public office"),
    DeathProof.BURIAL_PERMIT: N_("burial permit"),
}

_MEDICAL = frozenset({DeathProof.DIAGNOSIS, DeathProof.POSTMORTEM})


class CertifierRole(StrEnum):
    """In what capacity a person signs a certificate of death."""

    DONG_RI_HEAD = "dong_ri_head"  # 동장·이장
    TONG_HEAD = "tong_head"  # 통장
    ACQUAINTANCE = "acquaintance"  # 인우인


CERTIFIER_ROLE_LABELS: dict[CertifierRole, str] = {
    CertifierRole.DONG_RI_HEAD: N_("dong or ri head"), CertifierRole.TONG_HEAD: N_("tong head"),
    CertifierRole.ACQUAINTANCE: N_("acquaintance")}
"""In what capacity someone vouches for the death (msgids)."""
_HEADS = frozenset({CertifierRole.DONG_RI_HEAD, CertifierRole.TONG_HEAD})


@dataclass(frozen=True)
class Person:
    """Someone named on the report: the name and, when given, an identifier (registration number)."""

    name: str
    identifier: str = ""


@dataclass(frozen=True)
class Certifier:
    """Someone who signs a certificate of death, and in what capacity."""

    name: str
    role: CertifierRole
    identifier: str = ""


class DeathProofAction(StrEnum):
    """What the clerk does with the report."""

    ACCEPT = "accept"
    ACCEPT_WITH_REASON = "accept_with_reason"  # other proof: the reason no certificate could be had is recorded
    REFUSE = "refuse"


DEATH_PROOF_RULES = {
    "medical": N_("Proof of death: {proof}. Accept the report (가족관계등록법 제84조①)."),
    "other_proof": N_("Proof of death: {proof}, in place of a death certificate because: {reason}. Accept the report "
                      "and record the reason (가족관계등록법 제84조③)."),
    "reason_missing": N_("State why no death certificate or post-mortem report can be had: other proof is accepted "
                         "only with that reason (가족관계등록법 제84조③)."),
    "reporter_certifies": N_("The reporter cannot also vouch for the death (person {number} on the certificate): "
                             "someone else who knows of the death must sign (가족관계등록예규 「사망의 사실을 증명할 "
                             "만한 서면」)."),
    "certifier_twice": N_("Person {number} on the certificate is already listed: each person vouches once."),
    "too_few_acquaintances": N_("A certificate by acquaintances needs at least two people who know of the death "
                                "(가족관계등록예규 「사망의 사실을 증명할 만한 서면」)."),
    "no_head": N_("A certificate by the dong, ri or tong head must be signed by that head (가족관계등록예규 「사망의 "
                  "사실을 증명할 만한 서면」)."),
    "no_proof": N_("No death certificate, post-mortem report or other proof of the death: the report cannot be "
                   "accepted (가족관계등록법 제84조①③). When nothing can prove the death, the family court's "
                   "declaration of disappearance (실종선고, 민법 제27조) is reported instead (가족관계등록법 제92조)."),
}


@dataclass(frozen=True)
class DeathProofDecision:
    """What the clerk does with the proof of death presented; `rule` is a key of `DEATH_PROOF_RULES`."""

    action: DeathProofAction
    rule: str
    proof: DeathProof | None = None
    reason: str = ""
    """Why no death certificate could be had (other proof), as recorded (cleaned)."""
    field: str = ""
    """For a refusal: the field to correct."""
    certifier: int | None = None
    """For a refusal about one signer: its position on the certificate, from 1."""

    @property
    def accepted(self) -> bool:
        """True when the report can be accepted with this proof."""
        return self.action is not DeathProofAction.REFUSE

    @property
    def message(self) -> str:
        """The rule applied, in the current language."""
        proof = _(DEATH_PROOF_LABELS[self.proof]) if self.proof is not None else ""
        return _(DEATH_PROOF_RULES[self.rule]).format(proof=proof, reason=self.reason, number=self.certifier)


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _identifier_key(identifier: str) -> str:
    return "".join(unicodedata.normalize("NFKC", identifier).split()).replace("-", "").upper()


def same_person(first_name: str, first_identifier: str, second_name: str, second_identifier: str) -> bool:
    """Whether two entries name the same person: by identifier when both have one (two people may share
    a name), else by name (spaces, width and case ignored): without identifiers the same name counts
    as the same person."""
    if _identifier_key(first_identifier) and _identifier_key(second_identifier):
        return _identifier_key(first_identifier) == _identifier_key(second_identifier)
    return bool(_name_key(first_name)) and _name_key(first_name) == _name_key(second_name)


def _checked_person(name: str, identifier: str, *, field: str) -> tuple[str, str]:
    checked_name = clean_text(name, field=f"{field}.name", max_length=NAME_MAX_LENGTH, required=True)
    return checked_name, check_identifier(identifier, field=f"{field}.identifier")


def _signers_problem(proof: DeathProof, reporter: tuple[str, str], certifiers: Sequence[Certifier], *,
                     field: str) -> DeathProofDecision | None:
    """The first problem with who signed a certificate of death, or None."""
    where = f"{field}_certifiers"
    seen: list[tuple[str, str]] = []
    roles: list[CertifierRole] = []
    for index, certifier in enumerate(certifiers):
        name, identifier = _checked_person(certifier.name, certifier.identifier, field=f"{where}[{index}]")
        try:
            roles.append(CertifierRole(certifier.role))
        except ValueError:
            raise ValidationError(_("Say in what capacity this person signs: dong or ri head, tong head, or "
                                    "acquaintance."), field=f"{where}[{index}].role", code="certifier_role") from None
        if same_person(name, identifier, *reporter):
            return DeathProofDecision(DeathProofAction.REFUSE, "reporter_certifies", proof, field=f"{where}[{index}]",
                                      certifier=index + 1)
        if any(same_person(name, identifier, *other) for other in seen):
            return DeathProofDecision(DeathProofAction.REFUSE, "certifier_twice", proof, field=f"{where}[{index}]",
                                      certifier=index + 1)
        seen.append((name, identifier))
    if proof is DeathProof.ACQUAINTANCES_CERTIFICATE and roles.count(CertifierRole.ACQUAINTANCE) < MIN_ACQUAINTANCES:
        return DeathProofDecision(DeathProofAction.REFUSE, "too_few_acquaintances", proof, field=where)
    if proof is DeathProof.HEADS_CERTIFICATE and not any(role in _HEADS for role in roles):
        return DeathProofDecision(DeathProofAction.REFUSE, "no_head", proof, field=where)
    return None


def death_proof_decision(proof: DeathProof | str | None, *, reporter: Person, reason_without: str = "",
                         certifiers: Sequence[Certifier] = (), field: str = "certificate") -> DeathProofDecision:
    """What the clerk does with the proof of death presented with a report (가족관계등록법 제84조).

    A death certificate or post-mortem report is accepted (①). Any other proof needs the reason neither
    could be had (③, field `{field}_reason`); a certificate by acquaintances needs at least two of them,
    a certificate by heads a 동·리장 or 통장, and no signer may be the reporter or be listed twice (field
    `{field}_certifiers[i]`; the same person by identifier when both are given, else by name). A public
    office's certificate or a burial permit needs only the reason. No proof at all: refused, and the
    family is told of the declaration of disappearance (field `{field}`). Names, identifiers and the
    reason are refused with hidden characters (ValidationError); the reason may hold no registration or
    phone number.
    """
    try:
        kind = DeathProof(proof) if proof is not None else None
    except ValueError:
        kind = None
    if kind is None:
        return DeathProofDecision(DeathProofAction.REFUSE, "no_proof", field=field)
    if kind in _MEDICAL:
        return DeathProofDecision(DeathProofAction.ACCEPT, "medical", kind)
    reason = clean_reason(reason_without, field=f"{field}_reason", max_length=REASON_MAX_LENGTH)
    if not reason:
        return DeathProofDecision(DeathProofAction.REFUSE, "reason_missing", kind, field=f"{field}_reason")
    if kind in (DeathProof.HEADS_CERTIFICATE, DeathProof.ACQUAINTANCES_CERTIFICATE):
        signer = _checked_person(reporter.name, reporter.identifier, field="reporter")
        problem = _signers_problem(kind, signer, certifiers, field=field)
        if problem is not None:
            return problem
    return DeathProofDecision(DeathProofAction.ACCEPT_WITH_REASON, "other_proof", kind, reason=reason)


def check_death_proof(proof: DeathProof | str | None, *, reporter: Person, reason_without: str = "",
                      certifiers: Sequence[Certifier] = (), field: str = "certificate") -> DeathProofDecision:
    """`death_proof_decision`, raising ValidationError (its message, field and rule as code) when the
    report cannot be accepted."""
    decision = death_proof_decision(proof, reporter=reporter, reason_without=reason_without,
                                    certifiers=certifiers, field=field)
    if not decision.accepted:
        raise ValidationError(decision.message, field=decision.field, code=decision.rule)
    return decision
