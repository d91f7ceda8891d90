"""The birth bundle wizard: child -> parents -> reporter -> household -> entitlements -> review -> file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Static

from counter.base.errors import CounterError
from counter.base.i18n import N_, _, ordinal
from counter.base.session import SignedInClerk
from counter.catalogue import Catalogue
from counter.filing.birth import (
    DuplicateBirth,
    DuplicateBirthError,
    birth_catalogue,
    check_duplicates,
    file_birth,
)
from counter.filing.birth_review import BirthReview, review_birth
from counter.filing.core import FilingResult
from counter.filing.declarations import DeclarationError, FieldProblem
from screens.birth.draft import BirthDraft
from screens.birth.entitlements import (
    RELATION_LABELS,
    ServiceRow,
    duplicates_text,
    review_text,
)
from screens.birth.form_fields import (
    child_fields,
    parent_fields,
    reporter_form_fields,
    shown_fields,
)
from screens.tasks import run_service
from screens.wizard.base import WizardScreen, WizardStep
from screens.wizard.fields import (
    ChoiceField,
    FlagField,
    StepButton,
    StepTitle,
    TextField,
    WizardField,
    widget_id,
)

REPORTER_PERSON_FIELDS = ("reporter.name", "reporter.rrn", "reporter.reason")
"""Asked only when someone other than a parent reports (제46조③)."""
CHECKED_WITH_THE_PARENTS = ("child.registration_base_from",)
"""Chosen on the child step, checked against the parents entered on the next one: shown there (a father
chosen before he is entered is no problem of the child step)."""
SHOWN_ON_CHANGE = ("reporter.relation", "child.birth_place.kind", "child.registration_base_from",
                   "attachments.presented", "mother.foreign", "father.foreign")
"""Fields whose value decides which other fields are shown."""


def _sibling_fields(index: int) -> list[WizardField]:
    args: dict[str, object] = {"n": index + 1}
    prefix = f"household.siblings[{index}]"
    return [
        TextField(f"{prefix}.birth_date", N_("Child {n}: date of birth"), placeholder="YYYY-MM-DD", max_length=10,
                  label_args=args),
        TextField(f"{prefix}.name", N_("Child {n}: name"), max_length=50, label_args=args),
        FlagField(f"{prefix}.same_mother", N_("Child {n}: same mother"), value=True, label_args=args),
    ]


class BirthWizard(WizardScreen):
    """Files a birth report with every linked benefit (행복출산 원스톱) through `file_birth`."""

    DEFAULT_CSS = """
    BirthWizard #siblings, BirthWizard #services { height: auto; }
    BirthWizard #sibling-buttons { height: auto; margin: 1 0 0 24; }
    BirthWizard #sibling-buttons Button { margin: 0 2 0 0; }
    BirthWizard #reporter-rule { padding: 0 0 0 24; color: $text-muted; }
    BirthWizard #review-duplicates { margin: 1 0 0 0; }
    """

    TITLE_MSGID = N_("Birth bundle")
    STEPS = (
        WizardStep("step-child", N_("Child"), ("child",)),
        WizardStep("step-parents", N_("Parents"), ("mother", "father")),
        WizardStep("step-reporter", N_("Reporter"), ("reporter", "attachments", "contact", "after_formal_demand")),
        WizardStep("step-household", N_("Household"), ("household",)),
        WizardStep("step-services", N_("Services"), ("declined_services", "catalogue")),
        WizardStep("step-review", N_("Review"), ("duplicate_reason", "idempotency_key")),
    )

    def __init__(self, clerk: SignedInClerk) -> None:
        super().__init__()
        self.clerk = clerk
        self.draft = BirthDraft()
        self.duplicates: list[DuplicateBirth] = []
        self.review: BirthReview | None = None

    # -- steps -------------------------------------------------------------------------------
    def compose_step(self, step_id: str) -> ComposeResult:
        if step_id == "step-child":
            yield StepTitle(N_("The child"))
            yield from child_fields()
        elif step_id == "step-parents":
            yield StepTitle(N_("Mother"), id="title-mother")
            yield from parent_fields("mother")
            yield StepTitle(N_("Father (leave empty when not recorded)"), id="title-father")
            yield from parent_fields("father")
        elif step_id == "step-reporter":
            yield StepTitle(N_("Who reports the birth"))
            yield ChoiceField("reporter.relation", N_("Reporter"), tuple(RELATION_LABELS.items()))
            yield Static(id="reporter-rule")
            for field in (TextField("reporter.name", N_("Reporter's name"), max_length=50),
                          TextField("reporter.rrn", N_("Reporter's registration no."), max_length=14,
                                    hint=N_("optional")),
                          TextField("reporter.reason", N_("Why not the parents"), max_length=200)):
                field.display = False  # a parent reports in person (shown for anyone else)
                yield field
            yield from reporter_form_fields()
            yield TextField("contact.phone", N_("Mobile number"), placeholder="010-1234-5678", max_length=13)
            yield FlagField("contact.sms", N_("Send results by text message"))
            yield FlagField("after_formal_demand", N_("Reported only after a formal demand (최고)"))
        elif step_id == "step-household":
            # The order spares keys: the years, then straight to "add a child", the rarer facts last.
            yield StepTitle(N_("The household"))
            yield TextField("household.parent_resident_years", N_("Years in the district"), max_length=3,
                            hint=N_("longest of the two parents, whole years; 0 when under a year"))
            yield StepTitle(N_("Other children of the household (older and younger)"), id="siblings-title")
            yield Vertical(id="siblings")
            with Horizontal(id="sibling-buttons"):
                yield StepButton(N_("Add a child"), id="add-sibling")
                yield StepButton(N_("Remove the last child"), id="remove-sibling")
            yield FlagField("household.uses_daycare", N_("Child attends daycare or kindergarten"))
            yield FlagField("household.basic_livelihood", N_("Household receives basic livelihood benefits"))
        elif step_id == "step-services":
            yield Static(id="services-summary", classes="step-title")
            yield Vertical(id="services")
        elif step_id == "step-review":
            yield Static(id="review-summary")
            banner = Static(id="review-duplicates", classes="banner")
            banner.display = False
            yield banner
            duplicate = TextField("duplicate_reason", N_("Reason to file again"), max_length=500)
            duplicate.display = False
            yield duplicate

    def read_catalogue(self) -> Catalogue:
        return birth_catalogue(self.app.wait_runtime().settings)  # type: ignore[attr-defined]

    # -- draft and checks -------------------------------------------------------------------------
    def store(self, path: str, value: object) -> None:
        if path.startswith("decline."):
            code = path.removeprefix("decline.")
            if code in self.draft.declined:
                self.draft.declined[code] = str(value)
            return
        self.draft.set(path, value)
        if path.startswith(("reporter.", "child.in_marriage")):
            self._show_reporter_rule()
        if path in SHOWN_ON_CHANGE:
            self._show_parts()

    def steps_ready(self) -> None:
        self._show_parts()

    def _show_parts(self) -> None:
        """Show only the fields that apply: a Korean or a foreign parent's, the other reporter's details, the
        description of a place 기타, another registration base, the material of a statement."""
        shown = shown_fields(self.draft.get)
        other = not self.draft.parent_reports()
        shown.update((path, other) for path in REPORTER_PERSON_FIELDS)
        for path, display in shown.items():
            self.query_one(f"#{widget_id(path)}").display = display

    def all_problems(self) -> list[FieldProblem]:
        """Every problem of the draft, by declaration path."""
        problems: list[FieldProblem] = []
        if self.catalogue_error:
            problems.append(FieldProblem("catalogue", self.catalogue_error))
        try:
            self.review = review_birth(self.draft.to_declaration(), self.catalogue, self.today)
        except DeclarationError as error:
            self.review = None
            problems.extend(error.problems)
        if self.draft.resident_years_missing():  # district benefits depend on it: asked, never assumed
            problems.append(FieldProblem("household.parent_resident_years",
                                         _("Enter the years in the district (0 when under a year).")))
        return problems

    def step_problems(self, step: WizardStep) -> list[FieldProblem]:
        return [problem for problem in self.all_problems() if self.step_owns(step, problem.field)]

    def step_owns(self, step: WizardStep, field: str) -> bool:
        if field in CHECKED_WITH_THE_PARENTS:
            return step.id == "step-parents"
        return step.owns(field)

    def field_for(self, problem_field: str) -> WizardField | None:
        if problem_field.startswith("declined_services["):
            index = int(problem_field.split("[", 1)[1].split("]", 1)[0])
            codes = self.draft.declined_codes()
            if index < len(codes):
                problem_field = f"decline.{codes[index]}"
        return super().field_for(problem_field)

    def _show_reporter_rule(self) -> None:
        from counter.rules.birth import reporter_qualification

        relation = str(self.draft.get("reporter.relation"))
        text = ""
        if relation:
            try:
                text = reporter_qualification(relation, bool(self.draft.get("child.in_marriage", True)),
                                              str(self.draft.get("reporter.reason"))).message
            except CounterError as error:
                text = error.message
        self.query_one("#reporter-rule", Static).update(text)

    # -- household: sibling rows ------------------------------------------------------------------
    @on(Button.Pressed, "#add-sibling")
    async def add_sibling(self) -> None:
        """Add a row for another child of the household and put the cursor in it once it is mounted."""
        index = self.draft.sibling_count
        self.draft.sibling_count += 1
        self.draft.set(f"household.siblings[{index}].same_mother", True)
        rows = _sibling_fields(index)
        await self.query_one("#siblings").mount_all(rows)
        if rows[0].is_attached:  # a quick "remove" may have taken the row away already
            rows[0].control.focus()

    async def draft_rows_restored(self) -> None:
        """A restored draft: one row per sibling it holds (their values are put back after)."""
        container = self.query_one("#siblings")
        await container.remove_children()
        await container.mount_all([row for index in range(self.draft.sibling_count) for row in _sibling_fields(index)])

    @on(Button.Pressed, "#remove-sibling")
    async def remove_sibling(self) -> None:
        """Remove the last child row (gone before the next key: a new row may reuse its ids)."""
        if not self.draft.sibling_count:
            return
        self.draft.sibling_count -= 1
        prefix = f"household.siblings[{self.draft.sibling_count}]."
        rows = [field for field in self.fields() if field.path.startswith(prefix)]
        for field in rows:
            self.draft.values.pop(field.path, None)
        await self.query_one("#siblings").remove_children(rows)
        self.refresh_errors()

    # -- services ------------------------------------------------------------------------------
    def step_shown(self, step: WizardStep) -> None:
        if step.id == "step-services":
            self._show_services()
        elif step.id == "step-review":
            self._show_review()

    def _show_services(self) -> None:
        container = self.query_one("#services")
        summary = self.query_one("#services-summary", Static)
        self.all_problems()
        if self.catalogue_error:
            container.remove_children()
            summary.update(_("The service catalogue cannot be used, so nothing can be filed: {error}").format(
                error=self.catalogue_error))
            return
        review = self.review
        if review is None:
            container.remove_children()
            summary.update(_("Complete the earlier steps first."))
            return
        eligible = {d.code for d in review.decisions if d.eligible}
        self.draft.declined = {code: reason for code, reason in self.draft.declined.items() if code in eligible}
        summary.update(_("Every service of the catalogue: eligible ones are ticked (untick with a reason), the others "
                         "say why not. This is the {ordinal} child ({count} in the household).").format(
                             ordinal=ordinal(review.order.order), count=review.order.child_count))
        rows = [ServiceRow(d, declined_reason=self.draft.declined.get(d.code)) for d in review.decisions]

        async def rebuild() -> None:  # the old rows must be gone before rows with the same ids mount
            await container.remove_children()
            await container.mount_all(rows)
            if self.step.id == "step-services":
                self.focus_first_field()

        self.call_later(rebuild)

    @on(Checkbox.Changed, ".service-tick")
    def service_toggled(self, event: Checkbox.Changed) -> None:
        """Untick: ask for the reason; tick again: apply."""
        event.stop()
        row = event.checkbox.parent
        if not isinstance(row, ServiceRow):
            return
        code = row.decision.code
        reason_field = row.query_one(TextField)
        if event.value:
            self.draft.declined.pop(code, None)
            reason_field.display = False
        else:
            self.draft.declined[code] = reason_field.value
            reason_field.display = True
        self.refresh_errors()

    # -- review and filing -------------------------------------------------------------------------
    def _show_review(self) -> None:
        summary = self.query_one("#review-summary", Static)
        self.all_problems()
        if self.review is None:
            summary.update(_("Complete the earlier steps first."))
            return
        summary.update(review_text(self.review))
        review, app = self.review, self.app

        def check() -> list[DuplicateBirth]:
            runtime = app.wait_runtime()  # type: ignore[attr-defined]
            return check_duplicates(runtime.db, runtime.vault, review)

        run_service(self, check, self._show_duplicates, group="duplicates")

    def _show_duplicates(self, duplicates: list[DuplicateBirth]) -> None:
        self.duplicates = duplicates
        banner = self.query_one("#review-duplicates", Static)
        banner.display = bool(duplicates)
        banner.update(duplicates_text(duplicates) if duplicates else "")
        reason = self.query_one("#f-duplicate_reason", TextField)
        reason.display = bool(duplicates)
        if duplicates:
            self.call_after_refresh(reason.control.focus)

    def action_submit(self) -> None:
        """File the bundle (the same service as `counter file birth`)."""
        if not self.can_file(self.all_problems()):
            return
        reason = self.query_one("#f-duplicate_reason", TextField)
        if self.duplicates and not str(self.draft.get("duplicate_reason")).strip():
            reason.error(_("Give the reason, or press Esc to stop."))
            reason.control.focus()
            return
        declaration, catalogue, today, app, clerk = (
            self.draft.to_declaration(), self.catalogue, self.today, self.app, self.clerk)

        def call() -> FilingResult:
            return file_birth(app.wait_runtime(), clerk, declaration, today=today,  # type: ignore[attr-defined]
                              catalogue=catalogue)

        run_service(self, call, lambda result: self.show_filed(result, N_("Birth bundle filed")),
                    on_error=self._refused, group="filing")

    def _refused(self, error: CounterError) -> None:
        if isinstance(error, DuplicateBirthError):
            self._show_duplicates(error.duplicates)
        else:
            self.filing_refused(error)
