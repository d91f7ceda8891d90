"""A birth report linked with its notification inside the filing's transaction: found by the mother's
lookup hash, matched exactly or one field off, never linked to a second report. Both database legs."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest
from notification_helpers import MOTHER_RRN, OTHER_MOTHER_RRN, TODAY, bundle, jsonl, notification
from sqlmodel import select

from counter.base.errors import NotFoundError, ValidationError
from counter.base.session import Actor, SignedInClerk
from counter.filing.notification_file import parse_notification_lines
from counter.filing.notification_links import link_notification, match_and_link, notifications_for_birth
from counter.filing.notifications import close_notification, import_notifications
from counter.office.runtime import Runtime
from counter.rules.notification_match import AMBIGUOUS, EXACT, NONE, ONE_OFF
from models import AuditEvent, BirthNotification

CLI = Actor(None, "cli", None, "T1")
BORN = date(2026, 11, 3)


def load(runtime: Runtime, *lines: dict[str, object]) -> None:
    import_notifications(runtime.db, runtime.vault, CLI, parse_notification_lines(jsonl(*lines), today=TODAY))


def stored(runtime: Runtime, notification_id: str = "2026-110301") -> BirthNotification:
    with runtime.db.session() as session:
        return session.exec(select(BirthNotification).where(
            BirthNotification.institution_notification_id == notification_id)).one()


def file_and_link(runtime: Runtime, clerk: SignedInClerk, *, sex: str = "F", birth_time: time | None = time(10, 42),
                  birth_date: date = BORN, order: int = 1, mother: str = MOTHER_RRN):  # type: ignore[no-untyped-def]
    bundle_id = bundle(runtime.db, clerk)
    with runtime.db.write() as session:
        match = match_and_link(session, runtime.vault, bundle_id=bundle_id, mother_rrn_digits=mother,
                               birth_date=birth_date, birth_time=birth_time, sex=sex, birth_order=order,
                               actor=clerk.actor)
    return bundle_id, match


def test_candidates_are_found_by_the_mothers_lookup_hash_near_the_birth(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification(), notification(notification_id="old", birth_date="2025-10-01",
                                               sent_at="2025-10-02T09:00:00+09:00"),
         notification(notification_id="other", mother_rrn=OTHER_MOTHER_RRN))
    with runtime.db.session() as session:
        found = notifications_for_birth(session, runtime.vault, MOTHER_RRN.replace("-", ""), BORN)
        slipped = notifications_for_birth(session, runtime.vault, MOTHER_RRN, date(2026, 12, 3))  # a month's slip
    assert [n.birth_date for n in found] == [BORN] and [n.birth_date for n in slipped] == [BORN]
    assert found[0].id == stored(runtime).id


def test_an_exact_match_is_linked_in_the_filings_transaction_and_audited(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification())
    bundle_id, match = file_and_link(runtime, clerk)
    assert match.kind == EXACT
    row = stored(runtime)
    assert (row.status, row.bundle_id, row.differences, row.matched_at is not None) == ("matched", bundle_id, None, True)
    with runtime.db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "notification.matched")).one()
    assert (event.entity_id, event.details["bundle_id"], event.chain) == (str(row.id), str(bundle_id), "3650052/T1")


def test_one_field_off_is_linked_with_its_differences_kept(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification())
    _bundle_id, match = file_and_link(runtime, clerk, birth_time=time(10, 24))
    assert match.kind == ONE_OFF
    assert [d.shown for d in match.differences] == ["출생시각: 통보 10시 42분, 신고 10시 24분"]
    assert stored(runtime).differences == "birth_time"


def test_no_match_links_nothing(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification())
    assert file_and_link(runtime, clerk, sex="M", order=2)[1].kind == NONE
    assert file_and_link(runtime, clerk, mother=OTHER_MOTHER_RRN)[1].kind == NONE
    assert stored(runtime).status == "notified"


def test_a_notification_already_matched_is_never_matched_to_another_report(runtime: Runtime,
                                                                            clerk: SignedInClerk) -> None:
    load(runtime, notification())
    first, _match = file_and_link(runtime, clerk)
    second, match = file_and_link(runtime, clerk)  # the same birth reported again (a duplicate filing)
    assert match.kind == NONE and [n.bundle_id for n in match.linked_elsewhere] == [first]
    with runtime.db.write() as session, pytest.raises(ValidationError) as caught:
        link_notification(session, stored(runtime).id, second)
    assert caught.value.code == "notification_linked"
    assert stored(runtime).bundle_id == first


def test_linking_again_to_the_same_report_changes_nothing(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification())
    bundle_id, _match = file_and_link(runtime, clerk)
    row = stored(runtime)
    with runtime.db.write() as session:
        link_notification(session, row.id, bundle_id)
    assert stored(runtime).bundle_id == bundle_id


def test_a_report_is_linked_to_one_notification_only(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification(), notification(notification_id="2026-110302", mother_rrn=OTHER_MOTHER_RRN))
    bundle_id, _match = file_and_link(runtime, clerk)
    with runtime.db.write() as session, pytest.raises(ValidationError) as caught:
        link_notification(session, stored(runtime, "2026-110302").id, bundle_id)
    assert caught.value.code == "bundle_linked"


def test_a_closed_or_unknown_notification_is_not_linked(runtime: Runtime, clerk: SignedInClerk) -> None:
    load(runtime, notification())
    close_notification(runtime.db, CLI, "11312345", "2026-110301", reason="reported_elsewhere")
    assert file_and_link(runtime, clerk)[1].kind == NONE  # a closed notification is no candidate
    bundle_id = bundle(runtime.db, clerk)
    with runtime.db.write() as session, pytest.raises(ValidationError) as caught:
        link_notification(session, stored(runtime).id, bundle_id)
    assert caught.value.code == "notification_status"
    with runtime.db.write() as session, pytest.raises(NotFoundError):
        link_notification(session, uuid.uuid4(), bundle_id)


def test_a_filing_that_fails_after_the_link_leaves_the_notification_unlinked(runtime: Runtime,
                                                                              clerk: SignedInClerk) -> None:
    load(runtime, notification())
    bundle_id = bundle(runtime.db, clerk)
    with pytest.raises(RuntimeError), runtime.db.write() as session:
        match_and_link(session, runtime.vault, bundle_id=bundle_id, mother_rrn_digits=MOTHER_RRN, birth_date=BORN,
                       birth_time=time(10, 42), sex="F")
        raise RuntimeError("the printer queue could not be written")
    assert (stored(runtime).status, stored(runtime).bundle_id) == ("notified", None)


def test_twins_each_find_their_own_notification(runtime: Runtime, clerk: SignedInClerk) -> None:
    twins = {"birth_date": "2026-09-01", "sex": "M", "birth_count": 2, "sent_at": "2026-09-02T10:00:00+09:00"}
    load(runtime, notification(notification_id="t1", birth_time="08:10", birth_order=1, **twins),
         notification(notification_id="t2", birth_time="08:14", birth_order=2, **twins))
    day = date(2026, 9, 1)
    assert file_and_link(runtime, clerk, birth_date=day, sex="M", birth_time=None, order=2)[1].kind == EXACT
    assert stored(runtime, "t2").status == "matched"
    # twin 1, reported with twin 2's time: one off from the remaining notification only
    assert file_and_link(runtime, clerk, birth_date=day, sex="M", birth_time=time(8, 14), order=1)[1].kind == ONE_OFF
    assert stored(runtime, "t1").differences == "birth_time"


def test_twins_equally_close_are_not_linked(runtime: Runtime, clerk: SignedInClerk) -> None:
    twins = {"birth_date": "2026-09-01", "sex": "M", "birth_count": 2, "sent_at": "2026-09-02T10:00:00+09:00"}
    load(runtime, notification(notification_id="t1", birth_time="08:10", birth_order=1, **twins),
         notification(notification_id="t2", birth_time="08:14", birth_order=2, **twins))
    match = file_and_link(runtime, clerk, birth_date=date(2026, 9, 1), sex="M", birth_time=time(8, 10), order=2)[1]
    assert match.kind == AMBIGUOUS and len(match.candidates) == 2
    assert {stored(runtime, "t1").status, stored(runtime, "t2").status} == {"notified"}
