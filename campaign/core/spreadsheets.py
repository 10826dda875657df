"""Writing rows for spreadsheet programs: one place guards against formula injection.

A cell that starts with ``= + - @``, a tab or a carriage return would run as a formula when the
file is opened in Excel or LibreOffice; such text cells get a leading apostrophe. CSV is UTF-8
with a BOM, so that Excel reads Vietnamese correctly, and streamed row by row.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should store it: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV file, a line at a time: BOM and headers first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else neutralise(v) for v in values])
        return buffer.getvalue()

    yield UTF8_BOM + line([str(header) for header in headers])
    for row in rows:
        yield line(row)
