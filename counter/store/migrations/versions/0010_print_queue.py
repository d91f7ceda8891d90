"""print queue: print jobs become a work queue like requests and messages (issue 11)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 12:00:00

`print_job.next_attempt_at`: when the spool tries the job (existing jobs are due from when they were
queued), pushed a little later after a failed print so a printer that is off is not asked every cycle.
A partial index holds only the pending jobs by when they are due. On SQLite the table is copied (batch)
to make the column NOT NULL; nothing refers to `print_job`, so the copy is safe. The downgrade drops the
index and the column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE print_job SET next_attempt_at = created_at")
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index('ix_print_job_due', 'print_job', ['next_attempt_at'], unique=False,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index('ix_print_job_due', table_name='print_job', sqlite_where=PENDING, postgresql_where=PENDING)
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_column('next_attempt_at')
