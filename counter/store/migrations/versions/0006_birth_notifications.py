"""birth notifications: births notified by medical institutions (출생통보제, 가족관계등록법 제44조의3)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:00:00

A new table only; no existing row changes. The downgrade drops it (and the notifications in it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('birth_notification',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('office_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('institution_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('institution_notification_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('institution_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('mother_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('mother_rrn_cipher', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('mother_rrn_lookup', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('mother_rrn_masked', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('birth_time', sa.Time(), nullable=False),
    sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('birth_count', sa.Integer(), nullable=False),
    sa.Column('birth_order', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('bundle_id', sa.Uuid(), nullable=True),
    sa.Column('differences', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('demanded_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['bundle_id'], ['bundle.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bundle_id'),
    sa.UniqueConstraint('institution_code', 'institution_notification_id', name='uq_birth_notification_source')
    )
    with op.batch_alter_table('birth_notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_birth_notification_birth_date'), ['birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_birth_notification_mother_rrn_lookup'), ['mother_rrn_lookup'], unique=False)
        batch_op.create_index(batch_op.f('ix_birth_notification_office_code'), ['office_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_birth_notification_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('birth_notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_birth_notification_status'))
        batch_op.drop_index(batch_op.f('ix_birth_notification_office_code'))
        batch_op.drop_index(batch_op.f('ix_birth_notification_mother_rrn_lookup'))
        batch_op.drop_index(batch_op.f('ix_birth_notification_birth_date'))

    op.drop_table('birth_notification')
