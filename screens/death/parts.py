"""Pieces of the death wizard: one inquiry item's row, the heir decision, the channel summary and the
review text. Texts are console markup with every entered value escaped."""

from __future__ import annotations

from collections import Counter
from datetime import date

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Select, Static

from counter.catalogue import InquiryItem
from counter.filing.death import EarlierDeathReport
from counter.filing.death_inquiry import InquiryReview, result_due_date
from counter.filing.death_review import DeathReview
from counter.filing.declarations import FieldProblem
from counter.i18n import _
from counter.rules.death import REPORTER_LABELS, DeathReporter
from counter.rules.heirs import RELATION_LABELS
from printers.builders.common import delivery_label, format_won


class InquiryItemRow(Horizontal):
    """One inquiry item: ticked when applied for, its agency, processing days and delivery channel."""

    DEFAULT_CSS = """
    InquiryItemRow { height: 1; }
    InquiryItemRow > Checkbox { width: 1fr; border: none; padding: 0; height: 1; }
    InquiryItemRow > Checkbox:focus { border: none !important; }
    InquiryItemRow > Select { width: 16; }
    InquiryItemRow > .item-channel { width: 16; padding: 0 0 0 1; color: $text-muted; }
    """

    def __init__(self, item: InquiryItem, *, ticked: bool, channel: str, today: date) -> None:
        super().__init__(id=f"item-{item.code}", classes="item-row")
        self.item = item
        self.ticked = ticked
        self.channel = channel
        self.due = result_due_date(today, item.processing_days)

    def compose(self) -> ComposeResult:
        item = self.item
        label = _("{item} · {agency} · by {month}/{day}").format(
            item=item.name, agency=item.agency_name, month=self.due.month, day=self.due.day)
        yield Checkbox(label, value=self.ticked, compact=True, classes="item-tick")
        if len(item.channels) == 1:
            yield Static(delivery_label(item.channels[0]), classes="item-channel")
        else:
            options = [(delivery_label(channel), channel) for channel in item.channels]
            yield Select(options, value=self.channel, allow_blank=False, compact=True, classes="item-channel-choice")


def decision_text(inquiry: InquiryReview | None, refusal: FieldProblem | None) -> str:
    """The heir rule's answer for the applicant: may apply (and what to see), or why not."""
    if refusal is not None:
        return _("[b]Cannot apply:[/b] {reason}\nTo file the death report alone, untick the inquiry on the "
                 "applicant step.").format(reason=escape(refusal.message))
    if inquiry is None:
        return ""
    decision = inquiry.decision
    lines = [_("[b]May apply:[/b] {reason}").format(reason=escape(decision.reason))]
    if decision.needed:
        lines.append(_("Documents to see: {documents}").format(documents=escape("; ".join(decision.needed))))
    return "\n".join(lines)


def channel_summary(inquiry: InquiryReview | None) -> str:
    """How many results come by each channel (the notification step)."""
    if inquiry is None:
        return _("No asset inquiry in this filing.")
    counts = Counter(chosen.channel for chosen in inquiry.items)
    parts = [_("{channel}: {count}").format(channel=delivery_label(channel), count=count)
             for channel, count in sorted(counts.items())]
    return _("Results of {total} item(s): {parts}").format(total=len(inquiry.items), parts=" · ".join(parts))


def review_text(review: DeathReview) -> str:
    """Everything the clerk confirms before filing, as console markup (entered values escaped)."""
    lines: list[str] = []
    report = review.report
    if report is not None:
        deceased = report.deceased
        masked = f" ({deceased.rrn.masked})" if deceased.rrn else ""
        lines.append(_("[b]Deceased[/b]  {name}{rrn} · died {date} · {place}").format(
            name=escape(deceased.name), rrn=masked, date=report.death_date.isoformat(), place=escape(report.place)))
        qualification = _(REPORTER_LABELS[DeathReporter(report.reporter_decision.reporter)])
        lines.append(_("[b]Reporter[/b]  {name} ({qualification}) · {certificate}").format(
            name=escape(report.reporter.name), qualification=qualification,
            certificate=escape(report.certificate.message)))
        fine = (_("late-report fine {amount}").format(amount=format_won(report.timing.fine_won))
                if report.timing.fine_won else _("no fine"))
        lines.append(_("[b]Report deadline[/b]  {deadline} · {fine}").format(
            deadline=report.timing.deadline.isoformat(), fine=fine))
    elif review.existing is not None:
        lines.append(_("[b]Death report[/b]  receipt {receipt} · died {date}").format(
            receipt=escape(review.existing.receipt_no), date=review.existing.death_date.isoformat()))
    inquiry = review.inquiry
    if inquiry is None:
        lines += ["", _("[b]No asset inquiry[/b] in this filing; the notice tells the heirs until when they may apply.")]
    else:
        relation = f" ({_(RELATION_LABELS[inquiry.heir_relation])})" if inquiry.heir_relation else ""
        proxy = (_(" · through {name}").format(name=escape(inquiry.proxy.name)) if inquiry.proxy else "")
        lines += ["", _("[b]Applicant[/b]  {name}{relation}{proxy} · apply by {deadline}").format(
            name=escape(inquiry.applicant.name), relation=relation, proxy=proxy,
            deadline=inquiry.deadline.last_filing_day.isoformat())]
        lines.append(_("[b]Rule[/b]  {reason}").format(reason=escape(inquiry.decision.reason)))
        lines.append(_("[b]Inquiry items: {count}[/b]").format(count=len(inquiry.items)))
        by_channel: dict[str, list[str]] = {}
        for chosen in inquiry.items:
            by_channel.setdefault(chosen.channel, []).append(chosen.item.name.split(" (")[0])
        for channel, names in by_channel.items():
            lines.append(_("  {channel} {count}: {items}").format(
                channel=delivery_label(channel), count=len(names), items=escape(", ".join(names))))
    if review.sms_phone:
        lines.append(_("Filing message by text to {phone}").format(phone=escape(review.sms_phone)))
    if review.warnings:
        lines += ["", _("[b]Warnings[/b]")] + [f"  ⚠ {escape(w.message)}" for w in review.warnings]
    return "\n".join(lines)


def earlier_reports_text(reports: list[EarlierDeathReport]) -> str:
    """The death reports already filed for this person, and what the clerk may do."""
    receipts = ", ".join(f"{r.receipt_no} ({r.filed_at:%Y-%m-%d})" for r in reports)
    return _("[b]Already reported:[/b] a death report for this person was filed under {receipts}. Press Esc to "
             "stop and file the inquiry against that receipt, or give the reason for reporting again (it is "
             "audited).").format(receipts=receipts)
