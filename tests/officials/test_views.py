"""The officials registry through its pages, as organizers and readers use it."""

import datetime as dt
import enum
import re

import pytest
import sqlalchemy as sa
from flask_babel import gettext
from markupsafe import escape

from campaign.audit.models import AuditEntry
from campaign.core.labels import label
from campaign.events.models import Participation, ParticipationRole
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import Organization
from tests import factories
from tests.conftest import counted_queries, csrf_token, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


def translated(app, message, **values) -> str:
    """``message`` (a msgid or a label) as the page shows it: default language, HTML-escaped."""
    with app.test_request_context():
        shown = label(message) if isinstance(message, enum.Enum) else gettext(message, **values)
        return str(escape(shown))


@pytest.fixture
def organizer(app, client):
    sign_in(app, client, "organizer")
    return client


@pytest.fixture
def bodies(app) -> dict[str, int]:
    """The bodies of the 2022 launch: a ministry, UBND Thành phố, the women's committee."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province", full_name="Thành phố Hà Nội")
        ministry = factories.organization("Bộ Lao động - Thương binh và Xã hội", "central",
                                          kind="ministry")  # fmt: skip
        committee = factories.organization("Ủy ban nhân dân thành phố Hà Nội", "province",
                                           unit=hanoi)  # fmt: skip
        women = factories.organization("Ban Vì sự tiến bộ phụ nữ Hà Nội", "province", unit=hanoi,
                                       kind="committee_for_women")  # fmt: skip
        db.session.commit()
        return {"ministry": ministry.id, "committee": committee.id, "women": women.id}


@pytest.fixture
def dung(app, bodies) -> int:
    """Chử Xuân Dũng: Phó Chủ tịch UBND Thành phố and Trưởng ban of the women's committee."""
    with app.app_context():
        committee, women = (db.session.get(Organization, bodies[k]) for k in ("committee", "women"))
        official = factories.official("Chử Xuân Dũng", "Phó Chủ tịch", committee)
        official.positions.append(
            OfficialPosition(title="Trưởng ban", organization=women, precedence=10, rank=1)
        )
        db.session.commit()
        return official.id


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/officials/new")})


def officials(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Official.full_name).order_by(Official.id)))


def new_official(bodies, **values) -> dict:
    return {"full_name": "Nguyễn Thị Hà", "phone": "", "email": "", "title": "Thứ trưởng",
            "organization": str(bodies["ministry"]), "precedence": "20", **values}  # fmt: skip


