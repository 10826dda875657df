"""A district's list imported: preview with every problem, all valid rows or nothing, the
rejected rows to fix, the command line, and files that are not what they claim to be."""

import copy
import io
import unicodedata
import zipfile

import flask_babel
import openpyxl
import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from campaign.accounts.models import User
from campaign.audit.models import AuditEntry
from campaign.beneficiaries.models import Beneficiary, Circumstance
from campaign.core.spreadsheet_reading import read_table
from campaign.extensions import db
from campaign.gifts.import_vocabulary import COLUMNS
from campaign.gifts.imports import analyse
from campaign.gifts.models import GiftProgramme, Nomination, NominationStatus, SpreadsheetUpload
from tests import factories
from tests.conftest import CSRF_INPUT, csrf_token

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Xã, phường, thị trấn", "Thôn, tổ dân phố",
           "Số điện thoại", "Số CCCD", "Hoàn cảnh", "Đồng ý"]  # fmt: skip


def text(response) -> str:
    return response.get_data(as_text=True)


def thirty_rows():
    """A district list as an official types it: 30 women, five of the rows wrong."""
    rows = [
        [n, f"Nguyễn Thị Người {n}", 1960 + n, "Phường Lê Lợi" if n % 2 else "Ngô Quyền",
         f"Tổ {n}", f"91234{n:04d}", "", "Hộ nghèo, Mẹ đơn thân", "x"]
        for n in range(1, 31)
    ]  # fmt: skip
    rows[2][1] = ""  # row 3: no name
    rows[4][2] = "19755"  # row 5: not a year
    rows[6][3] = "Phường Không Có"  # row 7: no such commune
    rows[8][1:4] = rows[7][1:4]  # row 9: the same woman as row 8
    rows[10][3] = "Xã Tản Lĩnh"  # row 11: Ba Vì, not her district
    rows[12][1:4] = ["Kiều Thị Hoa", 1980, "Lê Lợi"]  # row 13: already registered
    return rows


def xlsx(rows, headers=HEADERS, title=True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["DANH SÁCH PHỤ NỮ CÓ HOÀN CẢNH KHÓ KHĂN"])
        sheet.merge_cells("A1:I1")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sign_in_as(client, username):
    client.post("/login", data={"username": username, "password": factories.PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip


def upload(client, programme_id, content: bytes, filename: str):
    page = f"/gifts/{programme_id}/import"
    token = CSRF_INPUT.search(text(client.get(page))).group(1)
    boundary, body = encode_multipart(  # in memory: the test client's own spools to a file
        {"csrf_token": token, "spreadsheet": FileStorage(io.BytesIO(content), filename)}
    )
    return client.post(page, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def stored(app):
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Beneficiary)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)),
            db.session.scalar(sa.select(sa.func.count()).select_from(SpreadsheetUpload)),
        )


def test_a_district_list_is_previewed_then_imported_with_its_rejected_rows(app, client, district):
    pid = district["programme"]
    sign_in_as(client, district["official"])
    response = upload(client, pid, xlsx(thirty_rows()), "son-tay.xlsx")
    assert response.status_code == 303
    preview = client.get(response.headers["Location"])
    page = text(preview)
    assert page.count('class="table-danger"') == 6 and "Người 30" in page
    assert stored(app) == (1, 0, 1)  # nothing imported yet

    rejected = client.get(response.headers["Location"] + "/rejected.xlsx")
    assert rejected.status_code == 200
    sheet = read_table(
        "rejected.xlsx",
        rejected.data,
        {"row": ("Dòng", "Row"), "full_name": ("Họ và tên",), "reason": ("Lý do", "Reason")},
    )
    reasons = {row.values["row"]: row.values["reason"] for row in sheet.rows}
    assert set(reasons) == {"5", "7", "9", "11", "13", "15"}  # spreadsheet rows (title, header)
    assert all(reasons.values())
    assert "Kiều Thị Hoa" in next(
        r.values["full_name"] for r in sheet.rows if r.values["row"] == "15"
    )

    token = CSRF_INPUT.search(page).group(1)
    done = client.post(response.headers["Location"], data={"csrf_token": token})
    assert done.status_code == 303
    assert stored(app) == (25, 20, 0)  # 24 registered; the share of 20 proposed; upload gone
    with app.app_context():
        lan = db.session.scalar(sa.select(Beneficiary).where(
            Beneficiary.full_name == "Nguyễn Thị Người 1"))  # fmt: skip
        assert lan.phone == "0912340001" and lan.consent_given_at is not None
        assert {c.category for c in lan.circumstances} == {
            Circumstance.POOR_HOUSEHOLD,
            Circumstance.SINGLE_MOTHER,
        }
        numbers = db.session.scalars(sa.select(Nomination.list_number).order_by(
            Nomination.list_number)).all()  # fmt: skip
        assert numbers == list(range(1, 21))
        assert {n.status for n in db.session.scalars(sa.select(Nomination))} == {
            NominationStatus.PROPOSED
        }
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import"))
        assert "24" in entry.summary


