import pytest
import sqlalchemy as sa
from flask import abort

from campaign.accounts.permissions import public
from campaign.campaigns.models import Campaign
from campaign.core.errors import DomainError
from campaign.events.models import Participation
from campaign.extensions import db
from campaign.officials.models import Official
from tests import factories
from tests.conftest import counted_queries, csrf_token, make_app


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.usefixtures("as_organizer")
def test_home_without_a_campaign_explains_how_to_load_the_demo(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in text(response)
    assert "seed-demo" in text(response)


@pytest.mark.usefixtures("demo", "as_organizer")
def test_home_shows_the_current_campaign_at_a_glance_in_vietnamese(app, client):
    current = text(client.get("/"))  # this year's demo campaign runs today or started last
    assert "15/11/2026 – 15/12/2026" in current and "Phường Sơn Tây" in current
    with app.app_context():
        of_2022 = db.session.scalars(sa.select(Campaign.id).where(Campaign.year == 2022)).one()
    client.post(f"/campaigns/{of_2022}/choose", data={"csrf_token": csrf_token(client, "/")})
    page = text(client.get("/"))
    assert "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực" in page
    assert "Đảm bảo an sinh xã hội, tăng quyền năng" in page
    assert "15/11/2022 – 15/12/2022" in page
    assert "14/11/2022" in page and "Thị xã Sơn Tây" in page
    for name in ("Nguyễn Thị Hà", "Chử Xuân Dũng", "Lê Đại Thăng"):
        assert name in page
    assert "100/100" in page
    assert "Lễ phát động" in page and "Trang chủ" in page


@pytest.mark.usefixtures("demo", "as_organizer")
def test_home_runs_a_fixed_number_of_queries_whatever_the_rows(app, client):
    with counted_queries(app) as statements:
        client.get("/")
    with app.app_context():
        campaign = db.session.scalars(sa.select(Campaign).where(Campaign.year == 2026)).one()
        for number in range(5):
            event = factories.event(campaign=campaign, title=f"Tập huấn {number}", kind="training")
            for official in db.session.scalars(sa.select(Official)):
                event.participations.append(Participation(
                    official=official, official_position=official.positions[-1], role="delegate",
                ))  # fmt: skip
            event.units = [
                factories.unit(
                    f"Xã {number}",
                    "commune",
                    parent=campaign.unit,
                    scheme=campaign.scheme,
                    code=f"T{number:04d}",
                )
            ]
            factories.allocation(factories.programme(campaign=campaign), quota=3)
        db.session.commit()
    with counted_queries(app) as more_rows:
        page = text(client.get("/"))
    assert '<span class="figure">6</span>' in page  # the launch and five trainings
    # 17: the indicators read theirs, their actuals, last year's campaign and its indicators and
    # actuals (activities.indicators)
    assert len(more_rows) == len(statements) <= 17, more_rows


@pytest.mark.usefixtures("demo", "as_organizer")
def test_switching_to_english_and_back(client):
    token = csrf_token(client)
    response = client.post(
        "/language", data={"language": "en", "next": "/places/?q=son", "csrf_token": token}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/places/?q=son"
    page = text(client.get("/"))
    assert '<html lang="en">' in page and "Current campaign" in page and "Home" in page
    client.post("/language", data={"language": "vi", "csrf_token": token})
    assert "Trang chủ" in text(client.get("/"))


def test_language_switch_needs_the_csrf_token(client):
    response = client.post("/language", data={"language": "en"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in text(response)
    assert '<html lang="vi">' in text(client.get("/login"))


@pytest.mark.parametrize("language", ["fr", "", "x" * 50])
def test_unknown_language_is_refused(client, language):
    response = client.post(
        "/language", data={"language": language, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 400


OFF_SITE_OR_UNSAFE = [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
    "/officials/\r\nSet-Cookie: x=1", "/\nenv;", "/x\rX-Injected: 1", "/\t/evil.example",
    "/x\u2028y", "/x\u200by", "/x y", "/\x7f", "/\u0085",
]
"""Targets a ``next`` must not be followed to: other sites, and paths with characters a path of
ours never holds raw (CR/LF would split the Location header: Werkzeug refused it with a 500)."""


@pytest.mark.parametrize("target", OFF_SITE_OR_UNSAFE)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post(
        "/language", data={"language": "en", "next": target, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_language_switch_answers_405_to_get(client):
    response = client.get("/language")
    assert response.status_code == 405
    assert "Thao tác này không được phép tại đây" in text(response)


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    broken = make_app(f"sqlite:///{tmp_path}/missing-folder/campaign.sqlite3")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_every_response_carries_the_security_headers(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")
    secure = client.get("/login", base_url="https://localhost")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


@pytest.mark.usefixtures("demo", "as_organizer")
def test_pages_have_no_inline_script(client):
    page = text(client.get("/"))
    assert "<script>" not in page and " on" + "click=" not in page


@pytest.fixture
def app_with_failing_routes(app):
    def refuse():
        abort(403)

    def conflict():
        raise DomainError("quota_reached", "Đã hết chỉ tiêu quà.")

    def crash():
        raise RuntimeError("boom")

    app.add_url_rule("/test/403", view_func=public(refuse))
    app.add_url_rule("/test/409", view_func=public(conflict))
    app.add_url_rule("/test/500", view_func=public(crash))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/test/403", 403, "Bạn không có quyền"),
        ("/does-not-exist", 404, "Không tìm thấy trang"),
        ("/test/409", 409, "Đã hết chỉ tiêu quà."),
        ("/test/500", 500, "Thông tin bạn nhập chưa được lưu"),
    ],
)
def test_error_pages_are_in_the_site_layout_and_in_vietnamese(
    app_with_failing_routes, path, status, words
):
    response = app_with_failing_routes.test_client().get(path)
    assert response.status_code == status
    page = text(response)
    assert words in page
    assert "Tháng hành động" in page and "Tiếng Việt" in page


def test_too_large_a_request_gets_a_friendly_413(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = app.test_client().post("/language", data={"language": "x" * 4096})
    assert response.status_code == 413
    assert "quá lớn" in text(response)


def test_a_bad_request_gets_a_400_page(client):
    response = client.post("/language", data={})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text(response) and "Tiếng Việt" in text(response)
