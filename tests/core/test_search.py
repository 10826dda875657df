"""Name search is served by an index on both databases, and the index follows every change."""

import sqlalchemy as sa

from campaign.core.search import is_search_index, key_matches, search_table, trigram_index
from campaign.core.text import name_sort_key, search_key
from campaign.extensions import db
from campaign.officials.models import Official

SEARCHED = ("beneficiaries", "officials", "organizations", "administrative_units")


def add(name):
    official = Official(full_name=name, search_key=search_key(name), sort_key=name_sort_key(name))
    db.session.add(official)
    db.session.flush()
    return official


def found(query):
    return [o.full_name for o in db.session.scalars(
        sa.select(Official).where(key_matches(db.session, Official.search_key, query))
        .order_by(Official.sort_key))]  # fmt: skip


def test_search_finds_names_typed_without_diacritics_and_follows_changes(app_context):
    lan, dung = add("Nguyễn Thị Lan"), add("Chử Xuân Dũng")
    add("Lê Thị Lan Anh")
    assert found("thi lan") == ["Lê Thị Lan Anh", "Nguyễn Thị Lan"]
    assert found("Dũng") == ["Chử Xuân Dũng"]
    assert found("la") == ["Lê Thị Lan Anh", "Nguyễn Thị Lan"]  # too short for the index
    assert found("50%") == [] and found("a_b") == []
    lan.full_name, lan.search_key = "Nguyễn Thị Hoa", search_key("Nguyễn Thị Hoa")
    db.session.delete(dung)
    db.session.flush()
    assert found("thi lan") == ["Lê Thị Lan Anh"]
    assert found("hoa") == ["Nguyễn Thị Hoa"] and found("dung") == []


def test_every_searched_table_has_its_index_at_head(app_context):
    inspector = sa.inspect(db.engine)
    if db.engine.dialect.name == "sqlite":
        tables = set(inspector.get_table_names())
        triggers = set(db.session.scalars(sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")))  # fmt: skip
        for table in SEARCHED:
            assert search_table(table) in tables
            assert {
                f"{search_table(table)}_{e}" for e in ("insert", "delete", "update")
            } <= triggers
    else:
        for table in SEARCHED:
            names = {index["name"] for index in inspector.get_indexes(table)}
            assert trigram_index(table, "search_key") in names


def test_the_plan_uses_the_index(app_context):
    for n in range(200):
        add(f"Trần Thị Mai {n}")
    condition = key_matches(db.session, Official.search_key, "thi mai 1")
    statement = sa.select(Official.id).where(condition)
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(row) for row in db.session.execute(
            sa.text(f"EXPLAIN QUERY PLAN {compiled}")))  # fmt: skip
        assert "VIRTUAL TABLE" in plan
    else:
        db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(row) for row in db.session.execute(sa.text(f"EXPLAIN {compiled}")))
        assert trigram_index("officials", "search_key") in plan


def test_the_drift_check_skips_only_search_indexes():
    assert is_search_index("officials_search", "table")
    assert is_search_index("officials_search_docsize", "table")
    assert is_search_index("ix_officials_search_key_trgm", "index")
    assert not is_search_index("officials", "table")
    assert not is_search_index("ix_officials_search_key", "index")