def test_the_same_file_twice_imports_nobody_twice(app, client, district):
    pid = district["programme"]
    sign_in_as(client, district["official"])
    rows = thirty_rows()[:2]
    for _ in range(2):
        location = upload(client, pid, xlsx(rows), "ds.xlsx").headers["Location"]
        token = CSRF_INPUT.search(text(client.get(location))).group(1)
        client.post(location, data={"csrf_token": token})
    assert stored(app)[0] == 3


def test_csv_in_utf8_with_or_without_bom_and_utf16_as_excel_writes_it(app, client, district):
    pid = district["programme"]
    sign_in_as(client, district["official"])
    lines = ["Họ và tên,Năm sinh,Xã/phường,Đồng ý", "Trần Thị Bình,1970,Lê Lợi,x"]
    body = "\r\n".join(lines)
    for content in (body.encode(), "\ufeff".encode() + body.encode(),
                    ("\ufeff" + body.replace(",", "\t")).encode("utf-16-le")):  # fmt: skip
        response = upload(client, pid, content, "ds.csv")
        assert response.status_code == 303
        assert "Trần Thị Bình" in text(client.get(response.headers["Location"]))


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """As the Vietnamese Windows code page writes it: the tone apart, after its letter."""
    encoded = b""
    for letter in text:
        parts = unicodedata.normalize("NFD", letter)
        tones = "".join(mark for mark in parts if mark in TONES)
        base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in TONES))
        encoded += (base + tones).encode("cp1258")
    return encoded


WINDOWS_1258_CSV = windows_1258("Họ và tên,Xã/phường,Đồng ý\nLê Thị Thu,Lê Lợi,x\n")


def zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return output.getvalue()


def formulas_and_merged_cells() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([1, "Lê Thị Thu", "=1900+75", "Lê Lợi", "", "", "", "", "x"])
    sheet.append([2, "Lê Thị Hạ", 1976, "Lê Lợi", "", "", "", "", "x"])
    sheet.append([3, "", 1977, "", "", "", "", "", "x"])
    sheet.merge_cells("B3:B4")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "ds.xlsx", "không có dữ liệu"),
        (b"Day la van ban, khong phai bang tinh", "ds.xlsx", "không phải là bảng tính"),
        (bytes(range(256)) * 39_000, "ds.xlsx", "không phải là bảng tính"),
        (zip_bomb(), "ds.xlsx", "quá lớn"),
        (WINDOWS_1258_CSV, "ds.csv", "UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000, "ds.xls", ".xls"),
    ],
    ids=["empty", "renamed-text", "junk", "zip-bomb", "windows-1258", "old-xls"],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message(
    app, client, district, content, filename, message
):
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], content, filename)
    assert response.status_code == 422
    assert message in text(response)
    assert stored(app) == (1, 0, 0)


