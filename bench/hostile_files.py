"""How long the hostile uploads take to be refused: a zip bomb, a part that lies about its
size, and XML entity attacks in each part of a workbook.

    python -m bench.hostile_files

Each is refused without unpacking what it claims (tests/core/test_spreadsheet_reading.py proves
how); this prints how long that takes, best of a few runs. A refusal should take well under a
second: one taking seconds means something was unpacked or expanded.
"""

import time

from campaign.core.spreadsheet_reading import SpreadsheetError, read_table
from campaign.core.spreadsheets import xlsx_bytes
from tests.core.test_spreadsheet_reading import (
    BILLION_LAUGHS,
    COLUMNS,
    EXTERNAL_ENTITY,
    PARTS,
    attacked,
    understated_part,
    zip_bomb,
)

REPEATS = 3


def _refusal_seconds(content: bytes) -> float:
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        try:
            read_table("danh-sach.xlsx", content, COLUMNS)
        except SpreadsheetError:
            timings.append(time.perf_counter() - started)
        else:
            raise AssertionError("a hostile file was read")
    return min(timings)


def main() -> None:
    workbook = xlsx_bytes("Danh sách", ["Họ và tên", "Ngày sinh"], [["Lê Thị Ánh", "01/01/1990"]])
    files = {
        "zip bomb (200 MB of zeros)": zip_bomb(),
        "part larger than it says": understated_part(),
    }
    for prolog, attack in (
        (BILLION_LAUGHS, "billion laughs"),
        (EXTERNAL_ENTITY, "external entity"),
    ):
        for part in PARTS:
            files[f"{attack} in {part}"] = attacked(workbook, part, prolog)
    print(f"{'refused file':<52} {'seconds':>8}")
    for name, content in files.items():
        print(f"{name:<52} {_refusal_seconds(content):>8.3f}")


if __name__ == "__main__":
    main()
