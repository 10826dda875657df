"""Reading uploaded tables: a hostile corpus is refused with a clear message, real lists read.

Every file is built here, in memory: nothing on disk, no database.
"""

import codecs
import datetime as dt
import io
import random
import struct
import unicodedata
import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from openpyxl.worksheet.formula import ArrayFormula

from campaign.core.spreadsheet_reading import (
    HEADER_SEARCH_ROWS,
    Sheet,
    SheetRow,
    SpreadsheetError,
    read_table,
)
from campaign.core.spreadsheets import xlsx_bytes

COLUMNS = {
    "full_name": ("Họ và tên", "Họ tên"),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh"),
    "phone": ("Điện thoại", "Số điện thoại", "SĐT"),
    "address": ("Địa chỉ", "Nơi ở"),
}
TITLE = "DANH SÁCH PHỤ NỮ CÓ HOÀN CẢNH KHÓ KHĂN"


def refused(filename: str, content: bytes, **options) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(filename, content, COLUMNS, **options)
    error = caught.value
    assert error.message.strip()
    assert str(error) == error.message
    return error


def workbook_bytes(rows, *, merges=(), build=None) -> bytes:
    """An XLSX made by openpyxl, as Excel users' files are: the rows from A1 on."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    if build:
        build(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def replace_member(xlsx: bytes, name: str, content: bytes) -> bytes:
    """The same zip with one member's content swapped."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = content if member.filename == name else source.read(member)
            target.writestr(member.filename, data)
    return output.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese software writes it: base letters precomposed, tones as
    combining marks (Python's codec knows no precomposed toned letters)."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(ch for ch in decomposed if ch in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in tones))
            out += (base + tones).encode("cp1258")
    return out


SIMPLE_CSV = "Họ và tên,Ngày sinh,Điện thoại\r\nChử Xuân Dũng,12/03/1985,0912345678\r\n"
SIMPLE_ROWS = [
    SheetRow(
        2,
        {
            "full_name": "Chử Xuân Dũng",
            "birth_date": "12/03/1985",
            "phone": "0912345678",
            "address": "",
        },
        [],
    )
]


# Refused files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("danh-sach.csv", b""),
        ("danh-sach.xlsx", b""),
        ("danh-sach.csv", b"  \r\n\t\n"),
        ("danh-sach.csv", codecs.BOM_UTF8),
        ("danh-sach.csv", codecs.BOM_UTF16_LE),
        ("danh-sach.csv", b",,,\r\n , ,\r\n\r\n"),
    ],
)
def test_an_empty_file_is_refused(filename, content):
    assert refused(filename, content).code == "empty"


def test_an_xlsx_whose_sheet_is_empty_is_refused_as_empty():
    assert refused("danh-sach.xlsx", workbook_bytes([])).code == "empty"


def test_a_text_file_renamed_xlsx_is_refused():
    error = refused("danh-sach.xlsx", SIMPLE_CSV.encode())
    assert error.code == "not_spreadsheet"
    assert ".xlsx" in error.message and "CSV UTF-8" in error.message


@pytest.mark.parametrize("filename", ["danh-sach.xlsx", "danh-sach.csv", "anh.jpg"])
def test_ten_megabytes_of_random_junk_is_refused(filename):
    junk = random.Random(2022).randbytes(10 * 1024 * 1024)
    assert refused(filename, junk).code == "not_spreadsheet"


def test_junk_that_starts_like_a_zip_is_refused_as_damaged():
    junk = b"PK\x03\x04" + random.Random(1).randbytes(100_000)
    assert refused("danh-sach.xlsx", junk).code == "corrupt"


