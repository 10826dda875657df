"""The hosts the application answers for (CAMPAIGN_TRUSTED_HOSTS): a request with any other Host
answers 400 with one line, and nothing in the response is built from the forged Host. It was
trusted: ``/beneficiaries`` with ``Host: evil.example`` answered ``308 Location:
http://evil.example/beneficiaries/``, signed in or not."""

import pytest

from campaign.config import from_environment
from tests.conftest import sign_in

FORGED = "evil.example"


def assert_refused(response) -> None:
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert "không phục vụ địa chỉ" in body
    assert FORGED not in body + str(response.headers)


@pytest.mark.parametrize("path", ["/beneficiaries", "/beneficiaries/", "/login", "/healthz",
                                  "/static/favicon.svg", "/no/such/page"])  # fmt: skip
def test_a_forged_host_is_refused_before_anything_is_built_from_it(client, path):
    assert_refused(client.get(path, headers={"Host": FORGED}))
    assert_refused(client.get(path, headers={"Host": f"{FORGED}:5000"}))


def test_a_signed_in_user_with_a_forged_host_is_refused_too(app, client):
    sign_in(app, client, "organizer")
    assert_refused(client.get("/beneficiaries", headers={"Host": FORGED}))
    assert client.get("/beneficiaries/").status_code == 200


def test_the_machine_itself_is_answered_by_default_with_its_own_name(client):
    for host in ("localhost", "127.0.0.1:5000"):
        response = client.get("/beneficiaries", headers={"Host": host})
        assert response.status_code == 308
        assert response.headers["Location"] == f"http://{host}/beneficiaries/"


def test_the_hosts_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CAMPAIGN_TRUSTED_HOSTS", " thang-hanh-dong.example.gov.vn, LOCALHOST ,")
    assert from_environment(str(tmp_path))["TRUSTED_HOSTS"] == [
        "thang-hanh-dong.example.gov.vn", "localhost"]
    monkeypatch.delenv("CAMPAIGN_TRUSTED_HOSTS")
    assert from_environment(str(tmp_path))["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]


@pytest.mark.settings(TRUSTED_HOSTS=["thang-hanh-dong.example.gov.vn"])
def test_a_configured_host_is_answered_and_the_default_ones_no_longer(client):
    response = client.get("/beneficiaries", headers={"Host": "thang-hanh-dong.example.gov.vn"})
    assert response.headers["Location"] == "http://thang-hanh-dong.example.gov.vn/beneficiaries/"
    assert client.get("/beneficiaries", headers={"Host": "localhost"}).status_code == 400
