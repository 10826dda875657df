import re

import pytest
import sqlalchemy as sa

from campaign.extensions import db
from campaign.places.models import AdministrativeUnit
from tests.conftest import counted_queries

pytestmark = pytest.mark.usefixtures("reference_data", "as_organizer")


def text(response) -> str:
    return response.get_data(as_text=True)


def unit_id(app, scheme, level, code) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(AdministrativeUnit.id).filter_by(scheme=scheme, level=level, code=code)
        )


def test_search_without_diacritics_finds_son_tay(client):
    page = text(client.get("/places/?q=son+tay&scheme=pre2025&level=district"))
    assert "Đang hiển thị 2 trên tổng số 2" in page
    cell = r"\s*<td>([^<]+)</td>"
    rows = re.findall(rf"<tr>\s*<td><a [^>]+>([^<]+)</a></td>{cell}{cell}{cell}", page)
    assert sorted(rows) == [
        ("Sơn Tây", "huyện", "530", "Tỉnh Quảng Ngãi"),
        ("Sơn Tây", "thị xã", "269", "Thành phố Hà Nội"),
    ]


def test_the_english_pages_name_the_unit_types_in_english(client):
    with client.session_transaction() as session:
        session["language"] = "en"
    page = text(client.get("/places/?q=son+tay&scheme=pre2025&level=district"))
    assert "<td>town</td>" in page and "<td>rural district</td>" in page
    assert "thị xã" not in page and "<td>huyện</td>" not in page
    communes = text(client.get("/places/?q=son+tay&scheme=post2025&level=commune"))
    assert "<td>ward</td>" in communes and "<td>phường</td>" not in communes


def test_search_matches_words_across_diacritics_and_case(client):
    page = text(client.get("/places/?q=UNG+HOA&scheme=pre2025&level=district"))
    assert "Ứng Hòa" in page


def test_list_defaults_to_the_current_scheme_and_paginates(client):
    first = text(client.get("/places/"))
    assert 'rel="next"' in first
    last = text(client.get("/places/?last=1"))
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_no_match_says_so(client):
    page = text(client.get("/places/?q=zzzzzz"))
    assert "Không tìm thấy đơn vị phù hợp." in page


@pytest.mark.parametrize("query", ["scheme=nowhere", "level=planet", "q=" + "x" * 101])
def test_bad_filters_get_a_400_with_the_form_and_its_message(client, query):
    response = client.get(f"/places/?{query}")
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in text(response)


def test_unit_page_shows_its_communes_and_what_they_became(app, client):
    son_tay = unit_id(app, "pre2025", "district", "269")
    page = text(client.get(f"/places/{son_tay}"))
    assert "Thị xã Sơn Tây" in page and "Xã Đường Lâm" in page
    duong_lam = re.search(r'href="/places/(\d+)">Xã Đường Lâm', page).group(1)
    old_commune = text(client.get(f"/places/{duong_lam}"))
    assert "Từ ngày 01/7/2025 trở thành" in old_commune
    new_ward = re.search(r'href="/places/(\d+)">Phường Sơn Tây</a></td>\s*<td>09574', old_commune)
    assert new_ward, old_commune
    new_page = text(client.get(f"/places/{new_ward.group(1)}"))
    assert "Thành lập ngày 01/7/2025 trên cơ sở" in new_page
    for predecessor in ("Xã Đường Lâm", "Phường Ngô Quyền", "Xã Thanh Mỹ"):
        assert predecessor in new_page


def test_a_district_page_shows_the_units_that_took_over_its_communes(app, client):
    page = text(client.get(f"/places/{unit_id(app, 'pre2025', 'district', '269')}"))
    assert "Từ ngày 01/7/2025, các xã, phường, thị trấn của đơn vị này trở thành" in page
    successors = page.split("Từ ngày 01/7/2025, các xã, phường, thị trấn")[1].split("</table>")[0]
    names = re.findall(r'href="/places/\d+">([^<]+)</a>', successors)
    assert names == ["Xã Đoài Phương", "Xã Hòa Lạc", "Phường Sơn Tây", "Phường Tùng Thiện"]
    old_hanoi = text(client.get(f"/places/{unit_id(app, 'pre2025', 'province', '01')}"))
    assert "Từ ngày 01/7/2025 trở thành" in old_hanoi


@pytest.mark.parametrize(
    "units",
    [(("pre2025", "district", "269"), ("pre2025", "district", "271")),
     (("pre2025", "commune", "09619"), ("pre2025", "commune", "09616")),
     (("post2025", "commune", "09574"), ("post2025", "commune", "09988"))],
)  # fmt: skip
def test_a_unit_page_runs_the_same_queries_however_many_relatives(app, client, units):
    """Sơn Tây (13 communes, 4 successors) and Ba Vì (29, 8); new units of 3 or 6 old ones."""
    counts = []
    for scheme, level, code in units:
        path = f"/places/{unit_id(app, scheme, level, code)}"
        with counted_queries(app) as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8, counts  # the linked units: their ids, then the units


@pytest.mark.parametrize("cursor", ["abc", "0", "-3", "99999999999", "W10", "WyJ4Il0"])
def test_a_damaged_page_address_is_a_400_that_says_so(client, cursor):
    for paging in ("after", "before"):
        response = client.get(f"/places/?{paging}={cursor}")
        assert response.status_code == 400
        assert "Địa chỉ của trang này bị hỏng." in text(response)


def test_missing_unit_is_404(client):
    assert client.get("/places/99999999").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["scheme=pre2025", "scheme=pre2025&q=son+tay", "scheme=pre2025&level=commune",
     "scheme=pre2025&level=commune&last=1", "scheme=post2025&level=commune"],
)  # fmt: skip
def test_list_queries_are_bounded_whatever_the_rows(app, client, query):
    """Who asks, a count, a page of rows, one query per level of parents: never one per row."""
    with counted_queries(app) as statements:
        client.get(f"/places/?{query}")
    assert len(statements) <= 5, statements
