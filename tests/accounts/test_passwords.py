import pytest

from campaign import create_app
from campaign.accounts import passwords
from campaign.accounts.passwords import (
    check_password_policy,
    hash_password,
    password_matches,
    random_password,
)
from campaign.core.errors import DomainError


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1!", "password_too_short"),
        ("x" * 129, "password_too_long"),
        ("password", "password_common"),
        ("12345678", "password_common"),
        ("Iloveyou", "password_common"),
        ("matkhau123", "password_common"),
        ("anhyeuem", "password_common"),
        ("lan.nguyen", "password_common"),  # the username itself
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app_context, password, code):
    with pytest.raises(DomainError) as error:
        check_password_policy(password, username="lan.nguyen")
    assert error.value.code == code and error.value.status == 422


@pytest.mark.parametrize("password", ["Sen nở giữa hồ 2022", "x" * 128, "correct horse 42"])
def test_reasonable_passwords_pass(app_context, password):
    check_password_policy(password, username="lan.nguyen")


PRODUCTION_COST = "scrypt:32768:8:1$"


@pytest.fixture
def production_context(monkeypatch):
    monkeypatch.delenv("CAMPAIGN_SECURE_COOKIES", raising=False)
    app = create_app(
        {
            "CAMPAIGN_ENV": "production",
            "SECRET_KEY": "k" * 48,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    with app.app_context():
        yield


def test_production_hashes_are_slow_salted_and_check_out(production_context):
    first, second = hash_password("Sen nở giữa hồ"), hash_password("Sen nở giữa hồ")
    assert first.startswith(PRODUCTION_COST) and first != second
    assert password_matches(first, "Sen nở giữa hồ")
    assert not password_matches(first, "sen nở giữa hồ")
    assert not password_matches(None, "anything")


def test_an_unknown_user_costs_as_much_as_a_real_one_in_production(production_context, monkeypatch):
    checked = []
    monkeypatch.setattr(passwords, "check_password_hash", lambda hash, _: checked.append(hash))
    password_matches(None, "anything")
    assert checked[0].startswith(PRODUCTION_COST)


def test_only_the_tests_hash_cheaply(app_context, tmp_path, monkeypatch):
    assert hash_password("Sen nở giữa hồ").startswith("scrypt:128:8:1$")
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    development = create_app(
        {"CAMPAIGN_ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert development.config["PASSWORD_HASH_METHOD"] + "$" == PRODUCTION_COST


def test_random_passwords_differ_and_pass_the_policy(app_context):
    passwords = {random_password() for _ in range(20)}
    assert len(passwords) == 20
    for password in passwords:
        check_password_policy(password)
