"""Pieces of the death wizard: one inquiry item's row, the heir decision, the channel summary and the
review text. Texts are console markup with every entered value escaped."""

from __future__ import annotations

from collections import Counter
from datetime import date

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Select, Static

from counter.base.i18n import _, format_date, format_datetime
from counter.catalogue import InquiryItem
from counter.filing.death_inquiry import (
    InquiryReview,
    result_due_date,
)
from counter.filing.death_repeats import EarlierFiling, Repeats
from counter.filing.death_review import DeathReview
from counter.filing.death_summary import report_rows
from counter.filing.declarations import FieldProblem
from counter.rules.death import renunciation_period_end
from counter.rules.heirs import RELATION_LABELS
from printers.builders.common import delivery_label
from screens.wizard.filed import Flow


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
        # One line per item; the agency comes last, so at 80 columns only it is cut, never the date.
        label = _("{item} · by {date} · {agency}").format(
            item=item.name, agency=item.agency_name, date=format_date(self.due))
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


Row = tuple[str, RenderableType]


def _report_rows(review: DeathReview) -> list[Row]:
    return [(label, escape(value)) for label, value in report_rows(review)]


def _inquiry_rows(review: DeathReview) -> list[Row]:
    inquiry = review.inquiry
    if inquiry is None:
        return [(_("Asset inquiry"), _("none in this filing; the notice tells the heirs until when they may apply."))]
    relation = f" ({_(RELATION_LABELS[inquiry.heir_relation])})" if inquiry.heir_relation else ""
    proxy = _(" · through {name}").format(name=escape(inquiry.proxy.name)) if inquiry.proxy else ""
    rows: list[Row] = [
        (_("Applicant"), _("{name}{relation}{proxy} · apply by {deadline}").format(
            name=escape(inquiry.applicant.name), relation=relation, proxy=proxy,
            deadline=format_date(inquiry.deadline.last_filing_day))),
        (_("Rule"), escape(inquiry.decision.reason)),
        (_("Inquiry items"), _("{count} item(s)").format(count=len(inquiry.items))),
    ]
    by_channel: dict[str, list[str]] = {}
    for chosen in inquiry.items:
        by_channel.setdefault(chosen.channel, []).append(chosen.item.name.split(" (")[0])
    for channel, names in by_channel.items():
        label = _("{channel} {count}").format(channel=delivery_label(channel), count=len(names))
        rows.append((f"  {label}", Flow(names)))
    return rows


def review_table(review: DeathReview) -> Table:
    """Everything the clerk confirms before filing: one fact per row, its label in a column of its own,
    so a long value wraps under itself and an item name is never split (entered values escaped)."""
    rows = [*_report_rows(review), ("", ""), *_inquiry_rows(review)]
    died = review.report.death_date if review.report else (review.existing.death_date if review.existing else None)
    period = _("within 3 months of the day the heir learned of the succession, at the family court")
    cite = " (민법 제1019조①)"  # on the last line, so neither line wraps at 80 columns
    if died is None:
        rows.append((_("Renounce or limit"), period + cite))
    else:
        last_day = format_date(renunciation_period_end(died))
        rows += [(_("Renounce or limit"), period),
                 ("", _("for an heir who learned on the day of death: by {date}").format(date=last_day) + cite)]
    if review.sms_phone:
        rows.append((_("Text message"), _("filing message to {phone}").format(phone=escape(review.sms_phone))))
    rows += [(_("Warning") if number == 0 else "", f"⚠ {escape(w.message)}")
             for number, w in enumerate(review.warnings)]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(label, Text.from_markup(value) if isinstance(value, str) else value)
    return table


def repeats_text(repeats: Repeats) -> str:
    """What this filing repeats (an earlier death report, this heir's earlier inquiry) and what the clerk
    may do; empty when nothing."""
    def receipts(filings: tuple[EarlierFiling, ...]) -> str:
        return ", ".join(f"{f.receipt_no} ({format_datetime(f.filed_at)})" for f in filings)

    lines = []
    if repeats.death_reports:
        lines.append(_("[b]Already reported:[/b] a death report for this person was filed under {receipts}. Press "
                       "Esc to stop and file the inquiry against that receipt, or give the reason for reporting again "
                       "(it is audited).").format(receipts=receipts(repeats.death_reports)))
    if repeats.inquiries:
        lines.append(_("[b]Already applied:[/b] this heir applied for the asset inquiry about this person under "
                       "{receipts}. Press Esc to stop, or give the reason for applying again (it is audited).").format(
            receipts=receipts(repeats.inquiries)))
    return "\n".join(lines)
