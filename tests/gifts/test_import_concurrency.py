"""The preview's confirmation sent several times at once (a double click, five tabs): one of them
imports the list, the others are told it is already done, under real concurrent requests to a
running server, on each engine."""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from campaign.accounts.models import User
from campaign.beneficiaries.models import Beneficiary
from campaign.extensions import db
from campaign.gifts.models import Nomination, SpreadsheetUpload
from tests import factories
from tests.http import LiveClient


def six_women(with_ids: bool) -> bytes:
    """Six valid rows; with citizen ID numbers, which the database keeps unique, or without."""
    return "\r\n".join(
        ["Họ và tên,Năm sinh,Xã/phường,Số CCCD,Đồng ý"]
        + [f"Đỗ Thị Sáu {n},1975,Lê Lợi,{f'00117500000{n}' if with_ids else ''},x"
           for n in range(1, 7)]
    ).encode()  # fmt: skip


def waiting_upload(app, username: str, programme_id: int, content: bytes) -> int:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        upload = SpreadsheetUpload(
            programme_id=programme_id, uploaded_by_id=user.id, filename="ds.csv",
            content=content,
        )  # fmt: skip
        db.session.add(upload)
        db.session.commit()
        return upload.id


def confirm_at_once(clients: list[LiveClient], path: str) -> Counter:
    start = threading.Barrier(len(clients))
    answers: list[int | None] = [None] * len(clients)

    def send(index: int) -> None:
        client = clients[index]
        start.wait(timeout=60)
        status, body = client.request(path, {"csrf_token": client.token})
        answers[index] = status if status != 409 or "đã được nhập" in body else -409

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(answers)


@pytest.mark.parametrize("with_ids", [True, False], ids=["with-id-numbers", "without"])
@pytest.mark.parametrize("units", ["district", "wards"], ids=["old-map", "new-map"])
def test_five_confirmations_at_once_import_the_list_once(
    app, live_server, request, units, with_ids
):
    district = request.getfixturevalue(units)  # a district's share, or two wards' shares
    content = six_women(with_ids)
    upload_id = waiting_upload(app, district["official"], district["programme"], content)
    path = f"/gifts/{district['programme']}/import/{upload_id}"
    clients = []
    for _ in range(5):
        client = LiveClient(live_server)
        assert client.sign_in(district["official"], factories.PASSWORD) == 302
        client.token = client.csrf_token(path)
        clients.append(client)
    answers = confirm_at_once(clients, path)
    assert answers == {303: 1, 409: 4}, answers  # -409: a conflict without the clear message
    with app.app_context():
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        assert (count(Beneficiary), count(Nomination), count(SpreadsheetUpload)) == (7, 6, 0)
