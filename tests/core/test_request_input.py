"""A NUL character anywhere in a request is refused with a message, and nothing is stored."""

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token, sign_in

NUL_MESSAGE = "ký tự NUL"


def row_counts(app) -> dict[str, int]:
    """How many rows every table holds: what a refused request must leave as it was."""
    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def programme(app):
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        programme = factories.programme()
        factories.allocation(programme, son_tay)
        db.session.commit()
        return {"programme": programme.id, "le_loi": le_loi.id, "campaign": programme.campaign_id}


def refused(response) -> bool:
    return response.status_code == 400 and NUL_MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_username_is_refused(app, client):
    before = row_counts(app)
    response = client.post(
        "/login",
        data={"username": "admin\x00", "password": "x", "csrf_token": csrf_token(client)},
    )
    assert refused(response)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/beneficiaries/new", {"full_name": "Nguyễn\x00 Thị Lan", "consent": "y"}),
        ("/gifts/new", {"name": "Trao quà\x00", "quota": "10"}),
        ("/events/new", {"title": "Lễ phát động\x00", "kind": "launch_ceremony"}),
    ],
)
def test_a_nul_in_a_form_field_is_refused_and_nothing_is_stored(
    app, client, programme, path, values
):
    sign_in(app, client, "organizer")
    data = {"csrf_token": csrf_token(client, path), "commune": "Lê Lợi", **values}
    before = row_counts(app)
    assert refused(client.post(path, data=data))
    assert row_counts(app) == before


def test_a_nul_in_an_uploaded_file_name_is_refused(app, client, programme):
    sign_in(app, client, "organizer")
    page = f"/gifts/{programme['programme']}/import"
    boundary, body = encode_multipart(
        {
            "csrf_token": csrf_token(client, page),
            "spreadsheet": FileStorage(io.BytesIO(b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n"),
                                       "danh s\x00ach.csv"),
        }
    )  # fmt: skip
    before = row_counts(app)
    response = client.post(
        page, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert refused(response)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    "path",
    [
        "/beneficiaries/",
        "/officials/",
        "/places/",
        "/gifts/{programme}/handover",
        "/gifts/{programme}/nominate",
    ],
)
def test_a_nul_in_a_search_is_refused(app, client, programme, path):
    sign_in(app, client, "organizer")
    url = path.format(programme=programme["programme"])
    assert client.get(url).status_code == 200
    assert refused(client.get(url, query_string={"q": "Lan\x00"}))
    assert refused(client.get(url + "?q=%00"))
