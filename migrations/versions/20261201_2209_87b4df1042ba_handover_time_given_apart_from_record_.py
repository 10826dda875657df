"""handover time given apart from record time

A ceremony recorded afterwards carries its real date and time in ``handed_over_at``; the new
``recorded_at`` says when the record was made. Existing records were made at the handover, so
they get the same moment.

Revision ID: 87b4df1042ba
Revises: 72f56708885c
Create Date: 2026-12-01 22:09:05.630933

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '87b4df1042ba'
down_revision = '72f56708885c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('gift_handovers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_at', sa.DateTime(), nullable=True,
                                      comment='when it was recorded'))
        batch_op.alter_column('handed_over_at', existing_type=sa.DateTime(),
                              existing_nullable=False,
                              comment='when she received it (a ceremony may be recorded later)')
    op.execute('UPDATE gift_handovers SET recorded_at = handed_over_at')
    with op.batch_alter_table('gift_handovers', schema=None) as batch_op:
        batch_op.alter_column('recorded_at', existing_type=sa.DateTime(), nullable=False,
                              existing_comment='when it was recorded')


def downgrade():
    with op.batch_alter_table('gift_handovers', schema=None) as batch_op:
        batch_op.alter_column('handed_over_at', existing_type=sa.DateTime(),
                              existing_nullable=False, comment=None,
                              existing_comment='when she received it (a ceremony may be'
                                               ' recorded later)')
        batch_op.drop_column('recorded_at')
