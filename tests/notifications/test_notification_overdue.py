"""The supervisor's list (가족관계등록법 제44조의4): a notified birth unreported after its period is
listed for the demand (최고) from the day after its last day; after the demand's 7 days, for the
ex officio record; matched and closed ones leave it. Both database legs."""

from __future__ import annotations

from datetime import date

import pytest
from notification_helpers import OTHER_MOTHER_RRN, TODAY, bundle, jsonl, notification
from sqlmodel import select

from counter.base.errors import NotFoundError, ValidationError
from counter.base.session import Actor, SignedInClerk
from counter.filing.notification_file import parse_notification_lines
from counter.filing.notification_links import link_notification
from counter.filing.notifications import (
    close_notification,
    import_notifications,
    list_notifications,
    overdue_notifications,
    record_demand,
)
from counter.office.runtime import Runtime
from models import AuditEvent, BirthNotification

CLI = Actor(None, "cli", None, "T1")
SEOLLAL_BIRTH = notification(notification_id="jan", birth_date="2026-01-15", sent_at="2026-01-16T09:00:00+09:00")
OCTOBER_BIRTH = notification(notification_id="oct", birth_date="2026-10-05", sent_at="2026-10-06T09:00:00+09:00",
                             mother_rrn=OTHER_MOTHER_RRN, mother_name="한예린")


@pytest.fixture
def loaded(runtime: Runtime, clerk: SignedInClerk) -> Runtime:
    parsed = parse_notification_lines(jsonl(SEOLLAL_BIRTH, OCTOBER_BIRTH, notification()), today=TODAY)
    import_notifications(runtime.db, runtime.vault, CLI, parsed)
    return runtime


def overdue(runtime: Runtime, today: date) -> list[tuple[str, str, str]]:
    with runtime.db.session() as session:
        return [(v.row.institution_notification_id, v.stage.code, v.stage.until.isoformat())  # type: ignore[union-attr]
                for v in overdue_notifications(session, today)]


@pytest.mark.parametrize(("today", "listed"), [
    (date(2026, 2, 19), []),                                        # Seollal moved the last day to Thursday
    (date(2026, 2, 20), [("jan", "demand_due", "2026-02-19")]),
    (date(2026, 11, 4), [("jan", "demand_due", "2026-02-19")]),     # born 10-05: its last day, a Wednesday
    (date(2026, 11, 5), [("jan", "demand_due", "2026-02-19"), ("oct", "demand_due", "2026-11-04")]),
])
def test_a_notified_birth_is_listed_for_the_demand_the_day_after_its_deadline(loaded: Runtime, today: date,
                                                                               listed: list[tuple[str, str, str]]) -> None:
    assert overdue(loaded, today) == listed


def test_the_demand_takes_it_off_the_list_until_its_seven_days_are_over(loaded: Runtime) -> None:
    record_demand(loaded.db, CLI, "11312345", "jan", on=date(2026, 2, 20))
    assert overdue(loaded, date(2026, 2, 27)) == []
    assert overdue(loaded, date(2026, 2, 28)) == [("jan", "ex_officio_due", "2026-02-27")]
    with loaded.db.session() as session:
        unreported = list_notifications(session, date(2026, 2, 27), unreported=True)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "notification.demanded")).one()
    assert [(v.row.status, v.row.demanded_on, v.stage.code) for v in unreported  # type: ignore[union-attr]
            if v.row.institution_notification_id == "jan"] == [("demanded", date(2026, 2, 20), "demand_running")]
    assert (event.details["on"], event.chain) == ("2026-02-20", "3650052/T1")


def test_a_demand_before_the_period_is_over_is_refused(loaded: Runtime) -> None:
    with pytest.raises(ValidationError) as caught:
        record_demand(loaded.db, CLI, "11312345", "jan", on=date(2026, 2, 19))
    assert caught.value.code == "too_early" and "2026-02-19" in caught.value.message
    record_demand(loaded.db, CLI, "11312345", "jan", on=date(2026, 2, 20))
    with pytest.raises(ValidationError):  # once is enough
        record_demand(loaded.db, CLI, "11312345", "jan", on=date(2026, 2, 21))
    with pytest.raises(NotFoundError):
        record_demand(loaded.db, CLI, "11312345", "nope", on=date(2026, 2, 21))


def test_a_matched_or_closed_notification_leaves_the_lists(loaded: Runtime, clerk: SignedInClerk) -> None:
    with loaded.db.session() as session:
        january = session.exec(select(BirthNotification).where(
            BirthNotification.institution_notification_id == "jan")).one()
    bundle_id = bundle(loaded.db, clerk)
    with loaded.db.write() as session:
        link_notification(session, january.id, bundle_id)
    close_notification(loaded.db, CLI, "11312345", "oct", reason="reported_elsewhere")
    assert overdue(loaded, date(2026, 11, 27)) == []
    with loaded.db.session() as session:
        everything = list_notifications(session, date(2026, 11, 27))
        unreported = list_notifications(session, date(2026, 11, 27), unreported=True)
    assert [(v.row.institution_notification_id, v.row.status, v.receipt_no is not None) for v in everything] == [
        ("jan", "matched", True), ("oct", "closed", False), ("2026-110301", "notified", False)]
    assert [v.row.institution_notification_id for v in unreported] == ["2026-110301"]
    with pytest.raises(ValidationError):
        close_notification(loaded.db, CLI, "11312345", "jan", reason="reported_elsewhere")
    with pytest.raises(ValidationError):
        close_notification(loaded.db, CLI, "11312345", "2026-110301", reason="lost interest")


def test_the_list_is_the_offices_own(loaded: Runtime) -> None:
    with loaded.db.session() as session:
        assert len(list_notifications(session, TODAY, office_code="3650052")) == 3
        assert list_notifications(session, TODAY, office_code="1111111") == []
        assert len(overdue_notifications(session, TODAY, office_code="3650052")) == 2


def test_the_shown_notification_never_holds_the_number_in_clear(loaded: Runtime) -> None:
    with loaded.db.session() as session:
        shown = [v.as_json() for v in list_notifications(session, TODAY)]
    assert {item["mother_rrn"] for item in shown} == {"900315-2******", "930707-2******"}
    assert not any("cipher" in key or "lookup" in key for item in shown for key in item)
