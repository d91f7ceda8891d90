"""Check a death declaration against the rules and work out everything the filing will record.

`review_death` is pure (catalogue, `today`, the earlier death report and the identity function are
passed in): it reports every problem at once, each named by its field, or returns a `DeathReview`
with the people (parsed registration numbers), the report deadline and fine, the reporter's
qualification, the heir's decision, the inquiry deadline and every chosen item with its channel and
expected result date. The wizard calls it step by step; the filing service calls it before writing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError as PydanticValidationError

from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.catalogue import Catalogue
from counter.filing.birth_review import (
    DUPLICATE_REASON_MAX_LENGTH,
    PERSON_NAME_MAX_LENGTH,
)
from counter.filing.core import PersonEntry, Warning
from counter.filing.death_declaration import (
    DeathDeclaration,
    DeathDetailsDeclaration,
    DeathReporterDeclaration,
    DeceasedDeclaration,
    InquiryDeclaration,
    NotificationDeclaration,
)
from counter.filing.death_form import DeathForm, check_death_form, check_register_entries
from counter.filing.death_inquiry import (
    InquiryReview,
    check_inquiry,
    checked_rrn,
    checked_text,
    plain_identity,
)
from counter.filing.declarations import (
    DeclarationError,
    DeclarationModel,
    FieldProblem,
    ProblemList,
    parse_partial,
    parse_section,
    problems_from_pydantic,
)
from counter.rules.death import (
    DeathReporterDecision,
    DeathReportTiming,
    check_death_dates,
    companion_birth_report,
    death_report_timing,
    death_reporter_decision,
    inquiry_deadline,
    renunciation_period_end,
)
from counter.rules.rrn import check_rrn_against_birth_date
from counter.rules.sms import check_mobile_number
from counter.rules.text import clean_reason
from counter.texts.renderers import NOTICE_LINES
from models import StoredText

T = TypeVar("T")
ADDRESS_MAX_LENGTH = 200
RELATION_TEXT_MAX_LENGTH = 50
# Channels whose result reaches the applicant through a text message (the web result is announced by SMS).
PHONE_CHANNELS = ("sms", "web")
SECTIONS: dict[str, type[DeclarationModel]] = {
    "deceased": DeceasedDeclaration, "death": DeathDetailsDeclaration, "reporter": DeathReporterDeclaration,
    "inquiry": InquiryDeclaration, "notification": NotificationDeclaration,
}


class DeathDeclarationError(DeclarationError):
    """A refused death declaration; `inquiry` keeps the heir's decision when that part passed, so the
    wizard can show who may apply while other steps still have problems."""

    def __init__(self, problems: list[FieldProblem], inquiry: InquiryReview | None) -> None:
        super().__init__(problems)
        self.inquiry = inquiry


@dataclass(frozen=True)
class ExistingDeathReport:
    """A death report filed earlier here, against which an inquiry is filed later."""

    receipt_no: str
    bundle_id: uuid.UUID
    death_report_id: uuid.UUID
    deceased_id: uuid.UUID
    deceased_key: str
    death_date: date
    declared_missing_on: date | None = None


@dataclass(frozen=True)
class DeathReportReview:
    """A checked death report: the people, the cells of the death (`form`) and the deadline."""

    deceased: PersonEntry
    reporter: PersonEntry
    reporter_decision: DeathReporterDecision
    form: DeathForm
    learned_on: date
    timing: DeathReportTiming

    @property
    def death_date(self) -> date:
        """The date of death as the form writes it (0시 of the next day for a death at 자정)."""
        return self.form.death_date


@dataclass(frozen=True)
class DeathReview:
    """A declaration that passed every check, with everything the filing records and shows."""

    declaration: DeathDeclaration
    today: date
    report: DeathReportReview | None
    """None when the inquiry is filed against an earlier death report (`existing`)."""
    existing: ExistingDeathReport | None
    inquiry: InquiryReview | None
    warnings: tuple[Warning, ...]
    sms_phone: str | None
    post_address: str
    duplicate_reason: str
    contact_phone: str | None = None
    """The mobile number given, whether or not a message is wanted at filing (items' results use it)."""


def _under(prefix: str, check: Callable[[], T]) -> Callable[[], T]:
    """`check` with the field of its ValidationError moved under `prefix`."""
    def run() -> T:
        try:
            return check()
        except ValidationError as error:
            raise ValidationError(error.message, field=f"{prefix}.{error.field}", code=error.code) from error
    return run


def _check_deceased(section: DeceasedDeclaration, problems: ProblemList) -> PersonEntry:
    name = checked_text(problems, section.name, "deceased.name", PERSON_NAME_MAX_LENGTH, required=True)
    rrn = checked_rrn(problems, section.rrn, "deceased.rrn")
    born = section.birth_date
    if rrn is not None and born is not None:
        checked, stated = rrn, born
        problems.attempt(lambda: check_rrn_against_birth_date(checked, stated, sex=section.sex, field="deceased.rrn"))
    elif rrn is not None:
        born = rrn.birth_date
    elif born is None and not section.rrn:
        problems.add("deceased.birth_date", _("Enter the registration number, or the date of birth when the "
                                              "deceased has none."))
    register = check_register_entries(section, rrn, problems)
    # 가족관계등록법 제25조①4호: the deceased's 등록기준지 and address are on the form (제84조②1호: 등록기준지)
    address = checked_text(problems, section.address, "deceased.address", ADDRESS_MAX_LENGTH, required=True)
    sex = rrn.sex if rrn is not None else section.sex
    return PersonEntry("deceased", name, rrn, born, sex, {**register, **({"address": address} if address else {})})


def _check_death(section: DeathDetailsDeclaration, failed: frozenset[str], birth_reported: bool, born: date | None,
                 today: date, reporter: DeathReporterDeclaration | None, problems: ProblemList
                 ) -> tuple[date, DeathForm | None]:
    reporter_rrn = checked_rrn(ProblemList(), reporter.rrn, "reporter.rrn") if reporter else None  # told there
    form = check_death_form(section, failed, reporter.name if reporter else "", reporter_rrn, problems)
    died = form.death_date if form is not None else section.death_date
    learned = section.learned_on or section.declared_missing_on or died
    if died is not None and not failed & {"learned_on", "declared_missing_on"}:
        problems.attempt(_under("death", lambda: check_death_dates(
            death_date=died, learned_on=learned or died, today=today, birth_date=born)))
    if not birth_reported and born is not None and died is not None:
        companion = companion_birth_report(birth_date=born, death_date=died, birth_reported=False)
        if companion.required:  # 가족관계등록법 제51조
            problems.add("deceased.birth_reported", companion.message)
    return learned or today, form


def _check_reporter(section: DeathReporterDeclaration, problems: ProblemList) -> tuple[PersonEntry, DeathReporterDecision]:
    decision = death_reporter_decision(section.qualification or "other")  # 가족관계등록법 제85조
    if section.qualification is None:
        problems.add("reporter.qualification", _("Choose who reports the death (가족관계등록법 제85조)."))
    elif not decision.allowed:
        problems.add("reporter.qualification", decision.message)
    name = checked_text(problems, section.name, "reporter.name", PERSON_NAME_MAX_LENGTH, required=True)
    rrn = checked_rrn(problems, section.rrn, "reporter.rrn")
    relation = checked_text(problems, section.relation, "reporter.relation", RELATION_TEXT_MAX_LENGTH)
    # 가족관계등록법 제25조①3호: the reporter's address is on the form
    address = checked_text(problems, section.address, "reporter.address", ADDRESS_MAX_LENGTH, required=True)
    details = {"qualification": str(section.qualification), "relation": relation, "address": address}
    return PersonEntry("reporter", name, rrn, rrn.birth_date if rrn else None, rrn.sex if rrn else None,
                       details), decision


def _check_notification(notification: NotificationDeclaration, inquiry: InquiryReview | None,
                        problems: ProblemList) -> tuple[str | None, str, str | None]:
    written = checked_text(problems, notification.phone, "notification.phone", 20, numbers_allowed=True)
    mobile = problems.attempt(lambda: check_mobile_number(written, field="notification.phone")) if written else None
    phone = mobile.formatted if mobile is not None else ""
    address = checked_text(problems, notification.post_address, "notification.post_address", ADDRESS_MAX_LENGTH)
    items = inquiry.items if inquiry is not None else ()
    by_phone = sum(1 for chosen in items if chosen.channel in PHONE_CHANNELS)
    by_post = sum(1 for chosen in items if chosen.channel == "post")
    if not written and by_phone:
        problems.add("notification.phone", _("{count} item(s) send the result by text message: enter the mobile "
                                             "number it goes to.").format(count=by_phone))
    elif not written and notification.sms:
        problems.add("notification.phone", _("Enter the mobile number the messages go to."))
    if not address and by_post:
        problems.add("notification.post_address", _("{count} item(s) send the result by post: enter the postal "
                                                     "address.").format(count=by_post))
    return (phone if notification.sms and phone else None), address, phone or None


def _warnings(review_people: list[PersonEntry], report: DeathReportReview | None, inquiry: InquiryReview | None,
              catalogue: Catalogue) -> list[Warning]:
    found: list[Warning] = []
    fine = report.timing.fine if report is not None else None
    if report is not None and fine is not None:
        found.append(Warning.of("late_report", deadline=report.timing.deadline, tier=fine.tier,
                                amount=fine.amount_won, after_demand=fine.after_demand))
    for person in review_people:
        if person.rrn is not None and not person.rrn.checksum_ok:
            found.append(Warning.of("rrn_checksum", role=person.role))
    if inquiry is not None and inquiry.decision.documents:
        found.append(Warning.of("documents", documents=inquiry.decision.documents))
    found += [Warning.of("catalogue", warning=text) for text in catalogue.warnings]
    return found


def _sections(raw: Mapping[str, Any], problems: ProblemList
              ) -> tuple[DeathDeclaration | None, dict[str, Any], frozenset[str]]:
    """The top-level values and each section parsed on its own, so one section's type errors do not
    hide the other sections' problems (the wizard checks step by step). The death's cells are parsed
    one by one (a proof code not on the list still lets the time and the place be checked): the names
    of those that failed come third."""
    header = None
    try:
        header = DeathDeclaration.model_validate({k: v for k, v in raw.items() if k not in SECTIONS})
    except PydanticValidationError as error:
        problems.items.extend(problems_from_pydantic(error))
    parsed = {name: parse_section(model, raw[name], name, problems) if raw.get(name) is not None else None
              for name, model in SECTIONS.items() if name != "death"}
    parsed["death"], failed = (parse_partial(DeathDetailsDeclaration, raw["death"], "death", problems)
                               if raw.get("death") is not None else (None, frozenset()))
    return header, parsed, failed


def review_death(raw: Mapping[str, Any] | DeathDeclaration, catalogue: Catalogue, today: date, *,
                 existing: ExistingDeathReport | None = None,
                 identity: Callable[[str], str] = plain_identity) -> DeathReview:
    """Every check of a death declaration; DeathDeclarationError listing all problems, or the review.

    `existing` is the death report named by `death_report_receipt_no` (None if there is none);
    `identity` turns registration digits into the key that tells people apart in the heir rules.
    """
    problems = ProblemList()
    if isinstance(raw, DeathDeclaration):
        raw = raw.model_dump(mode="json")
    if not isinstance(raw, Mapping):
        problems.add("", _("The declaration must be a JSON object."))
        problems.raise_if_any()
    header, sections, death_failed = _sections(raw, problems)
    deceased_section, death_section, reporter_section = sections["deceased"], sections["death"], sections["reporter"]
    report, people, reporter = None, [], None
    if raw.get("death_report_receipt_no") is not None:
        for name in ("deceased", "death", "reporter"):
            if raw.get(name) is not None:
                problems.add(name, _("Leave this out when filing the inquiry against an earlier death report."))
        if existing is None:
            problems.add("death_report_receipt_no", _("No death report was filed here under receipt {receipt}.")
                         .format(receipt=raw.get("death_report_receipt_no")))
        if raw.get("inquiry") is None:
            problems.add("inquiry", _("Enter the inquiry to file against the earlier death report."))
        deceased_key = existing.deceased_key if existing else "deceased"
        death_date = existing.death_date if existing else None
        missing_on = existing.declared_missing_on if existing else None
    else:
        for name in ("deceased", "death", "reporter"):
            if raw.get(name) is None:
                problems.add(name, _("This field is required."))
        deceased = _check_deceased(deceased_section, problems) if deceased_section else None
        born = deceased.birth_date if deceased else None
        if reporter_section is not None:
            reporter, reporter_decision = _check_reporter(reporter_section, problems)
        form = None
        if death_section is not None:
            birth_reported = deceased_section.birth_reported if deceased_section else True
            learned, form = _check_death(death_section, death_failed, birth_reported, born, today, reporter_section,
                                         problems)
        if deceased and death_section and reporter and form:
            obliged = death_section.had_cohabiting_relative or reporter_decision.obliged  # 제85조①, 제122조
            timing = death_report_timing(learned, today, someone_obliged=obliged,
                                         after_demand=header.after_formal_demand if header else False)
            report = DeathReportReview(deceased, reporter, reporter_decision, form, learned, timing)
        deceased_key = identity(deceased.rrn.digits) if deceased and deceased.rrn else "deceased"
        death_date = form.death_date if form else (death_section.death_date if death_section else None)
        missing_on = death_section.declared_missing_on if death_section else None
        people = [person for person in (deceased, reporter) if person is not None]
    inquiry = None
    if sections["inquiry"] is not None and death_date is not None:
        inquiry = check_inquiry(sections["inquiry"], reporter=reporter, deceased_key=deceased_key,
                                death_date=death_date, declared_missing_on=missing_on, catalogue=catalogue,
                                today=today, identity=identity, problems=problems)
    notification = sections["notification"] or NotificationDeclaration()
    sms_phone, post_address, contact_phone = _check_notification(notification, inquiry, problems)
    duplicate_reason = problems.attempt(lambda: clean_reason(
        header.duplicate_reason if header else "", field="duplicate_reason",
        max_length=DUPLICATE_REASON_MAX_LENGTH)) or ""
    if problems.items:
        raise DeathDeclarationError(problems.items, inquiry)
    declaration = DeathDeclaration.model_validate(raw)
    if inquiry is not None:
        people += [inquiry.applicant, *([inquiry.proxy] if inquiry.proxy else [])]
    warnings = _warnings(people, report, inquiry, catalogue)
    return DeathReview(declaration, today, report, existing, inquiry, tuple(warnings), sms_phone, post_address,
                       duplicate_reason, contact_phone)


def death_date_of(review: DeathReview) -> date | None:
    """The date of death, from this report or the earlier one the inquiry is filed against."""
    if review.report is not None:
        return review.report.death_date
    return review.existing.death_date if review.existing is not None else None


def notice_expectations(review: DeathReview) -> tuple[StoredText, ...]:
    """Lines the 안심상속 notice prints under the items (codes: said in the language it is printed in)."""
    inquiry = review.inquiry
    died = death_date_of(review)
    # under the notice's 민법 제1019조① paragraph: the last day for an heir who knew on the day of death
    lines = [NOTICE_LINES.make("renunciation_end", date=renunciation_period_end(died))] if died else []
    if inquiry is None:
        deadline = _inquiry_last_day(review)
        return (*lines, *([NOTICE_LINES.make("inquiry_open_until", date=deadline)] if deadline else []))
    days = sorted(chosen.item.processing_days for chosen in inquiry.items)
    return (*lines, NOTICE_LINES.make("results_within", low=days[0], high=days[-1]))


def _inquiry_last_day(review: DeathReview) -> date | None:
    if review.report is None or review.declaration.death is None:
        return None
    deadline = inquiry_deadline(review.report.death_date,
                                declared_missing_on=review.declaration.death.declared_missing_on)
    return deadline.last_filing_day if deadline.is_open(review.today) else None
