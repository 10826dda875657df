"""Messages about what was typed are in the user's language, and only ours: never WTForms' own
English ("Field cannot be longer than 100 characters.", "Not a valid integer value.")."""

import re

import pytest

from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token, sign_in

FIELD_ERRORS = re.compile(r'class="invalid-feedback[^"]*">(.*?)</div>', re.DOTALL)


def errors(response) -> list[str]:
    return [message.strip() for message in FIELD_ERRORS.findall(response.get_data(as_text=True))]


@pytest.mark.parametrize("path", ["/places/", "/beneficiaries/", "/officials/", "/organizations/"])
def test_a_search_too_long_is_told_in_vietnamese(app, client, path):
    sign_in(app, client, "organizer")
    response = client.get(path, query_string={"q": "a" * 301})
    assert response.status_code == 400
    assert errors(response) == ["Tối đa 100 ký tự."]


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/gifts/{programme}/edit", "quota", "Hãy nhập một số nguyên từ 0 trở lên."),
        ("/campaigns/new", "year", None),
        ("/events/new", "expected_attendance", "Số nguyên từ 0 đến 1.000.000."),
    ],
)
def test_a_number_that_is_no_number_has_our_message_only(app, client, path, field, message):
    with app.app_context():
        path = path.format(programme=factories.programme().id)
        db.session.commit()
    sign_in(app, client, "organizer")
    response = client.post(path, data={"csrf_token": csrf_token(client, path), field: "５x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid" not in page
    field_errors = re.findall(rf'id="{field}-errors"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert len(field_errors) == 1 and "Not a valid" not in field_errors[0]
    if message:
        assert message in field_errors[0]
