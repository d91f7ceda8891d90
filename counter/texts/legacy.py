"""Texts stored before codes (schema 0004 and older), mapped back to codes by migration 0005.

A stored sentence is mapped when one code, with parameters taken from the rows around it (the report's
deadline and fine, the people's roles and birth dates, the request's channel and date) or read from
the sentence itself (numbers, dates, receipt numbers), renders to exactly that sentence in Korean or
in English. Anything else is kept as `legacy` text and shown as it was written. Downgrading renders
every code back to Korean text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from counter.base.errors import StoredDataError
from counter.base.i18n import LANGUAGES, _, in_language
from counter.base.stored_text import Renderer, TextParamError, jsonable
from counter.rules.birth import REPORTER_RULES
from counter.rules.death import DEATH_REPORTER_RULES, inquiry_deadline, renunciation_period_end
from counter.rules.fines import NO_FINE, TIER_WORDS
from counter.rules.heir_eligibility import STANDING_TEXTS
from counter.rules.inquiry_applicant import DOCUMENT_LABELS
from counter.texts.renderers import (
    NOTICE_LINES,
    RECORD_NOTES,
    REQUEST_REASONS,
    WARNINGS,
)
from models import StoredText

LEGACY = "legacy"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_KOREAN_DATE = re.compile(r"(\d{4})\. (\d{1,2})\. (\d{1,2})\.")
_RECEIPT = re.compile(r"\b\d{7}-[0-9A-Z]+-\d{6}-\d{4,}-[0-9A-Z]\b")
_QUOTED = re.compile(r"'([^']+)'")


@dataclass
class BundleFacts:
    """What the rows of one bundle say, for rebuilding its texts' parameters."""

    roles: list[str] = field(default_factory=list)
    birth_dates: dict[str, date] = field(default_factory=dict)
    deadline: date | None = None
    fine_won: int = 0
    death_date: date | None = None
    declared_missing_on: date | None = None
    service_names: list[Mapping[str, Any]] = field(default_factory=list)


def dump(stored: StoredText) -> dict[str, Any]:
    """A stored text as its JSON."""
    return stored.model_dump(mode="json", exclude_unset=True)


def _says(renderer: Renderer, stored: StoredText, text: str) -> bool:
    for lang in LANGUAGES:
        with in_language(lang):
            try:
                if renderer.render(stored) == text:
                    return True
            except StoredDataError:
                return False
    return False


