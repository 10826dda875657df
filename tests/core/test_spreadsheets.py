import csv
import io

import pytest

from campaign.core.spreadsheets import csv_lines, neutralise


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+84912345678", "'+84912345678"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Nguyễn Thị Hà", "Nguyễn Thị Hà"),
        (-5, -5),
        (None, None),
    ],
)
def test_formula_like_text_is_neutralised(value, stored):
    assert neutralise(value) == stored


def test_csv_starts_with_a_bom_and_round_trips_vietnamese():
    text = "".join(
        csv_lines(["Họ và tên", "Ghi chú"], [["Chử Xuân Dũng", "=1+1"], ["Lê, Đại", None]])
    )
    assert text.startswith("\ufeffHọ và tên,Ghi chú\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["Họ và tên", "Ghi chú"], ["Chử Xuân Dũng", "'=1+1"], ["Lê, Đại", ""]]


def test_csv_comes_in_pieces_of_many_lines_with_every_cell_guarded():
    rows = [[n, f"=A{n}", None, "Hà"] for n in range(2500)]
    pieces = list(csv_lines(["Số", "Công thức", "Trống", "Tên"], rows, lines_per_piece=1000))
    assert len(pieces) == 4  # the headers, then 1,000 + 1,000 + 500 rows
    read = list(csv.reader(io.StringIO("".join(pieces).removeprefix("\ufeff"))))
    assert read[1:] == [[str(n), f"'=A{n}", "", "Hà"] for n in range(2500)]
