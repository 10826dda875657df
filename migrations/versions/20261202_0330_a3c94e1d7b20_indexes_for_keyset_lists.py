"""indexes for keyset lists

The audit log, organizations, administrative units and users are paged by keyset (the rows
after the last one shown, in the list's order): each filter of these lists with the list's
order is now one index range. The audit log's single-column indexes on its time, user and
action are replaced by the same columns followed by the order (occurred_at, id).

Revision ID: a3c94e1d7b20
Revises: b6e1c4a9d203
Create Date: 2026-12-02 03:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c94e1d7b20'
down_revision = 'b6e1c4a9d203'
branch_labels = None
depends_on = None

REPLACED = [
    ('audit_entries', 'ix_audit_entries_occurred_at', ['occurred_at']),
    ('audit_entries', 'ix_audit_entries_user_id', ['user_id']),
    ('audit_entries', 'ix_audit_entries_action', ['action']),
    ('organizations', 'ix_organizations_sort_key', ['sort_key']),
]
ADDED = [
    ('audit_entries', 'ix_audit_entries_occurred_at_id', ['occurred_at', 'id']),
    ('audit_entries', 'ix_audit_entries_user_id_occurred_at_id', ['user_id', 'occurred_at', 'id']),
    ('audit_entries', 'ix_audit_entries_action_occurred_at_id', ['action', 'occurred_at', 'id']),
    ('audit_entries', 'ix_audit_entries_entity_type_occurred_at_id',
     ['entity_type', 'occurred_at', 'id']),
    ('organizations', 'ix_organizations_sort_key_id', ['sort_key', 'id']),
    ('organizations', 'ix_organizations_level_sort_key_id', ['level', 'sort_key', 'id']),
    ('administrative_units', 'ix_administrative_units_scheme_level_sort_key_id',
     ['scheme', 'level', 'sort_key', 'id']),
    ('users', 'ix_users_role_username', ['role', 'username']),
    ('users', 'ix_users_active_username', ['active', 'username']),
]


def upgrade():
    # No batch mode: these tables carry triggers (append-only, search) that a rebuild drops.
    for table, name, columns in ADDED:
        op.create_index(name, table, columns)
    for table, name, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for table, name, columns in REPLACED:
        op.create_index(name, table, columns)
    for table, name, _columns in ADDED:
        op.drop_index(name, table_name=table)
