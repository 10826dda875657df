"""Registering and correcting a woman by hand: checks, warnings once, refusals, consent."""

import re
import unicodedata

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.audit.models import AuditEntry
from campaign.audit.services import Actor
from campaign.beneficiaries import services
from campaign.beneficiaries.models import Beneficiary, BeneficiaryCircumstance, Circumstance
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit
from tests import factories
from tests.conftest import CSRF_INPUT, csrf_token

SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def place(app):
    with app.app_context():
        son_tay, ba_vi, le_loi, tan_linh = factories.two_districts()
        programme = factories.programme()
        factories.allocation(programme, son_tay)
        factories.allocation(programme, ba_vi)
        hang = factories.beneficiary("Chu Thị Hằng", unit=le_loi, birth_year=1970,
                                     national_id="001170000001")  # fmt: skip
        hang.circumstances = [BeneficiaryCircumstance(category=Circumstance.SURVIVOR_OF_VIOLENCE)]
        hang.circumstance_note = "Được hỗ trợ tại nhà tạm lánh"
        official = factories.user(Role.OFFICIAL, username="can.bo", units=[son_tay])
        db.session.commit()
        return {"le_loi": le_loi.id, "tan_linh": tan_linh.id, "hang": hang.id,
                "official": official.username}  # fmt: skip


@pytest.fixture
def official(client, place):
    client.post("/login", data={"username": place["official"], "password": factories.PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    return client


def form(client, path="/beneficiaries/new"):
    page = text(client.get(path))
    values = {"csrf_token": CSRF_INPUT.search(page).group(1)}
    if match := SUBMISSION.search(page):
        values["submission"] = match.group(1)
    return values


def women(app) -> list[Beneficiary]:
    with app.app_context():
        return db.session.scalars(sa.select(Beneficiary).order_by(Beneficiary.id)).all()


def woman(place, **values):
    return {"full_name": "Nguyễn Thị Lan", "birth_year": "1975", "commune": "Lê Lợi",
            "phone": "+84 912 345 678", "consent": "y", **values}  # fmt: skip


def test_an_official_registers_a_woman_with_her_consent(app, official, place):
    response = official.post("/beneficiaries/new", data={**form(official), **woman(place),
                                                          "circumstances": ["poor_household"]})  # fmt: skip
    assert response.status_code == 302
    lan = women(app)[-1]
    assert (lan.full_name, lan.phone, lan.birth_year) == ("Nguyễn Thị Lan", "0912345678", 1975)
    assert lan.consent_given_at is not None and lan.consent_recorded_by_id is not None
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry.action).where(
            AuditEntry.entity_type == "beneficiary", AuditEntry.entity_id == lan.id)) == "create"  # fmt: skip


def test_without_her_consent_nothing_is_recorded(app, official, place):
    data = {**form(official), **woman(place)}
    del data["consent"]
    response = official.post("/beneficiaries/new", data=data)
    assert response.status_code == 422 and "đồng ý" in text(response)
    assert len(women(app)) == 1


def test_a_commune_outside_her_districts_is_not_a_choice(app, official, place):
    data = {**form(official), **woman(place, commune="Tản Lĩnh")}
    assert official.post("/beneficiaries/new", data=data).status_code == 422
    assert len(women(app)) == 1


def test_the_same_name_in_nfd_is_a_namesake_warned_once_with_a_link(app, official, place):
    nfd = unicodedata.normalize("NFD", "chu  thị HẰNG")
    data = {**form(official), **woman(place, full_name=nfd, birth_year="1970")}
    warned = official.post("/beneficiaries/new", data=data)
    assert warned.status_code == 422
    assert f'/beneficiaries/{place["hang"]}"' in text(warned)
    assert len(women(app)) == 1
    saved = official.post("/beneficiaries/new", data={**data, "accept_warnings": "y"})
    assert saved.status_code == 302 and len(women(app)) == 2


