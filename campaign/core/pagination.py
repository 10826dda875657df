"""Paging through a list by keyset: the rows after (or before) the last one shown, in the list's
order, so that every page costs the same whatever its depth (docs/architecture.md, "The read
side at scale").

A page's address carries a cursor, the order key of a row at its edge: ``?after=…`` for the
next page, ``?before=…`` for the previous one, ``?last=1`` for the end of the list, and
``?from=…`` (read by the list, see :func:`keyset_page`'s ``start``) to jump to a name or a date.
The count beside it is capped: counting a million rows to print "1,000,000" is a scan, so past
:data:`COUNT_CAP` rows the page says "more than 1,000".

One page is at most three statements: the capped count, the rows, and what the rows load with
them (``selectinload``)."""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from campaign.core.errors import DomainError

PER_PAGE = 50
COUNT_CAP = 1000
"""Counted exactly up to here; beyond, "more than 1,000"."""

BAD_CURSOR = _l("This page's address is damaged. Open the list again from its first page.")
_LARGEST_INTEGER = 2**63 - 1


@dataclass(frozen=True)
class Count:
    """How many rows match: exact up to :data:`COUNT_CAP`, else "more than" it."""

    value: int
    more: bool = False


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    count: Count
    per_page: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_pages(self) -> bool:
        return self.has_next or self.has_previous


@dataclass(frozen=True)
class Order:
    """A list's order: columns that end with a unique one, all ascending or all descending."""

    columns: tuple[Any, ...]
    descending: bool = False

    def by(self, backwards: bool = False) -> list:
        descending = self.descending != backwards
        return [column.desc() if descending else column.asc() for column in self.columns]

    def beyond(self, key: Sequence[Any], backwards: bool = False, inclusive: bool = False):
        """Rows past ``key`` in this order (or before it, ``backwards``); a shorter ``key`` is a
        prefix of the columns, for a jump."""
        columns = self.columns[: len(key)]
        values = [
            sa.literal(value, type_=column.type) for value, column in zip(key, columns, strict=True)
        ]
        if len(key) == 1:
            columns, values = columns[0], values[0]
        else:
            columns, values = sa.tuple_(*columns), sa.tuple_(*values)
        if self.descending != backwards:
            return columns <= values if inclusive else columns < values
        return columns >= values if inclusive else columns > values


def encode_cursor(key: Sequence[Any]) -> str:
    """An order key as a short, address-safe text."""
    values = [
        {"d": value.isoformat()}
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        else {"t": value.isoformat()}
        if isinstance(value, dt.datetime)
        else value
        for value in key
    ]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Order) -> tuple:
    """The order key of ``cursor``, checked against the order's columns; a damaged or forged
    cursor is refused with a 400, never sent to the database."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
        if not isinstance(values, list) or len(values) != len(order.columns):
            raise ValueError
        return tuple(
            _typed(value, _python_type(column.type))
            for value, column in zip(values, order.columns, strict=True)
        )
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, OverflowError):
        raise DomainError("bad_cursor", str(BAD_CURSOR), status=400) from None


def _python_type(column_type) -> type:
    return getattr(column_type, "impl", column_type).python_type


def _typed(value: Any, python_type: type) -> Any:
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value["t"])
    if python_type is dt.date:
        return dt.date.fromisoformat(value["d"])
    if python_type is bool or not isinstance(value, python_type) or isinstance(value, bool):
        raise ValueError
    if isinstance(value, int) and abs(value) > _LARGEST_INTEGER:
        raise ValueError
    if isinstance(value, str) and "\x00" in value:
        raise ValueError
    return value


def capped_count(session, statement: sa.Select, cap: int = COUNT_CAP) -> Count:
    """How many rows ``statement`` yields, reading at most ``cap + 1`` of them."""
    limited = statement.order_by(None).limit(cap + 1).subquery()
    total = session.scalar(sa.select(sa.func.count()).select_from(limited))
    return Count(cap, more=True) if total > cap else Count(total)


def keyset_page(
    session,
    statement: sa.Select,
    order: Order,
    key: Callable[[Any], Sequence[Any]],
    args,
    *,
    start: Sequence[Any] | None = None,
    per_page: int = PER_PAGE,
    rows: bool = False,
) -> KeysetPage:
    """The page of ``statement`` that ``args`` (the request's query) asks for.

    ``key`` gives a shown item's order key (the values of ``order.columns``); ``start`` is the
    key prefix of a jump (``?from=``, read by the list); ``rows`` returns result rows rather
    than the first entity of each."""
    after, before = args.get("after"), args.get("before")
    backwards = bool(before) or (args.get("last") == "1" and not after)
    page_statement = statement.order_by(*order.by(backwards)).limit(per_page + 1)
    if after:
        page_statement = page_statement.where(order.beyond(decode_cursor(after, order)))
    elif before:
        page_statement = page_statement.where(
            order.beyond(decode_cursor(before, order), backwards=True)
        )
    elif start and not backwards:
        page_statement = page_statement.where(order.beyond(start, inclusive=True))
    count = capped_count(session, statement)
    result = session.execute(page_statement) if rows else session.scalars(page_statement)
    items = list(result.all())
    more_beyond = len(items) > per_page
    items = items[:per_page]
    if before and not more_beyond:  # back at the start: show the first page in full
        return keyset_page(session, statement, order, key, {}, per_page=per_page, rows=rows)
    if backwards:
        items.reverse()
    first, last = (encode_cursor(key(items[0])), encode_cursor(key(items[-1]))) if items else (
        None, None)  # fmt: skip
    if backwards:
        has_previous, has_next = more_beyond, bool(before) and bool(items)
    else:
        has_previous, has_next = bool(after or start) and bool(items), more_beyond
    return KeysetPage(
        items=items,
        count=count,
        per_page=per_page,
        next_cursor=last if has_next else None,
        previous_cursor=first if has_previous else None,
    )


def page_link(**changes: str | None) -> str:
    """This page's address with its filters kept and the paging arguments replaced by
    ``changes`` (``after=…``, ``before=…``, ``last="1"``, or none for the first page). Built
    from the path, not from ``url_for(**request.args)``, so no query parameter can break it."""
    from flask import request
    from werkzeug.urls import urlencode

    args = request.args.copy()
    for paging in ("after", "before", "last", "page", *(() if changes else ("from",))):
        args.poplist(paging)
    for name, value in changes.items():
        if value is not None:
            args[name] = value
    return f"{request.path}?{urlencode(args)}" if args else request.path


def filtered_link(endpoint: str, values: dict | None = None, **changes: str | None) -> str:
    """The address of ``endpoint`` (with its path ``values``) carrying this page's filters, its
    paging and format left out and ``changes`` set (``format="csv"``): the same list printed or
    exported. Built like :func:`page_link`, so no query parameter can break it."""
    from flask import request, url_for
    from werkzeug.urls import urlencode

    args = request.args.copy()
    for dropped in ("after", "before", "last", "page", "format"):
        args.poplist(dropped)
    for name, value in changes.items():
        if value is not None:
            args[name] = value
    path = url_for(endpoint, **(values or {}))
    return f"{path}?{urlencode(args)}" if args else path


def init_app(app) -> None:
    app.add_template_global(page_link)
    app.add_template_global(filtered_link)
