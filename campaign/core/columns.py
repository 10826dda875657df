"""Column types shared by every area's models: UTC moments, sort keys, enum choices; and
:class:`utc_minute` and :class:`local_month`, moments read as text by the database."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A moment in time, stored as naive UTC and read back as an aware UTC ``datetime``.

    SQLite keeps no time zone, so the column is naive on both databases and the conversion
    happens here; a naive value handed in is refused rather than guessed at.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a time-zone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class utc_minute(FunctionElement):
    """A :class:`UTCDateTime` column as the text ``YYYY-MM-DD HH:MM`` (UTC), written by the
    database: an export of many rows reads a short text rather than have each value parsed
    into a ``datetime`` (``reports.audit_log`` turns it into one, which is quicker)."""

    type = sa.String()
    inherit_cache = True


@compiles(utc_minute, "sqlite")
def _utc_minute_sqlite(element, compiler, **kw) -> str:
    return f"strftime('%Y-%m-%d %H:%M', {compiler.process(element.clauses, **kw)})"


@compiles(utc_minute, "postgresql")
def _utc_minute_postgresql(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD HH24:MI')"


LOCAL_HOURS = 7
"""Hà Nội's offset from UTC in hours: Vietnam keeps no summer time (``core.dates``'s zone)."""


class local_month(FunctionElement):
    """A :class:`UTCDateTime` column as the text ``YYYY-MM`` of its month in Vietnam, worked
    out by the database: an overview counts events by month in one grouped statement."""

    type = sa.String()
    inherit_cache = True


@compiles(local_month, "sqlite")
def _local_month_sqlite(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"strftime('%Y-%m', {column}, '+{LOCAL_HOURS} hours')"


@compiles(local_month, "postgresql")
def _local_month_postgresql(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char({column} + interval '{LOCAL_HOURS} hours', 'YYYY-MM')"


def SortKey() -> sa.types.TypeEngine:
    """A ``core.text`` sort key column: compared byte by byte on every database. Unbounded,
    since a key runs to about two and a half times the length of the name."""
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def choice(enum_class: type[enum.StrEnum], name: str) -> sa.Enum:
    """A column holding one member of ``enum_class``, stored as its value with a CHECK.

    Non-native on every database, so adding a member is a one-line migration of the CHECK.
    """
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
