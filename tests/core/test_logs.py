"""The log (core/logs.py): JSON lines on stderr, one access line per request with its id, the
errors with their traceback, and never what a request carried: names, phone and ID numbers,
usernames, passwords, searches."""

import json
import re
import sqlite3

import pytest
import sqlalchemy as sa
from flask import abort

from campaign.accounts.models import Role
from campaign.accounts.permissions import Permission, public, requires
from campaign.beneficiaries.models import Beneficiary
from campaign.core import logs
from campaign.core.errors import DomainError
from campaign.extensions import db
from tests import factories
from tests.beneficiaries.test_registration import SUBMISSION
from tests.conftest import CSRF_INPUT, make_app

NAME = "Trịnh Thị Bích Ngọc"
PHONE = "0912 345 678"
NATIONAL_ID = "001175012345"
USERNAME = "can.bo.phuong.le.loi"
OFFICIAL_NAME = "Đặng Thu Hường"
WRONG_USERNAME = "tran.thi.khong.co"
WRONG_PASSWORD = "mat-khau-sai-9876-xyz"
# What must never reach the log, in every spelling a request or a database message could use.
NEEDLES = [
    NAME, "Bích Ngọc", "Bich Ngoc", "bich ngoc", "Bich+Ngoc", "B%C3%ADch", "Ng%E1%BB%8Dc",
    "912345678", "912 345 678", "+84912345678", NATIONAL_ID, USERNAME, OFFICIAL_NAME,
    WRONG_USERNAME, WRONG_PASSWORD, factories.PASSWORD,
]  # fmt: skip
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_app(app):
    """The test's database served by an app that logs JSON lines, as production does, with a
    route that fails and the view's exception answered by the 500 page."""
    application = make_app(app.config["SQLALCHEMY_DATABASE_URI"], CAMPAIGN_LOG_FORMAT="json",
                           PROPAGATE_EXCEPTIONS=False)  # fmt: skip

    def crash():
        raise RuntimeError("boom")

    def crash_signed_in():
        raise RuntimeError("boom")

    def refuse():
        abort(403)

    def conflict():
        raise DomainError("quota_reached", "Đã hết chỉ tiêu quà.")

    def busy():
        raise sa.exc.OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))

    for status, view in ((500, crash), (403, refuse), (409, conflict), (503, busy)):
        application.add_url_rule(f"/test/{status}", f"test_{status}", public(view))
    application.add_url_rule("/test/500/signed-in", "test_500_signed_in", methods=["POST"],
                             view_func=requires(Permission.VIEW_CAMPAIGNS)(crash_signed_in))  # fmt: skip
    yield application
    with application.app_context():
        db.engine.dispose()
    logs.configure("text", "INFO")  # as the testing environment logs


def log_lines(capsys) -> list[dict]:
    """The lines logged to stderr since the last call, each read as JSON (any other fails)."""
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == logs.ACCESS_LOGGER]


class Recorder:
    """A test client that keeps every response, to match them with the access lines."""

    def __init__(self, client):
        self.client, self.responses = client, []

    def send(self, method: str, path: str, **kwargs):
        response = getattr(self.client, method)(path, **kwargs)
        self.responses.append((method.upper(), path, response))
        return response

    def form(self, path: str) -> dict:
        page = self.send("get", path).get_data(as_text=True)
        values = {"csrf_token": CSRF_INPUT.search(page).group(1)}
        if match := SUBMISSION.search(page):
            values["submission"] = match.group(1)
        return values


@pytest.fixture
def official(json_app):
    with json_app.app_context():
        son_tay, _ba_vi, _le_loi, _tan_linh = factories.two_districts()
        official = factories.user(Role.OFFICIAL, username=USERNAME, full_name=OFFICIAL_NAME,
                                  units=[son_tay])  # fmt: skip
        db.session.commit()
        return official.id


