"""The beneficiary list at national scale: 10,500 women on both maps, a page in at most three
statements for its rows at any depth, no dropdown of units, and every filter still right
(docs/architecture.md, "The read side at scale")."""

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance
from campaign.core.text import name_sort_key, search_key
from campaign.extensions import db
from campaign.places.lookup import UnitLookup
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.conftest import counted_queries, pager_link, sign_in

OLD, NEW = UnitScheme.PRE_2025, UnitScheme.POST_2025
LISTED = re.compile(r'href="/beneficiaries/(\d+)"')


def _communes(scheme: UnitScheme, *province_codes: str) -> list[AdministrativeUnit]:
    province = sa.select(AdministrativeUnit.id).where(
        AdministrativeUnit.scheme == scheme,
        AdministrativeUnit.level == UnitLevel.PROVINCE,
        AdministrativeUnit.code.in_(province_codes),
    )
    district = sa.select(AdministrativeUnit.id).where(AdministrativeUnit.parent_id.in_(province))
    return list(
        db.session.scalars(
            sa.select(AdministrativeUnit)
            .where(
                AdministrativeUnit.level == UnitLevel.COMMUNE,
                sa.or_(
                    AdministrativeUnit.parent_id.in_(province),
                    AdministrativeUnit.parent_id.in_(district),
                ),
            )
            .options(joinedload(AdministrativeUnit.parent))
            .order_by(AdministrativeUnit.id)
        )
    )


def women_of_two_cities():
    """6,000 women in old-map Hà Nội's communes, 4,500 in new-map Hà Nội's and Hồ Chí Minh
    City's; each woman's row as (id, sort_key, search_key, unit, district, province, poor)."""
    old_communes, new_communes = _communes(OLD, "01"), _communes(NEW, "01", "79")
    factories.many_women(old_communes, 6000)
    factories.many_women(new_communes, 4500)
    db.session.commit()
    poor = sa.select(BeneficiaryCircumstance.beneficiary_id)
    rows = db.session.execute(
        sa.select(Beneficiary.id, Beneficiary.sort_key, Beneficiary.search_key,
                  Beneficiary.unit_id, Beneficiary.district_id, Beneficiary.province_id,
                  Beneficiary.id.in_(poor))
    ).all()  # fmt: skip
    district = old_communes[0].parent
    units = {"old_commune": old_communes[0], "old_district": district,
             "old_province": district.parent, "new_commune": new_communes[-1],
             "new_province": new_communes[-1].parent}  # fmt: skip
    lookup = UnitLookup()
    return {
        "rows": rows,
        "ids": {key: unit.id for key, unit in units.items()},
        "labels": {key: lookup.label(unit) for key, unit in units.items()},
        "district": district,
    }


pytestmark = pytest.mark.built_from.with_args(women_of_two_cities)


@pytest.fixture
def nation(built, reference_data):
    return built


def listed(html: str) -> list[int]:
    return [int(found) for found in LISTED.findall(html)]


def first_page(rows, keep=lambda row: True, size=50) -> list[int]:
    return [row.id for row in sorted(filter(keep, rows), key=lambda r: (r.sort_key, r.id))][:size]


def statements_for(app, client, path: str, **params) -> tuple[str, list[str]]:
    with counted_queries(app) as statements:
        response = client.get(path, query_string=params or None)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True), list(statements)


def rows_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "beneficiar" in s.lower()]


def test_a_page_costs_three_statements_at_any_depth_and_lists_no_units(app, client, nation):
    sign_in(app, client, "organizer")
    first, first_statements = statements_for(app, client, "/beneficiaries/")
    assert len(rows_statements(first_statements)) <= 3  # count, rows, circumstances
    assert listed(first) == first_page(nation["rows"])
    assert "hơn 1.000" in first  # a capped count, not a scan of 10,500 rows
    assert first.count("<option") <= 100
    last, last_statements = statements_for(app, client, pager_link(first, "last"))
    deep, deep_statements = statements_for(app, client, pager_link(last, "prev"))
    ordered = [row.id for row in sorted(nation["rows"], key=lambda r: (r.sort_key, r.id))]
    assert listed(last) == ordered[-50:] and listed(deep) == ordered[-100:-50]
    assert len(last_statements) == len(deep_statements) == len(first_statements)
    following, following_statements = statements_for(app, client, pager_link(first, "next"))
    assert listed(following) == ordered[50:100]
    assert len(following_statements) == len(first_statements)


def test_a_jump_by_name_starts_the_list_there(app, client, nation):
    sign_in(app, client, "organizer")
    page, statements = statements_for(app, client, "/beneficiaries/", **{"from": "Yến"})
    start = name_sort_key("Yến")
    assert listed(page) == first_page(nation["rows"], lambda row: row.sort_key >= start)
    assert len(rows_statements(statements)) <= 3
    assert pager_link(page, "prev") and pager_link(page, "first")


AREAS = {"old_province": "province_id", "old_district": "district_id", "old_commune": "unit_id",
         "new_province": "province_id", "new_commune": "unit_id"}  # fmt: skip


def test_the_area_filter_lists_the_women_of_a_unit_and_all_inside_it(app, client, nation):
    sign_in(app, client, "organizer")
    for area, column in AREAS.items():
        page, statements = statements_for(
            app, client, "/beneficiaries/", area=nation["labels"][area]
        )
        wanted = nation["ids"][area]
        expected = first_page(
            nation["rows"], lambda row, column=column, wanted=wanted: getattr(row, column) == wanted
        )
        assert expected and listed(page) == expected, area
        assert len(rows_statements(statements)) <= 3, area


def test_search_and_category_narrow_the_list(app, client, nation):
    sign_in(app, client, "organizer")
    page, statements = statements_for(
        app, client, "/beneficiaries/", q="thu yen", category="poor_household"
    )
    expected = first_page(nation["rows"], lambda row: "thu yen" in row.search_key and row[6])
    assert expected and listed(page) == expected
    assert len(rows_statements(statements)) <= 3
    typed = search_key("Hồ Thị Ngọc Mai")
    found = client.get("/beneficiaries/", query_string={"q": "hồ thị ngọc mai"})
    expected = first_page(nation["rows"], lambda row: typed in row.search_key)
    assert expected and listed(found.get_data(as_text=True)) == expected


def test_an_official_of_a_district_reads_only_her_district_in_as_many_statements(
    app, client, nation
):
    sign_in(app, client, "official", units=[nation["district"]])
    page, statements = statements_for(app, client, "/beneficiaries/")
    district = nation["ids"]["old_district"]
    assert listed(page) == first_page(nation["rows"], lambda row: row.district_id == district)
    assert len(rows_statements(statements)) <= 3
    outside = client.get("/beneficiaries/", query_string={"area": nation["labels"]["new_province"]})
    assert outside.status_code == 400
