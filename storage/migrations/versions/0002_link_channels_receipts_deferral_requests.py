"""records keep their channel and role; receipts; deferral requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 16:20:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel



revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('submission', 'decision'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
            batch_op.add_column(sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
    op.create_table('receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('minute_reference', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('occurrence_id', name='uq_receipt_occurrence')
    )
    op.create_table('deferralrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('new_due', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('approver_role', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decision_note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrence.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deferralrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deferralrequest_occurrence_id'), ['occurrence_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deferralrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deferralrequest_occurrence_id'))
    op.drop_table('deferralrequest')
    op.drop_table('receipt')
    for table in ('decision', 'submission'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('role')
            batch_op.drop_column('channel')