def test_requests_with_personal_data_log_none_of_it(json_app, official, capsys):
    client = Recorder(json_app.test_client())
    log_lines(capsys)  # what setting up logged
    client.send("post", "/login", data={"username": WRONG_USERNAME, "password": WRONG_PASSWORD,
                                        **client.form("/login")})  # fmt: skip
    client.send("post", "/login", data={"username": USERNAME, "password": WRONG_PASSWORD,
                                        **client.form("/login")})  # fmt: skip
    signed_in = client.send("post", "/login", data={
        "username": USERNAME, "password": factories.PASSWORD, **client.form("/login")})  # fmt: skip
    assert signed_in.status_code == 302
    woman = {"full_name": NAME, "birth_year": "1975", "commune": "Lê Lợi", "phone": PHONE,
             "national_id": NATIONAL_ID, "consent": "y", "accept_warnings": "y"}  # fmt: skip
    without_consent = {key: value for key, value in woman.items() if key != "consent"}
    refused = client.send("post", "/beneficiaries/new",
                          data={**client.form("/beneficiaries/new"), **without_consent})  # fmt: skip
    assert refused.status_code == 422
    registered = client.send("post", "/beneficiaries/new",
                             data={**client.form("/beneficiaries/new"), **woman})  # fmt: skip
    assert registered.status_code == 302, registered.get_data(as_text=True)[-2000:]
    again = client.send("post", "/beneficiaries/new",
                        data={**client.form("/beneficiaries/new"), **woman})  # fmt: skip
    assert again.status_code == 409  # her ID number is registered already
    with json_app.app_context():
        her = db.session.scalars(sa.select(Beneficiary).where(Beneficiary.full_name == NAME)).one()
        assert her.national_id == NATIONAL_ID
    found = client.send("get", "/beneficiaries/", query_string={"q": NAME})
    assert NAME in found.get_data(as_text=True)
    client.send("get", "/beneficiaries/?q=bich+ngoc&category=&after=")
    client.send("get", f"/beneficiaries/{her.id}")
    token = client.form("/beneficiaries/new")["csrf_token"]
    crashed = client.send("post", "/test/500/signed-in", query_string={"q": NAME},
                          data={"full_name": NAME, "phone": PHONE, "csrf_token": token})  # fmt: skip
    assert crashed.status_code == 500

    lines = log_lines(capsys)
    logged = json.dumps(lines, ensure_ascii=False)
    for needle in NEEDLES:
        assert needle.lower() not in logged.lower(), needle
    assert "?" not in "".join(line["path"] or "" for line in lines)

    accesses = access_lines(lines)
    assert [(line["method"], line["status"], line["request_id"]) for line in accesses] == [
        (method, response.status_code, response.headers["X-Request-ID"])
        for method, _path, response in client.responses
    ]
    assert len({line["request_id"] for line in accesses}) == len(accesses)
    for line in accesses:
        assert HEX_ID.fullmatch(line["request_id"])
        assert line["time"].endswith("Z") and line["level"] == "INFO"
        assert isinstance(line["duration_ms"], float) and line["remote_addr"] == "127.0.0.1"
    users = {(line["path"], line["user_id"]) for line in accesses if line["method"] == "GET"}
    assert ("/beneficiaries/", official) in users
    assert ("/login", None) in users
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["exception_type"] == "RuntimeError" and "boom" in error["traceback"]
    assert error["request_id"] == client.responses[-1][2].headers["X-Request-ID"]
    assert error["path"] == "/test/500/signed-in" and error["user_id"] == official


@pytest.mark.parametrize(
    ("path", "status"),
    [("/test/403", 403), ("/does-not-exist", 404), ("/test/409", 409), ("/test/500", 500),
     ("/test/503", 503)],
)  # fmt: skip
def test_every_error_page_shows_the_request_id_of_its_header_and_log(
    json_app, capsys, path, status
):
    log_lines(capsys)
    response = json_app.test_client().get(path)
    assert response.status_code == status
    request_id = response.headers["X-Request-ID"]
    page = response.get_data(as_text=True)
    assert f'Mã yêu cầu: <code class="user-select-all" id="request-id">{request_id}</code>' in page
    assert "quản trị hệ thống" in page
    lines = log_lines(capsys)
    assert {line["request_id"] for line in lines} == {request_id}
    (access,) = access_lines(lines)
    assert (access["path"], access["status"]) == (path, status)
    if status == 500:
        (error,) = (line for line in lines if line["level"] == "ERROR")
        assert error["exception_type"] == "RuntimeError" and "Traceback" in error["traceback"]
    if status == 503:
        assert response.headers["Retry-After"] == "5"
        assert any(line["level"] == "WARNING" for line in lines)


