"""The officials registry at national scale: 10,000 officials page, search and jump in a fixed,
small number of statements."""

import itertools
import re

import pytest
import sqlalchemy as sa

from campaign.core.text import name_sort_key, search_key
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from tests import factories
from tests.conftest import counted_queries, sign_in

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVENS = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam"]


def names(count: int) -> list[str]:
    combos = itertools.cycle(itertools.product(FAMILIES, MIDDLES, GIVENS))
    return [f"{family} {middle} {given} {number}" if number >= 1000 else f"{family} {middle} {given}"
            for number, (family, middle, given) in zip(range(count), combos, strict=False)]  # fmt: skip


@pytest.fixture
def registry(app):
    """10,001 officials, each with a position in one of two bodies."""
    with app.app_context():
        bodies = [factories.organization(f"Ủy ban nhân dân huyện Số {n}") for n in range(2)]
        people = names(10_001)
        db.session.execute(
            sa.insert(Official),
            [{"full_name": name, "search_key": search_key(name), "sort_key": name_sort_key(name)}
             for name in people],
        )  # fmt: skip
        ids = db.session.scalars(sa.select(Official.id).order_by(Official.id)).all()
        db.session.execute(
            sa.insert(OfficialPosition),
            [{"official_id": i, "organization_id": bodies[i % 2].id, "title": "Chủ tịch",
              "precedence": 10, "rank": 0} for i in ids],
        )  # fmt: skip
        db.session.commit()


def of_the_list(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM officials" in s or "FROM official_positions" in s]


def test_every_page_of_the_registry_costs_the_same(app, client, registry):
    sign_in(app, client, "staff")
    with counted_queries(app) as first:
        page = client.get("/officials/").get_data(as_text=True)
    assert "trên tổng số hơn 1.000" in page and page.count("/officials/") >= 50
    after = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    with counted_queries(app) as second:
        assert client.get(after).status_code == 200
    with counted_queries(app) as last:
        assert client.get("/officials/?last=1").status_code == 200
    with counted_queries(app) as jump:
        jumped = client.get("/officials/?from=Lan").get_data(as_text=True)
    with counted_queries(app) as search:
        found = client.get("/officials/?q=thi+lan").get_data(as_text=True)
    assert len(first) == len(second) == len(last) == len(jump) == len(search)
    assert len(of_the_list(first)) <= 3 and len(of_the_list(jump)) <= 3
    shown = re.findall(r'/officials/\d+">([^<]+)</a>', jumped)
    assert shown[0].split(" ")[2] == "Lan" and 'rel="prev"' in jumped
    assert "Thị Lan" in found and "Văn An<" not in found


def test_the_participant_picker_lists_none_of_them(app, client, registry):
    sign_in(app, client, "organizer")
    with app.app_context():
        event_id = factories.event().id
        db.session.commit()
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert page.count("<option") < 60 and 'data-suggest="/officials/suggest"' in page
    with counted_queries(app) as statements:
        found = client.get("/officials/suggest?q=nguyen").get_json()["suggestions"]
    assert len(found) == 20 and all(label.startswith("Nguyễn ") for label in found)
    assert len(of_the_list(statements)) == 1
    found = client.get("/officials/suggest?q=nguyen+thi+lan").get_json()["suggestions"]
    assert len(found) == 10 and all(label.startswith("Nguyễn Thị Lan") for label in found)
