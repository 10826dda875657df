"""What gifts adds to the beneficiaries' pages and rules through their hooks, since beneficiaries
import nothing of gifts (docs/architecture.md, "Layers")."""

import sqlalchemy as sa

from campaign.beneficiaries import queries, services
from campaign.beneficiaries.models import Beneficiary
from campaign.extensions import db
from campaign.gifts import queries as gift_queries
from campaign.gifts import shares
from campaign.places.models import UnitLevel
from tests import factories
from tests.beneficiaries.test_registration import SUBMISSION
from tests.conftest import CSRF_INPUT, csrf_token, make_app, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


def test_her_page_shows_her_place_on_each_programme_list(app, client):
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        programme = factories.programme(name="Quà Tết 2023")
        woman = factories.beneficiary("Nguyễn Thị Lan", unit=le_loi)
        factories.nomination(factories.allocation(programme, son_tay), woman, list_number=7)
        db.session.commit()
        woman_id = woman.id
    sign_in(app, client, "organizer")
    page = text(client.get(f"/beneficiaries/{woman_id}"))
    assert "Quà Tết 2023" in page
    assert "<td>7</td>" in page


def test_an_organizer_registers_women_in_the_districts_with_a_share(app, client):
    with app.app_context():
        son_tay, _ba_vi, _le_loi, _tan_linh = factories.two_districts()
        factories.unit("Ngô Quyền", UnitLevel.COMMUNE, parent=son_tay, full_name="Phường Ngô Quyền")
        factories.allocation(factories.programme(), son_tay)
        db.session.commit()
    sign_in(app, client, "organizer")

    def offered(typed: str) -> list[str]:
        suggested = client.get("/beneficiaries/communes/suggest", query_string={"q": typed})
        return [label.split(",")[0] for label in suggested.json["suggestions"]]

    assert offered("le loi") == ["Phường Lê Lợi"] and offered("ngo quyen") == ["Phường Ngô Quyền"]
    assert offered("tan linh") == []  # Ba Vì has no share of any programme
    page = text(client.get("/beneficiaries/new"))
    data = {
        "csrf_token": CSRF_INPUT.search(page).group(1),
        "consent": "y",
        "submission": SUBMISSION.search(page).group(1),
        "full_name": "Nguyễn Thị Lan",
    }
    refused = client.post("/beneficiaries/new", data={**data, "commune": "Tản Lĩnh"})
    assert refused.status_code == 422 and "Không tìm thấy" in text(refused)
    saved = client.post("/beneficiaries/new", data={**data, "commune": "Ngô Quyền"})
    assert saved.status_code == 302


def test_moving_a_nominee_out_of_her_share_is_refused_and_changes_nothing(app, client):
    with app.app_context():
        son_tay, ba_vi, le_loi, _tan_linh = factories.two_districts()
        programme = factories.programme(name="Quà Tết 2023")
        factories.allocation(programme, ba_vi)
        woman = factories.beneficiary("Nguyễn Thị Lan", unit=le_loi, birth_year=1970)
        factories.nomination(factories.allocation(programme, son_tay), woman)
        db.session.commit()
        path, woman_id, elsewhere = f"/beneficiaries/{woman.id}/edit", woman.id, "Tản Lĩnh"
        home = le_loi.id
    sign_in(app, client, "organizer")
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "full_name": "Nguyễn Thị Lan",
        "birth_year": "1970", "commune": elsewhere, "accept_warnings": "y",
    })  # fmt: skip
    assert response.status_code == 409
    assert "Quà Tết 2023" in text(response)
    with app.app_context():
        assert (
            db.session.scalar(sa.select(Beneficiary.unit_id).where(Beneficiary.id == woman_id))
            == home
        )


def test_each_hook_holds_the_gifts_rule_once_however_many_apps_are_built(app):
    make_app("sqlite://")
    assert [shares.ensure_same_shares] == services.MOVE_CHECKS
    assert [gift_queries.share_districts] == queries.REGISTRATION_AREAS
