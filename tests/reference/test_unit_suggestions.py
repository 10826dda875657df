"""Naming a unit by typing, on the real registry of both maps: labels that tell namesakes apart,
suggestions bounded and always inside the user's scope."""

import pytest
import sqlalchemy as sa

from campaign.extensions import db
from campaign.places.lookup import UnitLookup
from campaign.places.maps import words
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests.conftest import sign_in

pytestmark = pytest.mark.usefixtures("reference_data")


def unit_named(full_name, scheme, level=None):
    statement = sa.select(AdministrativeUnit).where(
        AdministrativeUnit.full_name == full_name, AdministrativeUnit.scheme == scheme
    )
    if level:
        statement = statement.where(AdministrativeUnit.level == level)
    return db.session.scalars(statement).one()


def suggestions(client, **args):
    response = client.get("/places/suggest", query_string=args)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("application/json")
    return response.get_json()["suggestions"]


def test_labels_name_the_units_above_and_the_map(app_context):
    lookup = UnitLookup()
    ward = unit_named("Phường Sơn Tây", UnitScheme.POST_2025)
    town = unit_named("Thị xã Sơn Tây", UnitScheme.PRE_2025)
    assert lookup.label(ward) == (
        f"Phường Sơn Tây, Thành phố Hà Nội — {words(UnitScheme.POST_2025).map_name}"
    )
    assert lookup.label(town).startswith("Thị xã Sơn Tây, Thành phố Hà Nội — ")
    assert UnitLookup(frozenset({UnitScheme.POST_2025})).label(ward) == (
        "Phường Sơn Tây, Thành phố Hà Nội"
    )


def test_a_label_typed_back_finds_exactly_its_unit(app_context):
    lookup = UnitLookup()
    for unit in db.session.scalars(
        sa.select(AdministrativeUnit).where(AdministrativeUnit.name == "1").limit(30)
    ):
        label = lookup.label(unit)
        found = lookup.find(label, 21)
        assert found[0] == unit and [lookup.label(u) for u in found].count(label) == 1


def test_levels_maps_and_areas_bound_the_search(app_context):
    hanoi = unit_named("Thành phố Hà Nội", UnitScheme.POST_2025)
    communes = UnitLookup(frozenset({UnitScheme.POST_2025}), frozenset({UnitLevel.COMMUNE}),
                          ([hanoi.id],))  # fmt: skip
    found = communes.find("son", 50)
    assert found and all(u.parent_id == hanoi.id and u.scheme == UnitScheme.POST_2025
                         for u in found)  # fmt: skip
    assert "Phường Sơn Tây" in [u.full_name for u in found]


def test_the_endpoint_suggests_at_most_twenty(app, client):
    sign_in(app, client, "organizer")
    labels = suggestions(client, q="xa")
    assert len(labels) == 20
    wards = suggestions(client, q="son tay", scheme="post2025", level="commune")
    assert wards[0] == "Phường Sơn Tây, Thành phố Hà Nội"
    assert all(" — " not in label and label.startswith(("Phường", "Xã")) for label in wards)


def test_an_official_is_only_offered_units_of_her_scope(app, client):
    with app.app_context():
        ward = unit_named("Phường Sơn Tây", UnitScheme.POST_2025)
    sign_in(app, client, "official", units=[ward])
    offered = suggestions(client, q="son")
    assert len(offered) == 1 and offered[0].startswith("Phường Sơn Tây, Thành phố Hà Nội — ")
    assert suggestions(client, q="ha noi") == []


@pytest.mark.parametrize("args", [{"scheme": "x"}, {"level": "moon"}, {"within": "0"},
                                  {"within": "99999999999999999999"}])  # fmt: skip
def test_bad_arguments_answer_400(app, client, args):
    sign_in(app, client, "organizer")
    assert client.get("/places/suggest", query_string={"q": "son", **args}).status_code == 400


def test_signed_out_users_get_no_suggestions(client):
    assert client.get("/places/suggest?q=son").status_code in (302, 401)
