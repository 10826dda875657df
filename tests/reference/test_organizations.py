"""Organizations through their pages: finding them, adding and changing them, as organizers do."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from flask_babel import gettext
from markupsafe import escape

from campaign.audit.models import AuditEntry
from campaign.core.text import text_sort_key
from campaign.extensions import db
from campaign.places.maps import words
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitScheme,
)
from tests import factories
from tests.conftest import csrf_token, sign_in

NEW = UnitScheme.POST_2025


def text(response) -> str:
    return response.get_data(as_text=True)


def translated(app, message: str, **values) -> str:
    """``message`` as the page shows it: in the default language, HTML-escaped."""
    with app.test_request_context():
        return str(escape(gettext(message, **values)))


@pytest.fixture
def places(app) -> dict[str, int]:
    """Hà Nội with two districts (one with a commune) and a campaign, so that the picker offers
    its districts; Hải Phòng; and new-map Hà Nội with a ward, where a campaign runs too."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province", full_name="Thành phố Hà Nội")
        ba_vi = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        son_tay = factories.unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
        tan_linh = factories.unit("Tản Lĩnh", "commune", parent=ba_vi, full_name="Xã Tản Lĩnh")
        hai_phong = factories.unit("Hải Phòng", "province", full_name="Thành phố Hải Phòng")
        factories.campaign(unit=hanoi)
        new_hanoi = factories.unit("Hà Nội", "province", scheme=NEW, full_name="Thành phố Hà Nội")
        ward = factories.unit(
            "Sơn Tây", "commune", parent=new_hanoi, scheme=NEW, full_name="Phường Sơn Tây"
        )
        factories.campaign(
            unit=new_hanoi,
            start_date=dt.date(2026, 11, 15),
            end_date=dt.date(2026, 12, 15),
            year=2026,
        )
        db.session.commit()
        return {"hanoi": hanoi.id, "ba_vi": ba_vi.id, "son_tay": son_tay.id,
                "tan_linh": tan_linh.id, "hai_phong": hai_phong.id, "new_hanoi": new_hanoi.id,
                "ward": ward.id}  # fmt: skip


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/organizations/new")})


def organizations(app) -> list[tuple]:
    with app.app_context():
        return [
            (o.name, o.short_name, o.kind, o.level, o.unit_id)
            for o in db.session.scalars(sa.select(Organization).order_by(Organization.id))
        ]


def form(**values) -> dict:
    return {"name": "Ủy ban nhân dân huyện Ba Vì", "short_name": "UBND huyện Ba Vì",
            "kind": "peoples_committee", "level": "district", "unit": "", "commune": "",
            **values}  # fmt: skip


# The list


@pytest.fixture
def listed(app, places):
    with app.app_context():
        for name, level, unit_id in [
            ("Ủy ban nhân dân huyện Ba Vì", "district", places["ba_vi"]),
            ("Ban Vì sự tiến bộ phụ nữ Hà Nội", "province", places["hanoi"]),
            ("Bộ Lao động - Thương binh và Xã hội", "central", None),
            ("Ủy ban nhân dân thị xã Sơn Tây", "district", places["son_tay"]),
        ]:
            unit = {"unit": db.session.get(AdministrativeUnit, unit_id)} if unit_id else {}
            factories.organization(name, level, **unit)
        db.session.commit()


@pytest.mark.usefixtures("listed")
def test_the_list_is_in_vietnamese_order_and_searchable_without_diacritics(app, client):
    sign_in(app, client, "staff")
    page = text(client.get("/organizations/"))
    names = ["Ban Vì sự tiến bộ phụ nữ Hà Nội", "Bộ Lao động - Thương binh và Xã hội",
             "Ủy ban nhân dân huyện Ba Vì", "Ủy ban nhân dân thị xã Sơn Tây"]  # fmt: skip
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    found = text(client.get("/organizations/?q=uy+ban+nhan+dan+thi+xa+son+tay"))
    assert "Ủy ban nhân dân thị xã Sơn Tây" in found and "huyện Ba Vì" not in found
    district = text(client.get("/organizations/?level=district"))
    assert "Ủy ban nhân dân huyện Ba Vì" in district and "Bộ Lao động" not in district
    assert "Thị xã Sơn Tây, Thành phố Hà Nội" in district  # the unit, with its province


@pytest.mark.usefixtures("listed")
def test_only_those_who_manage_organizations_see_the_add_and_edit_links(app, client):
    sign_in(app, client, "staff")
    page = text(client.get("/organizations/"))
    assert "/organizations/new" not in page and re.search(r"/organizations/\d+", page) is None
    assert client.get("/organizations/new").status_code == 403
    sign_in(app, client, "organizer")
    page = text(client.get("/organizations/"))
    assert "/organizations/new" in page and re.search(r"/organizations/\d+", page)