def test_a_truncated_xlsx_is_refused_as_damaged():
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Chử Xuân Dũng", "12/03/1985"]])
    assert refused("danh-sach.xlsx", xlsx[: len(xlsx) // 2]).code == "corrupt"


def test_an_xlsx_with_a_missing_part_is_refused_as_damaged():
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Chử Xuân Dũng", "12/03/1985"]])
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member.filename, source.read(member))
    assert refused("danh-sach.xlsx", output.getvalue()).code == "corrupt"


def test_a_zip_that_is_not_a_workbook_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refused("danh-sach.xlsx", output.getvalue()).code == "not_spreadsheet"


def zip_bomb() -> bytes:
    """Under 1 MB that unpacks to 200 MB of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(200):
                member.write(zeros)
    return output.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    opened = []
    open_member = zipfile.ZipFile.open

    def noting_what_is_opened(archive, name, *args, **kwargs):
        opened.append(name)
        return open_member(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", noting_what_is_opened)
    error = refused("danh-sach.xlsx", bomb)
    assert error.code == "too_large"
    assert "50" in error.message
    assert opened == []  # refused from the directory, nothing unpacked


def test_an_absurd_compression_ratio_is_refused_even_under_the_size_limit():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(20 * 1024 * 1024))
    assert refused("danh-sach.xlsx", output.getvalue()).code == "suspicious"


def test_a_zip_with_too_many_parts_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(10_001):
            archive.writestr(f"x/{index}", b"")
    assert refused("danh-sach.xlsx", output.getvalue()).code == "suspicious"


def lie_about_size(archive: bytes, name: str, size: int) -> bytes:
    """The zip with one member's uncompressed size rewritten in its headers."""
    data, encoded = bytearray(archive), name.encode()
    for signature, length_at, name_at, size_at in (
        (b"PK\x03\x04", 26, 30, 22),
        (b"PK\x01\x02", 28, 46, 24),
    ):
        position = data.find(signature)
        while position != -1:
            length = struct.unpack_from("<H", data, position + length_at)[0]
            if data[position + name_at : position + name_at + length] == encoded:
                struct.pack_into("<I", data, position + size_at, size)
            position = data.find(signature, position + 4)
    return bytes(data)


def understated_part() -> bytes:
    """A workbook whose shared strings hold 60 MB although its headers say 4,096 bytes."""
    xlsx = xlsx_bytes("Danh sách", ["Họ và tên", "Ngày sinh"], [["Lê Thị Ánh", "01/01/1990"]])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        strings = archive.read("xl/sharedStrings.xml")
    padded = strings.replace(
        "Lê Thị Ánh".encode(), "Lê Thị Ánh".encode() + b" " * (60 * 1024 * 1024)
    )
    return lie_about_size(
        replace_member(xlsx, "xl/sharedStrings.xml", padded), "xl/sharedStrings.xml", 4096
    )


def test_a_part_larger_than_its_headers_say_is_not_unpacked_past_them():
    xlsx = understated_part()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size == 4096
    assert refused("danh-sach.xlsx", xlsx).code == "corrupt"  # zipfile stops at 4096 bytes


@pytest.mark.parametrize("filename", ["danh-sach.xls", "danh-sach.xlsx", "danh-sach.csv"])
def test_an_old_xls_or_encrypted_workbook_is_refused(filename):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + random.Random(3).randbytes(4096)
    error = refused(filename, ole)
    assert error.code == "xls"
    assert ".xlsx" in error.message


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("danh-sach.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        ("danh-sach.csv", b"%PDF-1.4\nHo va ten,Ngay sinh\n"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("danh-sach.xls", b"<html><body><table><tr><td>H\xe1\xbb\x8d t\xc3\xaan</td></tr></table>"),
        ("danh-sach.csv", b"Ho va ten,Ngay sinh\n\x00\x01\x02\x03"),
        ("danh-sach.csv", codecs.BOM_UTF16_LE + "Họ và tên\tNgày sinh\r\n".encode("utf-32-le")),
        ("danh-sach.csv", b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20),
    ],
)
def test_other_files_are_refused(filename, content):
    assert refused(filename, content).code == "not_spreadsheet"


