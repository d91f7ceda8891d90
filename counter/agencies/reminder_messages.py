"""The daily reminders run (`counter reminders`): the supervisor's list, and the citizen's text messages.

A citizen is reminded only of what they can still do - an allowance declined at filing whose 60-day mark
nears, a death reported without the inquiry whose deadline nears (`not_applied`, `counter.agencies.
reminders`) - and only where the catalogue says so (`remind_citizen`), the family gave a mobile number and
asked for messages when filing (the filing's own message was queued). Everything else is the office's to
act on and stays on the list.

One message per bundle, kind and due day: its id and idempotency key are derived from the three (uuid5),
and the row is inserted only where no row has that key (INSERT ... ON CONFLICT DO NOTHING). A run repeated
the same day, on the next days of the window, or two runs at once, queue it once. Each message queued is
audited (`reminder.queued`: codes, dates and identifiers only). With `dry_run` nothing is written.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from counter.agencies.reminders import INQUIRY_WHAT, NOT_APPLIED, Reminder, ReminderKind, Windows, find_reminders
from counter.base.errors import ValidationError
from counter.base.i18n import N_, _, in_language, ngettext
from counter.catalogue import Catalogue, load_catalogue
from counter.messages.templates import TEXT_LIMITS, render_message, sender_name
from counter.office.runtime import Runtime
from counter.rules.sms import mask_phone
from counter.store.audit import Actor, record_event
from models import Bundle, Office, OutgoingMessage

REMINDER_KEYS = uuid.UUID("7cb98bd6-fab6-4130-94b7-338c8ef6b177")
"""The uuid5 namespace of reminder messages (never change it: it is what makes a message once only)."""
FILED_TEMPLATES = ("birth.filed", "death.filed")
"""The filing's own message: queued only when the family asked for text messages."""
ALLOWANCE_WHAT = N_("{services} application (paid from the birth month)")


class MessageState(StrEnum):
    """What became of a reminder's text message to the citizen."""

    QUEUED = "queued"
    QUEUED_BEFORE = "queued_before"
    WOULD_QUEUE = "would_queue"
    NO_NUMBER = "no_number"
    CATALOGUE_OFF = "catalogue_off"
    UNSENDABLE = "unsendable"


MESSAGE_LABELS = {
    MessageState.QUEUED: N_("text message queued"), MessageState.QUEUED_BEFORE: N_("text message sent before"),
    MessageState.WOULD_QUEUE: N_("text message to queue"), MessageState.NO_NUMBER: N_("no text messages wanted"),
    MessageState.CATALOGUE_OFF: N_("not reminded (catalogue)"),
    MessageState.UNSENDABLE: N_("text message cannot be sent"),
}


def message_label(state: str | None) -> str:
    """A message state in words ('' for none)."""
    return _(MESSAGE_LABELS[MessageState(state)]) if state else ""


def message_key(kind: str, bundle_id: uuid.UUID, due: date) -> uuid.UUID:
    """The id and idempotency key of the one message for (kind, bundle, due day)."""
    return uuid.uuid5(REMINDER_KEYS, f"{kind}|{bundle_id}|{due.isoformat()}")


@dataclass(frozen=True)
class ReminderReport:
    """What a run found and did."""

    today: date
    windows: Windows
    dry_run: bool
    reminders: list[Reminder]

    def counts(self) -> dict[str, int]:
        """How many reminders ended in each message state."""
        found = Counter(reminder.message for reminder in self.reminders if reminder.message)
        return {str(state): found[state] for state in MessageState}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"date": self.today.isoformat(), "dry_run": self.dry_run,
                "windows": {"allowance_days": self.windows.allowance_days,
                            "inquiry_days": self.windows.inquiry_days},
                "reminders": [reminder.as_dict() for reminder in self.reminders], "messages": self.counts()}


def _what(catalogue: Catalogue, reminders: list[Reminder]) -> str:
    """What the citizen is reminded of, in Korean (their language)."""
    with in_language("ko"):
        if reminders[0].kind == ReminderKind.INQUIRY_DEADLINE:
            return _(INQUIRY_WHAT)
        names = [catalogue.service(r.service_code).names.ko for r in reminders if r.service_code]
        what = _(ALLOWANCE_WHAT).format(services="·".join(names))
        if len(what) <= TEXT_LIMITS["what"] or len(names) == 1:
            return what
        first = ngettext("{service} and {count} other", "{service} and {count} others", len(names) - 1).format(
            service=names[0], count=len(names) - 1)
        return _(ALLOWANCE_WHAT).format(services=first)


