"""Saved wizard drafts: sealed personal data, only the clerk's own, deleted when filed, purged when old."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from counter.base.session import SignedInClerk
from counter.office.clerks import add_clerk, authenticate, setup_office
from counter.office.drafts import (
    delete_draft,
    latest_draft,
    pending_kinds,
    purge_drafts,
    save_draft,
)
from counter.office.runtime import Runtime
from models import WizardDraft, utcnow
from screens.birth.draft import BirthDraft
from screens.death.draft import DeathDraft, ItemChoice

PASSWORD = "correct horse"
MOTHER_RRN = "900315-2123451"


@pytest.fixture
def clerks(runtime: Runtime) -> tuple[SignedInClerk, SignedInClerk]:
    boss = setup_office(runtime.db, office_code="3650052", office_name="역삼1동 주민센터", username="boss",
                        display_name="이수진", password=PASSWORD, device="T1")
    add_clerk(runtime.db, username="lee", display_name="이민호", role="clerk", password=PASSWORD, actor=boss.actor)
    return boss, authenticate(runtime.db, "lee", PASSWORD, runtime.settings, "T2")


def _birth_draft() -> BirthDraft:
    draft = BirthDraft()
    for path, value in (("mother.surname", "황보"), ("mother.given_name", "수진"), ("mother.rrn", MOTHER_RRN),
                        ("child.given_name", "하늘")):
        draft.set(path, value)
    draft.sibling_count = 1
    draft.set("household.siblings[0].birth_date", "2019-05-01")
    return draft


def _save(runtime: Runtime, clerk: SignedInClerk, draft: BirthDraft | DeathDraft, step: int = 1, **kw: object) -> None:
    save_draft(runtime.db, runtime.vault, clerk, kind=draft.KIND, draft_id=draft.idempotency_key, step_index=step,
               data=draft.to_dict(), **kw)  # type: ignore[arg-type]


def test_a_saved_draft_comes_back_whole_and_holds_no_personal_data_in_clear(
        runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    _boss, lee = clerks
    draft = _birth_draft()
    _save(runtime, lee, draft, step=3)
    stored = latest_draft(runtime.db, runtime.vault, lee, "birth")
    assert stored is not None and stored.id == draft.idempotency_key and stored.step_index == 3
    assert BirthDraft.from_dict(stored.data) == draft
    with runtime.db.session() as session:
        row = session.exec(select(WizardDraft)).one()
        raw = " ".join(str(v) for v in session.execute(text("SELECT * FROM wizard_draft")).one())
    assert (row.clerk_id, row.office_code, row.device, row.kind) == (lee.clerk_id, "3650052", "T2", "birth")
    assert row.created_at.tzinfo is not None and row.updated_at >= row.created_at
    for secret in (MOTHER_RRN, MOTHER_RRN.replace("-", ""), "황보", "수진", "하늘", "mother.rrn", "2019-05-01"):
        assert secret not in raw
    assert row.payload_cipher.startswith("v1:k1:")


def test_saving_again_updates_the_same_draft(runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    _boss, lee = clerks
    draft = _birth_draft()
    _save(runtime, lee, draft, step=1)
    draft.set("child.surname", "김")
    _save(runtime, lee, draft, step=4)
    stored = latest_draft(runtime.db, runtime.vault, lee, "birth")
    assert stored is not None and stored.step_index == 4 and stored.data["values"]["child.surname"] == "김"
    with runtime.db.session() as session:
        assert len(session.exec(select(WizardDraft)).all()) == 1


def test_only_the_same_clerk_sees_loads_or_deletes_a_draft(
        runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    boss, lee = clerks
    draft = _birth_draft()
    _save(runtime, lee, draft)
    assert latest_draft(runtime.db, runtime.vault, boss, "birth") is None
    assert pending_kinds(runtime.db, boss) == [] and pending_kinds(runtime.db, lee) == ["birth"]
    assert delete_draft(runtime.db, boss, draft.idempotency_key) is False
    _save(runtime, boss, draft, step=5)  # another clerk saving under the same id changes nothing
    stored = latest_draft(runtime.db, runtime.vault, lee, "birth")
    assert stored is not None and stored.step_index == 1
    assert latest_draft(runtime.db, runtime.vault, boss, "birth") is None
    assert latest_draft(runtime.db, runtime.vault, lee, "death") is None
    assert delete_draft(runtime.db, lee, draft.idempotency_key) is True
    assert latest_draft(runtime.db, runtime.vault, lee, "birth") is None


def test_a_sealed_draft_moved_to_another_clerks_row_does_not_open(
        runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    boss, lee = clerks
    _save(runtime, lee, _birth_draft())
    other = BirthDraft()
    other.set("child.surname", "박")
    _save(runtime, boss, other)
    with runtime.db.write() as session:
        rows = {row.clerk_id: row for row in session.exec(select(WizardDraft)).all()}
        rows[boss.clerk_id].payload_cipher = rows[lee.clerk_id].payload_cipher
        session.add(rows[boss.clerk_id])
    assert latest_draft(runtime.db, runtime.vault, boss, "birth") is None  # skipped, not shown
    assert latest_draft(runtime.db, runtime.vault, lee, "birth") is not None


def test_the_newest_draft_is_offered_and_open_ones_are_skipped(
        runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    _boss, lee = clerks
    older, newer = _birth_draft(), _birth_draft()
    _save(runtime, lee, older, now=utcnow() - timedelta(hours=2))
    _save(runtime, lee, newer)
    assert latest_draft(runtime.db, runtime.vault, lee, "birth").id == newer.idempotency_key  # type: ignore[union-attr]
    skipped = latest_draft(runtime.db, runtime.vault, lee, "birth", exclude={newer.idempotency_key})
    assert skipped is not None and skipped.id == older.idempotency_key


def test_drafts_older_than_the_setting_are_purged(runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    boss, lee = clerks
    old, recent = _birth_draft(), DeathDraft()
    recent.set("deceased.name", "홍길동")
    _save(runtime, lee, old, now=utcnow() - timedelta(days=8))
    _save(runtime, boss, recent, now=utcnow() - timedelta(days=6))
    assert runtime.settings.draft_max_age_days == 7
    assert purge_drafts(runtime.db, runtime.settings.draft_max_age_days) == 1
    assert latest_draft(runtime.db, runtime.vault, lee, "birth") is None
    assert latest_draft(runtime.db, runtime.vault, boss, "death") is not None
    assert purge_drafts(runtime.db, 5) == 1
    assert purge_drafts(runtime.db, 5) == 0


def test_a_death_draft_keeps_its_item_choices(runtime: Runtime, clerks: tuple[SignedInClerk, SignedInClerk]) -> None:
    _boss, lee = clerks
    draft = DeathDraft()
    draft.set("deceased.name", "홍길동")
    draft.items = {"land": ItemChoice(False, "post"), "tax": ItemChoice(True, "sms")}
    _save(runtime, lee, draft, step=5)
    stored = latest_draft(runtime.db, runtime.vault, lee, "death")
    assert stored is not None and DeathDraft.from_dict(stored.data) == draft


def test_serialization_survives_fields_added_or_removed() -> None:
    draft = _birth_draft()
    data = draft.to_dict()
    data["a_field_removed_since"] = {"x": 1}
    del data["declined"]
    data["values"].pop("child.in_marriage")
    restored = BirthDraft.from_dict(data)
    assert restored.values["mother.rrn"] == MOTHER_RRN and restored.sibling_count == 1
    assert restored.declined == {} and restored.values["child.in_marriage"] is True  # defaults fill the gaps
    assert restored.idempotency_key == draft.idempotency_key
    broken = BirthDraft.from_dict({"sibling_count": "two", "idempotency_key": "not a uuid"})
    assert broken.sibling_count == 0 and isinstance(broken.idempotency_key, uuid.UUID)
    death = DeathDraft.from_dict({"items": {"land": {"ticked": True}}})  # an item missing its channel
    assert death.items == {}
