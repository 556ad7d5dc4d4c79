"""index open occurrences by due date

``status`` and the plan read the open occurrences due up to a day (and those the catalogue
names, by key) instead of every stored occurrence: an index range scan on (status, due).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:15:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('occurrence', schema=None) as batch_op:
        batch_op.create_index('ix_occurrence_status_due', ['status', 'due'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('occurrence', schema=None) as batch_op:
        batch_op.drop_index('ix_occurrence_status_due')
