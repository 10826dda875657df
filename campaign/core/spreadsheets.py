"""Writing rows for spreadsheet programs: one place guards against formula injection.

A cell that starts with ``= + - @``, a tab or a carriage return would run as a formula when the
file is opened in Excel or LibreOffice; such text cells get a leading apostrophe. CSV is UTF-8
with a BOM, so that Excel reads Vietnamese correctly, and streamed in pieces of many rows.

XLSX files (:func:`xlsx_bytes`) store every text as a text cell, so nothing in them is a
formula; text that would look like one when edited gets Excel's "quote prefix" instead of an
apostrophe, so that the value reads back unchanged (``core.spreadsheet_reading`` reads them).
"""

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should store it: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    lines_per_piece: int = 1000,
    typed: Sequence[int] | None = None,
) -> Iterator[str]:
    """The CSV file in pieces: BOM and headers first, then ``lines_per_piece`` rows at a time
    (one small string per row would make a long download slow under WSGI).

    ``typed`` names the positions of the columns that can hold text someone typed: only those
    are guarded (the others hold numbers, dates and the application's own labels, and a check
    of every cell of a 500,000-row export costs a second). Without it every cell is guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def guarded(values: Sequence[Any]) -> list[Any]:
        """neutralise() inlined: a call per cell costs seconds on big exports. A list is the
        caller's own (``core.documents.spreadsheet_rows`` makes one per row): changed in place."""
        if type(values) is not list:
            values = list(values)
        for position in range(len(values)) if typed is None else typed:
            value = values[position]
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                values[position] = "'" + value
        return values

    def piece(lines: Iterable[Sequence[Any]]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(guarded, lines))
        return buffer.getvalue()

    yield UTF8_BOM + piece([[str(header) for header in headers]])
    rows = iter(rows)
    while lines := list(itertools.islice(rows, lines_per_piece)):
        yield piece(lines)


_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MIN_WIDTH, _MAX_WIDTH, _MAX_HEADER_WIDTH = 6, 50, 24
_BORDER = {"border": 1, "valign": "top"}


def _sheet_name(name: str) -> str:
    """A name Excel accepts: no [ ] : * ? / \\, not quoted, at most 31 characters."""
    cleaned = _SHEET_NAME_FORBIDDEN.sub("-", str(name)).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


def _width(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def xlsx_bytes(
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> bytes:
    """A small XLSX workbook of one sheet, built in memory (:func:`write_xlsx`)."""
    output = io.BytesIO()
    write_xlsx(output, sheet_name, headers, rows, title=title, notes=notes)
    return output.getvalue()


def write_xlsx(
    target: Any,
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
    money: Collection[int] = (),
    time_zone: dt.tzinfo | None = None,
    streamed: bool = False,
) -> int:
    """An XLSX workbook of one sheet written to ``target`` (a path or a binary file): title and
    notes, a bold header row, then the rows; returns the number of rows written.

    Texts are text cells (a phone's leading zero stays; nothing is a formula); numbers are
    numbers, those at the positions in ``money`` grouped as đồng; dates show as dd/mm/yyyy and
    moments as hh:mm dd/mm/yyyy, in ``time_zone``. Columns are formatted as text, so what is
    typed into them later keeps its leading zeros too. The header row stays in view when
    scrolling, carries filters, and is repeated on every printed page (A4 landscape, one page
    wide). ``streamed`` writes each row out as it comes (xlsxwriter's constant-memory mode,
    through temporary files): memory stays flat however many rows; ``target`` must then be a
    path or a file on disk.
    """
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True} if streamed else {"in_memory": True}
    )
    formats = _formats(workbook)
    sheet = workbook.add_worksheet(_sheet_name(sheet_name))

    def write_text(row: int, column: int, text: str, cell_format: Any) -> None:
        if neutralise(text) != text:  # would turn into a formula when edited
            cell_format = formats["quoted"] if cell_format is formats["text"] else cell_format
        sheet.write_string(row, column, text, cell_format)

    row_index = 0
    for line in str(title or "").splitlines():
        write_text(row_index, 0, line, formats["title"])
        row_index += 1
    for note in notes:
        write_text(row_index, 0, str(note), formats["note"])
        row_index += 1
    if row_index:
        row_index += 1  # a blank row between the titles and the table

    header_row = row_index
    widths = []
    for column, header in enumerate(headers):
        header = str(header)
        write_text(header_row, column, header, formats["header"])
        longest_word = max((len(word) for word in header.split()), default=0)
        widths.append(max(longest_word, min(_width(header), _MAX_HEADER_WIDTH)))

    row_index = header_row
    for row_index, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(row):
            if value is None or value == "":
                sheet.write_blank(row_index, column, None, formats["blank"])
                continue
            if isinstance(value, bool):
                text = "TRUE" if value else "FALSE"
                sheet.write_boolean(row_index, column, value, formats["number"])
            elif isinstance(value, int | float):
                text = f"{value:,} đ" if column in money else str(value)
                cell_format = formats["money"] if column in money else formats["number"]
                sheet.write_number(row_index, column, value, cell_format)
            elif isinstance(value, dt.datetime):
                text = "hh:mm dd/mm/yyyy"
                if value.tzinfo is not None:
                    value = value.astimezone(time_zone or dt.UTC).replace(tzinfo=None)
                sheet.write_datetime(row_index, column, value, formats["moment"])
            elif isinstance(value, dt.date):
                text = "dd/mm/yyyy  "
                moment = dt.datetime.combine(value, dt.time())
                sheet.write_datetime(row_index, column, moment, formats["date"])
            else:
                text = str(value)
                write_text(row_index, column, text, formats["text"])
            if column >= len(widths):
                widths.append(0)
            widths[column] = max(widths[column], _width(text))

    for column, width in enumerate(widths):
        width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.set_column(column, column, width, formats["column"])
    sheet.freeze_panes(header_row + 1, 0)
    if headers:
        sheet.autofilter(header_row, 0, row_index, len(headers) - 1)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as needed
    sheet.repeat_rows(header_row)
    sheet.set_footer("&C&P/&N")
    workbook.close()
    return row_index - header_row


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    """The cell formats of :func:`write_xlsx`, by what they are for."""
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "note": workbook.add_format({"italic": True}),
        "header": workbook.add_format(
            {"bold": True, "text_wrap": True, "border": 1, "align": "center",
             "valign": "vcenter", "bg_color": "#D9E1F2"}
        ),
        "column": workbook.add_format({"num_format": "@"}),
        "text": workbook.add_format({**_BORDER, "num_format": "@", "text_wrap": True}),
        "quoted": workbook.add_format(
            {**_BORDER, "num_format": "@", "text_wrap": True, "quote_prefix": True}
        ),
        "number": workbook.add_format(_BORDER),
        "money": workbook.add_format({**_BORDER, "num_format": "#,##0"}),
        "date": workbook.add_format({**_BORDER, "num_format": "dd/mm/yyyy"}),
        "moment": workbook.add_format({**_BORDER, "num_format": "hh:mm dd/mm/yyyy"}),
        "blank": workbook.add_format({**_BORDER, "num_format": "@"}),
    }
