"""agency queue: linked requests and messages become work queues with the answers they get (issue 11)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 12:00:00

New columns on `linked_request`: `next_attempt_at` (when the dispatcher tries it; existing rows are due
from their filing time), the agency's reference and answer, when it was sent and finished, and the
result. A partial index holds only the queued rows by when they are due. On SQLite the table is copied
(batch) to make `next_attempt_at` NOT NULL; nothing refers to `linked_request`, so the copy is safe.
`outgoing_message` gets the same `next_attempt_at` (due from its creation) and index, and the gateway's
reference. The downgrade drops the columns and the indexes (answers and results recorded since are lost).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED = sa.text("status = 'queued'")
PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agency_reference', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('agency_response', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('result_text', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch_op.add_column(sa.Column('result_amount_won', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_on', sa.Date(), nullable=True))
    op.execute("UPDATE linked_request SET next_attempt_at = created_at")
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index('ix_linked_request_due', 'linked_request', ['next_attempt_at'], unique=False,
                    sqlite_where=QUEUED, postgresql_where=QUEUED)
    op.create_index('ix_linked_request_created', 'linked_request', ['created_at', 'id'], unique=False)
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('gateway_reference', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
    op.execute("UPDATE outgoing_message SET next_attempt_at = created_at")
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index('ix_outgoing_message_due', 'outgoing_message', ['next_attempt_at'], unique=False,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index('ix_outgoing_message_due', table_name='outgoing_message', sqlite_where=PENDING,
                  postgresql_where=PENDING)
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.drop_column('gateway_reference')
        batch_op.drop_column('next_attempt_at')
    op.drop_index('ix_linked_request_created', table_name='linked_request')
    op.drop_index('ix_linked_request_due', table_name='linked_request', sqlite_where=QUEUED, postgresql_where=QUEUED)
    with op.batch_alter_table('linked_request', schema=None) as batch_op:
        for column in ('decided_on', 'result_amount_won', 'result_text', 'finished_at', 'sent_at', 'agency_response',
                       'agency_reference', 'next_attempt_at'):
            batch_op.drop_column(column)
