"""District scope and privacy on the beneficiary pages (docs/architecture.md, "How a request flows", "Privacy by default")."""

import re

import pytest
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.beneficiaries.models import BeneficiaryCircumstance, Circumstance
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit
from tests import factories
from tests.conftest import sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def districts(app):
    """Two districts, a woman in each; the Sơn Tây one is a survivor of violence with an ID."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province")
        son_tay = factories.unit("Sơn Tây", parent=hanoi, full_name="Thị xã Sơn Tây")
        ba_vi = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        st_commune = factories.unit(
            "Đường Lâm", "commune", parent=son_tay, full_name="Xã Đường Lâm"
        )
        bv_commune = factories.unit("Tản Lĩnh", "commune", parent=ba_vi, full_name="Xã Tản Lĩnh")
        hoa = factories.beneficiary("Kiều Thị Hoa", unit=st_commune, national_id="001190012345",
                                    birth_year=1980)  # fmt: skip
        hoa.circumstances = [
            BeneficiaryCircumstance(category=Circumstance.POOR_HOUSEHOLD),
            BeneficiaryCircumstance(category=Circumstance.SURVIVOR_OF_VIOLENCE),
        ]
        mai = factories.beneficiary("Phùng Thị Mai", unit=bv_commune)
        db.session.commit()
        return {"son_tay": son_tay.id, "ba_vi": ba_vi.id, "hoa": hoa.id, "mai": mai.id}


def unit(app, unit_id):
    with app.app_context():
        return db.session.get(AdministrativeUnit, unit_id)


def test_an_official_of_ba_vi_cannot_open_a_son_tay_record(app, client, districts):
    official = sign_in(app, client, "official", units=[unit(app, districts["ba_vi"])])
    response = client.get(f"/beneficiaries/{districts['hoa']}")
    assert response.status_code == 404
    assert "Kiều Thị Hoa" not in text(response)
    with app.app_context():
        refused = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "access_refused")
        ).one()
        assert (refused.user_id, refused.entity_id) == (official, districts["hoa"])


def test_an_official_lists_and_searches_only_her_districts(app, client, districts):
    sign_in(app, client, "official", units=[unit(app, districts["ba_vi"])])
    listing = text(client.get("/beneficiaries/"))
    assert "Phùng Thị Mai" in listing and "Kiều Thị Hoa" not in listing
    assert "Kiều Thị Hoa" not in text(client.get("/beneficiaries/?q=kieu+thi+hoa"))
    outside = client.get("/beneficiaries/", query_string={"area": "Sơn Tây"})
    assert outside.status_code == 400  # not one of her districts: the area names nothing
    assert "Kiều Thị Hoa" not in text(outside)
    assert client.get(f"/beneficiaries/{districts['mai']}").status_code == 200


def test_organizers_see_every_district_and_the_sensitive_category(app, client, districts):
    sign_in(app, client, "organizer")
    listing = text(client.get("/beneficiaries/"))
    assert "Phùng Thị Mai" in listing and "Kiều Thị Hoa" in listing
    assert "Nạn nhân bạo lực" not in listing  # never in lists, whoever reads them
    page = text(client.get(f"/beneficiaries/{districts['hoa']}"))
    assert "Nạn nhân bạo lực" in page and "Hộ nghèo" in page
    assert "001190012345" in page


def test_staff_see_neither_the_sensitive_category_nor_the_full_id(app, client, districts):
    sign_in(app, client, "staff")
    response = client.get(f"/beneficiaries/{districts['hoa']}")
    page = text(response)
    assert "Hộ nghèo" in page and "Nạn nhân bạo lực" not in page
    assert "001190012345" not in page and "••••••••2345" in page


def test_a_beneficiary_page_is_not_cached_and_its_view_is_audited(app, client, districts):
    reader = sign_in(app, client, "organizer")
    response = client.get(f"/beneficiaries/{districts['hoa']}")
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        view = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "view")).one()
        assert (view.user_id, view.entity_type, view.entity_id) == (
            reader,
            "beneficiary",
            districts["hoa"],
        )


def test_search_needs_no_diacritics_and_lists_in_vietnamese_order(app, client, districts):
    with app.app_context():
        commune = db.session.scalars(
            sa.select(AdministrativeUnit).where(AdministrativeUnit.name == "Tản Lĩnh")
        ).one()
        for name in ("Bùi Thị Ư", "Đỗ Thị Ánh", "Nguyễn Văn Anh"):
            factories.beneficiary(name, unit=commune)
        db.session.commit()
    sign_in(app, client, "organizer")
    page = text(client.get("/beneficiaries/?q=thi"))
    names = re.findall(r'/beneficiaries/\d+">([^<]+)</a>', page)
    assert names == ["Đỗ Thị Ánh", "Kiều Thị Hoa", "Phùng Thị Mai", "Bùi Thị Ư"]
    assert re.findall(
        r'/beneficiaries/\d+">([^<]+)</a>', text(client.get("/beneficiaries/?q=do+thi+anh"))
    ) == ["Đỗ Thị Ánh"]


def test_stored_script_in_a_name_is_shown_as_text(app, client, districts):
    with app.app_context():
        commune = db.session.scalars(
            sa.select(AdministrativeUnit).where(AdministrativeUnit.name == "Tản Lĩnh")
        ).one()
        woman = factories.beneficiary('<script>alert("x")</script>', unit=commune,
                                      circumstance_note="<img src=x onerror=alert(1)>")  # fmt: skip
        db.session.commit()
        woman_id = woman.id
    sign_in(app, client, "organizer")
    for page in (
        text(client.get("/beneficiaries/")),
        text(client.get(f"/beneficiaries/{woman_id}")),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_free_text_note_follows_the_sensitive_permission(app, client, districts):
    with app.app_context():
        from campaign.beneficiaries.models import Beneficiary

        db.session.get(Beneficiary, districts["hoa"]).circumstance_note = "Bị chồng bạo hành"
        db.session.commit()
    sign_in(app, client, "staff")
    assert "Bị chồng bạo hành" not in text(client.get(f"/beneficiaries/{districts['hoa']}"))
    organizer = app.test_client()
    sign_in(app, organizer, "organizer")
    assert "Bị chồng bạo hành" in text(organizer.get(f"/beneficiaries/{districts['hoa']}"))


@pytest.mark.parametrize(
    "query", ["endpoint=x", "_method=POST", "page=2&endpoint=x", "_external=1"]
)
def test_odd_query_parameters_do_not_break_the_page_links(app, client, districts, query):
    with app.app_context():
        commune = db.session.scalars(
            sa.select(AdministrativeUnit).where(AdministrativeUnit.name == "Tản Lĩnh")
        ).one()
        for number in range(60):
            factories.beneficiary(f"Nguyễn Thị Số {number}", unit=commune)
        db.session.commit()
    sign_in(app, client, "organizer")
    response = client.get(f"/beneficiaries/?{query}")
    assert response.status_code == 200
    assert 'rel="next"' in text(response) or 'rel="prev"' in text(response)


def test_the_nominating_organization_has_one_name_on_the_form_and_the_page(app, client, districts):
    with app.app_context():
        hoa = db.session.get(factories.Beneficiary, districts["hoa"])
        hoa.nominating_organization = factories.organization("Hội Liên hiệp Phụ nữ xã Đường Lâm")
        db.session.commit()
    sign_in(app, client, "organizer")
    page = text(client.get(f"/beneficiaries/{districts['hoa']}"))
    form = text(client.get(f"/beneficiaries/{districts['hoa']}/edit"))
    assert "Hội Liên hiệp Phụ nữ xã Đường Lâm" in page
    assert "Đơn vị giới thiệu" in page and "Đơn vị giới thiệu" in form
    assert "Đơn vị đề cử" not in page
