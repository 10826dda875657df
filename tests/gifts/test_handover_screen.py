"""The handover screen as a ceremony uses it: the approved list in number order without a
search, a word beside a woman who already has another gift of the campaign, an action that does
not look like a status."""

import re

import pytest

from campaign.extensions import db
from campaign.gifts.models import NominationStatus
from tests import factories
from tests.conftest import sign_in


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
    second = text(client.get(f"/gifts/{pid}/handover?page=2"))
    assert listed_names(second) == expected[50:]
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
    assert "Đã nhận quà khác của chiến dịch này: Quà 8/3" in found
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
