"""Bundles found by a lookup key and filters, newest first, a page at a time, all in SQL.

Pages follow (filed_at, id) downwards: the cursor is the last row's pair, so each page is a range of
one of the bundle indexes of migration 0011 however deep it is, and bundles filed meanwhile never shift
a page. A registration number is matched through its keyed hash (`person.rrn_lookup`), never by
decrypting a column; a name prefix through a range on `ix_person_name` (code-point order: the "C"
collation on PostgreSQL). The names a page shows are masked, and its requests are counted by status in
one grouped query for the whole page.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from counter.base.clock import KST
from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.lookup.query import LookupKey, NamePrefix, ReceiptKey, RrnKey
from counter.rules.text import check_identifier
from counter.store.db import Database
from counter.store.pii import mask_name
from models import Bundle, Clerk, LinkedRequest, Office, Person

MAX_PAGE = 500
KINDS = ("birth", "death")
# The order a bundle's people are listed in: the subject of the report first.
ROLE_ORDER = ("child", "deceased", "mother", "father", "reporter", "applicant", "proxy")


@dataclass(frozen=True)
class BundleFilter:
    """What a lookup holds: each given field narrows it."""

    key: LookupKey | None = None
    kind: str | None = None
    status: str | None = None
    clerk: str | None = None
    """A clerk's user name."""
    office: str | None = None
    """An office code."""
    filed_from: date | None = None
    """The first day (Korean calendar) of the filing dates wanted."""
    filed_to: date | None = None
    """The last day (included)."""


@dataclass(frozen=True)
class BundleRow:
    """One bundle as a lookup lists it: masked names only, never a registration number."""

    bundle_id: uuid.UUID
    receipt_no: str
    kind: str
    status: str
    filed_at: datetime
    office: str
    clerk: str
    names: tuple[tuple[str, str], ...]
    """(role, masked name) of each person named in the bundle."""
    requests: dict[str, int] = field(default_factory=dict)
    """How many of the bundle's requests to agencies are in each status."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the filing time in Korean time as ISO text."""
        return {"bundle_id": str(self.bundle_id), "receipt_no": self.receipt_no, "kind": self.kind,
                "status": self.status, "filed_at": self.filed_at.astimezone(KST).isoformat(),
                "office": self.office, "clerk": self.clerk,
                "names": [{"role": role, "name": name} for role, name in self.names],
                "requests": dict(sorted(self.requests.items()))}


@dataclass(frozen=True)
class Page:
    """One page and the cursor of the next (None on the last page)."""

    rows: tuple[BundleRow, ...]
    after: tuple[datetime, uuid.UUID] | None


def check_filter(wanted: BundleFilter) -> None:
    """ValidationError naming the field when a filter cannot be asked (an unknown kind, dates the wrong
    way round, a hidden character in a code)."""
    if wanted.kind is not None and wanted.kind not in KINDS:
        raise ValidationError(_("Unknown kind '{kind}': choose birth or death.").format(kind=wanted.kind),
                              field="kind", code="unknown_kind")
    for name in ("status", "clerk", "office"):
        value = getattr(wanted, name)
        if value is not None:
            check_identifier(value, field=name)
            if len(value) > 64:
                raise ValidationError(_("Too long: {length} characters; at most {max} are allowed.").format(
                    length=len(value), max=64), field=name, code="too_long")
    if wanted.filed_from and wanted.filed_to and wanted.filed_from > wanted.filed_to:
        raise ValidationError(_("The first day {start} comes after the last day {end}.").format(
            start=wanted.filed_from.isoformat(), end=wanted.filed_to.isoformat()), field="filed_from",
            code="date_order")


