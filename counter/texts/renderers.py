"""The kinds of stored text, one renderer each: a filing's warnings, a request's reason, the lines a
notice prints under its items, and the notes a report keeps of the rules applied.

Each code's parameters are named beside it. The words are the rules' own msgids, so the screens, the
papers and a reprint in another language say the same thing.
"""

from __future__ import annotations

from typing import Any

from counter.base.i18n import N_, _
from counter.base.stored_text import (
    Params,
    Renderer,
    as_bilingual,
    as_date,
    as_plain,
    listing,
    nested,
    template,
)
from counter.catalogue.wording import (
    CATALOGUE_WARNINGS,
    SERVICE_REASONS,
    SERVICE_WARNINGS,
)
from counter.rules.birth import PARENT_AGE_WARNING, REPORTER_RULES
from counter.rules.birth_attachments import BIRTH_PROOF_RULES
from counter.rules.death import death_reporter_rule_text
from counter.rules.death_attachments import DEATH_PROOF_LABELS, DEATH_PROOF_RULES, DeathProof
from counter.rules.fines import fine_text
from counter.rules.heir_eligibility import HeirStanding, standing_text
from counter.rules.inquiry_applicant import DOCUMENT_LABELS, Document
from counter.rules.rrn import CHECKSUM_WARNING
from printers.builders.common import delivery_label, role_label

WHO = N_("{who}: {warning}")


def _document(code: Any) -> str:
    return _(DOCUMENT_LABELS[Document(code)])


def _late_report(params: Params) -> str:
    tier = fine_text(params["tier"], params["amount"], params["after_demand"])
    return _("Reported after the deadline of {deadline}: {tier}").format(deadline=as_date(params["deadline"]),
                                                                         tier=tier)


def _about(role: Any, warning: str) -> str:
    return _(WHO).format(who=role_label(str(role)), warning=warning)


WARNINGS = Renderer(N_("warning"), {
    "late_report": _late_report,  # deadline, tier, amount, after_demand (counter.rules.fines)
    "parent_age": lambda p: _about(p["role"], _(PARENT_AGE_WARNING).format(age=p["age"])),
    "rrn_checksum": lambda p: _about(p["role"], _(CHECKSUM_WARNING)),
    "paternity": lambda p: _(REPORTER_RULES["father_outside_marriage"]),
    "service": template(N_("{service}: {warning}"), service=as_bilingual, warning=nested(SERVICE_WARNINGS)),
    "catalogue": lambda p: nested(CATALOGUE_WARNINGS)(p["warning"]),
    "documents": template(N_("Check these documents before filing: {documents}"), documents=listing(_document)),
    "midnight_birth": template(  # counter.rules.event_time: 자정 is 0시 of the next day
        N_("Born at 자정 (midnight): the form records 0시 on {date}, and the deadline counts from that day."),
        date=as_date),
    "inquiry_already_filed": template(
        N_("An asset inquiry for this death was already filed under receipt {receipts}; results go to each "
           "applicant."), receipts=listing(as_plain, ", ")),
})
"""What a filing warns the clerk of (`bundle.details.warnings`)."""

REQUEST_REASONS = Renderer(N_("request reason"), {
    **SERVICE_REASONS.texts,  # a linked service: eligible, ... (counter.catalogue.wording)
    "inquiry_delivery": template(N_("result by {channel}, expected by {date}"), channel=delivery_label,
                                 date=as_date),
})
"""Why a request was filed, as its agency's line says it (`linked_request.reason`)."""

NOTICE_LINES = Renderer(N_("notice line"), {
    "renunciation_end": template(
        N_("For an heir who learned of the death on the day it happened, the 3 months end on {date}."), date=as_date),
    "inquiry_open_until": template(
        N_("Heirs can apply for the combined asset inquiry at any community centre until {date}."), date=as_date),
    "results_within": template(N_("Results arrive item by item within {low} to {high} working days.")),
})
"""Lines a follow-up notice prints under its items (`bundle.details.notice_expectations`)."""


def _death_proof(params: Params) -> str:
    proof = _(DEATH_PROOF_LABELS[DeathProof(params["proof"])])
    return _(DEATH_PROOF_RULES[params["rule"]]).format(proof=proof, reason=params.get("reason", ""), number="")


def _standing(params: Params) -> str:
    heirs = params.get("heirs") or []
    return standing_text(HeirStanding(**{**params, "heirs": tuple(str(heir) for heir in heirs)}))


RECORD_NOTES = Renderer(N_("record note"), {
    "birth_reporter": lambda p: _(REPORTER_RULES[p["rule"]]),  # rule
    "death_reporter": lambda p: death_reporter_rule_text(p["rule"], p["reporter"]),  # rule, reporter
    "death_proof": _death_proof,  # rule (accepted: medical, other_proof), proof, reason (제84조③)
    "fine": lambda p: fine_text(p["tier"], p["amount"], p["after_demand"]),  # tier, amount, after_demand
    "heir_standing": _standing,  # the fields of counter.rules.heir_eligibility.HeirStanding
    "document": lambda p: _document(p["document"]),  # document
    "birth_proof": lambda p: _(BIRTH_PROOF_RULES[p["rule"]]).format(material=p["material"]),  # rule, material
})
"""What a report or an application records of the rules applied (`*.details`)."""

