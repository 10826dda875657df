"""Scope on either map: officials of an old-map district or province, of a new-map province or
commune, on the beneficiary pages and the gifts routes that name a woman's record
(docs/architecture.md, "How a request flows": outside the scope is 404)."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.accounts import services
from campaign.accounts.models import Role, User
from campaign.audit.models import AuditEntry
from campaign.audit.services import COMMAND_LINE, Actor
from campaign.beneficiaries import services as beneficiary_services
from campaign.beneficiaries.models import Beneficiary
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts.models import Handover, Nomination
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.beneficiaries.test_registration import SUBMISSION
from tests.conftest import CSRF_INPUT, csrf_token, sign_in

OLD, NEW = UnitScheme.PRE_2025, UnitScheme.POST_2025
WOMEN = ("old", "ward", "commune")


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def maps(app):
    """Hà Nội on both maps: Thị xã Sơn Tây (old) with Xã Đường Lâm; Phường Sơn Tây and Xã Tùng
    Thiện (new). A woman in each commune, each approved on her map's programme; the Tùng Thiện
    one has received her gift."""
    with app.app_context():
        old_hanoi = factories.unit("Hà Nội", "province", full_name="Thành phố Hà Nội")
        son_tay = factories.unit("Sơn Tây", parent=old_hanoi, full_name="Thị xã Sơn Tây")
        duong_lam = factories.unit("Đường Lâm", "commune", parent=son_tay,
                                   full_name="Xã Đường Lâm")  # fmt: skip
        new_hanoi = factories.unit("Hà Nội", "province", scheme=NEW, full_name="Thành phố Hà Nội")
        ward = factories.unit("Sơn Tây", "commune", parent=new_hanoi, scheme=NEW,
                              full_name="Phường Sơn Tây")  # fmt: skip
        commune = factories.unit("Tùng Thiện", "commune", parent=new_hanoi, scheme=NEW,
                                 full_name="Xã Tùng Thiện")  # fmt: skip
        old_programme = factories.programme(campaign=factories.campaign(unit=old_hanoi))
        new_campaign = factories.campaign(
            unit=new_hanoi, year=2026, start_date=dt.date(2026, 11, 15),
            end_date=dt.date(2026, 12, 15),
        )  # fmt: skip
        new_programme = factories.programme(campaign=new_campaign)
        women, nominations = {}, {}
        for key, unit, programme, share in (
            ("old", duong_lam, old_programme, son_tay),
            ("ward", ward, new_programme, ward),
            ("commune", commune, new_programme, commune),
        ):
            women[key] = factories.beneficiary(f"Nguyễn Thị {key.title()}", unit=unit)
            allocation = factories.allocation(programme, share)
            nominations[key] = factories.nomination(allocation, women[key])
        handover = factories.handover(nominations["commune"].allocation, women["commune"])
        db.session.commit()
        return {
            "units": {"old_hanoi": old_hanoi.id, "son_tay": son_tay.id, "duong_lam": duong_lam.id,
                      "new_hanoi": new_hanoi.id, "ward": ward.id, "commune": commune.id},
            "women": {key: woman.id for key, woman in women.items()},
            "nominations": {key: n.id for key, n in nominations.items()},
            "programmes": {"old": old_programme.id, "new": new_programme.id},
            "handover": handover.id,
        }  # fmt: skip


def units(app, *ids) -> list[AdministrativeUnit]:
    with app.app_context():
        return [db.session.get(AdministrativeUnit, unit_id) for unit_id in ids]


SCOPES = {
    "old-map district": ("son_tay", {"old"}),
    "old-map province": ("old_hanoi", {"old"}),
    "new-map province": ("new_hanoi", {"ward", "commune"}),
    "new-map commune": ("ward", {"ward"}),
}


@pytest.mark.parametrize("scope", list(SCOPES))
def test_each_scope_sees_the_women_of_its_own_map_and_units_only(app, client, maps, scope):
    unit_key, visible = SCOPES[scope]
    sign_in(app, client, "official", units=units(app, maps["units"][unit_key]))
    listing = text(client.get("/beneficiaries/"))
    for key in WOMEN:
        woman_id = maps["women"][key]
        assert (f"Nguyễn Thị {key.title()}" in listing) == (key in visible), key
        for path in (f"/beneficiaries/{woman_id}", f"/beneficiaries/{woman_id}/edit"):
            assert client.get(path).status_code == (200 if key in visible else 404), path


@pytest.mark.parametrize("scope", ["new-map province", "new-map commune"])
def test_a_new_map_official_never_reads_district_on_the_beneficiary_pages(app, client, maps, scope):
    sign_in(app, client, "official", units=units(app, maps["units"][SCOPES[scope][0]]))
    for path in ("/beneficiaries/", f"/beneficiaries/{maps['women']['ward']}",
                 "/beneficiaries/new", f"/beneficiaries/{maps['women']['ward']}/edit"):  # fmt: skip
        page = text(client.get(path)).lower()
        assert "quận" not in page and "huyện" not in page, path
    assert "Tỉnh, thành phố" in text(client.get("/beneficiaries/"))


def test_an_old_map_official_filters_by_district(app, client, maps):
    sign_in(app, client, "official", units=units(app, maps["units"]["son_tay"]))
    page = text(client.get("/beneficiaries/", query_string={"area": "Sơn Tây"}))
    assert "Nguyễn Thị Old" in page
    assert "Quận, huyện, thị xã" in page and "Tỉnh, thành phố" not in page


def test_a_new_map_province_official_filters_by_province_and_commune(app, client, maps):
    sign_in(app, client, "official", units=units(app, maps["units"]["new_hanoi"]))
    by_province = text(client.get("/beneficiaries/", query_string={"area": "Hà Nội"}))
    assert "Nguyễn Thị Ward" in by_province and "Nguyễn Thị Commune" in by_province
    by_commune = text(client.get("/beneficiaries/", query_string={"area": "Tùng Thiện"}))
    assert "Nguyễn Thị Commune" in by_commune and "Nguyễn Thị Ward" not in by_commune
    outside = client.get("/beneficiaries/", query_string={"area": "Đường Lâm"})  # the old map
    assert outside.status_code == 400 and "Nguyễn Thị Old" not in text(outside)


def gift_post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/account/password")})


def counts(app) -> tuple:
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Beneficiary)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)),
            db.session.scalars(sa.select(Nomination.status).order_by(Nomination.id)).all(),
            db.session.scalars(sa.select(Handover.voided_at)).all(),
        )


def test_a_new_map_commune_official_gets_404_on_the_gifts_records_of_others(app, client, maps):
    sign_in(app, client, "official", units=units(app, maps["units"]["ward"]))
    before = counts(app)
    programme, old = maps["programmes"]["new"], maps["programmes"]["old"]
    for key, programme_id in (("commune", programme), ("old", old)):
        nomination = maps["nominations"][key]
        recorded = gift_post(client, f"/gifts/{programme_id}/handover", nomination=nomination,
                             mode="in_person")  # fmt: skip
        assert recorded.status_code == 404, key
        withdrawn = gift_post(client, f"/gifts/{programme_id}/nominations/{nomination}/withdraw")
        assert withdrawn.status_code == 404, key
    voided = gift_post(client, f"/gifts/{programme}/handovers/{maps['handover']}/void",
                       reason="Nhầm người")  # fmt: skip
    assert voided.status_code == 404
    proposed = gift_post(client, f"/gifts/{programme}/nominate",
                         woman=[maps["women"]["commune"], maps["women"]["old"]])  # fmt: skip
    assert proposed.status_code == 422
    assert counts(app) == before


def registration(client, commune: str) -> dict:
    page = text(client.get("/beneficiaries/new"))
    return {
        "csrf_token": CSRF_INPUT.search(page).group(1),
        "submission": SUBMISSION.search(page).group(1),
        "full_name": "Đỗ Thị Hạnh", "birth_year": "1972", "commune": commune, "consent": "y",
    }  # fmt: skip


@pytest.mark.parametrize("other", ["Tùng Thiện", "Đường Lâm"])
def test_registering_outside_the_scope_or_on_the_other_map_writes_nothing(app, client, maps, other):
    sign_in(app, client, "official", units=units(app, maps["units"]["ward"]))

    def offered(typed: str) -> list[str]:
        suggested = client.get("/beneficiaries/communes/suggest", query_string={"q": typed})
        return suggested.json["suggestions"]

    assert offered("son tay") == ["Phường Sơn Tây, Thành phố Hà Nội"]  # her ward, nothing else
    assert offered(other) == []
    before = counts(app)
    response = client.post("/beneficiaries/new", data=registration(client, other))
    assert response.status_code == 422 and "Không tìm thấy" in text(response)
    assert counts(app) == before
    saved = client.post("/beneficiaries/new", data=registration(client, "Sơn Tây"))
    assert saved.status_code == 302


@pytest.mark.parametrize(
    ("other", "message"),
    [("commune", "Xã Tùng Thiện không thuộc địa bàn bạn phụ trách."),
     ("duong_lam", "Xã Đường Lâm là đơn vị của bản đồ hành chính trước ngày 01/7/2025 (3 cấp);"
                   " địa bàn bạn phụ trách thuộc bản đồ hành chính từ ngày 01/7/2025 (2 cấp).")],
)  # fmt: skip
def test_the_service_refuses_a_commune_outside_the_scope_naming_the_map(app, maps, other, message):
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        official = factories.user(Role.OFFICIAL, units=units(app, maps["units"]["ward"]))
        unit = db.session.get(AdministrativeUnit, maps["units"][other])
        details = beneficiary_services.BeneficiaryDetails(
            "Đỗ Thị Hạnh", 1972, unit, None, None, None, frozenset(), None, None
        )
        with pytest.raises(DomainError) as refused:
            beneficiary_services.register(Actor(official.id, "test"), official, details)
        assert (refused.value.code, refused.value.message) == ("out_of_scope", message)


def test_an_organizer_moves_an_old_map_woman_to_a_new_map_commune(app, client, maps):
    sign_in(app, client, "organizer")
    path = f"/beneficiaries/{maps['women']['old']}/edit"
    page = text(client.get(path))  # her commune named with its map
    assert "Xã Đường Lâm, Thị xã Sơn Tây, Thành phố Hà Nội — bản đồ hành chính trước" in page
    with app.app_context():
        db.session.execute(sa.delete(Nomination).where(
            Nomination.id == maps["nominations"]["old"]))  # fmt: skip
        db.session.commit()
    data = {"csrf_token": CSRF_INPUT.search(page).group(1), "full_name": "Nguyễn Thị Old",
            "commune": "Sơn Tây"}  # fmt: skip
    assert client.post(path, data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Beneficiary, maps["women"]["old"]).unit_id == maps["units"]["ward"]


@pytest.mark.parametrize(
    ("keys", "code"),
    [((), "scope_missing"), (("duong_lam",), "scope_level"),
     (("son_tay", "ward"), "scope_mixed_maps")],
)  # fmt: skip
def test_a_scope_is_units_of_one_map_at_the_levels_officials_serve(app, maps, keys, code):
    with app.app_context():
        scope = [db.session.get(AdministrativeUnit, maps["units"][key]) for key in keys]
        with pytest.raises(DomainError) as refused:
            services.create_user(COMMAND_LINE, "can.bo", "Cán bộ", Role.OFFICIAL, scope,
                                 factories.PASSWORD)  # fmt: skip
        assert refused.value.code == code


@pytest.mark.parametrize(
    "keys", [("son_tay",), ("old_hanoi",), ("new_hanoi",), ("ward", "commune")]
)
def test_every_level_officials_serve_is_a_scope_audited_with_its_map(app, maps, keys):
    with app.app_context():
        scope = [db.session.get(AdministrativeUnit, maps["units"][key]) for key in keys]
        user = services.create_user(COMMAND_LINE, "can.bo", "Cán bộ", Role.OFFICIAL, scope,
                                    factories.PASSWORD)  # fmt: skip
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(entity_id=user.id)).one()
        assert entry.changes["units"][1] == sorted(
            f"{unit.code} {unit.full_name} ({unit.scheme.value})" for unit in scope
        )


def test_the_user_form_refuses_mixing_the_maps_with_a_clear_message(app, client, maps):
    sign_in(app, client, "admin")
    response = client.post("/admin/users/new", data={
        "username": "can.bo", "full_name": "Cán bộ", "role": "official",
        "units": [maps["units"]["son_tay"], maps["units"]["ward"]],
        "csrf_token": csrf_token(client, "/admin/users/new"),
    })  # fmt: skip
    assert response.status_code == 422
    assert "Mỗi cán bộ chỉ phụ trách địa bàn trên một bản đồ" in text(response)
    with app.app_context():
        assert db.session.scalars(sa.select(User).filter_by(username="can.bo")).first() is None


def test_the_user_list_names_each_units_map(app, client, maps):
    with app.app_context():
        factories.user(Role.OFFICIAL, username="phuong.son.tay",
                       units=units(app, maps["units"]["ward"]))  # fmt: skip
        db.session.commit()
    sign_in(app, client, "admin")
    page = text(client.get("/admin/users/"))
    assert "Phường Sơn Tây" in page and "bản đồ hành chính từ ngày 01/7/2025" in page
    assert "Cán bộ phụ trách địa bàn" in page


def test_the_scope_hook_is_the_campaigns_units():
    from campaign.accounts import scope_choices
    from campaign.campaigns import queries

    assert [queries.campaign_unit_ids] == scope_choices.SCOPE_AREAS


def options_of(page: str, group: str) -> str:
    start = page.index(f'label="{group}"')
    return page[start : page.index("</optgroup>", start)]


def test_the_form_proposes_the_successors_of_an_officials_districts(app, client, reference_data):
    with app.app_context():
        son_tay = db.session.scalars(sa.select(AdministrativeUnit).filter_by(
            scheme=OLD, level=UnitLevel.DISTRICT, code="269")).one()  # fmt: skip
        official = factories.user(Role.OFFICIAL, units=[son_tay])
        db.session.commit()
        official_id = official.id
    sign_in(app, client, "admin")
    page = text(client.get(f"/admin/users/{official_id}"))
    proposed = options_of(page, "Tiếp nhận Thị xã Sơn Tây")
    assert "Phường Sơn Tây" in proposed and "Phường Tùng Thiện" in proposed
    assert "Phường Hà Đông" not in proposed and "đã tiếp nhận quận, huyện" in page
    assert page.index("Tiếp nhận Thị xã Sơn Tây") < page.index("Thành phố Hà Nội ·")
    assert "Phường Hà Đông" not in page  # no campaign on the new map: its provinces only
    assert page.count("<option") < 200
    with app.app_context():
        new_hanoi = db.session.scalars(sa.select(AdministrativeUnit).filter_by(
            scheme=NEW, level=UnitLevel.PROVINCE, code="01")).one()  # fmt: skip
        factories.campaign(unit=new_hanoi, year=2026, start_date=dt.date(2026, 11, 15),
                           end_date=dt.date(2026, 12, 15))  # fmt: skip
        db.session.commit()
    assert "Phường Hà Đông" in text(client.get(f"/admin/users/{official_id}"))


def test_users_create_takes_units_of_either_map(app, maps):
    with app.app_context():
        codes = {key: db.session.get(AdministrativeUnit, unit_id).code
                 for key, unit_id in maps["units"].items()}  # fmt: skip
    runner = app.test_cli_runner()

    def create(username, *options):
        return runner.invoke(args=["users", "create", username, "--role", "official", *options],
                             input="Sen nở giữa hồ 2022\n")  # fmt: skip

    assert create("phuong", "--unit", codes["ward"], "--unit", codes["commune"]).exit_code == 0
    assert create("thanh.pho", "--unit", codes["new_hanoi"]).exit_code == 0
    assert create("thi.xa", "--map", "pre2025", "--unit", codes["son_tay"]).exit_code == 0
    assert create("thi.xa2", "--district", codes["son_tay"]).exit_code == 0
    unknown = create("x1", "--unit", codes["son_tay"])
    assert unknown.exit_code != 0 and "Không có mã này trên bản đồ hành chính từ" in unknown.output
    level = create("x2", "--map", "pre2025", "--unit", codes["duong_lam"])
    assert level.exit_code != 0 and "Xã Đường Lâm" in level.output
    mixed = create("x3", "--district", codes["son_tay"], "--unit", codes["ward"])
    assert mixed.exit_code != 0 and "một bản đồ" in mixed.output
    listing = runner.invoke(args=["users", "list"]).output
    assert (
        f"bản đồ hành chính từ ngày 01/7/2025 (2 cấp): Phường Sơn Tây ({codes['ward']})" in listing
    )
    assert f"trước ngày 01/7/2025 (3 cấp): Thị xã Sơn Tây ({codes['son_tay']})" in listing
    with app.app_context():
        made = set(db.session.scalars(sa.select(User.username)))
    assert {"phuong", "thanh.pho", "thi.xa", "thi.xa2"} <= made and not made & {"x1", "x2", "x3"}
