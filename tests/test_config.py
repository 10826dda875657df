import pytest

from campaign import create_app
from campaign.config import FORM_FIELDS_BYTES, ConfigurationError

SQLITE_MEMORY = "sqlite://"
GOOD_KEY = "k" * 48


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short-key"])
def test_production_refuses_a_missing_default_or_short_secret_key(key, monkeypatch):
    monkeypatch.delenv("CAMPAIGN_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="CAMPAIGN_SECRET_KEY"):
        create_app({"CAMPAIGN_ENV": "production", "SECRET_KEY": key,
                    "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})  # fmt: skip


def test_production_refuses_debug():
    with pytest.raises(ConfigurationError, match="Debug"):
        create_app({"CAMPAIGN_ENV": "production", "SECRET_KEY": GOOD_KEY, "DEBUG": True,
                    "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})  # fmt: skip


def test_production_is_the_default_environment(monkeypatch):
    monkeypatch.delenv("CAMPAIGN_ENV", raising=False)
    monkeypatch.delenv("CAMPAIGN_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app({"SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})


def test_production_starts_with_a_real_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAMPAIGN_ENV", "production")
    monkeypatch.setenv("CAMPAIGN_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("CAMPAIGN_DATABASE_URL", SQLITE_MEMORY)
    app = create_app()
    assert app.config["SECRET_KEY"] == GOOD_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == SQLITE_MEMORY


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigurationError, match="CAMPAIGN_ENV"):
        create_app({"CAMPAIGN_ENV": "staging", "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})


def test_development_keeps_a_random_key_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CAMPAIGN_SECRET_KEY", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    first = create_app({"CAMPAIGN_ENV": "development", "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})
    second = create_app({"CAMPAIGN_ENV": "development", "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CAMPAIGN_DATABASE_URL", raising=False)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"CAMPAIGN_ENV": "development"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/campaign.sqlite3"


def test_production_refuses_cookies_without_secure(monkeypatch):
    monkeypatch.setenv("CAMPAIGN_SECURE_COOKIES", "0")
    with pytest.raises(ConfigurationError, match="Secure"):
        create_app({"CAMPAIGN_ENV": "production", "SECRET_KEY": GOOD_KEY,
                    "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})  # fmt: skip


def test_development_may_turn_secure_off_for_plain_http(monkeypatch, tmp_path):
    monkeypatch.setenv("CAMPAIGN_SECURE_COOKIES", "0")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"CAMPAIGN_ENV": "development", "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_behind_a_proxy_the_client_address_and_https_come_from_its_headers(tmp_path):
    from flask import request

    app = create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": GOOD_KEY, "CAMPAIGN_PROXY_COUNT": 1,
                      "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})  # fmt: skip
    seen = {}

    @app.get("/probe")
    def probe():
        seen.update(address=request.remote_addr, secure=request.is_secure)
        return ""

    probe.is_public = True
    response = app.test_client().get(
        "/probe", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"address": "203.0.113.7", "secure": True}
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_the_upload_limit_is_the_files_and_its_form_fields_come_on_top(monkeypatch, tmp_path):
    monkeypatch.setenv("CAMPAIGN_MAX_UPLOAD_BYTES", "2097152")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app({"CAMPAIGN_ENV": "development", "SQLALCHEMY_DATABASE_URI": SQLITE_MEMORY})
    assert app.config["CAMPAIGN_MAX_UPLOAD_BYTES"] == 2 * 1024 * 1024
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024 + FORM_FIELDS_BYTES
