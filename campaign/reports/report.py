"""What every report is: one query's plain rows and the description of their columns, with
what its printed document adds around them (docs/architecture.md, "Reports and exports")."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from campaign.core.documents import Column, Document
from campaign.extensions import db

EXPORT_BATCH = 2000
"""Rows fetched from the database's cursor at a time while exporting."""


@dataclass
class Report:
    """A report ready to be written in any format.

    ``statement`` selects exactly one value per column, in order; ``shape`` turns a fetched row
    into the row the columns describe (a label for a code, two columns joined). ``document``
    builds the printed document from all the rows (print and PDF read them whole: a document
    is as long as what is to be signed). ``filters`` are what the audit entry records."""

    name: str
    title: str
    columns: Sequence[Column]
    statement: sa.Select
    document: Callable[[list[Sequence[Any]]], Document]
    filename: str
    filters: dict[str, Any] = field(default_factory=dict)
    shape: Callable[[Sequence[Any]], Sequence[Any]] | None = None
    entity_type: str = "report"
    entity_id: int | None = None

    def rows(self) -> Iterator[Sequence[Any]]:
        """The rows, streamed from a server-side cursor in batches; the cursor is closed even if
        the reader stops early (a download cut short)."""
        result = db.session.connection().execute(
            self.statement.execution_options(yield_per=EXPORT_BATCH)
        )
        try:
            if self.shape is None:
                yield from result
            else:
                yield from map(self.shape, result)
        finally:
            result.close()

    def count(self) -> int:
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(self.statement.order_by(None).subquery())
        )