@pytest.mark.parametrize(
    "content",
    [
        cp1258("Họ và tên,Ngày sinh,Địa chỉ\r\nChử Xuân Dũng,12/03/1985,Phường Ba Đình\r\n"),
        "Họ và tên,Ngày sinh\r\nLê Thị Ánh,01/01/1990\r\n".encode("cp1252", errors="replace"),
        "Họ và tên;Ngày sinh\r\nNguyễn Thị Hà;02/02/1992\r\n".encode("utf-16-le"),  # no BOM
    ],
    ids=["windows-1258", "windows-1252", "utf-16-without-bom"],
)
def test_a_csv_that_is_not_utf8_is_refused_with_how_to_save_it(content):
    error = refused("danh-sach.csv", content)
    assert error.code in {"encoding", "not_spreadsheet"}
    if b"\x00" not in content:
        assert error.code == "encoding"
        assert "CSV UTF-8" in error.message and "LibreOffice" in error.message


def test_a_utf16_file_that_does_not_decode_is_an_encoding_problem():
    content = codecs.BOM_UTF16_LE + "Họ và tên\tNgày sinh".encode("utf-16-le") + b"\x00"
    assert refused("danh-sach.txt", content).code == "encoding"


def test_no_header_row_in_the_first_rows_names_the_expected_headers():
    lines = ["Báo cáo tháng 11"] * HEADER_SEARCH_ROWS + ["Họ và tên,Ngày sinh", "Lê Thị Ánh,1990"]
    error = refused("danh-sach.csv", "\n".join(lines).encode())
    assert error.code == "no_header"
    for header in ("“Họ và tên”", "“Ngày sinh”", "“Điện thoại”", "“Địa chỉ”"):
        assert header in error.message


def test_one_matching_header_is_not_a_header_row():
    error = refused("danh-sach.csv", "Họ và tên,Tuổi\nLê Thị Ánh,32\n".encode())
    assert error.code == "no_header"


def test_no_header_row_in_an_xlsx_names_the_sheet():
    error = refused("danh-sach.xlsx", workbook_bytes([["Tên", "Tuổi"], ["Lê Thị Ánh", 32]]))
    assert error.code == "no_header"
    assert "“Danh sách”" in error.message


def test_more_rows_than_allowed_are_refused_with_the_limit():
    lines = ["Họ và tên,Ngày sinh", *(f"Người {index},01/01/1990" for index in range(6))]
    error = refused("danh-sach.csv", "\n".join(lines).encode(), max_rows=5)
    assert error.code == "too_many_rows"
    assert "5" in error.message


def test_the_default_limit_is_ten_thousand_rows():
    lines = ["Họ và tên,Ngày sinh", *(f"Người {index},01/01/1990" for index in range(10_001))]
    error = refused("danh-sach.csv", "\n".join(lines).encode())
    assert error.code == "too_many_rows"
    assert (
        read_table("danh-sach.csv", "\n".join(lines[:-1]).encode(), COLUMNS).rows[-1].number
        == 10_001
    )


def test_an_xlsx_with_more_rows_than_allowed_is_refused():
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], *([f"Người {i}", 1990] for i in range(6))])
    assert refused("danh-sach.xlsx", xlsx, max_rows=5).code == "too_many_rows"
    assert len(read_table("danh-sach.xlsx", xlsx, COLUMNS, max_rows=6).rows) == 6


def test_empty_rows_do_not_count_towards_the_limit():
    lines = ["Họ và tên,Ngày sinh", *([",", "Lê Thị Ánh,1990"] * 5)]
    sheet = read_table("danh-sach.csv", "\n".join(lines).encode(), COLUMNS, max_rows=5)
    assert [row.number for row in sheet.rows] == [3, 5, 7, 9, 11]


def test_a_csv_field_beyond_the_csv_limit_is_refused_as_damaged():
    content = ('Họ và tên,Ngày sinh\n"' + "a" * 200_000 + '",1990\n').encode()
    assert refused("danh-sach.csv", content).code == "corrupt"


