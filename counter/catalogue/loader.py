"""Read a shipped catalogue set, merge the office override over it, and validate everything.

A set file has `[[service]]` entries (birth bundle), `[[inquiry_item]]` entries (death bundle) and an
optional `[inquiry]` table (`remind_citizen`: the inquiry as a whole). The override file (same format)
merges by `code`: its keys replace the shipped entry's keys, a new code adds an entry, and
`disabled = true` removes one; its `[inquiry]` keys replace the set's. Every problem is a
`CatalogueError` naming the file, the line (TOML syntax errors: exact; rule and field errors: the line
of the key, found by searching the file) and the entry's key path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from counter.base.i18n import _
from counter.catalogue.model import (
    CHANNELS,
    PERIODS,
    AmountCase,
    Bilingual,
    Catalogue,
    CatalogueError,
    Eligibility,
    InquiryItem,
    Service,
)  # fmt: skip
from counter.catalogue.rules import Node, RuleSyntaxError, compile_rule
from counter.catalogue.source import locate, read_toml, table_key_line
from counter.catalogue.wording import CATALOGUE_WARNINGS
from counter.rules.text import forbidden_character
from models import StoredText

DATA_DIR = Path(__file__).with_name("data")
SHIPPED_SETS = ("national", "seed-district")
KINDS = ("service", "inquiry_item")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
INQUIRY = "inquiry"
_TOP_KEYS = {"catalogue", INQUIRY, *KINDS}
_INQUIRY_KEYS = {"remind_citizen"}
_SERVICE_KEYS = {
    "code", "name_ko", "name_en", "agency_code", "agency_name_ko", "agency_name_en", "level",
    "eligibility", "amount", "documents", "result_delivery_ko", "result_delivery_en",
    "apply_within_days", "apply_within_months", "retroactive_days", "usable_months", "remind_citizen",
    "note_ko", "note_en", "disabled",
}  # fmt: skip
_ITEM_KEYS = {
    "code", "name_ko", "name_en", "agency_code", "agency_name_ko", "agency_name_en",
    "local_department", "channels", "default_channel", "processing_days", "since", "note_ko",
    "note_en", "disabled",
}  # fmt: skip
_ELIGIBILITY_KEYS = {"when", "reason_ko", "reason_en", "otherwise_ko", "otherwise_en"}
_AMOUNT_KEYS = {"when", "won", "period", "label_ko", "label_en", "text_ko", "text_en"}


def shipped_path(set_name: str) -> Path:
    """The data file of a shipped set (`national`, `seed-district`)."""
    return DATA_DIR / f"{set_name}.toml"


@dataclass
class _Entry:
    data: dict[str, Any]
    home: Path
    origins: dict[str, Path] = field(default_factory=dict)


def _entries(data: dict[str, Any], path: Path) -> dict[str, dict[str, _Entry]]:
    for key in data:
        if key not in _TOP_KEYS:
            raise CatalogueError(
                path, _("unknown section '{key}' (expected [[service]] or [[inquiry_item]])").format(key=key)
            )
    result: dict[str, dict[str, _Entry]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        raw = data.get(kind, [])
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise CatalogueError(path, _("'{kind}' must be a list of [[{kind}]] tables").format(kind=kind))
        for number, item in enumerate(raw, start=1):
            code = item.get("code")
            if not isinstance(code, str) or not _CODE.match(code):
                raise CatalogueError(
                    path,
                    _(
                        "[[{kind}]] number {number} needs a code of lower-case letters, digits and hyphens"
                    ).format(kind=kind, number=number),
                    line=locate(path.read_text("utf-8"), kind, str(code), [])
                    if isinstance(code, str)
                    else None,
                )
            if code in result[kind]:
                raise CatalogueError(
                    path, _("the code '{code}' appears twice").format(code=code), key=f"{kind}[{code}]"
                )
            result[kind][code] = _Entry(dict(item), path, dict.fromkeys(item, path))
    return result


def _merge(
    base: dict[str, dict[str, _Entry]], override: dict[str, dict[str, _Entry]], warnings: list[StoredText]
) -> None:
    for kind in KINDS:
        for code, entry in override[kind].items():
            if entry.data.get("disabled") is True:
                if base[kind].pop(code, None) is None:
                    warnings.append(CATALOGUE_WARNINGS.make("disables_unknown", code=code))
                continue
            if code in base[kind]:
                target = base[kind][code]
                for key, value in entry.data.items():
                    target.data[key] = value
                    target.origins[key] = entry.home
            else:
                base[kind][code] = entry


class _Builder:
    """Reads one merged entry, raising CatalogueError with file, line and key path on any problem."""

    def __init__(self, kind: str, code: str, entry: _Entry, texts: dict[Path, str]) -> None:
        self.kind, self.code, self.entry, self.texts = kind, code, entry, texts

    def fail(self, path: list[str | int], problem: str) -> NoReturn:
        top = next((p for p in path if isinstance(p, str)), "code")
        file = self.entry.origins.get(top, self.entry.home)
        text = self.texts.get(file, "")
        line = locate(text, self.kind, self.code, path) if text else None
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        raise CatalogueError(file, problem, line=line, key=f"{self.kind}[{self.code}]{dotted}")

    def value(self, table: dict[str, Any], path: list[str | int], *, required: bool) -> Any:
        key = path[-1]
        if key not in table:
            if required:
                self.fail(path, _("'{key}' is missing").format(key=key))
            return None
        return table[key]

    def check_keys(self, table: Any, allowed: set[str], path: list[str | int]) -> dict[str, Any]:
        if not isinstance(table, dict):
            self.fail(path, _("expected a table"))
        for key in table:
            if key not in allowed:
                self.fail([*path, key], _("unknown key '{key}'").format(key=key))
        return table

    def text(self, table: dict[str, Any], path: list[str | int], *, required: bool = True) -> str | None:
        value = self.value(table, path, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(path, _("expected a non-empty text"))
        bad = forbidden_character(value)
        if bad is not None:
            self.fail(
                path,
                _("the text contains a control or invisible character (U+{code})").format(
                    code=f"{ord(bad):04X}"
                ),
            )
        return value.strip()

    def bilingual(
        self, table: dict[str, Any], path: list[str | int], *, required: bool = True
    ) -> Bilingual | None:
        prefix = str(path[-1])
        ko = self.text(table, [*path[:-1], f"{prefix}_ko"], required=required)
        en = self.text(table, [*path[:-1], f"{prefix}_en"], required=required or ko is not None)
        if ko is None and en is not None:
            self.fail([*path[:-1], f"{prefix}_ko"], _("'{key}' is missing").format(key=f"{prefix}_ko"))
        return Bilingual(ko, en) if ko is not None and en is not None else None

    def integer(
        self, table: dict[str, Any], path: list[str | int], *, low: int, high: int, required: bool = False
    ) -> int | None:
        value = self.value(table, path, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(path, _("expected a whole number from {low} to {high}").format(low=low, high=high))
        return value

    def check_disabled(self, data: dict[str, Any]) -> None:
        if "disabled" in data and not isinstance(data["disabled"], bool):
            self.fail(["disabled"], _("expected true or false"))

    def boolean(self, table: dict[str, Any], path: list[str | int]) -> bool:
        value = self.value(table, path, required=True)
        if not isinstance(value, bool):
            self.fail(path, _("expected true or false"))
        return value

    def flag(self, table: dict[str, Any], path: list[str | int]) -> bool:
        """An optional true/false key (false when absent)."""
        return self.boolean(table, path) if path[-1] in table else False

    def rule(self, table: dict[str, Any], path: list[str | int]) -> tuple[str, Node]:
        source = self.value(table, path, required=False)
        source = "true" if source is None else source
        if not isinstance(source, str):
            self.fail(path, _('a rule must be a quoted text, e.g. "birth_order >= 2"'))
        try:
            return source, compile_rule(source)
        except RuleSyntaxError as error:
            self.fail(path, _('rule "{rule}": {problem}').format(rule=source, problem=error))

    def service(self) -> Service:
        data = self.check_keys(self.entry.data, _SERVICE_KEYS, [])
        self.check_disabled(data)
        raw_eligibility = self.check_keys(data.get("eligibility", {}), _ELIGIBILITY_KEYS, ["eligibility"])
        source, node = self.rule(raw_eligibility, ["eligibility", "when"])
        eligibility = Eligibility(
            source,
            node,
            self.bilingual(raw_eligibility, ["eligibility", "reason"], required=False),
            self.bilingual(raw_eligibility, ["eligibility", "otherwise"], required=False),
        )
        raw_amounts = data.get("amount", [])
        if not isinstance(raw_amounts, list):
            self.fail(["amount"], _("'amount' must be a list of [[service.amount]] tables"))
        amounts = tuple(self.amount_case(case, index) for index, case in enumerate(raw_amounts))
        raw_documents = data.get("documents", [])
        if not isinstance(raw_documents, list):
            self.fail(["documents"], _("'documents' must be a list of {ko = ..., en = ...} tables"))
        documents = []
        for index, document in enumerate(raw_documents):
            self.check_keys(document, {"ko", "en"}, ["documents", index])
            ko = self.text(document, ["documents", index, "ko"])
            en = self.text(document, ["documents", index, "en"])
            documents.append(Bilingual(str(ko), str(en)))
        level = self.text(data, ["level"], required=False) or "national"
        if level not in ("national", "local"):
            self.fail(["level"], _('\'level\' must be "national" or "local"'))
        within_days = self.integer(data, ["apply_within_days"], low=1, high=3660)
        within_months = self.integer(data, ["apply_within_months"], low=1, high=120)
        if within_days is not None and within_months is not None:
            self.fail(["apply_within_months"], _("give apply_within_days or apply_within_months, not both"))
        retroactive_days = self.integer(data, ["retroactive_days"], low=1, high=3660)
        remind_citizen = self.flag(data, ["remind_citizen"])
        if remind_citizen and retroactive_days is None:
            self.fail(["remind_citizen"], _("remind_citizen needs retroactive_days: the reminder is about that day"))
        return Service(
            code=self.code,
            names=self.bilingual(data, ["name"]) or Bilingual("", ""),
            agency_code=str(self.text(data, ["agency_code"])),
            agency_names=self.bilingual(data, ["agency_name"]) or Bilingual("", ""),
            eligibility=eligibility,
            amounts=amounts,
            documents=tuple(documents),
            result_delivery=self.bilingual(data, ["result_delivery"]) or Bilingual("", ""),
            level=level,
            apply_within_days=within_days,
            apply_within_months=within_months,
            retroactive_days=retroactive_days,
            usable_months=self.integer(data, ["usable_months"], low=1, high=240),
            remind_citizen=remind_citizen,
            note=self.bilingual(data, ["note"], required=False),
        )

    def amount_case(self, case: Any, index: int) -> AmountCase:
        path: list[str | int] = ["amount", index]
        table = self.check_keys(case, _AMOUNT_KEYS, path)
        source, node = self.rule(table, [*path, "when"])
        won = self.integer(table, [*path, "won"], low=0, high=1_000_000_000)
        period = self.text(table, [*path, "period"], required=False) or "once"
        if period not in PERIODS:
            self.fail(
                [*path, "period"], _("'period' must be one of: {choices}").format(choices=", ".join(PERIODS))
            )
        text = self.bilingual(table, [*path, "text"], required=False)
        if won is None and text is None:
            self.fail(path, _("an amount case needs 'won' or 'text_ko'/'text_en'"))
        return AmountCase(
            source, node, won, period, self.bilingual(table, [*path, "label"], required=False), text
        )

    def inquiry_item(self) -> InquiryItem:
        data = self.check_keys(self.entry.data, _ITEM_KEYS, [])
        self.check_disabled(data)
        channels = self.value(data, ["channels"], required=True)
        if (
            not isinstance(channels, list)
            or not channels
            or any(channel not in CHANNELS for channel in channels)
            or len(set(channels)) != len(channels)
        ):
            self.fail(
                ["channels"],
                _("'channels' must list some of: {choices}, each once").format(choices=", ".join(CHANNELS)),
            )
        default = self.text(data, ["default_channel"])
        if default not in channels:
            self.fail(
                ["default_channel"],
                _("the default channel '{channel}' is not among the item's channels").format(channel=default),
            )
        since = self.value(data, ["since"], required=True)
        if not isinstance(since, date) or hasattr(since, "hour"):
            self.fail(["since"], _("'since' must be a date like 2015-06-30 (not quoted)"))
        return InquiryItem(
            code=self.code,
            names=self.bilingual(data, ["name"]) or Bilingual("", ""),
            agency_code=str(self.text(data, ["agency_code"])),
            agency_names=self.bilingual(data, ["agency_name"]) or Bilingual("", ""),
            local_department=self.boolean(data, ["local_department"]),
            channels=tuple(channels),
            default_channel=str(default),
            processing_days=int(self.integer(data, ["processing_days"], low=1, high=365, required=True) or 0),
            since=since,
            note=self.bilingual(data, ["note"], required=False),
        )


def _inquiry_table(data: dict[str, Any], path: Path, text: str) -> dict[str, Any]:
    """The `[inquiry]` table of one file, checked (empty when the file has none)."""
    table = data.get(INQUIRY, {})
    if not isinstance(table, dict):
        raise CatalogueError(path, _("expected a table"), key=INQUIRY)
    for key, value in table.items():
        if key not in _INQUIRY_KEYS or not isinstance(value, bool):
            raise CatalogueError(path, _("unknown key '{key}'").format(key=key) if key not in _INQUIRY_KEYS
                                 else _("expected true or false"), key=f"{INQUIRY}.{key}",
                                 line=table_key_line(text, INQUIRY, key))
    return dict(table)


def load_catalogue(set_name: str, override_path: Path | None = None) -> Catalogue:
    """The shipped set `set_name` with the office override file (if it exists) merged over it.

    CatalogueError (file, line, key path, problem) when a file is unreadable or invalid.
    """
    if set_name not in SHIPPED_SETS:
        raise CatalogueError(
            shipped_path(set_name),
            _("unknown catalogue set '{name}' (shipped: {sets})").format(
                name=set_name, sets=", ".join(SHIPPED_SETS)
            ),
        )
    path = shipped_path(set_name)
    data, text = read_toml(path)
    texts = {path: text}
    entries = _entries(data, path)
    inquiry = _inquiry_table(data, path, text)
    sources = [path]
    warnings: list[StoredText] = []
    if override_path is not None and Path(override_path).is_file():
        override = Path(override_path)
        override_data, texts[override] = read_toml(override)
        _merge(entries, _entries(override_data, override), warnings)
        inquiry.update(_inquiry_table(override_data, override, texts[override]))
        sources.append(override)
    services = tuple(
        _Builder("service", code, entry, texts).service()
        for code, entry in entries["service"].items()
        if entry.data.get("disabled") is not True
    )
    items = tuple(
        _Builder("inquiry_item", code, entry, texts).inquiry_item()
        for code, entry in entries["inquiry_item"].items()
        if entry.data.get("disabled") is not True
    )
    return Catalogue(set_name, services, items, tuple(sources), tuple(warnings),
                     remind_inquiry=bool(inquiry.get("remind_citizen", False)))
