"""The death wizard's draft: what the clerk entered so far, turned into a declaration on demand.

Plain data (no Textual). Fields store their value under their declaration path; the family is
entered as counts read off the family relation certificate (how many children alive, renounced,
died leaving descendants...) and `to_declaration()` turns them into the relatives list that
`counter file death --json` takes, so the wizard and the CLI go through the one filing service.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from counter.office.drafts import draft_from_dict, draft_to_dict
from counter.rules.heirs import Relation

# Relations that reach the deceased through a child or a sibling (대습상속, 민법 제1001조, 제1003조②).
THROUGH_CHILD = (Relation.GRANDCHILD, Relation.CHILD_IN_LAW)
THROUGH_SIBLING = (Relation.NEPHEW_OR_NIECE, Relation.SIBLING_IN_LAW)
# Family counts: draft path -> (relation, status, whether each leaves a descendant who inherits).
COUNTS: dict[str, tuple[Relation, str, bool]] = {
    "family.children_alive": (Relation.CHILD, "alive", False),
    "family.children_renounced": (Relation.CHILD, "renounced", False),
    "family.children_predeceased": (Relation.CHILD, "predeceased", True),
    "family.parents_alive": (Relation.PARENT, "alive", False),
    "family.parents_renounced": (Relation.PARENT, "renounced", False),
    "family.grandparents_alive": (Relation.GRANDPARENT, "alive", False),
    "family.siblings_alive": (Relation.SIBLING, "alive", False),
    "family.siblings_predeceased": (Relation.SIBLING, "predeceased", True),
}
MAX_COUNT = 20
# Reporters who are relatives of the deceased: usually the heir who also applies for the inquiry.
RELATIVE_REPORTERS = ("cohabiting_relative", "relative")
# Reporters who state no relation to the deceased (they report as an office holder, 제85조②).
OFFICE_REPORTERS = ("dong_head", "tong_ri_head")
# Documents seen, by what needs them (the heir rules in `counter.rules.heirs` say when each is required).
DOCUMENTS_FOR_REPRESENTATION = {"proxy": "power_of_attorney", "adult_guardian": "guardianship_registry",
                                "limited_guardian": "guardian_court_order"}
DEFAULTS: dict[str, Any] = {
    "deceased.birth_reported": True,
    "death.had_cohabiting_relative": True,
    "inquiry.apply": True,
    "inquiry.standing": "heir",
    "inquiry.representation": "in_person",
    "family.spouse": "none",
    "family.via_status": "predeceased",
}


MEDICAL_PROOFS = ("diagnosis", "postmortem")  # 제84조①: no reason needed
# Proofs signed by people the form names (제84조③, 가족관계등록예규): how many the wizard asks for each.
SIGNED_PROOFS = {"heads_cert": 1, "acquaintances": 2}
RENAMED_PATHS = {"death.place": "death.place.address", "death.place_kind": "death.place.kind"}
"""Paths of drafts saved before the wizard asked the whole form."""


def count_value(text: Any) -> int | None:
    """A family count as typed: empty is 0; None when it is not a whole number from 0 to 20."""
    value = str(text or "").strip()
    if not value:
        return 0
    return int(value) if value.isdigit() and int(value) <= MAX_COUNT else None


@dataclass
class ItemChoice:
    """One inquiry item in the draft: applied for or not, and the channel chosen."""

    ticked: bool
    channel: str


@dataclass
class DeathDraft:
    """Values by path, the item choices, the earlier report's receipt and the submission key."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    items: dict[str, ItemChoice] = field(default_factory=dict)
    """Inquiry items by code, in catalogue order (filled when the catalogue is known)."""
    idempotency_key: uuid.UUID = field(default_factory=uuid.uuid4)
    """One key per draft: filing twice (a double key press, a retry) files once."""
    KIND: ClassVar[str] = "death"
    """The kind a saved draft is stored under."""

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready data, to save the draft (see `counter.office.drafts`)."""
        return draft_to_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> DeathDraft:
        """The draft saved by `to_dict()`: unknown keys are ignored, missing ones take their default."""
        draft = draft_from_dict(cls, data)
        for old, new in RENAMED_PATHS.items():
            if old in draft.values:
                draft.values.setdefault(new, draft.values.pop(old))
        return draft

    def set(self, path: str, value: Any) -> None:
        """Record a field's value."""
        self.values[path] = value

    def text(self, path: str) -> str:
        """A text field's value ("" when never entered)."""
        return str(self.values.get(path) or "")

    def flag(self, path: str) -> bool:
        """A checkbox's value."""
        return bool(self.values.get(path, DEFAULTS.get(path, False)))

    @property
    def later_inquiry(self) -> bool:
        """Only the inquiry, against a death report filed earlier."""
        return self.flag("later.enabled")

    @property
    def applies(self) -> bool:
        """The inquiry is applied for in this filing."""
        return self.later_inquiry or self.flag("inquiry.apply")

    @property
    def same_as_reporter(self) -> bool:
        """The reporter applies (there is no reporter when only the inquiry is filed)."""
        return self.flag("inquiry.applicant.same_as_reporter") and not self.later_inquiry

    def applicable_documents(self) -> tuple[str, ...]:
        """The documents that can matter for this applicant (the others are not asked)."""
        if self.text("inquiry.standing") == "estate_administrator":
            documents = ["administrator_appointment"]
        else:
            documents = ["renunciation_decisions"]  # an heir only because higher ranks renounced
        representation = DOCUMENTS_FOR_REPRESENTATION.get(self.text("inquiry.representation"))
        return tuple([representation, *documents] if representation else documents)

    @property
    def signers(self) -> int:
        """How many people signed the proof presented (0 unless it is a certificate by heads or acquaintances)."""
        return SIGNED_PROOFS.get(self.text("death.certificate"), 0)

    def certifiers(self) -> list[dict[str, Any]]:
        """Who signed a certificate by a head (one, in the role chosen) or by acquaintances (two)."""
        role = self.text("death.certifiers.0.role") if self.signers == 1 else "acquaintance"
        return [{"name": self.text(f"death.certifiers.{number}.name"), "rrn": self.text(f"death.certifiers.{number}.rrn"),
                 **({"role": role} if role else {})} for number in range(self.signers)]

    def _optional(self, section: dict[str, Any], name: str, path: str) -> None:
        if self.text(path).strip():
            section[name] = self.text(path)

    def relatives(self) -> list[dict[str, Any]]:
        """The relatives list from the heir's relation and the family counts."""
        rows: list[dict[str, Any]] = []
        relation = self.text("inquiry.heir")
        if relation and self.text("inquiry.standing") == "heir":
            heir: dict[str, Any] = {"id": "heir", "relation": relation}
            if relation in THROUGH_CHILD or relation in THROUGH_SIBLING:
                via = Relation.CHILD if relation in THROUGH_CHILD else Relation.SIBLING
                rows.append({"id": "via", "relation": str(via), "status": self.text("family.via_status")})
                heir["through"] = "via"
            rows.append(heir)
        spouse = self.text("family.spouse")
        if spouse not in ("", "none") and relation != Relation.SPOUSE:
            rows.append({"relation": "spouse", "status": spouse})
        for path, (kind, status, leaves_heir) in COUNTS.items():
            for number in range(count_value(self.values.get(path)) or 0):
                row_id = f"{path.rsplit('.', 1)[1]}-{number}"
                rows.append({"id": row_id, "relation": str(kind), "status": status})
                if leaves_heir:
                    below = Relation.GRANDCHILD if kind is Relation.CHILD else Relation.NEPHEW_OR_NIECE
                    rows.append({"relation": str(below), "through": row_id})
        return rows

    def inquiry(self) -> dict[str, Any]:
        """The inquiry section."""
        applicant: dict[str, Any] = {"same_as_reporter": self.same_as_reporter}
        if not applicant["same_as_reporter"]:
            applicant.update(name=self.text("inquiry.applicant.name"), rrn=self.text("inquiry.applicant.rrn"))
        representation = self.text("inquiry.representation") or "in_person"
        section: dict[str, Any] = {
            "standing": self.text("inquiry.standing") or "heir",
            "heir": "heir" if self.text("inquiry.heir") else "",
            "representation": representation,
            "applicant": applicant,
            "documents": [code for code in self.applicable_documents() if self.flag(f"inquiry.documents.{code}")],
            "family": {"relatives": self.relatives()},
        }
        if representation != "in_person":
            section["principal"] = {"name": self.text("inquiry.principal.name"),
                                    "rrn": self.text("inquiry.principal.rrn")}
        if self.items:
            section["items"] = [{"code": code, "channel": choice.channel}
                                for code, choice in self.items.items() if choice.ticked]
        return section

    def to_declaration(self) -> dict[str, Any]:
        """The declaration as `counter file death --json` takes it."""
        declaration: dict[str, Any] = {
            "idempotency_key": str(self.idempotency_key),
            "notification": {"phone": self.text("notification.phone"), "sms": self.flag("notification.sms"),
                             "post_address": self.text("notification.post_address")},
            "duplicate_reason": self.text("duplicate_reason"),  # a later inquiry can repeat one too
        }
        if self.applies:
            declaration["inquiry"] = self.inquiry()
        if self.later_inquiry:
            declaration["death_report_receipt_no"] = self.text("death_report_receipt_no").strip()
            return declaration
        deceased: dict[str, Any] = {"name": self.text("deceased.name"), "address": self.text("deceased.address"),
                                    "birth_reported": self.flag("deceased.birth_reported")}
        for name in ("rrn", "clan_seat", "clan_seat_hanja", "registration_base"):
            self._optional(deceased, name, f"deceased.{name}")
        if not self.text("deceased.rrn").strip():  # the number gives the date of birth
            self._optional(deceased, "birth_date", "deceased.birth_date")
        substitute = self.text("death.certificate") not in ("", *MEDICAL_PROOFS)
        kind = self.text("death.place.kind")
        death: dict[str, Any] = {
            "death_date": self.text("death.death_date"), "death_time": self.text("death.death_time"),
            "place": {"kind": kind, "address": self.text("death.place.address"),
                      "description": self.text("death.place.description") if kind == "other" else ""},
            "certificate_reason": self.text("death.certificate_reason") if substitute else "",
            "certifiers": self.certifiers(),
            "had_cohabiting_relative": self.flag("death.had_cohabiting_relative")}
        for name in ("learned_on", "declared_missing_on", "certificate"):
            self._optional(death, name, f"death.{name}")
        relation = "" if self.text("reporter.qualification") in OFFICE_REPORTERS else self.text("reporter.relation")
        reporter: dict[str, Any] = {"name": self.text("reporter.name"), "relation": relation,
                                    "address": self.text("reporter.address")}
        self._optional(reporter, "rrn", "reporter.rrn")
        self._optional(reporter, "qualification", "reporter.qualification")
        declaration.update(deceased=deceased, death=death, reporter=reporter,
                           after_formal_demand=self.flag("after_formal_demand"))
        return declaration
