"""Matching a birth being reported with the medical institution's notification of it (출생통보제).

가족관계의 등록 등에 관한 법률 제44조의3①: the notification (출생정보) gives the mother's registration
number, the child's sex, the number of children born and the date and time of birth; 제44조의4①: the
office that received it checks whether the birth was reported within the period. A report is matched
with a notification of the same mother (the keyed lookup hash of her number: found without decrypting)
when the birth agrees with it:

- exact: date, time, sex and place in a multiple birth all agree;
- one field off: exactly one of (date and time of birth), sex or place in a multiple birth differs -
  a typing slip on one side; the differences are listed, field by field, for the clerk to see;
- none: no notification of this mother is that close.

A notification already linked to one report is never matched to another (the same birth is reported
once; a second report of it is the duplicate guard's business). Two notifications equally close (twins
whose order was swapped) are ambiguous: neither is linked, both are shown. The date and the time count
as one field: a birth just before midnight written on the next day differs in both, and is one slip.
Pure: no database, no clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from counter.base.i18n import N_, _
from counter.rules.event_time import format_event_time

EXACT = "exact"
ONE_OFF = "one_off"
AMBIGUOUS = "ambiguous"
NONE = "none"

FIELD_LABELS = {
    "birth_date": N_("date of birth"),
    "birth_time": N_("time of birth"),
    "sex": N_("sex"),
    "birth_order": N_("place in a multiple birth"),
}
_GROUPS = {"birth_date": "born_at", "birth_time": "born_at", "sex": "sex", "birth_order": "birth_order"}


@dataclass(frozen=True)
class NotifiedBirth:
    """A notification as the matcher sees it (`id` is the stored row's, `bundle_id` the report it is linked to)."""

    id: uuid.UUID
    mother_lookup: str
    birth_date: date
    birth_time: time
    sex: str
    birth_order: int
    bundle_id: uuid.UUID | None = None
    institution_name: str = ""


@dataclass(frozen=True)
class ReportedBirth:
    """The birth being reported: the mother's lookup hash and what the report says of the child.
    `birth_time` None: the report gives no time (then the time is not compared)."""

    mother_lookup: str
    birth_date: date
    birth_time: time | None
    sex: str
    birth_order: int = 1


@dataclass(frozen=True)
class Difference:
    """One field on which the notification and the report differ, with both values in the file format's
    form (`2026-11-20`, `14:30`, `M`/`F`, `2`); `shown` says it in the clerk's language."""

    field: str
    notified: str
    reported: str

    @property
    def label(self) -> str:
        """The field's name in the current language."""
        return _(FIELD_LABELS[self.field])

    @property
    def shown(self) -> str:
        """`sex: notified female, reported male`, the values as the form writes them."""
        return _("{field}: notified {notified}, reported {reported}").format(
            field=self.label, notified=_shown_value(self.field, self.notified),
            reported=_shown_value(self.field, self.reported))

    def as_json(self) -> dict[str, str]:
        """`{"field", "notified", "reported"}`."""
        return {"field": self.field, "notified": self.notified, "reported": self.reported}


@dataclass(frozen=True)
class NotificationMatch:
    """The outcome: the notification to link (exact or one field off) and its differences, or none."""

    kind: str
    notification: NotifiedBirth | None = None
    differences: tuple[Difference, ...] = ()
    candidates: tuple[NotifiedBirth, ...] = ()
    """When ambiguous: the equally close notifications (none is linked)."""
    linked_elsewhere: tuple[NotifiedBirth, ...] = ()
    """Notifications that would match but are already linked to another report."""

    def as_json(self) -> dict[str, object]:
        """The outcome for a result or an audit: kind, the notification's id, the differences."""
        return {"kind": self.kind,
                "notification_id": str(self.notification.id) if self.notification else None,
                "differences": [difference.as_json() for difference in self.differences],
                "candidates": [str(candidate.id) for candidate in self.candidates],
                "linked_elsewhere": [str(candidate.id) for candidate in self.linked_elsewhere]}


def _shown_value(field: str, value: str) -> str:
    if field == "sex":
        return {"M": _("male"), "F": _("female")}.get(value, value)
    if field == "birth_time":
        return format_event_time(time.fromisoformat(value))
    return value


def differences(reported: ReportedBirth, notified: NotifiedBirth) -> tuple[Difference, ...]:
    """Every field on which `reported` and `notified` differ (the time only when the report gives one)."""
    found = []
    if reported.birth_date != notified.birth_date:
        found.append(Difference("birth_date", notified.birth_date.isoformat(), reported.birth_date.isoformat()))
    if reported.birth_time is not None and reported.birth_time != notified.birth_time:
        found.append(Difference("birth_time", f"{notified.birth_time:%H:%M}", f"{reported.birth_time:%H:%M}"))
    if reported.sex != notified.sex:
        found.append(Difference("sex", notified.sex, reported.sex))
    if reported.birth_order != notified.birth_order:
        found.append(Difference("birth_order", str(notified.birth_order), str(reported.birth_order)))
    return tuple(found)


def fields_off(found: Iterable[Difference]) -> int:
    """How many fields differ, the date and the time of birth counting as one."""
    return len({_GROUPS[difference.field] for difference in found})


def match_notification(reported: ReportedBirth, candidates: Iterable[NotifiedBirth], *,
                       bundle_id: uuid.UUID | None = None) -> NotificationMatch:
    """The notification `reported` matches among `candidates` (see the module's rules).

    Candidates of another mother are ignored; one linked to a report other than `bundle_id` is never
    matched (it is listed in `linked_elsewhere` when it would have been).
    """
    close: list[tuple[int, NotifiedBirth, tuple[Difference, ...]]] = []
    elsewhere: list[NotifiedBirth] = []
    for candidate in candidates:
        if candidate.mother_lookup != reported.mother_lookup:
            continue
        found = differences(reported, candidate)
        off = fields_off(found)
        if off > 1:
            continue
        if candidate.bundle_id is not None and candidate.bundle_id != bundle_id:
            elsewhere.append(candidate)
            continue
        close.append((off, candidate, found))
    if not close:
        return NotificationMatch(NONE, linked_elsewhere=tuple(elsewhere))
    best = min(off for off, _candidate, _found in close)
    nearest = [(candidate, found) for off, candidate, found in close if off == best]
    if len(nearest) > 1:
        return NotificationMatch(AMBIGUOUS, candidates=tuple(candidate for candidate, _found in nearest),
                                 linked_elsewhere=tuple(elsewhere))
    candidate, found = nearest[0]
    return NotificationMatch(EXACT if best == 0 else ONE_OFF, candidate, found, linked_elsewhere=tuple(elsewhere))