def search_bundles(db: Database, wanted: BundleFilter, *, limit: int = 50,
                   after: tuple[datetime, uuid.UUID] | None = None) -> Page:
    """A page of the bundles matching `wanted`, newest first, after the cursor `after`."""
    check_filter(wanted)
    limit = max(1, min(limit, MAX_PAGE))
    with db.session() as session:
        query = select_columns(col(Bundle.id), col(Bundle.receipt_no), col(Bundle.kind), col(Bundle.status),
                               col(Bundle.filed_at), col(Bundle.office_id), col(Bundle.clerk_id))
        for condition in _key_conditions(wanted.key, session.get_bind().dialect.name):
            query = query.where(condition)
        if wanted.kind:
            query = query.where(col(Bundle.kind) == wanted.kind)
        if wanted.status:
            query = query.where(col(Bundle.status) == wanted.status)
        # The clerk and the office become their ids first, so the bundle's own index serves the filter.
        if wanted.clerk:
            clerk_id = session.exec(select(Clerk.id).where(Clerk.username == wanted.clerk)).first()
            if clerk_id is None:
                return Page((), None)
            query = query.where(col(Bundle.clerk_id) == clerk_id)
        if wanted.office:
            office_id = session.exec(select(Office.id).where(Office.code == wanted.office)).first()
            if office_id is None:
                return Page((), None)
            query = query.where(col(Bundle.office_id) == office_id)
        if wanted.filed_from:
            query = query.where(col(Bundle.filed_at) >= datetime.combine(wanted.filed_from, time.min, KST))
        if wanted.filed_to:
            end = datetime.combine(wanted.filed_to + timedelta(days=1), time.min, KST)
            query = query.where(col(Bundle.filed_at) < end)
        if after is not None:
            moment, last_id = after
            query = query.where(or_(col(Bundle.filed_at) < moment,
                                    and_(col(Bundle.filed_at) == moment, col(Bundle.id) < last_id)))
        query = query.order_by(col(Bundle.filed_at).desc(), col(Bundle.id).desc()).limit(limit + 1)
        found = session.execute(query).tuples().all()
        page, more = found[:limit], len(found) > limit
        ids = [row[0] for row in page]
        names = _names(session, ids)
        counts = _request_counts(session, ids)
        offices = dict(session.exec(select(Office.id, Office.code).where(
            col(Office.id).in_({row[5] for row in page}))).all()) if page else {}
        clerks = dict(session.exec(select(Clerk.id, Clerk.username).where(
            col(Clerk.id).in_({row[6] for row in page}))).all()) if page else {}
    rows = tuple(BundleRow(bundle_id, receipt_no, kind, status, filed_at, offices.get(office_id, ""),
                           clerks.get(clerk_id, ""), tuple(names.get(bundle_id, ())), counts.get(bundle_id, {}))
                 for bundle_id, receipt_no, kind, status, filed_at, office_id, clerk_id in page)
    return Page(rows, (rows[-1].filed_at, rows[-1].bundle_id) if more and rows else None)


def _key_conditions(key: LookupKey | None, dialect: str) -> list[Any]:
    if isinstance(key, ReceiptKey):
        return [Bundle.receipt_no == key.receipt_no]
    if isinstance(key, RrnKey):
        return [col(Bundle.id).in_(select(Person.bundle_id).where(Person.rrn_lookup == key.lookup_hash))]
    if isinstance(key, NamePrefix):
        # A range, not LIKE: the index serves it on both databases and `%`/`_` are plain characters.
        name = col(Person.name).collate("C") if dialect == "postgresql" else col(Person.name)
        matching = select(Person.bundle_id).where(name >= key.prefix, name < key.upper_bound)
        return [col(Bundle.id).in_(matching)]
    return []


def _names(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    """The masked names of each bundle's people, the report's subject first."""
    if not ids:
        return {}
    found: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    rows = session.exec(select(Person.bundle_id, Person.role, Person.name)
                        .where(col(Person.bundle_id).in_(ids)).order_by(col(Person.created_at), col(Person.id))).all()
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    for bundle_id, role, name in sorted(rows, key=lambda row: rank.get(row[1], len(rank))):
        found[bundle_id].append((role, mask_name(name)))
    return found


def _request_counts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Each bundle's requests counted by status: one grouped query for the page."""
    if not ids:
        return {}
    counts: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    rows = session.exec(select(LinkedRequest.bundle_id, LinkedRequest.status, func.count())
                        .where(col(LinkedRequest.bundle_id).in_(ids))
                        .group_by(col(LinkedRequest.bundle_id), col(LinkedRequest.status))).all()
    for bundle_id, status, count in rows:
        counts[bundle_id][status] = count
    return counts