def insert_once(session: Session, message: OutgoingMessage) -> bool:
    """Insert `message` unless a row has its idempotency key; True when it was inserted."""
    table = OutgoingMessage.__table__  # type: ignore[attr-defined]
    values = {column.name: getattr(message, column.name) for column in table.columns}
    dialect_insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return session.connection().execute(statement).first() is not None  # (rowcount is -1 on psycopg here)


def _message_states(session: Session, runtime: Runtime, catalogue: Catalogue, reminders: list[Reminder], *,
                    dry_run: bool, actor: Actor | None) -> dict[uuid.UUID, MessageState]:
    """Each citizen reminder's message state by key, the messages queued and audited unless `dry_run`."""
    groups: dict[uuid.UUID, list[Reminder]] = {}
    order = {service.code: position for position, service in enumerate(catalogue.services)}
    # in catalogue order, whatever language the list is sorted in: the same message from every run
    for reminder in sorted(reminders, key=lambda r: order.get(r.service_code or "", -1)):
        if reminder.state == NOT_APPLIED and reminder.remind_citizen:
            groups.setdefault(message_key(reminder.kind, reminder.bundle_id, reminder.due), []).append(reminder)
    if not groups:
        return {}
    bundle_ids = list({group[0].bundle_id for group in groups.values()})
    bundles = {bundle.id: (bundle, name, phone) for bundle, name, phone in session.exec(
        select(Bundle, col(Office.name), col(Office.phone)).join(Office, col(Office.id) == col(Bundle.office_id))
        .where(col(Bundle.id).in_(bundle_ids))).all()}
    asked = set(session.exec(select(OutgoingMessage.bundle_id).where(
        col(OutgoingMessage.bundle_id).in_(bundle_ids), col(OutgoingMessage.template).in_(FILED_TEMPLATES))).all())
    before = set(session.exec(select(OutgoingMessage.idempotency_key).where(
        col(OutgoingMessage.idempotency_key).in_(list(groups)))).all())
    vault = runtime.vault
    states: dict[uuid.UUID, MessageState] = {}
    for key, group in groups.items():
        first = group[0]
        bundle, office_name, office_phone = bundles[first.bundle_id]
        if key in before:
            states[key] = MessageState.QUEUED_BEFORE
            continue
        if not bundle.details.contact_cipher or bundle.id not in asked:
            states[key] = MessageState.NO_NUMBER
            continue
        try:
            body = render_message("reminder", "ko", office=sender_name(office_name), office_phone=office_phone,
                                  what=_what(catalogue, group), due=first.due).body
        except ValidationError:
            states[key] = MessageState.UNSENDABLE
            continue
        if dry_run:
            states[key] = MessageState.WOULD_QUEUE
            continue
        phone = vault.decrypt(bundle.details.contact_cipher, "phone")
        message = OutgoingMessage(id=key, idempotency_key=key, bundle_id=bundle.id, template=f"reminder.{first.kind}",
                                  recipient_cipher=vault.encrypt(phone, "phone"), recipient_masked=mask_phone(phone),
                                  body=body)
        if not insert_once(session, message):  # another run queued it meanwhile
            states[key] = MessageState.QUEUED_BEFORE
            continue
        states[key] = MessageState.QUEUED
        record_event(session, "reminder.queued", actor, entity_type="outgoing_message", entity_id=key,
                     details={"bundle_id": str(bundle.id), "receipt_no": bundle.receipt_no, "kind": first.kind,
                              "due": first.due.isoformat(),
                              "services": [r.service_code for r in group if r.service_code]})
    return states


def _with_message(reminder: Reminder, states: dict[uuid.UUID, MessageState]) -> Reminder:
    if reminder.state != NOT_APPLIED:
        return reminder
    if not reminder.remind_citizen:
        return replace(reminder, message=str(MessageState.CATALOGUE_OFF))
    return replace(reminder, message=str(states[message_key(reminder.kind, reminder.bundle_id, reminder.due)]))


def run_reminders(runtime: Runtime, today: date, windows: Windows, *, office_code: str | None = None,
                  dry_run: bool = False, actor: Actor | None = None, catalogue: Catalogue | None = None
                  ) -> ReminderReport:
    """Find what is due for `today` and queue the citizens' messages (none with `dry_run`), in one transaction.
    ValidationError for an unknown office; CatalogueError for a catalogue that does not load."""
    settings = runtime.settings
    catalogue = catalogue or load_catalogue(settings.catalogue_set, settings.catalogue_override_path())
    db = runtime.db
    with (db.session() if dry_run else db.write()) as session:
        reminders = find_reminders(session, catalogue, today, windows, office_code=office_code)
        states = _message_states(session, runtime, catalogue, reminders, dry_run=dry_run, actor=actor)
    return ReminderReport(today, windows, dry_run, [_with_message(reminder, states) for reminder in reminders])
