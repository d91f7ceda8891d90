"""Linking a birth report to its notification, inside the filing's own transaction.

The birth filing calls `match_and_link` (or `notifications_for_birth`, the pure
`counter.rules.notification_match.match_notification` and `link_notification` itself) after it wrote
the bundle: the notification of the same mother, found by the keyed lookup hash of her registration
number (never decrypted), is matched exactly or one field off and marked `matched` with the bundle's
id. A notification is linked to one bundle only and a bundle to one notification only (a conditional
update and a unique column hold this against two counters filing at once).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from counter.base.errors import NotFoundError, ValidationError
from counter.base.i18n import _
from counter.base.session import Actor
from counter.rules.notification_deadlines import CLOSED, MATCHED, OPEN_STATUSES, STATUS_TEXTS
from counter.rules.notification_match import (
    AMBIGUOUS,
    EXACT,
    ONE_OFF,
    Difference,
    NotificationMatch,
    NotifiedBirth,
    ReportedBirth,
    match_notification,
)
from counter.store.audit import record_event
from counter.store.pii import rrn_digits
from models import BirthNotification, utcnow

if TYPE_CHECKING:
    from counter.store.pii import PersonalDataVault

CANDIDATE_DAYS = 92
"""How far the notified date of birth may be from the reported one and still be offered: a slip of a
day or a month, never another pregnancy of the same mother (at least about six months apart)."""

__all__ = ["AMBIGUOUS", "EXACT", "ONE_OFF", "link_notification", "match_and_link", "notifications_for_birth"]


def _notified(row: BirthNotification) -> NotifiedBirth:
    return NotifiedBirth(id=row.id, mother_lookup=row.mother_rrn_lookup, birth_date=row.birth_date,
                         birth_time=row.birth_time, sex=row.sex, birth_order=row.birth_order, bundle_id=row.bundle_id,
                         institution_name=row.institution_name)


def notifications_for_birth(session: Session, vault: PersonalDataVault, mother_rrn_digits: str, birth_date: date
                            ) -> list[NotifiedBirth]:
    """The notifications of this mother born within `CANDIDATE_DAYS` of `birth_date`, found by her
    number's lookup hash; matched ones included (the matcher never links them again), closed ones not."""
    lookup = vault.lookup_hash(rrn_digits(mother_rrn_digits), "rrn")
    window = timedelta(days=CANDIDATE_DAYS)
    rows = session.exec(select(BirthNotification).where(
        BirthNotification.mother_rrn_lookup == lookup, BirthNotification.status != CLOSED,
        col(BirthNotification.birth_date).between(birth_date - window, birth_date + window),
    ).order_by(col(BirthNotification.birth_date), col(BirthNotification.birth_order))).all()
    return [_notified(row) for row in rows]


def link_notification(session: Session, notification_id: uuid.UUID, bundle_id: uuid.UUID, *,
                      differences: Sequence[Difference] = (), actor: Actor | None = None) -> None:
    """Mark notification `notification_id` (the row's id) matched with bundle `bundle_id`, in the
    caller's transaction; linking it again to the same bundle changes nothing. ValidationError when it
    is linked to another bundle, closed, or the bundle already has a notification; NotFoundError when
    there is no such notification. With `actor`, the link is audited."""
    other = session.exec(select(BirthNotification.id).where(
        BirthNotification.bundle_id == bundle_id, BirthNotification.id != notification_id)).first()
    if other is not None:
        raise ValidationError(_("This report is already linked to another notification."), field="notification",
                              code="bundle_linked")
    now = utcnow()
    changed = session.execute(
        update(BirthNotification)
        .where(col(BirthNotification.id) == notification_id,
               or_(and_(col(BirthNotification.bundle_id).is_(None), col(BirthNotification.status).in_(OPEN_STATUSES)),
                   col(BirthNotification.bundle_id) == bundle_id))
        .values(status=MATCHED, bundle_id=bundle_id, matched_at=now, updated_at=now,
                differences=",".join(dict.fromkeys(d.field for d in differences)) or None)
        .execution_options(synchronize_session="fetch"))
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        row = session.get(BirthNotification, notification_id)
        if row is None:
            raise NotFoundError(_("No such notification."))
        if row.bundle_id is not None:
            raise ValidationError(_("This notification is already linked to another report."), field="notification",
                                  code="notification_linked")
        raise ValidationError(_("This notification is {status}: it cannot be linked.").format(
            status=_(STATUS_TEXTS[row.status])), field="notification", code="notification_status")
    if actor is not None:
        record_event(session, "notification.matched", actor, entity_type="birth_notification", entity_id=notification_id,
                     details={"bundle_id": str(bundle_id), "differences": [d.field for d in differences]})


def match_and_link(session: Session, vault: PersonalDataVault, *, bundle_id: uuid.UUID, mother_rrn_digits: str,
                   birth_date: date, birth_time: time | None, sex: str, birth_order: int = 1,
                   actor: Actor | None = None) -> NotificationMatch:
    """Find this birth's notification and link it when it matches exactly or one field off; returns
    the match (its differences for the clerk; ambiguous or none links nothing)."""
    reported = ReportedBirth(vault.lookup_hash(rrn_digits(mother_rrn_digits), "rrn"), birth_date, birth_time, sex,
                             birth_order)
    match = match_notification(reported, notifications_for_birth(session, vault, mother_rrn_digits, birth_date),
                               bundle_id=bundle_id)
    if match.notification is not None:
        link_notification(session, match.notification.id, bundle_id, differences=match.differences, actor=actor)
    return match


def linked_notification(session: Session, bundle_id: uuid.UUID) -> dict[str, object] | None:
    """What a filing result says of the notification linked to bundle `bundle_id` (None: none linked):
    its institution's id and, when the report differed from it, which fields (`birth_time`, `sex`...)."""
    row = session.exec(select(BirthNotification).where(BirthNotification.bundle_id == bundle_id)).first()
    if row is None:
        return None
    fields = [field for field in (row.differences or "").split(",") if field]
    return {"notification_id": row.institution_notification_id, "institution_code": row.institution_code,
            "kind": ONE_OFF if fields else EXACT, "differences": fields}
