"""The beneficiary list of a unit: de-identified by default for everyone who reads the list;
the full list (phones, ID numbers; the sensitive category only for the roles that see it) only
for the roles allowed to see ID numbers, after a stated reason that the audit log keeps."""

import csv
import io

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests.conftest import csrf_token, sign_in

ID_NUMBERS = ["001183000001", "001183000002", "001183000003", "001183000004"]
PHONES = ["0912340001", "0912340002"]


def csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), text[:500]
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("role", ["staff", "organizer"])
def test_the_printed_and_exported_list_is_de_identified_for_every_role(
    app, client, programme, role
):
    sign_in(app, client, role)
    rows = csv_rows(client.get("/reports/beneficiaries?format=csv"))
    assert rows[0] == ["STT", "Họ và tên", "Năm sinh", "Xã/phường", "Thôn/tổ dân phố",
                       "Hoàn cảnh"]  # fmt: skip
    names = [row[1] for row in rows[1:]]
    assert [name for name in names if not name.startswith("'")] == [
        "Nguyễn Thị Lan", "Trần Thị Ơn", "Lê Thị Ưng"]  # by given name: Lan, Ơn, Ưng
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4"]
    everything = client.get("/reports/beneficiaries?format=print").get_data(as_text=True)
    for secret in [*ID_NUMBERS, *PHONES, "bạo lực"]:
        assert secret not in everything and all(secret not in ",".join(r) for r in rows)


def test_the_list_keeps_the_pages_filters_and_the_readers_scope(app, client, programme):
    sign_in(app, client, "official", units=[programme["son_tay"]])
    rows = csv_rows(client.get("/reports/beneficiaries", query_string={"format": "csv"}))
    assert {row[1] for row in rows[1:]} >= {"Nguyễn Thị Lan", "Trần Thị Ơn"} and len(rows) == 4
    assert "Lê Thị Ưng" not in {row[1] for row in rows}
    found = csv_rows(client.get("/reports/beneficiaries", query_string={"format": "csv", "q": "ung"}))
    assert found[1:] == []  # Lê Thị Ưng is in Ba Vì, outside her scope
    page = client.get("/beneficiaries/?q=lan").get_data(as_text=True)
    assert "/reports/beneficiaries?q=lan&amp;format=csv" in page


def test_staff_cannot_have_the_full_list(app, client, programme):
    sign_in(app, client, "staff")
    assert client.get("/reports/beneficiaries/full").status_code == 403
    assert "Full list" not in client.get("/beneficiaries/").get_data(as_text=True)


def test_the_full_list_asks_for_a_reason_and_the_audit_log_keeps_it(app, client, programme):
    user_id = sign_in(app, client, "organizer")
    assert client.get("/reports/beneficiaries/full").status_code == 200
    token = csrf_token(client, "/reports/beneficiaries/full")
    short = client.post("/reports/beneficiaries/full",
                        data={"csrf_token": token, "reason": "cần", "format": "csv"})  # fmt: skip
    assert short.status_code == 400 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    reason = "Đối chiếu danh sách với UBND xã trước buổi lễ"
    response = client.post("/reports/beneficiaries/full?q=lan",
                           data={"csrf_token": token, "reason": reason, "format": "csv"})  # fmt: skip
    rows = csv_rows(response)
    assert rows[0][-3:] == ["Điện thoại", "Số CCCD", "Ghi chú hoàn cảnh"]
    assert rows[1][1] == "Nguyễn Thị Lan" and rows[1][6:8] == ["0912340001", "001183000001"]
    assert "Nạn nhân bạo lực" in rows[1][5]  # an organizer may see the sensitive category
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.user_id == user_id, AuditEntry.action == "export")).all()
    assert len(entries) == 1 and reason in entries[0].summary
    assert entries[0].summary.startswith("beneficiary-list-full.csv (1) ")


def test_an_official_has_the_full_list_without_the_sensitive_category(app, client, programme):
    sign_in(app, client, "official", units=[programme["son_tay"]])
    token = csrf_token(client, "/reports/beneficiaries/full")
    rows = csv_rows(client.post("/reports/beneficiaries/full", data={
        "csrf_token": token, "reason": "Liên hệ từng chị trước buổi lễ", "format": "csv"}))
    assert {row[7] for row in rows[1:]} == set(ID_NUMBERS[:3])
    assert all("bạo lực" not in ",".join(row) for row in rows)


@pytest.mark.parametrize("query", ["endpoint=x", "_method=POST", "format=csv&format=pdf&q=a"])
def test_odd_query_parameters_do_not_break_the_document_links(app, client, programme, query):
    sign_in(app, client, "staff")
    for url in ("/beneficiaries/", f"/reports/programmes/{programme['id']}/handovers",
                "/reports/beneficiaries"):  # fmt: skip
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query)
