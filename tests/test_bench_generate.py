"""The benchmark's data generator (bench/generate.py) at a thousandth of the national scale, on
each engine: it migrates, fills every table the pages read, keeps the database's rules, and its
users can sign in. The benchmark itself (bench/run.py) needs gunicorn and wrk: not run here."""

import os

import pytest
import sqlalchemy as sa

from bench.generate import PASSWORD, USERS, generate
from bench.run import _deep_link
from campaign.extensions import db
from tests.conftest import csrf_token, make_app, postgresql_schema_url, reset_postgresql_schema

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:tqdm")


@pytest.fixture
def generated_url(engine_name, tmp_path):
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'nation.sqlite3'}"
        return
    schema = f"bench_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    reset_postgresql_schema(schema)
    yield postgresql_schema_url(schema)
    engine = sa.create_engine(postgresql_schema_url(schema))
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


def test_a_thousandth_of_the_nation_keeps_the_rules(generated_url):
    generate(generated_url, seed=7, scale=0.001)
    engine = sa.create_engine(generated_url)
    with engine.connect() as connection:
        count = lambda table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: E731
        assert count("campaigns") == 20
        assert count("events") == 10
        assert count("officials") == 5
        assert count("participations") == 30
        assert count("beneficiaries") == 100
        assert count("gift_nominations") > 0
        assert count("gift_handovers") > 0
        assert count("audit_entries") == 500 + 1  # the registrations' included; the load's
        assert count("activities") == 20
        assert count("progress_reports") == 100 and count("progress_figures") >= 100
        assert count("activity_targets") >= 20 * 2
        schemes = (
            connection.execute(
                sa.text(
                    "SELECT DISTINCT u.scheme FROM campaigns c JOIN administrative_units u "
                    "ON u.id = c.unit_id"
                )
            )
            .scalars()
            .all()
        )
        assert sorted(schemes) == ["post2025", "pre2025"]
        unequal = connection.execute(
            sa.text(
                "SELECT count(*) FROM gift_allocations a WHERE a.given_count <> (SELECT count(*) "
                "FROM gift_handovers h WHERE h.allocation_id = a.id AND h.status = 'given')"
            )
        ).scalar()
        assert unequal == 0
        keys = connection.execute(
            sa.text("SELECT count(*) FROM beneficiaries WHERE search_key = '' OR sort_key = ''")
        ).scalar()
        assert keys == 0
    engine.dispose()
    app = make_app(generated_url)
    client = app.test_client()

    for username in USERS:
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
        )
        assert response.status_code == 302, username
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
        client.delete_cookie("session")
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("html", "link"),
    [
        ('<a class="page-link" rel="last" href="/x?last=1&amp;q=a">', "/x?last=1&q=a"),
        ('<a href="/x?page=2">2</a><a href="/x?page=17">17</a><a href="/x?page=3">', "/x?page=17"),
        ("<p>one page</p>", None),
    ],
)
def test_the_deep_page_is_the_last_page_link(html, link):
    assert _deep_link(html) == link
