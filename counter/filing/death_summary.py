"""The death report as the clerk confirms it before filing: one fact of the form per row, in the form's
order, in the current language. Registration numbers only masked (개인정보보호법 제24조의2); values are
plain text (a screen escapes them for its markup)."""

from __future__ import annotations

from counter.base.i18n import N_, _, format_date
from counter.filing.core import PersonEntry
from counter.filing.death_review import DeathReview
from counter.rules.death import REPORTER_LABELS, DeathReporter
from counter.rules.death_attachments import CERTIFIER_ROLE_LABELS
from counter.rules.event_time import event_time_text
from printers.builders.common import format_won

Row = tuple[str, str]

UNKNOWN_CLAN = N_("unknown")  # the form's 미상


def _person(entry: PersonEntry) -> str:
    return f"{entry.name} ({entry.rrn.masked})" if entry.rrn else entry.name


def _certifier(entry: PersonEntry) -> str:
    role = str(entry.details.get("qualification") or "")
    labels = {str(known): label for known, label in CERTIFIER_ROLE_LABELS.items()}
    return f"{_person(entry)} · {_(labels[role])}" if role in labels else _person(entry)


def report_rows(review: DeathReview) -> list[Row]:
    """The death report's facts (or the earlier report an inquiry is filed against), label and value."""
    report = review.report
    if report is None:
        existing = review.existing
        if existing is None:
            return []
        return [(_("Death report"), _("receipt {receipt} · died {date}").format(
            receipt=existing.receipt_no, date=format_date(existing.death_date)))]
    deceased, reporter, form = report.deceased, report.reporter, report.form
    details = deceased.details
    born = "" if deceased.rrn or deceased.birth_date is None else _(" · born {date}").format(
        date=format_date(deceased.birth_date))
    rows: list[Row] = [(_("Deceased"), f"{_person(deceased)}{born}")]
    if details.get("clan_seat") or details.get("registration_base"):
        clan = str(details.get("clan_seat") or _(UNKNOWN_CLAN))  # 미상: not known to the reporter (제29조)
        if details.get("clan_seat_hanja"):
            clan = f"{clan}({details['clan_seat_hanja']})"
        rows.append((_("본 · 등록기준지"), " · ".join(part for part in (clan, str(details.get("registration_base") or ""))
                                                      if part)))
    if details.get("address"):
        rows.append((_("Address"), str(details["address"])))
    rows.append((_("Died"), f"{format_date(form.death_date)} {event_time_text(form.death_time)}"))
    place = form.place
    rows.append((_("Place of death"), f"{place.address} ({place.label})"))
    if place.description:
        rows.append(("", place.description))
    if report.learned_on != form.death_date:
        rows.append((_("Learned on"), format_date(report.learned_on)))
    relation = str(reporter.details.get("relation") or "")
    qualification = _(REPORTER_LABELS[DeathReporter(report.reporter_decision.reporter)])
    who = f"{reporter.name} ({relation})" if relation else reporter.name
    rows.append((_("Reporter"), f"{who} · {qualification}"))
    if reporter.details.get("address"):
        rows.append(("", str(reporter.details["address"])))
    rows.append((_("Proof"), form.proof.message))
    rows += [(_("Vouched by") if number == 0 else "", _certifier(entry))
             for number, entry in enumerate(form.certifiers)]
    fine = (_("late-report fine {amount}").format(amount=format_won(report.timing.fine_won))
            if report.timing.fine_won else _("no fine"))
    rows.append((_("Report deadline"), f"{format_date(report.timing.deadline)} · {fine}"))
    return rows
