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
from typing import Any, Literal

from pydantic import Field

from counter.catalogue import CHANNELS
from counter.filing.declarations import (
    ContactDeclaration,
    DateText,
    DeclarationModel,
    Identifier,
    declaration_json_schema,
)
from counter.rules.death import DeathCertificate, DeathReporter
from counter.rules.heirs import Relation, Status
from counter.rules.inquiry_applicant import Document, Representation, Standing

PLACE_KINDS = ("home", "medical_institution", "welfare_facility", "public_facility", "road", "other")
"""Where the death happened, as the death report form asks (주택, 의료기관, 사회복지시설, ...)."""

Channel = Literal[CHANNELS]  # type: ignore[valid-type]


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
    address: str = ""
    """Last address (주소)."""
    birth_reported: bool = True
    """False when the birth was never reported (가족관계등록법 제51조: it must be reported with the death)."""


class DeathDetailsDeclaration(DeclarationModel):
    """The death itself (가족관계등록법 제84조)."""

    death_date: DateText
    """Date of death (YYYY-MM-DD); for a person declared missing, the deemed date of death."""
    learned_on: DateText | None = None
    """Day the reporter learned of the death (the report period runs from it); default: the date of death."""
    place: str = ""
    """Place of death (address, hospital); required."""
    place_kind: Literal[PLACE_KINDS] = "other"  # type: ignore[valid-type]
    """home, medical_institution, welfare_facility, public_facility, road or other."""
    certificate: DeathCertificate | None = None
    """Required: diagnosis (사망진단서), postmortem (시체검안서) or other_proof (other document, with a reason)."""
    certificate_reason: str = ""
    """Why neither certificate can be attached (required with other_proof, 제84조③)."""
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
