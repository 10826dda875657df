import sqlalchemy as sa

from campaign.accounts.models import Role, User, UserSession
from campaign.accounts.passwords import password_matches
from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests import factories
from tests.conftest import sign_in


def test_create_the_first_admin_from_a_piped_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Quan.Tri", "--role", "admin", "--full-name", "Quản trị"],
        input="Sen nở giữa hồ 2022\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(sa.select(User)).one()
        assert (user.username, user.role, user.full_name) == ("quan.tri", Role.ADMIN, "Quản trị")
        assert password_matches(user.password_hash, "Sen nở giữa hồ 2022")
        assert not user.must_change_password
        entry = db.session.scalars(sa.select(AuditEntry)).one()
        assert (entry.action, entry.user_id) == ("create", None)


def test_an_official_needs_known_district_codes(app):
    with app.app_context():
        factories.unit("Ba Vì", code="271", full_name="Huyện Ba Vì")
        db.session.commit()
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["users", "create", "can.bo", "--role", "official", "--district", "999"],
                            input="Sen nở giữa hồ 2022\n")  # fmt: skip
    assert unknown.exit_code != 0 and "999" in unknown.output
    missing = runner.invoke(args=["users", "create", "can.bo", "--role", "official"],
                            input="Sen nở giữa hồ 2022\n")  # fmt: skip
    assert missing.exit_code != 0 and "ít nhất một đơn vị hành chính phụ trách" in missing.output
    made = runner.invoke(args=["users", "create", "can.bo", "--role", "official", "--district", "271"],
                         input="Sen nở giữa hồ 2022\n")  # fmt: skip
    assert made.exit_code == 0, made.output
    listing = runner.invoke(args=["users", "list"])
    assert "can.bo" in listing.output and "Huyện Ba Vì (271)" in listing.output


def test_a_common_password_is_refused_and_nothing_is_created(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "admin2", "--role", "admin"], input="password123\n"
    )
    assert result.exit_code != 0 and "quá phổ biến" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_deactivate_ends_the_sessions(app, client):
    user_id = sign_in(app, client, "staff")
    with app.app_context():
        username = db.session.get(User, user_id).username
    result = app.test_cli_runner().invoke(args=["users", "deactivate", username])
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(UserSession.ended_at)).one() is not None
    unknown = app.test_cli_runner().invoke(args=["users", "deactivate", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output