def error_of(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-errors"[^>]*>(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


# The list


def test_the_list_finds_a_name_typed_without_diacritics(app, client, dung):
    sign_in(app, client, "staff")
    with app.app_context():
        factories.official("Lê Đại Thăng")
        db.session.commit()
    page = text(client.get("/officials/?q=chu+xuan+dung"))
    assert "Chử Xuân Dũng" in page and "Lê Đại Thăng" not in page
    assert "Phó Chủ tịch" in page and "Ủy ban nhân dân thành phố Hà Nội" in page  # main position
    assert "/officials/new" not in page  # staff cannot add


def test_the_list_is_in_vietnamese_name_order(app, organizer, bodies):
    with app.app_context():
        for name in ("Nguyễn Văn Bình", "Đặng Văn An", "Đỗ Thị Ánh", "Trần Văn Anh"):
            factories.official(name)
        db.session.commit()
    page = text(organizer.get("/officials/"))
    order = ["Đặng Văn An", "Trần Văn Anh", "Đỗ Thị Ánh", "Nguyễn Văn Bình"]
    assert [page.index(name) for name in order] == sorted(page.index(name) for name in order)
    assert "/officials/new" in page


def _add_officials(app, count: int) -> None:
    with app.app_context():
        for number in range(count):
            organization = factories.organization(f"Ủy ban nhân dân xã Số {number}", "commune",
                                                  unit=factories.unit(f"Xã {number}", "commune"))  # fmt: skip
            official = factories.official(f"Nguyễn Văn Số{number}", organization_=organization)
            official.positions.append(OfficialPosition(
                title="Bí thư", organization=factories.organization(f"Đảng ủy xã Số {number}",
                                                                    "central"), rank=1,
            ))  # fmt: skip
        db.session.commit()


def test_the_list_runs_a_fixed_number_of_queries_whatever_the_rows(app, organizer):
    _add_officials(app, 3)
    with counted_queries(app) as few:
        assert "Nguyễn Văn Số2" in text(organizer.get("/officials/"))
    _add_officials(app, 57)
    with counted_queries(app) as many:
        page = text(organizer.get("/officials/"))
    assert page.count("/officials/") >= 50 and "Ủy ban nhân dân xã Số 40" in page
    assert len(many) == len(few) <= 8, many


# Creating


def test_create_an_official_with_the_main_position(app, organizer, bodies):
    page = text(organizer.get("/officials/new"))
    assert page.index("Bộ Lao động") < page.index("Ban Vì sự tiến bộ") < page.index("Ủy ban nhân")
    response = post(organizer, "/officials/new", **new_official(
        bodies, full_name=" Nguyễn  Thị Hà ", phone="024 3826 9534", email="ha@molisa.gov.vn"))  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.fullmatch(r"/officials/\d+", location)
    detail = text(organizer.get(location))
    assert "Nguyễn Thị Hà" in detail and "Thứ trưởng" in detail and "ha@molisa.gov.vn" in detail
    with app.app_context():
        official = db.session.scalars(sa.select(Official)).one()
        assert (official.search_key, official.positions[0].precedence) == ("nguyen thi ha", 20)
        assert db.session.scalars(sa.select(AuditEntry).filter_by(action="create")).one()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"full_name": "Ngô" * 51}, "full_name", "At most %(max)d characters."),
        ({"full_name": "<script>alert(1)</script>"}, "full_name",
         "Write plain text, without HTML tags (< … >)."),
        ({"title": '<img src=x onerror="alert(1)">'}, "title",
         "Write plain text, without HTML tags (< … >)."),
        ({"title": ""}, "title", "This field is required."),
        ({"organization": "99999"}, "organization", "Choose one of the listed options."),
        ({"organization": ""}, "organization", "This field is required."),
        ({"precedence": "-1"}, "precedence", "Type a whole number from 0 to 9999."),
        ({"precedence": "99999999999"}, "precedence", "Type a whole number from 0 to 9999."),
        ({"precedence": "mười"}, "precedence", "Type a whole number, e.g. 100."),
        ({"precedence": ""}, "precedence", "This field is required."),
        ({"phone": "<b>0912</b>"}, "phone", "Type a phone number: digits, spaces and + . - ( ) only."),
        ({"email": "ha at molisa"}, "email", "Type an e-mail address such as ten@hanoi.gov.vn."),
    ],
)  # fmt: skip
def test_bad_input_is_422_next_to_the_field_keeps_what_was_typed_and_writes_nothing(
    app, organizer, bodies, values, field, message
):
    data = new_official(bodies, **values)
    response = post(organizer, "/officials/new", **data)
    page = text(response)
    assert response.status_code == 422
    assert translated(app, message, max=150) in error_of(page, field), page
    for kept in ("full_name", "title", "phone"):
        if data[kept]:
            assert f'value="{escape(data[kept])}"' in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert officials(app) == []


def test_a_namesake_in_the_same_organization_is_a_warning_then_created_anyway(
    app, organizer, bodies, dung
):
    data = new_official(bodies, full_name="chu xuan dung", title="Ủy viên",
                        organization=str(bodies["committee"]))  # fmt: skip
    warning = post(organizer, "/officials/new", **data)
    page = text(warning)
    assert warning.status_code == 409
    assert f'href="/officials/{dung}"' in page and 'name="create_anyway"' in page
    assert 'value="chu xuan dung"' in page and 'value="Ủy viên"' in page
    assert officials(app) == ["Chử Xuân Dũng"]
    created = post(organizer, "/officials/new", **data, create_anyway="y")
    assert created.status_code == 302
    assert officials(app) == ["Chử Xuân Dũng", "chu xuan dung"]


def test_a_namesake_elsewhere_is_no_warning(app, organizer, bodies, dung):
    response = post(organizer, "/officials/new", **new_official(bodies, full_name="Chử Xuân Dũng"))
    assert response.status_code == 302 and len(officials(app)) == 2


def test_a_form_sent_twice_creates_one_official(app, organizer, bodies):
    page = text(organizer.get("/officials/new"))
    token = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    data = new_official(bodies, submission=token)
    first, second = (post(organizer, "/officials/new", **data) for _ in range(2))
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.headers["Location"] == second.headers["Location"]
    assert officials(app) == ["Nguyễn Thị Hà"]


# One official


