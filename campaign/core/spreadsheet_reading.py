"""Reading an uploaded table (XLSX or CSV) safely, before any of it reaches the database.

The type is decided by the content, never by the name alone: an XLSX file is a zip holding
``xl/workbook.xml``; anything else must be CSV text in UTF-8 (with or without a BOM) or UTF-16
with a BOM, as Excel's "Unicode Text" writes it. Everything else is refused with a message that
says how to save the file so that it can be read.

XLSX files are checked with :mod:`zipfile` before openpyxl opens them (sizes, compression ratio,
number of parts), and openpyxl parses them through ``defusedxml``, so that no XML entity is ever
expanded. Formulas are never evaluated: a cell holding one gives no value and a problem on its
row, and so do merged cells over data rows.

The header row is the first of the first 20 rows in which at least two expected column headers
appear; rows above it are titles. Headers match whatever their diacritics, case, spacing and
punctuation ("HỌ VÀ TÊN", "Họ và tên:", "ho va ten" are the same header).
"""

import codecs
import csv
import datetime as dt
import heapq
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from flask_babel import gettext
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from campaign.core.formatting import number_text
from campaign.core.text import normalize_text, search_key

HEADER_SEARCH_ROWS = 20
"""The header row must be among the first this many rows."""

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""An XLSX file may hold at most this much once unpacked, all its parts together."""

MAX_ZIP_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
"""A part that unpacks to more than this many times its packed size is a zip bomb …"""
RATIO_CHECK_FROM_BYTES = 1024 * 1024
"""… when it unpacks to more than this: small repetitive parts legitimately compress well."""

_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_OTHER_ZIP_MAGICS = (b"PK\x05\x06", b"PK\x07\x08")
_BINARY_MAGICS = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"RIFF",  # WebP, AVI, WAV
    b"{\\rtf",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
)
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"sep=([,;\t|])\r?\n")  # Excel's hint line: "sep=;"

_MERGE_CELL = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_MergedRange = tuple[int, int, int, int, str]  # first row, last row, first col, last col, "B5:C7"


class SpreadsheetError(Exception):
    """The file cannot be read at all.

    ``code`` is a stable word; ``message`` is translated for the user and says what to do.
    The codes: ``empty``; ``not_spreadsheet`` (a PDF, a picture, a renamed text file, junk);
    ``xls`` (an old .xls or a password-protected workbook); ``corrupt`` (a damaged zip or XML,
    XML declaring entities); ``too_large`` and ``suspicious`` (zip bomb defences); ``encoding``
    (CSV not in UTF-8); ``no_header``; ``too_many_rows``.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SheetRow:
    number: int
    """The row number the spreadsheet program shows (for CSV the record number, from 1)."""
    values: dict[str, str]
    """Every column key → the cell's text, stripped and NFC-normalised ('' when empty)."""
    problems: list[str]
    """Translated problems found while reading this row (a formula, merged cells)."""


@dataclass(frozen=True)
class Sheet:
    rows: list[SheetRow]
    """Data rows after the header row, entirely empty ones skipped."""
    missing_columns: list[str]
    """Column keys whose header was not found; the caller decides whether that matters."""


def read_table(
    filename: str,
    content: bytes,
    columns: dict[str, tuple[str, ...]],
    *,
    max_rows: int = 10_000,
) -> Sheet:
    """The data rows of an uploaded XLSX or CSV file, or :class:`SpreadsheetError`.

    ``columns`` maps a stable key ("full_name") to the header spellings accepted for it
    (("Họ và tên", "Họ tên")). Only those columns are read; others are ignored. A row counts as
    empty, and is skipped, when none of those columns holds anything (a formula counts).
    """
    if not columns:
        raise ValueError("read_table needs at least one column")
    if not content.strip():
        raise _empty()
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content, columns, max_rows)
    if content.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            "xls",
            gettext(
                "This is an old Excel file (.xls) or a password-protected workbook, which "
                "cannot be read. Open it in Excel, remove any password, choose File › Save As › "
                "“Excel Workbook (.xlsx)” and upload the new file."
            ),
        )
    if filename.lower().strip().endswith(_EXCEL_SUFFIXES) or content.startswith(
        _OTHER_ZIP_MAGICS + _BINARY_MAGICS
    ):
        raise _not_a_spreadsheet()
    return _read_csv(content, columns, max_rows)


# Errors ---------------------------------------------------------------------------------------


def _empty() -> SpreadsheetError:
    return SpreadsheetError(
        "empty",
        gettext("The file is empty. Choose the file that holds the list and upload it again."),
    )


