"""What proves a birth (가족관계등록법 제44조④, 제44조의2) and a death (제84조①③, 예규 on 인우보증), and
what the clerk does with what was presented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from counter.base.errors import ValidationError
from counter.base.i18n import in_language
from counter.rules.birth_attachments import (
    BIRTH_PROOF_LABELS,
    BIRTH_PROOF_RULES,
    BirthProof,
    BirthProofAction,
    birth_proof_decision,
    check_birth_proof,
)
from counter.rules.death import DeathCertificate
from counter.rules.death_attachments import (
    DEATH_PROOF_LABELS,
    DEATH_PROOF_RULES,
    Certifier,
    CertifierRole,
    DeathProof,
    DeathProofAction,
    Person,
    check_death_proof,
    death_proof_decision,
    same_person,
)

ROOT = Path(__file__).resolve().parents[2]
MATERIAL = "산부인과 산전 진료기록(2026-04-30)"
REASON = "자택에서 홀로 숨진 채 발견되어 검안을 받지 못함"
REPORTER = Person("김철수", "800101-1234567")
ACQUAINTANCE = CertifierRole.ACQUAINTANCE


# --- Birth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("presented", "rule", "article"),
    [
        ([BirthProof.MEDICAL_CERTIFICATE], "medical_certificate", "제44조④"),
        (["authority_document"], "authority_document", "제44조④2호"),
        (["emergency_log"], "emergency_log", "제44조④3호"),
        (["court_confirmation"], "court_confirmation", "제44조의2①"),
    ],
)
def test_each_document_of_the_law_is_accepted_with_its_article(presented: list[str], rule: str, article: str) -> None:
    decision = check_birth_proof(presented)
    assert (decision.action, decision.rule, decision.proof) == (BirthProofAction.ACCEPT, rule, BirthProof(presented[0]))
    assert decision.accepted
    assert article in decision.message


def test_a_statement_by_the_attendant_is_accepted_noting_its_material() -> None:
    decision = birth_proof_decision([BirthProof.ATTENDANT_STATEMENT], supporting_material=f"  {MATERIAL} ")
    assert decision.action is BirthProofAction.ACCEPT_NOTING_MATERIAL
    assert decision.material == MATERIAL
    with in_language("ko"):
        assert MATERIAL in decision.message and "제44조④1호" in decision.message


def test_a_statement_without_material_sends_the_family_to_the_family_court() -> None:
    decision = birth_proof_decision(["attendant_statement"], supporting_material="  ")
    assert decision.action is BirthProofAction.REFUSE_FAMILY_COURT
    assert (decision.rule, decision.field, decision.proof) == ("statement_without_material", "attachments.material", None)
    assert not decision.accepted
    with in_language("en"), pytest.raises(ValidationError) as error:
        check_birth_proof(["attendant_statement"])
    assert error.value.code == "statement_without_material"
    assert "제44조의2①" in error.value.message and "제44조④1호" in error.value.message


@pytest.mark.parametrize("presented", [[], ["photo_of_the_baby"], [None], ["MEDICAL_CERTIFICATE"], [["medical_certificate"]]])
def test_nothing_the_law_names_means_the_family_court_first(presented: list[object]) -> None:
    decision = birth_proof_decision(presented)  # type: ignore[arg-type]
    assert (decision.action, decision.rule, decision.field) == (BirthProofAction.REFUSE_FAMILY_COURT, "no_proof",
                                                                "attachments")
    with in_language("en"), pytest.raises(ValidationError) as error:
        check_birth_proof(presented, field="birth.attachments")  # type: ignore[arg-type]
    assert error.value.field == "birth.attachments"
    assert "family court" in error.value.message


@pytest.mark.parametrize(
    ("presented", "proof"),
    [
        (["attendant_statement", "medical_certificate"], BirthProof.MEDICAL_CERTIFICATE),
        (["court_confirmation", "emergency_log"], BirthProof.EMERGENCY_LOG),
        (["court_confirmation", "authority_document"], BirthProof.AUTHORITY_DOCUMENT),
        (["attendant_statement", "court_confirmation"], BirthProof.COURT_CONFIRMATION),  # statement lacks material
    ],
)
def test_the_strongest_document_presented_decides(presented: list[str], proof: BirthProof) -> None:
    decision = check_birth_proof(presented)
    assert decision.proof is proof
    assert decision.action is BirthProofAction.ACCEPT
    assert decision.material == ""


@pytest.mark.parametrize("material", ["기록\x1b[31m", "\u202e록기", "진료기록 900101-1234567", "전화 010-1234-5678", "가" * 201])
def test_hostile_material_text_is_refused(material: str) -> None:
    with pytest.raises(ValidationError) as error:
        birth_proof_decision(["attendant_statement"], supporting_material=material)
    assert error.value.field == "attachments.material"


# --- Death: certificates -------------------------------------------------------------------------


@pytest.mark.parametrize("proof", [DeathProof.DIAGNOSIS, DeathProof.POSTMORTEM])
def test_a_medical_certificate_of_death_is_accepted_without_reason(proof: DeathProof) -> None:
    decision = check_death_proof(proof, reporter=REPORTER)
    assert (decision.action, decision.rule, decision.reason) == (DeathProofAction.ACCEPT, "medical", "")
    with in_language("ko"):
        assert "제84조①" in decision.message and ("사망진단서" in decision.message or "사체검안서" in decision.message)


@pytest.mark.parametrize("proof", [None, "", "photo", "other_proof", "DIAGNOSIS"])
def test_without_any_proof_the_report_is_refused_and_the_declaration_of_disappearance_named(proof: str | None) -> None:
    decision = death_proof_decision(proof, reporter=REPORTER)
    assert (decision.action, decision.rule, decision.field) == (DeathProofAction.REFUSE, "no_proof", "certificate")
    with in_language("ko"), pytest.raises(ValidationError) as error:
        check_death_proof(proof, reporter=REPORTER)
    assert "실종선고" in error.value.message and error.value.code == "no_proof"


@pytest.mark.parametrize("proof", [DeathProof.PUBLIC_OFFICE_CERTIFICATE, DeathProof.BURIAL_PERMIT,
                                   DeathProof.HEADS_CERTIFICATE, DeathProof.ACQUAINTANCES_CERTIFICATE])
def test_other_proof_needs_the_reason_no_certificate_could_be_had(proof: DeathProof) -> None:
    certifiers = [Certifier("이영희", ACQUAINTANCE), Certifier("박민수", CertifierRole.TONG_HEAD)]
    decision = death_proof_decision(proof, reporter=REPORTER, reason_without=" ", certifiers=certifiers)
    assert (decision.action, decision.rule, decision.field) == (DeathProofAction.REFUSE, "reason_missing",
                                                                "certificate_reason")
    with in_language("en"), pytest.raises(ValidationError, match=r"제84조③"):
        check_death_proof(proof, reporter=REPORTER, certifiers=certifiers)


@pytest.mark.parametrize("proof", [DeathProof.PUBLIC_OFFICE_CERTIFICATE, DeathProof.BURIAL_PERMIT])
def test_a_public_office_certificate_or_burial_permit_is_accepted_with_the_reason(proof: DeathProof) -> None:
    decision = check_death_proof(proof, reporter=REPORTER, reason_without=f" {REASON} ")
    assert (decision.action, decision.reason) == (DeathProofAction.ACCEPT_WITH_REASON, REASON)
    with in_language("ko"):
        assert REASON in decision.message and "제84조③" in decision.message


def test_every_proof_is_recorded_as_the_death_report_records_it() -> None:
    assert DeathProof.DIAGNOSIS.certificate is DeathCertificate.DIAGNOSIS
    assert DeathProof.POSTMORTEM.certificate is DeathCertificate.POSTMORTEM
    others = set(DeathProof) - {DeathProof.DIAGNOSIS, DeathProof.POSTMORTEM}
    assert {proof.certificate for proof in others} == {DeathCertificate.OTHER_PROOF}
    assert all(len(proof.value) <= 16 for proof in DeathProof)


# --- Death: who vouches (인우보증) ----------------------------------------------------------------


def test_two_acquaintances_who_are_not_the_reporter_are_accepted() -> None:
    decision = check_death_proof(DeathProof.ACQUAINTANCES_CERTIFICATE, reporter=REPORTER, reason_without=REASON,
                                 certifiers=[Certifier("이영희", ACQUAINTANCE, "750505-2345678"),
                                             Certifier("박민수", ACQUAINTANCE)])
    assert decision.action is DeathProofAction.ACCEPT_WITH_REASON


@pytest.mark.parametrize(
    ("certifiers", "position"),
    [
        ([Certifier("김철수", ACQUAINTANCE), Certifier("이영희", ACQUAINTANCE)], 1),  # by name
        ([Certifier("이영희", ACQUAINTANCE), Certifier(" 김 철수 ", ACQUAINTANCE)], 2),  # spaces ignored
        ([Certifier("이영희", ACQUAINTANCE), Certifier("金哲洙", ACQUAINTANCE, "8001011234567")], 2),  # by identifier
        ([Certifier("이영희", ACQUAINTANCE), Certifier("김철수", ACQUAINTANCE, "８００１０１－１２３４５６７")], 2),
        ([Certifier("이영희", ACQUAINTANCE), Certifier("박민수", ACQUAINTANCE), Certifier("김철수", ACQUAINTANCE)], 3),
    ],
)
def test_the_reporter_cannot_be_one_of_those_who_vouch(certifiers: list[Certifier], position: int) -> None:
    decision = death_proof_decision(DeathProof.ACQUAINTANCES_CERTIFICATE, reporter=REPORTER, reason_without=REASON,
                                    certifiers=certifiers)
    assert (decision.action, decision.rule, decision.certifier) == (DeathProofAction.REFUSE, "reporter_certifies", position)
    assert decision.field == f"certificate_certifiers[{position - 1}]"
    with in_language("en"):
        assert f"person {position}" in decision.message


def test_a_namesake_of_the_reporter_with_another_registration_number_may_vouch() -> None:
    decision = death_proof_decision(DeathProof.ACQUAINTANCES_CERTIFICATE, reporter=REPORTER, reason_without=REASON,
                                    certifiers=[Certifier("김철수", ACQUAINTANCE, "810202-1234567"),
                                                Certifier("이영희", ACQUAINTANCE)])
    assert decision.accepted


def test_a_tong_head_who_reports_cannot_certify_the_death_himself() -> None:
    head = Person("최통장", "700303-1111111")
    decision = death_proof_decision(DeathProof.HEADS_CERTIFICATE, reporter=head, reason_without=REASON,
                                    certifiers=[Certifier("최통장", CertifierRole.TONG_HEAD, "700303-1111111")])
    assert decision.rule == "reporter_certifies"


def test_a_heads_certificate_by_another_head_is_accepted() -> None:
    decision = check_death_proof(DeathProof.HEADS_CERTIFICATE, reporter=REPORTER, reason_without=REASON,
                                 certifiers=[Certifier("정이장", CertifierRole.DONG_RI_HEAD)])
    assert decision.action is DeathProofAction.ACCEPT_WITH_REASON


@pytest.mark.parametrize(
    ("proof", "certifiers", "rule"),
    [
        (DeathProof.ACQUAINTANCES_CERTIFICATE, [], "too_few_acquaintances"),
        (DeathProof.ACQUAINTANCES_CERTIFICATE, [Certifier("이영희", ACQUAINTANCE)], "too_few_acquaintances"),
        (DeathProof.ACQUAINTANCES_CERTIFICATE,
         [Certifier("이영희", ACQUAINTANCE), Certifier("정이장", CertifierRole.DONG_RI_HEAD)], "too_few_acquaintances"),
        (DeathProof.ACQUAINTANCES_CERTIFICATE,
         [Certifier("이영희", ACQUAINTANCE), Certifier("이 영희", ACQUAINTANCE)], "certifier_twice"),
        (DeathProof.HEADS_CERTIFICATE, [], "no_head"),
        (DeathProof.HEADS_CERTIFICATE, [Certifier("이영희", ACQUAINTANCE)], "no_head"),
    ],
)
def test_certificates_signed_by_too_few_or_the_wrong_people_are_refused(
    proof: DeathProof, certifiers: list[Certifier], rule: str
) -> None:
    decision = death_proof_decision(proof, reporter=REPORTER, reason_without=REASON, certifiers=certifiers)
    assert (decision.action, decision.rule) == (DeathProofAction.REFUSE, rule)
    assert decision.field.startswith("certificate_certifiers")
    with pytest.raises(ValidationError) as error:
        check_death_proof(proof, reporter=REPORTER, reason_without=REASON, certifiers=certifiers)
    assert error.value.code == rule


@pytest.mark.parametrize(
    ("certifier", "field"),
    [
        (Certifier("", ACQUAINTANCE), "certificate_certifiers[0].name"),
        (Certifier("이영희\x1b]0;x\x07", ACQUAINTANCE), "certificate_certifiers[0].name"),
        (Certifier("이\u202e영희", ACQUAINTANCE), "certificate_certifiers[0].name"),
        (Certifier("이영희", ACQUAINTANCE, "750505\u200b-2345678"), "certificate_certifiers[0].identifier"),
        (Certifier("이영희", "neighbour"), "certificate_certifiers[0].role"),  # type: ignore[arg-type]
    ],
)
def test_hostile_or_incomplete_certifiers_are_refused_naming_the_field(certifier: Certifier, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        death_proof_decision(DeathProof.ACQUAINTANCES_CERTIFICATE, reporter=REPORTER, reason_without=REASON,
                             certifiers=[certifier, Certifier("박민수", ACQUAINTANCE)])
    assert error.value.field == field


@pytest.mark.parametrize("reason", ["사유\x1b[2J", "\u2066사유\u2069", "900101-1234567 본인 확인 불가", "가" * 201])
def test_hostile_reasons_are_refused(reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        death_proof_decision(DeathProof.BURIAL_PERMIT, reporter=REPORTER, reason_without=reason)
    assert error.value.field == "certificate_reason"


def test_a_reporter_with_hidden_characters_in_the_name_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        death_proof_decision(DeathProof.ACQUAINTANCES_CERTIFICATE, reporter=Person("김철수\x1b[8m"),
                             reason_without=REASON, certifiers=[Certifier("이영희", ACQUAINTANCE)])
    assert error.value.field == "reporter.name"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("김철수", ""), ("김 철수", ""), True),
        (("Kim Chulsoo", ""), ("KIM  CHULSOO", ""), True),
        (("김철수", "800101-1234567"), ("김철수", "810202-1234567"), False),
        (("김철수", "800101-1234567"), ("다른이름", "8001011234567"), True),
        (("김철수", "800101-1234567"), ("김철수", ""), True),
        (("", ""), ("", ""), False),
    ],
)
def test_same_person_by_identifier_when_both_have_one_else_by_name(
    first: tuple[str, str], second: tuple[str, str], same: bool
) -> None:
    assert same_person(*first, *second) is same


# --- Texts ---------------------------------------------------------------------------------------


def test_every_rule_and_label_has_its_text() -> None:
    assert set(BIRTH_PROOF_LABELS) == set(BirthProof)
    assert set(DEATH_PROOF_LABELS) == set(DeathProof)
    assert {"medical_certificate", "attendant_statement", "authority_document", "emergency_log", "court_confirmation",
            "statement_without_material", "no_proof"} == set(BIRTH_PROOF_RULES)
    # Every rule names its source: the article of the Act, or the 예규.
    assert all("제44조" in text for text in BIRTH_PROOF_RULES.values())
    assert all("가족관계등록" in text for key, text in DEATH_PROOF_RULES.items() if key != "certifier_twice")


def _korean() -> dict[str, str]:
    with (ROOT / "counter/locale/ko/LC_MESSAGES/rules.po").open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id}


@pytest.mark.parametrize("module", ["counter/rules/event_time.py", "counter/rules/form_places.py",
                                    "counter/rules/birth_attachments.py", "counter/rules/death_attachments.py"])
def test_every_text_of_the_form_rules_has_a_korean_translation_with_the_same_fields(module: str) -> None:
    catalogue = _korean()
    with (ROOT / "counter/locale/ko/LC_MESSAGES/death.po").open("rb") as handle:
        catalogue |= {message.id: message.string for message in read_po(handle) if message.id}
    for _line, msgid, _comments, _context in extract_from_file("python", ROOT / module, keywords={"_": None, "N_": None}):
        assert catalogue.get(msgid), f"{module}: no Korean for {msgid!r}"
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", catalogue[msgid])), msgid
