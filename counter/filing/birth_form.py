"""The 출생신고서's own fields, checked at the declaration level: the time and place of birth, 본 and
등록기준지, a parent's foreign-national details, the reporter's address and what proves the birth.

Each check records its problems by field path in the review's `ProblemList` (every problem at once)
and returns what it checked, or None for a part that failed. The rules are `counter.rules`'
(`event_time`, `form_places`, `names`, `areas`, `rrn`, `birth_attachments`); this module only
applies them to the declaration's sections.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from counter.base.i18n import N_, _, format_date
from counter.filing.birth_declaration import (
    BirthAttachmentsDeclaration,
    BirthPlaceDeclaration,
    ChildDeclaration,
    ParentDeclaration,
)
from counter.filing.declarations import ProblemList, parse_partial, parse_section
from counter.rules.areas import Area, check_registration_base
from counter.rules.birth import check_birth_date, check_parent_birth_date
from counter.rules.birth_attachments import BirthProofDecision, birth_proof_decision, check_birth_proof
from counter.rules.clan import check_clan
from counter.rules.event_time import EventTime, event_time_text, parse_birth_time
from counter.rules.form_places import BirthPlaceKind, EventPlace, check_birth_place
from counter.rules.names import (
    validate_foreign_name,
    validate_given_name,
    validate_nationality,
    validate_surname,
)
from counter.rules.rrn import Rrn, check_rrn_against_birth_date, parse_rrn
from counter.rules.text import clean_text
from printers.builders.common import role_label

if TYPE_CHECKING:
    from counter.filing.birth_review import BirthReview

ADDRESS_MAX_LENGTH = 200
BASE_SOURCES = {"father": N_("the father's"), "mother": N_("the mother's"), "other": N_("chosen by the parents")}
BIRTH_PLACE_KINDS = frozenset(kind.value for kind in BirthPlaceKind)
PLACE_STAND_IN = {"kind": "home", "address": "-"}
"""Parsed in the child's place while the place is checked on its own (`child_place_apart`)."""


@dataclass(frozen=True)
class BirthMoment:
    """The date and time of birth as the form records them (자정 moves the date to the next day)."""

    time: EventTime
    date: date


@dataclass(frozen=True)
class ParentForm:
    """What a parent's section gave beyond the name: the number (a foreigner's too), the birth date,
    and the form's fields (본 and 등록기준지, or the nationality)."""

    foreign: bool
    rrn: Rrn | None
    birth_date: date | None
    registration_base: Area | None
    details: dict[str, Any]


def child_place_apart(raw_child: Any) -> tuple[Any, Any]:
    """The child's section with a stand-in place, and the place as given: the place is parsed on its own,
    so a wrong kind and a missing address show with the child's other problems, each once."""
    if isinstance(raw_child, Mapping) and isinstance(raw_child.get("birth_place"), Mapping):
        return {**raw_child, "birth_place": PLACE_STAND_IN}, raw_child["birth_place"]
    return raw_child, None


def passes(problems: ProblemList, check: Callable[[], object]) -> bool:
    """True when `check()` raised nothing (its problem is recorded otherwise)."""
    before = len(problems.items)
    problems.attempt(check)
    return len(problems.items) == before


def check_name(surname: str | None, given: str | None, prefix: str, problems: ProblemList, *,
               foreign_style: bool, new_surname_confirmed: bool = False) -> str | None:
    """Surname and given name checked apart, so both problems show at once (None: a part failed)."""
    family = problems.attempt(lambda: validate_surname(surname or "", field=f"{prefix}.surname",
                                                       new_surname_confirmed=new_surname_confirmed))
    own = problems.attempt(lambda: validate_given_name(given or "", field=f"{prefix}.given_name",
                                                       foreign_style=foreign_style))
    return family + own if family is not None and own is not None else None


def check_moment(child: ChildDeclaration, failed: frozenset[str], today: date, problems: ProblemList
                 ) -> BirthMoment | None:
    """The time of birth (가족관계등록법 제44조②3호: 출생의 연월일시), 24-hour, and the date the form records
    with it: 자정 is 0시 of the next day (`counter.rules.event_time`). None when either part failed."""
    born_ok = "birth_date" not in failed and passes(problems, lambda: check_birth_date(child.birth_date, today=today))
    if "birth_time" in failed:
        return None
    time = problems.attempt(lambda: parse_birth_time(child.birth_time or "", field="child.birth_time"))
    if time is None or not born_ok:
        return None
    recorded = time.recorded_date(child.birth_date)
    if recorded != child.birth_date and not passes(  # 자정 of today has not come yet
            problems, lambda: check_birth_date(recorded, today=today, field="child.birth_time")):
        return None
    return BirthMoment(time, recorded)


