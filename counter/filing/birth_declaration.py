"""The birth declaration: what the birth wizard or `counter file birth --json` submits.

It carries the 출생신고서 (가족관계등록법 제44조②, 가족관계등록규칙 and the form's own notes) and the
household facts the linked benefits need (행복출산 원스톱). The base model, date and identifier types
and the contact section are the shared ones of `counter.filing.declarations`;
`counter.filing.birth_review` checks the meaning and names every problem by its field path.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field, JsonValue

from counter.filing.declarations import (
    ContactDeclaration,
    DateText,
    DeclarationModel,
    Identifier,
    declaration_json_schema,
)
from counter.rules.birth import RELATIONS
from counter.rules.birth_attachments import BirthProof
from counter.rules.form_places import BirthPlaceKind

ProofKind = Literal[tuple(proof.value for proof in BirthProof)]  # type: ignore[valid-type]
PLACE_KINDS: list[JsonValue] = [kind.value for kind in BirthPlaceKind]


class BirthPlaceDeclaration(DeclarationModel):
    """Where the child was born: the box the form ticks, and the address (가족관계등록법 제44조②3호)."""

    kind: str = Field(json_schema_extra={"enum": PLACE_KINDS})
    """home (자택), medical_institution (병원 등 의료기관) or other (기타)."""
    address: str
    """The address of the place (for a hospital, its address; the form has no cell for its name)."""
    description: str = ""
    """For `other`: what the place was (for example: in a car on the way to hospital)."""


class ChildDeclaration(DeclarationModel):
    """The child being reported."""

    surname: str
    """Surname in Hangul (one syllable, or a known two-syllable surname)."""
    given_name: str
    """Given name in Hangul, at most 5 syllables."""
    clan_seat: str
    """본 in Hangul (김해, 전주), 1 to 5 syllables."""
    clan_seat_hanja: str = ""
    """본 in Hanja (金海), one character per Hangul syllable; optional."""
    birth_date: DateText
    """Date of birth (YYYY-MM-DD); not in the future."""
    birth_time: str
    """Time of birth as the certificate gives it, written 24-hour (14:30, 14시 30분; 정오 is 12:00, 자정 is
    0:00 of the next day); 오전/오후 12시 without minutes is ambiguous and refused."""
    sex: Literal["M", "F"]
    """M or F."""
    birth_place: BirthPlaceDeclaration
    """Place of birth (kind and address)."""
    registration_base_from: Literal["father", "mother", "other"] | None = None
    """Whose 등록기준지 the child takes: the father's, the mother's, or another (`registration_base`).
    Left out: the father's for a child born in marriage to a Korean father, else the mother's."""
    registration_base: str = ""
    """The child's 등록기준지 (a 시·군·구, for example 서울특별시 강남구) when `registration_base_from` is
    `other`; left empty when taken from a parent."""
    in_marriage: bool = True
    """Born to a married couple (혼인 중의 출생자); decides who must report (제46조)."""
    position_in_multiple_birth: int = Field(default=1, ge=1, le=9)
    """1 for a single birth; for twins and more, the order of birth."""
    foreign_style_name: bool = False
    """Foreign-style given name from a foreign parent's register (lifts the 5-syllable limit)."""
    new_surname_confirmed: bool = False
    """The clerk confirmed an unusual two-syllable surname."""
    rrn: Identifier | None = None
    """Resident registration number, if already assigned (usually not at the birth report)."""


class ParentDeclaration(DeclarationModel):
    """A parent. Korean: name, 본, 등록기준지 and resident registration number. Foreign national: the
    name in Latin letters, nationality, and the foreigner registration number or, without one, the
    date of birth."""

    surname: str = ""
    """Surname in Hangul (Korean parent)."""
    given_name: str = ""
    """Given name in Hangul (Korean parent)."""
    clan_seat: str = ""
    """본 in Hangul (Korean parent; required)."""
    clan_seat_hanja: str = ""
    """본 in Hanja (Korean parent; optional)."""
    registration_base: str = ""
    """등록기준지, a 시·군·구 (Korean parent; required)."""
    rrn: Identifier | None = None
    """Resident registration number (Korean parent; required); stored encrypted."""
    foreign: bool = False
    """A foreign national (then `foreign_name`, `nationality`, and `foreign_registration_no` or
    `birth_date`)."""
    foreign_name: str = ""
    """Name as in the passport, in Latin letters (foreign parent)."""
    nationality: str = ""
    """Nationality as the passport gives it (foreign parent; the form writes it where a Korean's 본 goes)."""
    foreign_registration_no: Identifier | None = None
    """Foreigner registration number (외국인등록번호, YYMMDD-GXXXXXX with G 5 to 8; foreign parent);
    stored encrypted like a resident registration number."""
    birth_date: DateText | None = None
    """Date of birth (YYYY-MM-DD): required for a foreign parent without a foreigner registration
    number; must agree with the number otherwise."""