def map_text(renderer: Renderer, code: str, text: Any, candidates: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The first candidate of `code` that renders to `text` in either language, else `text` as legacy."""
    if isinstance(text, Mapping) and "code" in text:
        return dict(text)  # already a code
    for params in candidates:
        try:
            stored = StoredText(code=code, params=jsonable(params))
        except (TextParamError, PydanticValidationError):
            continue
        if _says(renderer, stored, str(text)):
            return dump(stored)
    return dump(StoredText(code=code if re.fullmatch(r"[a-z][a-z0-9_.]*", code) else LEGACY, legacy=str(text)))


def _numbers(text: str) -> list[int]:
    return [int(number) for number in dict.fromkeys(re.findall(r"\d+", text))]


def _dates(text: str) -> list[date]:
    found = []
    for pattern in (_ISO_DATE, _KOREAN_DATE):
        for year, month, day in pattern.findall(text):
            try:
                found.append(date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return list(dict.fromkeys(found))


def _documents(text: str) -> list[str]:
    """The document codes whose label (in either language) appears in `text`, in the text's order."""
    found: dict[int, str] = {}
    for document, msgid in DOCUMENT_LABELS.items():
        for lang in LANGUAGES:
            with in_language(lang):
                at = text.find(_(msgid))
            if at >= 0:
                found.setdefault(at, document.value)
    return [found[at] for at in sorted(found)]


def _fines(amount: int) -> list[dict[str, Any]]:
    return [{"tier": tier, "amount": amount, "after_demand": after}
            for tier in (*TIER_WORDS, NO_FINE) for after in (False, True)]


def _service_warnings(text: str) -> list[dict[str, Any]]:
    candidates: list[dict[str, Any]] = [{"code": "no_amount_case"}]
    for day in _dates(text):
        candidates.append({"code": "voucher_expired", "params": {"date": day.isoformat()}})
        candidates += [{"code": "retroactivity", "params": {"last_day": day.isoformat(), "days": days}}
                       for days in _numbers(text)]
    return candidates


def warning(old: Any, facts: BundleFacts) -> dict[str, Any]:
    """A bundle warning (`{"code", "message"}` before codes) as a stored text."""
    if not isinstance(old, Mapping):
        return map_text(WARNINGS, LEGACY, old, [])
    if "message" not in old:
        return dict(old)
    code, text = str(old.get("code") or LEGACY), str(old["message"])
    candidates: dict[str, list[dict[str, Any]]] = {
        "late_report": [{"deadline": facts.deadline, **fine} for fine in _fines(facts.fine_won)] if facts.deadline else [],
        "parent_age": [{"role": role, "age": age} for role in ("mother", "father") for age in _numbers(text)],
        "rrn_checksum": [{"role": role} for role in dict.fromkeys(facts.roles)],
        "paternity": [{}],
        "service": [{"service": names, "warning": inner}
                    for names, inner in itertools.product(facts.service_names, _service_warnings(text))],
        "catalogue": [{"warning": {"code": "disables_unknown", "params": {"code": quoted}}}
                      for quoted in _QUOTED.findall(text)],
        "documents": [{"documents": _documents(text)}],
        "inquiry_already_filed": [{"receipts": _RECEIPT.findall(text)}],
    }
    return map_text(WARNINGS, code, text, candidates.get(code, []))


def notice_line(text: Any, facts: BundleFacts) -> dict[str, Any]:
    """A line of a death notice (text before codes) as a stored text."""
    value = str(text)
    dates = _dates(value)
    if facts.death_date is not None:
        dates.append(renunciation_period_end(facts.death_date))
        dates.append(inquiry_deadline(facts.death_date, declared_missing_on=facts.declared_missing_on).last_filing_day)
    numbers = _numbers(value)
    for code, candidates in (
        ("renunciation_end", [{"date": day} for day in dates]),
        ("inquiry_open_until", [{"date": day} for day in dates]),
        ("results_within", [{"low": low, "high": high} for low, high in itertools.permutations(numbers, 2)]),
    ):
        stored = map_text(NOTICE_LINES, code, text, candidates)
        if "legacy" not in stored:
            return stored
    return map_text(NOTICE_LINES, LEGACY, text, [])


def request_reason(text: Any, channel: str | None, due_date: date | None) -> dict[str, Any]:
    """A request's reason (text before codes) as a stored text: an asset-inquiry item's delivery line is
    rebuilt from the row's channel and date; a linked service's reason stays as it was written."""
    candidates: list[dict[str, Any]] = [{"channel": channel, "date": due_date}] if channel and due_date else []
    return map_text(REQUEST_REASONS, "inquiry_delivery" if candidates else LEGACY, text, candidates)


def birth_reporter_rule(text: Any) -> dict[str, Any]:
    """`birth_report.details.reporter_rule`."""
    return map_text(RECORD_NOTES, "birth_reporter", text, [{"rule": rule} for rule in REPORTER_RULES])


def death_reporter_rule(text: Any, qualification: str) -> dict[str, Any]:
    """`death_report.details.reporter_rule`."""
    return map_text(RECORD_NOTES, "death_reporter", text,
                    [{"rule": rule, "reporter": qualification} for rule in DEATH_REPORTER_RULES])


def fine_reason(text: Any, fine_won: int) -> dict[str, Any]:
    """`*.details.fine_reason`."""
    return map_text(RECORD_NOTES, "fine", text, _fines(fine_won))


def heir_decision(text: Any, details: Mapping[str, Any]) -> dict[str, Any]:
    """`heir_application.details.decision`, from the application's own relation, rank and representation."""
    relation, rank = details.get("relation"), details.get("rank")
    representation = details.get("representation") or "in_person"
    candidates: list[dict[str, Any]] = [{"standing": standing, "relation": relation if standing != "administrator" else None,
                   "rank": rank if standing in ("heir", "representation") else None, "heirs": [],
                   "declared_missing": missing, "representation": representation}
                  for standing in STANDING_TEXTS for missing in (False, True)]
    return map_text(RECORD_NOTES, "heir_standing", text, candidates)


def document_seen(text: Any) -> dict[str, Any]:
    """One of `heir_application.details.documents_seen` (a label before codes)."""
    return map_text(RECORD_NOTES, "document", text, [{"document": code} for code in _documents(str(text))])


def korean(renderer: Renderer, value: Any) -> str:
    """A stored text said in Korean (for a downgrade to texts)."""
    if not isinstance(value, Mapping):
        return "" if value is None else str(value)
    with in_language("ko"):
        return renderer.render(StoredText.model_validate(value))
