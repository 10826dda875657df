"""A new ward official's gift programme, from the district's spreadsheet to the ceremony.

The issue's acceptance: import a district list of 30 women from an XLSX made in a spreadsheet
program (some rows wrong), fix or drop the wrong ones, nominate, have them approved, then record
the handovers at the ceremony. How long a handover takes is a benchmark (``bench.handover``),
not a test: a wall-clock limit fails on a loaded machine and proves nothing on a fast one.
"""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font
from playwright.sync_api import Page, expect

from campaign.accounts.models import Role
from campaign.extensions import db
from tests import factories
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser
HEADERS = ["STT", "Họ và tên", "Năm sinh", "Xã, phường, thị trấn", "Thôn, tổ dân phố",
           "Số điện thoại", "Hoàn cảnh", "Đồng ý cung cấp thông tin"]  # fmt: skip
NAMES = [
    "Nguyễn Thị Lan", "Phùng Thị Hằng", "Kiều Thị Mến", "Đỗ Thị Thủy", "Chu Thị Ngọc", "",
    "Khuất Thị Huệ", "Lê Thị Hoa", "Trần Thị Bích", "Phạm Thị Duyên", "Hoàng Thị Nga",
    "Vũ Thị Liên", "Đặng Thị Xuân", "Bùi Thị Thoa", "Ngô Thị Yến", "Dương Thị Hạnh",
    "Lý Thị Gấm", "Đinh Thị Tuyết", "Tạ Thị Oanh", "Cao Thị Nhung", "Mai Thị Phượng",
    "Mai Thị Phượng", "Quách Thị Sen", "Hà Thị Vân", "Lưu Thị Cúc", "Tô Thị Hiền",
    "Triệu Thị Loan", "Văn Thị Dung", "Lại Thị Đào", "Nghiêm Thị Thơm",
]  # fmt: skip
FIRST_DATA_ROW = 4  # two merged title rows, then the headers
COMMUNES = ["Phường Lê Lợi", "Ngô Quyền", "Xã Đường Lâm"]
CIRCUMSTANCES = ["Hộ nghèo", "Hộ nghèo, Mẹ đơn thân", "Hộ cận nghèo", "Khuyết tật"]
# Spreadsheet row → what the preview says is wrong with it.
WRONG_ROWS = {
    9: "Thiếu họ tên.",
    14: "“19755” không phải là năm sinh.",
    18: "“Phường Lê Lai” không phải là xã, phường",
    25: "Trùng người với dòng 24.",
    30: "Chưa ghi nhận sự đồng ý của chị",
}


def district_list() -> bytes:
    """The list as a ward official types it in a spreadsheet program: titles merged above the
    headers, years as numbers, some phones as numbers that lost their leading zero."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH PHỤ NỮ CÓ HOÀN CẢNH KHÓ KHĂN ĐỀ NGHỊ TẶNG QUÀ"])
    sheet.append(["(Kèm theo Công văn số 125/UBND-LĐTBXH ngày 01/11/2022 của UBND thị xã Sơn Tây)"])
    sheet.merge_cells("A1:H1")
    sheet.merge_cells("A2:H2")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for index, name in enumerate(NAMES):
        number = index + 1
        phone = f"09{number:08d}" if number % 3 else int(f"98{number:07d}")  # zero lost
        sheet.append([
            number, name, 1958 + number, COMMUNES[number % 3], f"Tổ dân phố {number % 7 + 1}",
            phone, CIRCUMSTANCES[number % 4], "x",
        ])  # fmt: skip
    sheet.cell(14, 3, 19755)  # a year with one digit too many
    sheet.cell(18, 4, "Phường Lê Lai")  # no such ward in Sơn Tây
    for column in range(3, 9):  # row 25 repeats row 24 (only the STT differs)
        sheet.cell(25, column, sheet.cell(24, column).value)
    sheet.cell(30, 8).value = None  # her consent not ticked
    for letter, width in zip("ABCDEFGH", (5, 22, 9, 20, 16, 14, 22, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def valid_names() -> list[str]:
    wrong = {row - FIRST_DATA_ROW for row in WRONG_ROWS}
    return [name for index, name in enumerate(NAMES) if index not in wrong]


def upload(page: Page, content: bytes, filename: str) -> None:
    page.get_by_label("Danh sách (XLSX hoặc CSV)").set_input_files(
        files=[{"name": filename, "buffer": content,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}]
    )  # fmt: skip
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(f"Kiểm tra danh sách: {filename}")


def rejected_rows(content: bytes) -> tuple[openpyxl.Workbook, dict[str, int], int]:
    """The downloaded workbook, its column numbers by header, and the header's row number."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    for row in sheet.iter_rows(max_row=10):
        texts = [cell.value for cell in row]
        if "Lý do" in texts:
            columns = {text: number for number, text in enumerate(texts, start=1) if text}
            return workbook, columns, row[0].row
    raise AssertionError("no header row with “Lý do” in the rejected rows")


