"""The cells of the 사망신고서 beyond who died and who reports: the deceased's 본 and 등록기준지, the date
and time of death, the place with the box ticked, and what proves the death (가족관계등록법 제84조).

Each check records its problems under the declaration's field paths (`death.death_time`,
`death.place.kind`, `death.certifiers[1].rrn`) and goes on, so the review reports every problem at
once. The rules are `counter.rules`' own: `event_time`, `form_places`, `death_attachments`, `areas`,
`clan_seat`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.filing.birth_review import PERSON_NAME_MAX_LENGTH
from counter.filing.core import PersonEntry
from counter.filing.death_declaration import DeathDetailsDeclaration, DeceasedDeclaration
from counter.filing.death_inquiry import checked_rrn, checked_text
from counter.filing.declarations import FieldProblem, ProblemList
from counter.rules.areas import check_registration_base
from counter.rules.clan import check_clan
from counter.rules.death_attachments import (
    Certifier,
    DeathProof,
    DeathProofDecision,
    Person,
    death_proof_decision,
)
from counter.rules.event_time import EventTime, check_death_date_given, is_unknown_word, parse_death_time
from counter.rules.form_places import DeathPlaceKind, EventPlace, check_death_place
from counter.rules.rrn import Rrn

CERTIFIER_ROLE = "certifier"
"""The role of the people who sign a certificate of death (person rows; numbers encrypted as every RRN)."""
_SIGNED_PROOFS = frozenset({DeathProof.HEADS_CERTIFICATE, DeathProof.ACQUAINTANCES_CERTIFICATE})
_PLACE_KINDS = frozenset(kind.value for kind in DeathPlaceKind)


@dataclass(frozen=True)
class DeathForm:
    """The checked cells of the death: the date as the form writes it, the time, the place and the proof."""

    death_date: date
    """The date the form writes: the next day for a death at 자정 (0시 of the next day)."""
    death_time: EventTime
    place: EventPlace
    proof: DeathProofDecision
    certifiers: tuple[PersonEntry, ...]
    """Who signed the certificate of death (other proof by the heads or by acquaintances)."""


def _add(problems: ProblemList, problem: FieldProblem) -> None:
    """Record `problem` unless the same one is already recorded (a rule may check a value twice)."""
    if problem not in problems.items:
        problems.items.append(problem)


def check_register_entries(section: DeceasedDeclaration, rrn: Rrn | None, problems: ProblemList) -> dict[str, Any]:
    """The deceased's 본 and 등록기준지 as person details (`clan_seat`, `clan_seat_hanja`, `registration_base`,
    `registration_base_code`); problems under `deceased.*`.

    A person in the family register has both (가족관계등록법 제9조②: the register is kept by the
    등록기준지 and records the 본); a foreign national has neither (the cells stay empty); a child whose
    birth is reported together with the death (제51조) gets them from that report, so they are optional.
    The 등록기준지 is required by the statute (제84조②1호); the 본 only by the form, so a reporter who does
    not know it may state it as 미상 (제29조), and nothing is recorded for it.
    """
    details: dict[str, Any] = {}
    given = bool(section.clan_seat.strip() or section.clan_seat_hanja.strip() or section.registration_base.strip())
    if rrn is not None and rrn.foreigner:
        if given:
            problems.add("deceased.registration_base" if section.registration_base.strip() else "deceased.clan_seat",
                         _("A foreign national is not in the family register: leave the 본 and the 등록기준지 empty."))
        return details
    required = section.birth_reported
    if is_unknown_word(section.clan_seat) and not section.clan_seat_hanja.strip():
        pass  # 가족관계등록법 제29조: stated as not known
    elif section.clan_seat.strip() or section.clan_seat_hanja.strip():
        clan = problems.attempt(lambda: check_clan(section.clan_seat, section.clan_seat_hanja, field="deceased.clan_seat"))
        if clan is not None:
            details.update(clan_seat=clan.hangul, **({"clan_seat_hanja": clan.hanja} if clan.hanja else {}))
    elif required:
        problems.add("deceased.clan_seat", _("Enter the 본 of the deceased as the family register shows it (for example "
                                        "김해; the Hanja is optional), or 미상 when the reporter does not know it."))
    if section.registration_base.strip():
        area = problems.attempt(lambda: check_registration_base(section.registration_base,
                                                                field="deceased.registration_base"))
        if area is not None:
            details.update(registration_base=area.name, registration_base_code=area.code)
    elif required:
        problems.add("deceased.registration_base", _("Enter the 등록기준지 of the deceased: the 시·군·구 whose office "
                                                     "keeps the family register (가족관계등록법 제84조②1호)."))
    return details


def check_death_moment(section: DeathDetailsDeclaration, failed: frozenset[str], problems: ProblemList
                       ) -> tuple[date | None, EventTime | None]:
    """The date the form writes and the time of death (제84조②2호: 사망의 연월일시); a date given as
    unknown is refused with the reason (`check_death_date_given`), a time may be 미상 (제29조)."""
    given = None if "death_date" in failed else problems.attempt(
        lambda: check_death_date_given(section.death_date, field="death.death_date"))
    time = None if "death_time" in failed else problems.attempt(
        lambda: parse_death_time(section.death_time, field="death.death_time"))
    if given is None:
        return None, time
    return (time.recorded_date(given) if time is not None else given), time


def check_place(section: DeathDetailsDeclaration, problems: ProblemList) -> EventPlace | None:
    """The place of death: the box ticked, the address and, for 기타, what the place was (제84조②2호)."""
    place = section.place
    checked = problems.attempt(lambda: check_death_place(place.kind, place.address, place.description,
                                                         field="death.place"))
    if place.kind not in _PLACE_KINDS:  # the address is checked whatever box is ticked
        problems.attempt(lambda: check_death_place(DeathPlaceKind.HOME, place.address, field="death.place"))
    return checked


def _form_field(field: str) -> str:
    """A field of the attachment rules as the declaration names it."""
    if field.startswith("death.certificate_certifiers"):
        return field.replace("death.certificate_certifiers", "death.certifiers").replace(".identifier", ".rrn")
    return field


def _certifiers(section: DeathDetailsDeclaration, problems: ProblemList) -> tuple[list[Certifier], list[PersonEntry]]:
    signers, entries = [], []
    for index, given in enumerate(section.certifiers):
        where = f"death.certifiers[{index}]"
        name = checked_text(problems, given.name, f"{where}.name", PERSON_NAME_MAX_LENGTH, required=True)
        rrn = checked_rrn(problems, given.rrn, f"{where}.rrn", required=True)
        signers.append(Certifier(name or given.name, given.role, rrn.digits if rrn else ""))
        if name and rrn:
            entries.append(PersonEntry(CERTIFIER_ROLE, name, rrn, rrn.birth_date, rrn.sex,
                                       {"qualification": str(given.role)}))
    return signers, entries


def check_attachment(section: DeathDetailsDeclaration, reporter_name: str, reporter_rrn: Rrn | None,
                     problems: ProblemList) -> tuple[DeathProofDecision | None, tuple[PersonEntry, ...]]:
    """What proves the death (가족관계등록법 제84조①③) and who signed it; problems under `death.certificate`,
    `death.certificate_reason` and `death.certifiers[i]` (the reporter never vouches: 가족관계등록예규)."""
    signers, entries = _certifiers(section, problems)
    if section.certifiers and section.certificate not in _SIGNED_PROOFS:
        problems.add("death.certifiers", _("Only a certificate by the dong, ri or tong head or by acquaintances names "
                                           "who signed it: leave this list empty for the proof presented."))
    reporter = Person(reporter_name, reporter_rrn.digits if reporter_rrn else "")
    try:
        decision = death_proof_decision(section.certificate, reporter=reporter,
                                        reason_without=section.certificate_reason, certifiers=signers,
                                        field="death.certificate")
    except ValidationError as error:
        if not (error.field or "").startswith("reporter"):  # the reporter's own fields are checked with them
            _add(problems, FieldProblem(_form_field(error.field or ""), error.message, error.code))
        return None, ()
    if not decision.accepted:
        _add(problems, FieldProblem(_form_field(decision.field), decision.message, decision.rule))
        return None, ()
    return decision, tuple(entries) if decision.proof in _SIGNED_PROOFS else ()


def check_death_form(section: DeathDetailsDeclaration, failed: frozenset[str], reporter_name: str,
                     reporter_rrn: Rrn | None, problems: ProblemList) -> DeathForm | None:
    """Every cell of the death on the form, each problem recorded; the checked cells when all passed.
    Cells named in `failed` did not parse (their problem is recorded already) and are not checked again."""
    death_date, time = check_death_moment(section, failed, problems)
    place = check_place(section, problems) if "place" not in failed else None
    proof, certifiers = (check_attachment(section, reporter_name, reporter_rrn, problems)
                         if not failed & {"certificate", "certificate_reason", "certifiers"} else (None, ()))
    if failed or death_date is None or time is None or place is None or proof is None:
        return None
    return DeathForm(death_date, time, place, proof, certifiers)
