"""The gifts tests' shared setting: the units a list of women is imported into, on each map."""

import datetime as dt

import pytest

from campaign.accounts.models import Role
from campaign.extensions import db
from campaign.places.models import UnitScheme
from tests import factories


@pytest.fixture
def district(app):
    """Sơn Tây with two wards and a share of 20; Ba Vì with one commune and no share."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province")
        son_tay = factories.unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
        ba_vi = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        for name in ("Lê Lợi", "Ngô Quyền"):
            factories.unit(name, "commune", parent=son_tay, full_name=f"Phường {name}")
        factories.unit("Tản Lĩnh", "commune", parent=ba_vi, full_name="Xã Tản Lĩnh")
        programme = factories.programme(quota=100)
        factories.allocation(programme, son_tay, quota=20)
        factories.allocation(programme, ba_vi, quota=20)
        existing = factories.beneficiary("Kiều Thị Hoa", unit=son_tay.children[0], birth_year=1980)
        official = factories.user(Role.OFFICIAL, username="can.bo", units=[son_tay])
        db.session.commit()
        return {"programme": programme.id, "official": official.username,
                "existing": existing.id}  # fmt: skip


@pytest.fixture
def wards(app):
    """The same on the new map: Phường Lê Lợi and Phường Ngô Quyền of Hà Nội with a share of 20
    each, in a campaign of 2025; their official; a woman already registered in Lê Lợi."""
    new = UnitScheme.POST_2025
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province", scheme=new)
        le_loi, ngo_quyen = (
            factories.unit(name, "commune", parent=hanoi, scheme=new, full_name=f"Phường {name}")
            for name in ("Lê Lợi", "Ngô Quyền")
        )
        campaign = factories.campaign(
            unit=hanoi, year=2025, start_date=dt.date(2025, 11, 15),
            end_date=dt.date(2025, 12, 15),
        )  # fmt: skip
        programme = factories.programme(quota=100, campaign=campaign)
        factories.allocation(programme, le_loi, quota=20)
        factories.allocation(programme, ngo_quyen, quota=20)
        existing = factories.beneficiary("Kiều Thị Hoa", unit=le_loi, birth_year=1980)
        official = factories.user(Role.OFFICIAL, username="can.bo", units=[le_loi, ngo_quyen])
        db.session.commit()
        return {"programme": programme.id, "official": official.username,
                "existing": existing.id}  # fmt: skip