@pytest.mark.parametrize("query", ["level=mayor", "q=" + "x" * 101])
def test_a_bad_filter_is_400_with_a_message(app, organizer, query):
    response = organizer.get(f"/organizations/?{query}")
    assert response.status_code == 400 and "invalid-feedback" in text(response)


# Creating


def test_create_a_district_body_normalised_keyed_and_audited(app, organizer, places):
    assert "Thành phố Hà Nội" in text(organizer.get("/organizations/new"))
    response = post(organizer, "/organizations/new", **form(
        name="  Hội Liên hiệp   Phụ nữ huyện Ba Vì ", short_name=" Hội LHPN  Ba Vì",
        kind="womens_union", unit=str(places["ba_vi"]),
    ))  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organizations/?q=")
    assert "Hội Liên hiệp Phụ nữ huyện Ba Vì" in text(organizer.get(response.headers["Location"]))
    with app.app_context():
        created = db.session.scalars(sa.select(Organization)).one()
        assert (created.name, created.short_name, created.kind, created.level, created.unit_id) == (
            "Hội Liên hiệp Phụ nữ huyện Ba Vì", "Hội LHPN Ba Vì", OrganizationKind.WOMENS_UNION,
            GovernmentLevel.DISTRICT, places["ba_vi"],
        )  # fmt: skip
        assert created.search_key == "hoi lien hiep phu nu huyen ba vi"
        assert created.sort_key == text_sort_key("Hội Liên hiệp Phụ nữ huyện Ba Vì")
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="create")).one()
        assert (entry.entity_type, entry.entity_id) == ("organization", created.id)
        assert entry.changes["level"] == [None, "district"]


def test_create_a_central_and_a_commune_body(app, organizer, places):
    central = post(organizer, "/organizations/new", **form(
        name="Bộ Lao động - Thương binh và Xã hội", kind="ministry", level="central"))  # fmt: skip
    commune = post(organizer, "/organizations/new", **form(
        name="Ủy ban nhân dân xã Tản Lĩnh", level="commune", unit=str(places["ba_vi"]),
        commune="tan linh"))  # fmt: skip
    assert (central.status_code, commune.status_code) == (302, 302)
    assert [(name, unit) for name, _, _, _, unit in organizations(app)] == [
        ("Bộ Lao động - Thương binh và Xã hội", None),
        ("Ủy ban nhân dân xã Tản Lĩnh", places["tan_linh"]),
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "Ủ" * 256}, "name", "At most %(max)d characters."),
        ({"short_name": "x" * 101}, "short_name", "At most %(max)d characters."),
        ({"name": '<script>alert("x")</script>'}, "name",
         "Write plain text, without HTML tags (< … >)."),
        ({"kind": "king"}, "kind", "Choose one of the listed options."),
        ({"level": ""}, "level", "This field is required."),
        ({"unit": "99999999"}, "unit", "Choose one of the listed options."),
        ({"unit": ""}, "unit", "Choose the administrative unit this body serves."),
        ({"level": "central", "unit": "ba_vi"}, "unit",
         "A central body serves no administrative unit: leave the unit empty."),
        ({"level": "province", "unit": "ba_vi"}, "unit",
         "A province-level body serves a province or centrally-run city: choose one, not a district."),
        ({"level": "district", "unit": "hanoi"}, "unit",
         "A district-level body serves a district: choose a district, not a province."),
        ({"level": "commune", "unit": "hanoi", "commune": "Tản Lĩnh"}, "unit",
         "A commune-level body serves a commune or ward: choose it (new map), or choose its "
         "district and type the commune (old map)."),
        ({"level": "district", "unit": "ward"}, "unit",
         "There are no districts on %(map)s: a body there serves a province or a commune or "
         "ward, so choose the province or commune level."),
        ({"level": "district", "unit": "new_hanoi"}, "unit",
         "There are no districts on %(map)s: a body there serves a province or a commune or "
         "ward, so choose the province or commune level."),
        ({"level": "commune", "unit": "ward", "commune": "Sơn Tây"}, "commune",
         "Leave the commune empty unless the body is at commune level."),
        ({"level": "commune", "unit": "new_hanoi", "commune": "Tản Lĩnh"}, "commune",
         "%(district)s has no commune called %(name)s."),
        ({"level": "commune", "unit": "ba_vi"}, "commune", "Type the name of the commune."),
        ({"unit": "ba_vi", "commune": "Tản Lĩnh"}, "commune",
         "Leave the commune empty unless the body is at commune level."),
        ({"level": "commune", "unit": "son_tay", "commune": "Tản Lĩnh"}, "commune",
         "%(district)s has no commune called %(name)s."),
    ],
)  # fmt: skip
def test_bad_input_is_422_next_to_the_field_keeps_what_was_typed_and_writes_nothing(
    app, organizer, places, values, field, message
):
    if values.get("unit") in places:
        values["unit"] = str(places[values["unit"]])
    data = form(**values)
    response = post(organizer, "/organizations/new", **data)
    page = text(response)
    assert response.status_code == 422
    with app.test_request_context():
        new_map = str(words(NEW).map_name)
    district = "Thành phố Hà Nội" if values.get("unit") == str(places["new_hanoi"]) else (
        "Thị xã Sơn Tây")  # fmt: skip
    expected = translated(app, message, max=255 if field == "name" else 100,
                          district=district, name="Tản Lĩnh", map=new_map)  # fmt: skip
    errors = re.search(rf'id="{field}-errors"[^>]*>(.*?)</div>', page, re.S)
    assert errors and expected in errors.group(1), page
    if data["short_name"] and len(data["short_name"]) <= 100:
        assert f'value="{escape(data["short_name"])}"' in page
    assert organizations(app) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "create")) == 0  # fmt: skip