def check_place(raw_place: Any, problems: ProblemList) -> EventPlace | None:
    """The place of birth: one of the form's boxes, the address, and for 기타 what the place was."""
    if raw_place is None:  # missing, or not an object: the child's own parse said so
        return None
    place, failed = parse_partial(BirthPlaceDeclaration, raw_place, "child.birth_place", problems)
    if place is None:
        return None
    if "kind" in failed or place.kind not in BIRTH_PLACE_KINDS:  # the kind's problem, and the address's own
        if "kind" not in failed:
            problems.attempt(lambda: check_birth_place(place.kind, "-", field="child.birth_place"))
        if "address" not in failed:
            problems.attempt(lambda: check_birth_place(BirthPlaceKind.HOME, place.address, field="child.birth_place"))
        return None
    if failed:
        return None
    return problems.attempt(lambda: check_birth_place(place.kind, place.address, place.description,
                                                      field="child.birth_place"))


def _clan_seat(hangul: str | None, hanja: str | None, prefix: str, problems: ProblemList) -> dict[str, Any]:
    clan = problems.attempt(lambda: check_clan(hangul or "", hanja or "", field=f"{prefix}.clan_seat"))
    seat = (clan.hangul, clan.hanja) if clan is not None else None
    return {} if seat is None else {"clan_seat": seat[0], "clan_seat_hanja": seat[1] or None}


def _base(text: str | None, field: str, problems: ProblemList) -> Area | None:
    return problems.attempt(lambda: check_registration_base(text or "", field=field))


def check_child_form(child: ChildDeclaration, failed: frozenset[str], problems: ProblemList) -> dict[str, Any]:
    """The child's 본 (Hangul, optional Hanja of the same length); the details the person row keeps."""
    if failed & {"clan_seat", "clan_seat_hanja"}:
        return {}
    return _clan_seat(child.clan_seat, child.clan_seat_hanja, "child", problems)


def _number(text: str | None, field: str, problems: ProblemList) -> Rrn | None:
    return problems.attempt(lambda: parse_rrn(text or "", field=field))


def _korean_parent(role: str, parent: ParentDeclaration, failed: frozenset[str], problems: ProblemList) -> ParentForm:
    details: dict[str, Any] = {"foreign": False}
    if not failed & {"clan_seat", "clan_seat_hanja"}:
        details.update(_clan_seat(parent.clan_seat, parent.clan_seat_hanja, role, problems))
    base = None if "registration_base" in failed else _base(parent.registration_base, f"{role}.registration_base",
                                                            problems)
    if base is not None:
        details.update(registration_base=base.name, registration_base_code=base.code)
    if parent.foreign_registration_no:
        problems.add(f"{role}.foreign_registration_no", _("Only a foreign national has a foreigner registration "
                                                          "number: tick 'foreign national', or leave it empty."))
    rrn = None if "rrn" in failed else _number(parent.rrn, f"{role}.rrn", problems)
    if rrn is not None and rrn.foreigner and "foreign" not in failed:
        problems.add(f"{role}.rrn", _("This is a foreigner registration number: mark the parent as a foreign "
                                      "national, or enter the resident registration number."))
        rrn = None
    if rrn is not None and parent.birth_date is not None and "birth_date" not in failed:
        parsed, given = rrn, parent.birth_date
        problems.attempt(lambda: check_rrn_against_birth_date(parsed, given, field=f"{role}.birth_date"))
    return ParentForm(False, rrn, rrn.birth_date if rrn else None, base, details)


def _foreign_parent(role: str, parent: ParentDeclaration, failed: frozenset[str], problems: ProblemList) -> ParentForm:
    details: dict[str, Any] = {"foreign": True}
    if "nationality" not in failed:
        nationality = problems.attempt(lambda: validate_nationality(parent.nationality or "",
                                                                    field=f"{role}.nationality"))
        if nationality is not None:
            details["nationality"] = nationality
    if parent.rrn and "rrn" not in failed:
        problems.add(f"{role}.rrn", _("A foreign national has no resident registration number: enter the foreigner "
                                      "registration number in its own field (foreign_registration_no)."))
    number = None
    if parent.foreign_registration_no and "foreign_registration_no" not in failed:
        number = _number(parent.foreign_registration_no, f"{role}.foreign_registration_no", problems)
        if number is not None and not number.foreigner:
            problems.add(f"{role}.foreign_registration_no", _(
                "A foreigner registration number has 5, 6, 7 or 8 as its 7th digit: this is a resident registration "
                "number (a Korean national's)."))
            number = None
    birth = None if "birth_date" in failed else parent.birth_date
    if number is not None and birth is not None:
        given = number
        problems.attempt(lambda: check_rrn_against_birth_date(given, birth, field=f"{role}.birth_date"))
    elif birth is None and not parent.foreign_registration_no and "birth_date" not in failed:
        problems.add(f"{role}.birth_date", _("Without a foreigner registration number, enter the date of birth as the "
                                             "passport gives it (YYYY-MM-DD)."))
    return ParentForm(True, number, number.birth_date if number else birth, None, details)


