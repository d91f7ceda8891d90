"""Filing a birth links the hospital's notification of it (가족관계등록법 제44조의3, 제44조의4①): the
example declarations against the sample notification file, exactly; a report one field off is linked with
that field named; a replay answers the same; a notified birth is never linked twice. Both database legs."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

from sqlmodel import select

from counter.base.session import Actor, SignedInClerk
from counter.filing.birth import file_birth
from counter.filing.notification_file import parse_notification_lines, read_notification_file
from counter.filing.notifications import import_notifications
from counter.office.runtime import Runtime
from models import AuditEvent, BirthNotification

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "birth-notifications.jsonl"
TODAY = date(2026, 11, 27)


def example(name: str) -> dict[str, object]:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def load_sample(runtime: Runtime) -> None:
    import_notifications(runtime.db, runtime.vault, Actor(None, "cli", None, "T1"),
                         parse_notification_lines(read_notification_file(SAMPLE), today=TODAY))


def linked(runtime: Runtime) -> dict[str, str]:
    with runtime.db.session() as session:
        rows = session.exec(select(BirthNotification).where(BirthNotification.bundle_id.is_not(None))).all()  # type: ignore[union-attr]
    return {row.institution_notification_id: row.status for row in rows}


def test_each_example_birth_is_linked_exactly_to_its_notification(runtime: Runtime, clerk: SignedInClerk) -> None:
    load_sample(runtime)
    results = {name: file_birth(runtime, clerk, example(name), today=TODAY) for name in (
        "birth-third-child.json", "birth-first-child-outside-marriage.json", "birth-second-twin-late-by-doctor.json")}
    assert {name: result.extra["notification"]["kind"] for name, result in results.items()} == dict.fromkeys(
        results, "exact")
    assert results["birth-second-twin-late-by-doctor.json"].extra["notification"]["notification_id"] == "2026-090102"
    assert linked(runtime) == {"2026-110301": "matched", "B-20261110-007": "matched", "2026-090102": "matched"}
    foreign = file_birth(runtime, clerk, example("birth-foreign-mother-at-home.json"), today=TODAY)
    assert "notification" not in foreign.extra  # no notification for this mother: nothing linked, nothing said


def test_a_report_one_field_off_is_linked_with_the_field_named_and_a_replay_says_the_same(
        runtime: Runtime, clerk: SignedInClerk) -> None:
    load_sample(runtime)
    declaration = copy.deepcopy(example("birth-third-child.json"))
    declaration["child"]["birth_time"] = "14:50"  # type: ignore[index]
    first = file_birth(runtime, clerk, declaration, today=TODAY)
    assert first.extra["notification"] == {"notification_id": "2026-110301", "institution_code": "11312345",
                                           "kind": "one_off", "differences": ["birth_time"]}
    again = file_birth(runtime, clerk, declaration, today=TODAY)
    assert again.bundle_id == first.bundle_id and again.extra == first.extra
    with runtime.db.session() as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "birth.filed")).all()
    assert event.details["notification"] == "one_off"
    assert event.details["notification_differences"] == ["birth_time"]
    assert "900315" not in event.details.model_dump_json()  # never the mother's number


def test_a_notification_already_linked_is_not_linked_to_a_second_report(runtime: Runtime, clerk: SignedInClerk) -> None:
    load_sample(runtime)
    file_birth(runtime, clerk, example("birth-third-child.json"), today=TODAY)
    again = copy.deepcopy(example("birth-third-child.json"))
    again["child"]["given_name"] = "하람"  # type: ignore[index]
    again["idempotency_key"] = "7d2c2a3e-2f6b-4b7e-9a55-2f1d3b7c9e01"
    second = file_birth(runtime, clerk, again, today=TODAY)
    assert "notification" not in second.extra
    assert linked(runtime) == {"2026-110301": "matched"}
