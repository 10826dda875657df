"""the event and official lists' orders served by indexes

The event list pages by keyset in each of its orders (date, title, kind, status), after its
filters (campaign, kind, status): each order gets an index ending with the id, and the
campaign's index leads into the date order. The unit filter reads a unit's events from
(unit_id, event_id) alone. The official list pages by (sort_key, id). Each new index takes the
place of the one-column index it begins with.

Revision ID: b6e1c4a9d203
Revises: 5d82b1e00e33
Create Date: 2026-12-02 03:15:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "b6e1c4a9d203"
down_revision = "5d82b1e00e33"
branch_labels = None
depends_on = None

NEW = (
    ("events", "ix_events_starts_at_id", ["starts_at", "id"]),
    ("events", "ix_events_campaign_id_starts_at_id", ["campaign_id", "starts_at", "id"]),
    ("events", "ix_events_kind_starts_at_id", ["kind", "starts_at", "id"]),
    ("events", "ix_events_status_starts_at_id", ["status", "starts_at", "id"]),
    ("events", "ix_events_title_id", ["title", "id"]),
    ("event_units", "ix_event_units_unit_id_event_id", ["unit_id", "event_id"]),
    ("officials", "ix_officials_sort_key_id", ["sort_key", "id"]),
)
REPLACED = (
    ("events", "ix_events_starts_at", ["starts_at"]),
    ("events", "ix_events_campaign_id", ["campaign_id"]),
    ("event_units", "ix_event_units_unit_id", ["unit_id"]),
    ("officials", "ix_officials_sort_key", ["sort_key"]),
)


def upgrade():
    # plain CREATE/DROP INDEX: batch mode would rebuild officials on SQLite and drop the
    # triggers of its search index
    for table, name, columns in NEW:
        op.create_index(name, table, columns, unique=False)
    for table, name, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for table, name, columns in REPLACED:
        op.create_index(name, table, columns, unique=False)
    for table, name, _columns in NEW:
        op.drop_index(name, table_name=table)
