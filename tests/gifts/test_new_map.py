"""A programme of a campaign on the map from 1 July 2025, with the real registry: shared between
Hà Nội's wards, refused units and women of the other map, its import, its words."""

import datetime as dt
import html
import io
import re

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from campaign.accounts.models import Role, User
from campaign.audit.services import Actor
from campaign.beneficiaries.models import Beneficiary
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.gifts import nominations, programmes
from campaign.gifts.models import GiftAllocation, GiftProgramme, Nomination, NominationStatus
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme
from tests import factories
from tests.conftest import CSRF_INPUT
from tests.gifts.test_views import as_user, post

NEW_MAP = "bản đồ hành chính từ ngày 01/7/2025"
OLD_MAP = "bản đồ hành chính trước ngày 01/7/2025"
OLD_WORDS = re.compile(r"quận|huyện|thị xã|District", re.IGNORECASE)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def unit(scheme: UnitScheme, level: UnitLevel, code: str) -> AdministrativeUnit:
    return db.session.scalar(
        sa.select(AdministrativeUnit).where(
            AdministrativeUnit.scheme == scheme,
            AdministrativeUnit.level == level,
            AdministrativeUnit.code == code,
        )
    )


@pytest.fixture
def city(app, reference_data):
    """Hà Nội's 2026 Month of Action on the new map: Phường Sơn Tây has a share of 2 and Phường
    Tùng Thiện of 1; a ward official of Sơn Tây and Tùng Thiện, two organizers; women of
    Phường Sơn Tây, and one registered in 2022 in Phường Phú Thịnh of the old Thị xã Sơn Tây."""
    with app.app_context():
        hanoi = unit(UnitScheme.POST_2025, UnitLevel.PROVINCE, "01")
        son_tay = unit(UnitScheme.POST_2025, UnitLevel.COMMUNE, "09574")
        tung_thien = unit(UnitScheme.POST_2025, UnitLevel.COMMUNE, "09604")
        phu_thinh = unit(UnitScheme.PRE_2025, UnitLevel.COMMUNE, "09577")
        campaign = factories.campaign(
            unit=hanoi, year=2026, name="Tháng hành động năm 2026",
            start_date=dt.date(2026, 11, 15), end_date=dt.date(2026, 12, 15),
        )  # fmt: skip
        programme = factories.programme(quota=5, campaign=campaign)
        factories.allocation(programme, son_tay, quota=2)
        factories.allocation(programme, tung_thien, quota=1)
        women = {
            name: factories.beneficiary(name, unit=where).id
            for name, where in [("Nguyễn Thị Lan", son_tay), ("Chu Thị Hằng", son_tay),
                                ("Kiều Thị Hoa", phu_thinh)]
        }  # fmt: skip
        users = {
            "official": factories.user(Role.OFFICIAL, username="can.bo.phuong",
                                       units=[son_tay, tung_thien]),
            "organizer": factories.user(Role.ORGANIZER, username="ban.to.chuc"),
            "second": factories.user(Role.ORGANIZER, username="ban.to.chuc.2"),
        }  # fmt: skip
        db.session.commit()
        return {
            "programme": programme.id, "women": women,
            "users": {role: user.username for role, user in users.items()},
            "units": {"hanoi": hanoi.id, "son_tay": son_tay.id, "tung_thien": tung_thien.id,
                      "phu_thinh": phu_thinh.id},
        }  # fmt: skip


def shares(app, programme_id: int) -> dict[str, tuple[int, int]]:
    with app.app_context():
        return {
            a.unit.full_name: (a.quota, a.given_count)
            for a in db.session.scalars(
                sa.select(GiftAllocation).where(GiftAllocation.programme_id == programme_id)
            )
        }


def test_the_share_picker_offers_the_wards_and_communes_of_the_campaigns_city(app, client, city):
    pid = city["programme"]
    as_user(client, city["users"]["organizer"])
    page = text(client.get(f"/gifts/{pid}"))
    picker = re.search(r'<select[^>]*name="new_unit".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option[^>]*value="(\d+)"', picker)
    assert 120 <= len(options) <= 126  # Hà Nội's 126, less the two already sharing
    with app.app_context():
        offered = db.session.scalars(
            sa.select(AdministrativeUnit).where(AdministrativeUnit.id.in_(map(int, options)))
        ).all()
        assert {(u.scheme, u.level) for u in offered} == {(UnitScheme.POST_2025,
                                                           UnitLevel.COMMUNE)}  # fmt: skip
        assert {u.parent_id for u in offered} == {city["units"]["hanoi"]}
    assert str(city["units"]["son_tay"]) not in options
    assert "Thêm xã, phường, đặc khu" in page and "Phân bổ theo xã, phường, đặc khu" in page
    with app.app_context():
        doai_phuong = unit(UnitScheme.POST_2025, UnitLevel.COMMUNE, "09616").id
    added = post(client, f"/gifts/{pid}/shares",
                 {"shares-0-unit": city["units"]["son_tay"], "shares-0-quota": 2,
                  "shares-1-unit": city["units"]["tung_thien"], "shares-1-quota": 1,
                  "new_unit": doai_phuong, "new_quota": 2}, page=f"/gifts/{pid}")  # fmt: skip
    assert added.status_code == 302
    assert shares(app, pid)["Xã Đoài Phương"] == (2, 0)


