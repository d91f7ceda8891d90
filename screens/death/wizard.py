"""The death bundle wizard: deceased -> death -> reporter -> applicant -> family -> inquiry items ->
notification -> review -> file (사망신고 + 안심상속). The same keys and checks as the birth wizard;
an heir the Civil Act does not allow is told why and cannot be filed for (the report alone can)."""

from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Select, Static

from counter.base.errors import CounterError
from counter.base.i18n import N_, _
from counter.base.session import SignedInClerk
from counter.catalogue import Catalogue
from counter.filing.core import FilingResult
from counter.filing.death import death_catalogue, file_death, find_death_report
from counter.filing.death_inquiry import InquiryReview, offered_items
from counter.filing.death_repeats import RepeatRefused, Repeats, check_repeats
from counter.filing.death_review import (
    DeathDeclarationError,
    DeathReview,
    ExistingDeathReport,
    review_death,
)
from counter.filing.declarations import DeclarationError, FieldProblem
from counter.rules.death import death_reporter_decision
from counter.rules.heirs import Relation
from screens.death.draft import (
    COUNTS,
    MEDICAL_PROOFS,
    OFFICE_REPORTERS,
    RELATIVE_REPORTERS,
    THROUGH_CHILD,
    THROUGH_SIBLING,
    DeathDraft,
    ItemChoice,
    count_value,
)
from screens.death.parts import (
    InquiryItemRow,
    channel_summary,
    decision_text,
    repeats_text,
    review_table,
)
from screens.death.steps import (
    DEATH_STEPS,
    DOCUMENTS,
    SIGNERS,
    applicant_step,
    death_step,
    deceased_step,
    family_step,
    notification_step,
    reporter_step,
)
from screens.tasks import run_service
from screens.wizard.base import WizardScreen, WizardStep
from screens.wizard.fields import FlagField, TextField, WizardField, widget_id

STEP_FIELDS = {"step-deceased": deceased_step, "step-death": death_step, "step-reporter": reporter_step,
               "step-applicant": applicant_step, "step-family": family_step, "step-notification": notification_step}
INQUIRY_STEPS = ("step-family", "step-items")
# Choices that change which fields apply.
MODE_PATHS = ("later.enabled", "inquiry.apply", "inquiry.standing", "inquiry.representation",
              "inquiry.applicant.same_as_reporter", "inquiry.heir", "death.certificate", "death.place.kind")
# A problem of the declaration by the field that shows it (the signers are asked as numbered rows).
SIGNER_FIELD = re.compile(r"^death\.certifiers\[(\d+)\](?:\.(name|rrn|role))?$")


