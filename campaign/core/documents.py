"""A report's table described once: its columns, and how each kind of value is written on
paper, in CSV and in XLSX (docs/architecture.md, "Reports and exports").

A report's query yields plain tuples, one value per :class:`Column`; the print view formats
them with :func:`printed`, the spreadsheets take them through :func:`spreadsheet_rows`.
"""

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from campaign.core.formatting import (
    date_text,
    datetime_text,
    day_text,
    moment_texts,
    number_text,
)
from campaign.core.money import money_text


class Kind(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"  # grouped in print: 1.250
    YEAR = "year"  # a number printed as it is: 1985
    MONEY = "money"  # đồng
    DATE = "date"
    MOMENT = "moment"  # an aware datetime, shown in the display time zone
    SIGNATURE = "signature"  # an empty box to sign on paper; not in spreadsheets


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) translated text
    kind: Kind = Kind.TEXT
    width: int | None = None  # its share of the printed table's width, in per cent (3–40)

    @property
    def in_spreadsheets(self) -> bool:
        return self.kind is not Kind.SIGNATURE

    @property
    def numeric(self) -> bool:
        return self.kind in (Kind.NUMBER, Kind.YEAR, Kind.MONEY)


def printed(value: Any, kind: Kind) -> str:
    """A cell as the print view shows it."""
    if value is None or kind is Kind.SIGNATURE:
        return ""
    if isinstance(value, str):  # already as it is to be read: "< 5" in a column of counts
        return value
    if kind is Kind.MONEY:
        return money_text(value)
    if kind is Kind.NUMBER:
        return number_text(value)
    if kind is Kind.DATE:
        return date_text(value)
    if kind is Kind.MOMENT:
        return datetime_text(value)
    return str(value)


def spreadsheet_headers(columns: Sequence[Column]) -> list[str]:
    return [str(column.header) for column in columns if column.in_spreadsheets]


def money_positions(columns: Sequence[Column]) -> set[int]:
    """Where the money columns fall among the spreadsheet columns."""
    kept = [column for column in columns if column.in_spreadsheets]
    return {position for position, column in enumerate(kept) if column.kind is Kind.MONEY}


def text_positions(columns: Sequence[Column]) -> list[int]:
    """Where the text columns fall among the spreadsheet columns: the cells a formula guard
    must look at (numbers and dates cannot start a formula)."""
    kept = [column for column in columns if column.in_spreadsheets]
    return [position for position, column in enumerate(kept) if column.kind is Kind.TEXT]


def spreadsheet_rows(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, as_text: bool
) -> Iterator[list[Any]]:
    """The rows without their signature columns. ``as_text`` (CSV) writes dates as dd/mm/yyyy
    and moments as hh:mm dd/mm/yyyy in the display time zone; otherwise (XLSX) they stay typed
    values for the writer."""
    kept = [position for position, column in enumerate(columns) if column.in_spreadsheets]
    converters: dict[int, Callable[[Any], Any]] = {}
    if as_text:
        moment = moment_texts()
        for index, position in enumerate(kept):
            if columns[position].kind is Kind.DATE:
                converters[index] = day_text
            elif columns[position].kind is Kind.MOMENT:
                converters[index] = moment
    width = len(columns) if len(kept) == len(columns) else None
    for row in rows:  # a row may carry values after its columns (a receipt list's unit): left out
        cells = list(row) if len(row) == width else [row[position] for position in kept]
        for index, convert in converters.items():
            if cells[index] is not None:
                cells[index] = convert(cells[index])
        yield cells


@dataclass
class Table:
    """A table of a printed document; ``total`` is its printed last row, ``after`` the lines
    under it (the amount in words)."""

    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    caption: str | None = None
    total: Sequence[str] | None = None
    after: Sequence[str] = ()
    empty_text: str | None = None


@dataclass(frozen=True)
class Figure:
    """A chart of a printed document: its SVG, already labelled for screen readers."""

    svg: Any  # Markup
    caption: str | None = None


@dataclass
class Sheet:
    """What starts on a new page with its own letterhead: the whole document, or one unit's
    part of it; its tables and figures in the order they print."""

    blocks: Sequence[Table | Figure]
    heading: str | None = None
    paragraphs: Sequence[str] = ()


@dataclass(frozen=True)
class Signature:
    title: str
    name: str | None = None
    dated: bool = False  # the place and date line above it (a report's signer)


@dataclass
class Document:
    """A printed document (templates/reports/print/document.html)."""

    title: str
    issuer: str
    number: str
    place_and_date: str
    sheets: Sequence[Sheet]
    issuer_parent: str | None = None
    subtitles: Sequence[str] = ()
    signatures: Sequence[Signature] = ()
    recipients: Sequence[str] = ()
    landscape: bool = False
    closing_each_sheet: bool = False  # every sheet is signed (a list split by unit)


def date_line(place: str, day: dt.date) -> str:
    """"Hà Nội, ngày 03 tháng 12 năm 2026": days 1–9 and months 1–2 with a leading zero, the
    other months without, as Decree 30/2020 writes them ("ngày 14 tháng 11", "ngày 05 tháng 3")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _(
        "%(place)s, %(day)s/%(month)s/%(year)s",
        place=place, day=f"{day.day:02d}", month=month, year=day.year,
    )  # fmt: skip


def init_app(app) -> None:
    app.add_template_filter(printed, "printed")