# XML attacks: defusedxml makes openpyxl refuse entity declarations ------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def attacked(xlsx: bytes, member: str, prolog: str) -> bytes:
    """The workbook with ``prolog`` (a DOCTYPE declaring entities) put before one part's XML,
    and the entity used where the part holds the name "Lê Thị Ánh"."""
    reference = "&lol9;" if prolog is BILLION_LAUGHS else "&xxe;" if prolog else "Lê Thị Ánh"
    if member == "xl/worksheets/sheet1.xml":  # inline strings, as openpyxl writes them
        content = (
            f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Ngày sinh</t></is></c></row>'
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>{reference}</t></is></c>'
            '<c r="B2"><v>1990</v></c></row>'
            '</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>'
        ).encode()
    else:
        with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
            original = archive.read(member).decode()
        body = original[original.index("?>") + 2 :].lstrip()
        content = (prolog + body.replace("Lê Thị Ánh", reference)).encode()
    return replace_member(xlsx, member, content)


PARTS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
@pytest.mark.parametrize("member", PARTS)
def test_xml_entities_are_refused_not_expanded(prolog, member):
    # xlsxwriter, like Excel, keeps texts in xl/sharedStrings.xml and declares every part's XML.
    xlsx = xlsx_bytes("Danh sách", ["Họ và tên", "Ngày sinh"], [["Lê Thị Ánh", "01/01/1990"]])
    error = refused("danh-sach.xlsx", attacked(xlsx, member, prolog))
    assert error.code == "corrupt"
    assert "lol" not in error.message and "root:" not in error.message
    causes = []
    cause = error.__cause__
    while cause is not None:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    assert any(isinstance(cause, EntitiesForbidden) for cause in causes)  # refused by defusedxml


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML


@pytest.mark.parametrize("member", PARTS)
def test_the_same_parts_without_entities_read(member):
    xlsx = xlsx_bytes("Danh sách", ["Họ và tên", "Ngày sinh"], [["Lê Thị Ánh", "01/01/1990"]])
    rows = read_table("danh-sach.xlsx", attacked(xlsx, member, ""), COLUMNS).rows
    assert [(row.number, row.values["full_name"]) for row in rows] == [(2, "Lê Thị Ánh")]
    if member == "xl/worksheets/sheet1.xml":
        assert rows[0].problems == ["Cells A2:A3 are merged; unmerge them and fill in every cell."]


# CSV that reads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        SIMPLE_CSV.encode(),
        codecs.BOM_UTF8 + SIMPLE_CSV.encode(),
        SIMPLE_CSV.replace(",", ";").encode(),
        codecs.BOM_UTF8 + SIMPLE_CSV.replace(",", ";").encode(),
        codecs.BOM_UTF16_LE + SIMPLE_CSV.replace(",", "\t").encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SIMPLE_CSV.replace(",", "\t").encode("utf-16-be"),
        SIMPLE_CSV.replace(",", "\t").replace("\r\n", "\n").encode(),
        unicodedata.normalize("NFD", SIMPLE_CSV).encode(),
        b"sep=;\r\n" + SIMPLE_CSV.replace(",", ";").encode(),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "semicolon",
        "semicolon-bom",
        "utf16le-tab",
        "utf16be-tab",
        "tab-lf",
        "decomposed",
        "sep-line",
    ],
)
def test_csv_in_the_encodings_and_delimiters_excel_writes(content):
    sheet = read_table("danh-sach.csv", content, COLUMNS)
    assert sheet == Sheet(rows=SIMPLE_ROWS, missing_columns=["address"])