def test_ten_megabytes_of_junk_is_refused_before_it_is_read(app, client, district):
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], b"\x00junk" * (2 * 1024 * 1024 + 1), "ds.xlsx")
    assert response.status_code == 422 and "tối đa 10 MB" in text(response)
    assert stored(app) == (1, 0, 0)


def test_the_file_limit_is_the_setting_read_when_the_form_is_sent(app, client, district):
    app.config["CAMPAIGN_MAX_UPLOAD_BYTES"] = 1536 * 1024
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], b"x" * (1536 * 1024 + 1), "ds.csv")
    assert response.status_code == 422 and "Vui lòng gửi tệp" in text(response)
    assert "tối đa 1,5 MB" in text(response)
    assert stored(app) == (1, 0, 0)


def test_a_request_far_above_the_limit_gets_the_413_page_with_the_settings_limit(
    app, client, district
):
    app.config.update(CAMPAIGN_MAX_UPLOAD_BYTES=1536 * 1024, MAX_CONTENT_LENGTH=1600 * 1024)
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], b"x" * (1700 * 1024), "ds.csv")
    assert response.status_code == 413 and "tối đa 1,5 MB" in text(response)
    assert stored(app) == (1, 0, 0)


def test_formulas_and_merged_cells_are_rows_to_fix_not_values(app, client, district):
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], formulas_and_merged_cells(), "ds.xlsx")
    page = text(client.get(response.headers["Location"]))
    assert "công thức" in page and "gộp" in page
    assert "1975" not in page  # the formula was not evaluated


@pytest.mark.parametrize(
    ("scheme", "query", "other_column", "place"),
    [("pre2025", "", "province", "Thị xã Sơn Tây"),
     ("post2025", "?map=post2025", "district", "Thành phố Hà Nội")],
    ids=["old-map", "new-map"],
)  # fmt: skip
def test_the_template_has_the_columns_the_import_reads(
    app, client, district, scheme, query, other_column, place
):
    """Every column but the other map's: a district column on the old map, a province column
    (communes lie straight in it) on the new."""
    sign_in_as(client, district["official"])
    response = client.get(f"/gifts/import-template.xlsx{query}")
    assert response.status_code == 200
    from campaign.gifts.import_vocabulary import COLUMNS

    sheet = read_table("mau.xlsx", response.data, COLUMNS)
    assert sheet.missing_columns == [other_column]
    assert sheet.rows[0].values["full_name"] == "Nguyễn Thị Lan"
    assert place in sheet.rows[0].values.values()
    assert client.get("/gifts/import-template.xlsx?map=2019").status_code == 404


def test_the_command_line_checks_then_imports(app, district, tmp_path):
    path = tmp_path / "son-tay.xlsx"
    path.write_bytes(xlsx(thirty_rows()))
    runner = app.test_cli_runner()
    args = ["import-beneficiaries", str(path), "--programme", str(district["programme"])]
    dry = runner.invoke(args=[*args, "--dry-run"], catch_exceptions=False)
    assert dry.exit_code == 0, dry.output
    assert "9:" in dry.output  # spreadsheet row 9: the unknown commune
    assert stored(app) == (1, 0, 0)
    anonymous = runner.invoke(args=args)
    assert anonymous.exit_code != 0 and "--recorded-by" in anonymous.output
    assert stored(app) == (1, 0, 0)
    real = runner.invoke(args=[*args, "--recorded-by", "can.bo"], catch_exceptions=False)
    assert real.exit_code == 0, real.output
    # the command line has no district limit: the Ba Vì woman of row 11 is imported too
    assert stored(app)[:2] == (26, 21)
    missing = runner.invoke(args=[*args[:2], "--programme", "999999"])
    assert missing.exit_code != 0


