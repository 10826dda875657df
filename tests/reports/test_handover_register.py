"""The handover register: staff read, filter, print and export who received a gift; they cannot
record one. Officials see their units only."""

import csv
import io

from tests.conftest import counted_queries, csrf_token, sign_in


def register(client, programme, document=False, **args):
    suffix = "/document" if document else ""
    return client.get(f"/reports/programmes/{programme['id']}/handovers{suffix}",
                      query_string=args)  # fmt: skip


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True)[1:])))


def test_staff_read_every_gift_recorded_with_how_and_by_whom(app, client, programme):
    sign_in(app, client, "staff")
    page = register(client, programme)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Phạm Văn Bình (chồng)" in text and "Ghi nhầm người" in text
    assert "Đã ghi nhận 4 phần quà" in text
    rows = csv_rows(register(client, programme, document=True, format="csv"))
    assert [row[2] for row in rows[1:]] == ["Nguyễn Thị Lan", """'=HYPERLINK("http://x","y")""",
                                            "Lê Thị Ưng", "Lê Thị Ưng"]  # fmt: skip
    assert [row[10] for row in rows[1:]] == ["Đã trao", "Đã trao", "Đã hủy", "Đã trao"]
    assert rows[3][11] == "Ghi nhầm người" and rows[2][7] == "Người nhận thay"


def test_staff_cannot_record_or_void_a_gift(app, client, programme):
    sign_in(app, client, "staff")
    pid = programme["id"]
    assert client.get(f"/gifts/{pid}/handover").status_code == 403
    response = client.post(f"/gifts/{pid}/handover", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 403
    assert "Ghi nhận trao quà" not in register(client, programme).get_data(as_text=True)


def test_filters_by_unit_status_and_day_and_the_exports_keep_them(app, client, programme):
    sign_in(app, client, "staff")
    args = {"unit": programme["ba_vi_code"], "status": "voided"}
    rows = csv_rows(register(client, programme, document=True, format="csv", **args))
    assert [row[2] for row in rows[1:]] == ["Lê Thị Ưng"]
    page = register(client, programme, **args).get_data(as_text=True)
    assert f"unit={programme['ba_vi_code']}" in page and "format=xlsx" in page
    printed = register(client, programme, document=True, format="print", **args)
    assert "Huyện Ba Vì" in printed.get_data(as_text=True)
    day = {"since": "14/11/2022", "until": "14/11/2022"}
    assert len(csv_rows(register(client, programme, document=True, format="csv", **day))) == 5
    later = {"since": "15/11/2022"}
    assert len(csv_rows(register(client, programme, document=True, format="csv", **later))) == 1


def test_bad_filters_answer_400_with_the_message_and_export_nothing(app, client, programme):
    sign_in(app, client, "staff")
    reversed_days = {"since": "15/11/2022", "until": "14/11/2022"}
    response = register(client, programme, document=True, format="csv", **reversed_days)
    assert response.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.get_data(as_text=True)
    assert register(client, programme, status="lost").status_code == 400
    assert register(client, programme, since="31/02/2022").status_code == 400


def test_an_official_reads_only_her_units(app, client, programme):
    sign_in(app, client, "official", units=[programme["son_tay"]])
    rows = csv_rows(register(client, programme, document=True, format="csv"))
    assert {row[5] for row in rows[1:]} == {"Thị xã Sơn Tây"}
    assert "Lê Thị Ưng" not in register(client, programme).get_data(as_text=True)


def test_a_page_of_the_register_runs_a_fixed_number_of_statements(app, client, programme):
    sign_in(app, client, "staff")
    with counted_queries(app) as statements:
        assert register(client, programme).status_code == 200
    first = len(statements)
    with counted_queries(app) as statements:
        assert register(client, programme, status="given").status_code == 200
    assert len(statements) == first <= 12
