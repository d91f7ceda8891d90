"""The death declaration: what the death wizard or `counter file death --json` submits.

Two forms share one model (and one JSON Schema, `counter schema death`):
- a death report, with or without the heir's asset inquiry (`deceased`, `death`, `reporter`,
  optional `inquiry`);
- an asset inquiry filed later against a death report already filed here
  (`death_report_receipt_no` and `inquiry`; the other report sections left out).

The base model, date type and contact section are the shared ones of `counter.filing.declarations`;
`counter.filing.death_review` checks the meaning and names every problem by its field path.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from counter.catalogue import CHANNELS
from counter.filing.declarations import (
    ContactDeclaration,
    DateText,
    DeclarationModel,
    Identifier,
    declaration_json_schema,
)
from counter.rules.death import DeathReporter
from counter.rules.death_attachments import CertifierRole, DeathProof
from counter.rules.event_time import is_unknown_word
from counter.rules.form_places import DeathPlaceKind
from counter.rules.heirs import Relation, Status
from counter.rules.inquiry_applicant import Document, Representation, Standing

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
MAX_CERTIFIERS = 10


def _unknown_date(value: Any) -> Any:
    # 미상 for the date is read as "not given", so the review can say why such a report is refused.
    return None if isinstance(value, str) and is_unknown_word(value) else value


DeathDate = Annotated[DateText | None, BeforeValidator(_unknown_date)]
"""A date of death as `YYYY-MM-DD`; null or 미상 is read, and refused by the review with the reason."""


class DeceasedDeclaration(DeclarationModel):
    """The person who died."""

    name: str
    """Name as registered (Hangul; Latin letters for a foreign national)."""
    rrn: Identifier | None = None
    """Resident or foreigner registration number (YYMMDD-GXXXXXX); stored encrypted. Leave out only
    when the deceased has none (then `birth_date` is required)."""
    birth_date: DateText | None = None
    """Date of birth (YYYY-MM-DD) when there is no registration number; must agree with it otherwise."""
    sex: Literal["M", "F"] | None = None
    """M or F (taken from the registration number when given)."""
    clan_seat: str = ""
    """본 in Hangul (e.g. 김해), or 미상 when the reporter does not know it; required for a person in the
    family register, left out for a foreign national or a child whose birth is reported with the death."""
    clan_seat_hanja: str = ""
    """본 in Hanja (e.g. 金海), one character per syllable; optional."""
    registration_base: str = ""
    """등록기준지: the 시·군·구 (e.g. 서울특별시 종로구), required like `clan_seat`."""
    address: str = ""
    """Last address (주소); required."""
    birth_reported: bool = True
    """False when the birth was never reported (가족관계등록법 제51조: it must be reported with the death)."""


class DeathPlaceDeclaration(DeclarationModel):
    """Where the death took place, as the form asks it (가족관계등록법 제84조②2호)."""

    kind: str = Field(default="", json_schema_extra={"enum": [kind.value for kind in DeathPlaceKind]})
    """The box ticked on the form: home (주택), medical_institution (의료기관), welfare_facility
    (사회복지시설), public_facility (공공시설), road (도로), commercial_facility (상업·서비스시설),
    industrial_site (산업장), farm (농장), in_transit_to_hospital (병원 이송 중), other (기타)."""
    address: str = ""
    """The address of the place, at least down to the 동 or 리 (a lot number is not needed); required."""
    description: str = ""
    """What the place was (e.g. 승용차 안); required with `other`, dropped with any other box."""


class CertifierDeclaration(DeclarationModel):
    """Someone who signs the certificate of death presented instead of a 진단서 or 검안서 (제84조③)."""

    name: str = ""
    """Name; required."""
    rrn: Identifier = ""
    """Registration number (YYMMDD-GXXXXXX); required, stored encrypted, shown masked."""
    role: CertifierRole = CertifierRole.ACQUAINTANCE
    """acquaintance (인우인), dong_ri_head (동장·이장) or tong_head (통장)."""


class DeathDetailsDeclaration(DeclarationModel):
    """The death itself (가족관계등록법 제84조)."""

    death_date: DeathDate
    """Date of death (YYYY-MM-DD); for a person declared missing, the deemed date of death. A date given as
    unknown (null or 미상) cannot be accepted."""
    death_time: str = ""
    """Time of death, 24-hour (14:30, 14시 30분; 정오 is 12:00, 자정 is 0:00 of the next day), or 미상 when
    it is not known (제29조); required."""
    learned_on: DateText | None = None
    """Day the reporter learned of the death (the report period runs from it); default: the date of death."""
    place: DeathPlaceDeclaration = Field(default_factory=DeathPlaceDeclaration)
    """Place of death: the kind ticked and the address; required."""
    certificate: DeathProof | None = None
    """What proves the death; required: diagnosis (사망진단서), postmortem (사체검안서), or when neither can
    be had heads_cert (동·리장 or 통장's certificate), acquaintances (two or more acquaintances'
    certificate), public_office (a public office's death certificate), burial_permit (매장인허증)."""
    certificate_reason: str = ""
    """Why neither certificate can be had (required with any proof but diagnosis or postmortem, 제84조③)."""
    certifiers: list[CertifierDeclaration] = Field(default_factory=list, max_length=MAX_CERTIFIERS)
    """Who signed the certificate of heads_cert or acquaintances (two acquaintances at least; never the
    reporter); left out for every other proof."""
    had_cohabiting_relative: bool = True
    """The deceased lived with a relative, who had the duty to report (제85조①); false: no late fine."""
    declared_missing_on: DateText | None = None
    """For a person declared missing (실종선고): the date of the declaration."""


class DeathReporterDeclaration(DeclarationModel):
    """Who reports the death (가족관계등록법 제85조)."""

    qualification: DeathReporter | None = None
    """Required: cohabiting_relative (must report), relative, cohabitant, place_manager, dong_head, tong_ri_head."""
    name: str = ""
    """The reporter's name; required."""
    rrn: Identifier | None = None
    """The reporter's registration number; stored encrypted."""
    relation: str = ""
    """Relation to the deceased in words (e.g. 아들, 배우자, 요양원장)."""
    address: str = ""
    """The reporter's address (주소); required."""


class RelativeDeclaration(DeclarationModel):
    """One relative of the deceased as the family relation certificate shows them."""

    id: Identifier = Field(default="", max_length=20)
    """Short label that `through` and `inquiry.heir` refer to (e.g. `c1`)."""
    relation: Relation
    """spouse, child, grandchild, child_in_law, parent, grandparent, sibling, nephew_or_niece, sibling_in_law."""
    name: str = ""
    """Name (optional; shown to the clerk)."""
    status: Status = Status.ALIVE
    """alive, renounced (상속포기), predeceased (died before or with the deceased), disqualified (상속결격)."""
    through: Identifier = Field(default="", max_length=20)
    """For a grandchild, nephew or niece or the spouse of a child or sibling: the `id` of the child or
    sibling (or their descendant) whose child or spouse this person is."""


class FamilyDeclaration(DeclarationModel):
    """The deceased's relatives as far as inheritance goes (ranks 1-3 and the spouse)."""

    relatives: list[RelativeDeclaration] = Field(default_factory=list, max_length=60)
    """Every spouse, descendant, parent, grandparent and sibling (and their descendants) that matters."""


class PersonDetails(DeclarationModel):
    """A person named by name and registration number."""

    name: str
    """Name."""
    rrn: Identifier
    """Registration number (YYMMDD-GXXXXXX); stored encrypted."""


class ApplicantDeclaration(DeclarationModel):
    """The person at the counter who applies for the inquiry."""

    same_as_reporter: bool = False
    """The reporter of the death applies: name and number are taken from `reporter`."""
    name: str = ""
    """Name (unless `same_as_reporter`)."""
    rrn: Identifier = ""
    """Registration number (unless `same_as_reporter`); stored encrypted."""


class InquiryItemChoice(DeclarationModel):
    """One inquiry item to apply for and how its result is delivered."""

    code: Identifier
    """Item code from the catalogue (e.g. `financial`, `land`)."""
    channel: Channel | None = None
    """sms, post, in_person or web; must be one the item offers. Default: the item's default."""


class InquiryDeclaration(DeclarationModel):
    """The heir's combined asset inquiry (안심상속 원스톱서비스)."""

    standing: Standing = Standing.HEIR
    """heir, or estate_administrator (court-appointed 상속재산관리인)."""
    heir: Identifier = ""
    """`id` of the relative whose right the application rests on: the applicant in person, or the heir a
    guardian, parent or proxy acts for. Not used for an estate administrator."""
    representation: Representation = Representation.IN_PERSON
    """in_person, adult_guardian, limited_guardian, minor_representative (parent of a minor) or proxy."""
    applicant: ApplicantDeclaration
    """The person at the counter (the heir in person, or the guardian, parent or proxy)."""
    principal: PersonDetails | None = None
    """The person the applicant acts for (required unless applying in person)."""
    documents: list[Document] = Field(default_factory=list, max_length=10)
    """Documents the clerk has seen: power_of_attorney, guardianship_registry, guardian_court_order,
    administrator_appointment, renunciation_decisions."""
    family: FamilyDeclaration = Field(default_factory=FamilyDeclaration)
    """The deceased's relatives, from the family relation certificate: decides who may apply (민법 제1000조)."""
    items: list[InquiryItemChoice] | None = Field(default=None, max_length=60)
    """Items to apply for; left out: every item of the catalogue at its default channel."""


class NotificationDeclaration(ContactDeclaration):
    """How the applicant (or the proxy) hears back: results by text message, post or in person."""

    post_address: str = ""
    """Postal address for results sent by post."""


class DeathDeclaration(DeclarationModel):
    """A death report with the heir's asset inquiry (사망신고 + 안심상속), or the inquiry alone against
    a death report filed earlier (`death_report_receipt_no`)."""

    idempotency_key: uuid.UUID | None = None
    """Stable key of this submission: a retry with the same key files nothing new."""
    death_report_receipt_no: Identifier | None = None
    """File only the inquiry, against the death report filed under this receipt number."""
    deceased: DeceasedDeclaration | None = None
    """Required for a death report."""
    death: DeathDetailsDeclaration | None = None
    """Required for a death report."""
    reporter: DeathReporterDeclaration | None = None
    """Required for a death report."""
    inquiry: InquiryDeclaration | None = None
    """The asset inquiry; left out when no heir applies today."""
    notification: NotificationDeclaration = Field(default_factory=NotificationDeclaration)
    """Mobile number and postal address for the results and the filing message."""
    after_formal_demand: bool = False
    """Reported only after a formal demand (최고): the late fine is doubled (제121조)."""
    duplicate_reason: str = ""
    """Why to file although a death report for the same person was already filed (audited)."""


def death_json_schema() -> dict[str, Any]:
    """The JSON Schema of a death declaration (`counter schema death`)."""
    return declaration_json_schema(DeathDeclaration, "death")
