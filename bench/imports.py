"""Importing a district's list: 500 and 5,000 women from an XLSX file, each step timed.

    python -m bench.imports
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python -m bench.imports

Prints the time to read the file, to check every row (communes, duplicates, shares) and to
register and propose them in one transaction, with the ratio from 500 to 5,000 rows: a step that
grows faster than the list shows a ratio well above 10.
"""

import datetime as dt
import io
import os
import tempfile
import time
from pathlib import Path

import flask_migrate
import openpyxl
import sqlalchemy as sa

from bench.reference_data import SCHEMA, _database_url
from campaign import create_app
from campaign.audit.services import COMMAND_LINE
from campaign.campaigns.models import Campaign
from campaign.core.spreadsheet_reading import read_table
from campaign.demo.people import synthetic_women
from campaign.extensions import db
from campaign.gifts import imports
from campaign.gifts.import_vocabulary import COLUMNS
from campaign.gifts.models import GiftAllocation, GiftProgramme
from campaign.gifts.queries import programme_with_shares
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from campaign.reference.services import load_reference_data

SON_TAY = "269"


def _workbook(communes: list[str], count: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH PHỤ NỮ CÓ HOÀN CẢNH KHÓ KHĂN"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Xã, phường, thị trấn", "Thôn, tổ dân phố",
                  "Số điện thoại", "Hoàn cảnh", "Đồng ý"])  # fmt: skip
    women = synthetic_women(1_000, seed=2022)
    for number in range(1, count + 1):
        woman = women[number % len(women)]
        sheet.append([number, f"{woman.full_name} {number}", woman.birth_year,
                      communes[number % len(communes)], woman.village,
                      f"09{number:08d}", "Hộ nghèo", "x"])  # fmt: skip
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _run(count: int, folder: Path) -> dict[str, float]:
    app = create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": "b" * 40,
                      "SQLALCHEMY_DATABASE_URI": _database_url(folder)})  # fmt: skip
    timings = {}
    with app.app_context(), app.test_request_context():
        flask_migrate.upgrade()
        load_reference_data()
        district = db.session.scalar(
            sa.select(AdministrativeUnit).where(
                AdministrativeUnit.scheme == UnitScheme.PRE_2025,
                AdministrativeUnit.level == UnitLevel.DISTRICT,
                AdministrativeUnit.code == SON_TAY,
            )
        )
        campaign = Campaign(name="Bench", year=2022, start_date=dt.date(2022, 11, 15),
                            end_date=dt.date(2022, 12, 15), unit=district.parent)  # fmt: skip
        programme = GiftProgramme(campaign=campaign, name="Bench", quota=count, given_count=0)
        db.session.add(GiftAllocation(programme=programme, unit=district, quota=count))
        db.session.commit()
        content = _workbook([commune.name for commune in district.children], count)
        programme = programme_with_shares(programme.id)

        started = time.perf_counter()
        sheet = read_table("bench.xlsx", content, COLUMNS)
        timings["read the file"] = time.perf_counter() - started
        started = time.perf_counter()
        analysis = imports.analyse(None, programme, sheet)
        timings["check every row"] = time.perf_counter() - started
        assert len(analysis.valid_rows) == count, analysis.rejected_rows[:3]
        started = time.perf_counter()
        imports.import_rows(COMMAND_LINE, None, programme, analysis, "bench.xlsx")
        db.session.commit()
        timings["register and propose"] = time.perf_counter() - started
        timings["total"] = sum(timings.values())
        db.engine.dispose()
    return timings


def main() -> None:
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        little = _run(500, Path(small))
        full = _run(5_000, Path(large))
    engine = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    print(f"engine: {engine} (schema {SCHEMA} when PostgreSQL)")
    print(f"{'step':<22} {'500 rows':>10} {'5,000 rows':>11} {'ratio':>6}")
    for step in little:
        print(f"{step:<22} {little[step]:>8.2f} s {full[step]:>9.2f} s"
              f" {full[step] / little[step]:>6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
