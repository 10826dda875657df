"""XLSX workbooks, checked as zip archives before openpyxl opens them (sizes, compression
ratio, number of parts), parsed through defusedxml; formulas are never evaluated."""

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import openpyxl
from flask_babel import gettext
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from campaign.core.formatting import number_text
from campaign.core.spreadsheet_reading.sheet import (
    Sheet,
    SpreadsheetError,
    corrupt_file,
    not_a_spreadsheet,
)
from campaign.core.spreadsheet_reading.table import MergedRange, build_sheet, clean

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""An XLSX file may hold at most this much once unpacked, all its parts together."""


MAX_ZIP_MEMBERS = 10_000

MAX_COMPRESSION_RATIO = 200
"""A part that unpacks to more than this many times its packed size is a zip bomb …"""


RATIO_CHECK_FROM_BYTES = 1024 * 1024
"""… when it unpacks to more than this: small repetitive parts legitimately compress well."""


_MERGE_CELL = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")


def _check_zip(content: bytes) -> zipfile.ZipFile:
    """The archive, once it is known to be a workbook of a sensible size (no zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise corrupt_file() from error
    if "xl/workbook.xml" not in archive.namelist():
        raise not_a_spreadsheet()
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


def read_xlsx(content: bytes, columns: dict[str, tuple[str, ...]], max_rows: int) -> Sheet:
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
            raise corrupt_file() from error
        try:
            worksheets = workbook.worksheets  # chart sheets left out
            if not worksheets:  # Excel always keeps one: its parts are missing
                raise corrupt_file()
            worksheet = workbook.active if workbook.active in worksheets else worksheets[0]
            # Some programs write a wrong size in the file; read every row there is.
            worksheet.reset_dimensions()
            return build_sheet(
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
            raise corrupt_file() from error
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
        return clean(value)
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
    return clean(str(value))


def _merged_ranges(archive: zipfile.ZipFile, worksheet: Any) -> list[MergedRange]:
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
        raise corrupt_file() from error
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