class ReporterDeclaration(DeclarationModel):
    """Who reports the birth (가족관계등록법 제46조)."""

    relation: Literal[RELATIONS]  # type: ignore[valid-type]
    """father, mother, cohabiting_relative, doctor, midwife, birth_attendant or public_official."""
    address: str
    """The reporter's address (주소), as the form asks it of every reporter."""
    name: str = ""
    """Name of a reporter who is not a parent."""
    rrn: Identifier | None = None
    """Registration number of a reporter who is not a parent (optional)."""
    reason: str = ""
    """Why the parents cannot report (required for anyone but a parent)."""


class BirthAttachmentsDeclaration(DeclarationModel):
    """What was presented to prove the birth (가족관계등록법 제44조④, 제44조의2①)."""

    presented: list[ProofKind] = Field(default_factory=list, max_length=5)  # type: ignore[valid-type]
    """medical_certificate (출생증명서), attendant_statement (분만에 직접 관여한 자의 출생증명서류),
    authority_document (국내외 권한 있는 기관의 서류), emergency_log (119 구조·구급활동상황일지),
    court_confirmation (가정법원의 출생확인서). With none of them the report is refused: the family
    court must confirm the birth first."""
    material: str = ""
    """With `attendant_statement`: the material proving the mother gave birth (for example her
    medical records), as recorded."""


class SiblingDeclaration(DeclarationModel):
    """Another child of the household."""

    birth_date: DateText
    """Date of birth."""
    name: str = ""
    """Name (optional; helps spot a sibling listed twice)."""
    same_mother: bool = True
    """Born to the same mother (birth order counts the mother's children)."""
    older: bool | None = None
    """What the family said: older than the child (true), younger (false), or not said."""


class HouseholdDeclaration(DeclarationModel):
    """The household: other children and the facts benefits depend on."""

    siblings: list[SiblingDeclaration] = Field(default_factory=list, max_length=20)
    """The household's other children."""
    parent_resident_years: int = Field(default=0, ge=0, le=120)
    """Longest continuous residence of either parent in the district at the birth, in whole years."""
    uses_daycare: bool = False
    """The child attends a daycare centre or kindergarten."""
    basic_livelihood: bool = False
    """The household receives basic livelihood benefits."""


class DeclinedService(DeclarationModel):
    """An eligible service the family does not want, with the reason."""

    code: Identifier
    """Service code from the catalogue."""
    reason: str
    """Why it is not applied for."""


class BirthDeclaration(DeclarationModel):
    """A birth report (출생신고서) and its linked benefits (행복출산 원스톱), filed in one visit.

    Every eligible service of the catalogue is applied for unless listed in `declined_services`.
    """

    idempotency_key: uuid.UUID | None = None
    """Stable key of this submission: a retry with the same key files nothing new."""
    child: ChildDeclaration
    mother: ParentDeclaration
    father: ParentDeclaration | None = None
    """Omitted when no father is recorded."""
    reporter: ReporterDeclaration
    attachments: BirthAttachmentsDeclaration
    """What proves the birth."""
    household: HouseholdDeclaration = Field(default_factory=HouseholdDeclaration)
    declined_services: list[DeclinedService] = Field(default_factory=list, max_length=50)
    contact: ContactDeclaration = Field(default_factory=ContactDeclaration)
    after_formal_demand: bool = False
    """Reported only after a formal demand (최고): the late fine is doubled (제121조)."""
    duplicate_reason: str = ""
    """Why to file although the same child was already filed (audited)."""


def birth_json_schema() -> dict[str, Any]:
    """The JSON Schema of a birth declaration (`counter schema birth`)."""
    return declaration_json_schema(BirthDeclaration, "birth")
