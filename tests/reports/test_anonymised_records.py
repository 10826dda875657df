"""Erasure on request and anonymisation as staff meet them: the receipt list, the handover
register, the beneficiary list and the summary keep every count and total, and say
"(đã ẩn danh)" where the name was; the page to erase is an organizer's, with a reason."""

import re
import threading

import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.beneficiaries.models import Beneficiary
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme, Handover
from tests.conftest import csrf_token, sign_in
from tests.reports.test_receipt_list import csv_rows, receipts

ANONYMISED = "(đã ẩn danh)"


def text(response) -> str:
    return response.get_data(as_text=True)


def woman_named(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Beneficiary.id).where(Beneficiary.full_name == name))


def erase(client, woman_id: int, reason="Đơn đề nghị ngày 3/12", confirm="y"):
    page = f"/beneficiaries/{woman_id}/erase"
    data = {"csrf_token": csrf_token(client, page), "reason": reason}
    if confirm:
        data["confirm"] = confirm
    return client.post(page, data=data)


def documents(client, programme, campaign_id):
    """What staff print and export of the programme, the parts that are counts and totals."""
    after = csv_rows(receipts(client, programme, stage="after", format="csv"))
    register = text(client.get(f"/reports/programmes/{programme['id']}/handovers/document",
                               query_string={"format": "print"}))
    summary = text(client.get(f"/reports/campaigns/{campaign_id}/summary"))
    totals = re.findall(r"Tổng cộng[^<]*", text(receipts(client, programme, format="print")))
    figures = re.findall(r"<td[^>]*>([\d.]+|&lt; 5)</td>", summary)
    return after, register, summary, totals, figures


def test_erasing_a_recipient_on_request_keeps_every_total_and_says_anonymised(
    app, client, programme
):
    with app.app_context():
        campaign_id = db.session.get(GiftProgramme, programme["id"]).campaign_id
    sign_in(app, client, "organizer")
    before_rows, before_register, _before_summary, before_totals, before_figures = documents(
        client, programme, campaign_id
    )
    hoa = woman_named(app, '=HYPERLINK("http://x","y")')  # number 2, received through her husband
    response = erase(client, hoa)
    assert response.status_code == 302, text(response)
    page = text(client.get(response.location))
    assert "Đã xóa dữ liệu cá nhân" in page and ANONYMISED in page
    assert "Sửa hồ sơ" not in page and "Xóa dữ liệu cá nhân</a>" not in page
    rows, register, summary, totals, figures = documents(client, programme, campaign_id)
    assert totals == before_totals and figures == before_figures
    assert len(rows) == len(before_rows)
    changed = [(old, new) for old, new in zip(before_rows, rows, strict=True) if old != new]
    assert [new[1] for _old, new in changed] == [ANONYMISED]
    assert "Phạm Văn Bình" not in register and "Phạm Văn Bình" not in text(
        receipts(client, programme, stage="after", format="print"))
    assert f"{ANONYMISED} (chồng)" in register
    assert register.count("<tr") == before_register.count("<tr")
    assert "HYPERLINK" not in register + summary
    with app.app_context():
        woman = db.session.get(Beneficiary, hoa)
        assert (woman.full_name, woman.national_id, woman.phone, woman.birth_year) == (
            "", None, None, None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Handover)
                                 .where(Handover.beneficiary_id == hoa)) == 1  # fmt: skip
        erased = db.session.execute(
            sa.select(AuditEntry.action, AuditEntry.summary, AuditEntry.user_id)
            .where(AuditEntry.action == "erase")
        ).all()  # fmt: skip
        assert [(action, summary) for action, summary, _user in erased] == [
            ("erase", "Đơn đề nghị ngày 3/12")]
        assert erased[0].user_id is not None
    audit = text(client.get("/reports/audit?format=csv"))
    assert "HYPERLINK" not in audit and "Phạm Văn Bình" not in audit