def test_csv_with_title_rows_quotes_and_unknown_columns():
    text = (
        f"{TITLE};;;;\n"
        "Phường Ba Đình, tháng 11/2022;;;;\n"
        ";;;;\n"
        "STT;HỌ VÀ TÊN;Ngày, tháng, năm sinh;Số điện thoại (*);Dân tộc\n"
        '1;" Chử  Xuân Dũng ";12/03/1985;0912345678;Kinh\n'
        "2;;;;\n"
        '3;"Lê Thị\nÁnh";;"+84 912; 345";Tày\n'
        ";;;;\n"
    )
    sheet = read_table("danh-sach.csv", text.encode(), COLUMNS)
    assert sheet.missing_columns == ["address"]
    assert [(row.number, row.values, row.problems) for row in sheet.rows] == [
        (
            5,
            {
                "full_name": "Chử  Xuân Dũng",
                "birth_date": "12/03/1985",
                "phone": "0912345678",
                "address": "",
            },
            [],
        ),
        (
            7,
            {"full_name": "Lê Thị\nÁnh", "birth_date": "", "phone": "+84 912; 345", "address": ""},
            [],
        ),
    ]


def test_header_spellings_match_whatever_the_accents_case_and_punctuation():
    text = (
        "ho va ten:,NGÀY  SINH,S.Đ.T,Nơi-ở,Ngày sinh (dd/mm/yyyy)\nLê Thị Ánh,1990,098,Hà Nội,x\n"
    )
    sheet = read_table("danh-sach.csv", text.encode(), COLUMNS)
    assert sheet.missing_columns == []
    assert sheet.rows[0].values == {
        "full_name": "Lê Thị Ánh",
        "birth_date": "1990",  # "Ngày sinh (dd/mm/yyyy)" is no spelling given: ignored
        "phone": "098",
        "address": "Hà Nội",
    }


def test_the_first_column_with_a_header_wins_when_it_repeats():
    text = "Họ và tên,Họ tên,Ngày sinh\nLê Thị Ánh,Khác,1990\n"
    assert (
        read_table("danh-sach.csv", text.encode(), COLUMNS).rows[0].values["full_name"]
        == "Lê Thị Ánh"
    )


def test_csv_text_is_normalised_and_nothing_is_a_formula():
    text = "Họ và tên,Điện thoại\n\u200b Ðinh Thị Hà\ufeff ,=1+1\n"
    row = read_table("danh-sach.csv", text.encode(), COLUMNS).rows[0]
    assert row.values["full_name"] == "Đinh Thị Hà"
    assert row.values["phone"] == "=1+1"
    assert row.problems == []


# XLSX that reads ------------------------------------------------------------------------------


def test_xlsx_with_titles_numbers_dates_and_a_leading_zero_phone():
    rows = [
        [TITLE],
        ["Phường Ba Đình"],
        [],
        ["STT", "Họ và tên", "Ngày sinh", "Điện thoại", "Địa chỉ", "Năm", "Điểm", "Đã nhận"],
        [1, "Chử Xuân Dũng", dt.date(1985, 3, 12), "0912345678", "Số 1 Đội Cấn", 1985.0, 7.5, True],
        [2.0, "  Lê Thị Ánh ", dt.datetime(1990, 1, 2, 10, 30), 912345678, None, 1990, 1e20, False],
        [None, None, None, None, None, None, None, None],
        [3, "Nguyễn Thị Hà", "01/02/1992", "", "", None, None, None],
    ]
    columns = {**COLUMNS, "year": ("Năm",), "score": ("Điểm",), "received": ("Đã nhận",)}
    xlsx = workbook_bytes(rows, merges=["A1:H1", "A2:H2"])
    sheet = read_table("danh-sach.xlsx", xlsx, columns)
    assert sheet.missing_columns == []
    assert [(row.number, row.values, row.problems) for row in sheet.rows] == [
        (
            5,
            {
                "full_name": "Chử Xuân Dũng",
                "birth_date": "12/03/1985",
                "phone": "0912345678",
                "address": "Số 1 Đội Cấn",
                "year": "1985",
                "score": "7.5",
                "received": "TRUE",
            },
            [],
        ),
        (
            6,
            {
                "full_name": "Lê Thị Ánh",
                "birth_date": "02/01/1990",
                "phone": "912345678",
                "address": "",
                "year": "1990",
                "score": "1e+20",
                "received": "FALSE",
            },
            [],
        ),
        (
            8,
            {
                "full_name": "Nguyễn Thị Hà",
                "birth_date": "01/02/1992",
                "phone": "",
                "address": "",
                "year": "",
                "score": "",
                "received": "",
            },
            [],
        ),
    ]


