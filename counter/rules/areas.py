"""The 시·도 and 시·군·구 of Korea, and how a clerk names one on the official forms.

The places of birth and death (출생신고서, 사망신고서) and the 등록기준지 are chosen from this list
where it applies. The list ships as `data/areas.tsv` (5-digit 행정표준코드, the first digits of the
법정동코드, with the Korean names; valid on `VALID_ON`, sources in its header) and its other names
(short forms such as 서울 or 경기, and former names such as 강원도 or 인천광역시 중구) as
`data/area_names.tsv`. A former name answers the current area with a note; a name that was divided,
or that several places share (중구, 동구, 고성군), is refused with the candidates so the clerk chooses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from counter.base.errors import ValidationError
from counter.base.i18n import _, format_date
from counter.rules.text import clean_text

DATA_DIR = Path(__file__).with_name("data")
VALID_ON = date(2026, 11, 26)  # the day the shipped list was checked against its sources
MAX_INPUT = 100  # long enough to hold (and explain) a whole address typed by mistake
_CODE = re.compile(r"^\d{5}$")
_BELOW_SIGUNGU = re.compile(r"(동|읍|면|리|로|길|가)$")  # 동·읍·면·리, street names (…로, …길, …가)


@dataclass(frozen=True, slots=True)
class Area:
    """A 시·도 (`sigungu` is None), a 시·군·구, or an 일반구 of a city (`gu`). `code` is the 5-digit
    행정표준코드 (xx000 for a 시·도). 세종특별자치시 has no 시·군·구: its unit 36110 has neither."""

    code: str
    sido: str
    sigungu: str | None = None
    gu: str | None = None

    @property
    def is_sido(self) -> bool:
        """True for a whole 시·도."""
        return self.code.endswith("000")

    @property
    def name(self) -> str:
        """The name as written on a form: "서울특별시 강남구", "경기도 수원시 장안구", "세종특별자치시"."""
        return " ".join(part for part in (self.sido, self.sigungu, self.gu) if part)


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name no longer current since `since`, and the areas that now hold its ground."""

    name: str
    since: date
    successors: tuple[Area, ...]


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """The area a text names; `former` when the text used a former name."""

    area: Area
    former: FormerName | None = None

    @property
    def note(self) -> str | None:
        """For the clerk, when a former name was typed: what it is called now, and since when."""
        if self.former is None:
            return None
        return _("'{old}' has been {new} since {date}.").format(
            old=self.former.name, new=", ".join(area.name for area in self.former.successors),
            date=format_date(self.former.since))


class AreaChoiceError(ValidationError):
    """The text fits several areas (a shared name, or a former area that was divided): `candidates`
    lists them so a screen can offer the choice."""

    def __init__(self, message: str, *, field: str, code: str, candidates: tuple[Area, ...]) -> None:
        super().__init__(message, field=field, code=code)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    former: FormerName | None


@dataclass(frozen=True)
class _Gazetteer:
    by_code: dict[str, Area]
    index: dict[str, tuple[_Entry, ...]]


def sidos() -> tuple[Area, ...]:
    """Every 시·도, in code order."""
    return tuple(area for area in _gazetteer().by_code.values() if area.is_sido)


def sigungus_of(sido: Area | str) -> tuple[Area, ...]:
    """The 시·군·구 of one 시·도 (an `Area` or its code), cities with 일반구 followed by their 구, in
    code order; for 세종특별자치시 its one unit. KeyError for an unknown 시·도 code."""
    code = sido.code if isinstance(sido, Area) else sido
    parent = _gazetteer().by_code[code]
    if not parent.is_sido:
        raise KeyError(code)
    return tuple(area for area in _gazetteer().by_code.values()
                 if not area.is_sido and area.code[:2] == code[:2])


def area_by_code(code: str) -> Area | None:
    """The current area with this 5-digit code, or None."""
    return _gazetteer().by_code.get(code)


def find_area(text: str, *, field: str = "area") -> AreaMatch:
    """The area `text` names, or ValidationError naming `field`.

    Accepted: the full name ("경기도 수원시 장안구", spaces optional, NFC or NFD), the name without the
    시·도 or without the city when only one area has it ("강남구", "장안구"), a short form of the 시·도
    ("서울 강남구", "경기 수원시"), and former names (answered with the current area and a `note`).
    Refused: hidden or control characters and registration or phone numbers (`clean_text`); a name
    several areas share or a divided former area (`AreaChoiceError`, code `area_ambiguous` or
    `area_split`); an address (`area_address`); anything else (`area_unknown`).
    """
    cleaned = clean_text(text, field=field, max_length=MAX_INPUT, required=True)
    match = _resolve(_compact(cleaned), cleaned, field)
    if match is None:
        raise _unknown(cleaned, field)
    return match