def test_the_same_name_in_the_same_unit_is_a_409_conflict(app, organizer, places):
    data = form(unit=str(places["ba_vi"]))
    assert post(organizer, "/organizations/new", **data).status_code == 302
    again = post(organizer, "/organizations/new", **{**data, "name": "ủy ban nhân dân huyện ba vì"})
    assert again.status_code == 409
    assert translated(app, "%(unit)s already has an organization called %(name)s.",
                      unit="Huyện Ba Vì", name="ủy ban nhân dân huyện ba vì") in text(again)  # fmt: skip
    elsewhere = post(organizer, "/organizations/new", **{**data, "unit": str(places["son_tay"])})
    assert elsewhere.status_code == 302  # the same name serving another unit is another body
    assert len(organizations(app)) == 2


def test_two_central_bodies_of_one_name_conflict_too(app, organizer):
    data = form(name="Bộ Y tế", kind="ministry", level="central")
    assert post(organizer, "/organizations/new", **data).status_code == 302
    again = post(organizer, "/organizations/new", **data)
    assert again.status_code == 409 and len(organizations(app)) == 1


def test_a_form_sent_twice_creates_one_organization(app, organizer, places):
    page = text(organizer.get("/organizations/new"))
    token = re.search(r'name="submission" type="hidden" value="([^"]+)"', page)
    data = form(unit=str(places["ba_vi"]), submission=token.group(1))
    first = post(organizer, "/organizations/new", **data)
    second = post(organizer, "/organizations/new", **data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.headers["Location"] == first.headers["Location"]
    assert len(organizations(app)) == 1


# Editing


@pytest.fixture
def ba_vi_committee(app, places) -> int:
    with app.app_context():
        unit = db.session.get(AdministrativeUnit, places["ba_vi"])
        organization = factories.organization("Ủy ban nhân dân huyện Ba Vì", unit=unit)
        db.session.commit()
        return organization.id


def test_edit_shows_the_stored_values_and_saves_an_audited_change(
    app, organizer, places, ba_vi_committee
):
    path = f"/organizations/{ba_vi_committee}"
    page = text(organizer.get(path))
    assert '<h1 class="h3">Ủy ban nhân dân huyện Ba Vì</h1>' in page
    assert 'value="Ủy ban nhân dân huyện Ba Vì"' in page
    assert re.search(rf'<option[^>]*selected[^>]*value="{places["ba_vi"]}">', page)
    response = post(organizer, path, **form(name="UBND  huyện Ba Vì", unit=str(places["ba_vi"])))
    assert response.status_code == 302
    with app.app_context():
        organization = db.session.get(Organization, ba_vi_committee)
        assert (organization.name, organization.search_key) == ("UBND huyện Ba Vì",
                                                                "ubnd huyen ba vi")  # fmt: skip
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="update")).one()
        assert entry.changes["name"] == ["Ủy ban nhân dân huyện Ba Vì", "UBND huyện Ba Vì"]