def check_parent(role: str, parent: ParentDeclaration, failed: frozenset[str], child_birth: date | None,
                 problems: ProblemList) -> tuple[str | None, ParentForm]:
    """A parent's name and form fields: `(name, form)`; the name is None when it failed."""
    foreign = bool(parent.foreign)
    if foreign:
        name = problems.attempt(lambda: validate_foreign_name(parent.foreign_name or "", field=f"{role}.foreign_name"))
        form = _foreign_parent(role, parent, failed, problems)
    else:
        # The 5-syllable limit binds new registrations (the child); a parent's name is copied as registered.
        name = check_name(parent.surname, parent.given_name, role, problems, foreign_style=True)
        form = _korean_parent(role, parent, failed, problems)
    if form.birth_date is not None and child_birth is not None:
        field = f"{role}.foreign_registration_no" if foreign and form.rrn else f"{role}.birth_date" if foreign \
            else f"{role}.rrn"
        born = form.birth_date
        problems.attempt(lambda: check_parent_birth_date(born, child_birth, field=field))
    return name, form


def child_registration_base(child: ChildDeclaration, failed: frozenset[str], parents: Mapping[str, ParentForm | None],
                            problems: ProblemList) -> tuple[str, Area | None]:
    """The child's 등록기준지 (a 시·군·구, 가족관계등록법 제10조①) and whose it is: `registration_base_from`,
    or by default the father's for a child born in marriage to a Korean father, else the mother's."""
    if "registration_base_from" in failed:
        return "", None
    father = parents.get("father")
    source = child.registration_base_from or (
        "father" if child.in_marriage and father is not None and not father.foreign else "mother")
    given = None
    if (child.registration_base or "").strip() and "registration_base" not in failed:
        given = _base(child.registration_base, "child.registration_base", problems)
        if given is None:
            return source, None
    if source == "other":
        if given is None and "registration_base" not in failed:
            problems.add("child.registration_base", _("Enter the child's registration base (a 시·군·구, for example "
                                                      "서울특별시 강남구), or take a parent's."))
        return source, given
    parent = parents.get(source)
    field = "child.registration_base_from"
    if parent is None:
        if source == "father" and "father" not in parents:
            problems.add(field, _("No father is recorded: take the mother's registration base, or enter another."))
        return source, None
    if parent.foreign:
        problems.add(field, _("A foreign parent has no registration base: take the other parent's, or enter "
                              "another."))
        return source, None
    if parent.registration_base is not None and given is not None and given != parent.registration_base:
        problems.add("child.registration_base", _("This is not the parent's registration base: leave it empty to "
                                                  "take the parent's, or choose 'other'."))
        return source, None
    return source, parent.registration_base


def check_address(text: str | None, field: str, problems: ProblemList) -> str | None:
    """The reporter's address (the form asks it of every reporter)."""
    return problems.attempt(lambda: clean_text(text or "", field=field, max_length=ADDRESS_MAX_LENGTH, required=True))


def check_attachments(raw: Any, problems: ProblemList) -> BirthProofDecision | None:
    """What proves the birth (가족관계등록법 제44조④, 제44조의2①). Nothing presented, or a statement
    without its material: the report is refused, naming the family court's confirmation."""
    if raw is None:  # left out: nothing was presented
        decision = birth_proof_decision(())
        problems.add(decision.field, decision.message, decision.rule)
        return None
    section = parse_section(BirthAttachmentsDeclaration, raw, "attachments", problems)
    if section is None:
        return None
    return problems.attempt(lambda: check_birth_proof(section.presented, supporting_material=section.material,
                                                      field="attachments"))


def _clan(details: Mapping[str, Any]) -> str:
    seat, hanja = details.get("clan_seat") or "", details.get("clan_seat_hanja")
    return f"{seat}({hanja})" if hanja else seat


def form_lines(review: BirthReview) -> list[tuple[str, str]]:
    """The form's fields a review shows the clerk, as `(label, value)` in the current language (plain
    text: a screen escapes it)."""
    place = review.place
    where = f"{place.label} · {place.address}" + (f" ({place.description})" if place.description else "")
    base = _("{area} ({whose})").format(area=review.registration_base.name,
                                        whose=_(BASE_SOURCES[review.registration_base_from]))
    lines = [(_("Born"), f"{format_date(review.birth_date)} {event_time_text(review.birth_time)} · {where}"),
             (_("본 · registration base"), f"{_clan(review.child.details)} · {base}")]
    for parent in (review.mother, review.father):
        if parent is None:
            continue
        details = parent.details
        if details.get("foreign"):
            value = _("foreign national, {nationality}").format(nationality=details.get("nationality", ""))
        else:
            value = f"{_clan(details)} · {details.get('registration_base', '')}"
        lines.append((role_label(parent.role), value))
    lines += [(_("Reporter's address"), review.reporter_address), (_("Proof of birth"), review.proof.message)]
    return lines