def check_registration_base(text: str, *, field: str = "registration_base") -> Area:
    """The 시·군·구 `text` names as a 등록기준지, or ValidationError naming `field`.

    The 등록기준지 is chosen when a person is first registered, and can be changed later
    (가족관계의 등록 등에 관한 법률 제10조①②); the register is kept by it (제9조①, ②1호). This desk
    takes it as a 시·군·구 (or a city written without its 일반구, or 세종특별자치시); a whole 시·도 is
    refused (`area_not_sigungu`), and so are a 동, street or lot number (`area_address`), besides
    everything `find_area` refuses. The answer is the current area: a former name is accepted.
    """
    area = find_area(text, field=field).area
    if area.is_sido:  # 가족관계의 등록 등에 관한 법률 제10조①; this desk keeps the 등록기준지 at 시·군·구 level
        raise ValidationError(
            _("The registration base is a 시·군·구, not a whole 시·도: write the 시·군·구 within {sido}.").format(
                sido=area.name), field=field, code="area_not_sigungu")
    return area


def complete_area_name(typed: str) -> str | None:
    """The first current 시·군·구 (code order) whose name as the form writes it starts with `typed`, or the
    name alone (강남구) when only one area has it; None when nothing does. For completing while typing:
    `find_area` accepts every answer."""
    if not typed.strip():
        return None
    return next((name for name in _completions() if name.startswith(typed)), None)


@cache
def _completions() -> tuple[str, ...]:
    below = [area for area in _gazetteer().by_code.values() if not area.is_sido]  # 세종: its one unit
    names = [area.name for area in below]
    for area in below:  # a name alone (강남구) only when it names this area and no other (not 중구, 광주시)
        if area.sigungu and not area.gu and _names_only(area.sigungu, area):
            names.append(area.sigungu)
    return tuple(names)


def _names_only(name: str, area: Area) -> bool:
    try:
        return find_area(name).area == area
    except ValidationError:
        return False


def _compact(text: str) -> str:
    return "".join(text.split())


def _resolve(key: str, shown: str, field: str) -> AreaMatch | None:
    entries = _gazetteer().index.get(key)
    if not entries:
        return None
    by_code: dict[str, _Entry] = {}
    for entry in entries:
        if entry.code not in by_code or by_code[entry.code].former is not None:
            by_code[entry.code] = entry  # a current name wins over a former one for the same area
    areas = tuple(_gazetteer().by_code[code] for code in sorted(by_code))
    if len(areas) == 1:
        (entry,) = by_code.values()
        return AreaMatch(areas[0], entry.former)
    formers = {entry.former for entry in by_code.values()}
    former = next(iter(formers)) if len(formers) == 1 else None  # one former name, several successors
    listed = ", ".join(area.name for area in areas)
    if former is not None:
        raise AreaChoiceError(
            _("'{text}' was divided on {date} into: {areas}. Choose the one that applies.").format(
                text=shown, date=format_date(former.since), areas=listed),
            field=field, code="area_split", candidates=areas)
    raise AreaChoiceError(
        _("'{text}' could be any of: {areas}. Write the 시·도 too.").format(text=shown, areas=listed),
        field=field, code="area_ambiguous", candidates=areas)


def _unknown(cleaned: str, field: str) -> ValidationError:
    """Why `cleaned` names no area: an address (with the area it starts with, if any), a 시·군·구
    the named 시·도 does not have, or an unknown name."""
    tokens = cleaned.split()
    for cut in range(len(tokens) - 1, 0, -1):
        try:
            head = _resolve(_compact("".join(tokens[:cut])), cleaned, field)
        except ValidationError:
            head = None  # an ambiguous head: the address message below still applies
        if head is None:
            continue
        rest = " ".join(tokens[cut:])
        if head.area.is_sido and len(tokens) - cut == 1 and _looks_like_sigungu(rest):
            return ValidationError(
                _("{sido} has no 시·군·구 named '{name}': check the spelling or choose it from the list.").format(
                    sido=head.area.name, name=rest), field=field, code="area_unknown")
        if head.area.is_sido:
            return ValidationError(
                _("Write the 시·군·구 within {sido} here, not '{rest}': the form asks for the 시·군·구 only.").format(
                    sido=head.area.name, rest=rest), field=field, code="area_address")
        return ValidationError(
            _("Write only the 시·군·구 ({area}) here, without '{rest}': the form asks for the 시·군·구 only.").format(
                area=head.area.name, rest=rest), field=field, code="area_address")
    if any(char.isdigit() for char in cleaned) or any(_BELOW_SIGUNGU.search(token) for token in tokens):
        return ValidationError(
            _("This looks like an address: write only its 시·군·구 here (for example 서울특별시 강남구)."),
            field=field, code="area_address")
    return ValidationError(
        _("'{text}' is not a 시·도 or 시·군·구 of Korea: check the spelling or choose it from the list.").format(
            text=cleaned), field=field, code="area_unknown")