def test_a_safe_incoming_request_id_is_kept(json_app, capsys):
    log_lines(capsys)
    response = json_app.test_client().get("/healthz", headers={"X-Request-ID": "lb-7f3a.01_Z"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.01_Z"
    (access,) = access_lines(log_lines(capsys))
    assert access["request_id"] == "lb-7f3a.01_Z"


@pytest.mark.parametrize(
    "incoming",
    ["abc\ndef", "abc\r\nX-Injected: 1", "x" * 200, "x" * 65, "<script>alert(1)</script>",
     "two words", "", "ä-unicode", "id;rm -rf", '{"json": 1}'],
)  # fmt: skip
def test_an_unsafe_incoming_request_id_is_replaced(json_app, capsys, incoming):
    log_lines(capsys)
    response = json_app.test_client().get(
        "/does-not-exist", environ_overrides={"HTTP_X_REQUEST_ID": incoming}
    )
    request_id = response.headers["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)
    assert f'id="request-id">{request_id}</code>' in response.get_data(as_text=True)
    lines = log_lines(capsys)
    assert {line["request_id"] for line in lines} == {request_id}


def test_the_text_format_carries_the_request_id_too(app, capsys):
    capsys.readouterr()
    response = app.test_client().get("/healthz?q=Nguyen", headers={"X-Request-ID": "abc-123"})
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "campaign.access" in line]
    assert response.headers["X-Request-ID"] == "abc-123"
    assert "INFO campaign.access [abc-123] GET /healthz 200" in line and "Nguyen" not in line


def test_lines_outside_a_request_have_no_request_fields(json_app, capsys):
    log_lines(capsys)
    with json_app.app_context():
        json_app.logger.warning("starting %s", "up")
    (line,) = log_lines(capsys)
    assert line["message"] == "starting up" and line["logger"] == "campaign"
    assert line["request_id"] is None and line["path"] is None and line["status"] is None


def test_a_database_error_quotes_no_parameter(json_app, capsys):
    """What a form carried reaches the database as parameters: a failed statement's message,
    which an error's line logs, does not show them."""
    with json_app.app_context(), pytest.raises(sa.exc.StatementError) as failure:
        db.session.execute(sa.text("SELECT * FROM no_such_table WHERE name = :name"),
                           {"name": NAME})  # fmt: skip
    assert NAME not in str(failure.value) and "parameters hidden" in str(failure.value)


def test_the_development_server_s_request_lines_are_dropped():
    """``flask run``'s Werkzeug logs each request with its query string: the access line
    replaces it; its other lines lose any query string."""
    werkzeug_filter = logs.WerkzeugRequestLines()
    request_line = logging_record("werkzeug", '127.0.0.1 - - [x] "%s" %s %s',
                                  ("GET /beneficiaries/?q=Ngoc HTTP/1.1", "200", "-"))  # fmt: skip
    assert not werkzeug_filter.filter(request_line)
    other = logging_record("werkzeug", "code 400, message Bad request syntax (%r)",
                           ("GET /beneficiaries/?q=Ngoc HTTP/1.1",))  # fmt: skip
    assert werkzeug_filter.filter(other) and "Ngoc" not in other.getMessage()
    assert "/beneficiaries/?…" in other.getMessage()


def logging_record(name, message, args):
    import logging

    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


@pytest.mark.parametrize(
    ("settings", "message"),
    [({"CAMPAIGN_LOG_FORMAT": "xml"}, "CAMPAIGN_LOG_FORMAT"),
     ({"CAMPAIGN_LOG_LEVEL": "LOUD"}, "CAMPAIGN_LOG_LEVEL")],
)  # fmt: skip
def test_unknown_log_settings_are_refused(settings, message):
    from campaign.config import ConfigurationError

    with pytest.raises(ConfigurationError, match=message):
        make_app("sqlite://", **settings)


def test_production_logs_json_and_development_text(monkeypatch):
    from campaign import create_app

    monkeypatch.delenv("CAMPAIGN_LOG_FORMAT", raising=False)
    production = create_app({"CAMPAIGN_ENV": "production", "SECRET_KEY": "k" * 48,
                             "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
    assert production.config["CAMPAIGN_LOG_FORMAT"] == "json"
    development = make_app("sqlite://", CAMPAIGN_ENV="development", CAMPAIGN_LOG_LEVEL="debug")
    assert development.config["CAMPAIGN_LOG_FORMAT"] == "text"
    assert development.config["CAMPAIGN_LOG_LEVEL"] == "DEBUG"
    assert make_app("sqlite://", CAMPAIGN_LOG_FORMAT=" ").config["CAMPAIGN_LOG_FORMAT"] == "text"
    assert make_app("sqlite://", CAMPAIGN_LOG_FORMAT="JSON").config["CAMPAIGN_LOG_FORMAT"] == "json"
    logs.configure("text", "INFO")
