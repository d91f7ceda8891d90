"""sealed audit chains: one chain per office and device, sequence counted within the chain

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:10:00

Events written before this revision were hashed with plain SHA-256 in one global chain; they keep
their hashes under the chain name `legacy` and are checked as such (see counter.store.audit).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                      server_default='legacy'))
        batch_op.drop_index(batch_op.f('ix_audit_event_seq'))
        batch_op.create_index(batch_op.f('ix_audit_event_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_chain'), ['chain'], unique=False)
        batch_op.create_unique_constraint('uq_audit_event_chain_seq', ['chain', 'seq'])
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('chain', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_event_chain_seq', type_='unique')
        batch_op.drop_index(batch_op.f('ix_audit_event_chain'))
        batch_op.drop_index(batch_op.f('ix_audit_event_seq'))
        batch_op.create_index(batch_op.f('ix_audit_event_seq'), ['seq'], unique=True)
        batch_op.drop_column('chain')
