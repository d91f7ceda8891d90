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

from sqlalchemy import and_, bindparam, exists, func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import col, select

from counter.base.clock import KST
from counter.base.errors import ValidationError
from counter.base.i18n import _
from counter.lookup.query import LookupKey, NamePrefix, ReceiptKey, RrnKey
from counter.rules.text import check_identifier
from counter.store.db import Database
from counter.store.pii import mask_name
from models import Bundle, Clerk, LinkedRequest, Office, Person

MAX_PAGE = 500
MAX_CODE_LENGTH = 64  # a status, user name or office code (the longest column of them holds 64)
# Up to this many people matching a name prefix, their bundles are gathered through the name index; past
# it, bundles are walked newest first (see `_key_condition`).
NAME_CANDIDATES = 5000
KINDS = ("birth", "death")
# The order a bundle's people are listed in: the subject of the report first.
ROLE_ORDER = ("child", "deceased", "mother", "father", "reporter", "applicant", "proxy")

# The fixed statements of a page, built once (building a statement costs more than running these).
_PAGE_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_PEOPLE_OF = (select_columns(col(Person.bundle_id), col(Person.role), col(Person.name))
              .where(col(Person.bundle_id).in_(_PAGE_IDS)).order_by(col(Person.created_at), col(Person.id)))
_REQUESTS_OF = (select_columns(col(LinkedRequest.bundle_id), col(LinkedRequest.status), func.count())
                .where(col(LinkedRequest.bundle_id).in_(_PAGE_IDS))
                .group_by(col(LinkedRequest.bundle_id), col(LinkedRequest.status)))
_CLERK_NAMED = select_columns(col(Clerk.id)).where(col(Clerk.username) == bindparam("name"))
_OFFICE_CODED = select_columns(col(Office.id)).where(col(Office.code) == bindparam("code"))


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
            if len(value) > MAX_CODE_LENGTH:
                raise ValidationError(_("Too long: {length} characters; at most {max} are allowed.").format(
                    length=len(value), max=MAX_CODE_LENGTH), field=name, code="too_long")
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
        connection = session.connection()  # Core statements: no ORM layer for plain columns
        query = (select_columns(col(Bundle.id), col(Bundle.receipt_no), col(Bundle.kind), col(Bundle.status),
                                col(Bundle.filed_at), col(Office.code), col(Clerk.username))
                 .join(Office, col(Office.id) == col(Bundle.office_id)).join(Clerk, col(Clerk.id) == col(Bundle.clerk_id)))
        key_condition = _key_condition(connection, wanted.key)
        if key_condition is not None:
            query = query.where(key_condition)
        if wanted.kind:
            query = query.where(col(Bundle.kind) == wanted.kind)
        if wanted.status:
            query = query.where(col(Bundle.status) == wanted.status)
        # The clerk and the office become their ids first, so the bundle's own index serves the filter.
        if wanted.clerk:
            clerk_id = connection.execute(_CLERK_NAMED, {"name": wanted.clerk}).scalar()
            if clerk_id is None:
                return Page((), None)
            query = query.where(col(Bundle.clerk_id) == clerk_id)
        if wanted.office:
            office_id = connection.execute(_OFFICE_CODED, {"code": wanted.office}).scalar()
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
        found = connection.execute(query).tuples().all()
        page, more = found[:limit], len(found) > limit
        ids = [row[0] for row in page]
        names = _names(connection, ids)
        counts = _request_counts(connection, ids)
    rows = tuple(BundleRow(bundle_id, receipt_no, kind, status, filed_at, office, clerk,
                           tuple(names.get(bundle_id, ())), counts.get(bundle_id, {}))
                 for bundle_id, receipt_no, kind, status, filed_at, office, clerk in page)
    return Page(rows, (rows[-1].filed_at, rows[-1].bundle_id) if more and rows else None)


def _key_condition(connection: Connection, key: LookupKey | None) -> Any:
    """The condition a lookup key puts on bundles (None: no key)."""
    if isinstance(key, ReceiptKey):
        return col(Bundle.receipt_no) == key.receipt_no
    if isinstance(key, RrnKey):
        return col(Bundle.id).in_(select(Person.bundle_id).where(Person.rrn_lookup == key.lookup_hash))
    if isinstance(key, NamePrefix):
        # A range, not LIKE: the index serves it on both databases and `%`/`_` are plain characters.
        name = col(Person.name).collate("C") if connection.dialect.name == "postgresql" else col(Person.name)
        in_range = and_(name >= key.prefix, name < key.upper_bound)
        counted = select_columns(func.count()).select_from(
            select_columns(col(Person.id)).where(in_range).limit(NAME_CANDIDATES + 1).subquery())
        if (connection.execute(counted).scalar() or 0) <= NAME_CANDIDATES:
            # Few people so named: their bundles are gathered from the name index and sorted.
            return col(Bundle.id).in_(select(Person.bundle_id).where(in_range))
        # Many (a surname alone): bundles are walked newest first and each is asked whether someone in it
        # is so named, which fills a page after a few hundred bundles at most.
        return exists().where(col(Person.bundle_id) == col(Bundle.id), in_range)
    return None


def _names(connection: Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    """The masked names of each bundle's people, the report's subject first."""
    if not ids:
        return {}
    found: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    rows = connection.execute(_PEOPLE_OF, {"ids": ids}).tuples().all()
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    for bundle_id, role, name in sorted(rows, key=lambda row: rank.get(row[1], len(rank))):
        found[bundle_id].append((role, mask_name(name)))
    return found


def _request_counts(connection: Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """Each bundle's requests counted by status: one grouped query for the page."""
    if not ids:
        return {}
    counts: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    rows = connection.execute(_REQUESTS_OF, {"ids": ids}).tuples().all()
    for bundle_id, status, count in rows:
        counts[bundle_id][status] = count
    return counts
