"""The reports pipeline at national scale: CSV and XLSX of the de-identified beneficiary list
(10,000 and 100,000 women) and the receipt-list PDF (100 and 1,000 rows), each beside its
reference, with the peak memory each run adds (issue 12).

    python -m bench.reports        # on the benchmark's SQLite data set (bench/run.py makes it)

Each export runs in a fresh process through the whole pipeline (``reports.outputs``: the SQL
rows streamed, shaped and written). The references, on the same rows:
- CSV: ``sqlite3 -csv`` of the report's own statement (target: within 3.5×);
- XLSX: a bare xlsxwriter constant-memory loop over the statement's rows (target: 1.2×);
- PDF: the targets themselves, in a warm process (100 rows < 1 s, 1,000 rows < 5 s, < 300 MB);
and peak memory may grow by at most 5 MiB from 10,000 to 100,000 rows.
"""

import json
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
import xlsxwriter

from bench.run import prepared_database

SIZES = (10_000, 100_000)
PDF_ROWS = (100, 1_000)


def _app(url: str):
    from bench.inprocess import bench_app

    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(48))
    return bench_app(url)


def _women_report(limit: int):
    """The de-identified list of every woman, cut to the first ``limit`` in name order."""
    from campaign.beneficiaries.queries import BeneficiaryFilter
    from campaign.reports.beneficiary_list import beneficiary_list

    report = beneficiary_list(None, BeneficiaryFilter(), None)
    report.statement = report.statement.limit(limit)
    return report


def _run(kind: str, url: str, size: int) -> None:
    """In a fresh process: one export; prints seconds, bytes, and how far the process's peak
    memory rose above the peak it had reached before the export (KiB)."""
    from campaign.reports.outputs import csv_pieces, write_report_xlsx

    app = _app(url)
    with app.test_request_context():
        _women_report(100).count()  # connect, load the catalogues
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        report = _women_report(size)
        if kind == "csv":
            size_bytes = sum(len(piece.encode()) for piece in csv_pieces(report))
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "list.xlsx"
                write_report_xlsx(report, str(path))
                size_bytes = path.stat().st_size
        seconds = time.perf_counter() - started
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    print(json.dumps({"seconds": seconds, "bytes": size_bytes, "growth_kib": growth}))


def _sql(url: str, size: int) -> str:
    """The report's statement as the SQL text sqlite3 runs."""
    app = _app(url)
    with app.test_request_context():
        statement = _women_report(size).statement
        return str(statement.compile(dialect=sa.dialects.sqlite.dialect(),
                                     compile_kwargs={"literal_binds": True}))  # fmt: skip


def _dump_seconds(path: str, sql: str) -> float:
    started = time.perf_counter()
    subprocess.run(["sqlite3", "-csv", path, sql], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _bare_xlsx_seconds(path: str, sql: str) -> float:
    """xlsxwriter alone, constant memory, the statement's rows as they come."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        workbook = xlsxwriter.Workbook(str(Path(folder) / "bare.xlsx"), {"constant_memory": True})
        sheet = workbook.add_worksheet()
        with sqlite3.connect(path) as connection:
            for index, row in enumerate(connection.execute(sql)):
                sheet.write_row(index, 0, row)
        workbook.close()
    return time.perf_counter() - started


def _pdf(url: str) -> dict[int, tuple[float, int]]:
    """Seconds for the receipt-list PDF of each size, in a warm process, and the peak memory
    of the process (MiB) after the largest."""
    from campaign.extensions import db
    from campaign.gifts.models import GiftProgramme, Nomination, NominationStatus
    from campaign.gifts.queries import programme_with_shares
    from campaign.reports.outputs import report_pdf
    from campaign.reports.receipts import receipt_list

    app = _app(url)
    results = {}
    with app.test_request_context():
        biggest = db.session.execute(
            sa.select(Nomination.programme_id).where(Nomination.status == NominationStatus.APPROVED)
            .group_by(Nomination.programme_id).order_by(sa.func.count().desc()).limit(1)
        ).scalar_one()  # fmt: skip
        programme = programme_with_shares(biggest)
        assert isinstance(programme, GiftProgramme)
        report = receipt_list(programme, None)
        rows = [row for _, row in zip(range(max(PDF_ROWS)), report.rows(), strict=False)]
        report_pdf(report, rows[:10])  # warm: fonts, templates
        for size in PDF_ROWS:
            started = time.perf_counter()
            report_pdf(report, rows[:size])
            results[size] = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {size: (seconds, peak) for size, seconds in results.items()}


def _fresh(kind: str, url: str, size: int) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.reports", kind, url, str(size)],
                            check=True, capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def _mark(value: float, limit: float) -> str:
    return "" if value <= limit else "  ✗ over the target"


def main() -> None:
    url = prepared_database()
    path = sa.engine.make_url(url).database
    print(f"{'export':<6} {'rows':>8} {'seconds':>8} {'reference':>10} {'ratio':>6} {'MiB':>6}"
          f" {'peak +KiB':>10}")  # fmt: skip
    growths = {}
    for kind, limit in (("csv", 3.5), ("xlsx", 1.2)):
        for size in SIZES:
            sql = _sql(url, size)
            reference = min((_dump_seconds if kind == "csv" else _bare_xlsx_seconds)(path, sql)
                            for _ in range(3))  # fmt: skip
            run = _fresh(kind, url, size)
            ratio = run["seconds"] / reference
            growths[kind, size] = run["growth_kib"]
            print(f"{kind:<6} {size:>8,} {run['seconds']:>8.2f} {reference:>9.2f}s {ratio:>6.2f}"
                  f" {run['bytes'] / 2**20:>6.1f} {run['growth_kib']:>10}"
                  f"{_mark(ratio, limit)}")  # fmt: skip
        rise = (growths[kind, SIZES[1]] - growths[kind, SIZES[0]]) / 1024
        print(f"{kind}: peak memory growth from {SIZES[0]:,} to {SIZES[1]:,} rows: {rise:.1f} MiB"
              f"{_mark(rise, 5)}")  # fmt: skip
    for size, (seconds, peak) in _pdf(url).items():
        limit = 1 if size == 100 else 5
        print(f"pdf    {size:>8,} {seconds:>8.2f}  (target < {limit} s){_mark(seconds, limit)}"
              f"   process peak {peak:.0f} MB{_mark(peak, 300)}")  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _run(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    else:
        main()
