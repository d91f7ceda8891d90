"""The place of a birth or a death, with the kind the report form ticks.

가족관계의 등록 등에 관한 법률 제44조②3호 (출생의 장소) and 제84조②2호 (사망의 장소). The kinds are the
forms' own boxes, in their order (출생신고서 양식 제1호 and 사망신고서 양식 제19호 of the Supreme
Court's 가족관계등록예규, as printed in the 2026 forms; the death list is also 통계청's place-of-death
classification): birth ① 자택 ② 병원 ③ 기타; death ① 주택 ② 의료기관 ③ 사회복지시설(양로원, 고아원 등)
④ 공공시설(학교, 운동장 등) ⑤ 도로 ⑥ 상업·서비스시설(상점, 호텔 등) ⑦ 산업장 ⑧ 농장(논밭, 축사,
양식장 등) ⑨ 병원 이송 중 사망 ⑩ 기타.

Every kind takes the address: the forms have one cell for it beside the boxes, whatever box is ticked,
and neither form asks the name of the hospital or institution (the address only). 기타 also says what
the place was. A place of death needs the address only down to the smallest administrative unit
(동·리): a report is not refused for lack of a lot number (the Supreme Court's 사망신고 기재 요령).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter.base.errors import ValidationError
from counter.base.i18n import N_, _
from counter.rules.text import clean_text

ADDRESS_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 100


class BirthPlaceKind(StrEnum):
    """The 출생장소 boxes of the 출생신고서, in the form's order."""

    HOME = "home"  # ① 자택
    MEDICAL_INSTITUTION = "medical_institution"  # ② 병원: any medical institution (의료법 제3조: 의원, 조산원...)
    OTHER = "other"  # ③ 기타 (with what the place was)


class DeathPlaceKind(StrEnum):
    """The 사망장소 boxes of the 사망신고서, in the form's order (codes shared with the death declaration)."""

    HOME = "home"  # ① 주택
    MEDICAL_INSTITUTION = "medical_institution"  # ② 의료기관
    WELFARE_FACILITY = "welfare_facility"  # ③ 사회복지시설(양로원, 고아원 등)
    PUBLIC_FACILITY = "public_facility"  # ④ 공공시설(학교, 운동장 등)
    ROAD = "road"  # ⑤ 도로
    COMMERCIAL_FACILITY = "commercial_facility"  # ⑥ 상업·서비스시설(상점, 호텔 등)
    INDUSTRIAL_SITE = "industrial_site"  # ⑦ 산업장
    FARM = "farm"  # ⑧ 농장(논밭, 축사, 양식장 등)
    IN_TRANSIT_TO_HOSPITAL = "in_transit_to_hospital"  # ⑨ 병원 이송 중 사망
    OTHER = "other"  # ⑩ 기타 (with what the place was)


# The Korean translations are the forms' own words.
BIRTH_PLACE_LABELS: dict[BirthPlaceKind, str] = {
    BirthPlaceKind.HOME: N_("at home"),
    BirthPlaceKind.MEDICAL_INSTITUTION: N_("in a hospital or other medical institution"),
    BirthPlaceKind.OTHER: N_("elsewhere"),
}

DEATH_PLACE_LABELS: dict[DeathPlaceKind, str] = {
    DeathPlaceKind.HOME: N_("in a house or flat"),
    DeathPlaceKind.MEDICAL_INSTITUTION: N_("in a medical institution"),
    DeathPlaceKind.WELFARE_FACILITY: N_("in a social welfare facility (care home, children's home...)"),
    DeathPlaceKind.PUBLIC_FACILITY: N_("in a public facility (school, sports ground...)"),
    DeathPlaceKind.ROAD: N_("on a road"),
    DeathPlaceKind.COMMERCIAL_FACILITY: N_("in a commercial or service facility (shop, hotel...)"),
    DeathPlaceKind.INDUSTRIAL_SITE: N_("at an industrial site"),
    DeathPlaceKind.FARM: N_("on a farm (fields, livestock shed, fish farm...)"),
    DeathPlaceKind.IN_TRANSIT_TO_HOSPITAL: N_("on the way to hospital"),
    DeathPlaceKind.OTHER: N_("elsewhere"),
}


@dataclass(frozen=True)
class EventPlace:
    """A checked place of birth or death: the ticked box, the address, and for 기타 what the place was."""

    kind: BirthPlaceKind | DeathPlaceKind
    address: str
    description: str = ""

    @property
    def label(self) -> str:
        """The ticked box in the current language."""
        if isinstance(self.kind, BirthPlaceKind):
            return _(BIRTH_PLACE_LABELS[self.kind])
        return _(DEATH_PLACE_LABELS[self.kind])


def _address_and_description(kind: BirthPlaceKind | DeathPlaceKind, address: str, description: str, *, field: str,
                             missing_address: str) -> EventPlace:
    cleaned = clean_text(address, field=f"{field}.address", max_length=ADDRESS_MAX_LENGTH)
    if not cleaned:
        raise ValidationError(missing_address, field=f"{field}.address", code="place_address")
    said = clean_text(description, field=f"{field}.description", max_length=DESCRIPTION_MAX_LENGTH)
    if kind.value != "other":
        return EventPlace(kind, cleaned)  # the form has no cell for it: a description left from 기타 is dropped
    if not said:
        raise ValidationError(_("Say what the place was (for example: in a car on the way to hospital): the form "
                                "asks it when 기타 is ticked."), field=f"{field}.description", code="place_description")
    return EventPlace(kind, cleaned, said)


def check_birth_place(kind: BirthPlaceKind | str | None, address: str, description: str = "", *,
                      field: str = "child.birth_place") -> EventPlace:
    """The place of birth (가족관계등록법 제44조②3호), or ValidationError naming `{field}.kind`,
    `{field}.address` or `{field}.description`: a box of the form, the address always, and for 기타
    what the place was. Text with control or hidden characters, or a registration or phone number in
    it, is refused (`clean_text`)."""
    try:
        checked = BirthPlaceKind(kind or "")
    except ValueError:
        raise ValidationError(_("Tick where the birth took place: 자택, 병원 or 기타 (가족관계등록법 제44조②3호)."),
                              field=f"{field}.kind", code="place_kind") from None
    return _address_and_description(
        checked, address, description, field=field,
        missing_address=_("Enter the address of the place of birth (가족관계등록법 제44조②3호)."))


def check_death_place(kind: DeathPlaceKind | str | None, address: str, description: str = "", *,
                      field: str = "death.place") -> EventPlace:
    """The place of death (가족관계등록법 제84조②2호), or ValidationError naming `{field}.kind`,
    `{field}.address` or `{field}.description`: one of the form's ten boxes, the address (down to the
    동·리 at least; no lot number needed), and for 기타 what the place was."""
    try:
        checked = DeathPlaceKind(kind or "")
    except ValueError:
        raise ValidationError(_("Tick the kind of place of death from the form's list (가족관계등록법 제84조②2호)."),
                              field=f"{field}.kind", code="place_kind") from None
    return _address_and_description(
        checked, address, description, field=field,
        missing_address=_("Enter where the death took place, at least down to the 동 or 리 (a lot number is not "
                          "needed) (가족관계등록법 제84조②2호)."))
