"""Paging through a query: one COUNT and one page of rows, whatever the table's size.

Ours rather than Flask-SQLAlchemy's ``paginate``, which runs the OFFSET query before counting:
``?page=10**20`` would reach PostgreSQL as an out-of-range OFFSET, and a page past the end would
show nothing instead of the last page. It is offset paging: the lists that grow to a nation's
size will need keyset paging."""

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """1-based position of the first row shown; 0 when there is none."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1 if self.items else 0

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to link, with ``None`` for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages, *range(self.number - radius, self.number + radius + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        result: list[int | None] = []
        for previous, current in zip([0, *numbers], numbers, strict=False):
            if current - previous > 1:
                result.append(None)
            result.append(current)
        return result


def paginate(session, statement: sa.Select, number: int, per_page: int = PER_PAGE) -> Page:
    """The ``number``-th page of ``statement`` (pages past the end show the last page)."""
    total = session.scalar(
        sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    )
    pages = max(1, math.ceil(total / per_page))
    number = min(max(1, number), pages)
    items = session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=list(items), number=number, per_page=per_page, total=total)


def page_link(number: int) -> str:
    """This page's address with its filters kept and the page number replaced. Built from the
    path, not from ``url_for(**request.args)``, so no query parameter can break the link."""
    from flask import request
    from werkzeug.urls import urlencode

    args = request.args.copy()
    args["page"] = str(number)
    return f"{request.path}?{urlencode(args)}"


def init_app(app) -> None:
    app.add_template_global(page_link)
