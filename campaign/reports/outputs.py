"""One report, every format: the A4 print view, its PDF, CSV and XLSX; each audited with its
filters and row count (docs/architecture.md, "Reports and exports")."""

import contextlib
import enum
import io
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from flask import Response, current_app, render_template, send_file, stream_with_context
from flask_babel import get_timezone

from campaign.audit.services import Actor, record
from campaign.core.documents import (
    money_positions,
    spreadsheet_headers,
    spreadsheet_rows,
    text_positions,
)
from campaign.core.engine import reads_only_from_now_on
from campaign.core.pdf import pdf_bytes
from campaign.core.spreadsheets import csv_lines, write_xlsx
from campaign.extensions import db
from campaign.reports.report import Report


class Format(enum.StrEnum):
    PRINT = "print"
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"


AUDIT_ACTIONS = {Format.PRINT: "print", Format.PDF: "print", Format.CSV: "export",
                 Format.XLSX: "export"}  # fmt: skip
PRINT_LIMIT = 2000
"""The most rows a printed document holds (about 100 pages): its PDF then takes some 12 s, well
inside gunicorn's 30 s worker timeout (3,355 units took 19 s). A longer list is downloaded as a
spreadsheet, or printed in parts with narrower filters."""
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit(report: Report, output: Format, actor: Actor, rows: int) -> None:
    """An entry naming the report, the format, its filters and how many rows it held."""
    filters = {key: value for key, value in report.filters.items() if value not in (None, "")}
    summary = f"{report.name}.{output} ({rows}) {json.dumps(filters, ensure_ascii=False)}"
    record(actor, AUDIT_ACTIONS[output], report.entity_type, report.entity_id, summary[:500])


def document_html(report: Report, rows: list[Sequence[Any]], tools=(), for_pdf=False) -> str:
    return render_template(
        "reports/print/document.html", document=report.document(rows), tools=tools,
        for_pdf=for_pdf,
    )  # fmt: skip


def report_pdf(report: Report, rows: list[Sequence[Any]]) -> bytes:
    return pdf_bytes(document_html(report, rows, for_pdf=True), current_app.static_folder)


def csv_pieces(report: Report, rows: Iterable[Sequence[Any]] | None = None) -> Iterator[str]:
    """The CSV file in pieces, read from the database as they are sent (``rows``: the report's
    rows as the caller reads them, e.g. counted for a progress bar)."""
    columns = report.columns
    return csv_lines(
        spreadsheet_headers(columns),
        spreadsheet_rows(columns, report.rows() if rows is None else rows, as_text=True),
        typed=text_positions(columns),
    )


def write_report_xlsx(
    report: Report, path: str, rows: Iterable[Sequence[Any]] | None = None
) -> int:
    """The XLSX file at ``path``, written row by row as they are read (constant memory)."""
    columns = report.columns
    return write_xlsx(
        path, report.title, spreadsheet_headers(columns),
        spreadsheet_rows(columns, report.rows() if rows is None else rows, as_text=False),
        title=report.title.upper(), money=money_positions(columns), time_zone=get_timezone(),
        streamed=True,
    )  # fmt: skip


def _audited(report: Report, output: Format, actor: Actor, rows: int) -> None:
    """The audit entry, committed before the document is made: SQLite's write lock (taken by a
    request that writes) is not held while a PDF or a workbook takes seconds to build, nor while
    a download is read. The rest of the request only reads."""
    audit(report, output, actor, rows)
    db.session.commit()
    reads_only_from_now_on()


def response_for(report: Report, output: Format, actor: Actor, tools=()) -> Response:
    """The report in ``output``, its audit entry committed first."""
    if output in (Format.PRINT, Format.PDF):
        with contextlib.closing(report.rows()) as all_rows:  # its cursor closes at once
            rows = list(itertools.islice(all_rows, PRINT_LIMIT + 1))
        if len(rows) > PRINT_LIMIT:
            return Response(render_template("reports/too_long.html", limit=PRINT_LIMIT), 400)
        _audited(report, output, actor, len(rows))
        if output is Format.PRINT:
            return Response(document_html(report, rows, tools=tools))
        return Response(
            report_pdf(report, rows), mimetype="application/pdf",
            headers={"Content-Disposition": f"attachment; filename={report.filename}.pdf"},
        )  # fmt: skip
    _audited(report, output, actor, report.count())
    if output is Format.XLSX:
        return _xlsx_response(report)
    return Response(
        stream_with_context(csv_pieces(report)), mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={report.filename}.csv"},
    )  # fmt: skip


def _xlsx_response(report: Report) -> Response:
    """The workbook is written row by row to a temporary file (a ZIP cannot be sent before it
    is whole), then sent: a few megabytes for 100,000 rows, where building it in memory would
    hold every cell."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_report_xlsx(report, path)
        with open(path, "rb") as file:
            content = file.read()
    finally:
        os.unlink(path)
    return send_file(
        io.BytesIO(content), mimetype=XLSX_TYPE, as_attachment=True,
        download_name=f"{report.filename}.xlsx",
    )  # fmt: skip