@pytest.mark.parametrize(
    ("which", "code"),
    [("old-map district", "wrong_map"), ("commune of another province", "share_outside_campaign"),
     ("the city itself", "wrong_share_level"), ("no unit", "unknown_unit")],
)  # fmt: skip
def test_a_share_for_a_unit_the_campaign_cannot_share_with_is_refused(app, city, which, code):
    with app.app_context():
        target = {
            "old-map district": lambda: unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, "269").id,
            "commune of another province": lambda: (
                unit(UnitScheme.POST_2025, UnitLevel.COMMUNE, "18172").id
            ),
            "the city itself": lambda: city["units"]["hanoi"],
            "no unit": lambda: 10**9,
        }[which]()
        programme = db.session.get(GiftProgramme, city["programme"])
        organizer = db.session.scalar(sa.select(User).where(User.username == "ban.to.chuc"))
        with pytest.raises(DomainError) as refused:
            programmes.set_allocations(Actor(organizer.id), programme, {target: 1})
        assert refused.value.code == code
        if code == "wrong_map":
            assert OLD_MAP in refused.value.message and NEW_MAP in refused.value.message
        db.session.rollback()
    assert shares(app, city["programme"]) == {"Phường Sơn Tây": (2, 0),
                                              "Phường Tùng Thiện": (1, 0)}  # fmt: skip


def test_the_shares_form_refuses_a_unit_it_does_not_offer_and_changes_nothing(app, client, city):
    pid = city["programme"]
    with app.app_context():
        foreign = unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, "269").id
    as_user(client, city["users"]["organizer"])
    refused = post(client, f"/gifts/{pid}/shares",
                   {"shares-0-unit": city["units"]["son_tay"], "shares-0-quota": 2,
                    "shares-1-unit": city["units"]["tung_thien"], "shares-1-quota": 1,
                    "new_unit": foreign, "new_quota": 1}, page=f"/gifts/{pid}")  # fmt: skip
    assert refused.status_code == 422
    assert shares(app, pid) == {"Phường Sơn Tây": (2, 0), "Phường Tùng Thiện": (1, 0)}


def test_a_ward_official_nominates_an_organizer_approves_she_hands_over(app, client, city):
    pid = city["programme"]
    as_user(client, city["users"]["official"])
    listing = text(client.get(f"/gifts/{pid}/nominate"))
    assert "Nguyễn Thị Lan" in listing and "Kiều Thị Hoa" not in listing  # the old map's
    lan = city["women"]["Nguyễn Thị Lan"]
    assert post(client, f"/gifts/{pid}/nominate", {"woman": [lan]}).status_code == 303
    with app.app_context():
        nomination = db.session.scalar(
            sa.select(Nomination).where(Nomination.beneficiary_id == lan)
        )
        nomination_id = nomination.id
        assert nomination.allocation.unit.full_name == "Phường Sơn Tây"

    client = app.test_client()
    as_user(client, city["users"]["organizer"])
    decided = post(client, f"/gifts/{pid}/nominations/decide",
                   {"nomination": [nomination_id], "decision": "approve", "reason": ""},
                   page=f"/gifts/{pid}/nominations")  # fmt: skip
    assert decided.status_code == 303
    with app.app_context():
        assert db.session.get(Nomination, nomination_id).status == NominationStatus.APPROVED

    client = app.test_client()
    as_user(client, city["users"]["official"])
    screen = text(client.get(f"/gifts/{pid}/handover"))
    assert "Nguyễn Thị Lan" in screen
    recorded = post(client, f"/gifts/{pid}/handover",
                    {"nomination": nomination_id, "mode": "in_person", "q": ""})  # fmt: skip
    assert recorded.status_code == 303
    assert shares(app, pid)["Phường Sơn Tây"] == (2, 1)
    with app.app_context():
        assert db.session.get(GiftProgramme, pid).given_count == 1
    assert "1 / 2" in text(client.get(f"/gifts/{pid}/handover"))


