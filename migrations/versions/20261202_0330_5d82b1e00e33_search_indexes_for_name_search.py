"""search indexes for name search

Typing part of a name ("thi lan") searched the diacritic-free key with ``LIKE '%…%'``, a scan
of the whole table. PostgreSQL now has a trigram index (pg_trgm, GIN) on each key; SQLite a
full-text table with the trigram tokenizer mirroring the key, kept by triggers
(campaign.core.search).

Revision ID: 5d82b1e00e33
Revises: 87b4df1042ba
Create Date: 2026-12-02 03:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d82b1e00e33'
down_revision = '87b4df1042ba'
branch_labels = None
depends_on = None

TABLES = ('beneficiaries', 'officials', 'organizations', 'administrative_units')


def _statements(dialect: str, table: str) -> list[str]:
    if dialect == 'postgresql':
        return [f'CREATE INDEX ix_{table}_search_key_trgm ON {table} '
                'USING gin (search_key public.gin_trgm_ops)']
    mirror = f'{table}_search'
    remove = (f'INSERT INTO {mirror}({mirror}, rowid, search_key) '
              "VALUES ('delete', old.id, old.search_key);")
    add = f'INSERT INTO {mirror}(rowid, search_key) VALUES (new.id, new.search_key);'
    return [
        f"CREATE VIRTUAL TABLE {mirror} USING fts5(search_key, content='{table}', "
        "content_rowid='id', tokenize='trigram')",
        f'CREATE TRIGGER {mirror}_insert AFTER INSERT ON {table} BEGIN {add} END',
        f'CREATE TRIGGER {mirror}_delete AFTER DELETE ON {table} BEGIN {remove} END',
        f'CREATE TRIGGER {mirror}_update AFTER UPDATE OF search_key ON {table} '
        f'BEGIN {remove} {add} END',
        f"INSERT INTO {mirror}({mirror}) VALUES ('rebuild')",
    ]


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        # One database, many schemas (tests): install once, in public, one migration at a time.
        op.execute("SELECT pg_advisory_xact_lock(hashtext('campaign pg_trgm'))")
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public')
    for table in TABLES:
        for statement in _statements(dialect, table):
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == 'postgresql':
            op.execute(f'DROP INDEX IF EXISTS ix_{table}_search_key_trgm')
            continue
        mirror = f'{table}_search'
        for event in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER IF EXISTS {mirror}_{event}')
        op.execute(f'DROP TABLE IF EXISTS {mirror}')
