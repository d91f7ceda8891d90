"""The birth wizard's draft: what the clerk entered so far, turned into a declaration on demand.

Plain data (no Textual): the wizard writes each field's value under its declaration path, and
`to_declaration()` gives the same JSON-like mapping `counter file birth --json` reads, so the
wizard and the CLI go through the one filing service with the same input.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from counter.office.drafts import draft_from_dict, draft_to_dict
from counter.rules.birth_attachments import BirthProof

KOREAN_PARENT_FIELDS = ("surname", "given_name", "clan_seat", "clan_seat_hanja", "rrn", "registration_base")
FOREIGN_PARENT_FIELDS = ("foreign_name", "nationality")
PARENT_REPORTERS = ("mother", "father")
STATEMENT = BirthProof.ATTENDANT_STATEMENT.value
DEFAULTS: dict[str, str | bool] = {"child.in_marriage": True}
"""An empty multiple-birth order means a single birth (1)."""


def _number(text: Any, default: int) -> Any:
    value = str(text).strip()
    if not value:
        return default
    return int(value) if value.isdigit() else value  # a non-number is left for the checks to name


@dataclass
class BirthDraft:
    """Values by declaration path, the household's sibling rows, declined services, and the key."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sibling_count: int = 0
    declined: dict[str, str] = field(default_factory=dict)
    """Eligible services the clerk unticked: code -> reason (in the order they were unticked)."""
    idempotency_key: uuid.UUID = field(default_factory=uuid.uuid4)
    """One key per draft: filing twice (a double key press, a retry) files once."""
    KIND: ClassVar[str] = "birth"
    """The kind a saved draft is stored under."""

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready data, to save the draft (see `counter.office.drafts`)."""
        return draft_to_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> BirthDraft:
        """The draft saved by `to_dict()`: unknown keys are ignored, missing ones take their default."""
        return draft_from_dict(cls, data)

    def set(self, path: str, value: Any) -> None:
        """Record a field's value."""
        self.values[path] = value

    def get(self, path: str, default: Any = "") -> Any:
        """A field's value."""
        return self.values.get(path, default)

    def _text(self, path: str) -> str:
        return str(self.values.get(path, "") or "")

    def _flag(self, path: str, default: bool = False) -> bool:
        return bool(self.values.get(path, default))

    def _section(self, prefix: str, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: self._text(f"{prefix}.{name}") for name in names}

    def _parent(self, role: str) -> dict[str, Any]:
        """A Korean parent's fields, or a foreign parent's: the other kind's are hidden, so not filed."""
        if not self._flag(f"{role}.foreign"):
            return {**self._section(role, KOREAN_PARENT_FIELDS), "foreign": False}
        parent: dict[str, Any] = {**self._section(role, FOREIGN_PARENT_FIELDS), "foreign": True}
        for name in ("birth_date", "foreign_registration_no"):  # blank: left out (either one may be given)
            if self._text(f"{role}.{name}").strip():
                parent[name] = self._text(f"{role}.{name}")
        return parent

    def has_father(self) -> bool:
        """True once any of the father's fields shown holds something, or he is ticked foreign."""
        if self._flag("father.foreign"):
            return True
        return any(self._text(f"father.{name}").strip() for name in KOREAN_PARENT_FIELDS)

    def parent_reports(self) -> bool:
        """True while the reporter is a parent, or not chosen yet (the other reporter's fields are hidden)."""
        return self._text("reporter.relation") in ("", *PARENT_REPORTERS)

    def resident_years_missing(self) -> bool:
        """True while "years in the district" is empty (the wizard asks for it; 0 is typed as 0)."""
        return not self._text("household.parent_resident_years").strip()

    def declined_codes(self) -> list[str]:
        """Declined service codes in the order `declined_services` lists them."""
        return list(self.declined)

    def to_declaration(self) -> dict[str, Any]:
        """The declaration as `counter file birth --json` takes it."""
        child: dict[str, Any] = self._section("child", ("surname", "given_name", "clan_seat", "clan_seat_hanja",
                                                        "birth_time"))
        child["birth_place"] = self._section("child.birth_place", ("kind", "address"))
        if child["birth_place"]["kind"] == "other":  # the description is asked (shown) for 기타 only
            child["birth_place"]["description"] = self._text("child.birth_place.description")
        base_from = self._text("child.registration_base_from")
        if base_from:  # not chosen: the declaration's rule (the father's in marriage to a Korean father, else the mother's)
            child["registration_base_from"] = base_from
        if base_from == "other":
            child["registration_base"] = self._text("child.registration_base")
        if self._text("child.birth_date").strip():  # blank: "required", not "not a date"
            child["birth_date"] = self._text("child.birth_date")
        if self._text("child.sex"):
            child["sex"] = self._text("child.sex")
        if self._text("child.rrn").strip():
            child["rrn"] = self._text("child.rrn")
        child.update(
            in_marriage=self._flag("child.in_marriage", True),
            position_in_multiple_birth=_number(self.values.get("child.position_in_multiple_birth", ""), 1),
            foreign_style_name=self._flag("child.foreign_style_name"),
            new_surname_confirmed=self._flag("child.new_surname_confirmed"),
        )
        reporter: dict[str, Any] = {"address": self._text("reporter.address")}
        if self._text("reporter.relation"):
            reporter["relation"] = self._text("reporter.relation")
        if not self.parent_reports():  # a parent reports in person: the other reporter's fields are hidden
            reporter.update(self._section("reporter", ("name", "reason")))
            if self._text("reporter.rrn").strip():
                reporter["rrn"] = self._text("reporter.rrn")
        siblings = []
        for i in range(self.sibling_count):
            sibling: dict[str, Any] = {"name": self._text(f"household.siblings[{i}].name"),
                                       "same_mother": self._flag(f"household.siblings[{i}].same_mother", True)}
            if self._text(f"household.siblings[{i}].birth_date").strip():
                sibling["birth_date"] = self._text(f"household.siblings[{i}].birth_date")
            siblings.append(sibling)
        declaration: dict[str, Any] = {
            "idempotency_key": str(self.idempotency_key),
            "child": child,
            "mother": self._parent("mother"),
            "reporter": reporter,
            "attachments": self._attachments(),
            "household": {
                "siblings": siblings,
                "parent_resident_years": _number(self.values.get("household.parent_resident_years", ""), 0),
                "uses_daycare": self._flag("household.uses_daycare"),
                "basic_livelihood": self._flag("household.basic_livelihood"),
            },
            "declined_services": [{"code": code, "reason": reason} for code, reason in self.declined.items()],
            "contact": {"phone": self._text("contact.phone"), "sms": self._flag("contact.sms")},
            "after_formal_demand": self._flag("after_formal_demand"),
            "duplicate_reason": self._text("duplicate_reason"),
        }
        if self.has_father():
            declaration["father"] = self._parent("father")
        return declaration

    def _attachments(self) -> dict[str, Any]:
        """What the clerk chose as presented (nothing chosen: nothing presented, which the review refuses
        naming the family court); the material only with a statement (the field is shown then)."""
        presented = self._text("attachments.presented")
        attachments: dict[str, Any] = {"presented": [presented] if presented else []}
        if presented == STATEMENT:
            attachments["material"] = self._text("attachments.material")
        return attachments
