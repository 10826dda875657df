"""CSV text in UTF-8 (with or without a BOM) or UTF-16 with a BOM, as Excel writes it, with
the delimiter found from the header row."""

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence

from flask_babel import gettext

from campaign.core.spreadsheet_reading.sheet import (
    Sheet,
    SpreadsheetError,
    corrupt_file,
    empty_file,
    not_a_spreadsheet,
)
from campaign.core.spreadsheet_reading.table import (
    HEADER_SEARCH_ROWS,
    build_sheet,
    clean,
    header_spellings,
    match_header,
    needed,
)

_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_DELIMITERS = (",", ";", "\t")


_SEP_LINE = re.compile(r"sep=([,;\t|])\r?\n")  # Excel's hint line: "sep=;"


def read_csv(content: bytes, columns: dict[str, tuple[str, ...]], max_rows: int) -> Sheet:
    text = _decode(content)
    if not text.strip():
        raise empty_file()
    delimiter = None
    hint = _SEP_LINE.match(text)
    if hint:  # Excel hides this line: the next one is row 1
        delimiter, text = hint.group(1), text[hint.end() :]
    if delimiter is None:
        delimiter = _guess_delimiter(text, columns)
    return build_sheet(
        _csv_rows(text, delimiter),
        columns,
        max_rows,
        text=clean,
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
                raise not_a_spreadsheet()
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
        raise not_a_spreadsheet()
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
            raise corrupt_file() from error
        number += 1
        yield number, record


def _guess_delimiter(text: str, columns: dict[str, tuple[str, ...]]) -> str:
    """The delimiter with which a header row appears: most headers, then the earliest row."""
    spellings = header_spellings(columns)
    best: tuple[int, int] | None = None
    chosen = _DELIMITERS[0]
    for delimiter in _DELIMITERS:
        try:
            records = list(itertools.islice(_csv_records(text, delimiter), HEADER_SEARCH_ROWS))
        except csv.Error:
            continue
        for number, record in enumerate(records, start=1):
            found = len(match_header([clean(cell) for cell in record], spellings))
            if found >= needed(columns):
                if best is None or (found, -number) > best:
                    best, chosen = (found, -number), delimiter
                break
    return chosen