def test_whole_number_floats_read_without_a_decimal_point():
    def floats(workbook):
        sheet = workbook.active
        sheet["B2"].value = 1985.0  # openpyxl would write 1985.0 as "1985"; force a float
        sheet["B2"].number_format = "0.00"

    xlsx = workbook_bytes([["Họ và tên", "Năm sinh"], ["Lê Thị Ánh", 1985.0]], build=floats)
    # Excel stores every number as a float: write one as Excel does.
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheet_source = archive.read("xl/worksheets/sheet1.xml").replace(
            b"<v>1985</v>", b"<v>1985.0</v>"
        )
    xlsx = replace_member(xlsx, "xl/worksheets/sheet1.xml", sheet_source)
    columns = {"full_name": ("Họ và tên",), "year": ("Năm sinh",)}
    assert read_table("danh-sach.xlsx", xlsx, columns).rows[0].values["year"] == "1985"


def test_a_formula_in_a_data_row_is_not_a_value():
    def formulas(workbook):
        sheet = workbook.active
        sheet["A3"] = "=ROW()-1"  # numbering formulas in an unread column are fine
        sheet["B3"] = "=1+1"
        sheet["C4"] = ArrayFormula("C4", "=SUM(A1:A2)")

    rows = [
        ["STT", "Họ và tên", "Điện thoại"],
        [1, "Lê Thị Ánh", "0912345678"],
        [None, None, "0987654321"],
        [3, "Nguyễn Thị Hà", None],
    ]
    xlsx = workbook_bytes(rows, build=formulas)
    rows = read_table("danh-sach.xlsx", xlsx, COLUMNS).rows
    assert [(row.number, row.values["full_name"], row.values["phone"]) for row in rows] == [
        (2, "Lê Thị Ánh", "0912345678"),
        (3, "", "0987654321"),
        (4, "Nguyễn Thị Hà", ""),
    ]
    assert rows[0].problems == []
    assert rows[1].problems == [
        "Column “Họ và tên” holds a formula; type the value itself instead."
    ]
    assert rows[2].problems == [
        "Column “Điện thoại” holds a formula; type the value itself instead."
    ]


def test_a_row_holding_only_a_formula_is_still_reported():
    def formula(workbook):
        workbook.active["A3"] = '=CONCAT("Lê ", "Thị")'

    rows = read_table(
        "danh-sach.xlsx",
        workbook_bytes([["Họ và tên", "Ngày sinh"], ["Hà", 1]], build=formula),
        COLUMNS,
    ).rows
    assert [(row.number, bool(row.problems)) for row in rows] == [(2, False), (3, True)]