def _looks_like_sigungu(text: str) -> bool:
    """A misspelt or missing 시·군·구 rather than a 동, street or number."""
    return not any(char.isdigit() for char in text) and not _BELOW_SIGUNGU.search(text)


@cache
def _gazetteer() -> _Gazetteer:
    areas = {area.code: area for area in _read_areas(DATA_DIR / "areas.tsv")}
    index: dict[str, list[_Entry]] = {}

    def add(key: str, code: str, former: FormerName | None = None) -> None:
        index.setdefault(_compact(key), []).append(_Entry(code, former))

    prefixes: dict[str, list[tuple[str, FormerName | None]]] = {
        area.code[:2]: [(area.sido, None)] for area in areas.values() if area.is_sido}
    full_formers: list[tuple[str, FormerName]] = []
    for name, codes, since in _read_names(DATA_DIR / "area_names.tsv", areas):
        former = FormerName(name, since, tuple(areas[code] for code in codes)) if since else None
        if len(codes) == 1 and areas[codes[0]].is_sido:
            prefixes[codes[0][:2]].append((name, former))
        elif former is None:
            raise ValueError(f"area_names.tsv: a short form must name one 시·도: {name}")
        else:
            full_formers.append((name, former))

    for area in areas.values():
        below = [part for part in (area.sigungu, area.gu) if part]
        own = "".join(below)
        target = _single_unit(area, areas) if area.is_sido else area.code
        for prefix, former in prefixes[area.code[:2]]:
            if area.is_sido:
                add(prefix, target, former)
            else:
                add(prefix + own, area.code, former)
                if area.gu:
                    add(prefix + area.gu, area.code, former)
        if own:
            add(own, area.code)
        if area.gu:
            add(area.gu, area.code)
    for name, former in full_formers:
        head, _space, tail = name.partition(" ")
        sido_keys = [keys for keys in prefixes.values() if any(prefix == head for prefix, _f in keys)]
        for keys in sido_keys or [[(head, None)]]:
            for prefix, _f in keys:
                for successor in former.successors:
                    add(prefix + tail, successor.code, former)
    return _Gazetteer(areas, {key: tuple(entries) for key, entries in index.items()})


def _single_unit(sido: Area, areas: dict[str, Area]) -> str:
    """The code a 시·도's name stands for: its one unit when it has no 시·군·구 (세종특별자치시, whose
    forms record 36110), else the 시·도 itself."""
    units = [area for area in areas.values() if area.code[:2] == sido.code[:2] and area != sido]
    return units[0].code if len(units) == 1 and units[0].sigungu is None else sido.code


def _rows(path: Path) -> Iterable[list[str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield [f"{path.name}:{number}", *line.split("\t")]


def _read_areas(path: Path) -> list[Area]:
    areas: dict[str, Area] = {}
    for where, code, sido, sigungu, gu in _rows(path):
        area = Area(code, sido, sigungu or None, gu or None)
        if not _CODE.match(code) or code in areas or not _fits(area, areas):
            raise ValueError(f"{where}: not a valid area row")
        areas[code] = area
    return list(areas.values())


def _fits(area: Area, earlier: dict[str, Area]) -> bool:
    """A 시·도 row names nothing below it; any other row follows its 시·도 (same name), and an 일반구
    row follows its city (code xxxx0, same city name)."""
    if area.is_sido:
        return bool(area.sido) and area.sigungu is None and area.gu is None
    parent = earlier.get(area.code[:2] + "000")
    city = earlier.get(area.code[:4] + "0")
    if parent is None or parent.sido != area.sido:
        return False
    if area.gu is not None:
        return city is not None and city.gu is None and city.sigungu == area.sigungu
    return area.sigungu is not None or area.sido.endswith("특별자치시")


def _read_names(path: Path, areas: dict[str, Area]) -> list[tuple[str, tuple[str, ...], date | None]]:
    names = []
    for where, name, codes, since in _rows(path):
        parts = tuple(codes.split(","))
        if not name or any(code not in areas for code in parts):
            raise ValueError(f"{where}: unknown area code in {codes}")
        names.append((name, parts, date.fromisoformat(since) if since else None))
    return names
