"""The organization and administrative-unit lists at national scale: pages by keyset whatever
their depth, a few statements each, search through the search index, a jump to a name."""

import re

import pytest
import sqlalchemy as sa

from campaign.core.text import search_key, text_sort_key
from campaign.extensions import db
from campaign.places.models import Organization
from tests.conftest import sign_in
from tests.lists import LAST, link, walked_costs

NAMES = ["Ban Vì sự tiến bộ phụ nữ", "Hội Liên hiệp Phụ nữ", "Ủy ban nhân dân", "Sở Y tế"]


@pytest.fixture
def many_organizations(app):
    with app.app_context():
        db.session.execute(sa.insert(Organization), [
            {"name": f"{NAMES[n % 4]} số {n}", "kind": "other", "level": "central",
             "search_key": search_key(f"{NAMES[n % 4]} số {n}"),
             "sort_key": text_sort_key(f"{NAMES[n % 4]} số {n}")}
            for n in range(10_200)
        ])  # fmt: skip
        db.session.commit()


def names(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", page)


@pytest.mark.usefixtures("many_organizations")
@pytest.mark.parametrize("query", ["", "?level=central", "?q=phu+nu", "?q=hoi&level=central"])
def test_organization_pages_cost_the_same_few_statements(app, client, query):
    sign_in(app, client, "staff")
    costs = walked_costs(app, client, f"/organizations/{query}", "organizations")
    assert costs[0][0] <= 3 and len(set(costs)) == 1, costs


@pytest.mark.usefixtures("many_organizations")
def test_organizations_jump_to_a_name_and_end_at_the_last(app, client):
    sign_in(app, client, "staff")
    first = client.get("/organizations/").text
    assert names(first)[0] == "Ban Vì sự tiến bộ phụ nữ số 0"
    assert "Đang hiển thị 50 trên tổng số hơn 1.000" in first
    every = sorted((f"{NAMES[n % 4]} số {n}" for n in range(10_200)), key=text_sort_key)
    jumped = names(client.get("/organizations/", query_string={"from": "sở y"}).text)
    assert jumped == [name for name in every if name.startswith("Sở Y")][:50]
    last = names(client.get(link(LAST, first)).text)
    assert last == every[-50:]


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize(
    "query", ["scheme=pre2025&level=commune", "scheme=post2025", "scheme=pre2025",
              "scheme=pre2025&q=son", "scheme=post2025&level=commune&q=phuong"],
)  # fmt: skip
def test_unit_pages_cost_the_same_few_statements(app, client, query):
    sign_in(app, client, "staff")
    costs = walked_costs(app, client, f"/places/?{query}", "administrative_units")
    assert costs[0][0] <= 3 and len(set(costs)) == 1, costs


def units(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<tr>\s*<td><a [^>]+>([^<]+)</a></td>\s*<td>([^<]+)</td>", page)


@pytest.mark.usefixtures("reference_data")
def test_units_come_higher_levels_first_and_jump_to_a_name_within_a_level(app, client):
    sign_in(app, client, "staff")
    first = units(client.get("/places/?scheme=pre2025").text)
    assert first[0] == ("An Giang", "tỉnh") and len(first) == 50
    last = client.get(link(LAST, client.get("/places/?scheme=pre2025").text)).text
    assert all(kind in ("xã", "phường", "thị trấn") for _name, kind in units(last))
    jump = {"scheme": "pre2025", "level": "district", "from": "Sơn Tây"}
    jumped = units(client.get("/places/", query_string=jump).text)
    assert jumped[0][0] == "Sơn Tây" and jumped[1][0] == "Sơn Tây"
    refused = client.get("/places/?scheme=pre2025&from=son+tay")
    assert refused.status_code == 400
    assert "Hãy chọn một cấp để đi tới một tên trong cấp đó." in refused.text