def test_how_lists_are_really_written_is_understood(app, client, district):
    """Abbreviated ward types, a tick for consent, a birth date where the year was asked; an
    empty consent cell is still no."""
    sign_in_as(client, district["official"])
    body = "\r\n".join([
        "Họ và tên,Năm sinh,Xã/phường,Đồng ý",
        "Lê Thị Một,05/03/1972,P. Ngô Quyền,✓",
        "Lê Thị Hai,1973,p.Lê Lợi,Có",
        "Lê Thị Ba,1974,Lê Lợi,",
    ])  # fmt: skip
    location = upload(client, district["programme"], body.encode(), "ds.csv").headers["Location"]
    page = text(client.get(location))
    assert page.count('class="table-danger"') == 1
    token = CSRF_INPUT.search(page).group(1)
    client.post(location, data={"csrf_token": token})
    with app.app_context():
        one = db.session.scalar(sa.select(Beneficiary).where(Beneficiary.full_name == "Lê Thị Một"))
        assert one.birth_year == 1972 and one.unit.name == "Ngô Quyền"
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).where(Beneficiary.full_name == "Lê Thị Ba")
            )
            == 0
        )


def test_the_english_template_reads_back_and_a_wrong_district_is_a_problem(app, client, district):
    sign_in_as(client, district["official"])
    client.post("/language", data={"language": "en", "csrf_token": csrf_token(client, "/")})
    template = client.get("/gifts/import-template.xlsx").data
    from campaign.gifts.import_vocabulary import COLUMNS

    assert read_table("template.xlsx", template, COLUMNS).missing_columns == ["province"]
    body = "Full name,District,Commune / ward,Consent\r\nLê Thị Tư,Huyện Ba Vì,Phường Lê Lợi,x"
    location = upload(client, district["programme"], body.encode(), "ds.csv").headers["Location"]
    page = text(client.get(location))
    assert page.count('class="table-danger"') == 1 and "Huyện Ba Vì" in page


def test_a_list_without_a_required_column_is_previewed_with_what_is_missing(app, client, district):
    """Without the consent column the preview says so and offers to drop the file, no 500."""
    sign_in_as(client, district["official"])
    body = "Họ và tên,Năm sinh,Xã/phường\r\nLê Thị Năm,1975,Lê Lợi"
    response = upload(client, district["programme"], body.encode(), "ds.csv")
    assert response.status_code == 303
    preview = client.get(response.headers["Location"])
    assert preview.status_code == 200
    page = text(preview)
    assert "Tệp thiếu cột: Đồng ý cung cấp thông tin." in page
    assert "/cancel" in page and "Nhập 0 dòng" not in page
    assert stored(app) == (1, 0, 1)


def test_a_list_already_imported_cannot_be_confirmed_or_dropped_again(app, client, district):
    sign_in_as(client, district["official"])
    body = "Họ và tên,Xã/phường,Đồng ý\r\nLê Thị Sáu,Lê Lợi,x"
    location = upload(client, district["programme"], body.encode(), "ds.csv").headers["Location"]
    token = CSRF_INPUT.search(text(client.get(location))).group(1)
    assert client.post(location, data={"csrf_token": token}).status_code == 303
    for path in (location, location + "/cancel"):
        again = client.post(path, data={"csrf_token": token})
        assert again.status_code == 409 and "đã được nhập hoặc đã bị bỏ" in text(again)
    assert stored(app) == (2, 1, 0)


def test_the_import_reads_its_own_words_whatever_the_translation_says(
    app, client, district, monkeypatch
):
    """A translator rewording a category changes the interface, not which files are accepted."""
    original = flask_babel.Domain.get_translations

    def reworded(domain):
        translations = copy.copy(original(domain))
        translations._catalog = {**translations._catalog, "Poor household": "Gia cảnh nghèo khó"}
        return translations

    monkeypatch.setattr(flask_babel.Domain, "get_translations", reworded)
    sign_in_as(client, district["official"])
    assert "Gia cảnh nghèo khó" in text(client.get("/beneficiaries/new"))  # the edit took effect
    body = "\r\n".join([
        "Họ và tên,Xã/phường,Hoàn cảnh,Đồng ý",
        "Lê Thị Bảy,Lê Lợi,Hộ nghèo,x",
        "Lê Thị Tám,Lê Lợi,ho ngheo; POOR HOUSEHOLD,x",
        "Lê Thị Chín,Lê Lợi,Gia cảnh nghèo khó,x",
    ])  # fmt: skip
    location = upload(client, district["programme"], body.encode(), "ds.csv").headers["Location"]
    page = text(client.get(location))
    assert page.count('class="table-danger"') == 1
    assert "“Gia cảnh nghèo khó” không phải là một diện hoàn cảnh." in page


