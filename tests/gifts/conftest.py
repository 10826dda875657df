"""The gifts tests' shared setting: the districts a district's list is imported into."""

import pytest

from campaign.accounts.models import Role
from campaign.extensions import db
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