def test_merged_cells_in_data_rows_are_problems_but_merged_titles_are_not():
    rows = [
        [TITLE, None, None, None],
        ["STT", "Họ và tên", "Địa chỉ", "Ghi chú"],
        [1, "Lê Thị Ánh", "Thôn 1", "Hộ nghèo"],
        [2, "Nguyễn Thị Hà", None, None],
        [3, "Đỗ Thị Mai", "Thôn 2", "Cận nghèo"],
        [4, "Hoàng Thị Lan", "Thôn 3", "x"],
    ]
    merges = ["A1:D1", "C3:C4", "D5:D6", "A6:B6"]
    sheet = read_table("danh-sach.xlsx", workbook_bytes(rows, merges=merges), COLUMNS)
    assert [(row.number, row.values["full_name"], row.values["address"]) for row in sheet.rows] == [
        (3, "Lê Thị Ánh", "Thôn 1"),
        (4, "Nguyễn Thị Hà", ""),
        (5, "Đỗ Thị Mai", "Thôn 2"),
        (6, "", "Thôn 3"),  # a merged cell keeps its value in its top-left cell only
    ]
    problems = [row.problems for row in sheet.rows]
    assert problems == [
        ["Cells C3:C4 are merged; unmerge them and fill in every cell."],
        ["Cells C3:C4 are merged; unmerge them and fill in every cell."],
        [],  # D5:D6 only covers "Ghi chú", which is not read
        ["Cells A6:B6 are merged; unmerge them and fill in every cell."],
    ]


def test_a_merged_header_reaching_into_data_rows_is_a_problem():
    rows = [["Họ và tên", "Địa chỉ"], ["Lê Thị Ánh", "Thôn 1"], ["Nguyễn Thị Hà", "Thôn 2"]]
    sheet = read_table("danh-sach.xlsx", workbook_bytes(rows, merges=["B1:B2"]), COLUMNS)
    assert [row.number for row in sheet.rows if row.problems] == [2]


def test_only_the_active_sheet_is_read():
    def second_sheet(workbook):
        other = workbook.create_sheet("Hướng dẫn")
        other.append(["Họ và tên", "Ngày sinh"])
        other.append(["Không đọc", "1990"])

    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Lê Thị Ánh", "1990"]], build=second_sheet)
    assert [row.values["full_name"] for row in read_table("a.xlsx", xlsx, COLUMNS).rows] == [
        "Lê Thị Ánh"
    ]


def test_a_wrong_size_in_the_sheet_does_not_cut_rows_off():
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Lê Thị Ánh", "1990"], ["Hà", "1991"]])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        source = archive.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:B3"' in source
    xlsx = replace_member(
        xlsx, "xl/worksheets/sheet1.xml", source.replace(b'ref="A1:B3"', b'ref="A1"')
    )
    assert [row.number for row in read_table("a.xlsx", xlsx, COLUMNS).rows] == [2, 3]


def test_openpyxl_warnings_do_not_escape():
    extension = (
        b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b"<x14:conditionalFormattings/></ext></extLst></worksheet>"
    )
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Lê Thị Ánh", "1990"]])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        source = archive.read("xl/worksheets/sheet1.xml")
    xlsx = replace_member(
        xlsx, "xl/worksheets/sheet1.xml", source.replace(b"</worksheet>", extension)
    )
    with pytest.warns(UserWarning):  # openpyxl does warn about this file …
        list(openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).active.iter_rows())
    # … and the reader, run under filterwarnings = error, keeps it to itself.
    assert read_table("a.xlsx", xlsx, COLUMNS).rows[0].values["full_name"] == "Lê Thị Ánh"


def test_content_decides_the_type_not_the_name():
    xlsx = workbook_bytes([["Họ và tên", "Ngày sinh"], ["Lê Thị Ánh", "1990"]])
    assert read_table("danh-sach.csv", xlsx, COLUMNS).rows[0].values["full_name"] == "Lê Thị Ánh"
    assert read_table("upload", SIMPLE_CSV.encode(), COLUMNS).rows == SIMPLE_ROWS


# Writing XLSX, and reading it back ------------------------------------------------------------


