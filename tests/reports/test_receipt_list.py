"""The receipt list: before the ceremony to be signed, after it with who received; in print,
PDF, CSV and XLSX from the same rows; within the reader's units; audited; never a circumstance,
an ID number or a phone."""

import csv
import io
import threading

import openpyxl
import pdfplumber
import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests.conftest import csrf_token, sign_in

SENSITIVE = ("001183000001", "0912340001", "bạo lực", "violence")


def receipts(client, programme, **args):
    return client.get(f"/reports/programmes/{programme['id']}/receipts", query_string=args)


def csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[rows.index(next(r for r in rows if r[0] == "STT")):]


def pdf_text(response) -> str:
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_staff_print_the_list_to_sign_in_list_order_with_total_and_amount_in_words(
    app, client, programme
):
    sign_in(app, client, "staff")
    page = receipts(client, programme, format="print").get_data(as_text=True)
    names = ["Nguyễn Thị Lan", "=HYPERLINK", "Trần Thị Ơn", "Lê Thị Ưng"]
    assert [page.index(name) for name in names] == sorted(page.index(n) for n in names)
    assert "DANH SÁCH KÝ NHẬN QUÀ" in page.upper() and "Trao quà 2022" in page
    assert "Tổng cộng: 4 phần quà" in page and "2.000.000 đ" in page
    assert "Bằng chữ: Hai triệu đồng." in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Độc lập - Tự do - Hạnh phúc" in page
    assert "Người lập biểu" in page and "Thủ trưởng đơn vị" in page
    for secret in SENSITIVE:
        assert secret not in page


def test_after_the_ceremony_the_list_says_who_received_when_and_who_for_her(
    app, client, programme
):
    sign_in(app, client, "staff")
    rows = csv_rows(receipts(client, programme, format="csv", stage="after"))
    assert rows[0] == ["STT", "Họ và tên", "Năm sinh", "Xã/phường", "Thôn/tổ dân phố",
                       "Giá trị quà", "Thời điểm nhận", "Người nhận", "Ghi chú"]  # fmt: skip
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["1"][6:] == ["10:00 14/11/2022", "Nhận trực tiếp", ""]
    assert by_number["2"][7] == "Phạm Văn Bình (chồng) nhận thay"
    assert by_number["3"][6:] == ["", "", "Chưa nhận"]
    assert by_number["4"][6] == "10:00 14/11/2022"  # given again after the voided record
    assert len(rows) == 5
    page = receipts(client, programme, format="print", stage="after").get_data(as_text=True)
    assert "Tổng cộng: 3 phần quà" in page and "Bằng chữ: Một triệu năm trăm nghìn đồng." in page


def test_one_unit_and_a_page_per_unit(app, client, programme):
    sign_in(app, client, "staff")
    rows = csv_rows(receipts(client, programme, format="csv", unit=programme["ba_vi_code"]))
    assert [row[1] for row in rows[1:]] == ["Lê Thị Ưng"]
    page = receipts(client, programme, format="print", by_unit="y").get_data(as_text=True)
    assert page.count('class="document-sheet') == 2
    assert page.index("Huyện Ba Vì") < page.index("Thị xã Sơn Tây")  # units in name order
    assert page.count("Người lập biểu") == 2  # each unit's pages are signed
    assert "Bằng chữ: Năm trăm nghìn đồng." in page and "Bằng chữ: Một triệu năm trăm" in page


def test_an_official_lists_only_her_units(app, client, programme):
    sign_in(app, client, "official", units=[programme["son_tay"]])
    rows = csv_rows(receipts(client, programme, format="csv"))
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    choices = receipts(client, programme).get_data(as_text=True)
    assert "Thị xã Sơn Tây" in choices and "Huyện Ba Vì" not in choices


def test_a_name_that_is_a_formula_stays_text_in_csv_and_xlsx(app, client, programme):
    sign_in(app, client, "staff")
    rows = csv_rows(receipts(client, programme, format="csv"))
    assert rows[2][1] == """'=HYPERLINK("http://x","y")"""
    response = receipts(client, programme, format="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    cell = workbook.active.cell(row=5, column=2)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    assert cell.quotePrefix


def test_xlsx_holds_the_csv_values_typed(app, client, programme):
    sign_in(app, client, "staff")
    as_csv = csv_rows(receipts(client, programme, format="csv", stage="after"))
    as_xlsx = xlsx_rows(receipts(client, programme, format="xlsx", stage="after"))
    assert [str(h) for h in as_xlsx[0]] == as_csv[0]
    first = as_xlsx[1]
    assert first[0] == 1 and first[2] == 1961 and first[5] == 500_000  # numbers as numbers
    assert first[6].strftime("%H:%M %d/%m/%Y") == as_csv[1][6]  # a moment, in Hà Nội time
    for xlsx_row, csv_row in zip(as_xlsx[1:], as_csv[1:], strict=True):
        assert [str(v) for v in xlsx_row[:6] if v is not None] == [
            v.removeprefix("'") for v in csv_row[:6] if v]


def test_the_pdf_holds_every_name_with_its_diacritics_and_the_amount_in_words(
    app, client, programme
):
    sign_in(app, client, "staff")
    response = receipts(client, programme, format="pdf")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response)
    for name in ("Nguyễn Thị Lan", "Trần Thị Ơn", "Lê Thị Ưng"):
        assert name in text
    assert "Bằng chữ: Hai triệu đồng." in text
    for secret in SENSITIVE:
        assert secret not in text