def _not_a_spreadsheet() -> SpreadsheetError:
    return SpreadsheetError(
        "not_spreadsheet",
        gettext(
            "This file is not a spreadsheet that can be read. Open it in Excel or LibreOffice, "
            "save it as an Excel workbook (.xlsx) or as “CSV UTF-8”, and upload that file."
        ),
    )


def _corrupt() -> SpreadsheetError:
    return SpreadsheetError(
        "corrupt",
        gettext(
            "The file is damaged and cannot be read. Open it in Excel or LibreOffice, save it "
            "again as .xlsx or “CSV UTF-8”, and upload the new file."
        ),
    )


# XLSX -----------------------------------------------------------------------------------------


def _check_zip(content: bytes) -> zipfile.ZipFile:
    """The archive, once it is known to be a workbook of a sensible size (no zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise _corrupt() from error
    if "xl/workbook.xml" not in archive.namelist():
        raise _not_a_spreadsheet()
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            "too_large",
            gettext(
                "The file is too large: unpacked, it comes to more than %(limit)s MB. Delete "
                "pictures and unused sheets, or split the list into several files, and try again.",
                limit=number_text(MAX_UNPACKED_BYTES // (1024 * 1024)),
            ),
        )
    if len(members) > MAX_ZIP_MEMBERS or any(
        member.file_size > RATIO_CHECK_FROM_BYTES
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    ):
        raise SpreadsheetError(
            "suspicious",
            gettext(
                "The file is packed in an unusual way and was not opened, to keep the system "
                "safe. Open it in Excel or LibreOffice, save it again as .xlsx, and upload the "
                "new file."
            ),
        )
    return archive


def _read_xlsx(content: bytes, columns: dict[str, tuple[str, ...]], max_rows: int) -> Sheet:
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - a broken installation
        raise RuntimeError("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False)")
    with _check_zip(content) as archive, warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, styles, extensions); the
        # values are read all the same.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=False, keep_links=False
            )
        except Exception as error:  # whatever the damage: missing parts, XML, entities
            raise _corrupt() from error
        try:
            worksheets = workbook.worksheets  # chart sheets left out
            if not worksheets:  # Excel always keeps one: its parts are missing
                raise _corrupt()
            worksheet = workbook.active if workbook.active in worksheets else worksheets[0]
            # Some programs write a wrong size in the file; read every row there is.
            worksheet.reset_dimensions()
            return _build_sheet(
                _xlsx_rows(worksheet),
                columns,
                max_rows,
                text=_xlsx_text,
                is_formula=_xlsx_is_formula,
                sheet_name=worksheet.title,
                merged_ranges=lambda: _merged_ranges(archive, worksheet),
            )
        finally:
            workbook.close()


def _xlsx_rows(worksheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """(row number, cells); openpyxl's failures on a damaged file become ``corrupt``."""
    rows = worksheet.iter_rows()
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as error:
            raise _corrupt() from error
        number += 1  # openpyxl yields an empty tuple for each row the file leaves out
        yield number, cells


def _xlsx_is_formula(cell: Any) -> bool:
    return cell.data_type == "f" or isinstance(cell.value, ArrayFormula | DataTableFormula)


def _xlsx_text(cell: Any) -> str:
    return _value_text(cell.value)


