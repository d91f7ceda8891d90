"""The birth wizard's fields for the 출생신고서, in the order of the paper form.

Each field is named by its declaration path, so a problem of the review lands beside it. Fields that
apply only in one case (the description of a place 기타, another 등록기준지, a foreign parent's details,
the material of a statement) start hidden; the wizard shows them when they apply (`SHOWN_WHEN`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter.base.i18n import N_
from counter.rules.birth_attachments import BirthProof
from counter.rules.form_places import BIRTH_PLACE_LABELS
from screens.wizard.fields import AreaField, ChoiceField, FlagField, TextField, WizardField

SEXES = (("F", N_("Female")), ("M", N_("Male")))
DATE_HINT = N_("YYYY-MM-DD")
PLACE_KINDS = tuple((kind.value, label) for kind, label in BIRTH_PLACE_LABELS.items())
"""The form's three boxes (자택, 병원, 기타), in its order."""
BASE_SOURCES = (("father", N_("the father's")), ("mother", N_("the mother's")), ("other", N_("another")))
# Short labels: the dropdown is about 32 cells wide (the review shows the rule applied in full).
PROOF_KINDS = (
    (BirthProof.MEDICAL_CERTIFICATE.value, N_("birth certificate")),
    (BirthProof.ATTENDANT_STATEMENT.value, N_("statement of the attendant")),
    (BirthProof.AUTHORITY_DOCUMENT.value, N_("authority's document")),
    (BirthProof.EMERGENCY_LOG.value, N_("119 activity log")),
    (BirthProof.COURT_CONFIRMATION.value, N_("court's confirmation")),
)
KOREAN_PARENT = ("surname", "given_name", "clan_seat", "clan_seat_hanja", "rrn", "registration_base")
FOREIGN_PARENT = ("foreign_name", "nationality", "birth_date", "foreign_registration_no")
PARENT_ROLES = ("mother", "father")


def _hidden(field: WizardField) -> WizardField:
    field.display = False
    return field


def _clan_seat(prefix: str) -> list[WizardField]:
    return [TextField(f"{prefix}.clan_seat", N_("본 (clan seat)"), max_length=10, hint=N_("Hangul, e.g. 김해")),
            TextField(f"{prefix}.clan_seat_hanja", N_("본 in Hanja"), max_length=10, hint=N_("optional, e.g. 金海"))]


def child_fields() -> list[WizardField]:
    """① 출생자: name, date and time, sex, place, 본 and 등록기준지, then what the form notes."""
    return [
        TextField("child.surname", N_("Surname"), max_length=10),
        TextField("child.given_name", N_("Given name"), max_length=30, hint=N_("Hangul, up to 5 syllables")),
        TextField("child.birth_date", N_("Date of birth"), placeholder="YYYY-MM-DD", max_length=10, hint=DATE_HINT),
        TextField("child.birth_time", N_("Time of birth"), max_length=30, hint=N_("24-hour: 14:30 · 정오 · 자정")),
        ChoiceField("child.sex", N_("Sex"), SEXES),
        ChoiceField("child.birth_place.kind", N_("Place of birth"), PLACE_KINDS),
        TextField("child.birth_place.address", N_("Address of the place"), max_length=200),
        _hidden(TextField("child.birth_place.description", N_("What the place was"), max_length=100,
                          hint=N_("e.g. in a car on the way to hospital"))),
        *_clan_seat("child"),
        ChoiceField("child.registration_base_from", N_("Registration base"), BASE_SOURCES,
                    prompt=N_("by the rule"),
                    hint=N_("by the rule: the father's if born in marriage to a Korean father, else the mother's")),
        _hidden(AreaField("child.registration_base", N_("The child's registration base"))),
        FlagField("child.in_marriage", N_("Born to a married couple"), value=True),
        TextField("child.position_in_multiple_birth", N_("Order in a multiple birth"), max_length=1,
                  hint=N_("twins or more only: 1, 2, ... (empty: single birth)")),
        FlagField("child.foreign_style_name", N_("Foreign-style name from a foreign parent's register")),
        FlagField("child.new_surname_confirmed", N_("Two-syllable surname checked and confirmed")),
        TextField("child.rrn", N_("Registration no."), placeholder="YYMMDD-GXXXXXX", max_length=14,
                  hint=N_("only if already assigned")),
    ]


def parent_fields(role: str) -> list[WizardField]:
    """② 부모: a Korean parent's name, 본, number and 등록기준지; a foreign parent's (shown once ticked)
    name in Latin letters, nationality, date of birth and foreigner registration number."""
    return [
        TextField(f"{role}.surname", N_("Surname"), max_length=10),
        TextField(f"{role}.given_name", N_("Given name"), max_length=30),
        *_clan_seat(role),
        TextField(f"{role}.rrn", N_("Resident registration no."), placeholder="YYMMDD-GXXXXXX", max_length=14),
        AreaField(f"{role}.registration_base", N_("Registration base")),
        FlagField(f"{role}.foreign", N_("Foreign national")),
        _hidden(TextField(f"{role}.foreign_name", N_("Name in Latin letters"), max_length=60,
                          hint=N_("as in the passport"))),
        _hidden(TextField(f"{role}.nationality", N_("Nationality"), max_length=40, hint=N_("as in the passport"))),
        _hidden(TextField(f"{role}.birth_date", N_("Date of birth"), placeholder="YYYY-MM-DD", max_length=10,
                          hint=N_("as in the passport"))),
        _hidden(TextField(f"{role}.foreign_registration_no", N_("Foreigner registration no."),
                          placeholder="YYMMDD-GXXXXXX", max_length=14, hint=N_("if the parent has one"))),
    ]


def reporter_form_fields() -> list[WizardField]:
    """⑥ 신고인's address, then what was presented to prove the birth (첨부서류)."""
    return [
        TextField("reporter.address", N_("Reporter's address"), max_length=200),
        ChoiceField("attachments.presented", N_("Proof of birth"), PROOF_KINDS,
                    hint=N_("what was actually presented")),
        _hidden(TextField("attachments.material", N_("Material proving the birth"), max_length=200,
                          hint=N_("e.g. the mother's medical records"))),
    ]


def _parent_shown(role: str, foreign: bool) -> dict[str, bool]:
    return {**{f"{role}.{name}": not foreign for name in KOREAN_PARENT},
            **{f"{role}.{name}": foreign for name in FOREIGN_PARENT}}


def shown_fields(get: Callable[[str], Any]) -> dict[str, bool]:
    """Whether each field that applies only in one case is shown, from the draft's values (`get(path)`)."""
    shown = {
        "child.birth_place.description": get("child.birth_place.kind") == "other",
        "child.registration_base": get("child.registration_base_from") == "other",
        "attachments.material": get("attachments.presented") == BirthProof.ATTENDANT_STATEMENT.value,
    }
    for role in PARENT_ROLES:
        shown.update(_parent_shown(role, bool(get(f"{role}.foreign"))))
    return shown