def test_what_xlsx_bytes_writes_reads_back():
    headers = ["STT", "Họ và tên", "Ngày sinh", "Điện thoại", "Địa chỉ", "Lý do"]
    rows = [
        [1, "Chử Xuân Dũng", dt.date(1985, 3, 12), "0912345678", "Số 1 Đội Cấn", None],
        [2, "=1+1", "12/03/1985", "+84912345678", "-", "Thiếu ngày sinh\nvà số điện thoại"],
        [3, "Lê Thị Ánh", dt.datetime(1990, 1, 2, 8, 0), "@me", 1985.0, True],
    ]
    xlsx = xlsx_bytes(
        "Danh sách: 11/2022",
        headers,
        rows,
        title=f"{TITLE}\nPhường Ba Đình",
        notes=["Điền mỗi người một dòng.", "=Không phải công thức"],
    )
    columns = {**COLUMNS, "reason": ("Lý do",)}
    sheet = read_table("mau.xlsx", xlsx, columns)
    assert sheet.missing_columns == []
    assert [(row.number, row.values, row.problems) for row in sheet.rows] == [
        (
            7,
            {
                "full_name": "Chử Xuân Dũng",
                "birth_date": "12/03/1985",
                "phone": "0912345678",
                "address": "Số 1 Đội Cấn",
                "reason": "",
            },
            [],
        ),
        (
            8,
            {
                "full_name": "=1+1",
                "birth_date": "12/03/1985",
                "phone": "+84912345678",
                "address": "-",
                "reason": "Thiếu ngày sinh\nvà số điện thoại",
            },
            [],
        ),
        (
            9,
            {
                "full_name": "Lê Thị Ánh",
                "birth_date": "02/01/1990",
                "phone": "@me",
                "address": "1985",
                "reason": "TRUE",
            },
            [],
        ),
    ]


def test_xlsx_bytes_layout_for_screen_and_paper():
    xlsx = xlsx_bytes(
        "Mẫu [nhập]/danh sách phụ nữ có hoàn cảnh khó khăn",
        ["Họ và tên", "Điện thoại", "Ghi chú dài về hoàn cảnh gia đình và nhu cầu hỗ trợ"],
        [["Chử Xuân Dũng", "0912345678", '=HYPERLINK("http://x")']],
        title=TITLE,
        notes=["Ví dụ ở dòng đầu; xoá trước khi nhập."],
    )
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = workbook.active
    assert sheet.title == "Mẫu -nhập--danh sách phụ nữ có"
    assert sheet["A1"].value == TITLE and sheet["A1"].font.b
    assert sheet["A2"].value == "Ví dụ ở dòng đầu; xoá trước khi nhập."
    assert [cell.value for cell in sheet[4]] == [
        "Họ và tên",
        "Điện thoại",
        "Ghi chú dài về hoàn cảnh gia đình và nhu cầu hỗ trợ",
    ]
    assert all(cell.font.b and cell.alignment.wrap_text for cell in sheet[4])
    phone, formula_like = sheet["B5"], sheet["C5"]
    assert (phone.value, phone.data_type) == ("0912345678", "s")
    assert (formula_like.value, formula_like.data_type) == ('=HYPERLINK("http://x")', "s")
    assert formula_like.quotePrefix
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert all(8 <= width <= 52 for width in widths)
    assert sheet.column_dimensions["B"].number_format == "@"  # typed phones keep their zero


def test_xlsx_bytes_without_title_starts_with_the_header():
    xlsx = xlsx_bytes("Từ chối", ["Họ và tên", "Lý do"], [])
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[1]] == ["Họ và tên", "Lý do"]
    assert sheet.freeze_panes == "A2"


def test_xlsx_bytes_takes_lazy_translations():
    from flask_babel import lazy_gettext

    xlsx = xlsx_bytes(
        lazy_gettext("Rejected"),
        [lazy_gettext("Họ và tên"), "Lý do"],
        [["Lê Thị Ánh", lazy_gettext("Missing")]],
        title=lazy_gettext("ROWS NOT IMPORTED"),
        notes=[lazy_gettext("Fix and upload again.")],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet.title == "Rejected"
    assert [cell.value for cell in sheet[4]] == ["Họ và tên", "Lý do"]
    assert [cell.value for cell in sheet[5]] == ["Lê Thị Ánh", "Missing"]