def _value_text(value: Any) -> str:
    """A cell's value as the text to work with."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as the spreadsheet program shows them
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 1985.0 → "1985"
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return _clean(str(value))


def _merged_ranges(archive: zipfile.ZipFile, worksheet: Any) -> list[_MergedRange]:
    """(first row, last row, first column, last column, reference) of every merged range.

    openpyxl does not report merged cells in read-only mode, so they are picked out of the
    sheet's XML here, from after its cells. openpyxl has parsed that XML to its end by now,
    through defusedxml, so a file declaring entities never gets here; a regular expression,
    which expands nothing, finds the ranges without parsing the sheet a second time (that
    doubled the reading time).
    """
    path = getattr(worksheet, "_worksheet_path", None)
    try:
        source = archive.read(path) if path else b""
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _corrupt() from error
    ranges = []
    for match in _MERGE_CELL.finditer(source, max(source.rfind(b"sheetData"), 0)):
        reference = match.group(1).decode("ascii", "replace").upper()
        try:
            first_col, first_row, last_col, last_row = range_boundaries(reference)
        except (TypeError, ValueError):
            continue
        if None not in (first_col, first_row, last_col, last_row):
            ranges.append((first_row, last_row, first_col, last_col, reference))
    return ranges


# CSV ------------------------------------------------------------------------------------------


def _read_csv(content: bytes, columns: dict[str, tuple[str, ...]], max_rows: int) -> Sheet:
    text = _decode(content)
    if not text.strip():
        raise _empty()
    delimiter = None
    hint = _SEP_LINE.match(text)
    if hint:  # Excel hides this line: the next one is row 1
        delimiter, text = hint.group(1), text[hint.end() :]
    if delimiter is None:
        delimiter = _guess_delimiter(text, columns)
    return _build_sheet(
        _csv_rows(text, delimiter),
        columns,
        max_rows,
        text=_clean,
        is_formula=None,
        sheet_name=None,
        merged_ranges=None,
    )


def _decode(content: bytes) -> str:
    try:
        if content.startswith(codecs.BOM_UTF8):
            text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")  # the BOM tells the byte order and is dropped
        else:
            sample = content[:65536]
            if (
                b"\x00" in content
                or sum(sample.count(b) for b in _CONTROL_BYTES) > len(sample) // 100
            ):
                raise _not_a_spreadsheet()
            text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            "encoding",
            gettext(
                "The file is not saved in UTF-8, so its Vietnamese letters cannot be read. In "
                "Excel choose File › Save As › “CSV UTF-8 (Comma delimited)”; in LibreOffice "
                "tick “Edit filter settings” and choose “Unicode (UTF-8)”. Then upload the new "
                "file. Saving as an Excel workbook (.xlsx) works too."
            ),
        ) from error
    if "\x00" in text:  # UTF-32, or binary behind a UTF-16 BOM
        raise _not_a_spreadsheet()
    return text


def _csv_records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, Sequence[str]]]:
    records = _csv_records(text, delimiter)
    number = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error as error:  # a field longer than csv's limit, stray NUL …
            raise _corrupt() from error
        number += 1
        yield number, record


def _guess_delimiter(text: str, columns: dict[str, tuple[str, ...]]) -> str:
    """The delimiter with which a header row appears: most headers, then the earliest row."""
    spellings = _spellings(columns)
    best: tuple[int, int] | None = None
    chosen = _DELIMITERS[0]
    for delimiter in _DELIMITERS:
        try:
            records = list(itertools.islice(_csv_records(text, delimiter), HEADER_SEARCH_ROWS))
        except csv.Error:
            continue
        for number, record in enumerate(records, start=1):
            found = len(_match_header([_clean(cell) for cell in record], spellings))
            if found >= _needed(columns):
                if best is None or (found, -number) > best:
                    best, chosen = (found, -number), delimiter
                break
    return chosen


# Both formats ---------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """:func:`normalize_text`: stripped, NFC, Đ for the look-alike Ð, invisible characters
    (zero-width ones copied from the web, control characters) dropped, ASCII digits."""
    return normalize_text(value) or ""


def _header_key(text: str) -> str:
    return "".join(ch for ch in search_key(text) if ch.isalnum())


def _spellings(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header key → column key; the first column claiming a spelling keeps it."""
    spellings: dict[str, str] = {}
    for key, names in columns.items():
        for name in names:
            if header_key := _header_key(name):
                spellings.setdefault(header_key, key)
    return spellings


def _needed(columns: dict[str, tuple[str, ...]]) -> int:
    return min(2, len(columns))


def _match_header(texts: Sequence[str], spellings: dict[str, str]) -> dict[int, str]:
    """Column index → column key, for the cells of one row that are known headers."""
    found: dict[int, str] = {}
    for index, text in enumerate(texts):
        key = spellings.get(_header_key(text) or "\0") if text else None
        if key is not None and key not in found.values():
            found[index] = key
    return found


def _build_sheet(
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: dict[str, tuple[str, ...]],
    max_rows: int,
    *,
    text: Callable[[Any], str],
    is_formula: Callable[[Any], bool] | None,
    sheet_name: str | None,
    merged_ranges: Callable[[], list[_MergedRange]] | None,
) -> Sheet:
    spellings = _spellings(columns)
    iterator = iter(rows)
    header_number, mapping, header_texts = 0, {}, []
    anything = False
    for number, cells in iterator:
        if number > HEADER_SEARCH_ROWS:
            break
        texts = ["" if is_formula and is_formula(cell) else text(cell) for cell in cells]
        anything = anything or any(texts)
        mapping = _match_header(texts, spellings)
        if len(mapping) >= _needed(columns):
            header_number, header_texts = number, texts
            break
    if not header_number:
        if not anything:
            raise _empty()
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
    ranges: list[_MergedRange],
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
