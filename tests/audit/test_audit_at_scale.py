"""The audit log at national scale: pages by keyset whatever the log's size, filters that list
no accounts and scan no entries, and an export streamed from plain SQL rows."""

import csv
import datetime as dt
import io
import json
import re

import pytest
import sqlalchemy as sa

from campaign.audit.labels import AUDIT_ACTIONS, AUDIT_ENTITIES
from campaign.audit.models import AuditEntry
from campaign.extensions import db
from tests import factories
from tests.conftest import counted_queries, sign_in
from tests.lists import NEXT, link, statements_of, walked_costs

START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
ACTIONS = ("view", "update", "export", "sign_in")
SHOWN = r"<td>=?entry (\d+)"
"""An entry's summary in its row."""


def fill(app, entries: int) -> dict[str, int]:
    """``entries`` entries, one every 10 minutes from 1 November 2026 (UTC), by two users."""
    with app.app_context():
        lan, hoa = factories.user(username="lan"), factories.user(username="hoa")
        users = {"lan": lan.id, "hoa": hoa.id}
        db.session.execute(sa.insert(AuditEntry), [
            {"occurred_at": START + dt.timedelta(minutes=10 * n),
             "user_id": lan.id if n % 3 else hoa.id, "remote_address": "10.0.0.1",
             "action": ACTIONS[n % 4], "entity_type": "beneficiary" if n % 2 else "event",
             "entity_id": n, "summary": f"=entry {n}" if n % 1000 == 7 else f"entry {n}",
             "changes": {"address": ["Thôn 1", f"Thôn {n}"]} if n % 4 == 1 else None}
            for n in range(entries)
        ])  # fmt: skip
        db.session.commit()
    return users


@pytest.fixture
def big_log(app):
    return fill(app, 10_500)


@pytest.mark.parametrize(
    "query", ["", "?user=lan", "?action=update", "?entity_type=event",
              "?since=01/12/2026&until=31/12/2026", "?user=hoa&action=sign_in"],
)  # fmt: skip
def test_every_page_costs_the_same_few_statements(app, client, big_log, query):
    sign_in(app, client, "admin")
    costs = walked_costs(app, client, f"/admin/audit/{query}", "audit_entries")
    assert costs[0][0] <= 3 and len(set(costs)) == 1, costs


def test_pages_walk_the_whole_log_newest_first_and_the_filters_list_no_accounts(
    app, client, big_log
):
    sign_in(app, client, "admin")
    statements, first = statements_of(app, client, "/admin/audit/")
    assert not any("DISTINCT" in statement.upper() for statement in statements)
    assert first.count("<option") == len(AUDIT_ACTIONS) + len(AUDIT_ENTITIES) + 2
    assert 'name="user"' in first and "Đang hiển thị 50 trên tổng số hơn 1.000" in first
    assert "/reports/audit?format=csv" in first
    numbers = [int(n) for n in re.findall(SHOWN, first)]
    assert numbers == list(range(10_499, 10_449, -1))
    second = client.get(link(NEXT, first)).text
    assert re.findall(SHOWN, second)[0] == "10449"


def test_a_jump_by_date_shows_that_day_then_older_entries(app, client, big_log):
    sign_in(app, client, "admin")
    page = client.get("/admin/audit/?from=10/11/2026").text
    # the last entry of 10 November (local time, UTC+7) is 16:50 UTC that day
    last = START + dt.timedelta(days=9, hours=16, minutes=50)
    expected = (last - START) // dt.timedelta(minutes=10)
    assert re.findall(SHOWN, page)[0] == str(expected)
    assert "23:50 10/11/2026" in page and 'rel="prev"' in page


def test_the_export_streams_plain_rows_in_a_few_statements(app, client):
    fill(app, 20_000)
    sign_in(app, client, "admin")
    loaded = []

    def load(entry, context):
        loaded.append(entry)

    sa.event.listen(AuditEntry, "load", load)
    try:
        with counted_queries(app) as statements:
            response = client.get("/reports/audit?format=csv")
            pieces = list(response.response)
    finally:
        sa.event.remove(AuditEntry, "load", load)
    assert loaded == []
    reads = [s for s in statements if "audit_entries" in s and not s.startswith("INSERT")]
    counted = [s for s in reads if s.startswith("SELECT count(*)")]
    assert len(reads) == 2 and len(counted) == 1, reads  # the count its audit entry records
    assert len(statements) <= 8, statements
    assert 10 < len(pieces) < 100  # many lines per piece, not one string per row
    body = b"".join(pieces).decode()
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == ["Thời gian", "Người dùng", "Địa chỉ", "Thao tác", "Đối tượng dữ liệu",
                       "Mã bản ghi", "Nội dung", "Nội dung thay đổi"]  # fmt: skip
    assert len(rows) == 1 + 20_000 + 2  # the headers, the entries, the sign-in, this export
    others = [row[3] for row in rows[1:] if not re.match(r"'?=?entry ", row[6])]
    assert others == ["Xuất dữ liệu", "Đăng nhập"]
    newest = START + dt.timedelta(minutes=10 * 19_999) + dt.timedelta(hours=7)
    assert rows[1][:7] == [f"{newest:%H:%M %d/%m/%Y}", "lan", "10.0.0.1", "Đăng nhập",
                           "Đối tượng thụ hưởng", "19999", "entry 19999"]  # fmt: skip
    changed = next(row for row in rows[1:] if row[7])
    assert json.loads(changed[7])["address"][0] == "Thôn 1" and "Thôn 1" in changed[7]
    assert [row[6] for row in rows if row[6].startswith("'")] == [
        f"'=entry {n}" for n in range(19_007, 0, -1000)
    ]


def test_others_can_write_while_an_export_downloads(app, client, tmp_path):
    """The export's own entry is committed before the rows stream; the stream only reads, so on
    SQLite it holds no write lock while a slow client downloads."""
    fill(app, 5_000)
    sign_in(app, client, "admin")
    with app.app_context():
        other = sa.create_engine(db.engine.url)
    response = client.get("/reports/audit?format=csv")
    pieces = iter(response.response)
    next(pieces), next(pieces)  # the headers, then the first thousand rows: the cursor is open
    try:
        with other.begin() as connection:
            if other.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout = 1000")
            connection.execute(sa.insert(AuditEntry), {
                "occurred_at": START, "action": "view", "entity_type": "event", "summary": "x"})
        with other.connect() as connection:
            exported = connection.scalar(
                sa.select(sa.func.count()).where(AuditEntry.entity_type == "audit_entry"))  # fmt: skip
        assert exported == 1  # already committed, before the download ends
    finally:
        other.dispose()
    assert sum(1 for _ in pieces) > 0
    response.close()
