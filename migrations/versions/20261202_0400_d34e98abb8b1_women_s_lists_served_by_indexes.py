"""women's lists served by indexes

The beneficiary list of a province or an old-map district, in name order, read every woman of
it and sorted them. Each woman now carries copies of her unit's province and old-map district
(``province_id``, ``district_id``, filled from her unit: backfilled here), and the list of a
unit, of a district, of a province or of everyone is read in name order from an index
(replacing the single-column indexes on ``unit_id`` and ``sort_key``, which these lead with).
A programme's nominees of one status (the handover screen's awaiting list) are read in the
order of their numbers. No batch mode: on SQLite it would rebuild ``beneficiaries`` and drop
its search triggers.

Revision ID: d34e98abb8b1
Revises: a3c94e1d7b20
Create Date: 2026-12-02 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd34e98abb8b1'
down_revision = 'a3c94e1d7b20'
branch_labels = None
depends_on = None

NAME_ORDERS = {
    'ix_beneficiaries_name_order': ['sort_key', 'id'],
    'ix_beneficiaries_unit_name_order': ['unit_id', 'sort_key', 'id'],
    'ix_beneficiaries_district_name_order': ['district_id', 'sort_key', 'id'],
    'ix_beneficiaries_province_name_order': ['province_id', 'sort_key', 'id'],
}

BACKFILL = """
UPDATE beneficiaries SET
  province_id = (SELECT CASE WHEN u.level = 'province' THEN u.id
                             WHEN u.level = 'district' OR p.level = 'province' THEN u.parent_id
                             ELSE p.parent_id END
                 FROM administrative_units u
                 LEFT JOIN administrative_units p ON p.id = u.parent_id
                 WHERE u.id = beneficiaries.unit_id),
  district_id = (SELECT CASE WHEN u.level = 'district' THEN u.id
                             WHEN p.level = 'district' THEN p.id END
                 FROM administrative_units u
                 LEFT JOIN administrative_units p ON p.id = u.parent_id
                 WHERE u.id = beneficiaries.unit_id)
"""


def upgrade():
    op.add_column('beneficiaries', sa.Column(
        'district_id', sa.Integer(), nullable=True,
        comment='the old-map district her unit is or lies in, copied from it (placed_in)'))
    op.add_column('beneficiaries', sa.Column(
        'province_id', sa.Integer(), nullable=True,
        comment='the province her unit is or lies in, copied from it (placed_in)'))
    op.execute(BACKFILL)
    op.drop_index('ix_beneficiaries_sort_key', table_name='beneficiaries')
    op.drop_index('ix_beneficiaries_unit_id', table_name='beneficiaries')
    for name, columns in NAME_ORDERS.items():
        op.create_index(name, 'beneficiaries', columns)
    op.create_index('ix_gift_nominations_status_order', 'gift_nominations',
                    ['programme_id', 'status', 'list_number', 'id'])


def downgrade():
    op.drop_index('ix_gift_nominations_status_order', table_name='gift_nominations')
    for name in NAME_ORDERS:
        op.drop_index(name, table_name='beneficiaries')
    op.create_index('ix_beneficiaries_unit_id', 'beneficiaries', ['unit_id'])
    op.create_index('ix_beneficiaries_sort_key', 'beneficiaries', ['sort_key'])
    op.drop_column('beneficiaries', 'province_id')
    op.drop_column('beneficiaries', 'district_id')