def test_the_detail_shows_every_position_and_the_events_newest_first(app, client, dung, bodies):
    sign_in(app, client, "official")
    with app.app_context():
        official = db.session.get(Official, dung)
        campaign = factories.campaign(name="Tháng hành động 2022")
        for title, day, role, position in [
            ("Lễ phát động", 14, ParticipationRole.KEYNOTE, official.positions[0]),
            ("Đối thoại chính sách", 30, ParticipationRole.CHAIR, official.positions[1]),
        ]:
            event = factories.event(campaign=campaign, title=title,
                                    starts_at=dt.datetime(2022, 11, day, 1, tzinfo=dt.UTC))  # fmt: skip
            event.participations.append(
                Participation(official=official, official_position=position, role=role)
            )
        db.session.commit()
    page = text(client.get(f"/officials/{dung}"))
    assert "Phó Chủ tịch" in page and "Ủy ban nhân dân thành phố Hà Nội" in page
    assert "Trưởng ban" in page and "Ban Vì sự tiến bộ phụ nữ Hà Nội" in page
    assert page.index("Đối thoại chính sách") < page.index("Lễ phát động")
    assert "30/11/2022" in page and "14/11/2022" in page
    assert translated(app, ParticipationRole.KEYNOTE) in page
    assert translated(app, ParticipationRole.CHAIR) in page
    assert "/positions" not in page and f"/officials/{dung}/edit" not in page  # read only


def test_a_missing_official_is_404(organizer):
    assert organizer.get("/officials/99999").status_code == 404
    assert organizer.get("/officials/99999/edit").status_code == 404


def test_edit_the_person(app, organizer, dung):
    path = f"/officials/{dung}/edit"
    assert 'value="Chử Xuân Dũng"' in text(organizer.get(path))
    response = post(organizer, path, full_name="Chử  Xuân Dũng", phone="024 3825 3536",
                    email="dung@hanoi.gov.vn")  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == f"/officials/{dung}"
    with app.app_context():
        official = db.session.get(Official, dung)
        assert (official.phone, official.email) == ("024 3825 3536", "dung@hanoi.gov.vn")
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="update")).one()
        assert set(entry.changes) == {"phone", "email"}
    bad = post(organizer, path, full_name="", phone="", email="")
    assert bad.status_code == 422 and officials(app) == ["Chử Xuân Dũng"]


# Positions


def test_add_a_position(app, organizer, bodies):
    with app.app_context():
        official_id = factories.official(
            "Nguyễn Thị Hà", "Thứ trưởng", db.session.get(Organization, bodies["ministry"])
        ).id
        db.session.commit()
    path = f"/officials/{official_id}/positions"
    response = post(organizer, path, title="Trưởng ban", organization=str(bodies["women"]),
                    precedence="10")  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/officials/{official_id}"
    with app.app_context():
        positions = db.session.get(Official, official_id).positions
        assert [(p.title, p.precedence, p.rank) for p in positions] == [
            ("Thứ trưởng", 100, 0), ("Trưởng ban", 10, 1)]  # fmt: skip


def test_the_same_position_twice_is_a_409_with_a_message(app, organizer, bodies, dung):
    response = post(organizer, f"/officials/{dung}/positions", title="trưởng ban",
                    organization=str(bodies["women"]), precedence="10")  # fmt: skip
    page = text(response)
    assert response.status_code == 409
    message = translated(app, "%(name)s already holds this title in this organization.",
                         name="Chử Xuân Dũng")  # fmt: skip
    assert message in error_of(page, "title") and 'value="trưởng ban"' in page
    with app.app_context():
        assert len(db.session.get(Official, dung).positions) == 2


def test_a_bad_position_is_422_on_the_detail_page(app, organizer, bodies, dung):
    response = post(organizer, f"/officials/{dung}/positions", title="Ủy viên",
                    organization=str(bodies["women"]), precedence="-5")  # fmt: skip
    page = text(response)
    assert response.status_code == 422
    assert translated(app, "Type a whole number from 0 to 9999.") in error_of(page, "precedence")
    assert '<details class="mb-4" open>' in page and 'value="-5"' in page


def test_remove_a_position_but_not_the_last(app, organizer, dung):
    with app.app_context():
        first, second = (p.id for p in db.session.get(Official, dung).positions)
    removed = post(organizer, f"/officials/{dung}/positions/{first}/delete")
    assert removed.status_code == 302
    last = post(organizer, f"/officials/{dung}/positions/{second}/delete")
    assert last.status_code == 409
    assert translated(app, "An official holds at least one position: add the new one before "
                      "removing this.") in text(last)  # fmt: skip
    with app.app_context():
        assert [p.title for p in db.session.get(Official, dung).positions] == ["Trưởng ban"]


def test_a_position_of_someone_else_is_404(app, organizer, dung):
    with app.app_context():
        other = factories.official("Lê Đại Thăng")
        db.session.commit()
        other_position = other.positions[0].id
    response = post(organizer, f"/officials/{dung}/positions/{other_position}/delete")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(OfficialPosition, other_position) is not None