def fix_rejected_rows(content: bytes) -> bytes:
    """What the official does with the file of rejected rows after a few phone calls: corrects
    the year, the ward and the consent; drops the nameless row and the repeated one."""
    workbook, columns, header_row = rejected_rows(content)
    sheet = workbook.active
    for number in range(sheet.max_row, header_row, -1):
        value = sheet.cell(number, columns["Lý do"]).value or ""
        if value.startswith(("Thiếu họ tên", "Trùng người")):
            sheet.delete_rows(number)
        elif "năm sinh" in value:
            sheet.cell(number, columns["Năm sinh"], "1975")
        elif "Lê Lai" in value:
            sheet.cell(number, columns["Xã, phường, thị trấn"], "Phường Lê Lợi")
        elif "đồng ý" in value:
            sheet.cell(number, columns["Đồng ý cung cấp thông tin"], "x")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def counter(page: Page, district: str):
    return page.locator(".list-group-item", has_text=district).locator(".fw-semibold")


def find_on_the_handover_screen(page: Page, text: str, name: str):
    page.get_by_label("Tên hoặc số thứ tự trong danh sách").fill(text)
    page.get_by_label("Tên hoặc số thứ tự trong danh sách").press("Enter")
    found = page.get_by_role("table", name="Người đã duyệt tìm thấy").locator("tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(name)
    return found


def test_a_new_official_imports_a_district_list_and_hands_over_the_gifts_at_the_ceremony(
    page: Page, second_page: Page, live_server: str, app
):
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province", full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
        for name in ("Lê Lợi", "Ngô Quyền"):
            factories.unit(name, "commune", parent=son_tay, full_name=f"Phường {name}")
        factories.unit("Đường Lâm", "commune", parent=son_tay, full_name="Xã Đường Lâm")
        campaign = factories.campaign(unit=hanoi, name="Tháng hành động vì bình đẳng giới năm 2022")
        event = factories.event(campaign=campaign, title="Lễ phát động Tháng hành động")
        programme = factories.programme(
            quota=100, campaign=campaign, event=event,
            name="Trao quà cho phụ nữ có hoàn cảnh khó khăn",
        )  # fmt: skip
        factories.allocation(programme, son_tay, quota=20)
        factories.user(Role.OFFICIAL, username="can.bo.son.tay", full_name="Nguyễn Thu Hà",
                       units=[son_tay])  # fmt: skip
        factories.user(Role.ORGANIZER, username="ban.to.chuc", full_name="Ban tổ chức")
        db.session.commit()
        programme_url = f"{live_server}/gifts/{programme.id}"
    official, organizer = page, second_page
    names = valid_names()
    assert len(names) == 25

    # The official finds the programme from the home page, as a newcomer would.
    sign_in(official, live_server + "/", "can.bo.son.tay", factories.PASSWORD)
    official.get_by_role("link", name="Tháng hành động vì bình đẳng giới năm 2022").click()
    official.get_by_role("link", name="Trao quà cho phụ nữ có hoàn cảnh khó khăn").click()
    expect(official).to_have_url(programme_url)
    official.get_by_role("link", name="Nhập danh sách").click()
    check_accessibility(official)

    # Upload: the preview shows every row and why five are left out.
    upload(official, district_list(), "danh-sach-son-tay.xlsx")
    expect(official.locator("p.lead:not([data-counter])")).to_have_text(
        "Có 25 dòng nhập được (trong đó 20 người sẽ được đề xuất nhận quà); 5 dòng có lỗi và sẽ"
        " bị loại."
    )
    rows = official.get_by_role("table", name="Các dòng của tệp").locator("tbody tr")
    expect(rows).to_have_count(30)
    expect(official.locator("tr.table-danger")).to_have_count(len(WRONG_ROWS))
    for number, reason in WRONG_ROWS.items():
        row = rows.filter(
            has=official.locator("td:first-child", has_text=re.compile(f"^{number}$"))
        )
        expect(row).to_have_class(re.compile("table-danger"))
        expect(row).to_contain_text("Bị loại:")
        expect(row).to_contain_text(reason)
    # 25 valid rows for a share of 20: the last five are registered without a proposal.
    expect(official.get_by_text("Sẽ đăng ký và đề xuất nhận quà.")).to_have_count(20)
    expect(
        official.get_by_text("Không đề xuất: Thị xã Sơn Tây đã đủ số suất được phân bổ.")
    ).to_have_count(5)
    check_accessibility(official)

    with official.expect_download() as download_info:
        official.get_by_role("link", name="Tải các dòng bị loại kèm lý do").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    rejected = Path(download.path()).read_bytes()
    assert rejected.startswith(b"PK\x03\x04")
    workbook, columns, header_row = rejected_rows(rejected)
    sheet = workbook.active
    reasons = {
        int(sheet.cell(number, columns["Dòng"]).value): sheet.cell(number, columns["Lý do"]).value
        for number in range(header_row + 1, sheet.max_row + 1)
        if sheet.cell(number, columns["Dòng"]).value is not None
    }
    assert set(reasons) == set(WRONG_ROWS)
    for number, reason in WRONG_ROWS.items():
        assert reason in reasons[number]
    assert sheet.cell(header_row + 2, columns["Họ và tên"]).value == "Hoàng Thị Nga"

    official.get_by_role("button", name="Nhập 25 dòng hợp lệ").click()
    expect(official).to_have_url(re.compile(f"/gifts/{programme.id}/nominations$"))
    expect(official.get_by_role("status")).to_have_text(
        "Đã đăng ký 25 người, trong đó 20 người được đề xuất nhận quà; 5 dòng bị loại."
    )
    nominees = official.get_by_role("table", name="Danh sách đề xuất").locator("tbody tr")
    expect(nominees).to_have_count(20)
    expect(nominees.locator("td:nth-child(2)")).to_have_text(names[:20])
    # She proposed them: deciding is for an organizer, not for her.
    expect(official.get_by_role("checkbox")).to_have_count(0)
    expect(
        official.get_by_role("button", name="Duyệt những người đã chọn", exact=True)
    ).to_have_count(0)
    check_accessibility(official)

    # Fix: the rejected rows, corrected in the downloaded file, uploaded again; all three are
    # registered but the share is full.
    official.get_by_role("link", name="Nhập danh sách").click()
    upload(official, fix_rejected_rows(rejected), "dong-bi-loai-da-sua.xlsx")
    expect(official.locator("p.lead:not([data-counter])")).to_have_text(
        "Có 3 dòng nhập được (trong đó 0 người sẽ được đề xuất nhận quà); 0 dòng có lỗi và sẽ"
        " bị loại."
    )
    expect(official.locator("tr.table-danger")).to_have_count(0)
    official.get_by_role("button", name="Nhập 3 dòng hợp lệ").click()
    expect(official.get_by_role("status")).to_have_text(
        "Đã đăng ký 3 người, trong đó 0 người được đề xuất nhận quà; 0 dòng bị loại."
    )

    # Nominate: Cao Thị Nhung has moved away; her place goes to Hoàng Thị Nga, now registered.
    official.get_by_role("row", name=re.compile("Cao Thị Nhung")).get_by_role(
        "button", name="Rút"
    ).click()
    expect(official.get_by_role("status")).to_have_text("Đã rút đề xuất.")
    official.get_by_role("link", name="Đề xuất người nhận").click()
    official.get_by_label("Tên hoặc xã, phường").fill("hoang thi nga")
    official.get_by_role("button", name="Tìm kiếm").click()
    official.get_by_label("Hoàng Thị Nga").check()
    check_accessibility(official)
    official.get_by_role("button", name="Đề xuất những người đã chọn").click()
    expect(official.get_by_role("status")).to_have_text("Đã đề xuất 1 người.")
    expect(nominees).to_have_count(20)
    expect(official.get_by_role("row", name=re.compile("Hoàng Thị Nga"))).to_contain_text("21")

    # The organizer, at her own computer, approves the whole list.
    sign_in(organizer, programme_url + "/nominations", "ban.to.chuc", factories.PASSWORD)
    boxes = organizer.get_by_role("checkbox", name=re.compile("^Chọn (?!tất cả)"))
    expect(boxes).to_have_count(20)
    organizer.get_by_label("Chọn tất cả người được đề xuất trên trang này").check()
    for box in boxes.all():
        expect(box).to_be_checked()
    check_accessibility(organizer)
    organizer.get_by_role("button", name="Duyệt những người đã chọn", exact=True).click()
    expect(organizer.get_by_role("status")).to_have_text("Đã duyệt 20 người được đề xuất.")
    organizer.goto(programme_url)
    share = organizer.get_by_role("table", name="Phân bổ theo quận/huyện").get_by_role(
        "row", name=re.compile("^Thị xã Sơn Tây")
    )
    expect(share.locator("td")).to_have_text(["Thị xã Sơn Tây", "20", "20", "20", "0", "20"])

    # The ceremony: five gifts, one taken by her husband, each found and recorded.
    official.get_by_role("link", name="Trao quà", exact=True).click()
    expect(counter(official, "Thị xã Sơn Tây")).to_have_text("0 / 20")
    check_accessibility(official)
    number_of = {name: str(number) for number, name in enumerate(names[:20], start=1)}
    number_of["Hoàng Thị Nga"] = "21"
    ceremony = [
        ("thuy", "Đỗ Thị Thủy", None),
        ("dang thi xuan", "Đặng Thị Xuân", None),
        (number_of["Phùng Thị Hằng"], "Phùng Thị Hằng", None),
        ("21", "Hoàng Thị Nga", ("Nguyễn Văn Hùng", "chồng")),
        ("phuong", "Mai Thị Phượng", None),
    ]
    for given, (query, name, proxy) in enumerate(ceremony, start=1):
        found = find_on_the_handover_screen(official, query, name)
        if proxy is None:
            found.get_by_role("button", name="Đã nhận").click()
        else:
            found.locator("summary", has_text=re.compile("nhận thay", re.IGNORECASE)).click()
            found.get_by_label("Người nhận thay").fill(proxy[0])
            found.get_by_label("Quan hệ với người nhận").fill(proxy[1])
            if given == 4:
                check_accessibility(official)
            found.get_by_role("button", name="Ghi nhận nhận thay").click()
        expect(official.get_by_role("status")).to_have_text(
            f"Đã ghi nhận: {name} (số {number_of[name]}) đã nhận quà."
        )
        expect(counter(official, "Thị xã Sơn Tây")).to_have_text(f"{given} / 20")
    expect(official.locator("[data-counter=programme]")).to_have_text("Đã trao 5/100 phần quà.")
    recent = official.locator("h2:text-is('Vừa ghi nhận') + ul")
    expect(recent.locator("li")).to_have_count(5)
    expect(recent).to_contain_text("Hoàng Thị Nga (nhận thay: Nguyễn Văn Hùng, chồng)")
    check_accessibility(official)

    # A wrong record voided: Mai Thị Phượng's sister had been called up by mistake.
    last = recent.locator("li").first
    expect(last).to_contain_text("Mai Thị Phượng")
    last.get_by_text("Hủy bản ghi này").click()
    last.get_by_label("Vì sao bản ghi bị sai?").fill("Nhầm người: gọi nhầm tên em gái chị")
    last.get_by_role("button", name="Hủy", exact=True).click()
    expect(official.get_by_role("status")).to_have_text("Đã hủy bản ghi; suất quà được trả lại.")
    expect(counter(official, "Thị xã Sơn Tây")).to_have_text("4 / 20")
    expect(official.locator("[data-counter=programme]")).to_have_text("Đã trao 4/100 phần quà.")
    voided = recent.locator("li").first
    expect(voided.locator(".badge")).to_have_text("Đã hủy")
    expect(voided).to_contain_text("Nhầm người: gọi nhầm tên em gái chị")
    found = find_on_the_handover_screen(official, "phuong", "Mai Thị Phượng")
    expect(found.get_by_role("button", name="Đã nhận")).to_be_visible()
    check_accessibility(official)