class DeathWizard(WizardScreen):
    """Files a death report with the heir's asset inquiry (안심상속) through `file_death`."""

    TITLE_MSGID = N_("Death bundle")
    DEFAULT_CSS = """
    DeathWizard .field-group { height: auto; }
    DeathWizard #heir-decision { margin: 1 0 0 0; }
    DeathWizard #heir-decision.-refused { color: $error; }
    DeathWizard #items { height: auto; }
    """
    STEPS = DEATH_STEPS

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.draft = DeathDraft()
        self.existing: ExistingDeathReport | None = None
        self.review: DeathReview | None = None
        self.refusal: FieldProblem | None = None
        self.inquiry: InquiryReview | None = None
        """The heir's decision as far as the draft allows (also while other steps have problems)."""
        self.repeats = Repeats()
        """What filing this draft would repeat (an earlier death report, this heir's earlier inquiry)."""

    # -- layout ------------------------------------------------------------------------------------
    def compose_step(self, step_id: str) -> ComposeResult:
        if step_id in STEP_FIELDS:
            yield from STEP_FIELDS[step_id]()
        elif step_id == "step-items":
            yield Static(id="items-summary", classes="step-title")
            yield Vertical(id="items")
        elif step_id == "step-review":
            yield Static(id="review-summary")
            yield Static(id="review-earlier", classes="banner")
            reason = TextField("duplicate_reason", N_("Reason to file again"), max_length=500)
            reason.display = False
            yield reason

    def on_mount(self) -> None:
        self.query_one("#deceased-fields").add_class("field-group")
        self.query_one("#f-death_report_receipt_no").display = False  # until the modes are shown
        super().on_mount()

    def steps_ready(self) -> None:
        """The later steps are composed after the first shows: set up what spans them."""
        self.query_one("#applicant-fields").add_class("field-group")
        self.query_one("#review-earlier").display = False
        self._show_modes()

    def retranslate(self) -> None:
        super().retranslate()
        if self.is_mounted:
            self._show_reporter_rule()

    def read_catalogue(self) -> Catalogue:
        return death_catalogue(self.app.wait_runtime())  # type: ignore[attr-defined]

    def catalogue_loaded(self, catalogue: Catalogue) -> None:
        super().catalogue_loaded(catalogue)
        self.draft.items = {item.code: ItemChoice(True, item.default_channel)
                            for item in offered_items(catalogue, self.today)}
        self.when_ready(self._show_items)  # the rows are built now, so the items step never draws empty

    # -- draft and checks ---------------------------------------------------------------------------
    def store(self, path: str, value: object) -> None:
        self.draft.set(path, value)
        if path in MODE_PATHS:
            self._show_modes()
        elif path == "deceased.rrn":
            self._show(not self.draft.text("deceased.rrn").strip(), "f-deceased--birth_date")
        elif path == "reporter.qualification":
            self._show_reporter_rule()
            self._show_modes()
            self._default_reporter_address()
        elif path == "death_report_receipt_no":
            self._look_up_report()
        if self.step.id == "step-family":
            self._show_decision()

    def _show(self, visible: bool, *ids: str) -> None:
        """Show or hide the widgets with these ids (nothing happens for a widget not mounted yet)."""
        for name in ids:
            widget = self.mounted(name)
            if widget is not None:
                widget.display = visible

    def _show_modes(self) -> None:
        """Show only the fields that apply: report fields, inquiry fields, proxy fields, documents."""
        draft = self.draft
        later, applies = draft.later_inquiry, draft.applies
        self._show(not later, "deceased-fields")
        self._show(not draft.text("deceased.rrn").strip(), "f-deceased--birth_date")
        for step in self.STEPS[1:3]:  # the death and the reporter belong to the earlier report
            pane = self.mounted(step.id)
            for widget in pane.children if pane is not None else ():
                widget.display = later == widget.has_class("later-note")
        if not later:
            self._show(draft.text("death.certificate") not in ("", *MEDICAL_PROOFS), "f-death--certificate_reason")
            self._show(draft.text("death.place.kind") == "other", "f-death--place--description")
            self._show(draft.signers == 1, "f-death--certifiers--0--role")
            for number in range(SIGNERS):
                self._show(number < draft.signers, f"f-death--certifiers--{number}--name",
                           f"f-death--certifiers--{number}--rrn")
            self._show(draft.text("reporter.qualification") not in OFFICE_REPORTERS, "f-reporter--relation")
        self._show(not later, "reporter-rule")
        self._show(later, "f-death_report_receipt_no")
        self._show(not later, "f-inquiry--apply")
        self._show(applies, "applicant-fields")
        acting = draft.text("inquiry.representation") not in ("", "in_person")
        self._show(acting, "f-inquiry--principal--name", "f-inquiry--principal--rrn")
        same = draft.same_as_reporter
        self._show(not same, "f-inquiry--applicant--name", "f-inquiry--applicant--rrn")
        self._show(not later, "f-inquiry--applicant--same_as_reporter")
        documents = draft.applicable_documents()
        for code, _label in DOCUMENTS:
            self._show(code in documents, widget_id(f"inquiry.documents.{code}"))
        heir = applies and draft.text("inquiry.standing") != "estate_administrator"
        family = self.mounted("step-family")
        for field in family.walk_children(WizardField) if family is not None else ():
            field.display = heir
        self._show(heir, "title-step-heir", "title-step-family")
        through = draft.text("inquiry.heir") in (*THROUGH_CHILD, *THROUGH_SIBLING)
        self._show(heir and through, "f-family--via_status")
        # The spouse who applies is the heir: the family step does not ask about them again.
        self._show(heir and draft.text("inquiry.heir") != Relation.SPOUSE, "f-family--spouse")

    def _default_reporter_address(self) -> None:
        """A relative who lived with the deceased (제85조①) shares the address: filled in while the field is empty."""
        address = self.draft.text("deceased.address")
        if self.draft.text("reporter.qualification") != "cohabiting_relative" or not address:
            return
        field = self.mounted(widget_id("reporter.address"))
        if not self.draft.text("reporter.address") and isinstance(field, TextField):
            self.draft.set("reporter.address", address)
            field.set_value(address)

    def _default_applicant(self) -> None:
        """The first time the applicant step shows: a relative who reports usually applies too."""
        path = "inquiry.applicant.same_as_reporter"
        if path in self.draft.values or self.draft.later_inquiry:
            return
        same = self.draft.text("reporter.qualification") in RELATIVE_REPORTERS
        self.draft.set(path, same)
        field = self.mounted(widget_id(path))
        if isinstance(field, FlagField):
            field.set_value(same)
        self._show_modes()

    @on(Select.Changed, "WizardField > Select")
    def _chosen(self, event: Select.Changed) -> None:
        """A choice picked by the clerk moves on to the next field, as Enter does after typing."""
        select = event.select
        if select.has_focus_within and not select.is_blank():
            self.call_after_refresh(self._advance_from, select)

    def _advance_from(self, select: Select[str]) -> None:
        if select.has_focus and not select.expanded:
            self.focus_next()

    def _look_up_report(self) -> None:
        receipt, app = self.draft.text("death_report_receipt_no").strip(), self.app

        def look_up() -> ExistingDeathReport | None:
            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            with runtime.db.session() as session:
                return find_death_report(session, receipt) if receipt else None

        run_service(self, look_up, self._report_found, group="lookup")

    def _report_found(self, existing: ExistingDeathReport | None) -> None:
        self.existing = existing
        self.refresh_errors()

    def all_problems(self) -> list[FieldProblem]:
        """Every problem of the draft, by declaration path (an ineligible heir kept in `refusal`)."""
        problems: list[FieldProblem] = []
        if self.catalogue_error:
            problems.append(FieldProblem("catalogue", self.catalogue_error))
        for path in COUNTS:
            if count_value(self.draft.values.get(path)) is None:
                problems.append(FieldProblem(path, _("Enter a whole number from 0 to 20.")))
        self.refusal = None
        try:
            self.review = review_death(self.draft.to_declaration(), self.catalogue, self.today, existing=self.existing)
            self.inquiry = self.review.inquiry
        except DeclarationError as error:
            self.review = None
            self.inquiry = error.inquiry if isinstance(error, DeathDeclarationError) else None
            for problem in error.problems:
                if problem.code == "ineligible":
                    self.refusal = problem
                    problem = FieldProblem(problem.field, _("Cannot apply: see the rule below."), problem.code)
                problems.append(problem)
        return problems

    def step_problems(self, step: WizardStep) -> list[FieldProblem]:
        return [problem for problem in self.all_problems() if step.owns(problem.field)]

    def field_for(self, problem_field: str) -> WizardField | None:
        signer = SIGNER_FIELD.match(problem_field)
        if signer:
            problem_field = f"death.certifiers.{signer[1]}.{signer[2] or 'name'}"
        elif problem_field.startswith("death.certifiers"):  # too few, or no head among them
            problem_field = "death.certifiers.0.role" if self.draft.signers == 1 else "death.certifiers.0.name"
        elif problem_field.startswith("inquiry.family"):
            problem_field = "family.children_alive"
        elif problem_field == "inquiry":  # the application period has ended
            problem_field = "inquiry.apply"
        return super().field_for(problem_field)

    def _show_reporter_rule(self) -> None:
        qualification = self.draft.text("reporter.qualification")
        text = death_reporter_decision(qualification).message if qualification else ""
        self.query_one("#reporter-rule", Static).update(text)

    def _show_decision(self) -> None:
        self.all_problems()
        panel = self.query_one("#heir-decision", Static)
        panel.update(decision_text(self.inquiry, self.refusal))
        panel.set_class(self.refusal is not None, "-refused")
        panel.display = self.draft.applies and bool(self.inquiry or self.refusal)

    # -- steps that show computed content ---------------------------------------------------------------
    def step_shown(self, step: WizardStep) -> None:
        if step.id == "step-applicant":
            self._default_applicant()
        elif step.id == "step-family":
            self._show_decision()
        elif step.id == "step-items":
            self._show_items()
        elif step.id == "step-notification":
            self.all_problems()
            self.query_one("#channel-summary", Static).update(channel_summary(self.inquiry))
        elif step.id == "step-review":
            self._show_review()

    def _show_items(self) -> None:
        container = self.query_one("#items")
        summary = self.query_one("#items-summary", Static)
        container.display = self.draft.applies
        if self.catalogue_error:
            summary.update(_("The service catalogue cannot be used, so nothing can be filed: {error}").format(
                error=self.catalogue_error))
            return
        if not self.draft.applies:
            summary.update(_("No asset inquiry in this filing."))
            return
        summary.update(_("Every inquiry item is ticked: untick what the applicant does not want and choose how each "
                         "result comes."))
        if container.children:  # built once; the rows are the draft's choices
            return
        container.mount_all([InquiryItemRow(item, ticked=self.draft.items[item.code].ticked,
                                            channel=self.draft.items[item.code].channel, today=self.today)
                             for item in offered_items(self.catalogue, self.today) if item.code in self.draft.items])

    @on(Checkbox.Changed, ".item-tick")
    def _item_ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        row = event.checkbox.parent
        if isinstance(row, InquiryItemRow):
            self.draft.items[row.item.code].ticked = event.value
            self.refresh_errors()

    @on(Select.Changed, ".item-channel-choice")
    def _item_channel(self, event: Select.Changed) -> None:
        event.stop()
        row = event.select.parent
        if isinstance(row, InquiryItemRow) and isinstance(event.value, str):
            self.draft.items[row.item.code].channel = event.value
            self.refresh_errors()

    # -- review and filing ---------------------------------------------------------------------------
    def _show_review(self) -> None:
        summary = self.query_one("#review-summary", Static)
        self.all_problems()
        review, app = self.review, self.app
        if review is None:
            summary.update(_("Complete the earlier steps first."))
            return
        summary.update(review_table(review))
        run_service(self, lambda: check_repeats(app.wait_runtime(), review),  # type: ignore[attr-defined]
                    self._show_repeats, group="duplicates")

    def _show_repeats(self, repeats: Repeats) -> None:
        self.repeats = repeats
        banner = self.query_one("#review-earlier", Static)
        banner.display = bool(repeats)
        banner.update(repeats_text(repeats))
        reason = self.query_one("#f-duplicate_reason", TextField)
        reason.display = bool(repeats)
        if repeats:
            self.call_after_refresh(reason.control.focus)

    def action_submit(self) -> None:
        """File the bundle (the same service as `counter file death`)."""
        if not self.can_file(self.all_problems()):
            return
        reason = self.query_one("#f-duplicate_reason", TextField)
        if self.repeats and not self.draft.text("duplicate_reason").strip():
            reason.error(_("Give the reason, or press Esc to stop."))
            reason.control.focus()
            return
        declaration: dict[str, Any] = self.draft.to_declaration()
        catalogue, today, app, clerk = self.catalogue, self.today, self.app, self.clerk

        def call() -> FilingResult:
            return file_death(app.wait_runtime(), clerk, declaration, today=today,  # type: ignore[attr-defined]
                              catalogue=catalogue)

        run_service(self, call, lambda result: self.show_filed(result, N_("Death bundle filed")),
                    on_error=self._refused, group="filing")

    def _refused(self, error: CounterError) -> None:
        if isinstance(error, RepeatRefused):
            self._show_repeats(error.repeats)
        else:
            self.filing_refused(error)