def test_a_registered_citizen_id_is_refused(app, official, place):
    data = {**form(official), **woman(place, national_id="001170000001", birth_year="1970",
                                      full_name="Trần Thị Hằng")}  # fmt: skip
    response = official.post("/beneficiaries/new", data={**data, "accept_warnings": "y"})
    assert response.status_code == 409
    assert len(women(app)) == 1


def test_a_registered_citizen_id_is_refused_before_any_warning(app, official, place):
    """Her ID number says 1970 and the year typed is 1975: the refusal (already registered)
    comes first, without asking to tick "save anyway" over a warning about the year."""
    data = {**form(official), **woman(place, national_id="001170000001", full_name="Trần Thị Hằng")}
    response = official.post("/beneficiaries/new", data=data)
    assert response.status_code == 409
    page = text(response)
    assert "đã được đăng ký" in page
    assert "Theo số CCCD" not in page  # no birth-year warning over the refusal
    assert len(women(app)) == 1
    with app.app_context():
        lan = factories.beneficiary("Lê Thị Lan", unit=db.session.get(
            AdministrativeUnit, place["le_loi"]), birth_year=1975)  # fmt: skip
        db.session.commit()
        path = f"/beneficiaries/{lan.id}/edit"
    edit = {**form(official, path), "full_name": "Lê Thị Lan", "birth_year": "1975",
            "commune": "Lê Lợi", "national_id": "001170000001"}  # fmt: skip
    edited = official.post(path, data=edit)
    assert edited.status_code == 409 and "đã được đăng ký" in text(edited)


def test_a_citizen_id_of_another_birth_year_is_a_warning(app, official, place):
    data = {**form(official), **woman(place, national_id="001176000002")}
    warned = official.post("/beneficiaries/new", data=data)
    assert warned.status_code == 422 and "1976" in text(warned)
    assert (
        official.post("/beneficiaries/new", data={**data, "accept_warnings": "y"}).status_code
        == 302
    )
    assert women(app)[-1].national_id == "001176000002"


def test_a_form_sent_twice_registers_her_once(app, official, place):
    data = {**form(official), **woman(place)}
    first = official.post("/beneficiaries/new", data=data)
    second = official.post("/beneficiaries/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(women(app)) == 2


def test_an_edit_by_someone_who_cannot_see_the_sensitive_category_keeps_it(app, official, place):
    path = f"/beneficiaries/{place['hang']}/edit"
    page = text(official.get(path))
    assert "Nạn nhân bạo lực" not in page and "nhà tạm lánh" not in page
    data = {**form(official, path), "full_name": "Chu Thị Hằng", "birth_year": "1971",
            "commune": "Lê Lợi", "national_id": "001170000001", "accept_warnings": "y"}  # fmt: skip
    assert official.post(path, data=data).status_code == 302
    with app.app_context():
        hang = db.session.get(Beneficiary, place["hang"])
        assert hang.birth_year == 1971
        assert [c.category for c in hang.circumstances] == [Circumstance.SURVIVOR_OF_VIOLENCE]
        assert hang.circumstance_note == "Được hỗ trợ tại nhà tạm lánh"
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "update"))
        assert entry.changes == {"birth_year": [1970, 1971]}


def test_the_service_keeps_what_the_editor_cannot_see(app, place):
    """The rule lives in the service, whoever calls it: an official's correction keeps the
    sensitive category and the note she was never shown."""
    with app.app_context():
        official = db.session.scalar(sa.select(User).where(User.username == place["official"]))
        hang = db.session.get(Beneficiary, place["hang"])
        details = services.BeneficiaryDetails(
            full_name="Chu Thị Hằng", birth_year=1971, unit=hang.unit, address=None, phone=None,
            national_id="001170000001", circumstances=frozenset({Circumstance.POOR_HOUSEHOLD}),
            circumstance_note=None, nominating_organization=None,
        )  # fmt: skip
        services.update(Actor(official.id), official, hang, details)
        db.session.commit()
        assert {c.category for c in hang.circumstances} == {
            Circumstance.POOR_HOUSEHOLD,
            Circumstance.SURVIVOR_OF_VIOLENCE,
        }
        assert hang.circumstance_note == "Được hỗ trợ tại nhà tạm lánh"
