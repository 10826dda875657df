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

from flask_babel import gettext

from campaign.core.spreadsheet_reading.delimited import read_csv
from campaign.core.spreadsheet_reading.sheet import (
    Sheet,
    SheetRow,
    SpreadsheetError,
    empty_file,
    not_a_spreadsheet,
)
from campaign.core.spreadsheet_reading.table import HEADER_SEARCH_ROWS
from campaign.core.spreadsheet_reading.xlsx import read_xlsx

__all__ = ["HEADER_SEARCH_ROWS", "Sheet", "SheetRow", "SpreadsheetError", "read_table"]


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
        raise empty_file()
    if content.startswith(_ZIP_MAGIC):
        return read_xlsx(content, columns, max_rows)
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
        raise not_a_spreadsheet()
    return read_csv(content, columns, max_rows)
