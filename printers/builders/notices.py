"""Follow-up notices (후속절차 안내문) by report type, as the seed district hands them out:
birth -> 행복출산 services, death -> 안심상속, name change -> IDs, seal, bank and property names,
marriage/divorce -> the move-in report."""

from __future__ import annotations

from counter.base.i18n import N_, _, format_date
from printers.builders.common import (
    event_blocks,
    header_blocks,
    people_blocks,
    proof_blocks,
    request_blocks,
)
from printers.data import NoticeData
from printers.document import Block, Document, Field, Paragraph, Separator

NAME_CHANGE_STEPS = (
    N_("Re-issue your resident registration card at a community centre (bring a photo)."),
    N_("Re-issue your driving licence and passport under the new name."),
    N_("Report the change of name for your registered seal (인감) at a community centre."),
    N_("Ask your banks, card and insurance companies to change the account holder's name."),
    N_("Change the owner's name in the land and building registers (registry office)."),
)

MOVE_IN_STEPS = (
    # 주민등록법 제16조①: a move must be reported within 14 days.
    N_("If you move to a new home, file a move-in report within 14 days of moving."),
    N_("The move-in report can be filed at any community centre or online (정부24)."),
)


def _closing(data: NoticeData) -> list[Block]:
    blocks: list[Block] = [Paragraph(line, small=True) for line in data.expectations]
    blocks += proof_blocks(data.receipt, data.verification_url, data.issued_at)
    return blocks


def build_birth_notice(data: NoticeData) -> Document:
    """행복출산 notice: every service filed, its agency and amount, and what happens next."""
    receipt = data.receipt
    blocks = header_blocks(receipt, _("Happy Birth one-stop service notice"))
    blocks += [Separator(), *people_blocks(receipt.people), *event_blocks(receipt), Separator()]
    blocks.append(Paragraph(_("Services applied for today: {count}").format(count=len(receipt.requests)), emphasis=True))
    blocks += request_blocks(receipt.requests, with_dates=True)
    blocks += [
        Separator(),
        Paragraph(_("What happens next"), emphasis=True),
        Paragraph(_("Each agency reviews its application and tells you the result as shown above."), small=True),
        Paragraph(_("Allowances applied for within 60 days of the birth are paid from the month of birth."), small=True),
        Paragraph(_("If your address or bank account changes, tell the agency that pays."), small=True),
    ]
    blocks += _closing(data)
    return Document("notice-birth", receipt.receipt_no, tuple(blocks), reprint=receipt.reprint)


def build_death_notice(data: NoticeData) -> Document:
    """안심상속 notice: each inquiry item, its agency, how and when the result arrives."""
    receipt = data.receipt
    blocks = header_blocks(receipt, _("Safe Inheritance one-stop service notice"))
    blocks += [Separator(), *people_blocks(receipt.people), *event_blocks(receipt)]
    if receipt.application_deadline is not None:
        blocks.append(Field(_("Apply by"), format_date(receipt.application_deadline)))
    blocks += [Separator()]
    blocks.append(Paragraph(_("Asset inquiry items: {count}").format(count=len(receipt.requests)), emphasis=True))
    blocks += request_blocks(receipt.requests, with_dates=True)
    local = [line for line in receipt.requests if line.local_department]
    blocks += [Separator(), Paragraph(_("What happens next"), emphasis=True)]
    blocks.append(Paragraph(_("Each agency sends its result to the applicant (or the proxy) as shown above."), small=True))
    if local:
        blocks.append(
            Paragraph(_("Land, vehicle and local-tax results come from this local government's departments."), small=True)
        )
    blocks.append(Paragraph(_("Financial, national-tax and pension results can be read on each agency's web site once you receive the text message."), small=True))
    # 민법 제1019조①: an heir may renounce or accept with limits within 3 months of the day they learned
    # that the succession opened; after that the inheritance counts as accepted (제1026조2호). The period
    # runs from each heir's own knowledge, so the notice states the rule; the filing adds the last day
    # for an heir who knew on the day of death among the lines below.
    blocks.append(Paragraph(_("To renounce the inheritance or accept it only up to the assets inherited (상속포기·한정승인), file with the family court within 3 months of the day you learned of the succession (민법 제1019조①); after that it counts as accepted in full."), small=True))
    blocks += _closing(data)
    return Document("notice-death", receipt.receipt_no, tuple(blocks), reprint=receipt.reprint)


def _steps_notice(data: NoticeData, title: str, steps: tuple[str, ...]) -> Document:
    receipt = data.receipt
    blocks = header_blocks(receipt, title)
    blocks += [Separator(), *people_blocks(receipt.people), Separator()]
    blocks.append(Paragraph(_("What to do next"), emphasis=True))
    blocks += [Paragraph(f"{number}. {_(step)}") for number, step in enumerate(steps, start=1)]
    if receipt.requests:
        blocks += [Separator(), *request_blocks(receipt.requests, with_dates=True)]
    blocks += _closing(data)
    return Document(f"notice-{receipt.kind}", receipt.receipt_no, tuple(blocks), reprint=receipt.reprint)


def build_name_change_notice(data: NoticeData) -> Document:
    """After a name change: re-issue IDs, change the seal, bank and property names."""
    return _steps_notice(data, _("After your name change"), NAME_CHANGE_STEPS)


def build_marriage_divorce_notice(data: NoticeData) -> Document:
    """After a marriage or a divorce: the move-in report if the family moves."""
    title = _("After your marriage report") if data.receipt.kind == "marriage" else _("After your divorce report")
    return _steps_notice(data, title, MOVE_IN_STEPS)


def build_notice(data: NoticeData) -> Document:
    """The follow-up notice for the bundle's report kind."""
    kind = data.receipt.kind
    if kind == "birth":
        return build_birth_notice(data)
    if kind == "death":
        return build_death_notice(data)
    if kind == "name_change":
        return build_name_change_notice(data)
    return build_marriage_divorce_notice(data)
