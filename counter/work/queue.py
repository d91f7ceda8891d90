"""The database is the queue: rows that workers claim in batches under a lease, retry with backoff, and
finish exactly once.

A queued row has a `status`, `next_attempt_at` (when it is due), `attempts`, a claim (`claimed_by`,
`claimed_at`) and `last_error`. The same few functions serve agency requests, messages and print jobs:

- `claim_due` takes up to `limit` due rows that nobody holds (or whose holder's lease ran out) in one
  statement: `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING id` on
  PostgreSQL, so several workers never wait on or take the same row; on SQLite the writer's lock
  (`BEGIN IMMEDIATE`) makes the same statement single-writer.
- `finish`, `retry_later` and `release` change a row only while the caller still holds it (`claimed_by`),
  so a worker whose lease expired and whose row another worker took changes nothing.
- `RetryPolicy` spaces the retries: exponential backoff with full jitter (a random delay up to the
  exponential bound), capped, and a row that used up `max_attempts` is given up (`exhausted`); a policy
  without `max_attempts` never gives up (print jobs: a receipt prints once the paper is back).
- `make_due` brings rows waiting for a later try forward to now (a person asked to try again at once).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from counter.store.db import Database

DEFAULT_LEASE = timedelta(minutes=2)
_MAX_DOUBLINGS = 62


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how far apart a row is tried."""

    max_attempts: int | None = 8
    """None: never given up."""
    base_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(hours=1)

    def exhausted(self, attempts: int) -> bool:
        """True once `attempts` tries (the one just made included) used up the allowance."""
        return self.max_attempts is not None and attempts >= self.max_attempts

    def delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """The wait before the next try after `attempts` tries: uniform in [0, min(max, base * 2^(n-1))]
        ("full jitter"), so workers that failed together do not retry together."""
        # The exponent stops growing once the cap is reached: a row tried thousands of times (a printer
        # off for days) would otherwise overflow the float.
        doublings = min(max(attempts - 1, 0), _MAX_DOUBLINGS)
        bound = min(self.max_delay.total_seconds(), self.base_delay.total_seconds() * 2 ** doublings)
        return timedelta(seconds=(rng or random).uniform(0, bound))


def _free(model: Any, now: datetime, lease: timedelta) -> ColumnElement[bool]:
    return or_(model.claimed_at.is_(None), model.claimed_at < now - lease)


def due_filter(model: Any, statuses: Sequence[str], now: datetime, lease: timedelta = DEFAULT_LEASE
               ) -> ColumnElement[bool]:
    """Rows in one of `statuses`, due by `now`, that nobody holds (the partial index's condition)."""
    return and_(model.status.in_(statuses), model.next_attempt_at <= now, _free(model, now, lease))


def claim_due(db: Database, model: Any, *, statuses: Sequence[str], worker: str, now: datetime, limit: int,
              lease: timedelta = DEFAULT_LEASE, where: Iterable[ColumnElement[bool]] = (),
              due_by: datetime | None = None, then_by: Sequence[Any] = ()) -> list[uuid.UUID]:
    """Claim up to `limit` rows of `model` due by `due_by` (default `now`) for `worker`, the longest due
    first (rows due at the same moment by `then_by`, then by id), their lease starting `now`; their ids."""
    with db.write() as session:
        return claim_due_in(session, model, statuses=statuses, worker=worker, now=now, limit=limit, lease=lease,
                            where=where, due_by=due_by, then_by=then_by)


def claim_due_in(session: Any, model: Any, *, statuses: Sequence[str], worker: str, now: datetime, limit: int,
                 lease: timedelta = DEFAULT_LEASE, where: Iterable[ColumnElement[bool]] = (),
                 due_by: datetime | None = None, then_by: Sequence[Any] = ()) -> list[uuid.UUID]:
    """`claim_due` in the caller's write transaction (e.g. with what the worker records of its last batch)."""
    due = and_(model.status.in_(statuses), model.next_attempt_at <= (due_by or now), _free(model, now, lease))
    chosen = (select(model.id).where(due, *where).order_by(model.next_attempt_at, *then_by, model.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    statement = (update(model).where(model.id.in_(chosen.scalar_subquery()))
                 .values(claimed_by=worker, claimed_at=now).returning(model.id))
    return list(session.execute(statement, execution_options={"synchronize_session": False}).scalars())


def renew(db: Database, model: Any, ids: Sequence[uuid.UUID], worker: str, now: datetime) -> set[uuid.UUID]:
    """Start the lease of `worker`'s rows among `ids` again from `now`; the ids it still held."""
    if not ids:
        return set()
    statement = (update(model).where(model.id.in_(list(ids)), model.claimed_by == worker)
                 .values(claimed_at=now).returning(model.id))
    with db.write() as session:
        return set(session.execute(statement, execution_options={"synchronize_session": False}).scalars())


def held_by(model: Any, row_id: uuid.UUID, worker: str) -> ColumnElement[bool]:
    """The condition under which `worker` may still change the row."""
    return and_(model.id == row_id, model.claimed_by == worker)


def finish(session: Any, model: Any, row_id: uuid.UUID, worker: str, **values: Any) -> bool:
    """Within the caller's transaction: set `values`, count the attempt and release the claim, only if
    `worker` still holds the row. False when the claim was lost (nothing changed)."""
    return release(session, model, row_id, worker, attempts=model.attempts + 1, **values)


def release(session: Any, model: Any, row_id: uuid.UUID, worker: str, **values: Any) -> bool:
    """Within the caller's transaction: give the row back untried (no attempt counted), setting `values`,
    only if `worker` still holds it. False when the claim was lost (nothing changed)."""
    result = session.execute(
        update(model).where(held_by(model, row_id, worker)).values(claimed_by=None, claimed_at=None, **values),
        execution_options={"synchronize_session": False})
    return bool(result.rowcount == 1)


def make_due(db: Database, model: Any, *, statuses: Sequence[str], now: datetime,
             where: Iterable[ColumnElement[bool]] = ()) -> int:
    """Make the rows in `statuses` that wait for a later try due `now` (a person asked to try again at
    once); how many were brought forward. A row a worker holds keeps its claim."""
    statement = (update(model).where(model.status.in_(statuses), model.next_attempt_at > now, *where)
                 .values(next_attempt_at=now))
    with db.write() as session:
        result: Any = session.execute(statement, execution_options={"synchronize_session": False})
        return int(result.rowcount)


def retry_later(session: Any, model: Any, row_id: uuid.UUID, worker: str, *, attempts: int, error: str,
                now: datetime, policy: RetryPolicy, rng: random.Random | None = None,
                exhausted_status: str = "failed") -> str | None:
    """Within the caller's transaction: after a failed try (`attempts` counts it), either schedule the
    next one (`next_attempt_at` by the policy) or give up with `exhausted_status`. Returns the status
    the row now has ("" when it stays as it was), or None when the claim was lost."""
    if policy.exhausted(attempts):
        done = finish(session, model, row_id, worker, status=exhausted_status, last_error=error[:500])
        return exhausted_status if done else None
    done = finish(session, model, row_id, worker, last_error=error[:500],
                  next_attempt_at=now + policy.delay(attempts, rng))
    return "" if done else None
