"""The event list at national scale: 10,000 events page in a fixed, small number of statements,
page 1 as deep pages."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from campaign.core.pagination import encode_cursor
from campaign.events.models import Event, EventKind, EventStatus, event_units
from campaign.extensions import db
from tests import factories
from tests.conftest import counted_queries, sign_in

EVENTS = 10_001
UTC = dt.UTC
KINDS = list(EventKind)


def ten_thousand_events():
    """A campaign of 10,001 events, one a unit of two takes part in."""
    campaign = factories.campaign()
    units = [factories.unit(f"Huyện {number}", parent=campaign.unit) for number in range(2)]
    first = dt.datetime(2022, 11, 15, 1, tzinfo=UTC)
    db.session.execute(
        sa.insert(Event),
        [
            {
                "campaign_id": campaign.id, "title": f"Sự kiện {number:05d}",
                "kind": KINDS[number % len(KINDS)], "status": EventStatus.PLANNED,
                "starts_at": first + dt.timedelta(minutes=5 * number),
                "ends_at": first + dt.timedelta(minutes=5 * number + 60),
                "host_unit_id": units[number % 2].id,
            }
            for number in range(EVENTS)
        ],
    )  # fmt: skip
    ids = db.session.scalars(sa.select(Event.id)).all()
    db.session.execute(
        sa.insert(event_units), [{"event_id": i, "unit_id": units[i % 2].id} for i in ids]
    )
    db.session.commit()
    deep = db.session.execute(
        sa.select(Event.starts_at, Event.id).order_by(Event.starts_at, Event.id).offset(9_000)
    ).first()
    return {"campaign": campaign.id, "unit": units[0].id, "deep": tuple(deep)}


pytestmark = pytest.mark.built_from.with_args(ten_thousand_events)


@pytest.fixture
def nation(built):
    return built


def of_the_list(statements: list[str]) -> list[str]:
    return [statement for statement in statements if "FROM events" in statement]


@pytest.mark.parametrize(
    "query", ["", "&kind=training", "&status=planned", "&sort=-date", "&sort=title", "&sort=kind"]
)
def test_a_deep_page_costs_what_the_first_costs(app, client, nation, query):
    sign_in(app, client, "organizer")
    base = f"/events/?campaign={nation['campaign']}{query}"
    with counted_queries(app) as first:
        page = client.get(base).get_data(as_text=True)
    assert "trên tổng số hơn 1.000" in page
    after = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    with counted_queries(app) as second:
        assert client.get(after).status_code == 200
    with counted_queries(app) as last:
        assert client.get(f"{base}&last=1").status_code == 200
    assert len(first) == len(second) == len(last)
    assert len(of_the_list(first)) <= 3 and len(of_the_list(last)) <= 3


def test_a_deep_cursor_and_a_jump_cost_what_the_first_page_costs(app, client, nation):
    sign_in(app, client, "organizer")
    with counted_queries(app) as first:
        client.get("/events/")
    with counted_queries(app) as deep:
        page = client.get(f"/events/?after={encode_cursor(nation['deep'])}").get_data(as_text=True)
    assert "Sự kiện 09001" in page and "Sự kiện 09000<" not in page
    with counted_queries(app) as jump:
        page = client.get("/events/?from=20/12/2022").get_data(as_text=True)
    assert 'rel="prev"' in page
    assert len(first) == len(deep) == len(jump)
    assert len(of_the_list(deep)) <= 3


def test_the_unit_filter_pages_too(app, client, nation):
    sign_in(app, client, "organizer")
    with counted_queries(app) as statements:
        page = client.get(f"/events/?campaign={nation['campaign']}&unit=Huyện+0")
        page = page.get_data(as_text=True)
    assert "trên tổng số hơn 1.000" in page and 'rel="next"' in page
    assert page.count("<option") < 100
    assert len(of_the_list(statements)) <= 3
