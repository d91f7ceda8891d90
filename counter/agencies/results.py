"""Agencies' results, imported from a JSON Lines file (`counter results import FILE`) or recorded by a
local department's clerk: a request becomes completed or rejected, with the result the citizen is told.

Each line: `{"idempotency_key": "...", "outcome": "completed" | "rejected", "result": "...",
"amount_won": 150000, "decided_on": "2026-12-01"}` (`amount_won` optional). A line is applied once:
importing the same file again changes nothing (a request already holding the same outcome and result
is counted as `unchanged`); a line that cannot be applied is reported with its number and reason, and
the good lines are applied all the same, each in its own transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, select

from counter.agencies.lifecycle import FINAL, IllegalTransition, RequestStatus, status_label, transition
from counter.base.errors import CounterError
from counter.base.errors import ValidationError as CounterValidationError
from counter.base.i18n import _
from counter.filing.core import queue_message
from counter.messages.templates import render_message, sender_name
from counter.office.runtime import Runtime
from counter.rules.text import clean_reason, escape_terminal
from counter.store.audit import Actor
from counter.store.pii import PersonalDataVault
from models import Bundle, LinkedRequest, Office, OutgoingMessage

RESULT_MAX_LENGTH = 1000
MAX_LINE_BYTES = 64 * 1024


class ResultLine(BaseModel):
    """One line of a results file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    idempotency_key: uuid.UUID
    outcome: Literal["completed", "rejected"]
    result: str = Field(min_length=1, max_length=RESULT_MAX_LENGTH)
    amount_won: int | None = Field(default=None, ge=0, le=10**12)
    decided_on: date


@dataclass
class ResultsReport:
    """What an import did."""

    applied: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(line number, reason) for every line not applied."""

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {"applied": self.applied, "unchanged": self.unchanged,
                "problems": [{"line": number, "reason": reason} for number, reason in self.problems]}


class ResultRefused(CounterError):
    """A result that cannot be applied to its request (the reason says why)."""


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "-"
    return escape_terminal(f"{where}: {first['msg']}")


MESSAGE_TEMPLATES = {"completed": "request.completed", "rejected": "request.rejected"}
BY_TEXT_MESSAGE = (None, "", "sms")
"""Delivery channels whose result goes out by text message: a birth benefit (no channel of its own: the
family's number, when they asked for messages) and an inquiry item the applicant wants by SMS. Results by
post, in person or on the agency's web site reach the citizen there."""
OUTCOME_IN_MESSAGE = 300


def queue_result_message(session: Session, vault: PersonalDataVault, request: LinkedRequest) -> OutgoingMessage | None:
    """The text message telling the citizen a request's result (in Korean), queued in the caller's transaction;
    None when the result goes another way or no number was given. ValidationError when the result holds
    what a text message cannot carry."""
    bundle = session.get(Bundle, request.bundle_id)
    if bundle is None or request.delivery_channel not in BY_TEXT_MESSAGE or not bundle.details.contact_cipher:
        return None
    office = session.get(Office, bundle.office_id)
    payload = request.payload
    text = request.result_text or ""
    if len(text) > OUTCOME_IN_MESSAGE:
        text = text[: OUTCOME_IN_MESSAGE - 1] + "…"
    params: dict[str, object] = {
        "office": sender_name(office.name if office else ""), "office_phone": office.phone if office else None,
        "service": payload.service_name.ko if payload.service_name else request.service_code,
        "agency": payload.agency_name.ko if payload.agency_name else request.agency_name}
    if request.status == "completed":
        rendered = render_message("result_ready", "ko", outcome=text, amount_won=request.result_amount_won, **params)
    else:
        rendered = render_message("rejected", "ko", reason=text, **params)
    phone = vault.decrypt(bundle.details.contact_cipher, "phone")
    return queue_message(session, vault, bundle, phone=phone, template=MESSAGE_TEMPLATES[request.status],
                         body=rendered.body)


def apply_result(session: Session, line: ResultLine, *, actor: Actor | None, office_id: uuid.UUID | None,
                 today: date, vault: PersonalDataVault) -> bool:
    """Record one result in the caller's transaction, with the citizen's text message where they get one;
    False when the request already holds it. ResultRefused for a request that is unknown, of another
    office, not yet sent, cancelled, or decided otherwise already."""
    request = session.exec(select(LinkedRequest).where(LinkedRequest.idempotency_key == line.idempotency_key)).first()
    if request is None:
        raise ResultRefused(_("No request has this key."))
    if office_id is not None:
        bundle = session.get(Bundle, request.bundle_id)
        if bundle is None or bundle.office_id != office_id:
            raise ResultRefused(_("The request belongs to another office."))
    text = clean_reason(line.result, field="result", max_length=RESULT_MAX_LENGTH, required=True)
    if line.decided_on > today:
        raise ResultRefused(_("The decision date {day} is in the future.").format(day=line.decided_on))
    if request.status in FINAL:
        same = (request.status == line.outcome and request.result_text == text
                and request.result_amount_won == line.amount_won and request.decided_on == line.decided_on)
        if same:
            return False
        raise ResultRefused(_("The request is already {status}.").format(status=status_label(request.status)))
    if request.status not in (RequestStatus.DISPATCHED, RequestStatus.ACKNOWLEDGED):
        raise ResultRefused(_("The request has not been sent to its agency (it is {status}).").format(
            status=status_label(request.status)))
    try:
        transition(session, request, RequestStatus(line.outcome), reason="result", actor=actor,
                   details={"decided_on": line.decided_on.isoformat()}, result_text=text,
                   result_amount_won=line.amount_won, decided_on=line.decided_on)
    except IllegalTransition as error:
        raise ResultRefused(error.message) from error
    queue_result_message(session, vault, request)
    return True


def read_lines(path: Path) -> Iterable[tuple[int, str | None]]:
    """The file's lines with their numbers; None for a line longer than `MAX_LINE_BYTES`. OSError when
    the file cannot be read."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            yield number, raw.decode("utf-8", errors="replace") if len(raw) <= MAX_LINE_BYTES else None


def import_results(runtime: Runtime, path: Path, *, actor: Actor | None, office_code: str | None, today: date
                   ) -> ResultsReport:
    """Apply every line of `path`; each line in its own transaction, problems by line number."""
    db, vault = runtime.db, runtime.vault
    report = ResultsReport()
    office_id = None
    if office_code is not None:
        with db.session() as session:
            office = session.exec(select(Office).where(Office.code == office_code)).first()
        if office is None:
            raise ResultRefused(_("No office has the code {code}.").format(code=office_code))
        office_id = office.id
    for number, text in read_lines(path):
        if text is None:
            report.problems.append((number, _("The line is longer than {size} bytes.").format(size=MAX_LINE_BYTES)))
            continue
        if not text.strip():
            continue
        try:
            line = ResultLine.model_validate(json.loads(text))
        except json.JSONDecodeError as error:
            report.problems.append((number, _("Not JSON: {error}").format(error=error.msg)))
            continue
        except RecursionError:
            report.problems.append((number, _("Not JSON: {error}").format(error=_("nested too deep"))))
            continue
        except ValidationError as error:
            report.problems.append((number, _first_error(error)))
            continue
        try:
            with db.write() as session:
                applied = apply_result(session, line, actor=actor, office_id=office_id, today=today, vault=vault)
        except (ResultRefused, CounterValidationError) as error:
            report.problems.append((number, error.message))
            continue
        if applied:
            report.applied += 1
        else:
            report.unchanged += 1
    return report
