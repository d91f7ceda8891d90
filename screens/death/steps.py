"""The fields of each death wizard step, in the order the clerk fills them (one row each, so a step
fits 100x30). Labels are msgids, translated when shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from counter.base.i18n import N_
from counter.rules.death import REPORTER_LABELS, DeathReporter
from counter.rules.death_attachments import CERTIFIER_ROLE_LABELS, DEATH_PROOF_LABELS, CertifierRole
from counter.rules.form_places import DEATH_PLACE_LABELS
from counter.rules.heirs import RELATION_LABELS
from screens.wizard.base import WizardStep
from screens.wizard.fields import AreaField, ChoiceField, FlagField, StepTitle, TextField

DATE = "YYYY-MM-DD"
RRN = "YYMMDD-GXXXXXX"
# The form's ten boxes of the place of death and the six proofs (제84조①③), in the form's order.
PLACE_KINDS = tuple((str(kind), label) for kind, label in DEATH_PLACE_LABELS.items())
CERTIFICATES = tuple((str(kind), label) for kind, label in DEATH_PROOF_LABELS.items())
# Who may report (제85조); "other" is left out: such a person may not report.
HEAD_ROLES = tuple((str(role), label) for role, label in CERTIFIER_ROLE_LABELS.items()
                   if role is not CertifierRole.ACQUAINTANCE)
SIGNERS = 2
"""Signers the wizard asks for a certificate by acquaintances (two at least, 가족관계등록예규) or by a head (one)."""
REPORTERS = tuple((str(kind), label) for kind, label in REPORTER_LABELS.items() if kind is not DeathReporter.OTHER)
STANDINGS = (("heir", N_("Heir")), ("estate_administrator", N_("Court-appointed estate administrator")))
REPRESENTATIONS = (("in_person", N_("In person")), ("adult_guardian", N_("Adult guardian")),
                   ("limited_guardian", N_("Limited guardian (court order)")),
                   ("minor_representative", N_("Parent or guardian of a minor")),
                   ("proxy", N_("Proxy with power of attorney")))
DOCUMENTS = (("power_of_attorney", N_("Power of attorney, with the principal's ID copy")),
             ("guardianship_registry", N_("Guardianship registration certificate")),
             ("guardian_court_order", N_("Court order giving the limited guardian this power")),
             ("administrator_appointment", N_("Court decision appointing the estate administrator")),
             ("renunciation_decisions", N_("Court decisions on the higher ranks' renunciation")))
HEIR_RELATIONS = tuple((str(relation), label) for relation, label in RELATION_LABELS.items())
VIA_STATUSES = (("predeceased", N_("died before the deceased")), ("disqualified", N_("disqualified from inheriting")),
                ("alive", N_("alive")), ("renounced", N_("renounced the inheritance")))
SPOUSE_STATUSES = (("none", N_("no spouse")), ("alive", N_("alive")), ("renounced", N_("renounced the inheritance")),
                   ("predeceased", N_("died before the deceased")), ("disqualified", N_("disqualified from inheriting")))
COUNT_LABELS = (
    ("family.children_alive", N_("Other children alive"), ""),
    ("family.children_renounced", N_("Children who renounced"), ""),
    ("family.children_predeceased", N_("Children who died first"), N_("only those who left children")),
    ("family.parents_alive", N_("Parents alive"), ""),
    ("family.parents_renounced", N_("Parents who renounced"), ""),
    ("family.grandparents_alive", N_("Grandparents alive"), ""),
    ("family.siblings_alive", N_("Other siblings alive"), ""),
    ("family.siblings_predeceased", N_("Siblings who died first"), N_("only those who left children")),
)
# What each step's title says (msgid) and its part of the form.
TITLES = {
    "step-deceased": N_("The deceased"),
    "step-death": N_("The death (가족관계등록법 제84조)"),
    "step-reporter": N_("Who reports the death (제85조)"),
    "step-applicant": N_("Asset inquiry (안심상속): who applies"),
    "step-heir": N_("The heir whose right the application rests on"),
    "step-family": N_("The family, from the family relation certificate (the heir not counted)"),
    "step-notification": N_("How the applicant hears back"),
}


def _title(step_id: str) -> StepTitle:
    return StepTitle(TITLES[step_id], id=f"title-{step_id}")


def deceased_step() -> Iterator[Widget]:
    yield _title("step-deceased")
    with Vertical(id="deceased-fields"):
        # ① 사망자 in the form's order: name, 본, number (or date of birth), 등록기준지, address.
        yield TextField("deceased.name", N_("Name of the deceased"), max_length=50)
        yield TextField("deceased.clan_seat", N_("본 (clan seat)"), max_length=10, hint=N_("Hangul, or 미상 if not known"))
        yield TextField("deceased.clan_seat_hanja", N_("본 in Hanja"), max_length=10, hint=N_("optional, e.g. 金海"))
        yield TextField("deceased.rrn", N_("Registration no."), placeholder=RRN, max_length=14)
        # Shown only while the registration no. is empty: the number gives the date of birth.
        yield TextField("deceased.birth_date", N_("Date of birth"), placeholder=DATE, max_length=10,
                        hint=N_("only without a registration no."))
        yield AreaField("deceased.registration_base", N_("Registration base"))
        yield TextField("deceased.address", N_("Address"), max_length=200)
        yield FlagField("deceased.birth_reported", N_("The birth was reported"), value=True)
    yield FlagField("later.enabled", N_("Only the asset inquiry, for a death reported earlier"))
    yield TextField("death_report_receipt_no", N_("Death report receipt no."), max_length=32,
                    hint=N_("receipt of the earlier death report"))


def later_note() -> StepTitle:
    """Shown on the death and reporter steps when only the inquiry is filed (nothing to enter there)."""
    note = StepTitle(N_("The death report was filed earlier: nothing to enter on this step."))
    note.add_class("later-note")
    note.display = False
    return note


def death_step() -> Iterator[Widget]:
    # What every report needs comes first; what only some need (learned later, other proof, missing) last.
    yield later_note()
    yield _title("step-death")
    yield TextField("death.death_date", N_("Date of death"), placeholder=DATE, max_length=10)
    yield TextField("death.death_time", N_("Time of death"), max_length=30,
                    hint=N_("24-hour: 14:30 · 정오 · 자정 · 미상"))
    yield ChoiceField("death.place.kind", N_("Place of death"), PLACE_KINDS)
    yield TextField("death.place.address", N_("Address of the place of death"), max_length=200,
                    hint=N_("down to the 동 or 리"))
    yield TextField("death.place.description", N_("What the place was"), max_length=100,
                    hint=N_("e.g. a farm hut by a forest road"))
    yield ChoiceField("death.certificate", N_("Proof attached"), CERTIFICATES)
    yield TextField("death.certificate_reason", N_("Why no certificate"), max_length=200,
                    hint=N_("only with other proof"))
    yield ChoiceField("death.certifiers.0.role", N_("Signed by"), HEAD_ROLES)
    for number in range(SIGNERS):  # shown for a certificate signed by a head (one) or acquaintances (two)
        yield TextField(f"death.certifiers.{number}.name", N_("Signer {number}'s name"), max_length=50,
                        label_args={"number": number + 1}, hint=N_("never the reporter"))
        yield TextField(f"death.certifiers.{number}.rrn", N_("Signer {number}'s reg. no."), placeholder=RRN,
                        max_length=14, label_args={"number": number + 1})
    yield TextField("death.learned_on", N_("Death learned on"), placeholder=DATE, max_length=10,
                    hint=N_("empty: the date of death"))
    yield FlagField("death.had_cohabiting_relative", N_("A relative lived with the deceased (duty to report)"),
                    value=True)
    yield TextField("death.declared_missing_on", N_("Declared missing on"), placeholder=DATE, max_length=10,
                    hint=N_("only for a declaration of disappearance"))


def reporter_step() -> Iterator[Widget]:
    yield later_note()
    yield _title("step-reporter")
    yield ChoiceField("reporter.qualification", N_("Reporter"), REPORTERS)
    yield Static(id="reporter-rule", classes="hint")
    yield TextField("reporter.name", N_("Reporter's name"), max_length=50)
    yield TextField("reporter.rrn", N_("Registration no."), placeholder=RRN, max_length=14,
                    hint=N_("required when the reporter also applies"))
    yield TextField("reporter.relation", N_("Relation to the deceased"), max_length=50, hint=N_("e.g. son, care home"))
    yield TextField("reporter.address", N_("Reporter's address"), max_length=200,
                    hint=N_("a relative who lived with the deceased: the same"))
    yield FlagField("after_formal_demand", N_("Reported only after a formal demand (최고)"))


def applicant_step() -> Iterator[Widget]:
    yield _title("step-applicant")
    yield FlagField("inquiry.apply", N_("Apply for the asset inquiry today"), value=True)
    with Vertical(id="applicant-fields"):
        # Ticked by the wizard when a relative reports (the usual case): then nothing else is typed here.
        yield FlagField("inquiry.applicant.same_as_reporter", N_("The reporter is the applicant"))
        yield TextField("inquiry.applicant.name", N_("Applicant's name"), max_length=50)
        yield TextField("inquiry.applicant.rrn", N_("Applicant's reg. no."), placeholder=RRN, max_length=14)
        yield ChoiceField("inquiry.standing", N_("Applies as"), STANDINGS, value="heir")
        yield ChoiceField("inquiry.representation", N_("Who is at the counter"), REPRESENTATIONS, value="in_person")
        yield TextField("inquiry.principal.name", N_("Heir acted for"), max_length=50,
                        hint=N_("guardian, parent or proxy only"))
        yield TextField("inquiry.principal.rrn", N_("Heir's reg. no."), placeholder=RRN, max_length=14)
        yield StepTitle(N_("Documents seen"), id="documents-title")
        for code, label in DOCUMENTS:
            yield FlagField(f"inquiry.documents.{code}", label)


def family_step() -> Iterator[Widget]:
    yield _title("step-heir")
    yield ChoiceField("inquiry.heir", N_("Heir's relation"), HEIR_RELATIONS)
    yield ChoiceField("family.via_status", N_("Their parent or sibling"), VIA_STATUSES, value="predeceased",
                      hint=N_("for a grandchild, nephew or in-law"))
    yield _title("step-family")
    yield ChoiceField("family.spouse", N_("Spouse"), SPOUSE_STATUSES, value="none")
    for path, label, hint in COUNT_LABELS:
        yield TextField(path, label, value="", placeholder="0", max_length=2, hint=hint)
    yield Static(id="heir-decision", classes="banner")


def notification_step() -> Iterator[Widget]:
    yield _title("step-notification")
    yield TextField("notification.phone", N_("Mobile number"), placeholder="010-1234-5678", max_length=13)
    yield FlagField("notification.sms", N_("Text message when filed"))
    yield TextField("notification.post_address", N_("Postal address"), max_length=200,
                    hint=N_("for results by post"))
    yield Static(id="channel-summary", classes="hint")


@dataclass(frozen=True)
class DeathStep(WizardStep):
    """A step that also owns some problems by their exact field (`inquiry`: the application deadline)."""

    exact: tuple[str, ...] = ()

    def owns(self, field: str) -> bool:
        return field in self.exact or super().owns(field)


DEATH_STEPS = (
    DeathStep("step-deceased", N_("Deceased"), ("deceased", "death_report_receipt_no", "later")),
    DeathStep("step-death", N_("Death"), ("death",)),
    DeathStep("step-reporter", N_("Reporter"), ("reporter", "after_formal_demand")),
    DeathStep("step-applicant", N_("Applicant"), ("inquiry.standing", "inquiry.representation", "inquiry.applicant",
                                                  "inquiry.principal", "inquiry.documents"), exact=("inquiry",)),
    DeathStep("step-family", N_("Family"), ("inquiry.heir", "inquiry.family", "family")),
    DeathStep("step-items", N_("Items"), ("inquiry.items", "catalogue")),
    DeathStep("step-notification", N_("Contact"), ("notification",)),
    DeathStep("step-review", N_("Review"), ("duplicate_reason", "idempotency_key")),
)