def test_every_gifts_page_of_the_programme_speaks_of_communes_and_wards(app, client, city):
    pid = city["programme"]
    as_user(client, city["users"]["organizer"])
    for path in ("", "/nominations", "/nominate", "/import", "/handover"):
        page = text(client.get(f"/gifts/{pid}{path}"))
        main = re.search(r"<main.*?</main>", page, re.S).group(0)
        assert "Xã, phường, đặc khu" in main, path
        assert not OLD_WORDS.search(re.sub(r"<[^>]+>", " ", main)), (path, OLD_WORDS.findall(main))


def test_a_woman_of_the_other_map_is_refused_by_name_and_map(app, client, city):
    pid = city["programme"]
    hoa = city["women"]["Kiều Thị Hoa"]
    as_user(client, city["users"]["organizer"])
    refused = post(client, f"/gifts/{pid}/nominate", {"woman": [hoa]})
    assert refused.status_code == 422
    page = text(refused)
    assert "Kiều Thị Hoa cư trú tại Phường Phú Thịnh" in page
    assert OLD_MAP in page and NEW_MAP in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)) == 0
        woman = db.session.get(Beneficiary, hoa)
        organizer = db.session.scalar(sa.select(User).where(User.username == "ban.to.chuc"))
        with pytest.raises(DomainError) as service_refused:
            nominations.nominate(Actor(organizer.id), organizer,
                                 db.session.get(GiftProgramme, pid), [woman])  # fmt: skip
        assert service_refused.value.code == "wrong_map"


def upload(client, programme_id, content: bytes, filename: str):
    page = f"/gifts/{programme_id}/import"
    token = CSRF_INPUT.search(text(client.get(page))).group(1)
    boundary, body = encode_multipart(
        {"csrf_token": token, "spreadsheet": FileStorage(io.BytesIO(content), filename)}
    )
    return client.post(page, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_wards_list_is_imported_without_a_district_column(app, client, city):
    """Communes and wards found among the shares and her area; a district column is ignored; a
    ward of the old map and a commune outside the shares are refused with the map named."""
    pid = city["programme"]
    as_user(client, city["users"]["official"])
    body = "\r\n".join([
        "Họ và tên,Năm sinh,Tỉnh/thành phố,\"Xã, phường, đặc khu\",Quận/huyện,Đồng ý",
        "Lê Thị Một,1971,Thành phố Hà Nội,Phường Sơn Tây,,x",
        "Lê Thị Hai,1972,,Tùng Thiện,Thị xã Sơn Tây,x",
        "Lê Thị Ba,1973,,Phường Phú Thịnh,,x",
        "Lê Thị Bốn,1974,,Xã Đoài Phương,,x",
        "Lê Thị Năm,1975,Tỉnh Bắc Ninh,Phường Sơn Tây,,x",
    ])  # fmt: skip
    response = upload(client, pid, body.encode(), "ds.csv")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    rows = re.findall(r"<tr class=\"([^\"]*)\">(.*?)</tr>", page, re.S)
    outcome = {re.search(r"Lê Thị \w+", row).group(0): (kind, row) for kind, row in rows}
    assert outcome["Lê Thị Một"][0] == outcome["Lê Thị Hai"][0] == ""
    assert outcome["Lê Thị Ba"][0] == "table-danger"
    assert OLD_MAP in outcome["Lê Thị Ba"][1] and "Phường Phú Thịnh" in outcome["Lê Thị Ba"][1]
    assert outcome["Lê Thị Bốn"][0] == "table-danger" and NEW_MAP in outcome["Lê Thị Bốn"][1]
    assert outcome["Lê Thị Năm"][0] == "table-danger"
    assert "Tỉnh Bắc Ninh" in outcome["Lê Thị Năm"][1]
    assert "Xã, phường, đặc khu" in page and not OLD_WORDS.search(page.split("<main")[1])
    token = CSRF_INPUT.search(page).group(1)
    assert client.post(response.headers["Location"], data={"csrf_token": token}).status_code == 303
    with app.app_context():
        listed = db.session.scalars(sa.select(Nomination)).all()
        assert sorted((n.beneficiary.full_name, n.allocation.unit.full_name) for n in listed) == [
            ("Lê Thị Hai", "Phường Tùng Thiện"),
            ("Lê Thị Một", "Phường Sơn Tây"),
        ]