def test_edit_a_commune_body_shows_its_district_and_commune(app, organizer, places):
    with app.app_context():
        commune = db.session.get(AdministrativeUnit, places["tan_linh"])
        organization = factories.organization("UBND xã Tản Lĩnh", "commune", unit=commune)
        db.session.commit()
        path = f"/organizations/{organization.id}"
    page = text(organizer.get(path))
    assert re.search(rf'<option[^>]*selected[^>]*value="{places["ba_vi"]}">', page)
    assert 'value="Tản Lĩnh"' in page
    data = form(name="UBND xã Tản Lĩnh", short_name="", level="commune", unit=str(places["ba_vi"]),
                commune="Tản Lĩnh")  # fmt: skip
    assert post(organizer, path, **data).status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(AuditEntry).filter_by(action="update")).first() is None


def test_edit_into_a_taken_name_is_409_and_changes_nothing(app, organizer, places, ba_vi_committee):
    post(organizer, "/organizations/new", **form(name="Hội LHPN huyện Ba Vì", kind="womens_union",
                                                 unit=str(places["ba_vi"])))  # fmt: skip
    response = post(organizer, f"/organizations/{ba_vi_committee}",
                    **form(name="Hội LHPN huyện Ba Vì", unit=str(places["ba_vi"])))  # fmt: skip
    assert response.status_code == 409
    assert 'value="Hội LHPN huyện Ba Vì"' in text(response)
    with app.app_context():
        assert db.session.get(Organization, ba_vi_committee).name == "Ủy ban nhân dân huyện Ba Vì"


def test_editing_a_missing_organization_is_404(organizer):
    assert organizer.get("/organizations/99999").status_code == 404
    assert post(organizer, "/organizations/99999", **form()).status_code == 404


def test_the_picker_offers_both_maps_bounded_to_the_provinces_in_use(app, organizer, places):
    page = text(organizer.get("/organizations/new"))
    with app.test_request_context():
        old_map, new_map = (str(escape(words(s).map_name)) for s in UnitScheme)
    assert f'label="Thành phố Hà Nội · {new_map}"' in page
    assert f'label="Thành phố Hà Nội · {old_map}"' in page
    assert f'value="{places["ward"]}"' in page and f'value="{places["ba_vi"]}"' in page
    assert f'value="{places["hai_phong"]}"' in page
    assert f'value="{places["tan_linh"]}"' not in page  # old communes are typed, not listed
    with app.app_context():
        haiphong = db.session.get(AdministrativeUnit, places["hai_phong"])
        far = factories.unit("Kiến Thụy", parent=haiphong, full_name="Huyện Kiến Thụy").id
        db.session.commit()
    assert f'value="{far}"' not in text(organizer.get("/organizations/new"))


def test_a_ward_body_of_the_new_map_is_chosen_directly_and_edited_so(app, organizer, places):
    data = form(name="Ủy ban nhân dân phường Sơn Tây", short_name="", level="commune",
                unit=str(places["ward"]))  # fmt: skip
    assert post(organizer, "/organizations/new", **data).status_code == 302
    typed = form(name="Hội LHPN phường Sơn Tây", short_name="", kind="womens_union",
                 level="commune", unit=str(places["new_hanoi"]), commune="son tay")  # fmt: skip
    assert post(organizer, "/organizations/new", **typed).status_code == 302
    assert [unit for *_, unit in organizations(app)] == [places["ward"], places["ward"]]
    with app.app_context():
        first = db.session.scalars(sa.select(Organization).order_by(Organization.id)).first().id
    page = text(organizer.get(f"/organizations/{first}"))
    assert re.search(rf'<option[^>]*selected[^>]*value="{places["ward"]}">', page)


def test_pickers_of_organizations_name_the_map_of_namesakes_only(app, organizer, places):
    """Hà Nội's People's Committee of the old map and of the new one share their name: the
    campaign form's picker says which map each serves; a name borne once stays as it is."""
    with app.app_context():
        for key in ("hanoi", "new_hanoi"):
            unit = db.session.get(AdministrativeUnit, places[key])
            factories.organization("Ủy ban nhân dân thành phố Hà Nội", "province", unit=unit)
        factories.organization("Bộ Nội vụ", "central", kind=OrganizationKind.MINISTRY)
        db.session.commit()
        old_map, new_map = (str(escape(words(s).map_name)) for s in UnitScheme)
    page = text(organizer.get("/campaigns/new"))
    for map_name in (old_map, new_map):
        assert f">Ủy ban nhân dân thành phố Hà Nội · {map_name}</option>" in page
    assert ">Bộ Nội vụ</option>" in page
    listed = text(organizer.get("/organizations/?q=thanh pho ha noi"))
    assert f"({old_map})" in listed and f"({new_map})" in listed
