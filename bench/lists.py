"""List pages with 10,000 events and 5,000 officials: time per page and SQL statements.

    python -m bench.lists
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python -m bench.lists

Prints, for each page, the median time of a few requests and the number of statements, at 1%
of the size and at full size, with the ratio: a list that grows with its table shows it here.
"""

import datetime as dt
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
import sqlalchemy as sa

from bench.reference_data import SCHEMA, _database_url
from campaign import create_app
from campaign.accounts.models import Role, User
from campaign.accounts.passwords import hash_password
from campaign.campaigns.models import Campaign
from campaign.core.text import name_sort_key, search_key, text_sort_key
from campaign.events.models import Event
from campaign.extensions import db
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import (
    AdministrativeUnit,
    GovernmentLevel,
    Organization,
    OrganizationKind,
    UnitLevel,
    UnitScheme,
)

PAGES = ("/events/", "/events/?sort=-date&page=20", "/events/?kind=training", "/events/calendar",
         "/officials/", "/officials/?q=thi+ha", "/officials/?page=50")  # fmt: skip
PASSWORD = "bench password 2022"
REPEATS = 5


def _fill(events: int, officials: int) -> None:
    province = AdministrativeUnit(scheme=UnitScheme.PRE_2025, level=UnitLevel.PROVINCE, code="01",
                                  name="Hà Nội", full_name="Thành phố Hà Nội",
                                  division_type="thành phố trung ương", search_key="ha noi",
                                  sort_key=text_sort_key("Hà Nội"))  # fmt: skip
    organization = Organization(name="Ủy ban nhân dân thành phố Hà Nội", unit=province,
                                kind=OrganizationKind.PEOPLES_COMMITTEE,
                                level=GovernmentLevel.PROVINCE, search_key="uy ban",
                                sort_key=text_sort_key("Ủy ban"))  # fmt: skip
    campaign = Campaign(name="Bench", year=2022, start_date=dt.date(2022, 11, 15),
                        end_date=dt.date(2022, 12, 15), unit=province)  # fmt: skip
    db.session.add_all([province, organization, campaign])
    db.session.flush()
    start = dt.datetime(2022, 11, 15, 1, tzinfo=dt.UTC)
    db.session.execute(sa.insert(Event), [
        {"campaign_id": campaign.id, "title": f"Tập huấn số {n}", "status": "planned",
         "kind": "training" if n % 3 else "communication",
         "starts_at": start + dt.timedelta(hours=n), "ends_at": start + dt.timedelta(hours=n + 2)}
        for n in range(events)
    ])  # fmt: skip
    families, givens = ["Nguyễn", "Trần", "Lê", "Phạm", "Đỗ"], ["Hà", "Lan", "Dũng", "Thăng"]
    for n in range(officials):
        name = f"{families[n % 5]} Thị {givens[n % 4]} {n}"
        person = Official(full_name=name, search_key=search_key(name), sort_key=name_sort_key(name))
        person.positions = [OfficialPosition(title="Cán bộ", organization=organization)]
        db.session.add(person)
    db.session.add(User(username="bench", full_name="Bench", role=Role.ORGANIZER,
                        password_hash=hash_password(PASSWORD)))  # fmt: skip
    db.session.commit()


def _measure(app) -> dict[str, tuple[float, int]]:
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    results = {}
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
    for path in PAGES:
        timings = []
        for _ in range(REPEATS):
            statements.clear()
            started = time.perf_counter()
            assert client.get(path).status_code == 200, path
            timings.append(time.perf_counter() - started)
        results[path] = (statistics.median(timings) * 1000, len(statements))
    with app.app_context():
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return results


def _run(events: int, officials: int, folder: Path) -> dict[str, tuple[float, int]]:
    url = _database_url(folder)
    app = create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": "b" * 40,
                      "SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False})  # fmt: skip
    with app.app_context():
        flask_migrate.upgrade()
        _fill(events, officials)
    results = _measure(app)
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        little = _run(100, 50, Path(small))
        full = _run(10_000, 5_000, Path(large))
    engine = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    print(f"engine: {engine} (schema {SCHEMA} when PostgreSQL)")
    print(f"{'page':<34} {'100 ev/50 off':>14} {'10k ev/5k off':>14} {'ratio':>6} {'SQL':>8}")
    for path in PAGES:
        (small_ms, small_sql), (full_ms, full_sql) = little[path], full[path]
        print(f"{path:<34} {small_ms:>11.1f} ms {full_ms:>11.1f} ms {full_ms / small_ms:>6.1f}"
              f" {small_sql:>3} → {full_sql:<3}")  # fmt: skip


if __name__ == "__main__":
    main()