def test_a_second_erasure_of_the_same_woman_changes_nothing_more(app, client, programme):
    sign_in(app, client, "organizer")
    lan = woman_named(app, "Nguyễn Thị Lan")
    assert erase(client, lan).status_code == 302
    again = erase(client, lan)
    assert again.status_code == 302
    assert "đã được xóa trước đó" in text(client.get(again.location))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "erase")) == 1


def test_an_erasure_without_a_reason_or_confirmation_is_refused_and_changes_nothing(
    app, client, programme
):
    sign_in(app, client, "organizer")
    lan = woman_named(app, "Nguyễn Thị Lan")
    for response in (erase(client, lan, reason="  \u200b "), erase(client, lan, confirm=None)):
        assert response.status_code == 422
        assert "is-invalid" in text(response)
    assert erase(client, lan, reason="x\x00y").status_code == 400  # refused before any form
    with app.app_context():
        assert db.session.get(Beneficiary, lan).anonymised_at is None
        assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "erase")) == 0


def test_officials_and_staff_cannot_erase_and_an_anonymised_record_cannot_be_corrected(
    app, client, programme
):
    lan = woman_named(app, "Nguyễn Thị Lan")
    for role in ("official", "staff"):
        sign_in(app, client, role, units=[programme["son_tay"]])
        assert client.get(f"/beneficiaries/{lan}/erase").status_code == 403
        assert "Xóa dữ liệu cá nhân" not in text(client.get(f"/beneficiaries/{lan}"))
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(app, client, "organizer")
    assert erase(client, lan).status_code == 302
    sign_in(app, client, "official", units=[programme["son_tay"]])
    edit = f"/beneficiaries/{lan}/edit"
    form = {"csrf_token": csrf_token(client, edit), "full_name": "Nguyễn Thị Lan",
            "commune": "Phường Lê Lợi, Thị xã Sơn Tây, Hà Nội", "birth_year": "1961"}
    response = client.post(edit, data=form)
    assert response.status_code in (409, 422)
    with app.app_context():
        assert db.session.get(Beneficiary, lan).full_name == ""


def test_the_list_and_search_show_the_anonymised_without_a_name(app, client, programme):
    sign_in(app, client, "organizer")
    lan = woman_named(app, "Nguyễn Thị Lan")
    erase(client, lan)
    page = text(client.get("/beneficiaries/"))
    assert ANONYMISED in page and "Nguyễn Thị Lan" not in page
    assert ANONYMISED not in text(client.get("/beneficiaries/?q=Lan"))
    printed = text(client.get("/reports/beneficiaries?format=print"))
    assert ANONYMISED in printed and "Nguyễn Thị Lan" not in printed


def test_five_organizers_erasing_the_same_woman_at_once_erase_her_once(app, live_server, programme):
    """Every request ends in a redirect (erased, or already erased); one audit entry, and her
    gifts and counters as they were."""
    from campaign.accounts.models import Role
    from tests import factories
    from tests.http import LiveClient

    lan = woman_named(app, "Nguyễn Thị Lan")
    with app.app_context():
        names = [factories.user(Role.ORGANIZER, username=f"to.chuc.{i}").username
                 for i in range(5)]  # fmt: skip
        db.session.commit()
        given = db.session.get(GiftProgramme, programme["id"]).given_count
    clients = []
    for name in names:
        client = LiveClient(live_server)
        assert client.sign_in(name, factories.PASSWORD) == 302
        client.token = client.csrf_token(f"/beneficiaries/{lan}/erase")
        clients.append(client)
    start = threading.Barrier(len(clients))
    statuses = []

    def send(client):
        start.wait(timeout=60)
        statuses.append(client.request(f"/beneficiaries/{lan}/erase", {
            "csrf_token": client.token, "reason": "Đơn đề nghị", "confirm": "y"})[0])

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * 5
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "erase")) == 1
        assert db.session.get(Beneficiary, lan).anonymised_at is not None
        assert db.session.get(GiftProgramme, programme["id"]).given_count == given
