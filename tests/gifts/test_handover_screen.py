"""The handover screen as a ceremony uses it: the approved list in number order without a
search, a word beside a woman who already has another gift of the campaign, an action that does
not look like a status, and the ceremony's own time when it is recorded afterwards."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.extensions import db
from campaign.gifts.models import Handover, Nomination, NominationStatus
from tests import factories
from tests.conftest import CSRF_INPUT, pager_link, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def approved_list(app):
    """A programme of Sơn Tây with 55 approved nominees (the fifth already given her gift), one
    still proposed, and Ba Vì's nominee outside the official's districts."""
    with app.app_context():
        son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
        programme = factories.programme(quota=100, name="Quà tết")
        share = factories.allocation(programme, son_tay, quota=80)
        other_share = factories.allocation(programme, ba_vi, quota=10)
        women = []
        for number in range(55, 0, -1):  # created out of order: the screen sorts them
            woman = factories.beneficiary(f"Người Số {number:02d}", unit=le_loi)
            factories.nomination(share, woman, list_number=number)
            women.append((number, woman))
        given = dict(women)[5]
        factories.handover(share, given)
        share.given_count = programme.given_count = 1
        factories.nomination(
            share, factories.beneficiary("Chưa Duyệt", unit=le_loi), list_number=56,
            status=NominationStatus.PROPOSED,
        )  # fmt: skip
        factories.nomination(
            other_share, factories.beneficiary("Ba Vì Thị Ngoài", unit=tan_linh), list_number=57
        )
        db.session.commit()
        return {"programme": programme.id, "campaign": programme.campaign_id,
                "son_tay": son_tay, "women": {n: w.id for n, w in women}}  # fmt: skip


def listed_names(page: str) -> list[str]:
    """The names in the screen's table (the side column of last records left out)."""
    table = page[page.index("<table") : page.index("</table>")]
    return re.findall(r"Người Số \d\d", table)


def test_without_a_search_the_screen_lists_who_is_still_to_receive_in_number_order(
    app, client, approved_list
):
    sign_in(app, client, "official", units=[approved_list["son_tay"]])
    pid = approved_list["programme"]
    first = text(client.get(f"/gifts/{pid}/handover"))
    expected = [f"Người Số {n:02d}" for n in range(1, 56) if n != 5]
    assert listed_names(first) == expected[:50]
    assert "Chưa Duyệt" not in first and "Ba Vì Thị Ngoài" not in first
    second = text(client.get(pager_link(first, "next")))
    assert listed_names(second) == expected[50:]
    assert pager_link(second, "next") is None
    found = text(client.get(f"/gifts/{pid}/handover?q=5"))  # the search still finds her
    assert listed_names(found) == ["Người Số 05"]


def test_a_woman_who_received_a_gift_of_another_programme_of_the_campaign_is_flagged(
    app, client, approved_list
):
    with app.app_context():
        from campaign.beneficiaries.models import Beneficiary
        from campaign.campaigns.models import Campaign

        campaign = db.session.get(Campaign, approved_list["campaign"])
        son_tay = db.session.merge(approved_list["son_tay"])
        earlier = factories.programme(quota=10, campaign=campaign, name="Quà 8/3")
        other_campaign = factories.programme(quota=10, name="Quà năm trước")
        for programme, number in ((earlier, 1), (other_campaign, 2)):
            share = factories.allocation(programme, son_tay, quota=10)
            woman = db.session.get(Beneficiary, approved_list["women"][number])
            factories.nomination(share, woman, list_number=1)
            factories.handover(share, woman)
        db.session.commit()
    sign_in(app, client, "official", units=[approved_list["son_tay"]])
    page = text(client.get(f"/gifts/{approved_list['programme']}/handover"))
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    first = next(row for row in rows if "Người Số 01" in row)
    second = next(row for row in rows if "Người Số 02" in row)
    assert "data-gift-elsewhere" in first and "Quà 8/3" in first
    assert "data-gift-elsewhere" not in second  # another campaign's gift is not this one's
    found = text(client.get(f"/gifts/{approved_list['programme']}/handover?q=nguoi so 01"))
    assert "Đã nhận quà khác trong Tháng hành động này: Quà 8/3" in found
    # The warning informs; the gift can still be recorded.
    assert 'name="mode" value="in_person"' in first


def test_the_action_and_the_status_do_not_look_alike(app, client, approved_list):
    sign_in(app, client, "official", units=[approved_list["son_tay"]])
    page = text(client.get(f"/gifts/{approved_list['programme']}/handover?q=nguoi so 0"))
    action = re.search(r'<button type="submit" class="([^"]+)">Đã nhận</button>', page)
    status = re.search(r'<span class="([^"]+)" data-status="received">', page)
    assert action and status
    assert "btn-primary" in action.group(1).split()
    assert "text-bg-success" not in status.group(1) and "btn" not in status.group(1)


def record_at(client, pid: int, nomination_id: int, at: str):
    """Record her gift from the screen opened with the ceremony's time ``at``."""
    page = text(client.get(f"/gifts/{pid}/handover", query_string={"at": at}))
    token = CSRF_INPUT.search(page).group(1)
    carried = re.search(r'name="handed_over_at" value="([^"]*)"', page)
    data = {"csrf_token": token, "nomination": nomination_id, "mode": "in_person", "q": ""}
    if carried:
        data["handed_over_at"] = carried.group(1)
    return client.post(f"/gifts/{pid}/handover", data=data)


def nomination_of(app, beneficiary_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(Nomination.id).where(Nomination.beneficiary_id == beneficiary_id)
        )


def test_a_ceremony_recorded_afterwards_carries_its_own_date_and_time(app, client, approved_list):
    sign_in(app, client, "official", units=[approved_list["son_tay"]])
    pid = approved_list["programme"]
    nomination_id = nomination_of(app, approved_list["women"][1])
    recorded = record_at(client, pid, nomination_id, "20/11/2022 09:30")
    assert recorded.status_code == 303
    assert "at=20/11/2022" in recorded.headers["Location"].replace("%2F", "/")  # for the next
    with app.app_context():
        handover = db.session.scalar(
            sa.select(Handover).where(Handover.beneficiary_id == approved_list["women"][1])
        )
        assert handover.handed_over_at == dt.datetime(2022, 11, 20, 2, 30, tzinfo=dt.UTC)
        assert handover.recorded_at > dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    shown = text(client.get(f"/gifts/{pid}/handover?q=nguoi so 01"))
    assert "Đã nhận lúc 09:30 20/11/2022" in shown


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("01/01/2099 08:00", "không thể ở tương lai"),
        ("14/11/2022 23:59", "trước ngày bắt đầu Tháng hành động (15/11/2022)"),
        ("31/02/2022 08:00", "dd/mm/yyyy hh:mm"),
        ("20/11/2022", "dd/mm/yyyy hh:mm"),
    ],
)
def test_a_handover_time_out_of_bounds_is_refused_and_records_nothing(
    app, client, approved_list, at, message
):
    sign_in(app, client, "official", units=[approved_list["son_tay"]])
    pid = approved_list["programme"]
    page = text(client.get(f"/gifts/{pid}/handover", query_string={"at": at}))
    nomination_id = nomination_of(app, approved_list["women"][1])
    data = {"csrf_token": CSRF_INPUT.search(page).group(1), "nomination": nomination_id,
            "mode": "in_person", "q": "", "handed_over_at": at}  # fmt: skip
    refused = client.post(f"/gifts/{pid}/handover", data=data)
    assert refused.status_code == 422
    assert message in text(refused)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Handover)) == 1
