"""What reading a table gives: its rows, the columns it lacks, or why it cannot be read."""

from dataclasses import dataclass

from flask_babel import gettext


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


def empty_file() -> SpreadsheetError:
    return SpreadsheetError(
        "empty",
        gettext("The file is empty. Choose the file that holds the list and upload it again."),
    )


def not_a_spreadsheet() -> SpreadsheetError:
    return SpreadsheetError(
        "not_spreadsheet",
        gettext(
            "This file is not a spreadsheet that can be read. Open it in Excel or LibreOffice, "
            "save it as an Excel workbook (.xlsx) or as “CSV UTF-8”, and upload that file."
        ),
    )


def corrupt_file() -> SpreadsheetError:
    return SpreadsheetError(
        "corrupt",
        gettext(
            "The file is damaged and cannot be read. Open it in Excel or LibreOffice, save it "
            "again as .xlsx or “CSV UTF-8”, and upload the new file."
        ),
    )
