"""The audit log: append-only in the database, filterable and exportable by administrators."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from campaign.audit.models import AuditEntry
from campaign.audit.services import COMMAND_LINE, changes, erase_words, record
from campaign.extensions import db
from tests.conftest import sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEntry).values(summary="rewritten"),
        sa.update(AuditEntry).values(summary="(erased)", action="delete", changes=sa.null()),
        sa.update(AuditEntry).values(summary="(erased)", entity_id=2, changes=sa.null()),
        sa.update(AuditEntry).values(summary="(erased)", changes={"x": [1, 2]}),
        sa.delete(AuditEntry),
    ],
    ids=["update", "erase-and-rewrite-the-action", "erase-and-move", "erase-but-rewrite",
         "delete"],
)
def test_the_database_refuses_to_change_or_delete_an_entry(app_context, statement):
    record(COMMAND_LINE, "create", "user", 1, "made")
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.scalar(sa.select(AuditEntry.summary)) == "made"


def test_the_one_change_allowed_is_erasing_an_entrys_words(app_context):
    """Who did what to which record, and when, stays; the words that may name a woman go."""
    kept = record(COMMAND_LINE, "update", "beneficiary", 7, "Nguyễn Thị Lan",
                  {"full_name": ["Nguyễn Thị Lan", "Nguyễn Thị Lân"]})  # fmt: skip
    other = record(COMMAND_LINE, "update", "beneficiary", 8, "Trần Thị Ơn")
    db.session.commit()
    before = db.session.execute(sa.select(AuditEntry.occurred_at, AuditEntry.action)
                                .where(AuditEntry.id == kept.id)).one()  # fmt: skip
    erase_words("beneficiary", [7])
    db.session.commit()
    entry = db.session.execute(
        sa.select(AuditEntry.summary, AuditEntry.changes, AuditEntry.occurred_at,
                  AuditEntry.action, AuditEntry.entity_id).where(AuditEntry.id == kept.id)
    ).one()  # fmt: skip
    assert entry == ("(erased)", None, *before, 7)
    assert db.session.get(AuditEntry, other.id).summary == "Trần Thị Ơn"


def test_changes_list_only_what_differs_and_redact_the_sensitive():
    diff = changes(
        {"name": "Lan", "phone": "0912", "role": "staff"},
        {"name": "Lan", "phone": "0988", "role": "admin"},
        sensitive=frozenset({"phone"}),
    )
    assert diff == {"phone": ["•••", "•••"], "role": ["staff", "admin"]}


@pytest.fixture
def history(app):
    """Entries of two users on two days, as the application writes them."""
    from tests import factories

    with app.app_context():
        lan = factories.user(username="lan")
        hoa = factories.user(username="hoa")
        for user, action, day in [(lan, "sign_in", 10), (hoa, "sign_in", 12), (lan, "export", 12)]:
            entry = record(COMMAND_LINE, action, "user", user.id, f"{user.username} {action}")
            entry.user_id = user.id
            entry.occurred_at = dt.datetime(2026, 11, day, 3, 0, tzinfo=dt.UTC)
        record(
            COMMAND_LINE, "create", "beneficiary", 7, '=HYPERLINK("http://evil")'
        ).occurred_at = dt.datetime(2026, 11, 11, 3, 0, tzinfo=dt.UTC)
        db.session.commit()
        return {"lan": lan.id, "hoa": hoa.id}


def summaries(page: str) -> list[str]:
    import re

    return re.findall(r"<td>(\w+ (?:sign_in|export))", page)


def test_the_audit_page_filters_by_user_action_record_and_dates(app, client, history):
    sign_in(app, client, "admin")
    assert summaries(text(client.get("/admin/audit/?user=lan"))) == ["lan export", "lan sign_in"]
    assert summaries(text(client.get("/admin/audit/?user=+LAN+"))) == ["lan export", "lan sign_in"]
    assert summaries(text(client.get("/admin/audit/?action=sign_in"))) == [
        "hoa sign_in",
        "lan sign_in",
    ]
    page = text(client.get("/admin/audit/?entity_type=beneficiary"))
    assert "HYPERLINK" in page and "lan sign_in" not in page
    assert summaries(text(client.get("/admin/audit/?since=12/11/2026&until=12/11/2026"))) == [
        "lan export", "hoa sign_in",
    ]  # fmt: skip


def test_the_user_is_typed_with_suggestions_and_candidates_without_javascript(app, client, history):
    from tests import factories

    with app.app_context():
        factories.user(username="lan.tran")
        db.session.commit()
    sign_in(app, client, "admin")
    page = text(client.get("/admin/audit/"))
    assert 'data-suggest="/admin/audit/users/suggest"' in page and "<option" in page
    assert client.get("/admin/audit/users/suggest?q=LA").get_json() == {
        "suggestions": ["lan", "lan.tran"]
    }
    assert summaries(text(client.get("/admin/audit/?user=lan"))) == ["lan export", "lan sign_in"]
    several = client.get("/admin/audit/?user=la")
    assert several.status_code == 400
    assert 'name="user" value="lan.tran"' in text(several)
    for path in ("/admin/audit/?user=lam", "/reports/audit?format=csv&user=lam"):
        response = client.get(path)
        assert response.status_code == 400
        assert "Không tìm thấy kết quả nào khớp với “lam”." in text(response)


def test_a_badly_written_date_is_explained(app, client, history):
    sign_in(app, client, "admin")
    response = client.get("/admin/audit/?since=2026-13-45")
    assert response.status_code == 400
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 14/11/2022." in text(response)


def test_the_export_is_a_neutralised_csv_and_is_itself_audited(app, client, history):
    admin = sign_in(app, client, "admin")
    response = client.get("/reports/audit?format=csv&entity_type=beneficiary")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffThời gian,")
    assert "'=HYPERLINK" in body and "lan sign_in" not in body
    with app.app_context():
        export = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.user_id == admin)
        ).one()
        assert export.entity_type == "audit_entry" and "beneficiary" in export.summary


def test_changes_export_as_letters_whether_stored_escaped_or_not(app, client):
    """Entries are stored with letters; older ones hold \\u escapes: both export as letters."""
    import csv
    import io
    import json

    with app.app_context():
        record(COMMAND_LINE, "update", "beneficiary", 1, "mới", {"address": ["Thôn 1", "Thôn 2"]})
        db.session.flush()
        stored = db.session.execute(sa.select(sa.cast(AuditEntry.changes, sa.Text))).scalar()
        assert "Thôn 1" in stored  # written as letters
        escaped = sa.literal(json.dumps({"address": ["Đường Lâm", "=1+1"]}), sa.Text)
        db.session.execute(
            sa.insert(AuditEntry).values(
                occurred_at=dt.datetime(2022, 11, 14, 1, 0, tzinfo=dt.UTC), action="update",
                entity_type="beneficiary", entity_id=2, summary="cũ",
                changes=escaped if db.engine.dialect.name == "sqlite" else sa.cast(escaped, sa.JSON),
            )
        )  # fmt: skip
        db.session.commit()
    sign_in(app, client, "admin")
    body = text(client.get("/reports/audit?format=csv&entity_type=beneficiary"))
    rows = {row[6]: row[7] for row in csv.reader(io.StringIO(body.removeprefix("\ufeff")))}
    assert json.loads(rows["mới"]) == {"address": ["Thôn 1", "Thôn 2"]} and "Thôn 1" in rows["mới"]
    assert json.loads(rows["cũ"]) == {"address": ["Đường Lâm", "=1+1"]}
    assert "Đường Lâm" in rows["cũ"]


def test_the_export_guards_every_column_someone_can_type_into(app, client):
    from tests import factories

    with app.app_context():
        user = factories.user(username="lan")
        entry = record(COMMAND_LINE, "update", "beneficiary", 1, "@SUM(A1)")
        entry.user_id, entry.remote_address = user.id, "=cmd|' /C calc'!A0"
        db.session.commit()
    sign_in(app, client, "admin")
    body = text(client.get("/reports/audit?format=csv&entity_type=beneficiary"))
    assert "'@SUM(A1)" in body and "'=cmd|" in body


@pytest.mark.parametrize("query", ["until=31/12/9999", "since=01/01/0001", "since=1/1/1800"])
def test_dates_outside_any_plausible_range_are_refused_kindly(app, client, query):
    sign_in(app, client, "admin")
    response = client.get(f"/admin/audit/?{query}")
    assert response.status_code == 400
    assert "Chọn ngày trong khoảng từ 1900 đến 2100." in text(response)


@pytest.mark.parametrize("query", ["endpoint=x", "_method=POST"])
def test_odd_query_parameters_do_not_break_the_audit_page(app, client, query):
    sign_in(app, client, "admin")
    assert client.get(f"/admin/audit/?{query}").status_code == 200


def test_stored_choices_in_a_change_read_as_their_labels(app, client):
    """The log keeps codes (one entry reads in either language); the page shows the words."""
    from campaign.events.models import EventStatus
    from campaign.events.services import change_status
    from tests import factories

    with app.app_context():
        event = factories.event(title="Lễ phát động")
        change_status(COMMAND_LINE, event, EventStatus.CANCELLED, "Mưa bão", None, None)
        db.session.commit()
    sign_in(app, client, "admin")
    page = text(client.get("/admin/audit/?entity_type=event"))
    assert "Dự kiến → Đã hủy" in page
    assert "planned" not in page and "cancelled" not in page
