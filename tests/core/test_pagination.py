"""Keyset pages: the same rows in the same order whichever way one walks, a capped count, and
damaged cursors refused before they reach the database."""

import datetime as dt

import pytest
import sqlalchemy as sa
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from campaign.audit.models import AuditEntry
from campaign.core.errors import DomainError
from campaign.core.pagination import (
    COUNT_CAP,
    Count,
    Order,
    capped_count,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from campaign.core.text import name_sort_key, search_key
from campaign.extensions import db
from campaign.officials.models import Official
from tests.conftest import counted_queries

ORDER = Order((Official.sort_key, Official.id))
NEWEST = Order((AuditEntry.occurred_at, AuditEntry.id), descending=True)


def by_name(official):
    return official.sort_key, official.id


@pytest.fixture
def officials(app_context):
    """23 officials, three of them namesakes (the id breaks the tie)."""
    names = [f"Nguyễn Thị {chr(ord('A') + n)}" for n in range(20)] + ["Lê Văn Hà"] * 3
    db.session.execute(sa.insert(Official), [
        {"full_name": name, "search_key": search_key(name), "sort_key": name_sort_key(name)}
        for name in names
    ])  # fmt: skip
    db.session.commit()
    statement = sa.select(Official).order_by(*ORDER.by())
    return [(o.sort_key, o.id) for o in db.session.scalars(statement)]


def page(args, per_page=5, **kwargs):
    return keyset_page(db.session, sa.select(Official), ORDER, by_name, MultiDict(args),
                       per_page=per_page, **kwargs)  # fmt: skip


def keys(result):
    return [by_name(item) for item in result.items]


def test_walking_forward_then_back_shows_every_row_once_in_order(officials):
    seen, result = [], page({})
    assert not result.has_previous
    while True:
        seen += keys(result)
        if not result.has_next:
            break
        result = page({"after": result.next_cursor})
    assert seen == officials
    back = []
    while result.has_previous:
        result = page({"before": result.previous_cursor})
        back = keys(result) + back
    assert back + officials[-3:] == officials
    assert keys(result) == officials[:5] and not result.has_previous


def test_last_page_holds_the_end_of_the_list(officials):
    result = page({"last": "1"})
    assert keys(result) == officials[-5:]
    assert result.has_previous and not result.has_next


def test_going_back_to_the_start_shows_a_full_first_page(officials):
    third = page({"after": encode_cursor(officials[1])})
    assert keys(third) == officials[2:7]
    result = page({"before": third.previous_cursor})
    assert keys(result) == officials[:5] and not result.has_previous and result.has_next


def test_a_jump_starts_at_the_first_row_from_the_key(officials):
    start = name_sort_key("Nguyễn Thị C")
    first = next(n for n, key in enumerate(officials) if key[0] >= start)
    assert first > 0
    result = page({}, start=(start,))
    assert keys(result) == officials[first : first + 5]
    assert result.has_previous


def test_descending_order_by_times(app_context):
    start = dt.datetime(2022, 11, 14, 1, tzinfo=dt.UTC)
    db.session.execute(sa.insert(AuditEntry), [
        {"occurred_at": start + dt.timedelta(minutes=n % 4), "action": "view",
         "entity_type": "event", "summary": str(n)}
        for n in range(9)
    ])  # fmt: skip
    newest = sa.select(AuditEntry.occurred_at, AuditEntry.id).order_by(*NEWEST.by())
    expected = [tuple(row) for row in db.session.execute(newest)]
    shown, args = [], {}
    while True:
        result = keyset_page(db.session, sa.select(AuditEntry), NEWEST,
                             lambda e: (e.occurred_at, e.id), MultiDict(args), per_page=4)  # fmt: skip
        shown += [(e.occurred_at, e.id) for e in result.items]
        if not result.has_next:
            break
        args = {"after": result.next_cursor}
    assert shown == expected and len(shown) == 9


def test_count_is_exact_up_to_the_cap_then_says_more(app_context):
    names = [f"Trần Thị {n}" for n in range(COUNT_CAP + 5)]
    db.session.execute(sa.insert(Official), [
        {"full_name": name, "search_key": search_key(name), "sort_key": name_sort_key(name)}
        for name in names
    ])  # fmt: skip
    counted = capped_count(db.session, sa.select(Official))
    assert counted.more and counted.value == COUNT_CAP
    assert capped_count(db.session, sa.select(Official).where(Official.id <= 7)) == Count(7)


def test_a_page_runs_two_statements_and_none_grows_with_depth(app, officials):
    db.session.commit()
    with counted_queries(app) as statements:
        page({"after": encode_cursor(officials[10])})
    assert len(statements) == 2


@pytest.mark.parametrize(
    "cursor",
    ["", "%%%", "bm90IGpzb24", encode_cursor(["x"]), encode_cursor([1, "x"]),
     encode_cursor(["a", 2**70]), encode_cursor(["a\x00", 1]), encode_cursor(["a", True]),
     encode_cursor([{"t": "yesterday"}, 1]), encode_cursor([["a"], 1])],
)  # fmt: skip
def test_a_damaged_cursor_is_refused_with_a_400(officials, cursor):
    with pytest.raises(DomainError) as refused:
        page({"after": cursor or "="})
    assert refused.value.status == 400


def test_cursors_carry_dates_and_times():
    moment = dt.datetime(2022, 11, 14, 1, 30, tzinfo=dt.UTC)
    order = Order((AuditEntry.occurred_at, AuditEntry.id))
    assert decode_cursor(encode_cursor([moment, 3]), order) == (moment, 3)


def test_the_pager_keeps_the_filters_and_replaces_the_paging(app, officials):
    """Links keep the list's filters, drop the page's own cursor (and an old ``?page=``), and the
    first page link drops a jump too."""
    middle = page({"after": encode_cursor(officials[4])})
    with app.test_request_context(f"/officials/?q=lan&page=2&from=Ha&after={middle.next_cursor}"):
        html = render_template_string(
            '{% from "_macros/pagination.html" import pager %}{{ pager(page) }}', page=middle
        )
    assert f'rel="next" href="/officials/?q=lan&amp;from=Ha&amp;after={middle.next_cursor}"' in html
    assert (
        f'rel="prev" href="/officials/?q=lan&amp;from=Ha&amp;before={middle.previous_cursor}"'
        in html
    )
    assert 'rel="first" href="/officials/?q=lan"' in html
    assert 'rel="last" href="/officials/?q=lan&amp;from=Ha&amp;last=1"' in html
    assert "Đang hiển thị 5 trên tổng số 23" in html
