"""lookup indexes: bundles found by name, filing time, kind, clerk and office (issue 12)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 12:00:00

The lookup (`counter.lookup.search`) pages bundles newest first by (filed_at, id), alone or within one
kind, clerk or office, and finds names by prefix with a range condition. On PostgreSQL the name index
uses the "C" collation, which orders by code point as the range condition needs (a language collation
such as ko_KR may ignore spaces or reorder characters, and then a range would miss names); SQLite's
default (BINARY) order already is code-point order. The name index holds the bundle too, so the bundles of
the people so named are read from the index alone. Only indexes are added; the downgrade drops them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUNDLE_INDEXES = {
    'ix_bundle_filed': ['filed_at', 'id'],
    'ix_bundle_kind_filed': ['kind', 'filed_at', 'id'],
    'ix_bundle_clerk_filed': ['clerk_id', 'filed_at', 'id'],
    'ix_bundle_office_filed': ['office_id', 'filed_at', 'id'],
}


def upgrade() -> None:
    for name, columns in BUNDLE_INDEXES.items():
        op.create_index(name, 'bundle', columns, unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_person_name', 'person', [sa.text('name COLLATE "C"'), 'bundle_id'], unique=False)
    else:
        op.create_index('ix_person_name', 'person', ['name', 'bundle_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_name', table_name='person')
    for name in BUNDLE_INDEXES:
        op.drop_index(name, table_name='bundle')