def test_the_command_line_prints_the_warnings_the_preview_shows(app, district, tmp_path):
    """A man's ID number and a full share are said per row, as on the web preview."""
    rows = [
        [n, f"Phan Thị Mười {n}", 1975, "Lê Lợi", "", "", "", "", "x"] for n in range(1, 22)
    ]  # 21 women for a share of 20
    rows[0][6] = "001075000001"  # the fourth digit, 0, is a man's
    path = tmp_path / "son-tay.xlsx"
    path.write_bytes(xlsx(rows, title=False))
    args = ["import-beneficiaries", str(path), "--programme", str(district["programme"])]
    result = app.test_cli_runner().invoke(args=[*args, "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Dòng 2: Số CCCD này là của nam giới (chữ số thứ tư là số chẵn)." in result.output
    assert "Dòng 22: Không đề xuất: Phường Lê Lợi" not in result.output  # the share is Sơn Tây's
    assert "Dòng 22: Không đề xuất: Thị xã Sơn Tây đã đủ số suất được phân bổ." in result.output


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.4", "ds.pdf", "Hãy gửi bảng tính Excel (.xlsx) hoặc tệp CSV"),
        (b"", "", "Hãy chọn tệp để tải lên."),
    ],
    ids=["pdf", "no-file"],
)
def test_the_upload_says_what_to_send_before_reading_it(
    app, client, district, content, filename, message
):
    sign_in_as(client, district["official"])
    response = upload(client, district["programme"], content, filename)
    assert response.status_code == 422
    assert message in text(response)
    assert stored(app) == (1, 0, 0)


@pytest.mark.parametrize(
    ("cells", "begins"),
    [
        ({"commune": "Không Có " * 1112}, "“Không Có Không Có Kh…” không phải"),
        ({"district": "Ba Vì " + "x" * 10_000}, "không thuộc “Ba Vì xxxxxxxxxxxxxx…”"),
        ({"circumstances": "Hộ nghèo, " + "Không rõ " * 1112}, "“Không rõ Không rõ Kh…” không"),
        ({"circumstances": "Nạn nhân bạo lực" + "!" * 10_000}, "“Nạn nhân bạo lực!!!!…”"),
        ({"commune": "Lê Lợi" + "." * 10_000}, None),  # found: nothing to quote
    ],
    ids=["commune", "district", "circumstance", "sensitive-category", "commune-with-dots"],
)
def test_a_ten_thousand_character_cell_is_quoted_by_its_beginning(app, district, cells, begins):
    """A message names the cell it is about by a short excerpt, never the whole of it."""
    row = {"full_name": "Lê Thị Mười", "commune": "Lê Lợi", "district": "Sơn Tây",
           "circumstances": "", "consent": "x", **cells}  # fmt: skip
    body = "Họ và tên,Xã/phường,Quận/huyện,Hoàn cảnh,Đồng ý\r\n" + ",".join(
        f'"{row[column]}"' for column in ("full_name", "commune", "district", "circumstances",
                                          "consent")
    )  # fmt: skip
    sheet = read_table("ds.csv", body.encode(), COLUMNS)
    with app.test_request_context(), app.app_context():
        official = db.session.scalar(sa.select(User).where(User.username == district["official"]))
        analysis = analyse(official, db.session.get(GiftProgramme, district["programme"]), sheet)
        problems = analysis.rows[0].problems
    if begins is None:
        assert problems == []
    else:
        assert len(problems) == 1 and begins in problems[0]
        assert len(problems[0]) < 200
