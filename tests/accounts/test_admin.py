"""User administration through the forms, as an administrator uses it."""

import re

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests import factories
from tests.conftest import csrf_token, sign_in
from tests.lists import walked_costs


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin_client(app, client):
    sign_in(app, client, "admin")
    return client


@pytest.fixture
def ba_vi(app):
    """An old-map district of a province that runs a campaign: the scope picker lists it."""
    with app.app_context():
        hanoi = factories.unit("Hà Nội", "province")
        factories.campaign(unit=hanoi)
        district = factories.unit("Ba Vì", parent=hanoi, full_name="Huyện Ba Vì")
        db.session.commit()
        return district.id


def post(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/admin/users/")})


def users(app) -> dict[str, User]:
    with app.app_context():
        return {u.username: u for u in db.session.scalars(sa.select(User))}


def test_create_an_official_with_districts_and_a_temporary_password(app, admin_client, ba_vi):
    assert "Huyện Ba Vì" in text(admin_client.get("/admin/users/new"))
    response = post(admin_client, "/admin/users/new", username="Thu.Tran", full_name=" Trần  Thu ",
                    role="official", units=[str(ba_vi)])  # fmt: skip
    assert response.status_code == 201
    password = re.search(r'issued-password">([^<]+)<', text(response)).group(1)
    with app.app_context():
        user = db.session.scalars(sa.select(User).filter_by(username="thu.tran")).one()
        assert (user.full_name, user.role, user.must_change_password) == (
            "Trần Thu",
            Role.OFFICIAL,
            True,
        )
        assert [unit.id for unit in user.units] == [ba_vi]
        created = db.session.scalars(sa.select(AuditEntry).filter_by(action="create")).one()
        assert created.entity_id == user.id and created.changes["role"] == [None, "official"]
    newcomer = app.test_client()
    newcomer.post("/login", data={"username": "thu.tran", "password": password,
                                  "csrf_token": csrf_token(newcomer)})  # fmt: skip
    assert newcomer.get("/").headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"username": "a", "full_name": "X", "role": "staff"}, 422, "Tên đăng nhập dài từ 2 đến 64"),
        ({"username": "bad name!", "full_name": "X", "role": "staff"}, 422, "Tên đăng nhập dài"),
        ({"username": "x" * 65, "full_name": "X", "role": "staff"}, 422, "Tối đa 64 ký tự."),
        ({"username": "ok.name", "full_name": "", "role": "staff"}, 422, "Vui lòng nhập thông tin này."),
        ({"username": "ok.name", "full_name": "X", "role": "king"}, 422, "Hãy chọn một mục trong danh sách."),
        ({"username": "ok.name", "full_name": "X", "role": "official"}, 422,
         "Cán bộ phải được giao ít nhất một đơn vị hành chính phụ trách."),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message_and_writes_nothing(
    app, admin_client, data, status, message
):
    before = set(users(app))
    response = post(admin_client, "/admin/users/new", **data)
    assert response.status_code == status
    assert message in text(response)
    assert set(users(app)) == before
    if data["full_name"]:
        assert f'value="{data["full_name"]}"' in text(response)  # what was typed stays


def test_a_taken_username_is_refused_with_409(app, admin_client):
    with app.app_context():
        factories.user(username="taken.name")
        db.session.commit()
    response = post(
        admin_client, "/admin/users/new", username="Taken.Name", full_name="X", role="staff"
    )
    assert response.status_code == 409 and "Tên đăng nhập này đã được sử dụng." in text(response)


def test_edit_role_and_scope_is_audited_and_ends_the_sessions(app, admin_client, ba_vi):
    victim = app.test_client()
    user_id = sign_in(app, victim, "staff")
    response = post(admin_client, f"/admin/users/{user_id}", full_name="Người mới",
                    role="official", units=[str(ba_vi)])  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.role, [u.id for u in user.units]) == (Role.OFFICIAL, [ba_vi])
        update = db.session.scalars(sa.select(AuditEntry).filter_by(action="update")).one()
        assert update.changes["role"] == ["staff", "official"]
    assert victim.get("/").status_code == 302


def test_reset_password_forces_a_change_at_the_next_sign_in(app, admin_client):
    with app.app_context():
        user = factories.user(Role.STAFF, username="quen.matkhau")
        db.session.commit()
        user_id = user.id
    response = post(admin_client, f"/admin/users/{user_id}/reset-password")
    password = re.search(r'issued-password">([^<]+)<', text(response)).group(1)
    person = app.test_client()
    person.post("/login", data={"username": "quen.matkhau", "password": password,
                                "csrf_token": csrf_token(person)})  # fmt: skip
    assert person.get("/places/").headers["Location"] == "/account/password"
    change = person.post("/account/password", data={
        "current_password": password, "new_password": "Hoa sen nở rộ 2022",
        "confirm_password": "Hoa sen nở rộ 2022", "csrf_token": csrf_token(person, "/account/password"),
    })  # fmt: skip
    assert change.status_code == 302
    assert person.get("/places/").status_code == 200
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="reset_password")).one()
        assert entry.changes == {"password": ["•••", "•••"]}


