"""The nominate page: only women of districts with places left, a search of names and communes,
and an empty result that says what was searched."""

import pytest

from campaign.accounts.models import Role
from campaign.extensions import db
from tests import factories
from tests.gifts.test_views import as_user, text


@pytest.fixture
def two_shares(app):
    """An official of Sơn Tây and Ba Vì; Ba Vì's share of 1 is taken, Sơn Tây's has places."""
    with app.app_context():
        son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
        programme = factories.programme(quota=10)
        factories.allocation(programme, son_tay, quota=5)
        full = factories.allocation(programme, ba_vi, quota=1)
        factories.nomination(full, factories.beneficiary("Phùng Thị Mai", unit=tan_linh))
        factories.beneficiary("Nguyễn Thị Lan", unit=le_loi)
        factories.beneficiary("Đỗ Thị Mến", unit=le_loi)
        factories.beneficiary("Kiều Thị Hoa", unit=tan_linh)
        official = factories.user(Role.OFFICIAL, username="can.bo", units=[son_tay, ba_vi])
        db.session.commit()
        return {"programme": programme.id, "official": official.username}


def test_only_women_of_districts_with_places_left_are_listed(app, client, two_shares):
    as_user(client, two_shares["official"])
    page = text(client.get(f"/gifts/{two_shares['programme']}/nominate"))
    assert "Nguyễn Thị Lan" in page and "Đỗ Thị Mến" in page
    assert "Kiều Thị Hoa" not in page  # Ba Vì's share is full


def test_the_search_matches_communes_and_an_empty_result_says_what_was_searched(
    app, client, two_shares
):
    as_user(client, two_shares["official"])
    path = f"/gifts/{two_shares['programme']}/nominate"
    by_commune = text(client.get(f"{path}?q=le loi"))
    assert "Nguyễn Thị Lan" in by_commune and "Đỗ Thị Mến" in by_commune
    nobody = text(client.get(f"{path}?q=tan linh"))
    assert "Kiều Thị Hoa" not in nobody
    assert "đều đã có trong danh sách" not in nobody
    assert "“tan linh”" in nobody
