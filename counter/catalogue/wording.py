"""What the catalogue says of a household's services, kept as codes (`counter.texts`): why a service
is or is not granted (stored as the request's reason), its warnings, and the catalogue's own warnings.
Catalogue wording travels in both languages; the facts that decided a rule travel as data."""

from __future__ import annotations

from typing import Any

from counter.base.i18n import N_, _
from counter.base.stored_text import Params, Renderer, as_bilingual, template
from counter.catalogue.rules import describe_fact
from counter.rules.birth import RETROACTIVITY_WARNING

MONEY = {
    "once": N_("{amount} won"),
    "month": N_("{amount} won a month"),
    "year": N_("{amount} won a year"),
}
PERIOD_NOTES = {"month": N_("monthly"), "year": N_("yearly")}


def amount_words(won: int | None, period: str | None, words: Any) -> str:
    """The amount in words: "1,000,000 won", "100,000 won a month", the catalogue's words, or both."""
    parts = []
    if won is not None:
        parts.append(_(MONEY[period or "once"]).format(amount=f"{won:,}"))
    if words is not None:
        parts.append(as_bilingual(words))
    return " · ".join(parts)


def _facts(params: Params) -> str:
    return "; ".join(describe_fact(phrase) for phrase in params.get("facts") or [])


def _eligible(params: Params) -> str:
    label = as_bilingual(params["label"]) if params.get("label") else (_facts(params) or _("Eligible"))
    amount = amount_words(params.get("won"), params.get("period"), params.get("words"))
    return _("{label}: {amount}").format(label=label, amount=amount) if amount else label


def _ineligible(params: Params) -> str:
    reason = _("Not eligible: {why}").format(why=_facts(params) or _("the catalogue rule excludes this household"))
    if params.get("otherwise"):
        reason = _("{reason}. {note}").format(reason=reason, note=as_bilingual(params["otherwise"]))
    return reason


SERVICE_REASONS = Renderer(N_("service reason"), {
    "eligible": _eligible,
    "ineligible": _ineligible,
    "period_ended": template(N_("Not eligible: the application period ended on {date}.")),
})
"""Why a service is granted or refused. `eligible`: `label` (catalogue words) or `facts`, and the amount
(`won`, `period`, `words`); `ineligible`: `facts` and the catalogue's `otherwise`; `period_ended`: `date`."""

SERVICE_WARNINGS = Renderer(N_("service warning"), {
    "no_amount_case": template(N_("No amount in the catalogue fits this household: check the amount table.")),
    "retroactivity": template(RETROACTIVITY_WARNING),
    "voucher_expired": template(N_("The voucher's period of use ended on {date}.")),
})

CATALOGUE_WARNINGS = Renderer(N_("catalogue warning"), {
    "disables_unknown": template(N_("The override disables '{code}', which this catalogue set does not have.")),
})