def test_an_admin_cannot_deactivate_herself(app, client):
    admin_id = sign_in(app, client, "admin")
    response = post(client, f"/admin/users/{admin_id}/active", active="0")
    assert response.status_code == 409
    assert "Bạn không thể tự khóa tài khoản của mình." in text(response)


def test_reactivation_lets_the_user_sign_in_again(app, admin_client):
    with app.app_context():
        user = factories.user(Role.STAFF, username="tam.nghi", active=False)
        db.session.commit()
        user_id = user.id
    assert post(admin_client, f"/admin/users/{user_id}/active", active="1").status_code == 302
    assert users(app)["tam.nghi"].active


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"current_password": "sai mật khẩu rồi"}, 422, "Mật khẩu hiện tại không đúng."),
        ({"new_password": "password1", "confirm_password": "password1"}, 422, "quá phổ biến"),
        ({"new_password": "ngắn", "confirm_password": "ngắn"}, 422, "ít nhất 8 ký tự"),
        ({"confirm_password": "khác hẳn rồi nhé"}, 422, "không khớp nhau"),
    ],
)
def test_changing_ones_password_refuses_bad_input(app, client, fields, status, message):
    sign_in(app, client, "staff")
    data = {"current_password": factories.PASSWORD, "new_password": "Hoa sen nở rộ 2022",
            "confirm_password": "Hoa sen nở rộ 2022", **fields}  # fmt: skip
    response = client.post(
        "/account/password", data={**data, "csrf_token": csrf_token(client, "/account/password")}
    )
    assert response.status_code == status and message in text(response)


def test_changing_ones_password_signs_out_the_other_browsers(app, client):
    user_id = sign_in(app, client, "staff")
    other = app.test_client()
    with app.app_context():
        username = db.session.get(User, user_id).username
    other.post("/login", data={"username": username, "password": factories.PASSWORD,
                               "csrf_token": csrf_token(other)})  # fmt: skip
    assert other.get("/").status_code == 200
    client.post("/account/password", data={
        "current_password": factories.PASSWORD, "new_password": "Hoa sen nở rộ 2022",
        "confirm_password": "Hoa sen nở rộ 2022", "csrf_token": csrf_token(client, "/account/password"),
    })  # fmt: skip
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_the_last_administrator_cannot_be_demoted_or_deactivated(app, client):
    admin_id = sign_in(app, client, "admin")
    response = post(client, f"/admin/users/{admin_id}", full_name="Tôi", role="staff")
    assert response.status_code == 409 and "quản trị hệ thống cuối cùng" in text(response)
    with app.app_context():
        other = factories.user(Role.ADMIN, username="admin.two")
        db.session.commit()
        other_id = other.id
    assert post(client, f"/admin/users/{other_id}/active", active="0").status_code == 302
    response = post(client, f"/admin/users/{admin_id}", full_name="Tôi", role="staff")
    assert response.status_code == 409  # the other one is deactivated now


@pytest.fixture
def many_users(app):
    """10,200 accounts: every fifth an official, every seventh deactivated."""
    with app.app_context():
        hash_ = db.session.scalar(sa.select(User.password_hash)) or "x"
        db.session.execute(sa.insert(User), [
            {"username": f"can-bo-{n:05d}", "full_name": f"Cán bộ {n}", "password_hash": hash_,
             "role": "official" if n % 5 == 0 else "staff", "active": n % 7 != 0}
            for n in range(10_200)
        ])  # fmt: skip
        db.session.commit()


def usernames(page: str) -> list[str]:
    return re.findall(r'<td><a href="/admin/users/\d+">([^<]+)</a></td>', page)


@pytest.mark.parametrize("query", ["", "?role=official", "?status=deactivated",
                                   "?role=staff&status=active"])  # fmt: skip
def test_user_pages_cost_the_same_few_statements_at_10_000_accounts(
    app, admin_client, many_users, query
):
    costs = walked_costs(app, admin_client, f"/admin/users/{query}", "users")
    assert costs[0][0] <= 3 and len(set(costs)) == 1, costs


def test_users_are_filtered_by_role_and_status_and_a_username_is_jumped_to(
    app, admin_client, many_users
):
    officials = usernames(text(admin_client.get("/admin/users/?role=official&status=active")))
    assert officials[:3] == ["can-bo-00005", "can-bo-00010", "can-bo-00015"]
    deactivated = text(admin_client.get("/admin/users/?status=deactivated"))
    assert usernames(deactivated)[:2] == ["can-bo-00000", "can-bo-00007"]
    assert "Đang hiển thị 50 trên tổng số hơn 1.000" in deactivated
    jumped = usernames(text(admin_client.get("/admin/users/?from=CAN-BO-0999")))
    assert jumped[0] == "can-bo-09990" and len(jumped) == 50
    assert admin_client.get("/admin/users/?role=king").status_code == 400
