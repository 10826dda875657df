"""From rows of cells to a :class:`Sheet`: the header row found by its spellings, the data
rows below it read by column, formulas and merged cells made problems of their rows."""

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask_babel import gettext

from campaign.core.formatting import number_text
from campaign.core.spreadsheet_reading.sheet import Sheet, SheetRow, SpreadsheetError, empty_file
from campaign.core.text import normalize_text, search_key

HEADER_SEARCH_ROWS = 20
"""The header row must be among the first this many rows."""


MergedRange = tuple[int, int, int, int, str]  # first row, last row, first col, last col, "B5:C7"


def clean(value: str) -> str:
    """:func:`normalize_text`: stripped, NFC, Đ for the look-alike Ð, invisible characters
    (zero-width ones copied from the web, control characters) dropped, ASCII digits."""
    return normalize_text(value) or ""


def _header_key(text: str) -> str:
    return "".join(ch for ch in search_key(text) if ch.isalnum())


def header_spellings(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header key → column key; the first column claiming a spelling keeps it."""
    spellings: dict[str, str] = {}
    for key, names in columns.items():
        for name in names:
            if header_key := _header_key(name):
                spellings.setdefault(header_key, key)
    return spellings


def needed(columns: dict[str, tuple[str, ...]]) -> int:
    return min(2, len(columns))


def match_header(texts: Sequence[str], spellings: dict[str, str]) -> dict[int, str]:
    """Column index → column key, for the cells of one row that are known headers."""
    found: dict[int, str] = {}
    for index, text in enumerate(texts):
        key = spellings.get(_header_key(text) or "\0") if text else None
        if key is not None and key not in found.values():
            found[index] = key
    return found


def build_sheet(
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: dict[str, tuple[str, ...]],
    max_rows: int,
    *,
    text: Callable[[Any], str],
    is_formula: Callable[[Any], bool] | None,
    sheet_name: str | None,
    merged_ranges: Callable[[], list[MergedRange]] | None,
) -> Sheet:
    spellings = header_spellings(columns)
    iterator = iter(rows)
    header_number, mapping, header_texts = 0, {}, []
    anything = False
    for number, cells in iterator:
        if number > HEADER_SEARCH_ROWS:
            break
        texts = ["" if is_formula and is_formula(cell) else text(cell) for cell in cells]
        anything = anything or any(texts)
        mapping = match_header(texts, spellings)
        if len(mapping) >= needed(columns):
            header_number, header_texts = number, texts
            break
    if not header_number:
        if not anything:
            raise empty_file()
        raise _no_header(columns, sheet_name)

    read: list[tuple[int, dict[str, str], list[str]]] = []
    for number, cells in iterator:
        values = dict.fromkeys(columns, "")
        problems: list[str] = []
        for index, key in mapping.items():
            if index >= len(cells):
                continue
            cell = cells[index]
            if is_formula is not None and is_formula(cell):
                problems.append(
                    gettext(
                        "Column “%(column)s” holds a formula; type the value itself instead.",
                        column=header_texts[index],
                    )
                )
            else:
                values[key] = text(cell)
        if not problems and not any(values.values()):
            continue
        if len(read) >= max_rows:
            raise SpreadsheetError(
                "too_many_rows",
                gettext(
                    "The list has more than %(limit)s rows, the most one file may hold. Split it "
                    "into several files and upload them one at a time.",
                    limit=number_text(max_rows),
                ),
            )
        read.append((number, values, problems))

    if read and merged_ranges is not None:
        _flag_merged_cells(read, merged_ranges(), header_number, set(mapping))
    missing = [key for key in columns if key not in mapping.values()]
    return Sheet(
        rows=[SheetRow(number, values, problems) for number, values, problems in read],
        missing_columns=missing,
    )


def _no_header(columns: dict[str, tuple[str, ...]], sheet_name: str | None) -> SpreadsheetError:
    headers = ", ".join(f"“{names[0]}”" for names in columns.values() if names)
    if sheet_name is None:
        message = gettext(
            "No row of column headers was found in the first %(count)s rows. Put the column "
            "headers in one row, named like this: %(headers)s.",
            count=HEADER_SEARCH_ROWS,
            headers=headers,
        )
    else:
        message = gettext(
            "No row of column headers was found in the first %(count)s rows of sheet "
            "“%(sheet)s”. Put the column headers in one row, named like this: %(headers)s. If "
            "the list is on another sheet, open that sheet, save the file and upload it again.",
            count=HEADER_SEARCH_ROWS,
            sheet=sheet_name,
            headers=headers,
        )
    return SpreadsheetError("no_header", message)


def _flag_merged_cells(
    read: list[tuple[int, dict[str, str], list[str]]],
    ranges: list[MergedRange],
    header_number: int,
    indexes: set[int],
) -> None:
    """A problem on each data row covered by merged cells that reach a column being read.

    Merged titles above the header row are fine. Rows and ranges are swept in order, so a
    hostile file with many overlapping ranges costs no more than sorting them.
    """
    relevant = sorted(
        (first_row, last_row, reference)
        for first_row, last_row, first_col, last_col, reference in ranges
        if last_row > header_number and any(first_col <= index + 1 <= last_col for index in indexes)
    )
    active: list[tuple[int, str]] = []
    position = 0
    for number, _values, problems in read:
        while position < len(relevant) and relevant[position][0] <= number:
            heapq.heappush(active, (relevant[position][1], relevant[position][2]))
            position += 1
        while active and active[0][0] < number:
            heapq.heappop(active)
        if active:
            cells = ", ".join(sorted(reference for _, reference in active[:3]))
            problems.append(
                gettext(
                    "Cells %(cells)s are merged; unmerge them and fill in every cell.",
                    cells=cells,
                )
            )