@pytest.mark.parametrize(("output", "action"), [("print", "print"), ("pdf", "print"),
                                                ("csv", "export"), ("xlsx", "export")])
def test_every_print_and_export_is_audited_with_its_filters_and_row_count(
    app, client, programme, output, action
):
    user_id = sign_in(app, client, "staff")
    response = receipts(client, programme, format=output, stage="after",
                        unit=programme["son_tay_code"])  # fmt: skip
    assert response.status_code == 200
    response.get_data()  # a streamed CSV is read to its end
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.user_id == user_id,
                                        AuditEntry.action == action)
        ).one()
    assert entry.entity_type == "gift_programme" and entry.entity_id == programme["id"]
    assert entry.summary.startswith(f"receipt-list.{output} (3) ")
    assert '"stage": "after"' in entry.summary
    assert f'"unit": "{programme["son_tay_code"]}"' in entry.summary


def test_bad_choices_answer_400_and_an_unknown_format_404(app, client, programme):
    sign_in(app, client, "staff")
    bad_unit = receipts(client, programme, format="csv", unit="99999")
    assert bad_unit.status_code == 400 and "Hãy chọn một" in bad_unit.get_data(as_text=True)
    assert receipts(client, programme, format="csv", stage="x\x00").status_code == 400
    assert receipts(client, programme, format="docx").status_code == 404
    assert client.get("/reports/programmes/999999/receipts?format=csv").status_code == 404
    with app.app_context():
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry)
            .where(AuditEntry.action == "export")
        ) == 0  # fmt: skip


def test_libreoffice_reads_the_xlsx_with_the_csvs_values_and_the_formula_as_text(
    app, client, programme, tmp_path
):
    """LibreOffice's own reading of the file (soffice --convert-to csv), as an office opens it:
    the same values as the CSV export, the would-be formula a text."""
    import shutil
    import subprocess

    assert shutil.which("soffice"), "make test installs LibreOffice (scripts/ensure-libreoffice)"
    sign_in(app, client, "staff")
    (tmp_path / "list.xlsx").write_bytes(
        receipts(client, programme, format="xlsx", stage="after").data
    )
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
         str(tmp_path / "list.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    converted = list(csv.reader(io.StringIO((tmp_path / "list.csv").read_text("utf-8"))))
    table = converted[next(i for i, row in enumerate(converted) if row and row[0] == "STT"):]
    exported = csv_rows(receipts(client, programme, format="csv", stage="after"))
    assert table[0] == exported[0]
    for opened, written in zip(table[1:], exported[1:], strict=True):
        assert opened[:5] == [cell.removeprefix("'") for cell in written[:5]]
        assert opened[5].replace(",", "").replace(".", "") == written[5]  # 500,000 as grouped
        assert opened[6] == written[6]  # the moment, as hh:mm dd/mm/yyyy
    assert table[2][1] == '=HYPERLINK("http://x","y")'


def test_a_download_being_read_holds_no_write_lock(app, client, programme):
    """The audit entry is committed before the rows are read: while a CSV is still being
    downloaded, someone else signs in (which writes) at once, on SQLite as on PostgreSQL
    (SQLite would make her wait for the lock, 30 s, and then fail)."""
    from tests import factories

    with app.app_context():
        factories.user(username="nguoi.khac")
        db.session.commit()
    sign_in(app, client, "staff")
    response = client.get(f"/reports/programmes/{programme['id']}/receipts?format=csv",
                          buffered=False)  # fmt: skip
    pieces = iter(response.response)
    first = next(pieces)
    answers = []

    def sign_in_elsewhere():  # another person, at another computer: another thread
        other = app.test_client()
        answers.append(other.post("/login", data={
            "username": "nguoi.khac", "password": factories.PASSWORD,
            "csrf_token": csrf_token(other)}).status_code)  # fmt: skip

    elsewhere = threading.Thread(target=sign_in_elsewhere)
    elsewhere.start()
    elsewhere.join(timeout=10)
    assert answers == [302], "the sign-in waited for the download's lock"
    text = b"".join(p if isinstance(p, bytes) else p.encode() for p in [first, *pieces]).decode()
    response.close()
    assert "Lê Thị Ưng" in text
