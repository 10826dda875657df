"""Searching a diacritic-free key anywhere in it ("thi lan" finds "Nguyễn Thị Lan"), served by
an index on both databases rather than a scan of the table (docs/architecture.md, "The read side
at scale").

PostgreSQL: a trigram index (``pg_trgm``, GIN) on the key column serves ``LIKE '%…%'`` itself.
SQLite: a full-text table with the trigram tokenizer mirrors the key column (kept by triggers)
and answers the same ``LIKE`` from its index. Neither can serve fewer than three letters: such
a query is matched by ``LIKE`` alone. The models cannot state these indexes (a virtual table is
not a table SQLAlchemy knows): a model declares its index with :func:`declare_search_index`
(DDL run after the table is created, as the audit triggers are), the migrations write the same
SQL, tests/migrations/test_database_rules.py holds the two alike, and Alembic's drift check
leaves them out (:func:`is_search_index`). The trigram operator class lives in the ``public``
schema, where the migration installs ``pg_trgm``. A migration that rebuilds such a table on SQLite
(batch mode) drops its triggers and must create them again; a test checks they are there."""

import sqlalchemy as sa

from campaign.core.text import like_pattern, search_key

TRIGRAM = 3
"""The shortest key either index can look up."""
_WILDCARDS = ("%", "_", "\\")


def search_table(table: str) -> str:
    """SQLite's full-text mirror of ``table``'s key."""
    return f"{table}_search"


def trigram_index(table: str, column: str) -> str:
    """PostgreSQL's trigram index on ``table.column``."""
    return f"ix_{table}_{column}_trgm"


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a schema object is one of the search indexes (for the drift check)."""
    if not name:
        return False
    if type_ == "table":
        shadows = ("", "_data", "_idx", "_docsize", "_config", "_content")
        return any(name.endswith(f"_search{shadow}") for shadow in shadows)
    return type_ == "index" and name.endswith("_trgm")


def search_index_ddl(dialect: str, table: str, column: str = "search_key") -> list[str]:
    """The statements that create ``table.column``'s search index on ``dialect``."""
    if dialect == "postgresql":
        return [
            f"CREATE INDEX {trigram_index(table, column)} ON {table} "
            f"USING gin ({column} public.gin_trgm_ops)"
        ]
    mirror = search_table(table)
    remove = (
        f"INSERT INTO {mirror}({mirror}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    )
    add = f"INSERT INTO {mirror}(rowid, {column}) VALUES (new.id, new.{column});"
    return [
        f"CREATE VIRTUAL TABLE {mirror} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {mirror}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {mirror}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {mirror}_update AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {remove} {add} END",
    ]


def declare_search_index(table: sa.Table, column: str = "search_key") -> None:
    """Create ``table.column``'s search index whenever the models create the table."""
    for dialect in ("postgresql", "sqlite"):
        for statement in search_index_ddl(dialect, table.name, column):
            sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect=dialect))


def key_matches(session, column, query: str):
    """A condition: ``column`` (a search key, with an ``id`` beside it in its table) contains
    ``query`` folded to a key, looked up in the column's search index where one can serve."""
    wanted = search_key(query)
    condition = column.like(like_pattern(query), escape="\\")
    if (
        session.get_bind().dialect.name != "sqlite"
        or len(wanted) < TRIGRAM
        or any(mark in wanted for mark in _WILDCARDS)
    ):
        return condition
    key_column = column.expression
    mirror = sa.table(search_table(key_column.table.name), sa.column("rowid"),
                      sa.column(key_column.name))  # fmt: skip
    return key_column.table.c.id.in_(
        sa.select(mirror.c.rowid).where(mirror.c[key_column.name].like(f"%{wanted}%"))
    )
