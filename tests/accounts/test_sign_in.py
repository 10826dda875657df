"""Signing in and out: throttling, server-side sessions, timeouts, forced password change."""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, SignInAttempt, User, UserSession
from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token, sign_in

WRONG = "not the password at all"
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại."


def text(response) -> str:
    return response.get_data(as_text=True)


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def lan(app):
    with app.app_context():
        user = factories.user(Role.ORGANIZER, username="lan.nguyen", full_name="Nguyễn Thị Lan")
        db.session.commit()
        return user.id


def age(app, model, column: str, by: dt.timedelta) -> None:
    """Move every row's ``column`` back in time, as if ``by`` had passed."""
    with app.app_context():
        for row in db.session.scalars(sa.select(model)):
            setattr(row, column, getattr(row, column) - by)
        db.session.commit()


def signed_out(response, path: str = "/") -> bool:
    """The answer sends the browser to sign in again, to come back to ``path`` after."""
    return response.status_code == 302 and response.headers["Location"] == f"/login?next={path}"


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize(
    "path", ["/", "/places/", "/beneficiaries/", "/admin/users/", "/admin/audit/"]
)
def test_a_signed_out_visitor_is_sent_to_the_sign_in_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_signed_out_visitor_reaches_sign_in_health_and_static_files(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200


def test_a_signed_out_post_is_refused_with_401(client):
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 401


def test_sign_in_goes_to_the_page_asked_for_and_records_it(app, client, lan):
    response = client.post(
        "/login",
        data={"username": " Lan.Nguyen ", "password": factories.PASSWORD, "next": "/places/",
              "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/places/"
    assert "Nguyễn Thị Lan" in text(client.get("/"))
    assert audit_actions(app) == ["sign_in"]
    with app.app_context():
        assert db.session.get(User, lan).last_signed_in_at is not None


def test_sign_in_never_redirects_off_site(client, lan):
    response = client.post(
        "/login",
        data={"username": "lan.nguyen", "password": factories.PASSWORD,
              "next": "https://evil.example/", "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/officials/\r\nX-Injected: 1", "/\nenv;", "/\t/evil.example"])
def test_sign_in_with_a_next_holding_a_control_character_goes_home(client, lan, target):
    """It answered 500 after the sign-in had succeeded: Werkzeug refuses a newline in Location."""
    response = client.post(
        "/login",
        data={"username": "lan.nguyen", "password": factories.PASSWORD, "next": target,
              "csrf_token": csrf_token(client)},
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_crafted_link_to_the_sign_in_page_sends_a_signed_in_user_home(client, lan):
    attempt(client, "lan.nguyen", factories.PASSWORD)
    for link in ("/login?next=/x%0aX", "/login?next=/x%0d%0aSet-Cookie:%20x=1",
                 "/login?next=/%09/evil.example"):  # fmt: skip
        response = client.get(link)
        assert response.status_code == 302 and response.headers["Location"] == "/", link
    assert client.get("/login?next=/officials/?page=2").headers["Location"] == "/officials/?page=2"


def test_sign_in_needs_the_csrf_token(client, lan):
    response = client.post(
        "/login", data={"username": "lan.nguyen", "password": factories.PASSWORD}
    )
    assert response.status_code == 400


def test_unknown_user_and_wrong_password_get_the_same_answer(app, client, lan):
    wrong = attempt(client, "lan.nguyen", WRONG)
    unknown = attempt(client, "nobody.here", WRONG)
    assert wrong.status_code == unknown.status_code == 401
    assert BAD_CREDENTIALS in text(wrong) and BAD_CREDENTIALS in text(unknown)
    assert audit_actions(app) == ["sign_in_failed", "sign_in_failed"]
    assert 'value="lan.nguyen"' in text(wrong)  # the username stays typed in


def test_empty_fields_get_messages_next_to_them(client):
    response = client.post(
        "/login", data={"username": "", "password": "", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 422
    assert text(response).count("Vui lòng nhập thông tin này.") == 2


def test_six_wrong_passwords_lock_the_account_for_the_window(app, client, lan):
    for _ in range(5):
        assert attempt(client, "lan.nguyen", WRONG).status_code == 401
    locked = attempt(client, "lan.nguyen", factories.PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429 and THROTTLED in text(locked)
    unknown = [attempt(client, "ghost", WRONG, address="10.7.7.7") for _ in range(6)][-1]
    assert unknown.status_code == 429 and THROTTLED in text(unknown)  # same for an unknown user
    age(app, SignInAttempt, "attempted_at", dt.timedelta(minutes=16))
    assert attempt(client, "lan.nguyen", factories.PASSWORD, address="10.9.9.9").status_code == 302


def test_five_made_up_usernames_from_an_address_do_not_lock_out_its_users(client, lan):
    """Behind an office's proxy everyone shares one address: five tries must not close it."""
    for number in range(5):
        assert attempt(client, f"guess{number}", WRONG, address="10.0.0.66").status_code == 401
    assert attempt(client, "lan.nguyen", factories.PASSWORD, address="10.0.0.66").status_code == 302


def test_guessing_across_many_accounts_closes_the_address_for_every_account(client, lan):
    for number in range(20):
        assert attempt(client, f"guess{number}", WRONG, address="10.0.0.66").status_code == 401
    refused = attempt(client, "lan.nguyen", factories.PASSWORD, address="10.0.0.66")
    assert refused.status_code == 429 and THROTTLED in text(refused)
    assert attempt(client, "lan.nguyen", factories.PASSWORD, address="10.0.0.67").status_code == 302


def test_an_address_counts_accounts_not_tries_and_forgets_those_that_got_in(client, lan):
    """A colleague who mistyped three times and then got in costs the address nothing."""
    for _ in range(4):
        attempt(client, "lan.nguyen", WRONG, address="10.0.0.66")
    assert attempt(client, "lan.nguyen", factories.PASSWORD, address="10.0.0.66").status_code == 302
    for number in range(19):
        attempt(client, f"guess{number}", WRONG, address="10.0.0.66")
    assert attempt(client, "guess0", WRONG, address="10.0.0.66").status_code == 401
    assert attempt(client, "guess19", WRONG, address="10.0.0.66").status_code == 401
    assert attempt(client, "guess20", WRONG, address="10.0.0.66").status_code == 429


def test_a_success_clears_the_account_count(client, lan):
    for _ in range(4):
        attempt(client, "lan.nguyen", WRONG)
    assert attempt(client, "lan.nguyen", factories.PASSWORD, address="10.0.0.2").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    for _ in range(4):
        assert attempt(client, "lan.nguyen", WRONG, address="10.0.0.3").status_code == 401


def test_a_deactivated_user_cannot_sign_in(app, client, lan):
    with app.app_context():
        db.session.get(User, lan).active = False
        db.session.commit()
    response = attempt(client, "lan.nguyen", factories.PASSWORD)
    assert response.status_code == 401 and BAD_CREDENTIALS in text(response)


def test_sign_in_starts_a_new_session_identifier(app, client, lan):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["language"] = "en"
    attempt(client, "lan.nguyen", factories.PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session and session["language"] == "en"
    first_token = session["_user_id"]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    attempt(client, "lan.nguyen", factories.PASSWORD)
    with client.session_transaction() as session:
        assert session["_user_id"] != first_token
    with app.app_context():
        hashes = db.session.scalars(sa.select(UserSession.token_hash)).all()
        assert first_token not in hashes and all(len(h) == 64 for h in hashes)


def copied_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/")


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, client):
    sign_in(app, client)
    cookie = copied_cookie(client)
    assert replay(app, cookie).status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert signed_out(replay(app, cookie))
    assert signed_out(client.get("/"))


def test_deactivating_a_user_kills_their_existing_sessions(app, client):
    user_id = sign_in(app, client, "staff")
    cookie = copied_cookie(client)
    admin = app.test_client()
    sign_in(app, admin, "admin")
    response = admin.post(f"/admin/users/{user_id}/active",
                          data={"active": "0", "csrf_token": csrf_token(admin, "/admin/users/")})  # fmt: skip
    assert response.status_code == 302
    assert signed_out(replay(app, cookie))


def test_sign_out_answers_405_to_get(app, client):
    sign_in(app, client)
    assert client.get("/logout").status_code == 405


def test_sign_out_needs_the_csrf_token(app, client):
    sign_in(app, client)
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def idle(client, minutes: int) -> None:
    with client.session_transaction() as session:
        session["seen"] -= minutes * 60


def test_an_idle_session_expires(app, client):
    sign_in(app, client)
    idle(client, 29)
    assert client.get("/places/").status_code == 200
    idle(client, 31)
    assert signed_out(client.get("/places/"), "/places/")


def test_a_session_expires_after_its_absolute_lifetime(app, client):
    sign_in(app, client)
    age(app, UserSession, "created_at", dt.timedelta(hours=11))
    assert client.get("/places/").status_code == 200
    age(app, UserSession, "created_at", dt.timedelta(hours=2))
    assert signed_out(client.get("/places/"), "/places/")


def test_timeouts_are_configurable(app, client):
    app.config["CAMPAIGN_IDLE_TIMEOUT_MINUTES"] = 5
    sign_in(app, client)
    idle(client, 4)
    assert client.get("/").status_code == 200
    idle(client, 6)
    assert signed_out(client.get("/"))


def test_signing_in_again_ends_the_previous_session(app, client, lan):
    attempt(client, "lan.nguyen", factories.PASSWORD)
    first = copied_cookie(client)
    attempt(client, "lan.nguyen", factories.PASSWORD)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/password")})
    assert signed_out(replay(app, first))


def test_what_was_typed_as_username_is_never_stored(app, client, lan):
    attempt(client, "Mật khẩu bí mật 123", WRONG)
    attempt(client, "lan.nguyen", WRONG)
    with app.app_context():
        summaries = db.session.scalars(sa.select(AuditEntry.summary).order_by(AuditEntry.id)).all()
        keys = db.session.scalars(sa.select(SignInAttempt.account_key)).all()
    assert summaries == ["", "lan.nguyen"]
    assert all(len(key) == 64 and "mật" not in key for key in keys)


def test_a_blocked_guesser_fills_the_audit_log_once_per_window(app, client, lan):
    for _ in range(12):
        attempt(client, "lan.nguyen", WRONG)
    assert audit_actions(app) == ["sign_in_failed"] * 5 + ["sign_in_throttled"]
