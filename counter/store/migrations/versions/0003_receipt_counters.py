"""receipt counters: the next receipt number from one row per prefix, not a scan of receipt numbers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    counter = op.create_table('receipt_counter',
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix')
    )
    # Continue each prefix after the highest number already given (numbers sort as text only up to 9999).
    last: dict[str, int] = {}
    for (receipt_no,) in op.get_bind().execute(sa.text("SELECT receipt_no FROM bundle")):
        body = receipt_no.rsplit("-", 1)[0]
        start, _sep, sequence = body.rpartition("-")
        last[start + "-"] = max(last.get(start + "-", 0), int(sequence))
    if last:
        op.bulk_insert(counter, [{"prefix": key, "last": value} for key, value in last.items()])


def downgrade() -> None:
    op.drop_table('receipt_counter')
