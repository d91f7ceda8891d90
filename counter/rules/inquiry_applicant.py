"""The 안심상속 application: who applies, on what footing, and the documents the clerk must see.

Whether the applicant may apply is decided by `counter.rules.heir_eligibility`, from the family in
`counter.rules.heirs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter.base.i18n import N_


class Standing(StrEnum):
    """Whose right the application rests on."""

    HEIR = "heir"
    ESTATE_ADMINISTRATOR = "estate_administrator"  # 상속재산관리인 (민법 제1023조, 제1040조, 제1053조)


class Representation(StrEnum):
    """Who stands at the counter for the person entitled."""

    IN_PERSON = "in_person"
    ADULT_GUARDIAN = "adult_guardian"  # 성년후견인: legal representative (민법 제938조①)
    LIMITED_GUARDIAN = "limited_guardian"  # 한정후견인: only as far as a court order grants (제959조의4)
    MINOR_REPRESENTATIVE = "minor_representative"  # 친권자 or 미성년후견인 (제911조, 제938조①)
    PROXY = "proxy"  # 임의대리인 with a power of attorney


class Document(StrEnum):
    """Documents the clerk must see for some applicants."""

    POWER_OF_ATTORNEY = "power_of_attorney"
    GUARDIANSHIP_REGISTRY = "guardianship_registry"
    GUARDIAN_COURT_ORDER = "guardian_court_order"
    ADMINISTRATOR_APPOINTMENT = "administrator_appointment"
    RENUNCIATION_DECISIONS = "renunciation_decisions"


DOCUMENT_LABELS: dict[Document, str] = {
    Document.POWER_OF_ATTORNEY: N_("power of attorney from the person entitled, with a copy of their ID card"),
    Document.GUARDIANSHIP_REGISTRY: N_("certificate of the guardianship registration"),
    Document.GUARDIAN_COURT_ORDER: N_("family-court order granting the limited guardian power of representation covering the asset inquiry"),
    Document.ADMINISTRATOR_APPOINTMENT: N_("family-court decision appointing the estate administrator"),
    Document.RENUNCIATION_DECISIONS: N_("family-court decisions accepting the renunciation of every higher-ranked heir"),
}  # fmt: skip


@dataclass(frozen=True)
class PrincipalDetails:
    """The person a proxy acts for, as written on the power of attorney."""

    name: str
    rrn: str


@dataclass(frozen=True)
class InquiryApplicant:
    """Who applies and on what footing. `key` is the person at the counter; `heir_key` the family
    member whose right a guardian, parent or proxy exercises (None: the applicant's own right)."""

    key: str
    standing: Standing = Standing.HEIR
    representation: Representation = Representation.IN_PERSON
    heir_key: str | None = None
    principal: PrincipalDetails | None = None
    documents: frozenset[Document] = frozenset()
