"""The shapes of the JSON columns (`details`, `payload`): what the filing writes and the papers read.

Texts are never stored translated: a warning, a rule applied or a line of a notice is a `StoredText`
(code and parameters) rendered in the reader's language (`counter.texts`). Catalogue wording is kept
in both languages (`Bilingual`). Dates are ISO texts. Keys that older versions did not write have
defaults; a key no model names is refused.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, JsonValue, RootModel

from models.shapes import Bilingual, Shape, StoredText


class DeclinedService(Shape):
    """An eligible service the family did not want, and their reason (their own words)."""

    code: str
    reason: str


class BundleDetails(Shape):
    """`bundle.details`."""

    fingerprint: str | None = None
    """SHA-256 of the declaration without its idempotency key (a retry has the same one)."""
    fine_won: int = Field(default=0, ge=0)
    warnings: tuple[StoredText, ...] = ()
    declined: tuple[DeclinedService, ...] = ()
    notice_expectations: tuple[StoredText, ...] = ()
    """Lines the follow-up notice prints under the items (a death)."""
    inquiry_only: bool = False
    death_report_receipt_no: str | None = None
    """The earlier death report an inquiry filed alone belongs to."""
    contact_cipher: str | None = None
    """The citizen's mobile number for results by text message, encrypted like an RRN (purpose `phone`)."""
    contact_masked: str | None = None


class BirthReportDetails(Shape):
    """`birth_report.details`. The time and the kind of place are columns (`birth_report.birth_time`,
    `birth_place_kind`); reports filed before schema 0006 have neither, and the place as it was typed
    then in `birth_place_address`."""

    reporter_rank: int | None = None
    reporter_rule: StoredText | None = None
    in_marriage: bool | None = None
    birth_order: int | None = None
    child_count: int | None = None
    multiple_birth: bool | None = None
    after_formal_demand: bool = False
    fine_reason: StoredText | None = None
    birth_place_address: str | None = None
    birth_place_description: str | None = None
    """For a place of the kind `other` (기타): what the place was."""
    registration_base_from: str | None = None
    """Whose 등록기준지 the child took: `father`, `mother` or `other`."""
    proof: str | None = None
    """The document the report rests on (`counter.rules.birth_attachments.BirthProof`)."""
    proof_rule: StoredText | None = None
    """The rule applied to it (`birth_proof`: rule, the statement's material)."""


DeathPlaceCode = Literal["home", "medical_institution", "welfare_facility", "public_facility", "road",
                         "commercial_facility", "industrial_site", "farm", "in_transit_to_hospital", "other"]
"""The 사망장소 boxes of the form (`counter.rules.form_places.DeathPlaceKind`; a test holds them equal)."""


class DeathReportDetails(Shape):
    """`death_report.details`."""

    place: str | None = None
    """The address of the place of death (before schema 0006: the place as typed, an address or a name)."""
    place_kind: DeathPlaceCode | None = None
    place_description: str | None = None
    """What the place was, when the box ticked is 기타 (other)."""
    certificate_reason: str | None = None
    """Why no 진단서 or 검안서 could be had (other proof, 제84조③)."""
    proof_rule: StoredText | None = None
    """The attachment rule applied (`death_proof`); None on reports filed before schema 0006."""
    reporter_obliged: bool | None = None
    reporter_rule: StoredText | None = None
    had_cohabiting_relative: bool | None = None
    after_formal_demand: bool = False
    declared_missing_on: date | None = None
    fine_reason: StoredText | None = None


class HeirApplicationDetails(Shape):
    """`heir_application.details`."""

    rank: int | None = None
    relation: str | None = None
    representation: str | None = None
    decision: StoredText | None = None
    documents_seen: tuple[StoredText, ...] = ()
    last_filing_day: date | None = None
    deadline_rule: str | None = None


class PersonDetails(Shape):
    """`person.details`: what a role records beyond name, birth date, sex and number."""

    surname: str | None = None
    given_name: str | None = None
    position_in_multiple_birth: int | None = None
    clan_seat: str | None = None
    """본 in Hangul (김해): a child's, a Korean parent's or a deceased's (absent when stated as 미상)."""
    clan_seat_hanja: str | None = None
    """본 in Hanja (金海), when given."""
    registration_base: str | None = None
    """등록기준지: the 시·군·구's name as the form writes it (서울특별시 종로구)."""
    registration_base_code: str | None = None
    """Its 5-digit 행정표준코드 (`counter.rules.areas`), as valid on the day of filing."""
    foreign: bool | None = None
    nationality: str | None = None
    """A foreign parent's nationality."""
    relation: str | None = None
    """A birth reporter's relation code, or a death reporter's relation in the reporter's words."""
    qualification: str | None = None
    """A death reporter's qualification (제85조), or in what capacity a certifier of the death signs."""
    address: str | None = None
    standing: str | None = None
    representation: str | None = None
    person_id: str | None = None
    """For a deceased named again by an inquiry filed later: the person row of the death report."""


class RequestPayload(Shape):
    """`linked_request.payload`: what the papers print about one request, and what its agency needs."""

    service_name: Bilingual | None = None
    agency_name: Bilingual | None = None
    position: int | None = None
    """Print order within the bundle."""
    level: str | None = None
    amount_period: str | None = None
    """`month` or `year` when the amount is paid periodically."""
    amount_words: Bilingual | None = None
    """The catalogue's words for a benefit that is not a sum of money."""
    usable_until: date | None = None
    result_delivery: Bilingual | None = None
    note: Bilingual | None = None
    child_birth_date: date | None = None
    birth_order: int | None = None
    processing_days: int | None = None
    heir_application_id: str | None = None
    deceased_person_id: str | None = None
    applicant_person_id: str | None = None
    reply_to_person_id: str | None = None


Scalar = str | int | float | bool | None


class AuditDetails(RootModel[dict[str, Scalar | list[Scalar] | dict[str, Scalar]]]):
    """`audit_event.details`: codes, counts, dates and identifiers, at most one level deep (sealed as
    stored, so the shape is checked but the content kept exactly)."""

    model_config = {"frozen": True}

    def __getitem__(self, key: str) -> Scalar | list[Scalar] | dict[str, Scalar]:
        return self.root[key]

    def get(self, key: str, default: JsonValue = None) -> JsonValue:
        """The value of `key`, or `default`."""
        return self.root.get(key, default)  # type: ignore[return-value]
