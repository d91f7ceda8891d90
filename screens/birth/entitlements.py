"""The entitlements step's rows and the review step's summary of a reviewed birth declaration."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from counter.base.i18n import N_, _, format_date, ordinal
from counter.catalogue import ServiceDecision
from counter.filing.birth import DuplicateBirth
from counter.filing.birth_form import form_lines
from counter.filing.birth_review import BirthReview
from counter.rules.rrn import mask_rrn
from screens.wizard.fields import TextField, TickBox

RELATION_LABELS = {
    "mother": N_("Mother"),
    "father": N_("Father"),
    "cohabiting_relative": N_("Cohabiting relative"),
    "doctor": N_("Doctor"),
    "midwife": N_("Midwife"),
    "birth_attendant": N_("Other birth attendant"),
    "public_official": N_("Prosecutor or head of local government"),
}
SEX_LABELS = {"F": N_("Female"), "M": N_("Male")}


class ServiceRow(Vertical):
    """One catalogue service: ticked when applied for, greyed when not eligible, a reason when unticked."""

    DEFAULT_CSS = """
    ServiceRow { height: auto; margin: 0 0 0 0; }
    ServiceRow > Checkbox { border: none; padding: 0; height: 1; width: 1fr; }
    ServiceRow > Checkbox:focus { border: none !important; }
    ServiceRow > .service-reason { padding: 0 0 0 4; color: $text-muted; }
    ServiceRow.-ineligible > .service-reason { color: $text-disabled; }
    ServiceRow > TextField { padding: 0 0 0 0; }
    """

    def __init__(self, decision: ServiceDecision, *, declined_reason: str | None) -> None:
        super().__init__(id=f"service-{decision.code}", classes="service-row")
        self.decision = decision
        self.declined_reason = declined_reason
        self.set_class(not decision.eligible, "-ineligible")

    def compose(self) -> ComposeResult:
        decision = self.decision
        label = f"{decision.name} · {decision.agency_name}"
        ticked = decision.eligible and self.declined_reason is None
        yield TickBox(label, value=ticked, disabled=not decision.eligible, compact=True, classes="service-tick")
        lines = [escape(decision.reason)]
        lines += [f"⚠ {escape(warning)}" for warning in decision.warnings]
        yield Static("\n".join(lines), classes="service-reason")
        reason = TextField(f"decline.{decision.code}", N_("Reason for not applying"),
                           value=self.declined_reason or "", max_length=200)
        reason.display = decision.eligible and self.declined_reason is not None
        yield reason


def _person(role: str, name: str, rrn_digits: str | None) -> str:
    shown = escape(name) if not rrn_digits else f"{escape(name)} ({mask_rrn(rrn_digits)})"
    return f"{_(RELATION_LABELS.get(role, role))} {shown}"


def birth_order_text(review: BirthReview) -> str:
    """`[b]출생 순위[/b]  첫째 (가구 자녀 1명)`: the child's place as a word, then the household's count."""
    return _("[b]Birth order[/b]  {ordinal} child ({count} in the household)").format(
        ordinal=ordinal(review.order.order), count=review.order.child_count)


def review_text(review: BirthReview) -> str:
    """Everything the clerk confirms before filing, as console markup (user data escaped)."""
    child = review.declaration.child
    parents = [_person("mother", review.mother.name, review.mother.rrn.digits if review.mother.rrn else None)]
    if review.father is not None:
        parents.append(_person("father", review.father.name, review.father.rrn.digits if review.father.rrn else None))
    reporter_name = f" {escape(review.reporter_person.name)}" if review.reporter_person else ""
    fine = (_("Late-report fine {amount} won ({tier})").format(amount=f"{review.fine.amount_won:,}",
                                                             tier=escape(review.fine.tier_reason))
            if review.fine.amount_won else _("No fine"))
    lines = [
        _("[b]Child[/b]  {name} ({sex})").format(name=escape(review.child.name), sex=_(SEX_LABELS[child.sex])),
        _("[b]Parents[/b]  {parents}").format(parents=" · ".join(parents)),
        *(f"[b]{escape(label)}[/b]  {escape(value)}" for label, value in form_lines(review)),
        _("[b]Reporter[/b]  {relation}{name} - {rule}").format(
            relation=_(RELATION_LABELS[review.declaration.reporter.relation]), name=reporter_name,
            rule=escape(review.reporter.message)),
        _("[b]Report deadline[/b]  {deadline} · {fine}").format(deadline=format_date(review.deadline), fine=fine),
        birth_order_text(review),
        "",
        _("[b]Services to apply for: {count}[/b]").format(count=len(review.chosen)),
    ]
    for number, decision in enumerate(review.chosen, start=1):
        lines.append(f"  {number}. {escape(decision.name)} · {escape(decision.agency_name)} · {escape(decision.reason)}")
    for code, reason in review.declined.items():
        name = next((d.name for d in review.decisions if d.code == code), code)
        lines.append(_("  Not applied for: {name} ({reason})").format(name=escape(name), reason=escape(reason)))
    if review.sms_phone:
        lines.append(_("Results by text message to {phone}").format(phone=escape(review.sms_phone)))
    if review.warnings:
        lines += ["", _("[b]Warnings[/b]")] + [f"  ⚠ {escape(w.message)}" for w in review.warnings]
    return "\n".join(lines)


def duplicates_text(duplicates: list[DuplicateBirth]) -> str:
    """The bundles already filed for this child, and what the clerk may do."""
    receipts = ", ".join(f"{d.receipt_no} ({format_date(d.filed_at.date())})" for d in duplicates)
    return _("[b]Already filed:[/b] this child (same name, birth date and mother) was filed under {receipts}. "
             "Press Esc to stop, or give the reason for filing again (it is audited).").format(receipts=receipts)
